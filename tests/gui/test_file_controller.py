"""desk.gui.file_controller: the open dialog's filter and drag and drop come from the reader registry; the
controller alone (no main window) opens files, reports errors, remembers recent files and keeps pasted text."""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QUrl
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QMessageBox,
)

from desk.core.text import readers
from desk.core.text.readers import Extracted, Reader
from desk.gui.document import DocumentState
from desk.gui.file_controller import FileController, dropped_files, open_filter
from desk.gui.operations import Operations
from desk.gui.settings import Settings
from desk.gui.worker import JobRunner
from tests.gui.mocked import StandIn


def test_open_filter_offers_every_registered_suffix() -> None:
    text = open_filter()
    groups = text.split(";;")
    assert groups[0].startswith("Articles (") and groups[-1] == "All files (*)"
    for suffix in readers.suffixes():
        assert f"*{suffix}" in groups[0]
    for suffix in (".text", ".asc", ".mdown", ".mkd", ".xhtml"):  # missing from the old hand-written filter
        assert f"*{suffix}" in groups[0]
    for reader in readers.readers():
        assert any(g.startswith(reader.label + " (") and all(f"*{s}" in g for s in reader.suffixes) for g in groups)


def test_a_registered_reader_appears_in_the_filter(monkeypatch: pytest.MonkeyPatch) -> None:
    readers.readers()
    monkeypatch.setattr(readers, "_READERS", dict(readers._READERS))
    readers.register(Reader(format="shout", label="Shouting", suffixes=(".shout",),
                            read_text=lambda text, name: Extracted(text)))
    assert "Shouting (*.shout)" in open_filter().split(";;")


def _mime(*paths: Path) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths] + [QUrl("https://example.org/a.txt")])
    return mime


def test_drop_takes_only_files_a_reader_takes(qapp: object, tmp_path: Path) -> None:
    ok = [tmp_path / "a.mkd", tmp_path / "b.xhtml", tmp_path / "feed"]
    refused = [tmp_path / "photo.png", tmp_path / "old.doc"]
    assert dropped_files(_mime(*refused, *ok)) == [str(p) for p in ok]
    assert dropped_files(_mime(*refused)) == []


# --- encrypted PDFs: the window asks for the password (issue 14, item 14) --------------------------


@pytest.fixture
def controller(qtbot) -> Iterator[tuple[FileController, DocumentState, list[str]]]:  # noqa: ANN001
    runner = JobRunner()
    settings = Settings()
    document = DocumentState()
    files = FileController(document, Operations(runner, settings), settings)
    errors: list[str] = []
    files.error.connect(errors.append)
    yield files, document, errors
    runner.shutdown(3000)


def test_password_is_asked_until_right_then_the_pdf_opens(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,  # noqa: ANN001
                                                          controller) -> None:  # noqa: ANN001
    from tests.hostile.files import encrypted_pdf

    files, document, errors = controller
    path = encrypted_pdf(tmp_path / "minutes.pdf", "AES-256", user_password="s3cret")
    answers = iter([("wrong", True), ("s3cret", True)])
    prompts: list[str] = []

    def get_text(_parent: object, _title: str, prompt: str, echo: QLineEdit.EchoMode) -> tuple[str, bool]:
        assert echo == QLineEdit.EchoMode.Password
        prompts.append(prompt)
        return next(answers)

    monkeypatch.setattr(QInputDialog, "getText", get_text)
    files.open_path(path)
    qtbot.waitUntil(lambda: document.current is not None, timeout=10000)
    assert document.current.text == "Minutes of the closed meeting."
    assert len(prompts) == 2 and "protected by a password" in prompts[0] and "wrong" in prompts[1]
    assert errors == []


