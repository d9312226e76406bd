"""The brief dialog: a DOCX brief in translation (with the post-edits) re-opened and checked; HTML,
clipboard and the bilingual table."""
from __future__ import annotations

from html import escape
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog

from desk.gui.main_window import MainWindow
from tests.gui.postedit.test_controller import edit_in_place, news_file, ready_to_post_edit  # noqa: F401

pytestmark = pytest.mark.gui

HEADLINE = "المجلس يدعم ميزانية المدارس"


def bidi(paragraph) -> bool:  # noqa: ANN001
    ppr = paragraph._p.pPr
    return ppr is not None and ppr.find(qn("w:bidi")) is not None


def wait_brief(qtbot, dialog) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: not dialog.busy() and dialog.brief is not None, timeout=10000)


def save_as(monkeypatch: pytest.MonkeyPatch, path: Path, chosen: str = "") -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), chosen))


def test_docx_brief_in_translation_carries_the_post_edits(qtbot, window: MainWindow, tiny_packages: dict,
                                                          news_file: Path, tmp_path: Path,  # noqa: F811
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    view = ready_to_post_edit(qtbot, window, tiny_packages["en-ar"], news_file)
    edit_in_place(qtbot, view, "t0", HEADLINE)
    session = window.workflows.postedit.session

    qtbot.keyClick(window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    dialog = window.workflows.brief_dialog
    assert dialog is not None and dialog.isVisible()
    wait_brief(qtbot, dialog)
    assert dialog.brief.lang == "en" and dialog.brief.title == window.document.current.title  # original first
    dialog.language.setCurrentIndex(dialog.language.findData("ar"))
    dialog.source.setCurrentIndex(dialog.source.findData("translation"))
    dialog.include_translation.setChecked(True)
    dialog.format.setCurrentIndex(dialog.format.findData("docx"))
    qtbot.waitUntil(lambda: dialog.brief is not None and dialog.brief.lang == "ar"
                    and dialog.brief.translation is not None, timeout=10000)
    brief = dialog.brief
    assert brief.title == HEADLINE and HEADLINE in dialog.preview.toPlainText()
    shown = dialog.preview.document().find(brief.summary[0].text).block().blockFormat()  # the preview: RTL, right
    assert shown.layoutDirection() == Qt.LayoutDirection.RightToLeft and shown.alignment() & Qt.AlignmentFlag.AlignRight

    out = tmp_path / "brief"  # no suffix: the format's is added
    save_as(monkeypatch, out)
    handle = dialog.save()
    qtbot.waitUntil(lambda: handle.finished, timeout=10000)
    assert handle.outcome == "succeeded", handle.error
    document = docx.Document(str(out.with_suffix(".docx")))
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    title = paragraphs[0]
    assert title.text == HEADLINE and title.style.name == "Title" and bidi(title)
    texts = [p.text for p in paragraphs]
    summary_at = texts.index("الملخص")
    picked = [s.id for s in brief.summary]
    assert picked and texts[summary_at + 1: summary_at + 1 + len(picked)] == [session.target(i).text for i in picked]
    assert all(bidi(p) for p in paragraphs[summary_at: summary_at + 1 + len(picked)])
    full_at = texts.index("الترجمة الكاملة")
    article = window.document.current
    body = [" ".join(session.target(s.id).text for s in p.sentences) for p in article.paragraphs]
    assert [t for t in texts[full_at + 1:] if not t.startswith(("Machine translation", "ترجمة آلية"))] == body
    head = " ".join(texts[:summary_at])  # original headline and the source line
    assert article.title in head and "news.txt" in head


def test_original_brief_as_html_clipboard_and_bilingual_table(qtbot, window: MainWindow, tiny_packages: dict,
                                                              news_file: Path, tmp_path: Path,  # noqa: F811
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    view = ready_to_post_edit(qtbot, window, tiny_packages["en-ar"], news_file)
    edit_in_place(qtbot, view, "p0s1", "رحب المعلمون بالقرار.")
    article = window.document.current
    dialog = window.workflows.open_brief_dialog()
    dialog.format.setCurrentIndex(dialog.format.findData("html"))
    dialog.length.setValue(2)
    qtbot.waitUntil(lambda: dialog.brief is not None and len(dialog.brief.summary) == 2 and not dialog.busy(),
                    timeout=10000)
    brief = dialog.brief
    assert [s.text for s in brief.summary] == [article.sentence(s.id).text for s in brief.summary]

    out = tmp_path / "brief.html"
    save_as(monkeypatch, out)
    handle = dialog.save()
    qtbot.waitUntil(lambda: handle.finished, timeout=10000)
    html = out.read_text(encoding="utf-8")
    assert f'<h1 lang="en" dir="ltr">{escape(article.title)}</h1>' in html
    assert all(f'<p lang="en" dir="ltr">{escape(s.text)}</p>' in html for s in brief.summary)

    assert dialog.copy()
    mime = QGuiApplication.clipboard().mimeData()
    assert mime.hasHtml() and mime.text().splitlines()[0] == article.title
    assert brief.summary[0].text in mime.html()

    table_path = tmp_path / "side-by-side.docx"
    dialog.format.setCurrentIndex(dialog.format.findData("docx"))
    save_as(monkeypatch, table_path)
    handle = dialog.export_bilingual()
    qtbot.waitUntil(lambda: handle.finished, timeout=10000)
    assert handle.outcome == "succeeded", handle.error
    table = docx.Document(str(table_path)).tables[0]
    sentences = list(article.all_sentences())
    assert len(table.rows) == len(sentences) + 1
    session = window.workflows.postedit.session
    for row, sentence in zip(table.rows[1:], sentences):
        source, target = row.cells
        assert source.text == sentence.text and not bidi(source.paragraphs[0])
        assert target.text == session.target(sentence.id).text and bidi(target.paragraphs[0])
    assert table.rows[1 + [s.id for s in sentences].index("p0s1")].cells[1].text == "رحب المعلمون بالقرار."
