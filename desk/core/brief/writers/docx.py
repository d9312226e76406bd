"""DOCX (python-docx), with right-to-left markup Word and LibreOffice both honour.

An Arabic paragraph gets ``w:bidi`` (so it starts at the right edge), each run ``w:rtl``, a
complex-script font (``w:rFonts w:cs``) and the bidi language ``w:lang w:bidi="ar-SA"``. Table
cells may be shaded (``w:shd``) and runs marked: deleted words struck through on a red ground,
inserted words on a green one, as the comparison window shows them.
"""
from __future__ import annotations

import io

import docx
from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run as DocxRun

from desk.core.brief.document import Cell, Document, Line, Table
from desk.core.brief.writers import Writer, register
from desk.core.languages import base, is_rtl

ARABIC_FONT = "Arial"  # present on Windows/macOS, metric-compatible Liberation Sans on Linux
CORE_PROPERTY_CHARS = 255  # python-docx (and the OPC core properties) refuse longer strings
_DOCX_BIDI_LANG = {"ar": "ar-SA", "fa": "fa-IR", "ur": "ur-PK", "he": "he-IL"}
_MARK_FILL = {"delete": "F6B8B0", "insert": "A9DFA2"}
# Elements that follow w:bidi in w:pPr, and w:lang in w:rPr (ECMA-376 schema order).
_PPR_AFTER_BIDI = (
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)
_RPR_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")
_RPR_AFTER_SHD = ("w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", *_RPR_AFTER_LANG)
_TCPR_AFTER_SHD = ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")


def core_property(text: str) -> str:
    """``text`` fitted to a DOCX core property: one line, at most 255 characters (cut at a word)."""
    text = " ".join(text.split())
    if len(text) <= CORE_PROPERTY_CHARS:
        return text
    cut = text[: CORE_PROPERTY_CHARS - 1]
    if " " in cut[CORE_PROPERTY_CHARS // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(",;:،؛ ") + "…"


def _direction(paragraph: Paragraph, lang: str) -> None:
    """Mark a paragraph and its runs right-to-left (left-to-right is Word's default)."""
    if not is_rtl(lang):
        return
    ppr = paragraph._p.get_or_add_pPr()
    if ppr.find(qn("w:bidi")) is None:
        # Keep the schema's element order (Word rejects files with pPr children out of order).
        ppr.insert_element_before(OxmlElement("w:bidi"), *_PPR_AFTER_BIDI)
    # No w:jc: a bidi paragraph is aligned at its start, the right edge. Word reads jc "left"/"right"
    # relative to the paragraph direction while other readers take them literally, so leaving it
    # out is the one way to be flush right everywhere.
    for run in paragraph.runs:
        run.font.rtl = True
        run.font.complex_script = True
        rpr = run._r.get_or_add_rPr()
        rpr.get_or_add_rFonts().set(qn("w:cs"), ARABIC_FONT)
        lang_el = rpr.find(qn("w:lang"))
        if lang_el is None:
            lang_el = OxmlElement("w:lang")
            rpr.insert_element_before(lang_el, *_RPR_AFTER_LANG)
        lang_el.set(qn("w:bidi"), _DOCX_BIDI_LANG.get(base(lang), "ar-SA"))


def _shade(parent: BaseOxmlElement, fill: str, after: tuple[str, ...]) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill.lstrip("#").upper())
    parent.insert_element_before(shd, *after)


def _paragraph(container: DocxDocument | _Cell, text: str, lang: str, style: str | None = None,
               italic: bool = False) -> Paragraph:
    paragraph = container.add_paragraph(style=style) if style else container.add_paragraph()
    run = paragraph.add_run(text)
    if italic:
        run.italic = True
        run.font.cs_italic = True
    _direction(paragraph, lang)
    return paragraph


def _mark(run: DocxRun, mark: str, small: bool) -> None:
    if mark in _MARK_FILL:
        _shade(run._r.get_or_add_rPr(), _MARK_FILL[mark], _RPR_AFTER_SHD)
        if mark == "delete":
            run.font.strike = True
    if small:
        run.font.size = Pt(8)
        run.font.color.rgb = RGBColor(0x66, 0x66, 0x66)


def _rich_line(paragraph: Paragraph, line: Line) -> None:
    for r in line.runs:
        _mark(paragraph.add_run(r.text), r.mark, line.small)
    _direction(paragraph, line.lang)


def _table(d: DocxDocument, item: Table) -> None:
    table = d.add_table(rows=0, cols=len(item.header))
    table.style = "Table Grid"
    for r, row in enumerate([item.header, *item.rows]):
        cells = table.add_row().cells
        for cell, value in zip(cells, row):
            _cell(cell, value, header=r == 0)
    d.add_paragraph()


def _cell(cell: _Cell, value: Cell, header: bool) -> None:
    if value.fill:
        _shade(cell._tc.get_or_add_tcPr(), value.fill, _TCPR_AFTER_SHD)
    if value.lines is None:
        paragraph = cell.paragraphs[0]
        run = paragraph.add_run(value.text)
        if header or value.bold:
            run.bold = True
            run.font.cs_bold = True
        _direction(paragraph, value.lang)
        return
    for k, line in enumerate(value.lines):
        _rich_line(cell.paragraphs[0] if k == 0 else cell.add_paragraph(), line)


def render_docx(doc: Document) -> bytes:
    d = docx.Document()
    d.core_properties.title = core_property(doc.title)
    d.core_properties.language = doc.lang
    for item in doc.items:
        if isinstance(item, Table):
            _table(d, item)
        elif item.kind == "title":
            _paragraph(d, item.text, item.lang, style="Title")
        elif item.kind == "heading":
            _paragraph(d, item.text, item.lang, style="Heading 1")
        elif item.kind == "subheading":
            _paragraph(d, item.text, item.lang, style="Heading 2")
        elif item.kind == "meta":
            _paragraph(d, item.text, item.lang, italic=True)
        else:
            _paragraph(d, item.text, item.lang)
    buffer = io.BytesIO()
    d.save(buffer)
    return buffer.getvalue()


WRITER = register(Writer("docx", "Word document (DOCX)", (".docx",), render_docx))
