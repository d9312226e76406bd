"""PDF: the text layer of every page (visual-order Arabic and ligatures made plain text, see
pdf_text); scanned PDFs without one are refused with advice."""
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


def read(path: Path, options: ReadOptions) -> Extracted:
    from pypdf import PdfReader

    try:
        with quiet("pypdf"):  # its warnings about broken files would reach the user's terminal
            reader = PdfReader(str(path))
            if reader.is_encrypted:
                _decrypt(reader, path, options.password)
            pages = [normalize_pdf_text(page.extract_text() or "").strip() for page in reader.pages]
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
