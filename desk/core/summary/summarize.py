"""Extractive summaries with sumy, for English and Arabic, with no NLTK data.

sumy's own ``Tokenizer`` needs NLTK's punkt data, so we never use it: the sentences are already
segmented (they are the article's :class:`~desk.core.model.Sentence` objects), and we build sumy's
document model ourselves with a tokenizer of our own over :func:`desk.core.text.segment.words`.
Stop words come from the lists sumy ships; English stems from NLTK's Snowball code (no data),
Arabic stems from :func:`desk.core.text.arabic.light_stem`.

Every sumy summarizer ends in ``_get_best_sentences(sentences, count, rating)`` and accepts a
callable ``count``; we pass one that records every sentence's rating by position, so we get a
score for each sentence (even when two sentences have the same text) and choose the picks
ourselves, applying the length rule. Picks come back in document order, carrying the ids they
were given, which lets the GUI summarize a translation (translated text, source ids).

Identical sentences (same text, ignoring case and spacing) are picked at most once, and
sub-headings left in the body (at most four words, no closing punctuation) only when nothing else
is left, so a count rule is capped at the number of distinct full sentences. Very long inputs are handled by
``Algorithm.max_sentences``: above it, the algorithm rates the first ``max_sentences`` sentences
and the rest rank below them (with a logged warning); see the table in ``ALGORITHMS``.
"""
from __future__ import annotations

import logging
import math
import re
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from desk.core.errors import DeskError
from desk.core.model import Article, LengthRule, Sentence, Summary, SummaryPick
from desk.core.summary.fast_sumy import summarizer_classes
from desk.core.summary.quotes import quote_groups
from desk.core.summary.stopwords import bonus_words, stigma_words, stop_words
from desk.core.text.arabic import light_stem
from desk.core.text.arabic import normalize as normalize_arabic
from desk.core.text.segment import words as segment_words

log = logging.getLogger(__name__)

DEFAULT_SENTENCES = 3
_PARAGRAPH_ID = re.compile(r"^p(\d+)s\d+$")
_CLOSED = re.compile(r"[.!?؟…:;\"'»”’)\]]\s*$")
_FRAGMENT_WORDS = 4
MAX_QUOTE_SENTENCES = 4  # a longer quotation is not picked (unless nothing else is left)


@dataclass(frozen=True)
class Algorithm:
    """One summarization method, as listed in :data:`ALGORITHMS`."""

    name: str
    label: str
    description: str
    sumy: bool = True  # False for the lead baseline
    max_sentences: int | None = None  # above this many sentences only the first ones are rated


_CAP = 2000  # n×n matrices (32 MB at 2000) and greedy O(n²) loops: ~1-2 s at 2000 sentences on one core

ALGORITHMS: dict[str, Algorithm] = {
    a.name: a
    for a in (
        Algorithm("lexrank", "LexRank", "Sentences most similar to the rest of the text (graph centrality).",
                  max_sentences=_CAP),
        Algorithm("lsa", "LSA", "Sentences covering the text's vocabulary (latent semantic analysis)."),
        Algorithm("textrank", "TextRank", "Sentences sharing most words with the others (PageRank on sentences).",
                  max_sentences=_CAP),
        Algorithm("luhn", "Luhn", "Sentences with dense clusters of the text's frequent words."),
        Algorithm("edmundson", "Edmundson", "Cue words, headline words and position in the text."),
        Algorithm("kl", "KL-Sum", "Sentences whose words best match the text's word distribution.",
                  max_sentences=_CAP),
        Algorithm("sumbasic", "SumBasic", "Sentences of frequent words, lowering words already covered.",
                  max_sentences=_CAP),
        Algorithm("reduction", "Reduction", "Sentences with the strongest word overlap with the others.",
                  max_sentences=_CAP),
        Algorithm("lead", "Lead", "The first sentences of the text (the news baseline).", sumy=False),
    )
}


# --- public API ---------------------------------------------------------------------------------


def summarize_article(
    article: Article, algorithm: str = "lexrank", length: LengthRule | None = None, lang: str | None = None
) -> Summary:
    """Summarize the body sentences of ``article`` (the headline helps Edmundson, it is never picked)."""
    return summarize_sentences(
        list(article.sentences()), lang or article.lang, algorithm, length, title=article.title or None
    )


