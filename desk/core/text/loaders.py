"""Reading files into plain text, in any format :mod:`desk.core.text.readers` knows and any common encoding.

``read_document(path)`` returns a :class:`LoadedText` (clean Unicode text, paragraphs separated by
blank lines) or raises :class:`~desk.core.errors.LoadError` with a reason a person understands.
The formats themselves live in ``desk.core.text.readers``, one module each; this module checks
the file (exists, not empty, not too large), picks the reader, decodes text formats and cleans
the result. Nothing here knows about feeds or sentences; see ``desk.core.text.feed`` and
``desk.core.text.articles``.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from desk.core.errors import LoadError
from desk.core.text import readers
from desk.core.text.encoding import clean_text, decode_bytes
from desk.core.text.readers import MB, ReadOptions, SizeLimits

log = logging.getLogger(__name__)

DEFAULT_LIMITS = SizeLimits()


@dataclass
class LoadedText:
    text: str
    format: str  # the reader's format name: "text", "markdown", "html", "docx", "pdf"…
    encoding: str | None = None
    title: str | None = None


def read_document(path: str | Path, limits: SizeLimits | None = None, password: str | None = None) -> LoadedText:
    """Read a file as text. Raises LoadError for anything a person could get wrong."""
    path = Path(path)
    limits = limits or DEFAULT_LIMITS
    encoding: str | None = None
    try:
        if not path.exists():
            raise LoadError(path, "file not found")
        if path.is_dir():
            raise LoadError(path, "it is a folder, not a file")
        size = path.stat().st_size
        if size == 0:
            raise LoadError(path, "the file is empty")
        if size > max(limits.text, limits.binary):
            raise LoadError(path, f"the file is too large ({size / MB:.1f} MB)")
        with path.open("rb") as fh:
            head = fh.read(4096)
        reader = readers.detect(path, head)
        limit = limits.binary if reader.binary else limits.text
        if size > limit:
            raise LoadError(path, f"the file is too large ({size / MB:.1f} MB; the limit is {limit / MB:g} MB)")
        if reader.read_file is not None:
            found = reader.read_file(path, ReadOptions(limits=limits, password=password))
        else:
            assert reader.read_text is not None  # a reader has exactly one of the two
            data = path.read_bytes()
            if _looks_binary(data):
                raise LoadError(path, "it looks like a binary file, not text")
            raw, encoding = decode_bytes(data, path)
            found = reader.read_text(raw, str(path))
    except PermissionError as err:
        raise LoadError(path, "permission denied") from err
    except IsADirectoryError as err:
        raise LoadError(path, "it is a folder, not a file") from err
    except OSError as err:
        raise LoadError(path, err.strerror or str(err)) from err
    text = clean_text(found.text)
    if not text.strip():
        raise LoadError(path, "the file contains no text (only whitespace)" if reader.format in ("text", "markdown")
                        else "the document contains no text")
    log.info("read %s: %s, %s, %d chars", path, reader.format, encoding or "-", len(text))
    title = clean_text(found.title) if found.title else None
    return LoadedText(text=text, format=reader.format, encoding=encoding, title=title)


def _looks_binary(data: bytes) -> bool:
    """Known binary signatures (images, archives, executables) renamed to .txt."""
    signatures = (b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"PK\x03\x04", b"%PDF-", b"\x7fELF", b"\x1f\x8b")
    return data.startswith(signatures)


def document_from_text(text: str) -> LoadedText:
    """A LoadedText for pasted text (HTML is recognised and reduced to its article text)."""
    cleaned = clean_text(text or "")
    if not cleaned.strip():
        raise LoadError("pasted text", "there is nothing to read")
    head = cleaned.encode("utf-8")[:4096]
    for reader in readers.readers():
        if reader.read_text is None or reader.sniff is None or not reader.sniff(Path("pasted"), head):
            continue
        found = reader.read_text(cleaned, "pasted text")
        body = clean_text(found.text)
        if body.strip():
            return LoadedText(text=body, format=reader.format, encoding=None, title=found.title)
    return LoadedText(text=cleaned, format="text", encoding=None, title=None)
