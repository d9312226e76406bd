"""The post-editing view in the window: it fits the screen, and it goes through the sentences in
review order with quiet confidence markers; an engine with known output (tests/gui/known_model.py).

Set ``DESK_SCREENSHOTS_DIR`` to also save ``postedit-review-order.png`` (1024x700) and
``postedit-review-order-1920.png`` there (``docs/screenshots`` is made this way).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from desk.gui.main_window import MainWindow
from desk.gui.postedit.table import STATUS, TARGET, UNSURE
from tests.gui.conftest import save_shot
from tests.gui.known_model import translate_known_article

pytestmark = pytest.mark.gui


@pytest.fixture
def post_editing(qtbot, window: MainWindow, tiny_packages: dict, tmp_path: Path,  # noqa: ANN001
                 monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    translate_known_article(qtbot, window, tiny_packages, tmp_path, monkeypatch)
    window.workflows.set_postedit_mode(True)
    return window


@pytest.mark.parametrize("size", [(1024, 700), (1280, 800)])
def test_post_editing_mode_keeps_the_window_on_the_screen(qtbot, messages: list, post_editing: MainWindow,
                                                          size: tuple[int, int]) -> None:
    window = post_editing
    window.workflows.set_postedit_mode(False)
    window.resize(*size)
    qtbot.wait(20)
    list_width = window.article_list.width()
    window.workflows.set_postedit_mode(True)
    qtbot.wait(20)
    assert window.workflows.view.isVisible()
    assert window.width() == size[0] and window.minimumSizeHint().width() <= size[0]
    assert window.article_list.width() == list_width >= 150
    assert window.translation.width() >= 0.4 * window.pane_splitter.width()  # room for the table
    window.workflows.set_postedit_mode(False)
    assert window.translation.width() < 0.4 * window.pane_splitter.width()  # the panes as they were
    window.workflows.set_postedit_mode(True)
    # a new window remembers post-editing mode: it opens at the size asked for, not wider
    again = MainWindow()
    qtbot.addWidget(again)
    again.resize(*size)
    again.show()
    qtbot.waitExposed(again)
    assert again.workflows.postedit_mode and again.width() == size[0] and again.article_list.width() >= 150
    again.runner.shutdown(5000)


def test_review_order_flagged_first_then_least_confident_with_quiet_markers(qtbot, post_editing: MainWindow) -> None:
    view = post_editing.workflows.view
    document_order = list(view.model.ids)
    assert document_order == ["t0", "p0s0", "p0s1", "p1s0", "p1s1", "p1s2"]
    view.review.setChecked(True)
    # p0s0 (Sunday for Monday) is flagged; then confidence 0.20, 0.41, 0.74, then 0.90 in order
    assert view.model.ids == ["p0s0", "p1s1", "p1s0", "p1s2", "t0", "p0s1"]
    status = {sid: str(view.model.data(view.model.index(row, STATUS))) for row, sid in enumerate(view.model.ids)}
    assert UNSURE in status["p1s1"] and all(UNSURE not in status[sid] for sid in status if sid != "p1s1")
    tip = str(view.model.data(view.model.index(view.model.row_of("p1s1"), TARGET), 0x0003))  # ToolTipRole
    assert "Model confidence 20%" in tip and "least sure" in tip
    # "Next to do" follows the table: after the flagged one comes the least confident one
    view.select_sentence("p0s0")
    view.go_next(flagged=False)
    assert view.current_id() == "p1s1"
    for size, name in (((1024, 700), "postedit-review-order.png"), ((1920, 1080), "postedit-review-order-1920.png")):
        post_editing.workflows.set_postedit_mode(False)  # entering post-editing at this size makes its room
        post_editing.resize(*size)
        post_editing.workflows.set_postedit_mode(True)
        view.select_sentence("p1s1")
        qtbot.wait(50)
        save_shot(post_editing, name)
    view.review.setChecked(False)
    assert view.model.ids == document_order and view.current_id() == "p1s1"
