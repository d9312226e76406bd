"""Bidirectional-text controls that can disguise what a title or a file name says.

Embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069) change the display
order of everything after them: an override in a headline shows "Cairo" as "oriaC", and one in a
file name shows "report‮fdp.exe" as "reportexe.pdf". Desk removes them from titles, captions and
the file names it shows. The marks Arabic text legitimately uses (LRM U+200E, RLM U+200F, ALM
U+061C) only affect the neutral characters beside them and are kept.
"""
from __future__ import annotations

from pathlib import Path

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_TABLE = {ord(ch): None for ch in BIDI_CONTROLS}


def neutralize(text: str) -> str:
    """``text`` without embedding, override and isolate controls (marks kept)."""
    return text.translate(_TABLE)


def shown_file_name(path: str | Path) -> str:
    """A file's name as Desk shows it: its last part, without bidi controls."""
    return neutralize(Path(path).name or str(path))
