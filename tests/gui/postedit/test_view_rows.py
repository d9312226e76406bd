"""Post-editing rows stay shorter than the table, however long a machine output or an edit is."""
from __future__ import annotations

from pathlib import Path

import pytest

from desk.gui.main_window import MainWindow
from tests.gui.postedit.test_controller import edit_in_place, news_file, ready_to_post_edit  # noqa: F401

pytestmark = pytest.mark.gui


def test_a_very_long_output_never_makes_a_row_taller_than_half_the_table(qtbot, window: MainWindow,
                                                                         tiny_packages: dict,
                                                                         news_file: Path) -> None:  # noqa: F811
    window.resize(1024, 700)
    view = ready_to_post_edit(qtbot, window, tiny_packages["en-ar"], news_file)
    long_text = " ".join(["هذه جملة طويلة جدا من مخرجات الترجمة الآلية تتكرر مرة بعد مرة."] * 60)
    edit_in_place(qtbot, view, "p0s0", long_text)
    qtbot.wait(120)  # the debounced fit after the edit
    row = view.model.row_of("p0s0")
    cap = view.max_row_height()
    assert view.table.sizeHintForRow(row) > cap  # the text would need more than that
    assert 0 < view.table.rowHeight(row) <= cap <= view.table.viewport().height() // 2 + 1
    view.fit_rows()
    assert all(view.table.rowHeight(r) <= cap for r in range(view.model.rowCount()))


def test_one_term_pair_is_singular(qtbot, window: MainWindow) -> None:
    from PySide6.QtCore import Qt

    dialog = window.workflows.open_memory_dialog()
    qtbot.waitUntil(lambda: not dialog.busy(), timeout=10000)
    dialog.tabs.setCurrentIndex(1)
    dialog.term_source.setText("council")
    dialog.term_target.setText("المجلس")
    qtbot.mouseClick(dialog.add_term_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.term_table.rowCount() == 1, timeout=5000)
    assert dialog.glossary_stats.text() == "1 term pair"
