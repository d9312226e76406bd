"""Post-editing in the real window: edit in place, autosave, reopen, confirm → memory → reuse, QA flags."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desk.core.workbench.memory import TranslationMemory
from desk.gui.main_window import MainWindow
from desk.gui.postedit.table import SID_ROLE, STATUS, TARGET, SentenceEditor
from desk.gui.postedit.view import PostEditView
from tests.gui.conftest import install, open_file

pytestmark = pytest.mark.gui

NEWS = [
    "The council approved 48 million dollars for schools on Monday. Teachers welcomed the decision. "
    "The mayor said schools come first this year.",
    "Critics said the plan ignores the roads. A vote in the regional parliament is expected next month.",
]
EDIT = "وافق المجلس على 48 مليون دولار للمدارس يوم الاثنين."


def write_article(path: Path, title: str, paragraphs: list[str]) -> Path:
    path.write_text(title + "\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def news_file(tmp_path: Path) -> Path:
    return write_article(tmp_path / "news.txt", "Council Backs School Budget", NEWS)


def translate_and_wait(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    """Translate the current article and wait until the post-editing session holds the result."""
    pe = window.workflows.postedit
    before = pe.qa_handle
    handle = window.translator.translate()
    assert handle is not None
    qtbot.waitUntil(lambda: handle.finished, timeout=30000)
    assert handle.outcome == "succeeded", handle.error
    qtbot.waitUntil(lambda: pe.qa_handle is not before and pe.qa_handle.finished, timeout=10000)
    qtbot.waitUntil(lambda: pe.session is not None and pe.session.article_id == window.document.current.id,
                    timeout=5000)


def ready_to_post_edit(qtbot, window: MainWindow, package: Path, path: Path) -> PostEditView:  # noqa: ANN001
    install(package, "en", "ar")
    window.translator.reload_models()
    open_file(qtbot, window, path)
    translate_and_wait(qtbot, window)
    window.workflows.set_postedit_mode(True)
    return window.workflows.view


def edit_in_place(qtbot, view: PostEditView, sentence_id: str, text: str, confirm: bool = False) -> None:  # noqa: ANN001
    """Open the in-place editor on the sentence, type the text, press Enter (Ctrl+Enter: confirm too)."""
    index = view.model.index(view.model.row_of(sentence_id), TARGET)
    view.table.setCurrentIndex(index)
    view.table.edit(index)
    editor = view.table.indexWidget(index)
    assert isinstance(editor, SentenceEditor)
    editor.setPlainText(text)
    modifier = Qt.KeyboardModifier.ControlModifier if confirm else Qt.KeyboardModifier.NoModifier
    qtbot.keyClick(editor, Qt.Key.Key_Return, modifier)


def status_of(view: PostEditView, sentence_id: str) -> str:
    return str(view.model.data(view.model.index(view.model.row_of(sentence_id), STATUS)))


def test_edit_in_place_is_saved_and_comes_back_in_a_fresh_window(qtbot, window: MainWindow, tiny_packages: dict,
                                                                  news_file: Path) -> None:
    install(tiny_packages["en-ar"], "en", "ar")
    window.translator.reload_models()
    open_file(qtbot, window, news_file)
    article = window.document.current
    translate_and_wait(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)  # Work → Post-edit
    view = window.workflows.view
    assert view.isVisible() and not window.translation.stack.isVisible()
    assert view.model.ids == [s.id for s in article.all_sentences()]
    machine = window.workflows.postedit.session.target("p0s0")
    assert machine.origin == "machine" and view.model.data(view.model.index(1, TARGET)) == machine.text

    edit_in_place(qtbot, view, "p0s0", EDIT)

    session = window.workflows.postedit.session
    assert session.target("p0s0").text == EDIT and session.target("p0s0").origin == "edited"
    saved = json.loads(session.path.read_text(encoding="utf-8"))  # on disk already, nobody pressed Save
    assert saved["targets"]["p0s0"] == {"text": EDIT, "origin": "edited", "flags": [], "confidence": None,
                                        "alignment": []}
    assert saved["machine"]["p0s0"]["text"] == machine.text
    assert status_of(view, "p0s0").startswith("edited")
    assert window.translation.view.text_of("p0s0") == EDIT  # the Translation pane follows the edit

    window.close()
    fresh = MainWindow()
    qtbot.addWidget(fresh)
    fresh.show()
    try:
        open_file(qtbot, fresh, news_file)
        pe = fresh.workflows.postedit
        qtbot.waitUntil(lambda: pe.session is not None, timeout=5000)
        assert pe.session.target("p0s0").text == EDIT and pe.session.target("p0s0").origin == "edited"
        assert pe.session.target("p0s1").text == session.target("p0s1").text  # machine output kept too
        assert fresh.workflows.view.isVisible()  # the mode is remembered
        assert fresh.workflows.view.model.data(fresh.workflows.view.model.index(1, TARGET)) == EDIT
        assert fresh.translator.handle is None  # nothing was translated again
        assert fresh.translation.view.text_of("p0s0") == EDIT
    finally:
        fresh.runner.shutdown(5000)


def test_confirm_stores_the_pair_and_translating_again_reuses_it(qtbot, window: MainWindow, tiny_packages: dict,
                                                                 news_file: Path, tmp_path: Path,
                                                                 messages: list) -> None:
    view = ready_to_post_edit(qtbot, window, tiny_packages["en-ar"], news_file)
    source = window.document.current.sentence("p0s0").text
    session = window.workflows.postedit.session
    machine, revision = session.target("p0s2"), session.revision

    index = view.model.index(view.model.row_of("p0s2"), TARGET)  # Esc: the edit is dropped
    view.table.setCurrentIndex(index)
    view.table.edit(index)
    view.table.indexWidget(index).setPlainText("not wanted")
    qtbot.keyClick(view.table.indexWidget(index), Qt.Key.Key_Escape)
    assert view.table.indexWidget(index) is None
    assert session.target("p0s2") == machine and session.revision == revision and not window.translator.running

    view.table.setFocus()  # Ctrl+Enter outside the editor: Work → Confirm sentence, the machine text as is
    qtbot.keyClick(view.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    # the random model's noise is flagged: the window asked first (the test answers Yes)
    assert messages and messages[-1][0] == "question" and "still flag" in messages[-1][1]
    assert session.is_confirmed("p0s2") and session.target("p0s2").origin == "machine"
    assert status_of(view, "p0s2").startswith("machine ✓")

    edit_in_place(qtbot, view, "p0s0", EDIT, confirm=True)  # in the editor: save, confirm, go on

    assert session.is_confirmed("p0s0") and session.progress()[0] == 2
    with TranslationMemory() as memory:
        entry = memory.lookup(source, "en", "ar")
        assert entry is not None and entry.target == EDIT and entry.origin == "edited"
        assert memory.lookup(window.document.current.sentence("p0s2").text, "en", "ar").origin == "machine"
    assert status_of(view, "p0s0").startswith("edited ✓")
    assert view.current_id() == "p0s1"  # the next sentence to do, its editor open
    assert isinstance(view.table.indexWidget(view.model.index(view.model.row_of("p0s1"), TARGET)), SentenceEditor)

    # Another article with the same sentence and a near copy of it: exact → "memory", close → offered.
    near = "The council approved 48 million dollars for schools on Tuesday."
    other = write_article(tmp_path / "other.txt", "Schools Get More Money", [source + " " + near, NEWS[1]])
    open_file(qtbot, window, other)
    translate_and_wait(qtbot, window)
    pe = window.workflows.postedit
    assert pe.session.target("p0s0").origin == "memory" and pe.session.target("p0s0").text == EDIT
    assert pe.session.target("p0s1").origin == "machine"
    assert status_of(view, "p0s0").startswith("memory")
    assert window.translation.view.text_of("p0s0") == EDIT

    with qtbot.waitSignal(pe.suggestions_ready, timeout=5000):
        view.select_sentence("p0s1")
    assert view.suggestions_for == "p0s1" and view.matches
    best = view.matches[0]
    assert best.entry.target == EDIT and 80 <= best.score < 100 and not best.exact
    assert view.suggestions.item(0).text().startswith(f"{best.score:.0f}%")
    view.suggestions.itemActivated.emit(view.suggestions.item(0))  # Enter / double-click: use it
    assert pe.session.target("p0s1").text == EDIT and pe.session.target("p0s1").origin == "edited"


def test_qa_flags_are_marked_listed_and_recomputed(qtbot, window: MainWindow, tiny_packages: dict,
                                                    news_file: Path) -> None:
    view = ready_to_post_edit(qtbot, window, tiny_packages["en-ar"], news_file)
    pe = window.workflows.postedit

    edit_in_place(qtbot, view, "p0s0", "وافق المجلس على الميزانية يوم الاثنين.")  # the 48 is gone

    assert "number-mismatch" in pe.session.target("p0s0").flags
    assert "⚑ number" in status_of(view, "p0s0")
    tip = view.model.data(view.model.index(view.model.row_of("p0s0"), STATUS), Qt.ItemDataRole.ToolTipRole)
    assert "The number 48 is missing or changed" in tip
    listed = [view.flag_list.item(i).data(SID_ROLE) for i in range(view.flag_list.count())]
    assert listed == [sid for sid, _ in pe.flagged()] and "p0s0" in listed
    assert all(pe.session.target(sid).flags for sid in listed)
    assert view.tabs.tabText(1) == f"Flags ({len(listed)})"

    item = view.flag_list.item(listed.index("p0s0"))
    assert item.text().startswith("⚑ ¶1, sentence 1 · ") and "p0s0" not in item.text()  # named, not an id
    view.select_sentence("p1s1")
    view.flag_list.itemClicked.emit(item)  # a click in the list goes to the sentence
    assert view.current_id() == "p0s0"
    assert window.links.current_id == "p0s0"  # …and links the panes
    assert window.original.view.highlighted_ids() == ["p0s0"]

    edit_in_place(qtbot, view, "p0s0", EDIT)  # fixed: the flag goes, the list follows
    assert "number-mismatch" not in pe.session.target("p0s0").flags
    assert "p0s0" not in [view.flag_list.item(i).data(SID_ROLE) for i in range(view.flag_list.count())]

    # A glossary term added in the dialog flags the sentences that do not respect it.
    dialog = window.workflows.open_memory_dialog()
    dialog.tabs.setCurrentIndex(1)
    dialog.term_source.setText("council")
    dialog.term_target.setText("مجلس المدينة")
    dialog.term_direction.setCurrentIndex(dialog.term_direction.findData("en-ar"))
    before = pe.qa_handle
    qtbot.mouseClick(dialog.add_term_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: pe.qa_handle is not before and pe.qa_handle.finished, timeout=10000)
    qtbot.waitUntil(lambda: "glossary" in pe.session.target("p0s0").flags, timeout=5000)
    assert "glossary" not in pe.session.target("p0s1").flags  # no "council" in that sentence
    assert "⚑" in status_of(view, "p0s0") and "glossary" in status_of(view, "p0s0")
    edit_in_place(qtbot, view, "p0s0", "وافق مجلس المدينة على 48 مليون دولار للمدارس يوم الاثنين.")
    assert "glossary" not in pe.session.target("p0s0").flags


def test_post_editing_mode_says_what_is_missing(qtbot, window: MainWindow, tiny_packages: dict,
                                               news_file: Path) -> None:
    open_file(qtbot, window, news_file)
    window.workflows.act_postedit.trigger()
    view = window.workflows.view
    assert view.isVisible() and view.stack.currentWidget() is view.notice
    assert "No English → Arabic model is installed" in view.notice.text() and "Ctrl+M" in view.notice.text()
    install(tiny_packages["en-ar"], "en", "ar")
    window.translator.reload_models()
    assert view.notice.text() == "Translate the article into Arabic (Ctrl+T) to post-edit it."
    translate_and_wait(qtbot, window)
    assert view.stack.currentWidget() is not view.notice
    assert view.model.rowCount() == len(list(window.document.current.all_sentences()))
    window.workflows.act_postedit.trigger()  # off again: the pane's own view is back
    assert not view.isVisible() and window.translation.stack.isVisible()


def test_a_broken_memory_file_does_not_stop_translation(qtbot, window: MainWindow, tiny_packages: dict,
                                                        news_file: Path, desk_data_dir: Path,
                                                        messages: list) -> None:
    (desk_data_dir / "memory.sqlite").write_bytes(b"this is not a database" * 100)
    install(tiny_packages["en-ar"], "en", "ar")
    window.translator.reload_models()
    open_file(qtbot, window, news_file)
    handle = window.translator.translate()
    qtbot.waitUntil(lambda: handle.finished, timeout=30000)
    assert handle.outcome == "succeeded", handle.error  # the memory lookup was skipped, not fatal
    ids = [s.id for s in window.document.current.all_sentences()]
    assert window.translation.view.sentence_ids() == ids
    qtbot.waitUntil(lambda: bool(messages), timeout=5000)
    kind, text = messages[-1]
    assert kind == "warning" and "translation memory" in text and "memory.sqlite" in text
    assert window.workflows.postedit.session is None


def test_post_editing_starts_on_the_sentences_that_have_arrived(qtbot, window: MainWindow, tiny_packages: dict,
                                                                 long_en_file: Path) -> None:
    install(tiny_packages["en-ar"], "en", "ar")
    window.translator.reload_models()
    open_file(qtbot, window, long_en_file)
    article = window.document.current
    ids = [s.id for s in article.all_sentences()]
    window.workflows.set_postedit_mode(True)
    view, pe = window.workflows.view, window.workflows.postedit
    assert pe.session is None and "Translate the article" in view.notice.text()

    seen_while_running: list[tuple[int, bool]] = []

    def on_rows(sid: str) -> None:
        if window.translator.running and pe.session is not None:
            arrived = sum(1 for i in ids if pe.session.target(i) is not None)
            seen_while_running.append((arrived, view.stack.currentIndex() == 0))

    pe.sentence_changed.connect(on_rows)
    pe.session_changed.connect(lambda: on_rows(""))
    handle = window.translator.translate()
    qtbot.waitUntil(lambda: handle.finished, timeout=30000)
    assert handle.outcome == "succeeded"
    # the table was up, with part of the article in it, before the translation was done
    assert any(0 < arrived < len(ids) and table_shown for arrived, table_shown in seen_while_running), \
        seen_while_running
    qtbot.waitUntil(lambda: pe.qa_handle is not None and pe.qa_handle.finished, timeout=10000)
    assert all(pe.session.target(i) is not None for i in ids)
    # the checks of the whole article reached the session once it was done
    assert pe.flagged() and all(flags for _sid, flags in pe.flagged())


def test_confirming_open_flags_asks_and_no_keeps_it_out_of_the_memory(qtbot, window: MainWindow, tiny_packages: dict,
                                                                      news_file: Path, monkeypatch) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QMessageBox

    view = ready_to_post_edit(qtbot, window, tiny_packages["en-ar"], news_file)
    session = window.workflows.postedit.session
    # source "48 million dollars … on Monday", the translator's text says 84 and Sunday
    edit_in_place(qtbot, view, "p0s0", "وافق المجلس على 84 مليون دولار للمدارس يوم الأحد.")
    assert set(session.target("p0s0").flags) >= {"number-mismatch", "date-mismatch"}
    asked: list[str] = []

    def answer(button: QMessageBox.StandardButton):  # noqa: ANN202
        def box(_parent, _title, text, *args, **kwargs):  # noqa: ANN001, ANN202
            asked.append(text)
            return button
        return box

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    view.confirm("p0s0")
    assert "The number 48 is missing or changed" in asked[-1] and "Monday" in asked[-1]
    assert not session.is_confirmed("p0s0")
    with TranslationMemory() as memory:
        assert memory.lookup(window.document.current.sentence("p0s0").text, "en", "ar") is None

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    view.confirm("p0s0")
    assert session.is_confirmed("p0s0")
    with TranslationMemory() as memory:
        assert "84" in memory.lookup(window.document.current.sentence("p0s0").text, "en", "ar").target
