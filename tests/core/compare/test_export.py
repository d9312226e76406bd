"""Comparison exports: HTML and DOCX with the window's colours, word marks, RTL, readable sentence names."""
from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml.ns import qn
from lxml import html as lxml_html

from desk.core.compare.export import OP_COLORS, comparison_document, export_comparison, export_summaries
from desk.core.compare.versions import compare_articles, compare_cross_language, compare_summaries
from desk.core.model import LengthRule, Sentence, Summary, SummaryPick
from tests.core.brief.test_compose import make_article

OLD = [["The port reopened on Tuesday after a storm closed it for three days.", "Ships queued overnight."],
       ["Officials said repairs would take a month.", "Fishermen were allowed back on Wednesday."]]
NEW = [["The port reopened on Tuesday after a storm closed it for four days.", "Ships queued overnight."],
       ["Fishermen were allowed back on Wednesday.", "The mayor thanked the rescue teams."]]


def same_language():
    return compare_articles(make_article(OLD, title="Port reopens"), make_article(NEW, title="Port reopens"))


def cross_language():
    ar = [Sentence("p0s0", "أعيد فتح الميناء يوم الثلاثاء.", "ar"), Sentence("p0s1", "واصطفت السفن طوال الليل.", "ar")]
    en = [Sentence("p0s0", "The port reopened on Tuesday.", "en"),
          Sentence("p1s0", "Ships queued all night long.", "en")]
    mt = {"أعيد فتح الميناء يوم الثلاثاء.": "The port was reopened on Tuesday.",
          "واصطفت السفن طوال الليل.": "Ships queued all night."}
    return compare_cross_language(ar, en, translate=lambda texts: [mt[t] for t in texts])


def test_html_export_has_the_window_colours_word_marks_and_names(tmp_path: Path) -> None:
    page = export_comparison(same_language(), tmp_path / "cmp.html", name_a="old.txt", name_b="new.txt")
    tree = lxml_html.fromstring(page.read_bytes())
    rows = tree.findall(".//tr")[1:]
    styles = [r.findall("td")[1].get("style") for r in rows]
    ops = [r.findall("td")[1].text_content().strip().rstrip("%0123456789") for r in rows]
    assert set(ops) >= {"=", "changed", "added", "removed"}
    for style, op in zip(styles, ops):
        colour = OP_COLORS["equal" if op == "=" else op]
        assert style == f"background-color:{colour}"
    changed = rows[ops.index("changed")]
    a, b = changed.findall("td")[0], changed.findall("td")[2]
    assert [d.text for d in a.iter("del")] == ["three"] and [i.text for i in b.iter("ins")] == ["four"]
    assert a.find("p").text == "¶1, sentence 1"  # a name, not "p0s0"
    assert "p0s0" not in page.read_text(encoding="utf-8")
    assert "old.txt" in tree.findtext(".//h1")


def test_docx_export_shades_rows_and_marks_words(tmp_path: Path) -> None:
    path = export_comparison(same_language(), tmp_path / "cmp.docx", name_a="old.txt", name_b="new.txt")
    table = docx.Document(str(path)).tables[0]
    fills = {}
    for row in table.rows[1:]:
        op = row.cells[1].paragraphs[0].text
        shd = row.cells[1]._tc.tcPr.find(qn("w:shd"))
        fills[op] = shd.get(qn("w:fill"))
    assert fills["changed"] == OP_COLORS["changed"].lstrip("#").upper()
    assert fills["added"] == OP_COLORS["added"].lstrip("#").upper()
    changed = next(r for r in table.rows[1:] if r.cells[1].paragraphs[0].text == "changed")
    struck = [run.text for p in changed.cells[0].paragraphs for run in p.runs if run.font.strike]
    assert struck == ["three"]
    assert changed.cells[0].paragraphs[0].text == "¶1, sentence 1"


def test_cross_language_export_is_right_to_left_on_the_arabic_side(tmp_path: Path) -> None:
    result = cross_language()
    page = export_comparison(result, tmp_path / "x.html")
    tree = lxml_html.fromstring(page.read_bytes())
    arabic = [p for p in tree.iter("p") if p.text and "الميناء" in p.text]
    assert arabic and all(p.get("dir") == "rtl" and p.get("lang") == "ar" for p in arabic)
    d = docx.Document(str(export_comparison(result, tmp_path / "x.docx")))
    cell = d.tables[0].rows[1].cells[0]
    text_paragraph = next(p for p in cell.paragraphs if "الميناء" in p.text)
    assert text_paragraph._p.pPr.find(qn("w:bidi")) is not None and text_paragraph.runs[0].font.rtl


def test_changes_only_and_summaries(tmp_path: Path) -> None:
    doc = comparison_document(same_language(), hide_equal=True)
    ops = [row[1].text for row in doc.items[-1].rows]
    assert "=" not in ops and ops
    article = make_article(OLD)
    first = Summary("lexrank", "en", LengthRule(sentences=2), [SummaryPick("p0s0", 0, OLD[0][0], 0.9),
                                                                 SummaryPick("p1s0", 2, OLD[1][0], 0.5)])
    second = Summary("luhn", "en", LengthRule(sentences=2), [SummaryPick("p0s0", 0, OLD[0][0], 0.7)])
    page = export_summaries(compare_summaries(first, second, article), "en", tmp_path / "s.html").read_text()
    assert "¶2, sentence 1" in page and "✓ 0.90" in page
