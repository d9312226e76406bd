"""PDF: the text layer of every page (visual-order Arabic and ligatures made plain text, see
pdf_text; page numbers left out); scanned PDFs without one are refused with advice."""
from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

from desk.core.errors import LoadError, PasswordRequired
from desk.core.text.readers import Extracted, Reader, ReadOptions, quiet, register
from desk.core.text.readers.pdf_text import normalize_pdf_text

if TYPE_CHECKING:
    from pypdf import PdfReader

log = logging.getLogger(__name__)

# A page's first or last line that is only its number: "3", "- 3 -", "Page 3", "3 / 12", "صفحة ٣"
# (up to 999: a line "2025" under an article is a year).
_PAGE_NUMBER = re.compile(r"^\s*(?:(?:page|p\.|صفحة)\s*)?[-–—]?\s*[0-9٠-٩]{1,3}\s*[-–—]?\s*"
                          r"(?:(?:/|of|من)\s*[0-9٠-٩]{1,4})?\s*$", re.IGNORECASE)
_JUNK_TITLE = re.compile(r"\.(docx?|pdf|odt|rtf|txt|indd)\b|^(untitled|microsoft word\b)", re.IGNORECASE)


def sniff(path: Path, head: bytes) -> bool:
    return head.startswith(b"%PDF")


def _decrypt(reader: PdfReader, path: Path, password: str | None) -> None:
    """Open an encrypted PDF: with no password first (most PDFs only restrict printing or copying),
    then with the user's. AES needs the ``cryptography`` package (a dependency of Desk)."""
    from pypdf.errors import DependencyError

    try:
        if reader.decrypt(""):
            return
        if password is not None and reader.decrypt(password):
            return
    except DependencyError as err:
        raise LoadError(path, f"its encryption cannot be opened here ({err})") from err
    except NotImplementedError as err:  # an encryption method pypdf does not know
        raise LoadError(path, f"it uses an encryption Desk cannot open ({err})") from err
    raise PasswordRequired(path, wrong=password is not None)


def without_page_number(page: str) -> str:
    """``page`` without a first or last line that only numbers the page."""
    lines = page.strip().split("\n")
    if len(lines) > 1 and _PAGE_NUMBER.match(lines[-1]):
        lines.pop()
    if len(lines) > 1 and _PAGE_NUMBER.match(lines[0]):
        lines.pop(0)
    return "\n".join(lines).strip()


def read(path: Path, options: ReadOptions) -> Extracted:
    from pypdf import PdfReader

    try:
        with quiet("pypdf"):  # its warnings about broken files would reach the user's terminal
            reader = PdfReader(str(path))
            if reader.is_encrypted:
                _decrypt(reader, path, options.password)
            pages = [without_page_number(normalize_pdf_text(page.extract_text() or "")) for page in reader.pages]
            meta = reader.metadata
            title = (meta.title or "").strip() if meta is not None and meta.title else None
        if title and _JUNK_TITLE.search(title):  # "Microsoft Word - draft.docx", "untitled"…
            title = None
    except LoadError:
        raise
    except Exception as err:  # pypdf raises many kinds of errors on broken files
        log.debug("pypdf failed on %s: %r", path, err)
        raise LoadError(path, "the PDF is damaged or is not a PDF") from err
    text = "\n\n".join(p for p in pages if p)
    if not text.strip():
        raise LoadError(path, "the PDF has no text layer (it is probably scanned images); run OCR on it first")
    return Extracted(text, title or None)


READER = register(Reader(format="pdf", label="PDF", suffixes=(".pdf",), read_file=read, sniff=sniff))
