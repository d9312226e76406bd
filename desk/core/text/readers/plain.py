"""Plain text files: the text as decoded, nothing to convert."""
from __future__ import annotations

from desk.core.text.readers import Extracted, Reader, register


def read(text: str, name: str) -> Extracted:
    return Extracted(text)


READER = register(Reader(format="text", label="Text", suffixes=(".txt", ".text", ".asc"), read_text=read))
