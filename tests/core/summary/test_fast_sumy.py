"""desk.core.summary.fast_sumy: the fast summarizer classes rate and pick exactly as sumy's own do,
on a small English and a small Arabic text, on edge cases, and through their numpy helpers.

The documents are built here with sumy's own model (no Desk summarize code in between), so a
difference can only come from the classes under test. (test_summarize.py compares them again
through ``rate_sentences`` on FLORES articles.)"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

import numpy as np
import pytest
from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.nlp.stemmers import Stemmer

from desk.core.summary import fast_sumy
from desk.core.summary.fast_sumy import summarizer_classes
from desk.core.summary.stopwords import stop_words
from desk.core.text.arabic import light_stem

FAST = ["lexrank", "textrank", "reduction", "lsa", "luhn", "sumbasic", "kl"]
GREEDY = {"sumbasic", "kl"}  # ratings are ranks: only the order can be compared

EN = [
    "The city council approved a new budget for schools on Monday after a long debate.",
    "The budget raises spending on schools by ten percent and freezes road repairs.",
    "Critics said the council ignored the roads, which flooded twice last winter.",
    "The mayor defended the budget and said schools come first this year.",
    "Teachers welcomed the decision, and their union thanked the council.",
    "A regional vote on the budget is expected next month.",
    "Road repairs will wait until spring, the mayor added.",
]
AR = [
    "وافق مجلس المدينة على ميزانية المدارس الجديدة يوم الاثنين بعد نقاش طويل في المجلس.",
    "وترفع ميزانية المدارس الإنفاق على المدارس بنسبة عشرة في المئة.",
    "وقال منتقدون إن المجلس تجاهل الطرق التي غمرتها المياه في الشتاء الماضي.",
    "ودافع رئيس البلدية عن ميزانية المدارس وقال إن المدارس أولا.",
    "ورحب المعلمون بقرار المجلس.",
    "ومن المتوقع أن يصوت الإقليم على الميزانية الشهر المقبل بعد موافقة المجلس والبلدية.",
    "وقال رئيس البلدية إن إصلاح الطرق سينتظر حتى الربيع.",
]


class Words:
    """What sumy's Sentence needs from a tokenizer: lower-case words, punctuation dropped."""

    language = "test"

    def to_words(self, text: str) -> tuple[str, ...]:
        return tuple(w.lower() for w in re.findall(r"\w+", text))


def document(texts: list[str], paragraph_size: int = 3) -> ObjectDocumentModel:
    words = Words()
    sentences = [Sentence(t, words) for t in texts]
    return ObjectDocumentModel([Paragraph(sentences[k:k + paragraph_size])
                                for k in range(0, len(sentences), paragraph_size)])


def stemmer(lang: str) -> Callable[[str], str]:
    return light_stem if lang == "ar" else Stemmer("english")


def build(name: str, lang: str, reference: bool) -> object:
    summarizer = summarizer_classes(reference)[name](stemmer(lang))
    summarizer.stop_words = stop_words(lang)
    return summarizer


def ratings(summarizer: object, doc: ObjectDocumentModel) -> list[float]:
    """Every sentence's rating by position (sumy hands the rated list to a callable count)."""
    seen: dict[int, float] = {}

    def keep_all(infos: list) -> list:
        for info in infos:
            seen[info.order] = float(info.rating)
        return infos

    summarizer(doc, keep_all)  # type: ignore[operator]
    return [seen[k] for k in range(len(doc.sentences))]


def picks(summarizer: object, doc: ObjectDocumentModel, count: int) -> list[str]:
    return [str(s) for s in summarizer(doc, count)]  # type: ignore[operator]


def ranking(values: list[float]) -> list[int]:
    return sorted(range(len(values)), key=lambda k: (-values[k], k))


def determined(theirs: list[float], counts: range = range(1, 4)) -> list[int]:
    """The summary lengths whose picks the ratings decide: no tie (within rounding) at the cut, where
    the last decimal of a sum would choose."""
    ordered = sorted(theirs, reverse=True)
    return [k for k in counts if k >= len(ordered) or ordered[k - 1] - ordered[k] > 1e-9 * (1 + abs(ordered[k]))]


def assert_same(name: str, ours: list[float], theirs: list[float]) -> None:
    if name in GREEDY:
        assert ranking(ours) == ranking(theirs), name
    else:
        assert ours == pytest.approx(theirs, rel=1e-9, abs=1e-12), name


# --- the classes ------------------------------------------------------------------------------------


def test_fast_classes_are_subclasses_of_sumys_and_reference_is_sumy_itself() -> None:
    from sumy.summarizers.lex_rank import LexRankSummarizer

    fast, reference = summarizer_classes(False), summarizer_classes(True)
    assert set(fast) == set(reference)
    assert reference["lexrank"] is LexRankSummarizer
    for name in FAST:
        assert fast[name] is not reference[name] and issubclass(fast[name], reference[name]), name
    assert fast["edmundson"] is reference["edmundson"]  # no faster version: sumy's own


