"""desk.gui.file_controller: the open dialog's filter and drag and drop come from the reader registry."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

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


def test_going_on_without_saving_is_asked_once(qapp: object, monkeypatch: pytest.MonkeyPatch, read_only_data: Path) -> None:
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
