"""Reading files into plain text: text, Markdown, HTML, DOCX and PDF, in any common encoding.

``read_document(path)`` returns a :class:`Document` (clean Unicode text, paragraphs separated by
blank lines) or raises :class:`~desk.core.errors.LoadError` with a reason a person understands.
Nothing here knows about feeds or sentences; see ``desk.core.text.feed`` and ``desk.core.text.articles``.
"""
from __future__ import annotations

import logging
import re
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from desk.core.text.encoding import clean_text, decode_bytes
from desk.core.errors import LoadError

log = logging.getLogger(__name__)

MB = 1024 * 1024


@dataclass
class SizeLimits:
    """Largest files Desk agrees to open, checked before reading."""

    text: int = 20 * MB  # text, Markdown, HTML
    binary: int = 100 * MB  # DOCX, PDF


DEFAULT_LIMITS = SizeLimits()


@dataclass
class Document:
    text: str
    format: str  # "text" | "markdown" | "html" | "docx" | "pdf"
    encoding: str | None = None
    title: str | None = None


EXTENSIONS = {
    ".txt": "text", ".text": "text", ".asc": "text",
    ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown", ".mkd": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".docx": "docx", ".pdf": "pdf",
}
UNSUPPORTED = {
    ".doc": "old Word .doc files are not supported; save it as .docx",
    ".rtf": "RTF files are not supported; save it as .docx or plain text",
    ".odt": "OpenDocument files are not supported; save it as .docx",
}
BINARY_FORMATS = {"docx", "pdf"}

# --- format detection -----------------------------------------------------------------------

_HTML_SNIFF = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.I | re.S)


def sniff_format(path: Path, head: bytes) -> str:
    """Format from the extension, else from the first bytes of the file."""
    ext = path.suffix.lower()
    if ext in EXTENSIONS:
        return EXTENSIONS[ext]
    if ext in UNSUPPORTED:
        raise LoadError(path, UNSUPPORTED[ext])
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as zf:
                if "word/document.xml" in zf.namelist():
                    return "docx"
        except (zipfile.BadZipFile, OSError) as err:
            raise LoadError(path, "it is a damaged zip archive, not a document") from err
        raise LoadError(path, "it is a zip archive, not a document Desk can read")
    if _HTML_SNIFF.match(head.removeprefix(b"\xef\xbb\xbf")):
        return "html"
    return "text"


# --- readers --------------------------------------------------------------------------------


def _read_markdown(text: str) -> tuple[str, str | None]:
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").enable("strikethrough").parse(text)
    blocks: list[str] = []
    title: str | None = None
    heading_level = 0
    for tok in tokens:
        if tok.type == "heading_open":
            heading_level = int(tok.tag[1:])
        elif tok.type == "inline":
            parts: list[str] = []
            for child in tok.children or []:
                if child.type in ("text", "code_inline"):
                    parts.append(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    parts.append("\n")
            block = "".join(parts).strip()
            if block:
                if heading_level == 1 and title is None:
                    title = block
                blocks.append(block)
            heading_level = 0
        elif tok.type in ("fence", "code_block") and tok.content.strip():
            blocks.append(tok.content.strip("\n"))
    return "\n\n".join(blocks), title


_HTML_BLOCKS = {"head", "p", "item", "quote", "cell", "code", "list", "table", "row", "div"}
_FALLBACK_BLOCKS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "th",
    "tr", "section", "article", "dd", "dt", "figcaption", "ul", "ol", "table", "main",
}
_BOILERPLATE = ["script", "style", "nav", "footer", "header", "aside", "form", "noscript", "template", "svg"]


def _leaf_blocks(root: object, blocks: set[str]) -> list[str]:
    out: list[str] = []
    for el in root.iter():  # type: ignore[attr-defined]
        if not isinstance(el.tag, str) or el.tag not in blocks:
            continue
        if any(isinstance(d.tag, str) and d.tag in blocks for d in el.iterdescendants()):
            # A container: take only its own loose text.
            loose = " ".join(t.strip() for t in [el.text or ""] + [c.tail or "" for c in el] if t.strip())
            if loose:
                out.append(loose)
            continue
        for br in el.iter("lb", "br"):
            br.tail = "\n" + (br.tail or "")
        text = "\n".join(" ".join(line.split()) for line in "".join(el.itertext()).split("\n"))
        if text.strip():
            out.append(text.strip())
    return out


@contextmanager
def _quiet(logger_name: str) -> Iterator[None]:
    """Keep a library's warnings about a user's broken file out of the output."""
    logger = logging.getLogger(logger_name)
    previous = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(previous)


