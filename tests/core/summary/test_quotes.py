"""Quotations over several sentences: found per paragraph, picked whole by summaries."""
from __future__ import annotations

from desk.core.model import LengthRule, Sentence
from desk.core.summary.quotes import open_at_end, quote_groups
from desk.core.summary.summarize import summarize_sentences
from desk.core.text.articles import articles_from_text


def sentences(*paragraphs: list[str]) -> list[Sentence]:
    return [Sentence(f"p{i}s{j}", t, "en") for i, p in enumerate(paragraphs) for j, t in enumerate(p)]


def test_groups_follow_the_quotation_marks() -> None:
    s = sentences(['"I just want to say this is not a withdrawal.', "This is a transition.",
                   'It is a new relationship," the official said.', "Talks went on."],
                  ["«نحن باقون.", "هذا انتقال» قال المسؤول.", "وانتهى الاجتماع."])
    assert open_at_end(s) == [True, True, False, False, True, False, False]
    assert quote_groups(s) == [[0, 1, 2], [3], [4, 5], [6]]


def test_an_unclosed_quotation_ends_with_its_paragraph() -> None:
    s = sentences(['"The first paragraph of a quote.', "It goes on."], ['"The second one.', 'Ends here," he said.'])
    assert quote_groups(s) == [[0, 1], [2, 3]]


FEED_TEXT = (
    "Coalition to end mission\n\n"
    "A US-led coalition's military mission in Iraq will end by September 2025, the two countries said.\n\n"
    '"I just want to foot stomp the fact that this is not a withdrawal. This is a transition. It\'s a transition '
    'from a coalition military mission to an expanded bilateral security relationship," the official said.\n\n'
    "The transition is a transition of the mission, officials said, and the transition will take a year.\n\n"
    "Troops in Syria will stay for now."
)


def test_a_summary_never_lifts_a_fragment_out_of_a_quotation() -> None:
    article = articles_from_text(FEED_TEXT)[0]
    body = list(article.sentences())
    fragment = next(s for s in body if s.text == "This is a transition.")
    for algorithm in ("lexrank", "luhn", "textrank", "sumbasic", "lsa", "kl", "edmundson", "reduction"):
        for n in (1, 2, 3):
            summary = summarize_sentences(body, "en", algorithm, LengthRule(sentences=n))
            ids = [p.sentence_id for p in summary.picks]
            if fragment.id in ids:  # picked with its opening and its attribution
                k = ids.index(fragment.id)
                assert ids[k - 1: k + 2] == ["p1s0", "p1s1", "p1s2"], (algorithm, n, ids)
        words = summarize_sentences(body, "en", algorithm, LengthRule(words=20))
        assert fragment.id not in [p.sentence_id for p in words.picks]  # the whole quote is over 20 words


def test_a_quotation_is_picked_only_when_all_its_sentences_fit() -> None:
    article = articles_from_text(FEED_TEXT)[0]
    body = list(article.sentences())
    for algorithm in ("lexrank", "luhn", "textrank", "sumbasic"):
        assert len(summarize_sentences(body, "en", algorithm, LengthRule(sentences=2)).picks) <= 2
        three = [p.sentence_id for p in summarize_sentences(body, "en", algorithm, LengthRule(sentences=3)).picks]
        assert len(three) <= 3 and ("p1s1" not in three or {"p1s0", "p1s2"} <= set(three))
