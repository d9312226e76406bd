"""The model manager dialog: install (file, folder, drop), remove, download from 127.0.0.1, offline."""
from __future__ import annotations

import hashlib
import json
import socket
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent

from desk.core.mt.store import ModelStore
from desk.gui.main_window import MainWindow
from desk.gui.models.manager import ModelManagerDialog, human_size
from tests.gui.conftest import install

pytestmark = pytest.mark.gui


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def http_dir(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A static HTTP server on 127.0.0.1 serving a temp folder; stopped after the test."""
    folder = tmp_path / "www"
    folder.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield folder, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def write_catalog(path: Path, monkeypatch: pytest.MonkeyPatch, entries: list[dict]) -> None:
    path.write_text(json.dumps({"models": entries}), encoding="utf-8")
    monkeypatch.setenv("DESK_CATALOG", str(path))


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def dialog(qtbot, window: MainWindow) -> ModelManagerDialog:  # noqa: ANN001
    dlg = ModelManagerDialog(window.runner, window)
    qtbot.addWidget(dlg)
    dlg.models_changed.connect(window.translator.reload_models)
    dlg.show()
    return dlg


def wait_job(qtbot, dlg: ModelManagerDialog, handle) -> None:  # noqa: ANN001
    assert handle is not None
    qtbot.waitUntil(lambda: handle.finished and dlg.handle is None, timeout=20000)  # done and idle


def test_install_from_a_package_file_then_remove(qtbot, window: MainWindow, dialog: ModelManagerDialog,
                                                 tiny_packages: dict, en_file: Path, messages: list) -> None:
    from tests.gui.conftest import open_file

    open_file(qtbot, window, en_file)  # English article: needs an en→ar model
    assert window.translation.showing_notice()
    assert dialog.installed_ids() == []
    wait_job(qtbot, dialog, dialog.install(tiny_packages["argos-ar-en"]))
    assert dialog.installed_ids() == ["argos-ar-en-1.0"]
    row = [dialog.installed.item(0, c).text() for c in range(4)]
    assert row[1] == "Arabic → English" and row[2] == "argos" and row[3].endswith("KB")
    assert "Installed" in dialog.message.text()
    # the window learnt about it: switching to ar→en now offers the model
    window.translator.set_direction_choice("ar-en")
    assert window.translate_bar.model.currentData() == "argos-ar-en-1.0"
    assert not window.translation.showing_notice() or "Press Translate" in window.translation.notice_text()

    dialog.installed.selectRow(0)
    assert dialog.remove_button.isEnabled()
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert messages and messages[-1][0] == "question"  # asked first (answered Yes by the fixture)
    assert dialog.installed_ids() == [] and ModelStore().list() == []
    assert window.translator.models() == []
    assert "No Arabic → English model" in window.translation.notice_text()


def test_install_a_folder_by_drag_and_drop_with_languages(qtbot, dialog: ModelManagerDialog, tiny_packages: dict) -> None:
    dialog.src_lang.setCurrentIndex(dialog.src_lang.findData("en"))
    dialog.tgt_lang.setCurrentIndex(dialog.tgt_lang.findData("ar"))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tiny_packages["en-ar"]))])
    event = QDropEvent(QPoint(10, 10).toPointF(), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    dialog.dropEvent(event)
    assert dialog.handle is not None
    wait_job(qtbot, dialog, dialog.handle)
    [info] = ModelStore().list()
    assert (info.source_lang, info.target_lang) == ("en", "ar")
    assert dialog.installed_ids() == [info.id]


def test_broken_package_is_a_message_in_the_dialog(qtbot, dialog: ModelManagerDialog, tmp_path: Path) -> None:
    junk = tmp_path / "model.zip"
    junk.write_bytes(b"this is not a zip")
    wait_job(qtbot, dialog, dialog.install(junk))
    assert "model.zip" in dialog.message.text()
    assert "b00020" in dialog.message.styleSheet()  # shown as an error
    assert dialog.installed_ids() == []


def test_download_from_the_catalog_with_progress(qtbot, dialog: ModelManagerDialog, tiny_packages: dict,
                                                 http_dir: tuple[Path, str], tmp_path: Path, monkeypatch) -> None:
    folder, base = http_dir
    package = tiny_packages["argos-ar-en"]
    (folder / "ar-en.argosmodel").write_bytes(package.read_bytes())
    write_catalog(tmp_path / "catalog.json", monkeypatch, [{
        "id": "test-ar-en", "name": "Test ar-en", "format": "argos", "source_lang": "ar", "target_lang": "en",
        "url": f"{base}/ar-en.argosmodel", "size": package.stat().st_size,
        "sha256": hashlib.sha256(package.read_bytes()).hexdigest(), "license": "CC0",
    }])
    dialog.reload()
    assert dialog.catalog_ids() == ["test-ar-en"]
    assert dialog.catalog.item(0, 2).text() == human_size(package.stat().st_size)
    dialog.catalog.selectRow(0)
    assert dialog.download_button.isEnabled()
    progress: list[int] = []
    qtbot.mouseClick(dialog.download_button, Qt.MouseButton.LeftButton)
    handle = dialog.handle
    handle.progress.connect(lambda p: progress.append(p.done))
    assert dialog.progress.isVisible() and dialog.cancel_button.isVisible()
    wait_job(qtbot, dialog, handle)
    assert handle.outcome == "succeeded", handle.error
    assert "Downloaded and installed" in dialog.message.text()
    assert dialog.installed_ids() == ["test-ar-en"]
    assert "(installed)" in dialog.catalog.item(0, 0).text()
    assert not dialog.progress.isVisible()


def test_download_while_offline_says_so(qtbot, dialog: ModelManagerDialog, tmp_path: Path, monkeypatch) -> None:
    write_catalog(tmp_path / "catalog.json", monkeypatch, [{
        "id": "test-ar-en", "name": "Test ar-en", "format": "argos", "source_lang": "ar", "target_lang": "en",
        "url": f"http://127.0.0.1:{closed_port()}/ar-en.argosmodel", "size": 1000, "license": "CC0",
    }])
    dialog.reload()
    handle = dialog.download("test-ar-en")
    wait_job(qtbot, dialog, handle)
    assert handle.outcome == "failed"
    text = dialog.message.text()
    assert "Cannot download" in text and "connection" in text
    assert "Install from file" in text  # the way forward without a network
    assert dialog.installed_ids() == []
    assert dialog.download_button.isEnabled() is False  # nothing selected; the dialog is idle again
    assert not dialog.busy


def test_installed_model_shows_in_the_window_after_reload(qtbot, window: MainWindow, tiny_packages: dict) -> None:
    info = install(tiny_packages["en-ar"], "en", "ar", model_id="mine")
    window.translator.set_direction_choice("en-ar")
    assert window.translator.models() == []  # not reloaded yet
    window.translator.reload_models()
    assert [m.id for m in window.translator.models()] == [info.id]
    assert window.status.model_label.text() == f"Model: {info.name or info.id}"