def test_cancelling_the_password_leaves_the_articles_as_they_were(qtbot, tmp_path: Path,  # noqa: ANN001
                                                                  monkeypatch: pytest.MonkeyPatch, controller) -> None:  # noqa: ANN001
    from tests.hostile.files import encrypted_pdf

    files, document, errors = controller
    path = encrypted_pdf(tmp_path / "minutes.pdf", "AES-128", user_password="s3cret")
    asked: list[str] = []
    monkeypatch.setattr(QInputDialog, "getText", lambda *a: (asked.append(a[2]), ("", False))[1])
    statuses: list[str] = []
    files.status_message.connect(statuses.append)
    files.open_path(path)
    qtbot.waitUntil(lambda: bool(asked) and any("not opened" in s for s in statuses), timeout=10000)
    assert document.current is None and errors == []


def test_without_anyone_to_ask_a_locked_pdf_is_an_error(qtbot, tmp_path: Path, controller) -> None:  # noqa: ANN001
    from tests.hostile.files import encrypted_pdf

    files, document, errors = controller
    files.ask_passwords = False
    files.open_path(encrypted_pdf(tmp_path / "minutes.pdf", "AES-128", user_password="s3cret"))
    qtbot.waitUntil(lambda: bool(errors), timeout=10000)
    assert "protected by a password" in errors[0] and document.current is None


def test_bidi_overrides_never_reach_the_article_list_or_messages(qtbot, tmp_path: Path, controller) -> None:  # noqa: ANN001
    from desk.core.text.bidi import BIDI_CONTROLS
    from desk.gui.article_list import ArticleList

    files, document, _errors = controller
    rlo, pdf = "\u202e", "\u202c"
    path = tmp_path / f"brief{rlo}txt.exe"
    path.write_text(f"Talks resume in {rlo}Cairo{pdf}\n\nThe talks resumed on Monday after a week.", encoding="utf-8")
    listing = ArticleList(document)
    qtbot.addWidget(listing)
    statuses: list[str] = []
    files.status_message.connect(statuses.append)
    files.open_path(path)
    qtbot.waitUntil(lambda: document.current is not None, timeout=10000)
    item = listing.topLevelItem(0)
    assert item.text(0) == "Talks resume in Cairo"
    for shown in [item.text(0), item.toolTip(0), *statuses]:
        assert not BIDI_CONTROLS & set(shown), shown
    assert any("brieftxt.exe" in s for s in statuses)


# --- a read-only data folder (issue 14, item 10) -----------------------------------------------------


def test_writable_data_folder_asks_nothing(qapp: object, monkeypatch: pytest.MonkeyPatch) -> None:
    from desk.gui import file_controller

    monkeypatch.setattr(file_controller, "_ask_other_folder", lambda *a: pytest.fail("asked"))
    assert file_controller.confirm_data_folder() is False


