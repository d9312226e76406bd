"""Writers for briefs and bilingual tables: DOCX, HTML, Markdown, plain text, clipboard.

Callers build a small format-neutral :class:`Document` (blocks of text, each with its language,
and optionally two-column tables) and hand it to one writer. Every block and table cell knows its
language, so Arabic comes out right-to-left wherever the format can say so:

- DOCX: the paragraph gets ``w:bidi`` (so it starts at the right edge), each run ``w:rtl``, a complex-script
  font (``w:rFonts w:cs``) and the bidi language ``w:lang w:bidi="ar-SA"``.
- HTML: ``<html lang dir>`` for the document, ``lang``/``dir`` on every block and table cell.
- Markdown and text have no notion of direction; they carry the words only.

Files are written atomically and durably (:mod:`desk.core.durable`), so a half-written export
never sits under the final name.
"""
from __future__ import annotations

import html
import io
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Union

from desk.core.durable import atomic_write, save_file  # noqa: F401  (atomic_write: public here too)
from desk.core.errors import DeskError

log = logging.getLogger(__name__)

BlockKind = Literal["title", "heading", "meta", "paragraph"]
FORMATS = ("docx", "html", "md", "txt")
RTL_LANGS = frozenset({"ar", "fa", "ur", "he"})
ARABIC_FONT = "Arial"  # present on Windows/macOS, metric-compatible Liberation Sans on Linux
_DOCX_BIDI_LANG = {"ar": "ar-SA", "fa": "fa-IR", "ur": "ur-PK", "he": "he-IL"}
_SUFFIXES = {".docx": "docx", ".html": "html", ".htm": "html", ".md": "md", ".markdown": "md", ".txt": "txt"}


def is_rtl(lang: str) -> bool:
    return lang.split("-")[0].lower() in RTL_LANGS


def direction(lang: str) -> str:
    """``"rtl"`` or ``"ltr"`` for a language code."""
    return "rtl" if is_rtl(lang) else "ltr"


@dataclass
class Block:
    """One piece of running text: the title, a section heading, a meta line, or a paragraph."""

    kind: BlockKind
    text: str
    lang: str = "en"


@dataclass
class Cell:
    text: str
    lang: str = "en"


@dataclass
class Table:
    """A two-column (or wider) table; each cell carries its own language and direction."""

    header: list[Cell]
    rows: list[list[Cell]] = field(default_factory=list)


Item = Union[Block, Table]


@dataclass
class Document:
    title: str
    lang: str = "en"
    items: list[Item] = field(default_factory=list)

    def add(self, kind: BlockKind, text: str, lang: str | None = None) -> None:
        self.items.append(Block(kind, text, lang or self.lang))


@dataclass
class ClipboardContent:
    """What the GUI puts on the clipboard: plain text and HTML of the same content."""

    text: str
    html: str


# --- plain text / Markdown ---------------------------------------------------------------------


def render_text(doc: Document) -> str:
    out: list[str] = []
    for item in doc.items:
        if isinstance(item, Table):
            for row in [item.header, *item.rows]:
                out.append(" | ".join(c.text for c in row))
            out.append("")
        elif item.kind == "title":
            out += [item.text, "=" * min(len(item.text), 72), ""]
        elif item.kind == "heading":
            out += [item.text, "-" * min(len(item.text), 72), ""]
        else:
            out += [item.text, ""]
    return "\n".join(out).rstrip() + "\n"


def _md_escape_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def render_markdown(doc: Document) -> str:
    out: list[str] = []
    for item in doc.items:
        if isinstance(item, Table):
            out.append("| " + " | ".join(_md_escape_cell(c.text) for c in item.header) + " |")
            out.append("|" + "---|" * len(item.header))
            for row in item.rows:
                out.append("| " + " | ".join(_md_escape_cell(c.text) for c in row) + " |")
            out.append("")
        elif item.kind == "title":
            out += [f"# {item.text}", ""]
        elif item.kind == "heading":
            out += [f"## {item.text}", ""]
        elif item.kind == "meta":
            out += [f"*{item.text}*", ""]
        else:
            out += [item.text, ""]
    return "\n".join(out).rstrip() + "\n"


# --- HTML -------------------------------------------------------------------------------------

_CSS = (
    "body{font-family:Arial,'Noto Naskh Arabic','Noto Sans',sans-serif;max-width:52em;margin:2em auto;"
    "line-height:1.5}.meta{color:#555;font-style:italic}table{border-collapse:collapse;width:100%}"
    "td,th{border:1px solid #bbb;padding:.4em;vertical-align:top}"
    "[dir=rtl]{text-align:right}[dir=ltr]{text-align:left}"
)


def _attrs(lang: str) -> str:
    return f'lang="{html.escape(lang)}" dir="{direction(lang)}"'


def render_html_body(doc: Document) -> str:
    """The document's content as HTML elements (no ``<html>`` wrapper), e.g. for a clipboard."""
    out: list[str] = []
    for item in doc.items:
        if isinstance(item, Table):
            out.append("<table>")
            out.append("<tr>" + "".join(f"<th {_attrs(c.lang)}>{html.escape(c.text)}</th>" for c in item.header) + "</tr>")
            for row in item.rows:
                out.append("<tr>" + "".join(f"<td {_attrs(c.lang)}>{html.escape(c.text)}</td>" for c in row) + "</tr>")
            out.append("</table>")
            continue
        text = html.escape(item.text)
        if item.kind == "title":
            out.append(f"<h1 {_attrs(item.lang)}>{text}</h1>")
        elif item.kind == "heading":
            out.append(f"<h2 {_attrs(item.lang)}>{text}</h2>")
        elif item.kind == "meta":
            out.append(f'<p class="meta" {_attrs(item.lang)}>{text}</p>')
        else:
            out.append(f"<p {_attrs(item.lang)}>{text}</p>")
    return "\n".join(out)


