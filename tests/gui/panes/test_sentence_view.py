"""The sentence view: ids ↔ text ranges, streamed appends equal a full render, clicks resolve to ids."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desk.gui.panes.blocks import ViewBlock
from desk.gui.panes.sentence_view import SentenceView

pytestmark = pytest.mark.gui

FULL = [
    ViewBlock("title", [("t0", "Council Approves Budget")]),
    ViewBlock("caption", [("c0", "The council in session.")]),
    ViewBlock("para", [("p0s0", "The council met."), ("p0s1", "It voted."), ("p0s2", "It went home.")]),
    ViewBlock("para", [("p1s0", "Teachers were happy."), ("p1s1", "Parents too.")]),
]


def prefixes() -> list[list[ViewBlock]]:
    """What a streaming translation shows step by step: sentences added in document order."""
    flat = [(i, s) for i, b in enumerate(FULL) for s in b.sentences]
    steps = []
    for n in range(1, len(flat) + 1):
        blocks: list[ViewBlock] = []
        for i, s in flat[:n]:
            if not blocks or blocks[-1].kind != FULL[i].kind or len(blocks) - 1 != i:
                blocks.append(ViewBlock(FULL[i].kind, []))
            blocks[-1].sentences.append(s)
        steps.append(blocks)
    return steps


def test_streamed_appends_match_a_full_render(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    streamed, full = SentenceView(), SentenceView()
    qtbot.addWidget(streamed)
    qtbot.addWidget(full)
    renders = []
    original_render = SentenceView._render
    monkeypatch.setattr(SentenceView, "_render", lambda self, *a: (renders.append(self), original_render(self, *a)))
    for step in prefixes():
        streamed.set_blocks(step, "en")
    assert renders.count(streamed) == 1  # only the first step rebuilt the document
    full.set_blocks(FULL, "en")
    assert streamed.document().toPlainText() == full.document().toPlainText()
    assert streamed._ranges == full._ranges
    for block in FULL:
        for sid, text in block.sentences:
            assert streamed.text_of(sid) == text
    # a change inside the shown text is not an append: full render
    changed = [ViewBlock(b.kind, list(b.sentences)) for b in FULL]
    changed[2].sentences[1] = ("p0s1", "It voted twice.")
    streamed.set_blocks(changed, "en")
    assert renders.count(streamed) == 2
    assert streamed.text_of("p0s1") == "It voted twice."


def test_click_resolves_to_the_sentence_id(qtbot) -> None:
    view = SentenceView()
    qtbot.addWidget(view)
    view.resize(400, 300)
    view.show()
    view.set_blocks(FULL, "en")
    clicked: list[str] = []
    view.sentence_clicked.connect(clicked.append)
    for sid in ("t0", "c0", "p0s1", "p1s1"):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.point_of(sid))
    assert clicked == ["t0", "c0", "p0s1", "p1s1"]
    view.highlight(["p0s1", "nope"])
    assert view.highlighted_ids() == ["p0s1"]
    assert [s.cursor.selectedText() for s in view.extraSelections()] == ["It voted."]