@pytest.fixture
def read_only_data(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The data folder refuses writing (root writes anywhere: the probe is told so); others do not."""
    from desk.core.paths import data_dir
    from desk.gui import file_controller

    locked = data_dir()
    monkeypatch.setattr(file_controller, "writable", lambda folder: Path(folder) != locked)
    return locked


def test_read_only_data_folder_offers_another_one(qapp: object, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                  read_only_data: Path) -> None:
    from desk.core.paths import data_dir
    from desk.gui import file_controller

    notices: list[str] = []
    monkeypatch.setattr(file_controller, "_ask_other_folder", lambda parent, text: notices.append(text) or True)
    other = tmp_path / "elsewhere"
    other.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a: str(other))
    assert file_controller.confirm_data_folder() is True
    assert data_dir() == other
    assert len(notices) == 1 and str(read_only_data) in notices[0] and "read-only" in notices[0]


def test_going_on_without_saving_is_asked_once(qapp: object, monkeypatch: pytest.MonkeyPatch,
                                               read_only_data: Path) -> None:
    from desk.core.paths import data_dir
    from desk.gui import file_controller

    notices: list[str] = []
    monkeypatch.setattr(file_controller, "_ask_other_folder", lambda parent, text: notices.append(text) and False)
    assert file_controller.confirm_data_folder() is False
    assert len(notices) == 1 and data_dir() == read_only_data


def test_notice_is_a_real_message_box_with_the_choice(qtbot, read_only_data: Path, tmp_path: Path) -> None:  # noqa: ANN001
    from PySide6.QtCore import QTimer

    from desk.gui import file_controller

    seen: list[list[str]] = []

    def answer() -> None:
        box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
        seen.append([b.text() for b in box.buttons()])
        box.grab().save(str(tmp_path / "notice.png"))
        next(b for b in box.buttons() if b.text() == "Go on without saving").click()

    QTimer.singleShot(200, answer)
    assert file_controller.confirm_data_folder() is False
    assert len(seen) == 1 and sorted(seen[0]) == ["Choose another folder…", "Go on without saving"]


# --- the controller alone on the stand-in: open, errors, recent files, paste ---------------------------


@pytest.fixture
def stand(qtbot) -> Iterator[tuple[FileController, StandIn, list[str], list[str]]]:  # noqa: ANN001
    stand = StandIn()
    files = FileController(stand.document, stand.operations, stand.settings, stand.parent)
    errors: list[str] = []
    statuses: list[str] = []
    files.error.connect(errors.append)
    files.status_message.connect(statuses.append)
    yield files, stand, errors, statuses
    stand.close()


def finish(qtbot, handle) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: handle.finished, timeout=10000)


def test_opening_a_file_sets_the_articles_and_remembers_it(qtbot, tmp_path: Path, stand) -> None:  # noqa: ANN001
    files, s, errors, statuses = stand
    path = tmp_path / "council.txt"
    path.write_text("Council Approves Budget\n\nThe council met on Monday. It voted.\n", encoding="utf-8")
    finish(qtbot, files.open_path(path))
    assert [a.title for a in s.document.articles] == ["Council Approves Budget"]
    assert s.document.current is s.document.articles[0] and s.document.source == str(path)
    assert files.recent_files() == [str(path)]
    assert statuses == ["Opening council.txt…", "Opened council.txt: 1 article(s)"] and errors == []
    files.clear_recent()
    assert files.recent_files() == []
    files.remember_recent = False  # --screenshot runs leave the user's list alone
    finish(qtbot, files.open_path(path))
    assert files.recent_files() == []


def test_a_file_that_cannot_be_read_keeps_the_open_articles(qtbot, tmp_path: Path, stand) -> None:  # noqa: ANN001
    files, s, errors, statuses = stand
    good = tmp_path / "good.txt"
    good.write_text("Title\n\nA sentence here.\n", encoding="utf-8")
    finish(qtbot, files.open_path(good))
    before = list(s.document.articles)
    for bad, message in ((tmp_path / "missing.txt", "not found"), (tmp_path / "blank.txt", "empty|no text")):
        if bad.name == "blank.txt":
            bad.write_text("  \n\n ", encoding="utf-8")
        handle = files.open_path(bad)
        finish(qtbot, handle)
        assert handle.outcome == "failed"
        assert re.search(message, errors[-1]) and bad.name in errors[-1]
        assert statuses[-1] == "Could not open the text"
        assert s.document.articles == before
    assert files.recent_files() == [str(good)]


def test_pasted_text_is_added_after_the_open_articles_and_kept(qtbot, tmp_path: Path, stand) -> None:  # noqa: ANN001
    from PySide6.QtGui import QGuiApplication

    from desk.core.text.pasted import pasted_dir

    files, s, errors, statuses = stand
    opened = tmp_path / "first.txt"
    opened.write_text("First Story\n\nIt happened on Monday.\n", encoding="utf-8")
    finish(qtbot, files.open_path(opened))
    QGuiApplication.clipboard().setText("عاصفة تغلق الميناء\n\nأغلقت عاصفة الميناء يوم الثلاثاء.")
    finish(qtbot, files.paste())
    assert [a.title for a in s.document.articles] == ["First Story", "عاصفة تغلق الميناء"]
    assert s.document.current is s.document.articles[1]
    kept = Path(files.recent_files()[0])
    assert kept.parent == pasted_dir() and "أغلقت عاصفة الميناء" in kept.read_text(encoding="utf-8")
    assert statuses[-1] == f"Pasted 1 article(s), kept as {kept.name}" and errors == []
    assert files.paste("  \n\t") is None
    assert errors == ["The clipboard holds no text to paste as an article."]
    assert len(s.document.articles) == 2
