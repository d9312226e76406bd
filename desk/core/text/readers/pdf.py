"""PDF: the text layer of every page; scanned PDFs without one are refused with advice."""
from __future__ import annotations

import logging
import re
from pathlib import Path

from desk.core.errors import LoadError
from desk.core.text.readers import Extracted, Reader, ReadOptions, quiet, register

log = logging.getLogger(__name__)

_JUNK_TITLE = re.compile(r"\.(docx?|pdf|odt|rtf|txt|indd)\b|^(untitled|microsoft word\b)", re.IGNORECASE)


def sniff(path: Path, head: bytes) -> bool:
    return head.startswith(b"%PDF")


def read(path: Path, options: ReadOptions) -> Extracted:
    from pypdf import PdfReader

    try:
        with quiet("pypdf"):  # its warnings about broken files would reach the user's terminal
            reader = PdfReader(str(path))
            if reader.is_encrypted:
                try:
                    ok = reader.decrypt("")
                except Exception:  # unsupported encryption algorithm
                    ok = 0
                if not ok:
                    raise LoadError(path, "the PDF is password-protected")
            pages = [(page.extract_text() or "").strip() for page in reader.pages]
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
