"""Quotations that run over several sentences, so a summary never lifts a fragment out of one.

    "I just want to foot stomp the fact that this is not a withdrawal. This is a transition.
    It's a transition ...," the official said.

The splitter gives three sentences; the middle one alone ("This is a transition.") has neither
quotation marks nor attribution. :func:`quote_groups` finds such runs: sentences of one paragraph
from the one that opens a quotation to the one that closes it (the attribution usually follows
the closing mark in that same sentence). Summaries pick a run whole or not at all.

Quotation marks counted: “ ” « » „ and the straight ``"`` (which opens when no quotation is open
and closes otherwise). Apostrophes and single quotes are ignored: they are too often apostrophes.
A quotation still open at the end of a paragraph ends there (wire style repeats the opening mark
at the start of each quoted paragraph).
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from desk.core.model import Sentence

_OPEN = frozenset("“«„")
_CLOSE = frozenset("”»")
_PARAGRAPH_ID = re.compile(r"^p(\d+)s\d+$")


def _paragraph_key(sentence: Sentence) -> str | None:
    m = _PARAGRAPH_ID.match(sentence.id)
    return m.group(1) if m else None


def open_at_end(sentences: Sequence[Sentence]) -> list[bool]:
    """For each sentence: is a quotation still open after it (within its paragraph)?"""
    out: list[bool] = []
    depth = 0
    previous_key: object = object()
    for s in sentences:
        key = _paragraph_key(s)
        if key != previous_key or key is None:
            depth = 0
            previous_key = key
        for ch in s.text:
            if ch in _OPEN:
                depth += 1
            elif ch in _CLOSE:
                depth = max(0, depth - 1)
            elif ch == '"':
                depth = depth - 1 if depth > 0 else 1
        out.append(depth > 0)
    return out


def quote_groups(sentences: Sequence[Sentence]) -> list[list[int]]:
    """Indices of ``sentences`` grouped: a quotation over several sentences is one group, every
    other sentence a group of its own; groups are in order and cover every index once."""
    groups: list[list[int]] = []
    still_open = open_at_end(sentences)
    keys = [_paragraph_key(s) for s in sentences]
    for i in range(len(sentences)):
        continues = i > 0 and still_open[i - 1] and keys[i] is not None and keys[i] == keys[i - 1]
        if continues:
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups
