"""DOCX writer: direction markup in schema order, core-property limits."""
from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml.ns import qn

from desk.core.brief.writers import write_document
from desk.core.brief.writers.docx import ARABIC_FONT
from tests.core.brief.writers.sample import sample


def test_docx_marks_only_arabic_paragraphs_rtl_in_schema_order(tmp_path: Path) -> None:
    path = write_document(sample(), tmp_path / "x.docx")
    d = docx.Document(str(path))
    paragraphs = {p.text: p for p in d.paragraphs if p.text}
    assert d.core_properties.title == "عنوان التقرير" and d.core_properties.language == "ar"
    for text in ("عنوان التقرير", "الملخص", "قال الوزير إن الخطة تبدأ العام المقبل."):
        p = paragraphs[text]
        ppr = p._p.pPr
        children = [c.tag for c in ppr]
        assert qn("w:bidi") in children
        if qn("w:pStyle") in children:  # schema order: pStyle before bidi
            assert children.index(qn("w:pStyle")) < children.index(qn("w:bidi"))
        assert ppr.find(qn("w:jc")) is None  # aligned at the start of an RTL paragraph: the right edge
        rpr = p.runs[0]._r.rPr
        assert rpr.find(qn("w:rtl")) is not None
        assert rpr.find(qn("w:rFonts")).get(qn("w:cs")) == ARABIC_FONT
        tags = [c.tag for c in rpr]
        assert tags.index(qn("w:rFonts")) < tags.index(qn("w:rtl")) < tags.index(qn("w:lang"))
    assert paragraphs["الملخص"].style.name == "Heading 1"
    english = paragraphs["The minister said | the plan starts next year."]
    assert english._p.pPr is None or english._p.pPr.find(qn("w:bidi")) is None
    meta = paragraphs["Source: pasted · 2025-03-01"]
    assert meta.runs[0].italic
    cells = d.tables[0].rows[1].cells
    assert cells[0].text == "مرحبا | بكم" and cells[0].paragraphs[0]._p.pPr.find(qn("w:bidi")) is not None
    assert cells[1].paragraphs[0]._p.pPr is None
