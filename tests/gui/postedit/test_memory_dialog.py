"""The memory and glossary dialog: stats, TMX/XLIFF export and import, glossary CSV/TBX, article XLIFF."""
from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from desk.core.workbench.glossary_io import read_csv, read_tbx
from desk.core.workbench.tmx import XLIFF2_NS, XLIFF12_NS, read_tmx
from desk.gui.main_window import MainWindow
from tests.gui.postedit.test_controller import EDIT, edit_in_place, news_file, ready_to_post_edit  # noqa: F401

pytestmark = pytest.mark.gui

EDIT2 = "ورحب المعلمون بالقرار."


def answer_dialogs(monkeypatch: pytest.MonkeyPatch, save: tuple[str, str] | None = None,
                   open_: tuple[str, str] | None = None) -> None:
    if save is not None:
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: save)
    if open_ is not None:
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: open_)


def wait_idle(qtbot, dialog) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: not dialog.busy(), timeout=10000)


def test_memory_stats_tmx_round_trip_and_xliff(qtbot, window: MainWindow, tiny_packages: dict, news_file: Path,  # noqa: F811
                                               tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    view = ready_to_post_edit(qtbot, window, tiny_packages["en-ar"], news_file)
    article = window.document.current
    edit_in_place(qtbot, view, "p0s0", EDIT, confirm=True)
    edit_in_place(qtbot, view, "p0s1", EDIT2, confirm=True)

    qtbot.keyClick(window, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = window.workflows.memory_dialog
    assert dialog is not None and dialog.isVisible()
    wait_idle(qtbot, dialog)
    stats = dialog.memory_stats.text()
    assert "<b>2</b> sentence pairs" in stats and "en→ar: 2" in stats and "edited: 2" in stats
    shown = {(dialog.memory_table.item(r, 0).text(), dialog.memory_table.item(r, 1).text())
             for r in range(dialog.memory_table.rowCount())}
    assert shown == {(article.sentence("p0s0").text, EDIT), (article.sentence("p0s1").text, EDIT2)}
    dialog.memory_filter.setText("Teachers")
    dialog.memory_filter.returnPressed.emit()
    wait_idle(qtbot, dialog)
    assert dialog.memory_table.rowCount() == 1 and dialog.memory_table.item(0, 1).text() == EDIT2

    tmx = tmp_path / "memory.tmx"
    answer_dialogs(monkeypatch, save=(str(tmx), "TMX 1.4 (*.tmx)"))
    dialog.export_memory("tmx")
    wait_idle(qtbot, dialog)
    pairs = {(e.source, e.target, e.source_lang, e.target_lang, e.origin) for e in read_tmx(tmx)}
    assert pairs == {(article.sentence("p0s0").text, EDIT, "en", "ar", "edited"),
                     (article.sentence("p0s1").text, EDIT2, "en", "ar", "edited")}
    assert len(etree.parse(str(tmx)).getroot().findall(".//tu")) == 2  # a second parser agrees

    memory = window.workflows.postedit.memory
    memory.clear()
    dialog.memory_filter.clear()
    dialog.refresh_memory()
    wait_idle(qtbot, dialog)
    assert "<b>0</b> sentence pairs" in dialog.memory_stats.text()
    answer_dialogs(monkeypatch, open_=(str(tmx), ""))
    dialog.import_tmx()
    wait_idle(qtbot, dialog)
    assert "<b>2</b> sentence pairs" in dialog.memory_stats.text()
    assert memory.lookup(article.sentence("p0s0").text, "en", "ar").target == EDIT
    assert "Imported memory.tmx: 2 added" in window.statusBar().currentMessage()

    xlf = tmp_path / "memory12"
    answer_dialogs(monkeypatch, save=(str(xlf), "XLIFF 1.2 (*.xlf)"))
    dialog.export_memory("xliff")
    wait_idle(qtbot, dialog)
    root = etree.parse(str(xlf) + ".xlf").getroot()
    assert root.get("version") == "1.2"
    assert sorted(t.text for t in root.iter(f"{{{XLIFF12_NS}}}target")) == sorted([EDIT, EDIT2])

    # The article's work as XLIFF 2.0 (Work menu): every sentence, states from the post-editing.
    article_xlf = tmp_path / "article.xlf"
    answer_dialogs(monkeypatch, save=(str(article_xlf), "XLIFF 2.0 (*.xlf)"))
    window.workflows.act_xliff.trigger()
    qtbot.waitUntil(lambda: article_xlf.exists() and not window.runner.busy(), timeout=10000)
    units = etree.parse(str(article_xlf)).getroot().findall(f".//{{{XLIFF2_NS}}}unit")
    assert [u.get("id") for u in units] == [s.id for s in article.all_sentences()]
    states = {u.get("id"): u.find(f"{{{XLIFF2_NS}}}segment").get("state") for u in units}
    assert states["p0s0"] == states["p0s1"] == "final" and states["t0"] == "initial"
    target = units[[u.get("id") for u in units].index("p0s0")].find(f".//{{{XLIFF2_NS}}}target")
    assert target.text == EDIT


def test_glossary_add_filter_remove_and_csv_tbx_round_trips(qtbot, window: MainWindow, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch,
                                                            messages: list) -> None:
    dialog = window.workflows.open_memory_dialog()
    wait_idle(qtbot, dialog)
    dialog.tabs.setCurrentIndex(1)
    for source, target, direction, note in (("council", "المجلس", "en-ar", ""),
                                            ("الرياض", "Riyadh", "ar-en", "capital")):
        dialog.term_source.setText(source)
        dialog.term_target.setText(target)
        dialog.term_direction.setCurrentIndex(dialog.term_direction.findData(direction))
        dialog.term_note.setText(note)
        qtbot.mouseClick(dialog.add_term_button, Qt.MouseButton.LeftButton)
    assert dialog.term_table.rowCount() == 2 and dialog.glossary_stats.text() == "2 term pairs"
    dialog.term_filter.setText("riy")
    assert dialog.term_table.rowCount() == 1 and dialog.term_table.item(0, 0).text() == "الرياض"
    dialog.term_filter.clear()
    expected = {(t.source_term, t.target_term, t.source_lang, t.target_lang, t.note)
                for t in window.workflows.postedit.glossary.terms()}
    assert expected == {("council", "المجلس", "en", "ar", ""), ("الرياض", "Riyadh", "ar", "en", "capital")}

    csv_path, tbx_path = tmp_path / "terms.csv", tmp_path / "terms"
    answer_dialogs(monkeypatch, save=(str(csv_path), "CSV, UTF-8 (*.csv)"))
    dialog.export_glossary()
    wait_idle(qtbot, dialog)
    assert csv_path.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel opens the Arabic right
    terms = read_csv(csv_path)
    assert {(t.source_term, t.target_term, t.source_lang, t.target_lang, t.note) for t in terms} == expected
    answer_dialogs(monkeypatch, save=(str(tbx_path), "TBX (*.tbx)"))
    dialog.export_glossary()
    wait_idle(qtbot, dialog)
    tbx_file = tbx_path.with_suffix(".tbx")
    assert {frozenset((t.source_term, t.target_term)) for t in read_tbx(tbx_file)} == \
        {frozenset(("council", "المجلس")), frozenset(("الرياض", "Riyadh"))}

    dialog.term_table.selectAll()
    qtbot.mouseClick(dialog.remove_term_button, Qt.MouseButton.LeftButton)
    assert dialog.term_table.rowCount() == 0 and len(window.workflows.postedit.glossary) == 0

    answer_dialogs(monkeypatch, open_=(str(csv_path), ""))
    dialog.import_glossary()
    wait_idle(qtbot, dialog)
    assert dialog.term_table.rowCount() == 2
    assert {(t.source_term, t.target_term, t.source_lang, t.target_lang, t.note)
            for t in window.workflows.postedit.glossary.terms()} == expected

    window.workflows.postedit.glossary.clear()
    answer_dialogs(monkeypatch, open_=(str(tbx_file), ""))
    dialog.import_glossary()
    wait_idle(qtbot, dialog)
    assert dialog.term_table.rowCount() == 2

    broken = tmp_path / "broken.tbx"
    broken.write_text("<martif><text><body><termEntry>", encoding="utf-8")
    answer_dialogs(monkeypatch, open_=(str(broken), ""))
    dialog.import_glossary()
    wait_idle(qtbot, dialog)
    assert messages and messages[-1][0] == "warning" and "broken.tbx" in messages[-1][1]
    assert "Traceback" not in messages[-1][1]
