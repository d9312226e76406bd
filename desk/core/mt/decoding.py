"""One batch of distinct sentences through a chain of engines, with confidence, word alignment
and required terms.

:func:`decode_chain` runs a batch through every engine (ar→en→fr when there is no direct
model), keeping per sentence what the last engine read and wrote (:class:`Decoded`), the
model's confidence (the product over the chain of ``exp(mean log-probability)``) and the word
alignment from the original source words to the final target words (attention of each engine,
composed through the pivot).

:func:`force_terms` makes the output carry required translations (glossary terms: names above
all). For a term whose translation is missing, the output is decoded again with a *target
prefix*: the words the model wrote before the term's place, then the required translation; the
model continues from there. The place is where the alignment puts the term's source words (the
first target word linked to them), or, without alignment, the same relative position as in the
source; it is never before a term forced earlier. When the model's vocabulary cannot spell the
term, the text is rebuilt from the prefix words, the term as written and the model's
continuation. One term per round, ``MAX_TERM_ROUNDS`` rounds per batch; what is still missing
afterwards stays missing (the pipeline flags it).
"""
from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from desk.core.model import Span
from desk.core.mt import alignment
from desk.core.mt.alignment import Link
from desk.core.mt.engine import Engine, Hypothesis

log = logging.getLogger(__name__)

MAX_TERM_ROUNDS = 6


@dataclass(frozen=True)
class RequiredTerm:
    """A term the output must contain: where it is in the source sentence, what it must become."""

    source_span: Span  # character offsets in the source sentence
    target: str  # the required translation, as it must appear
    flag: str = "glossary"  # the QA flag of a sentence where it could not be put in


class TermRules(Protocol):
    """What the pipeline needs from a glossary (see ``desk.core.workbench.terms``)."""

    def missing(self, source: str, target: str) -> list[RequiredTerm]:
        """The terms of ``source`` whose required translation ``target`` lacks, in source order."""
        ...


@dataclass
class Decoded:
    """One distinct source sentence after the chain of engines."""

    read: str  # the text the last engine translated (the source, or the pivot's output)
    source_pieces: list[str]  # ... as the last engine's pieces
    pieces: list[str]  # what the last engine wrote
    text: str
    links: list[Link]  # original source word → final target word
    confidence: float | None
    pivot_links: list[Link] | None = None  # original source word → pivot word (chains only)
    pivot_confidence: float | None = 1.0  # product of the earlier engines' confidences
    forced: list[RequiredTerm] = field(default_factory=list)  # required terms put in by force_terms
    kept_words: int = 0  # target words up to the end of the last forced term
    term_links: list[Link] = field(default_factory=list)  # forced target words → their term's source words


def _confidence(hypothesis: Hypothesis) -> float | None:
    return math.exp(hypothesis.score) if hypothesis.score is not None else None


