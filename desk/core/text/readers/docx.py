"""Word documents (.docx): paragraphs and table cells in document order; the title from the
Title or Heading 1 style, else from the document properties.

The main part is read as a stream (lxml ``iterparse``), each paragraph dropped once its text is
taken, so time is linear in the file and memory bounded by the text kept; the archive's unpacked
size and the text extracted are bounded by :class:`~desk.core.text.readers.SizeLimits`.
"""
from __future__ import annotations

import logging
import zipfile
import zlib
from pathlib import Path
from typing import IO

from lxml import etree

from desk.core.errors import LoadError
from desk.core.text.readers import Extracted, Reader, ReadOptions, register, zip_names
from desk.core.text.readers._archive import open_checked, too_much_text

log = logging.getLogger(__name__)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"
TITLE_STYLES = {"title", "heading 1", "heading1"}
_PIECES = {W + "t": None, W + "tab": "\t", W + "br": "\n", W + "cr": "\n", W + "noBreakHyphen": "-"}
_HIDDEN = {W + "txbxContent", MC_FALLBACK, W + "del"}  # text boxes, duplicate fallbacks, deletions


def sniff(path: Path, head: bytes) -> bool:
    return head.startswith(b"PK\x03\x04") and "word/document.xml" in zip_names(path)


def _parser_options() -> dict[str, bool]:
    return {"resolve_entities": False, "no_network": True, "huge_tree": False, "remove_comments": True}


def _style_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """styleId → lower-case style name ("Heading1" → "heading 1")."""
    try:
        data = archive.read("word/styles.xml")
    except KeyError:
        return {}
    root = etree.fromstring(data, etree.XMLParser(**_parser_options()))
    names = {}
    for style in root.iter(W + "style"):
        name = style.find(W + "name")
        if name is not None:
            names[style.get(W + "styleId", "")] = (name.get(W + "val") or "").lower()
    return names


def _core_title(archive: zipfile.ZipFile) -> str | None:
    try:
        data = archive.read("docProps/core.xml")
    except KeyError:
        return None
    root = etree.fromstring(data, etree.XMLParser(**_parser_options()))
    found = root.find(DC_TITLE)
    return (found.text or "").strip() or None if found is not None else None


def _blocks(stream: IO[bytes], styles: dict[str, str], path: Path,
            options: ReadOptions) -> tuple[list[str], str | None]:
    """Paragraph and cell texts in order, and the first title-styled paragraph."""
    blocks: list[str] = []
    title: str | None = None
    total = 0
    hidden = 0  # depth inside parts whose text is not the document's (text boxes, fallbacks)
    paragraphs: list[list[str]] = []  # text pieces of each open paragraph (text boxes nest them)
    cells: list[list[str]] = []  # paragraph texts of each open table cell
    style: str | None = None
    tags = [W + "p", W + "tc", W + "pStyle", W + "body", *_PIECES, *_HIDDEN]
    for event, el in etree.iterparse(stream, events=("start", "end"), tag=tags, **_parser_options()):
        tag = el.tag
        if tag in _HIDDEN:
            hidden += 1 if event == "start" else -1
        elif event == "start":
            if tag == W + "p":
                paragraphs.append([])
                style = None
            elif tag == W + "tc":
                cells.append([])
        elif tag in _PIECES:
            if not hidden and paragraphs:
                piece = _PIECES[tag]
                text = (el.text or "") if piece is None else piece
                total += len(text)
                if total > options.limits.text:
                    raise too_much_text(path, options)
                paragraphs[-1].append(text)
        elif tag == W + "pStyle":
            style = el.get(W + "val")
        elif tag == W + "p":
            text = "".join(paragraphs.pop()).strip() if paragraphs else ""
            if hidden or paragraphs:  # a paragraph inside a text box: not part of the body text
                continue
            if cells:
                cells[-1].append(text)
            elif text:
                blocks.append(text)
                if title is None and style is not None and styles.get(style, style.lower()) in TITLE_STYLES:
                    title = text
            parent = el.getparent()
            if parent is not None and parent.tag == W + "body":
                _drop_done(el)
        elif tag == W + "tc":
            text = "\n".join(t for t in cells.pop() if t).strip()
            if text:
                blocks.append(text)
            _drop_done(el)
    return blocks, title


def _drop_done(el: etree._Element) -> None:
    """Free what is parsed: the element's content and the siblings before it."""
    el.clear(keep_tail=False)
    parent = el.getparent()
    while parent is not None and el.getprevious() is not None:
        del parent[0]


def read(path: Path, options: ReadOptions) -> Extracted:
    try:
        with open_checked(path, options, "Word file") as archive:
            try:
                info = archive.getinfo("word/document.xml")
            except KeyError as err:
                raise LoadError(path, "the Word file is damaged or is not a .docx document") from err
            styles = _style_names(archive)
            with archive.open(info) as stream:
                blocks, title = _blocks(stream, styles, path, options)
            title = title or _core_title(archive)
    except LoadError:
        raise
    except (etree.XMLSyntaxError, zipfile.BadZipFile, zlib.error, EOFError, ValueError) as err:
        log.debug("reading %s failed: %r", path, err)
        raise LoadError(path, "the Word file is damaged or is not a .docx document") from err
    return Extracted("\n\n".join(blocks), title)


READER = register(Reader(format="docx", label="Word documents", suffixes=(".docx",), read_file=read, sniff=sniff))