def summarize_sentences(
    sentences: Sequence[Sentence],
    lang: str,
    algorithm: str = "lexrank",
    length: LengthRule | None = None,
    *,
    title: str | None = None,
) -> Summary:
    """Pick the best sentences of ``sentences`` (in ``lang``) with ``algorithm``, as long as ``length`` says.

    ``length`` defaults to 3 sentences. Picks are in document order; ``index`` is the position in
    ``sentences`` and ``sentence_id`` the id given, untouched. Ids of the form ``p{i}s{j}`` tell
    the paragraph structure (used by Edmundson's location method); other ids are one paragraph.
    """
    algo = get_algorithm(algorithm)
    rule = length if length is not None else LengthRule(sentences=DEFAULT_SENTENCES)
    _check_length(rule)
    sentences = list(sentences)
    summary = Summary(algorithm=algo.name, lang=lang, length=rule)
    if not sentences:
        return summary
    scores = rate_sentences(sentences, lang, algo.name, title=title)
    chosen = _choose(sentences, scores, rule, _Tokenizer(lang))
    summary.picks = [SummaryPick(sentences[i].id, i, sentences[i].text, scores[i]) for i in sorted(chosen)]
    return summary


def rate_sentences(
    sentences: Sequence[Sentence], lang: str, algorithm: str = "lexrank", *, title: str | None = None,
    reference: bool = False,
) -> list[float]:
    """One score per sentence (higher is more summary-worthy), as the algorithm rates it.

    ``reference=True`` runs sumy's own, unmodified classes with no size cap (slow on long texts;
    for checking that our faster equivalents agree with them).
    """
    algo = get_algorithm(algorithm)
    sentences = list(sentences)
    n = len(sentences)
    if not algo.sumy:  # lead: earlier is better
        return [float(n - i) for i in range(n)]
    rated = sentences
    if not reference and algo.max_sentences is not None and n > algo.max_sentences:
        log.warning("%s: %d sentences is more than %d; rating the first %d only, the rest rank after them",
                    algo.label, n, algo.max_sentences, algo.max_sentences)
        rated = sentences[: algo.max_sentences]
    scores = _sumy_scores(algo, rated, lang, title, reference)
    if len(rated) < n:  # unrated tail: below every rated sentence, in document order
        floor = min(scores, default=0.0)
        scores += [floor - 1.0 - i / n for i in range(n - len(rated))]
    return scores


def get_algorithm(name: str) -> Algorithm:
    """The algorithm called ``name`` (case-insensitive), or a DeskError listing the valid names."""
    algo = ALGORITHMS.get(str(name).strip().lower())
    if algo is None:
        raise DeskError(f"Unknown summary algorithm {name!r}; choose one of: {', '.join(ALGORITHMS)}")
    return algo


# --- length rules -------------------------------------------------------------------------------


def _check_length(rule: LengthRule) -> None:
    def positive_int(value: object) -> bool:
        return isinstance(value, int) and not isinstance(value, bool) and value >= 1

    if rule.words is not None and not positive_int(rule.words):
        raise DeskError(f"A summary needs a word budget of at least 1 word, not {rule.words!r}")
    ratio = rule.ratio
    if ratio is not None and not (isinstance(ratio, (int, float)) and not isinstance(ratio, bool) and 0 < ratio <= 1):
        raise DeskError(f"A summary ratio must be more than 0 and at most 1 (e.g. 0.3), not {ratio!r}")
    if rule.sentences is not None and not positive_int(rule.sentences):
        raise DeskError(f"A summary needs at least 1 sentence, not {rule.sentences!r}")


def _choose(sentences: list[Sentence], scores: list[float], rule: LengthRule, tokenizer: _Tokenizer) -> list[int]:
    """Indices of the picked sentences, applying ``rule`` (priority words > ratio > sentences, as describe()).

    A quotation over several sentences is picked whole, when its sentences fit in the length, or
    not at all (never when longer than :data:`MAX_QUOTE_SENTENCES`), so no fragment of it is lifted out.
    """
    group_of: dict[int, list[int]] = {}
    for group in quote_groups(sentences):
        for i in group:
            group_of[i] = group
    units: list[list[int]] = []
    seen: set[str] = set()
    taken: set[int] = set()
    for i in sorted(range(len(sentences)), key=lambda i: (-scores[i], i)):
        key = " ".join(sentences[i].text.split()).casefold()
        if not key or key in seen or i in taken:
            continue
        unit = group_of[i]
        seen.update(" ".join(sentences[j].text.split()).casefold() for j in unit)
        taken.update(unit)
        units.append(unit)
    whole = [u for u in units if len(u) > 1 or not _is_fragment(sentences[u[0]].text, tokenizer)]
    units = whole or units  # sub-headings only when there is nothing else
    short = [u for u in units if len(u) <= MAX_QUOTE_SENTENCES]
    units = short or units  # an overlong quotation only when there is nothing else
    if not units:
        return []
    if rule.words is not None:
        counts = [sum(len(tokenizer.to_words(sentences[i].text)) for i in u) for u in units]
        budget = rule.words
    else:
        counts = [len(u) for u in units]
        if rule.ratio is not None:
            budget = max(1, math.floor(rule.ratio * sum(counts) + 0.5))
        else:
            budget = rule.sentences or DEFAULT_SENTENCES
    chosen = _within_budget(list(range(len(units))), counts, budget)
    return [i for k in chosen for i in units[k]]


