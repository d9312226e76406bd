"""desk.gui.workflows alone: built on a bare QMainWindow with the stand-in's collaborators (no Desk
main window): the Work menu, the post-editing mode and its room, what the actions say when there
is nothing to act on, and the dialogs it opens once. (test_workflows_screens.py runs it in the
real window with Arabic content.)"""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QMainWindow, QSplitter

from desk.core.text.articles import articles_from_text
from desk.gui.panes.linking import LinkController
from desk.gui.panes.pane import Pane
from desk.gui.workflows import Workflows
from tests.gui.mocked import StandIn

pytestmark = pytest.mark.gui


class Built:
    def __init__(self, qtbot, stand: StandIn) -> None:  # noqa: ANN001
        self.stand = stand
        self.window = QMainWindow()
        qtbot.addWidget(self.window)
        self.window.menuBar().addMenu("&File")
        self.window.menuBar().addMenu("&Help")
        self.panes = [Pane("Original", "original"), Pane("Translation", "translation"), Pane("Summary", "summary")]
        self.splitter = QSplitter()
        for pane in self.panes:
            self.splitter.addWidget(pane)
        self.window.setCentralWidget(self.splitter)
        self.window.resize(1200, 600)
        self.splitter.setSizes([500, 300, 400])
        self.links = LinkController(*(pane.view for pane in self.panes))
        self.errors: list[str] = []
        self.statuses: list[tuple[str, int]] = []
        self.flows = Workflows(self.window, stand.document, stand.operations, stand.settings, self.panes[1],
                               self.links, self.errors.append, lambda m, ms: self.statuses.append((m, ms)))
        self.window.show()
        qtbot.waitExposed(self.window)

    @property
    def pane(self) -> Pane:
        return self.panes[1]


@pytest.fixture
def stand(qtbot) -> Iterator[StandIn]:  # noqa: ANN001
    stand = StandIn()
    yield stand
    stand.close()


def test_the_work_menu_sits_before_help(qtbot, stand: StandIn) -> None:  # noqa: ANN001
    built = Built(qtbot, stand)
    titles = [a.text() for a in built.window.menuBar().actions()]
    assert titles == ["&File", "&Work", "&Help"]
    texts = [a.text() for a in built.flows.menu.actions() if not a.isSeparator()]
    assert texts[0] == "&Post-edit" and "Compare &versions…" in texts and "&Brief…" in texts
    assert built.flows.act_postedit.shortcut().toString() == "Ctrl+E"
    assert built.flows.act_postedit in built.window.actions()  # shortcuts work with the menu closed


def test_post_editing_mode_swaps_the_translation_view_and_makes_room(qtbot, stand: StandIn) -> None:  # noqa: ANN001
    built = Built(qtbot, stand)
    flows = built.flows
    assert not flows.postedit_mode and built.pane.stack.isVisible()
    assert not flows.act_confirm.isEnabled() and "Ctrl+E" in flows.act_confirm.toolTip()  # says why
    before = built.splitter.sizes()
    flows.act_postedit.trigger()
    assert flows.postedit_mode and flows.act_postedit.isChecked()
    assert flows.view.isVisible() and not built.pane.stack.isVisible()
    assert flows.act_confirm.isEnabled() and flows.postedit.active
    assert built.splitter.sizes()[1] >= 0.45 * sum(built.splitter.sizes())  # half the width to post-edit in
    assert flows.toggle.defaultAction() is flows.act_postedit
    flows.act_postedit.trigger()
    assert not flows.postedit_mode and built.pane.stack.isVisible() and not flows.postedit.active
    assert built.splitter.sizes() == before


def test_the_mode_is_remembered(qtbot, stand: StandIn) -> None:  # noqa: ANN001
    Built(qtbot, stand).flows.set_postedit_mode(True)
    again = Built(qtbot, stand)  # another window on the same settings
    assert again.flows.postedit_mode and again.flows.act_postedit.isChecked()


def test_actions_with_nothing_to_act_on_say_so(qtbot, stand: StandIn) -> None:  # noqa: ANN001
    built = Built(qtbot, stand)
    built.flows.act_qa.trigger()
    built.flows.act_xliff.trigger()
    assert built.flows.open_brief_dialog() is None
    assert built.errors == [
        "There is no translation of this article to check yet: translate it first (Ctrl+T).",
        "There is no post-editing work on this article to export yet.",
        "Open an article first: a brief is built from the current article.",
    ]
    built.flows.act_discard.trigger()  # no session: nothing asked, nothing done
    assert built.flows.postedit.session is None


def test_dialogs_open_once_and_come_back(qtbot, stand: StandIn) -> None:  # noqa: ANN001
    built = Built(qtbot, stand)
    stand.document.set_articles(articles_from_text("Title\n\nThe council met on Monday. It voted.\n", "a.txt"), "a.txt")
    brief = built.flows.open_brief_dialog()
    assert brief is not None and brief.isVisible() and brief.parent() is built.window
    brief.close()
    assert built.flows.open_brief_dialog() is brief
    compare = built.flows.open_compare("summaries")
    assert compare.isVisible() and built.flows.open_compare("versions") is compare
    memory = built.flows.open_memory_dialog()
    assert memory.isVisible() and built.flows.open_memory_dialog() is memory
    for dialog in (brief, compare, memory):
        dialog.close()
