"""Sentence segmentation on FLORES-200 devtest, English and Arabic.

Every ``--group`` (5) consecutive lines are stripped and joined with one space into a paragraph;
each line is one reference sentence. Figures, per language:

* **recall (internal)**: share of the line ends *inside* a paragraph (4 of 5 per paragraph)
  where the splitter put a sentence end. This is the target figure: a paragraph's last line end
  is the end of the text, where every splitter "finds" an end, so counting it flatters the score.
* **recall (all)**: the same counting every line end, the paragraph's last one included.
* **sentences/line**: sentences produced divided by lines (FLORES lines hold ~1.1 sentences,
  so ~1.1 is perfect; splitting at commas shows up here).

Targets: recall (internal) >= 98.5 % and sentences/line <= 1.15 for both languages. The script
exits with status 1 when a target is missed (2 when the data is missing).

    python tests/bench/eval_segmentation.py [--flores DIR] [--show-misses N]
"""
from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from desk.core.text.segment import sentence_spans

DEFAULT_FLORES = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "flores200"
FILES = {"en": "eng_Latn.devtest", "ar": "arb_Arab.devtest"}
MIN_RECALL = 0.985
MAX_SENTENCES_PER_LINE = 1.15


@dataclass
class SegmentationScore:
    lang: str
    lines: int
    sentences: int
    internal_ends: int
    internal_found: int
    all_ends: int
    all_found: int
    misses: list[str]
    seconds: float

    @property
    def recall_internal(self) -> float:
        return self.internal_found / self.internal_ends if self.internal_ends else 1.0

    @property
    def recall_all(self) -> float:
        return self.all_found / self.all_ends if self.all_ends else 1.0

    @property
    def sentences_per_line(self) -> float:
        return self.sentences / self.lines if self.lines else 0.0

    @property
    def passed(self) -> bool:
        return self.recall_internal >= MIN_RECALL and self.sentences_per_line <= MAX_SENTENCES_PER_LINE


def read_lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]


def evaluate(lines: list[str], lang: str, group: int = 5) -> SegmentationScore:
    """Score ``sentence_spans`` on ``lines`` joined ``group`` at a time."""
    sentences = internal_ends = internal_found = all_ends = all_found = 0
    misses: list[str] = []
    started = time.perf_counter()
    for g in range(0, len(lines), group):
        chunk = [line for line in lines[g:g + group] if line]
        paragraph = " ".join(chunk)
        spans = sentence_spans(paragraph, lang)
        sentences += len(spans)
        ends = {b for _, b in spans}
        pos = 0
        for k, line in enumerate(chunk):
            pos += len(line)
            found = pos in ends
            all_ends += 1
            all_found += found
            if k < len(chunk) - 1:
                internal_ends += 1
                internal_found += found
                if not found:
                    misses.append(f"{paragraph[max(0, pos - 60):pos]} ‖ {paragraph[pos:pos + 40]}")
            pos += 1  # the joining space
    return SegmentationScore(
        lang=lang,
        lines=sum(1 for line in lines if line),
        sentences=sentences,
        internal_ends=internal_ends,
        internal_found=internal_found,
        all_ends=all_ends,
        all_found=all_found,
        misses=misses,
        seconds=time.perf_counter() - started,
    )


def evaluate_flores(flores_dir: Path, group: int = 5) -> dict[str, SegmentationScore]:
    return {lang: evaluate(read_lines(flores_dir / name), lang, group) for lang, name in FILES.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--flores", type=Path, default=DEFAULT_FLORES, help="FLORES-200 folder")
    parser.add_argument("--group", type=int, default=5, help="lines joined per paragraph")
    parser.add_argument("--show-misses", type=int, default=0, metavar="N", help="print N missed line ends")
    args = parser.parse_args(argv)
    if not all((args.flores / name).is_file() for name in FILES.values()):
        print(f"FLORES-200 devtest not found in {args.flores}", file=sys.stderr)
        return 2
    scores = evaluate_flores(args.flores, args.group)
    ok = True
    for s in scores.values():
        ok &= s.passed
        print(
            f"{s.lang}: recall (internal line ends) {s.recall_internal:.2%} "
            f"({s.internal_found}/{s.internal_ends}), recall (all line ends) {s.recall_all:.2%} "
            f"({s.all_found}/{s.all_ends}), sentences/line {s.sentences_per_line:.3f} "
            f"({s.sentences}/{s.lines}), {s.seconds * 1000:.0f} ms  [{'ok' if s.passed else 'MISSED'}]"
        )
        for miss in s.misses[: args.show_misses]:
            print(f"    miss: {miss}")
    print(f"targets: recall (internal) >= {MIN_RECALL:.1%}, sentences/line <= {MAX_SENTENCES_PER_LINE}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
