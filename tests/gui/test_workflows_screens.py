"""Arabic in the post-editing and compare views: right-to-left cells and paragraphs, nothing lost.

Set ``DESK_SCREENSHOTS_DIR`` to also save ``postedit.png`` and ``compare.png`` there (the
pictures in ``docs/screenshots`` are made this way)::

    DESK_SCREENSHOTS_DIR=docs/screenshots python -m pytest tests/gui/test_workflows_screens.py
"""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

from desk.core.paths import resources_dir
from desk.core.text.articles import load_articles
from desk.core.workbench.memory import TranslationMemory
from desk.gui.main_window import MainWindow
from desk.gui.postedit.table import SOURCE, TARGET
from tests.gui.compare.test_window import open_other, run_compare
from tests.gui.conftest import install, open_file, save_shot
from tests.gui.postedit.test_controller import edit_in_place, translate_and_wait

pytestmark = pytest.mark.gui

SAMPLES = resources_dir() / "samples"
IN_MEMORY = ["t0", "p0s0", "p1s0", "p1s1", "p3s0", "p4s0", "p4s1", "p5s0"]  # confirmed earlier


def option_for(view, row: int, column: int) -> QStyleOptionViewItem:  # noqa: ANN001
    option = QStyleOptionViewItem()
    view.delegate.initStyleOption(option, view.model.index(row, column))
    return option


def test_post_editing_an_arabic_article(qtbot, window: MainWindow, tiny_packages: dict) -> None:
    ar_path, en_path = SAMPLES / "sample-ar.txt", SAMPLES / "sample-en.txt"
    arabic, english = load_articles(ar_path)[0], load_articles(en_path)[0]
    reference = {s.id: s.text for s in english.all_sentences()}
    with TranslationMemory() as memory:
        for sid in IN_MEMORY:
            memory.add(arabic.sentence(sid).text, reference[sid], "ar", "en", origin="edited")
        near = arabic.sentence("p3s1").text.replace("خمسة عشر", "عشرين")  # a close match, not exact
        memory.add(near, reference["p3s1"].replace("fifteen", "twenty"), "ar", "en", origin="edited")
    install(tiny_packages["ar-en"], "ar", "en")
    window.translator.reload_models()
    window.resize(1440, 900)
    window.reset_layout()
    open_file(qtbot, window, ar_path)
    translate_and_wait(qtbot, window)
    workflows = window.workflows
    workflows.set_postedit_mode(True)
    window.pane_actions[3].trigger()  # hide the summary pane: room for the grid
    view = workflows.view
    pe = workflows.postedit
    assert [sid for sid in view.model.ids if pe.session.target(sid).origin == "memory"] == IN_MEMORY

    edit_in_place(qtbot, view, "p2s0", reference["p2s0"], confirm=True)
    edit_in_place(qtbot, view, "p2s1", reference["p2s1"])
    edit_in_place(qtbot, view, "p3s0", reference["p3s0"].replace("48", "84"))  # a slip the QA catches
    for sid in ("t0", "p0s0"):
        pe.confirm(sid)
    assert "number-mismatch" in pe.session.target("p3s0").flags
    with qtbot.waitSignal(pe.suggestions_ready, timeout=5000):
        view.select_sentence("p3s1")
    assert view.matches and not view.matches[0].exact and 80 < view.matches[0].score < 100
    with qtbot.waitSignal(pe.suggestions_ready, timeout=5000):
        view.select_sentence("p3s0")  # the slip: the memory still offers the right figure
    assert view.matches[0].exact and "48" in view.matches[0].entry.target

    row = view.model.row_of("p1s0")
    source, target = option_for(view, row, SOURCE), option_for(view, row, TARGET)
    assert source.direction == Qt.LayoutDirection.RightToLeft and target.direction == Qt.LayoutDirection.LeftToRight
    # where the text really goes once the style mirrors (or not) the alignment for the direction
    assert QStyle.visualAlignment(source.direction, source.displayAlignment) & Qt.AlignmentFlag.AlignRight
    assert QStyle.visualAlignment(target.direction, target.displayAlignment) & Qt.AlignmentFlag.AlignLeft
    assert "Noto Naskh Arabic" in source.font.families()
    rect = view.table.visualRect(view.model.index(row, SOURCE))
    assert rect.height() >= view.table.fontMetrics().lineSpacing() * 2  # wrapped, not cut to one line
    window.pane_splitter.setSizes([520, 640, 0])
    view.table.scrollToTop()
    qtbot.wait(100)
    save_shot(window, "postedit.png")


def test_comparing_two_arabic_versions(qtbot, window: MainWindow, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    text = (SAMPLES / "sample-ar.txt").read_text(encoding="utf-8")
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    title, body = paragraphs[0], paragraphs[1:]
    update = list(body)
    update[1] = update[1].replace("12 ألف", "15 ألف")  # an edited figure
    update[3] = update[3].split(". ")[0] + "."  # the funding sentence removed
    update[4] += " وأكدت الهيئة أنها ستنشر أول القياسات خلال شهر."  # a sentence added
    update = [update[5], *update[:5]]  # the last paragraph moved to the top
    (tmp_path / "v1.txt").write_text("\n\n".join([title, *body]) + "\n", encoding="utf-8")
    (tmp_path / "v2.txt").write_text("\n\n".join([title, *update]) + "\n", encoding="utf-8")
    open_file(qtbot, window, tmp_path / "v1.txt")
    compare = window.workflows.open_compare("versions")
    compare.resize(1200, 760)
    open_other(qtbot, compare, tmp_path / "v2.txt", monkeypatch)
    run_compare(qtbot, compare)
    ops = [op for op, _, _ in compare.rows()]
    assert ops.count("changed") == 1 and ops.count("removed") == 1 and ops.count("added") == 1
    assert ops.count("moved") == 1
    doc = compare.browser.document()
    for sentence in window.document.current.all_sentences():
        found = doc.find(sentence.text[:30])
        assert not found.isNull(), sentence.id
        assert found.block().blockFormat().layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert "15" in compare.browser.toHtml() and "#a9dfa2" in compare.browser.toHtml()
    qtbot.wait(100)
    save_shot(compare, "compare.png")
