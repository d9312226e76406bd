"""Export writers: DOCX direction markup and schema order, HTML dir attributes, Markdown, text, atomic files."""
from __future__ import annotations

import os

from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from lxml import html as lxml_html

from desk.core.brief import export
from desk.core.errors import DeskError
from desk.core.brief.export import Block, Cell, Document, Table, atomic_write, format_for_path, write_document


def sample() -> Document:
    doc = Document("عنوان التقرير", "ar")
    doc.add("title", "عنوان التقرير")
    doc.add("meta", "Source: pasted · 2025-03-01", "en")
    doc.add("heading", "الملخص")
    doc.add("paragraph", "قال الوزير إن الخطة تبدأ العام المقبل.")
    doc.add("paragraph", "The minister said | the plan starts next year.", "en")
    doc.items.append(Table([Cell("Arabic", "en"), Cell("English", "en")],
                           [[Cell("مرحبا | بكم", "ar"), Cell("Welcome", "en")]]))
    return doc


def test_direction_helpers() -> None:
    assert export.direction("ar") == "rtl" and export.direction("ar-EG") == "rtl"
    assert export.direction("en") == "ltr" and export.direction("fr") == "ltr"


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
        assert rpr.find(qn("w:rFonts")).get(qn("w:cs")) == export.ARABIC_FONT
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


def test_html_dir_attributes_parse() -> None:
    tree = lxml_html.fromstring(export.render_html(sample()).encode("utf-8"))
    assert tree.tag == "html" and tree.get("lang") == "ar" and tree.get("dir") == "rtl"
    assert tree.findtext(".//title") == "عنوان التقرير"
    h1 = tree.find(".//h1")
    assert h1.text == "عنوان التقرير" and h1.get("dir") == "rtl"
    ps = {p.text: p for p in tree.iter("p")}
    assert ps["قال الوزير إن الخطة تبدأ العام المقبل."].get("dir") == "rtl"
    assert ps["The minister said | the plan starts next year."].get("dir") == "ltr"
    assert ps["Source: pasted · 2025-03-01"].get("class") == "meta"
    tds = tree.findall(".//td")
    assert [(td.text, td.get("dir"), td.get("lang")) for td in tds] == [
        ("مرحبا | بكم", "rtl", "ar"), ("Welcome", "ltr", "en"),
    ]


def test_html_escapes_markup() -> None:
    doc = Document("<b>x</b>", "en")
    doc.add("paragraph", "5 < 6 & <script>alert(1)</script>")
    out = export.render_html(doc)
    assert "<script>" not in out and "&lt;script&gt;" in out
    tree = lxml_html.fromstring(out.encode())
    assert [p.text for p in tree.iter("p")] == ["5 < 6 & <script>alert(1)</script>"]


def test_markdown_and_text() -> None:
    md = export.render_markdown(sample())
    lines = md.splitlines()
    assert lines[0] == "# عنوان التقرير"
    assert "## الملخص" in lines and "*Source: pasted · 2025-03-01*" in lines
    assert "| مرحبا \\| بكم | Welcome |" in lines and "|---|---|" in lines
    assert "The minister said | the plan starts next year." in lines
    txt = export.render_text(sample())
    assert txt.splitlines()[:2] == ["عنوان التقرير", "=" * len("عنوان التقرير")]
    assert "*" not in txt and "#" not in txt


def test_format_for_path() -> None:
    assert format_for_path(Path("a.DOCX")) == "docx"
    assert format_for_path(Path("a.htm")) == "html"
    assert format_for_path(Path("a.markdown")) == "md"
    assert format_for_path(Path("a.bin"), "text") == "txt"
    with pytest.raises(DeskError, match="Cannot tell"):
        format_for_path(Path("a.bin"))
    with pytest.raises(DeskError, match="Unknown export format"):
        format_for_path(Path("a.md"), "pdf")


def test_atomic_write_keeps_old_file_when_interrupted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "brief.md"
    target.write_text("old")

    def boom(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, b"new content")
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.md"]  # no .part left behind
    monkeypatch.undo()
    atomic_write(target, b"new content")
    assert target.read_bytes() == b"new content"


def test_write_document_reports_unwritable_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(DeskError, match="Cannot write"):
        write_document(Document("t"), blocker / "sub" / "x.md")


def test_clipboard_has_text_and_html() -> None:
    doc = Document("T", "en", [Block("title", "T", "en"), Block("paragraph", "نص", "ar")])
    clip = export.clipboard_content(doc)
    assert clip.text.startswith("T\n") and "نص" in clip.text
    assert '<p lang="ar" dir="rtl">نص</p>' in clip.html
