"""The model manager dialog: install (file, folder, drop), remove, download from 127.0.0.1, offline."""
from __future__ import annotations

import hashlib
import json
import socket
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox

from desk.core.jobs import run_job
from desk.core.mt.evaluate import evaluate_job, load_test_set
from desk.core.mt.store import ModelStore
from desk.gui.main_window import MainWindow
from desk.gui.models.manager import CATALOG_COLUMNS, INSTALLED_COLUMNS, ModelManagerDialog
from desk.gui.models.rows import size_text
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
    row = dict(zip(INSTALLED_COLUMNS, (dialog.installed.item(0, c).text() for c in range(len(INSTALLED_COLUMNS)))))
    assert (row["Languages"], row["Format"], row["Version"]) == ("Arabic → English", "argos", "1.0")
    assert row["Size"].endswith("KB") and row["Default for"] == "Arabic → English"
    assert row["Published BLEU / chrF"] == "29.4 / 56.4 (FLORES-200)"  # the catalog's argos-ar-en-1.0
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


def test_install_a_folder_by_drag_and_drop_with_languages(
    qtbot, dialog: ModelManagerDialog, tiny_packages: dict  # noqa: ANN001
) -> None:
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
    assert dialog.catalog.item(0, CATALOG_COLUMNS.index("Size")).text() == size_text(package.stat().st_size)
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


def test_catalog_is_best_first_per_direction_with_quality_licence_size_speed(dialog: ModelManagerDialog) -> None:
    rows = [[dialog.catalog.item(r, c).text() for c in range(len(CATALOG_COLUMNS))]
            for r in range(dialog.catalog.rowCount())]
    col = {name: i for i, name in enumerate(CATALOG_COLUMNS)}
    ar_en = [r for r in rows if r[col["Direction"]] == "Arabic → English"]
    assert ar_en[0][col["Model"]].startswith("OPUS-MT tc-big Arabic → English")
    assert ar_en[0][col["Quality: BLEU / chrF"]] == "42.8 / 67.2 (FLORES-200)" and ar_en[0][col["Speed"]] == "big"
    nllb = next(r for r in ar_en if r[col["Model"]].startswith("NLLB"))
    assert nllb[col["Licence"]] == "CC-BY-NC-4.0 (non-commercial)" and nllb[col["Size"]] == "551.8 MB+"
    assert {r[col["Direction"]] for r in rows} == {"Arabic → English", "English → Arabic"}


def test_non_commercial_licence_is_shown_and_must_be_accepted(
    qtbot, dialog: ModelManagerDialog, tiny_packages: dict, http_dir: tuple[Path, str], tmp_path: Path,  # noqa: ANN001
    monkeypatch: pytest.MonkeyPatch, messages: list,
) -> None:
    folder, base = http_dir
    package = tiny_packages["argos-ar-en"]
    (folder / "nc.argosmodel").write_bytes(package.read_bytes())
    write_catalog(tmp_path / "catalog.json", monkeypatch, [{
        "id": "nc-ar-en", "name": "NC ar-en", "format": "argos", "source_lang": "ar", "target_lang": "en",
        "url": f"{base}/nc.argosmodel", "license": "CC-BY-NC-4.0", "noncommercial": True,
        "license_url": "https://creativecommons.org/licenses/by-nc/4.0/",
    }])
    dialog.reload()
    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda _p, _t, text, *a: asked.append(text) or next(answers))
    assert dialog.download("nc-ar-en") is None  # declined: nothing starts
    assert "non-commercial purposes only" in asked[0] and "by-nc/4.0" in asked[0]
    assert "not accepted" in dialog.message.text() and not dialog.busy
    wait_job(qtbot, dialog, dialog.download("nc-ar-en"))
    assert dialog.installed_ids() == ["nc-ar-en"] and len(asked) == 2


def test_found_models_are_offered_when_none_is_installed(
    qtbot, dialog: ModelManagerDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # noqa: ANN001
) -> None:
    from tests.core.mt.test_found import make_argos_folder

    home = tmp_path / "home"
    for var in ("ARGOS_PACKAGES_DIR", "HF_HUB_CACHE", "HF_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "LOCALAPPDATA"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HOME", str(home))
    packages = home / ".local" / "share" / "argos-translate" / "packages"
    make_argos_folder(packages, "ar", "en")
    make_argos_folder(packages, "en", "ar")
    dialog.reload()
    assert dialog.found_box.isVisible()
    assert dialog.found_box.label.text().startswith("Found 2 translation models from Argos Translate on this computer")
    assert "Use them?" in dialog.found_box.label.text()
    qtbot.mouseClick(dialog.found_button, Qt.MouseButton.LeftButton)
    wait_job(qtbot, dialog, dialog.handle)
    assert sorted(dialog.installed_ids()) == ["argos-ar-en-1.0", "argos-en-ar-1.0"]
    assert not dialog.found_box.isVisible()  # models are installed now: no offer