def _is_fragment(text: str, tokenizer: _Tokenizer) -> bool:
    """A sub-heading left in the body ("Not a withdrawal"): a few words and no closing punctuation."""
    return not _CLOSED.search(text) and len(tokenizer.to_words(text)) <= _FRAGMENT_WORDS


def _within_budget(ranked: list[int], counts: list[int], budget: int) -> list[int]:
    """Best-rated first, skipping sentences that would exceed the budget; at least the best one."""
    chosen: list[int] = []
    total = 0
    for i in ranked:
        if total + counts[i] <= budget:
            chosen.append(i)
            total += counts[i]
    if not chosen:
        log.info("No sentence fits in %d words; taking the best-rated one (%d words)", budget, counts[ranked[0]])
        chosen.append(ranked[0])
    return chosen


# --- rating -------------------------------------------------------------------------------------


class _Tokenizer:
    """What sumy's Sentence needs (``to_words``), over our segmenter: lowercased, Arabic normalised."""

    def __init__(self, lang: str) -> None:
        self.language = lang

    def to_words(self, text: str) -> tuple[str, ...]:
        return tuple(
            normalize_arabic(w.lower()) for w in segment_words(text, self.language) if any(c.isalnum() for c in w)
        )


class _Capture:
    """A sumy ``count`` that keeps every (order, rating) pair instead of cutting the list."""

    def __init__(self) -> None:
        self.ratings: dict[int, float] = {}

    def __call__(self, infos: list[Any]) -> list[Any]:
        for info in infos:
            self.ratings[info.order] = float(info.rating)
        return infos


def _sumy_scores(algo: Algorithm, sentences: list[Sentence], lang: str, title: str | None,
                 reference: bool) -> list[float]:
    n = len(sentences)
    document = _document(sentences, _Tokenizer(lang), title)
    stops = stop_words(lang)
    if not any(w not in stops for w in document.words):
        log.info("%s: no content words (only stop words); keeping document order", algo.label)
        return [0.0] * n
    summarizer = _build(algo, lang, reference)
    capture = _Capture()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # LSA warns when there are fewer words than sentences
        summarizer(document, capture)
    scores = [capture.ratings.get(i, 0.0) for i in range(n)]
    if not all(math.isfinite(s) for s in scores):  # LexRank's power method on a graph with no edges
        log.info("%s: degenerate ratings; keeping document order", algo.label)
        return [0.0] * n
    return scores


def _document(sentences: list[Sentence], tokenizer: _Tokenizer, title: str | None) -> Any:
    from sumy.models.dom import ObjectDocumentModel, Paragraph
    from sumy.models.dom import Sentence as SumySentence

    groups: list[list[Any]] = []
    last_key: object = object()
    for s in sentences:
        m = _PARAGRAPH_ID.match(s.id)
        key = m.group(1) if m else None
        if key != last_key or not groups:
            groups.append([])
            last_key = key
        groups[-1].append(SumySentence(s.text, tokenizer))
    if title and title.strip():
        groups[0].insert(0, SumySentence(title, tokenizer, is_heading=True))
    return ObjectDocumentModel([Paragraph(g) for g in groups])


def _build(algo: Algorithm, lang: str, reference: bool) -> Any:
    cls = summarizer_classes(reference)[algo.name]
    summarizer = cls(_stemmer(lang))
    stops = stop_words(lang)
    if algo.name == "edmundson":
        summarizer.bonus_words = bonus_words(lang)
        summarizer.stigma_words = stigma_words(lang)
        summarizer.null_words = stops or frozenset({"the"})  # sumy refuses an empty set
    else:
        summarizer.stop_words = stops
    return summarizer


@lru_cache(maxsize=8)
def _stemmer(lang: str) -> Callable[[str], str]:
    """A cached stemming function for ``lang``: Arabic light stems, Snowball for others, else lowercase."""
    if lang == "ar":
        return light_stem
    from sumy.nlp.stemmers import Stemmer, null_stemmer

    try:
        stem = Stemmer({"en": "english"}.get(lang, lang))
    except LookupError:
        log.warning("No stemmer for language %r; summarizing without stemming", lang)
        return null_stemmer
    return lru_cache(maxsize=65536)(stem)
