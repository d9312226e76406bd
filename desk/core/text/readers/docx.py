"""Word documents (.docx): paragraphs and table cells in document order; the title from the
Title or Heading 1 style, else from the document properties."""
from __future__ import annotations

import logging
from pathlib import Path

from desk.core.errors import LoadError
from desk.core.text.readers import Extracted, Reader, ReadOptions, register, zip_names

log = logging.getLogger(__name__)


def sniff(path: Path, head: bytes) -> bool:
    return head.startswith(b"PK\x03\x04") and "word/document.xml" in zip_names(path)


def read(path: Path, options: ReadOptions) -> Extracted:
    import docx
    from docx.table import Table

    try:
        document = docx.Document(str(path))
        blocks: list[str] = []
        title = None
        for item in document.iter_inner_content():  # paragraphs and tables in document order
            if isinstance(item, Table):
                blocks.extend(cell.text.strip() for row in item.rows for cell in row.cells)
                continue
            blocks.append(item.text.strip())
            style = (item.style.name if item.style is not None else "") or ""
            if title is None and blocks[-1] and style.lower() in ("title", "heading 1"):
                title = blocks[-1]
        title = title or (document.core_properties.title or "").strip() or None
    except Exception as err:  # PackageNotFoundError, BadZipFile, KeyError, lxml errors…
        log.debug("python-docx failed on %s: %r", path, err)
        raise LoadError(path, "the Word file is damaged or is not a .docx document") from err
    return Extracted("\n\n".join(b for b in blocks if b), title)


READER = register(Reader(format="docx", label="Word documents", suffixes=(".docx",), read_file=read, sniff=sniff))
