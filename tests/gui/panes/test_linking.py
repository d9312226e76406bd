"""desk.gui.panes.linking: a sentence clicked in one pane is highlighted and scrolled into view in
the other two, summary picks tint the original and the translation, and original and translation
scroll together. Three SentenceViews side by side, no main window."""
from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QWidget

from desk.core.model import LengthRule, Summary, SummaryPick
from desk.gui.panes.blocks import ViewBlock
from desk.gui.panes.linking import LinkController
from desk.gui.panes.marks import HIGHLIGHT, MARK
from desk.gui.panes.sentence_view import SentenceView

pytestmark = pytest.mark.gui

PARAGRAPHS = 14
IDS = ["t0"] + [f"p{p}s{s}" for p in range(PARAGRAPHS) for s in range(3)]


def english(sid: str) -> str:
    return f"Sentence {sid} of the council story says what the council did on that day."


def arabic(sid: str) -> str:
    return f"الجملة {sid} من خبر المجلس تقول ما فعله المجلس في ذلك اليوم."


def blocks(text: Callable[[str], str], ids: list[str] = IDS) -> list[ViewBlock]:
    out = [ViewBlock("title", [("t0", text("t0"))])] if "t0" in ids else []
    for p in range(PARAGRAPHS):
        sentences = [(sid, text(sid)) for sid in (f"p{p}s{s}" for s in range(3)) if sid in ids]
        if sentences:
            out.append(ViewBlock("para", sentences))
    return out


PICKS = ["p1s0", "p6s2", "p12s1"]


class Panes:
    def __init__(self, qtbot) -> None:  # noqa: ANN001
        self.window = QWidget()
        qtbot.addWidget(self.window)
        layout = QHBoxLayout(self.window)
        self.original, self.translation, self.summary = SentenceView(), SentenceView(), SentenceView()
        for view in (self.original, self.translation, self.summary):
            layout.addWidget(view)
        self.window.resize(1200, 260)
        self.window.show()
        qtbot.waitExposed(self.window)
        self.original.set_blocks(blocks(english), "en")
        self.translation.set_blocks(blocks(arabic), "ar")
        self.summary.set_blocks([ViewBlock("pick", [(sid, english(sid))]) for sid in PICKS], "en")
        self.links = LinkController(self.original, self.translation, self.summary)
        self.linked: list[str] = []
        self.links.linked.connect(self.linked.append)

    def views(self) -> list[SentenceView]:
        return [self.original, self.translation, self.summary]


@pytest.fixture
def panes(qtbot) -> Iterator[Panes]:  # noqa: ANN001
    yield Panes(qtbot)


def click(qtbot, view: SentenceView, sid: str) -> None:  # noqa: ANN001
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.point_of(sid))


def backgrounds(view: SentenceView) -> dict[str, list[str]]:
    """Sentence text → the background colours painted over exactly that sentence."""
    out: dict[str, list[str]] = {}
    for sel in view.extraSelections():
        out.setdefault(sel.cursor.selectedText(), []).append(sel.format.background().color().name())
    return out


# --- clicks ---------------------------------------------------------------------------------------------


def test_a_click_in_the_original_highlights_and_scrolls_the_translation(qtbot, panes: Panes) -> None:  # noqa: ANN001
    assert not panes.translation.is_visible("p11s1")
    click(qtbot, panes.original, "p11s1")
    assert panes.linked == ["p11s1"] and panes.links.current_id == "p11s1"
    assert panes.original.highlighted_ids() == ["p11s1"]
    assert panes.translation.highlighted_ids() == ["p11s1"]
    assert panes.translation.is_visible("p11s1")
    assert HIGHLIGHT.name() in backgrounds(panes.translation)[arabic("p11s1")]
    assert panes.summary.highlighted_ids() == []  # not a summary pick


def test_a_summary_pick_finds_its_sentence_in_both_other_panes(qtbot, panes: Panes) -> None:  # noqa: ANN001
    click(qtbot, panes.summary, "p12s1")
    for view in panes.views():
        assert view.highlighted_ids() == ["p12s1"]
        assert view.is_visible("p12s1"), view
    click(qtbot, panes.summary, "p1s0")  # a new link replaces the old one everywhere
    for view in panes.views():
        assert view.highlighted_ids() == ["p1s0"]
        assert view.is_visible("p1s0"), view
    assert panes.linked == ["p12s1", "p1s0"]


def test_a_click_in_the_arabic_translation_links_back(qtbot, panes: Panes) -> None:  # noqa: ANN001
    panes.translation.scroll_sentence_to_top("p6s1")
    qtbot.wait(20)
    click(qtbot, panes.translation, "p6s2")
    assert panes.linked == ["p6s2"]
    assert panes.original.highlighted_ids() == ["p6s2"] and panes.original.is_visible("p6s2")
    assert panes.summary.highlighted_ids() == ["p6s2"]


