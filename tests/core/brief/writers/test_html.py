"""HTML writer: lang/dir everywhere, escaping."""
from __future__ import annotations

from lxml import html as lxml_html

from desk.core.brief.document import Document
from desk.core.brief.writers.html import render_html
from tests.core.brief.writers.sample import sample


def test_html_dir_attributes_parse() -> None:
    tree = lxml_html.fromstring(render_html(sample()).encode("utf-8"))
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
    out = render_html(doc)
    assert "<script>" not in out and "&lt;script&gt;" in out
    tree = lxml_html.fromstring(out.encode())
    assert [p.text for p in tree.iter("p")] == ["5 < 6 & <script>alert(1)</script>"]
