"""OpenDocument text (.odt, LibreOffice Writer): headings, paragraphs, list items and table cells
in document order; the title from the Title style or the first top-level heading, else the metadata."""
from __future__ import annotations

import logging
from pathlib import Path

from desk.core.errors import LoadError
from desk.core.text.readers import Extracted, Reader, ReadOptions, register
from desk.core.text.readers._archive import open_checked

log = logging.getLogger(__name__)

MIMETYPE = b"application/vnd.oasis.opendocument.text"


def sniff(path: Path, head: bytes) -> bool:
    # The standard stores the uncompressed "mimetype" member first, so its value is in the head.
    return head.startswith(b"PK\x03\x04") and MIMETYPE in head[:200]


def read(path: Path, options: ReadOptions) -> Extracted:
    from odf import opendocument, teletype
    from odf.namespaces import TEXTNS

    try:
        open_checked(path, options, "OpenDocument file").close()
        document = opendocument.load(str(path))
        blocks: list[str] = []
        title: str | None = None
        stack = list(reversed(document.text.childNodes))
        while stack:  # depth-first in document order, without recursion
            node = stack.pop()
            if node.qname in ((TEXTNS, "p"), (TEXTNS, "h")):
                text = teletype.extractText(node).strip()
                if not text:
                    continue
                blocks.append(text)
                style = (node.getAttribute("stylename") or "").lower()
                level = node.getAttribute("outlinelevel") if node.qname == (TEXTNS, "h") else None
                if title is None and (style == "title" or level == "1"):
                    title = text
            else:
                stack.extend(reversed(getattr(node, "childNodes", [])))
        if title is None:
            meta_titles = [teletype.extractText(t).strip() for t in document.meta.childNodes
                           if t.qname[1] == "title"]
            title = next((t for t in meta_titles if t), None)
    except LoadError:
        raise
    except Exception as err:  # BadZipFile, KeyError (no content.xml), XML errors, RecursionError…
        log.debug("odfpy failed on %s: %r", path, err)
        raise LoadError(path, "the OpenDocument file is damaged or is not an .odt text document") from err
    return Extracted("\n\n".join(blocks), title)


READER = register(Reader(format="odt", label="OpenDocument text", suffixes=(".odt",), read_file=read, sniff=sniff))
