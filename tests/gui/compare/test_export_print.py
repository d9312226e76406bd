"""The compare window: a new choice clears the old result; Arabic versions named by file; export
(HTML, DOCX) and print of the result; sentences named, not numbered by id.

Set ``DESK_SCREENSHOTS_DIR=docs/screenshots`` to also save ``compare-exported.png``.
"""
from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from PySide6.QtGui import QFontMetrics
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog, QTextBrowser

from desk.core.compare.export import OP_COLORS
from desk.gui.main_window import MainWindow
from tests.gui.compare.test_window import open_other, run_compare
from tests.gui.conftest import open_file
from tests.gui.test_workflows_screens import SAMPLES, save_shot

pytestmark = pytest.mark.gui


def arabic_versions(tmp_path: Path) -> tuple[Path, Path]:
    text = (SAMPLES / "sample-ar.txt").read_text(encoding="utf-8")
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    title, body = paragraphs[0], paragraphs[1:]
    update = list(body)
    update[1] = update[1].replace("12 ألف", "15 ألف")
    update[4] += " وأكدت الهيئة أنها ستنشر أول القياسات خلال شهر."
    a, b = tmp_path / "desalination-monday.txt", tmp_path / "desalination-tuesday.txt"
    a.write_text("\n\n".join([title, *body]) + "\n", encoding="utf-8")
    b.write_text("\n\n".join([title, *update]) + "\n", encoding="utf-8")
    return a, b


def test_arabic_versions_export_print_and_clear(qtbot, window: MainWindow, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = arabic_versions(tmp_path)
    open_file(qtbot, window, a)
    compare = window.workflows.open_compare("versions")
    compare.resize(1024, 700)
    open_other(qtbot, compare, b, monkeypatch)
    # A and B are told apart by their files, and B's picker shows its text whole at this size
    shown_b = compare.versions_b.currentText()
    assert shown_b.startswith("desalination-tuesday.txt · Arabic · ")
    assert "desalination-monday.txt" in compare.a_label.text()
    qtbot.wait(50)
    assert compare.versions_b.width() >= QFontMetrics(compare.versions_b.font()).horizontalAdvance(shown_b) + 20
    assert not compare.export_button.isEnabled()
    run_compare(qtbot, compare)
    assert compare.export_button.isEnabled()
    save_shot(compare, "compare-window-1024.png")
    page = compare.browser.toPlainText()
    assert "¶2, sentence 1" in page and "p1s0" not in page

    saved = tmp_path / "exports" / "cmp"
    saved.parent.mkdir()
    html_filter = "Web page (HTML) (*.html *.htm *.xhtml)"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(saved), html_filter))
    handle = compare.export()
    qtbot.waitUntil(lambda: handle.finished, timeout=10000)
    assert handle.outcome == "succeeded", handle.error
    html = saved.with_suffix(".html").read_text(encoding="utf-8")
    assert f"background-color:{OP_COLORS['changed']}" in html and "<ins>15</ins>" in html and 'dir="rtl"' in html
    viewer = QTextBrowser()
    qtbot.addWidget(viewer)
    viewer.resize(1024, 700)
    viewer.setHtml(html.replace('dir="rtl"', 'dir="rtl" align="right"'))
    viewer.show()
    qtbot.waitExposed(viewer)
    save_shot(viewer, "compare-exported.png")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "exports" / "cmp.docx"), ""))
    handle = compare.export()
    qtbot.waitUntil(lambda: handle.finished, timeout=10000)
    table = docx.Document(str(tmp_path / "exports" / "cmp.docx")).tables[0]
    changed = next(r for r in table.rows[1:] if r.cells[1].paragraphs[0].text == "changed")
    assert changed.cells[1]._tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) == OP_COLORS["changed"][1:].upper()
    arabic = next(p for p in changed.cells[0].paragraphs if "المحطة" in p.text or "ألف" in p.text)
    assert arabic._p.pPr.find(qn("w:bidi")) is not None

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    compare.print_to(printer)
    assert (tmp_path / "printed.pdf").read_bytes()[:5] == b"%PDF-"

    compare.set_mode("translations")  # another kind of comparison: the old result goes
    assert compare.comparison is None and compare.browser.toPlainText() == "" and not compare.export_button.isEnabled()
