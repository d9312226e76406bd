"""Word alignment from a model's attention: which source words a target word was made from.

CTranslate2 returns, per output piece, an attention row over the source pieces
(``return_attention``; the model's alignment heads when it has them, else the last layer). Here
pieces are grouped into words, the attention mass between words summed, and every target word
linked to the source word it attends most (``word_links``). Words are whitespace-separated,
with leading/trailing punctuation left out of their spans ("بيروت." → "بيروت"); words without
a letter or digit are never linked. Links are kept as word indices while translating (they
survive a chain of models, ``compose``) and become character spans at the end (``to_spans``).
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Collection, Sequence

from desk.core.model import Span, WordLink

WORD_MARK = "▁"  # SentencePiece's word-start marker
_WORD = re.compile(r"\S+")
_CONTENT = re.compile(r"[^\W_]")

Link = tuple[int, int]  # (source word index, target word index)


def _punct(char: str) -> bool:
    return unicodedata.category(char).startswith("P")


def word_spans(text: str) -> list[Span]:
    """The whitespace-separated words of ``text`` as character spans, edge punctuation trimmed
    (a word made only of punctuation keeps its whole span)."""
    spans = []
    for m in _WORD.finditer(text):
        start, end = m.start(), m.end()
        while start < end and _punct(text[start]):
            start += 1
        while end > start and _punct(text[end - 1]):
            end -= 1
        spans.append((start, end) if start < end else (m.start(), m.end()))
    return spans


def content_words(text: str) -> list[bool]:
    """For each word of ``text``, whether it has a letter or digit (only those are linked)."""
    return [bool(_CONTENT.search(m.group())) for m in _WORD.finditer(text)]


def piece_words(pieces: Sequence[str], skip: Collection[str] = ()) -> list[int | None]:
    """The word index of every piece (``None`` for the model's own tokens in ``skip``).

    A piece starting with "▁" starts a word; other pieces continue the current one.
    """
    out: list[int | None] = []
    word = -1
    for piece in pieces:
        if piece in skip:
            out.append(None)
            continue
        if piece.startswith(WORD_MARK) or word < 0:
            word += 1
        out.append(word)
    return out


def _fit(mapping: list[int | None], words: int) -> list[int | None]:
    """Squeeze piece→word indices onto ``words`` real words when the pieces make more words than
    the text has (normalisation): proportionally, so order is kept. Fewer is normal (a truncated
    source) and left alone."""
    found = max((w for w in mapping if w is not None), default=-1) + 1
    if found <= words:
        return mapping
    scale = (words - 1) / max(1, found - 1)
    return [None if w is None else min(words - 1, round(w * scale)) for w in mapping]


def word_links(
    attention: Sequence[Sequence[float]],
    source_words: list[int | None],
    target_words: list[int | None],
    source_content: list[bool],
    target_content: list[bool],
) -> list[Link]:
    """Link every content word of the target to the content source word it attends most.

    ``attention[t][s]``: weight of source piece ``s`` for target piece ``t``; ``source_words`` /
    ``target_words``: word index of each piece (see :func:`piece_words`); ``*_content``: which
    words may be linked (see :func:`content_words`).
    """
    src_map = _fit(source_words, len(source_content))
    tgt_map = _fit(target_words[: len(attention)], len(target_content))
    mass: dict[int, dict[int, float]] = {}
    for t, row in enumerate(attention):
        tw = tgt_map[t] if t < len(tgt_map) else None
        if tw is None or not target_content[tw]:
            continue
        bucket = mass.setdefault(tw, {})
        for s, weight in enumerate(row):
            sw = src_map[s] if s < len(src_map) else None
            if sw is not None and source_content[sw] and not math.isnan(weight):
                bucket[sw] = bucket.get(sw, 0.0) + float(weight)
    links = []
    for tw in sorted(mass):
        if mass[tw]:
            sw, weight = max(mass[tw].items(), key=lambda item: (item[1], -item[0]))
            if weight > 0:
                links.append((sw, tw))
    return links


def compose(first: Sequence[Link], second: Sequence[Link]) -> list[Link]:
    """Links through a pivot: source→middle then middle→target gives source→target."""
    by_middle: dict[int, list[int]] = {}
    for mid, tgt in second:
        by_middle.setdefault(mid, []).append(tgt)
    return sorted({(src, tgt) for src, mid in first for tgt in by_middle.get(mid, [])}, key=lambda link: link[::-1])


def to_spans(links: Sequence[Link], source_text: str, target_text: str) -> list[WordLink]:
    """Word-index links as character spans of ``source_text`` and ``target_text``."""
    src, tgt = word_spans(source_text), word_spans(target_text)
    return [WordLink(src[s], tgt[t]) for s, t in links if s < len(src) and t < len(tgt)]


def linked(alignment: Sequence[WordLink], offset: int, side: str) -> tuple[list[Span], list[Span]]:
    """The words linked through the word at character ``offset`` of one side.

    ``side`` is ``"source"`` or ``"target"``. Returns (spans on that side, spans on the other side):
    the word itself (if it is aligned) and every word of the other side it is linked with.
    """
    here = [link for link in alignment if _inside(getattr(link, side), offset)]
    if not here:
        return [], []
    other = "target" if side == "source" else "source"
    mine = sorted({getattr(link, side) for link in here})
    theirs = sorted({getattr(link, other) for link in here})
    return mine, theirs


def _inside(span: Span, offset: int) -> bool:
    return span[0] <= offset < span[1]
