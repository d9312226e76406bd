"""Save dialogs: the last folder, a clean complete name, the format named by the suffix."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from desk.gui.main_window import MainWindow
from desk.gui.save_dialog import LAST_FOLDER_KEY, ask_save_path, last_folder

pytestmark = pytest.mark.gui


def answer(monkeypatch: pytest.MonkeyPatch, path: str, chosen: str = "") -> list[str]:
    offered: list[str] = []

    def dialog(_parent, _caption, suggested, *_args):  # noqa: ANN001, ANN202
        offered.append(suggested)
        return path, chosen

    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)
    return offered


def test_ask_save_path_follows_the_suffix_and_remembers_the_folder(qtbot, window: MainWindow, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    settings = window.settings
    settings.set_value(LAST_FOLDER_KEY, "")
    assert last_folder(settings).is_dir()  # Documents or home the first time, never the working folder
    offered = answer(monkeypatch, str(tmp_path / "out.md"), "Word document (DOCX) (*.docx)")
    assert ask_save_path(window, settings, "Save", 'Talks: "Day 2" / Geneva?', "docx") == (tmp_path / "out.md", "md")
    assert Path(offered[0]).name == "Talks Day 2 Geneva.docx"
    offered = answer(monkeypatch, str(tmp_path / "plain"), "Plain text (*.txt *.text)")
    assert ask_save_path(window, settings, "Save", "x", "docx") == (tmp_path / "plain.txt", "txt")
    assert Path(offered[0]).parent == tmp_path  # opened where the last file went


def test_memory_and_glossary_exports_open_in_the_last_folder(qtbot, window: MainWindow, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    window.settings.set_value(LAST_FOLDER_KEY, str(tmp_path))
    dialog = window.workflows.open_memory_dialog()
    qtbot.waitUntil(lambda: not dialog.busy(), timeout=10000)
    offered = answer(monkeypatch, "")  # cancelled: only the suggestion is looked at
    dialog.export_memory("tmx")
    dialog.export_glossary()
    assert offered == [str(tmp_path / "memory.tmx"), str(tmp_path / "glossary.csv")]
