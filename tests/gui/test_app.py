"""``desk FILE --screenshot OUT.png [--translate] [--summarize]`` and the first-run sample."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from desk import app
from desk.cli import main as cli_main
from tests.gui.conftest import install

pytestmark = pytest.mark.gui


def test_screenshot_with_translation_and_summary(qapp, tiny_packages: dict, en_file: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture) -> None:
    install(tiny_packages["en-ar"], "en", "ar")
    out = tmp_path / "shots" / "window.png"
    code = cli_main([str(en_file), "--screenshot", str(out), "--translate", "--summarize"])
    assert code == 0, capsys.readouterr().err
    image = QImage(str(out))
    assert not image.isNull()
    assert (image.width(), image.height()) == (1440, 900)
    # not a blank picture: many distinct colours (text, highlights, widgets)
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert len(colours) > 20


def test_screenshot_translate_without_model_fails_with_a_message(qapp, en_file: Path, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "x.png"
    code = app.main([str(en_file), "--screenshot", str(out), "--translate"])
    err = capsys.readouterr().err
    assert code == 1
    assert "No English → Arabic model is installed" in err and "desk models install" in err
    assert not out.exists()


def test_screenshot_bad_article_index_and_bad_file(qapp, en_file: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture) -> None:
    assert app.main([str(en_file), "--screenshot", str(tmp_path / "a.png"), "--article", "5"]) == 1
    assert "--article 5 does not exist" in capsys.readouterr().err
    assert app.main([str(tmp_path / "missing.txt"), "--screenshot", str(tmp_path / "b.png")]) == 1
    assert "missing.txt" in capsys.readouterr().err


def test_translate_flag_needs_screenshot(capsys: pytest.CaptureFixture) -> None:
    assert app.main(["--translate"]) == 2
    assert "--screenshot" in capsys.readouterr().err


def test_first_run_sample_is_english_from_resources() -> None:
    sample = app.first_run_sample()
    if sample is None:
        pytest.skip("no sample articles in resources/samples")
    assert sample.parent.name == "samples" and sample.suffix == ".txt"
    assert sample.stem.endswith("en")


def test_first_run_opens_the_sample_then_the_last_file(qtbot, messages: list, en_file: Path) -> None:
    sample = app.first_run_sample()
    if sample is None:
        pytest.skip("no sample articles in resources/samples")
    first = app.open_window()
    qtbot.addWidget(first)
    qtbot.waitUntil(lambda: first.document.current is not None, timeout=10000)
    assert first.document.source == str(sample)
    first.files.open_path(en_file)
    qtbot.waitUntil(lambda: first.document.source == str(en_file), timeout=10000)
    first.close()
    second = app.open_window()  # not the first run any more: the last file comes back
    qtbot.addWidget(second)
    qtbot.waitUntil(lambda: second.document.current is not None, timeout=10000)
    assert second.document.source == str(en_file)
    second.close()


def test_quitting_after_copying_rich_text_does_not_crash(tmp_path: Path) -> None:
    """Qt frees Python-made clipboard data after Python has ended: the app must settle it first."""
    import os
    import subprocess
    import sys

    script = tmp_path / "copy_and_quit.py"
    script.write_text(
        "from PySide6.QtCore import QMimeData, QTimer\n"
        "from PySide6.QtGui import QGuiApplication\n"
        "from desk.app import create_app\n"
        "app = create_app()\n"
        "def copy():\n"
        "    data = QMimeData(); data.setHtml('<b>brief</b>'); data.setText('brief')\n"
        "    QGuiApplication.clipboard().setMimeData(data)\n"
        "    QTimer.singleShot(20, app.quit)\n"
        "QTimer.singleShot(20, copy)\n"
        "app.exec()\n"
        "print('clipboard:', QGuiApplication.clipboard().text())\n",
        encoding="utf-8",
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "clipboard: brief" in done.stdout


def test_read_only_data_folder_window_opens_says_so_once_and_moves(qtbot, messages: list, en_file: Path,  # noqa: ANN001
                                                                   tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The window opens on a read-only data folder (root writes anywhere: the probe is told so), says
    once that work cannot be saved, and the folder the user picks is where everything goes."""
    from desk.core.paths import data_dir
    from desk.gui import file_controller

    locked = data_dir()
    monkeypatch.setattr(file_controller, "writable", lambda folder: Path(folder) != locked)
    notices: list[str] = []
    monkeypatch.setattr(file_controller, "_ask_other_folder", lambda parent, text: notices.append(text) or True)
    other = tmp_path / "my-desk-data"
    other.mkdir()
    monkeypatch.setattr(file_controller.QFileDialog, "getExistingDirectory", lambda *a: str(other))
    window = app.open_window(str(en_file))
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.document.current is not None, timeout=10000)
    assert len(notices) == 1 and str(locked) in notices[0]
    assert window.settings.path == other / "settings.ini"
    window.close()
    assert (other / "settings.ini").exists()


def test_damaged_memory_is_said_once_when_the_window_opens(qtbot, messages: list, en_file: Path) -> None:  # noqa: ANN001
    from desk.core.paths import data_dir
    from tests.hostile.files import damaged_memory

    path = damaged_memory(data_dir() / "memory.sqlite")
    window = app.open_window(str(en_file))
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.document.current is not None, timeout=10000)
    damaged = [text for kind, text in messages if "damaged" in text]
    assert len(damaged) == 1 and str(path) in damaged[0] and "move the file aside" in damaged[0]
    window.close()