def render_html(doc: Document) -> str:
    return (
        f"<!DOCTYPE html>\n<html {_attrs(doc.lang)}>\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{html.escape(doc.title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f"{render_html_body(doc)}\n</body>\n</html>\n"
    )


def clipboard_content(doc: Document) -> ClipboardContent:
    return ClipboardContent(text=render_text(doc), html=render_html(doc))


# --- DOCX -------------------------------------------------------------------------------------


# Elements that follow w:bidi in w:pPr, and w:lang in w:rPr (ECMA-376 schema order).
_PPR_AFTER_BIDI = (
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)
_RPR_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")


def _docx_direction(paragraph: object, lang: str) -> None:
    """Mark a python-docx paragraph and its runs right-to-left (or explicitly left-to-right)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    if not is_rtl(lang):
        return
    ppr = paragraph._p.get_or_add_pPr()  # type: ignore[attr-defined]
    if ppr.find(qn("w:bidi")) is None:
        # Keep the schema's element order (Word rejects files with pPr children out of order).
        ppr.insert_element_before(OxmlElement("w:bidi"), *_PPR_AFTER_BIDI)
    # No w:jc: a bidi paragraph is aligned at its start, the right edge. Word reads jc "left"/"right"
    # relative to the paragraph direction while other readers take them literally, so leaving it
    # out is the one way to be flush right everywhere.
    for run in paragraph.runs:  # type: ignore[attr-defined]
        run.font.rtl = True
        run.font.complex_script = True
        rpr = run._r.get_or_add_rPr()
        rpr.get_or_add_rFonts().set(qn("w:cs"), ARABIC_FONT)
        lang_el = rpr.find(qn("w:lang"))
        if lang_el is None:
            lang_el = OxmlElement("w:lang")
            rpr.insert_element_before(lang_el, *_RPR_AFTER_LANG)
        lang_el.set(qn("w:bidi"), _DOCX_BIDI_LANG.get(lang.split("-")[0], "ar-SA"))


def _docx_paragraph(container: object, text: str, lang: str, style: str | None = None, italic: bool = False):
    paragraph = container.add_paragraph(style=style) if style else container.add_paragraph()  # type: ignore[attr-defined]
    run = paragraph.add_run(text)
    if italic:
        run.italic = True
        run.font.cs_italic = True
    _docx_direction(paragraph, lang)
    return paragraph


def render_docx(doc: Document) -> bytes:
    import docx

    d = docx.Document()
    d.core_properties.title = doc.title
    d.core_properties.language = doc.lang
    for item in doc.items:
        if isinstance(item, Table):
            table = d.add_table(rows=0, cols=len(item.header))
            table.style = "Table Grid"
            for r, row in enumerate([item.header, *item.rows]):
                cells = table.add_row().cells
                for cell, value in zip(cells, row):
                    paragraph = cell.paragraphs[0]
                    run = paragraph.add_run(value.text)
                    if r == 0:
                        run.bold = True
                        run.font.cs_bold = True
                    _docx_direction(paragraph, value.lang)
            d.add_paragraph()
        elif item.kind == "title":
            _docx_paragraph(d, item.text, item.lang, style="Title")
        elif item.kind == "heading":
            _docx_paragraph(d, item.text, item.lang, style="Heading 1")
        elif item.kind == "meta":
            _docx_paragraph(d, item.text, item.lang, italic=True)
        else:
            _docx_paragraph(d, item.text, item.lang)
    buffer = io.BytesIO()
    d.save(buffer)
    return buffer.getvalue()


# --- files ------------------------------------------------------------------------------------


def format_for_path(path: Path, fmt: str | None = None) -> str:
    """The export format: ``fmt`` if given, else guessed from the file name's suffix."""
    if fmt:
        fmt = {"markdown": "md", "text": "txt", "htm": "html"}.get(fmt.lower(), fmt.lower())
        if fmt not in FORMATS:
            raise DeskError(f"Unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
        return fmt
    guessed = _SUFFIXES.get(Path(path).suffix.lower())
    if guessed is None:
        raise DeskError(f"Cannot tell the export format from {Path(path).name!r}; use .docx, .html, .md or .txt")
    return guessed


def render(doc: Document, fmt: str) -> bytes:
    """The document in one of :data:`FORMATS`, as the bytes of the file."""
    fmt = format_for_path(Path("x"), fmt)
    if fmt == "docx":
        return render_docx(doc)
    if fmt == "html":
        return render_html(doc).encode("utf-8")
    if fmt == "md":
        return render_markdown(doc).encode("utf-8")
    return render_text(doc).encode("utf-8")


def write_document(doc: Document, path: Path, fmt: str | None = None) -> Path:
    """Export ``doc`` to ``path`` (format from ``fmt`` or the suffix); returns the path written."""
    path = Path(path)
    data = render(doc, format_for_path(path, fmt))
    save_file(path, data, DeskError)
    log.info("exported %s (%d bytes)", path, len(data))
    return path