def test_linking_scrolls_each_pane_itself_not_by_sync(qtbot, panes: Panes, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    synced: list[str] = []
    for view in (panes.original, panes.translation):
        monkeypatch.setattr(view, "scroll_sentence_to_top", synced.append)
    panes.links.link("p13s2")
    qtbot.wait(50)  # the sync timer would have fired by now
    assert synced == []
    assert panes.original.is_visible("p13s2") and panes.translation.is_visible("p13s2")


def test_a_sentence_a_pane_lacks_leaves_that_pane_alone(qtbot, panes: Panes) -> None:  # noqa: ANN001
    panes.translation.set_blocks(blocks(arabic, IDS[:10]), "ar")  # a translation still streaming in
    before = panes.translation.verticalScrollBar().value()
    panes.links.link("p9s0")
    assert panes.original.highlighted_ids() == ["p9s0"]
    assert panes.translation.highlighted_ids() == []
    assert panes.translation.verticalScrollBar().value() == before
    # the rest arrives: refresh() puts the link on it
    panes.translation.set_blocks(blocks(arabic), "ar")
    assert panes.translation.highlighted_ids() == []
    panes.links.refresh()
    assert panes.translation.highlighted_ids() == ["p9s0"]


def test_clear_removes_the_link_everywhere(qtbot, panes: Panes) -> None:  # noqa: ANN001
    panes.links.link("p6s2")
    panes.links.clear()
    assert panes.links.current_id is None
    assert all(view.highlighted_ids() == [] for view in panes.views())
    panes.links.refresh()  # nothing to re-apply
    assert all(view.highlighted_ids() == [] for view in panes.views())


# --- summary marks ----------------------------------------------------------------------------------------


def summary(ids: list[str]) -> Summary:
    return Summary(algorithm="lexrank", lang="en", length=LengthRule(sentences=len(ids)),
                   picks=[SummaryPick(sid, IDS.index(sid), english(sid), 1.0) for sid in ids])


def test_summary_picks_tint_the_original_and_the_translation(panes: Panes) -> None:
    panes.links.show_summary_marks(summary(PICKS))
    assert panes.original.marked_ids() == PICKS and panes.translation.marked_ids() == PICKS
    assert backgrounds(panes.original)[english("p6s2")] == [MARK.name()]
    assert backgrounds(panes.translation)[arabic("p12s1")] == [MARK.name()]
    assert english("p6s1") not in backgrounds(panes.original)
    assert panes.summary.marked_ids() == []  # the summary pane is the picks themselves
    panes.links.link("p6s2")  # the link paints over the tint
    assert backgrounds(panes.original)[english("p6s2")] == [MARK.name(), HIGHLIGHT.name()]
    panes.links.show_summary_marks(None)
    assert panes.original.marked_ids() == [] and panes.translation.marked_ids() == []


# --- scroll sync ------------------------------------------------------------------------------------------


def test_scrolling_the_original_scrolls_the_translation_to_the_same_sentence(qtbot, panes: Panes) -> None:  # noqa: ANN001
    panes.original.scroll_sentence_to_top("p8s0")
    qtbot.waitUntil(lambda: panes.translation.top_sentence_id() == "p8s0", timeout=2000)
    panes.translation.scroll_sentence_to_top("p3s1")
    qtbot.waitUntil(lambda: panes.original.top_sentence_id() == "p3s1", timeout=2000)
    assert panes.original.verticalScrollBar().value() > 0


def test_scroll_sync_can_be_turned_off(qtbot, panes: Panes) -> None:  # noqa: ANN001
    panes.links.scroll_sync = False
    panes.original.scroll_sentence_to_top("p8s0")
    qtbot.wait(50)
    assert panes.translation.verticalScrollBar().value() == 0


def test_re_rendering_a_pane_does_not_drag_the_other(qtbot, panes: Panes) -> None:  # noqa: ANN001
    panes.translation.scroll_sentence_to_top("p10s0")
    qtbot.waitUntil(lambda: panes.original.top_sentence_id() == "p10s0", timeout=2000)
    position = panes.translation.verticalScrollBar().value()
    panes.original.set_blocks(blocks(english)[:3], "en", keep_scroll=False)  # another article: back to the top
    qtbot.wait(50)
    assert panes.original.verticalScrollBar().value() == 0
    assert panes.translation.verticalScrollBar().value() == position


def test_no_sync_to_a_sentence_the_other_pane_lacks(qtbot, panes: Panes) -> None:  # noqa: ANN001
    panes.translation.set_blocks(blocks(arabic, IDS[:6]), "ar")
    panes.original.scroll_sentence_to_top("p9s0")
    qtbot.wait(50)
    assert panes.translation.verticalScrollBar().value() == 0