@pytest.mark.parametrize("lang, texts", [("en", EN), ("ar", AR)])
@pytest.mark.parametrize("name", FAST)
def test_same_ratings_and_picks_as_sumy(name: str, lang: str, texts: list[str]) -> None:
    doc = document(texts)
    ours, theirs = ratings(build(name, lang, False), doc), ratings(build(name, lang, True), doc)
    assert len(set(ours)) > 1, "a text that cannot tell the sentences apart tests nothing"
    assert_same(name, ours, theirs)
    counts = determined(theirs)
    assert counts, "every summary length cuts through a tie"
    for count in counts:
        assert picks(build(name, lang, False), doc, count) == picks(build(name, lang, True), doc, count), count


@pytest.mark.parametrize("name", FAST)
def test_one_sentence(name: str) -> None:
    doc = document([EN[0]])
    ours, theirs = ratings(build(name, "en", False), doc), ratings(build(name, "en", True), doc)
    assert_same(name, ours, theirs)
    assert picks(build(name, "en", False), doc, 3) == [EN[0]]


@pytest.mark.parametrize("lang, texts", [("en", EN), ("ar", AR)])
@pytest.mark.parametrize("name", FAST)
def test_duplicate_sentences(name: str, lang: str, texts: list[str]) -> None:
    """A repeated sentence (a caption pasted twice) is one key in sumy's rating dicts: both copies
    must get the rating sumy gives them."""
    doubled = [texts[0], texts[1], texts[0], *texts[2:5], texts[1]]
    doc = document(doubled)
    ours, theirs = ratings(build(name, lang, False), doc), ratings(build(name, lang, True), doc)
    assert_same(name, ours, theirs)
    assert ours[0] == ours[2] and ours[1] == ours[6]
    for count in determined(theirs):
        assert picks(build(name, lang, False), doc, count) == picks(build(name, lang, True), doc, count), count


@pytest.mark.parametrize("name", ["lexrank", "textrank", "reduction", "lsa", "luhn"])
def test_sentences_without_content_words(name: str) -> None:
    """Sentences that are only stop words or only numbers (no words after stemming and stop words)."""
    texts = [EN[0], "It is what it is.", EN[1], "2024 !", EN[3]]
    doc = document(texts)
    ours, theirs = ratings(build(name, "en", False), doc), ratings(build(name, "en", True), doc)
    assert all(np.isfinite(ours)) == all(np.isfinite(theirs))
    assert ours == pytest.approx(theirs, rel=1e-9, abs=1e-12, nan_ok=True)


def test_lsa_with_a_reduction_ratio_uses_sumys_svd(monkeypatch: pytest.MonkeyPatch) -> None:
    """The shortcut holds only when sumy keeps every dimension; with fewer, the SVD decides."""
    from sumy.summarizers.lsa import LsaSummarizer

    doc = document(EN * 2 + AR)
    every_dimension = ratings(build("lsa", "en", False), doc)
    monkeypatch.setattr(LsaSummarizer, "REDUCTION_RATIO", 0.2)  # sumy reads it from its class
    reduced = ratings(build("lsa", "en", True), doc)
    assert reduced != pytest.approx(every_dimension, rel=1e-6)
    assert ratings(build("lsa", "en", False), doc) == pytest.approx(reduced, rel=1e-9)


def test_lsa_of_only_stop_words_picks_nothing_as_sumy() -> None:
    doc = document(["It is what it is.", "And so it was."])
    assert picks(build("lsa", "en", False), doc, 1) == picks(build("lsa", "en", True), doc, 1) == []


# --- the numpy helpers ------------------------------------------------------------------------------


def test_overlap_is_the_dense_product() -> None:
    rng = np.random.default_rng(4)
    vocabulary = [f"w{k}" for k in range(12)]
    rows = [{w: float(rng.random()) for w in rng.choice(vocabulary, size=rng.integers(0, 6), replace=False)}
            for _ in range(9)]
    dense = np.array([[row.get(w, 0.0) for w in vocabulary] for row in rows])
    assert np.allclose(fast_sumy._overlap(rows), dense @ dense.T)
    assert fast_sumy._overlap([]).shape == (0, 0)


def test_log_norms() -> None:
    norms = fast_sumy._log_norms([["a", "b"], ["c"], []])
    assert norms[0, 0] == pytest.approx(2 * np.log(2))
    assert norms[0, 1] == pytest.approx(np.log(2)) and norms[1, 1] == 0.0
    assert np.isneginf(norms[2]).all() and np.isneginf(norms[:, 2]).all()


def test_entries_is_a_sparse_count_matrix_over_the_vocabulary() -> None:
    rows, cols, counts = fast_sumy._entries([Counter({"a": 2, "z": 1}), Counter(), Counter({"b": 1, "a": 1})],
                                            {"a": 0, "b": 1})
    dense = np.zeros((3, 2))
    np.add.at(dense, (rows, cols), counts)
    assert dense.tolist() == [[2.0, 0.0], [0.0, 0.0], [1.0, 1.0]]  # "z" is not in the vocabulary
    empty = fast_sumy._entries([Counter()], {"a": 0})
    assert [len(x) for x in empty] == [0, 0, 0]


def test_first_best_keeps_the_first_of_near_ties() -> None:
    assert fast_sumy._first_best(np.array([0.1, 0.3, 0.3, 0.2])) == 1
    assert fast_sumy._first_best(np.array([0.3 - 1e-15, 0.3, 0.1])) == 0  # within rounding: a tie
    assert fast_sumy._first_best(np.array([0.2, 0.3, -np.inf])) == 1
    assert fast_sumy._first_best(np.array([-np.inf, -5.0])) == 1
