"""Words linked across Original and Translation: hover or click a word, its aligned words light up,
both ways; an engine with known output (tests/gui/known_model.py) drives the real window.

Set ``DESK_SCREENSHOTS_DIR`` to also save ``word-highlight.png`` (1024x700),
``word-highlight-1920.png`` and ``postedit-word-highlight.png`` there (``docs/screenshots`` is
made this way).
"""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from desk.gui.main_window import MainWindow
from desk.gui.panes.sentence_view import SentenceView
from desk.gui.postedit.table import TARGET
from tests.gui.conftest import save_shot
from tests.gui.known_model import translate_known_article

pytestmark = pytest.mark.gui


def hover(view: SentenceView, sentence_id: str, word: str) -> None:
    """Move the mouse over ``word`` of a sentence, as the user does."""
    text = view.text_of(sentence_id)
    point = view.point_of_word(sentence_id, text.index(word) + len(word) // 2)
    event = QMouseEvent(QEvent.Type.MouseMove, QPointF(point), view.viewport().mapToGlobal(QPointF(point)),
                        Qt.MouseButton.NoButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    view.mouseMoveEvent(event)


def leave(view: SentenceView) -> None:
    view.leaveEvent(QEvent(QEvent.Type.Leave))


@pytest.fixture
def translated(qtbot, window: MainWindow, tiny_packages: dict, tmp_path: Path,  # noqa: ANN001
               monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    return translate_known_article(qtbot, window, tiny_packages, tmp_path, monkeypatch)


def test_hovering_a_word_lights_up_its_translation_and_back(qtbot, translated: MainWindow) -> None:
    original, translation = translated.original.view, translated.translation.view
    # word by word; the model's "84" for the source's 48 was put back (the number, where it aligns)
    assert translation.text_of("p0s0") == "المجلس أعضاء أقر 48 مليون دولار لأجل المدارس يوم الأحد."
    hover(original, "p0s0", "schools")
    assert original.highlighted_words() == ["schools"] and translation.highlighted_words() == ["المدارس"]
    hover(translation, "p1s0", "هناء")  # the other way: Arabic word → its English source word
    assert translation.highlighted_words() == ["هناء"] and original.highlighted_words() == ["Hana"]
    leave(translation)  # nothing clicked: the highlight goes with the mouse
    assert original.highlighted_words() == [] and translation.highlighted_words() == []


def test_a_clicked_word_stays_highlighted(qtbot, translated: MainWindow) -> None:
    original, translation = translated.original.view, translated.translation.view
    text = original.text_of("p0s0")
    point = original.point_of_word("p0s0", text.index("Monday") + 2)
    qtbot.mouseClick(original.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert translated.links.current_id == "p0s0"  # the sentence is linked as before
    assert translation.highlighted_words() == ["الأحد"]
    hover(original, "p1s1", "roads")
    assert translation.highlighted_words() == ["الطرق"]
    leave(original)
    assert original.highlighted_words() == ["Monday"] and translation.highlighted_words() == ["الأحد"]
    translated.resize(1024, 700)
    qtbot.wait(50)
    save_shot(translated, "word-highlight.png")
    translated.resize(1920, 1080)
    qtbot.wait(50)
    save_shot(translated, "word-highlight-1920.png")


def test_an_edited_sentence_has_no_word_links(qtbot, translated: MainWindow) -> None:
    session = translated.workflows.postedit.session
    translated.workflows.postedit.edit("p0s1", "رحب المعلمون بالقرار.")
    assert session.target("p0s1").alignment == []
    hover(translated.original.view, "p0s1", "Teachers")
    assert translated.translation.view.highlighted_words() == []
    hover(translated.original.view, "p0s0", "Council")  # the others still link
    assert translated.translation.view.highlighted_words() == ["المجلس"]


def test_words_are_linked_in_the_post_editing_table_too(qtbot, translated: MainWindow) -> None:
    translated.resize(1024, 700)
    translated.workflows.set_postedit_mode(True)
    qtbot.wait(20)
    view = translated.workflows.view
    table_words = view.words
    # hover a word of a Translation cell: its source word lights up in the row and in the Original pane
    target_text = translated.workflows.postedit.session.target("p1s0").text
    point = table_words.point_of("p1s0", TARGET, target_text.index("صالح") + 1)
    event = QMouseEvent(QEvent.Type.MouseMove, QPointF(point), view.table.viewport().mapToGlobal(QPointF(point)),
                        Qt.MouseButton.NoButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(view.table.viewport(), event)
    assert table_words.highlighted() == {"source": ["Saleh"], "target": ["صالح"]}
    assert translated.original.view.highlighted_words() == ["Saleh"]
    # and the other way: a word of the Original pane lights up its translation in the table
    hover(translated.original.view, "p1s1", "roads")
    assert table_words.highlighted() == {"source": ["roads"], "target": ["الطرق"]}
    view.select_sentence("p1s1", link=False)
    qtbot.wait(50)
    save_shot(translated, "postedit-word-highlight.png")
    QApplication.sendEvent(view.table.viewport(), QEvent(QEvent.Type.Leave))
    assert table_words.highlighted() == {"source": [], "target": []}


def test_arabic_original_right_to_left_words_link_both_ways(qtbot, window: MainWindow, tiny_packages: dict,  # noqa: ANN001
                                                            tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    translate_known_article(qtbot, window, tiny_packages, tmp_path, monkeypatch, lang="ar")
    original, translation = window.original.view, window.translation.view
    assert original.layoutDirection() == Qt.LayoutDirection.RightToLeft
    hover(original, "p0s0", "الرياض")
    assert original.highlighted_words() == ["الرياض"] and translation.highlighted_words() == ["Riyadh"]
    hover(translation, "p0s0", "Monday")
    assert original.highlighted_words() == ["الاثنين"] and translation.highlighted_words() == ["Monday"]
