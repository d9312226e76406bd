"""The main window driven like a user would: open, pick, paste, drop, bad files, RTL, settings."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication
from PySide6.QtWidgets import QApplication

from desk.core.paths import resources_dir
from desk.core.text.articles import load_articles
from desk.core.text.pasted import is_pasted, pasted_dir
from desk.gui.fonts import ARABIC_FAMILY
from desk.gui.main_window import MainWindow
from desk.gui.settings import Settings
from tests.gui.conftest import open_file

pytestmark = pytest.mark.gui


def test_open_shared_feed_lists_articles_and_shows_the_picked_one(qtbot, window: MainWindow, feed_sample: Path) -> None:
    expected = load_articles(feed_sample)
    assert len(expected) > 1
    open_file(qtbot, window, feed_sample)
    lst = window.article_list
    assert lst.topLevelItemCount() == len(expected)
    assert [lst.topLevelItem(i).text(0) for i in range(len(expected))] == [a.title for a in expected]
    assert [lst.topLevelItem(i).text(1) for i in range(len(expected))] == [a.lang.upper() for a in expected]
    # pick the second article with the mouse
    item = lst.topLevelItem(1)
    rect = lst.visualItemRect(item)
    qtbot.mouseClick(lst.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.document.index == 1
    view = window.original.view
    second = expected[1]
    assert view.sentence_ids() == [s.id for s in second.all_sentences()]
    first_body = next(second.sentences())
    assert view.text_of(first_body.id) == first_body.text
    assert window.original.header.text() == "Original — English"
    assert second.title[:30] in window.windowTitle()
    assert str(feed_sample) in window.settings.recent_files()


def test_bad_file_shows_a_message_and_keeps_the_open_article(qtbot, window: MainWindow, en_file: Path,
                                                             tmp_path: Path, messages: list) -> None:
    open_file(qtbot, window, en_file)
    before = [a.id for a in window.document.articles]
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 20)
    handle = window.files.open_path(bad)
    qtbot.waitUntil(lambda: handle.finished, timeout=10000)
    assert handle.outcome == "failed"
    assert messages, "the error was not shown"
    kind, text = messages[-1]
    assert kind == "warning" and "broken.pdf" in text and "Traceback" not in text
    assert [a.id for a in window.document.articles] == before  # still usable
    assert window.isVisible()


def test_missing_and_binary_files_give_readable_errors(qtbot, window: MainWindow, tmp_path: Path, messages: list) -> None:
    blob = tmp_path / "photo.txt"
    blob.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00\xff" * 500)
    for path in (tmp_path / "nope.txt", blob):
        handle = window.files.open_path(path)
        qtbot.waitUntil(lambda h=handle: h.finished, timeout=10000)
        assert handle.outcome == "failed"
        assert path.name in messages[-1][1]
    assert window.document.articles == []


def test_paste_from_clipboard_adds_an_article(qtbot, window: MainWindow, en_file: Path) -> None:
    open_file(qtbot, window, en_file)
    QGuiApplication.clipboard().setText("Storm Closes Port\n\nA storm closed the port on Tuesday. Ships waited outside.")
    window.act_paste.trigger()
    qtbot.waitUntil(lambda: len(window.document.articles) == 2, timeout=10000)
    pasted = window.document.current
    assert pasted is not None and is_pasted(pasted.source) and window.document.index == 1
    assert "storm closed the port" in " ".join(s.text for s in pasted.sentences()).lower()
    assert window.article_list.topLevelItemCount() == 2


def test_pasted_article_is_kept_and_reopens_after_a_restart(qtbot, window: MainWindow, messages: list) -> None:
    QGuiApplication.clipboard().setText("Storm Closes Port\n\nA storm closed the port on Tuesday. Ships waited.")
    window.act_paste.trigger()
    qtbot.waitUntil(lambda: window.document.current is not None, timeout=10000)
    saved = Path(window.document.current.source)
    assert saved.is_file() and saved.parent == pasted_dir() and "Storm Closes Port" in saved.read_text()
    assert window.files.recent_files()[0] == str(saved)
    window.settings.mark_seen()
    window.close()
    from desk.app import open_window

    again = open_window()  # as after a restart: the last file opens
    qtbot.addWidget(again)
    qtbot.waitUntil(lambda: again.document.current is not None, timeout=10000)
    assert again.document.current.title == "Storm Closes Port" and again.document.current.source == str(saved)
    again.runner.shutdown(5000)


def test_empty_clipboard_is_a_message(qtbot, window: MainWindow, messages: list) -> None:
    QGuiApplication.clipboard().setText("   ")
    window.act_paste.trigger()
    assert messages and "clipboard" in messages[-1][1].lower()


def test_drop_a_file_opens_it(qtbot, window: MainWindow, en_file: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(en_file))])
    event = QDropEvent(QPoint(50, 50).toPointF(), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    qtbot.waitUntil(lambda: window.document.current is not None, timeout=10000)
    assert window.document.current.title == "Council Approves School Budget"


def test_arabic_article_is_right_to_left_with_the_arabic_font(qtbot, window: MainWindow) -> None:
    sample = resources_dir() / "samples" / "sample-ar.txt"
    if not sample.is_file():
        pytest.skip("Arabic sample article missing")
    open_file(qtbot, window, sample)
    view = window.original.view
    assert window.document.current.lang == "ar"
    assert window.original.header.text() == "Original — Arabic"
    assert view.layoutDirection() == Qt.LayoutDirection.RightToLeft
    block = view.document().firstBlock()
    assert block.blockFormat().layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert view.document().defaultTextOption().textDirection() == Qt.LayoutDirection.RightToLeft
    assert ARABIC_FAMILY in view.document().defaultFont().families()
    # the headline's first character sits at the right edge of the text area
    from PySide6.QtGui import QTextCursor

    cursor = QTextCursor(view.document())
    cursor.setPosition(0)
    assert view.cursorRect(cursor).x() > view.viewport().width() * 0.6


def test_no_model_for_the_direction_offers_the_manager(qtbot, window: MainWindow, en_file: Path, monkeypatch) -> None:
    open_file(qtbot, window, en_file)
    pane = window.translation
    assert pane.showing_notice()
    assert "No English → Arabic model is installed" in pane.notice_text()
    assert not window.translate_bar.translate_button.isEnabled()
    opened: list[bool] = []
    monkeypatch.setattr(MainWindow, "open_model_manager", lambda self: opened.append(True))
    # the pane's button was bound at construction; call through the controller's callback
    window.translator._open_manager = window.open_model_manager
    window.translator.render()
    qtbot.mouseClick(pane.notice_button, Qt.MouseButton.LeftButton)
    assert opened == [True]
    assert window.translator.translate() is None  # asking anyway does not fail
    assert "No English → Arabic model" in window.statusBar().currentMessage()


def test_settings_persist_across_windows(qtbot, messages: list, en_file: Path) -> None:
    first = MainWindow()
    qtbot.addWidget(first)
    first.resize(760, 560)  # inside the offscreen screen (800x600), so restoring does not clamp it
    first.show()
    qtbot.waitExposed(first)
    controls = first.summary_controls
    controls.algorithm.setCurrentIndex(controls.algorithm.findData("luhn"))
    controls.mode.setCurrentIndex(controls.mode.findData("words"))
    controls.words.setValue(120)
    controls.source.setCurrentIndex(controls.source.findData("translation"))
    first.pane_splitter.setSizes([500, 200, 300])
    sizes = first.pane_splitter.sizes()
    first.act_sync.trigger()  # turn scroll sync off
    first_size = (first.size().width(), first.size().height())
    assert first_size[1] == 560  # the width may be held up by the widgets' minimum size
    first.close()

    second = MainWindow()
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    prefs = second.summary_controls.prefs()
    assert (prefs.algorithm, prefs.length_mode, prefs.words, prefs.source) == ("luhn", "words", 120, "translation")
    assert (second.size().width(), second.size().height()) == first_size
    assert second.pane_splitter.sizes() == sizes
    assert not second.act_sync.isChecked() and not second.links.scroll_sync
    assert Settings().path.parent == Path(__import__("os").environ["DESK_DATA_DIR"])
    second.close()


def test_keyboard_shortcuts_trigger_actions(qtbot, window: MainWindow, en_file: Path) -> None:
    open_file(qtbot, window, en_file)
    shortcuts = {a.shortcut().toString() for a in window.actions() if not a.shortcut().isEmpty()}
    assert {"Ctrl+O", "Ctrl+T", "Esc", "Ctrl+M", "Ctrl+Shift+V", "Ctrl+D"} <= shortcuts
    before = window.translator.direction()
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert window.translator.direction() == tuple(reversed(before))
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)  # hide the translation pane
    assert not window.translation.isVisible()
    window.reset_layout()
    assert window.translation.isVisible()
    QApplication.processEvents()


def test_latin_line_in_an_arabic_pane_sits_at_the_right_edge(qtbot) -> None:
    from PySide6.QtGui import QTextCursor

    from desk.gui.panes.blocks import ViewBlock
    from desk.gui.panes.sentence_view import SentenceView

    view = SentenceView()
    qtbot.addWidget(view)
    view.resize(500, 300)
    view.show()
    view.set_blocks([ViewBlock("para", [("p0s0", "OPEC")]), ViewBlock("para", [("p1s0", "قال الوزير.")])], "ar")
    width = view.viewport().width()
    for sid in ("p0s0", "p1s0"):
        start, end = view._by_id[sid]
        xs = []
        for pos in (start, end):
            cursor = QTextCursor(view.document())
            cursor.setPosition(pos)
            xs.append(view.cursorRect(cursor).x())
        assert min(xs) > width / 2, f"{sid} is not right-aligned: {xs} in {width}"


def test_translation_settings_dialog_persists_engine_settings(qtbot, window: MainWindow) -> None:
    from desk.gui.preferences import PreferencesDialog

    dialog = PreferencesDialog(window.settings, window)
    qtbot.addWidget(dialog)
    assert dialog.compute.currentText() == "int8"  # the CPU default
    dialog.compute.setCurrentText("float32")
    dialog.threads.setValue(1)
    dialog.beam.setValue(4)
    dialog.accept()
    again = Settings()  # a fresh reader of the same file
    s = again.engine_settings()
    assert (s.compute_type, s.intra_threads, s.beam_size) == ("float32", 1, 4)


def test_open_recent_menu_reopens_a_file(qtbot, window: MainWindow, en_file: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.txt"
    other.write_text("Port Reopens\n\nThe port reopened on Friday after the storm.\n", encoding="utf-8")
    open_file(qtbot, window, en_file)
    open_file(qtbot, window, other)
    window._fill_recent()
    paths = [a.text() for a in window.recent_menu.actions() if a.text() and not a.isSeparator()]
    assert paths[:2] == [str(other), str(en_file)]
    next(a for a in window.recent_menu.actions() if a.text() == str(en_file)).trigger()
    qtbot.waitUntil(lambda: window.document.source == str(en_file), timeout=10000)
    assert window.document.current.title == "Council Approves School Budget"


def test_a_forced_direction_belongs_to_its_article(qtbot, window: MainWindow, tiny_packages: dict,
                                                   tmp_path: Path) -> None:
    from tests.gui.conftest import install

    install(tiny_packages["en-ar"], "en", "ar", model_id="tiny-en-ar")
    window.translator.reload_models()
    en = tmp_path / "en.txt"
    en.write_text("Port Reopens\n\nThe port reopened on Tuesday. Ships queued overnight.\n", encoding="utf-8")
    ar = resources_dir() / "samples" / "sample-ar.txt"
    open_file(qtbot, window, en)
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)  # force ar→en on this article
    assert window.translator.direction() == ("ar", "en")
    open_file(qtbot, window, ar)  # the next article follows its own language
    assert window.translator.direction() == ("ar", "en") and window.translate_bar.direction.currentData() == "auto"
    open_file(qtbot, window, en)  # the same article again (same id): still what was forced on it
    assert window.translator.direction() == ("ar", "en")
    window.translator.set_direction_choice("auto")
    assert window.translator.direction() == ("en", "ar")
    window.translator.set_direction_choice("ar-en")  # forced on the English article...
    window.document.add_articles(load_articles(ar))  # ...an Arabic one added after it
    assert window.document.current.lang == "ar" and window.translator.direction() == ("ar", "en")
    window.document.select(0)
    assert window.translator.direction() == ("ar", "en")  # the English one keeps what was forced on it


def test_open_action_names_every_registered_format(window: MainWindow) -> None:
    """The Open tooltip comes from the reader registry, so a new format shows up in it too."""
    from desk.core.text import readers

    tip = window.act_open.statusTip()
    assert all(reader.label in tip for reader in readers.readers()) and "OpenDocument text" in tip


def test_status_bar_names_the_missing_direction_in_words(window: MainWindow) -> None:
    window.translator.set_direction_choice("en-ar")
    assert window.status.model_label.text() == "No English → Arabic model"
