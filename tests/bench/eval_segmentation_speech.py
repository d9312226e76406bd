"""Sentence ends outside news prose: interview transcripts, conversational quotes and schedules.

FLORES-200 (``eval_segmentation.py``) is edited prose; this script measures the two patterns it
lacks, on text built here: a question followed by a lower-case word ("did you see it yourself?
and then what happened?") and a clock time before a capitalised word ("from 9 p.m. to 5 a.m.
Shops reopen at noon."). Each paragraph is a list of gold sentences joined with one space; the
script prints, per set, gold ends found / gold ends and false ends, and exits 1 unless every end
is found with no false one. (A period followed by a lower-case word is not counted: in edited
text that is nearly always an abbreviation, "etc. and", so the splitter keeps such periods.)

    python tests/bench/eval_segmentation_speech.py
"""
from __future__ import annotations

import sys

from desk.core.text.segment import sentence_spans

# Each paragraph: its gold sentences, in order. Negatives (no end inside) are single sentences.
TRANSCRIPT = [
    ["did you see it yourself?", "and then what happened?", "we ran to the car."],
    ["so where were you that night?", "at home, with my brother.", "Can anyone confirm that?", "yes, he can."],
    ["is the border open?", "not yet, officials say.", "When will it open?", "maybe on Monday."],
    ["what did the minister promise?", "more doctors and new clinics.", "And did he deliver?", "partly."],
    ["Q: are you leaving the party?", "A: no.", "Q: why not?", "A: because the work is not done."],
    ["how many families were moved?", "about two hundred.", "Where are they now?", "in the school."],
    ["really?", "yes, really?", "no, i mean it?", "fine."],
    ['"Why?" he asked.', '"Because the roads are closed," she said.'],
    ['She asked "who decides?" and nobody answered.'],
    ["The question (who pays?) was left open."],
    ["Asked whether talks would resume, he said: \"Who knows?\" and left."],
]
SCHEDULE = [
    ["The curfew runs from 9 p.m. to 5 a.m.", "Shops reopen at noon."],
    ["Polls close at 8 p.m.", "Results are expected overnight."],
    ["The ferry leaves at 6:30 a.m.", "Passengers should arrive early."],
    ["Flights resume at 10 a.m.", "Airlines warned of delays."],
    ["The meeting starts at 9 a.m. Monday in Geneva."],
    ["The strike ends at 5 p.m. GMT on Friday."],
    ["Voting runs until 7 p.m. local time."],
    ["Prayers begin at 4 a.m. Mecca time during Ramadan."],
    ["The market opens at 8 a.m.", "The first buyers come from the villages."],
]


def score(paragraphs: list[list[str]]) -> tuple[int, int, int]:
    """(gold ends found, gold ends, false ends) over internal ends of each paragraph."""
    found = gold = false = 0
    for sentences in paragraphs:
        text = " ".join(sentences)
        ends, pos = set(), 0
        for s in sentences[:-1]:
            pos += len(s)
            ends.add(pos)
            pos += 1
        got = {b for _, b in sentence_spans(text, "en")} - {len(text)}
        gold += len(ends)
        found += len(ends & got)
        false += len(got - ends)
    return found, gold, false


def main() -> int:
    ok = True
    for name, paragraphs in (("transcripts", TRANSCRIPT), ("schedules", SCHEDULE)):
        found, gold, false = score(paragraphs)
        ok &= found == gold and false == 0
        print(f"{name}: sentence ends found {found}/{gold}, false ends {false}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