def _times(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a * b


def _step_links(engine: Engine, source_pieces: Sequence[str], hypothesis: Hypothesis, source_text: str,
                target_text: str, target_lang: str | None) -> list[Link]:
    if not hypothesis.attention:
        return []
    skip_source = {p for p in (engine.info.source_prefix, "</s>") if p}
    skip_target = {*engine.target_prefix(target_lang), "</s>"}
    return alignment.word_links(
        hypothesis.attention,
        alignment.piece_words(source_pieces, skip_source),
        alignment.piece_words(hypothesis.pieces, skip_target),
        alignment.content_words(source_text),
        alignment.content_words(target_text),
    )


def decode_chain(
    sources: Sequence[str],
    pieces: Sequence[Sequence[str]],
    engines: Sequence[Engine],
    *,
    beam_size: int | None,
    target_lang: str | None,
    align: bool = True,
) -> list[Decoded]:
    """Translate ``sources`` (already encoded by the first engine as ``pieces``) through ``engines``."""
    decoded = [Decoded(text, list(tokens), [], text, [(i, i) for i in range(len(text.split()))], 1.0)
               for text, tokens in zip(sources, pieces)]
    for i, engine in enumerate(engines):
        last = i == len(engines) - 1
        lang = target_lang if last else engine.info.target_lang
        if i > 0:
            for item in decoded:
                item.pivot_links, item.pivot_confidence = item.links, item.confidence
                item.read, item.source_pieces = item.text, engine.encode(item.text)[0]
        hyps = engine.translate_hypotheses([item.source_pieces for item in decoded], beam_size=beam_size,
                                           target_lang=lang, attention=align)
        for item, hyp in zip(decoded, hyps):
            text = engine.decode(hyp.pieces)
            step = _step_links(engine, item.source_pieces, hyp, item.read, text, lang)
            item.links = alignment.compose(item.links, step)
            item.confidence = _times(item.confidence, _confidence(hyp))
            item.pieces, item.text = hyp.pieces, text
    return decoded


def _source_words(source: str, term: RequiredTerm) -> list[int]:
    """The source words the term covers."""
    start, end = term.source_span
    return [i for i, (s, e) in enumerate(alignment.word_spans(source)) if s < end and e > start]


def _insertion(decoded: Decoded, source: str, covered: list[int]) -> int:
    """The target word before which a term covering source words ``covered`` goes."""
    linked = [tw for sw, tw in decoded.links if sw in covered]
    words = len(decoded.text.split())
    if linked:
        place = min(linked)
    elif covered:
        place = round(covered[0] / max(1, len(alignment.word_spans(source))) * words)
    else:
        place = words
    return max(decoded.kept_words, min(place, words))


def _cut(decoded: Decoded, engine: Engine, words: int, target_lang: str | None) -> int:
    """How many output pieces make the first ``words`` target words."""
    mapping = alignment.piece_words(decoded.pieces, {*engine.target_prefix(target_lang), "</s>"})
    for index, word in enumerate(mapping):
        if word is not None and word >= words:
            return index
    return len(decoded.pieces)


def force_terms(
    decoded: Sequence[Decoded],
    sources: Sequence[str],
    engine: Engine,
    rules: TermRules,
    *,
    beam_size: int | None,
    target_lang: str | None,
    align: bool = True,
) -> None:
    """Decode again, with a target prefix, every sentence missing a required term (in place)."""
    for _round in range(MAX_TERM_ROUNDS):
        todo: list[tuple[Decoded, str, RequiredTerm, list[int], int, list[str]]] = []
        for item, source in zip(decoded, sources):
            needed = [t for t in rules.missing(source, item.text) if t not in item.forced]
            if not needed:
                continue
            term = needed[0]
            covered = _source_words(source, term)
            place = _insertion(item, source, covered)
            prefix = item.pieces[: _cut(item, engine, place, target_lang)] + engine.encode_target(term.target)
            todo.append((item, source, term, covered, place, prefix))
        if not todo:
            return
        hyps = engine.translate_hypotheses([item.source_pieces for item, *_ in todo], beam_size=beam_size,
                                           target_lang=target_lang, prefixes=[p for *_, p in todo], attention=align)
        for (item, source, term, covered, place, prefix), hyp in zip(todo, hyps):
            text = engine.decode(hyp.pieces)
            missing = rules.missing(source, text)
            if any(t in missing for t in (*item.forced, term)):  # the vocabulary cannot spell it: rebuild
                head = item.text.split()[:place]
                text = " ".join([*head, term.target, engine.decode(hyp.pieces[len(prefix):])]).strip()
            step = _step_links(engine, item.source_pieces, hyp, item.read, text, target_lang)
            links = alignment.compose(item.pivot_links, step) if item.pivot_links is not None else step
            # the forced words are the term's translation: link them to the term, whatever the attention says
            forced_words = range(place, place + len(term.target.split()))
            item.term_links += [(sw, tw) for tw in forced_words for sw in covered]
            pinned = {tw for _, tw in item.term_links}
            item.links = sorted([link for link in links if link[1] not in pinned] + item.term_links,
                                key=lambda link: link[::-1])
            item.pieces, item.text = hyp.pieces, text
            item.confidence = _times(item.pivot_confidence, _confidence(hyp))
            item.forced.append(term)
            item.kept_words = forced_words.stop
            log.debug("term %r forced at word %d", term.target, place)