def _read_html(text: str, path: object) -> tuple[str, str | None]:
    import lxml.html
    import trafilatura

    title: str | None = None
    body = ""
    try:
        with _quiet("trafilatura"):
            doc = trafilatura.bare_extraction(text, include_comments=False, include_tables=True, with_metadata=True)
    except Exception as err:  # trafilatura raises assorted parser errors on odd input
        log.warning("trafilatura failed on %s: %s", path, err)
        doc = None
    if doc is not None and getattr(doc, "body", None) is not None:
        body = "\n\n".join(_leaf_blocks(doc.body, _HTML_BLOCKS))
        title = doc.title or None
    try:
        tree = lxml.html.document_fromstring(text)
    except Exception as err:  # lxml raises ParserError / XMLSyntaxError on garbage
        if body:
            return body, title
        raise LoadError(path, "it is not readable HTML") from err
    if title is None:
        for xpath in ("//h1", "//title"):
            found = tree.xpath(xpath)
            if found and found[0].text_content().strip():
                title = " ".join(found[0].text_content().split())
                break
    if not body:  # a fragment trafilatura rejects (too short, no article structure)
        for el in tree.xpath("|".join(f"//{tag}" for tag in _BOILERPLATE)):
            el.drop_tree()
        body = "\n\n".join(_leaf_blocks(tree, _FALLBACK_BLOCKS | {"body"}))
    return body, title


def _read_docx(path: Path) -> tuple[str, str | None]:
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
    return "\n\n".join(b for b in blocks if b), title


_JUNK_PDF_TITLE = re.compile(r"\.(docx?|pdf|odt|rtf|txt|indd)\b|^(untitled|microsoft word\b)", re.I)


def _read_pdf(path: Path) -> tuple[str, str | None]:
    from pypdf import PdfReader

    try:
        with _quiet("pypdf"):  # its warnings about broken files would reach the user's terminal
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
        if title and _JUNK_PDF_TITLE.search(title):  # "Microsoft Word - draft.docx", "untitled"…
            title = None
    except LoadError:
        raise
    except Exception as err:  # pypdf raises many kinds of errors on broken files
        log.debug("pypdf failed on %s: %r", path, err)
        raise LoadError(path, "the PDF is damaged or is not a PDF") from err
    text = "\n\n".join(p for p in pages if p)
    if not text.strip():
        raise LoadError(
            path, "the PDF has no text layer (it is probably scanned images); run OCR on it first"
        )
    return text, title or None


# --- entry points ---------------------------------------------------------------------------


def read_document(path: str | Path, limits: SizeLimits | None = None) -> Document:
    """Read a file as text. Raises LoadError for anything a person could get wrong."""
    path = Path(path)
    limits = limits or DEFAULT_LIMITS
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
        fmt = sniff_format(path, head)
        limit = limits.binary if fmt in BINARY_FORMATS else limits.text
        if size > limit:
            raise LoadError(path, f"the file is too large ({size / MB:.1f} MB; the limit is {limit / MB:g} MB)")
        if fmt == "docx":
            text, title, encoding = *_read_docx(path), None
        elif fmt == "pdf":
            text, title, encoding = *_read_pdf(path), None
        else:
            data = path.read_bytes()
            if _looks_binary(data):
                raise LoadError(path, "it looks like a binary file, not text")
            raw, encoding = decode_bytes(data, path)
            text, title = _convert(raw, fmt, path)
    except PermissionError as err:
        raise LoadError(path, "permission denied") from err
    except IsADirectoryError as err:
        raise LoadError(path, "it is a folder, not a file") from err
    except OSError as err:
        raise LoadError(path, err.strerror or str(err)) from err
    text = clean_text(text)
    if not text.strip():
        raise LoadError(path, "the file contains no text (only whitespace)" if fmt in ("text", "markdown")
                        else "the document contains no text")
    log.info("read %s: %s, %s, %d chars", path, fmt, encoding or "-", len(text))
    return Document(text=text, format=fmt, encoding=encoding, title=clean_text(title) if title else None)


def _looks_binary(data: bytes) -> bool:
    """Known binary signatures (images, archives, executables) renamed to .txt."""
    signatures = (b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"PK\x03\x04", b"%PDF-", b"\x7fELF", b"\x1f\x8b")
    return data.startswith(signatures)


def _convert(raw: str, fmt: str, path: object) -> tuple[str, str | None]:
    if fmt == "markdown":
        return _read_markdown(clean_text(raw))
    if fmt == "html":
        return _read_html(clean_text(raw), path)
    return raw, None


def document_from_text(text: str) -> Document:
    """A Document for pasted text (HTML is recognised and reduced to its article text)."""
    cleaned = clean_text(text or "")
    if not cleaned.strip():
        raise LoadError("pasted text", "there is nothing to read")
    if _HTML_SNIFF.match(cleaned.encode("utf-8")[:4096]):
        body, title = _read_html(cleaned, "pasted text")
        body = clean_text(body)
        if body.strip():
            return Document(text=body, format="html", encoding=None, title=title)
    return Document(text=cleaned, format="text", encoding=None, title=None)
