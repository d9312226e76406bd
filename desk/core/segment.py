"""Sentence and word segmentation for English and Arabic, offline (no NLTK data).

PLACEHOLDER: a naive splitter so other modules can be written against the API.
The segmentation work replaces the body of these functions; the signatures stay.
"""
from __future__ import annotations

import re

_END = re.compile(r"(?<=[.!?؟])\s+")
_WORD = re.compile(r"\w+", re.UNICODE)


def sentence_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """Start/end offsets of each sentence in ``text`` (whitespace trimmed)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _END.finditer(text):
        if text[pos:m.start()].strip():
            spans.append((pos, m.start()))
        pos = m.end()
    if text[pos:].strip():
        spans.append((pos, len(text.rstrip())))
    return spans


def split_sentences(text: str, lang: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text, lang)]


def words(text: str, lang: str) -> list[str]:
    return _WORD.findall(text)