def test_measure_quality_on_a_test_file_beside_the_published_figure(
    qtbot, dialog: ModelManagerDialog, tiny_packages: dict, tmp_path: Path  # noqa: ANN001
) -> None:
    import sacrebleu

    install(tiny_packages["argos-ar-en"])
    dialog.reload()
    tsv = tmp_path / "my-news.tsv"
    pairs = [("قال الوزير إن المحادثات ستستأنف.", "The minister said talks would resume."),
             ("ارتفعت أسعار النفط.", "Oil prices rose.")]
    tsv.write_text("".join(f"{a}\t{e}\n" for a, e in pairs), encoding="utf-8")
    handle = dialog.evaluate("argos-ar-en-1.0", tsv)
    wait_job(qtbot, dialog, handle)
    assert handle.outcome == "succeeded", handle.error
    result = handle.result
    expected, translations = run_job(evaluate_job(ModelStore(), "argos-ar-en-1.0", load_test_set(tsv)))
    assert result.segments == 2 and (result.bleu, result.chrf) == (expected.bleu, expected.chrf)
    assert result.chrf == round(sacrebleu.corpus_chrf(translations, [[e for _, e in pairs]]).score, 2)
    text = dialog.message.text()
    assert f"BLEU {result.bleu:.1f}" in text and "Published: BLEU 29.4 / chrF 56.4 on flores200-devtest" in text
    col = INSTALLED_COLUMNS.index("Your test")
    assert dialog.installed.item(0, col).text() == f"{result.bleu:.1f} / {result.chrf:.1f} (my-news.tsv)"


def test_check_files_reports_damage_in_words(qtbot, dialog: ModelManagerDialog, tiny_packages: dict) -> None:  # noqa: ANN001
    wait_job(qtbot, dialog, dialog.install(tiny_packages["argos-ar-en"]))
    dialog.installed.selectRow(0)
    wait_job(qtbot, dialog, dialog.verify_selected())
    assert "match the checksums recorded at install" in dialog.message.text()
    model_bin = ModelStore().get("argos-ar-en-1.0").ct2_dir / "model.bin"
    data = bytearray(model_bin.read_bytes())
    data[-1] ^= 0xFF
    model_bin.write_bytes(bytes(data))
    wait_job(qtbot, dialog, dialog.verify_selected())
    assert "DAMAGED" in dialog.message.text() and "model/model.bin" in dialog.message.text()
    assert "b00020" in dialog.message.styleSheet()


def test_window_messages_have_no_command_line_words(
    qtbot, dialog: ModelManagerDialog, tiny_packages: dict  # noqa: ANN001
) -> None:
    """Installing twice, and a package that does not name its languages: messages for people, no flags."""
    wait_job(qtbot, dialog, dialog.install(tiny_packages["argos-ar-en"]))
    wait_job(qtbot, dialog, dialog.install(tiny_packages["argos-ar-en"]))
    twice = dialog.message.text()
    assert "already installed. To install it again, remove it first." in twice
    wait_job(qtbot, dialog, dialog.install(tiny_packages["ar-en"]))  # a bare CTranslate2 folder
    unknown = dialog.message.text()
    assert "choose the source and target languages" in unknown
    for text in (twice, unknown):
        assert "desk " not in text and "--" not in text


def test_selected_catalog_entry_says_where_its_scores_come_from(dialog: ModelManagerDialog) -> None:
    row = dialog.catalog_ids().index("quickmt-ar-en")
    dialog.catalog.selectRow(row)
    details = dialog.catalog_details.text()
    assert "pinned to commit a81dfb30ecb6f7309857c22c5679e92b6de045ea" in details
    assert "Scores: quickmt model card at commit a81dfb3" in details and "Licence: CC-BY-4.0" in details
    dialog.catalog.clearSelection()
    assert dialog.catalog_details.text().startswith("Best first for each direction")
