"""Asking where to save an export: the last folder used, a clean complete name, the right format.

Every save dialog of the window goes through :func:`ask_save_path`: it opens in the folder the
user last saved to (kept in the settings; the Documents folder the first time), suggests a name
made from the document's title (:func:`desk.core.brief.writers.file_stem`) with the format's
suffix, offers the formats of the writers registry, and returns the path and the format its
*suffix* names, so the file's content always matches its name.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from desk.core.brief.writers import Writer, file_stem, writer, writer_for_path, writers
from desk.gui.settings import Settings

LAST_FOLDER_KEY = "paths/last_save_folder"


def last_folder(settings: Settings) -> Path:
    saved = str(settings.value(LAST_FOLDER_KEY, "", str) or "")
    if saved and Path(saved).is_dir():
        return Path(saved)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


def remember_folder(settings: Settings, path: str | Path) -> None:
    """The folder of a file just chosen in a save dialog: the next save dialog opens there."""
    if path:
        settings.set_value(LAST_FOLDER_KEY, str(Path(path).parent))


def in_last_folder(settings: Settings, name: str) -> str:
    """``name`` in the folder of the last save (for dialogs that are not document exports)."""
    return str(last_folder(settings) / name)


def suggested_path(settings: Settings, title: str, fmt: str, fallback: str = "brief") -> Path:
    return last_folder(settings) / (file_stem(title, fallback) + writer(fmt).suffix)


def ask_save_path(parent: QWidget | None, settings: Settings, caption: str, title: str, fmt: str,
                  formats: list[str] | None = None, fallback: str = "brief") -> tuple[Path, str] | None:
    """Ask for a file to save; ``(path, format key)`` or None when cancelled.

    ``fmt`` is the format offered first; ``formats`` limits the choice (default: every writer).
    A name typed without a suffix gets the chosen filter's; a name whose suffix belongs to
    another format is saved in that format.
    """
    offered: list[Writer] = [writer(k) for k in formats] if formats else writers()
    chosen = writer(fmt)
    if chosen not in offered:
        chosen = offered[0]
    filters = [w.file_filter for w in offered]
    path, selected = QFileDialog.getSaveFileName(parent, caption, str(suggested_path(settings, title, chosen.key,
                                                                                     fallback)),
                                                 ";;".join(filters), chosen.file_filter)
    if not path:
        return None
    target = Path(path)
    by_suffix = writer_for_path(target)
    if by_suffix is None:
        picked = next((w for w in offered if w.file_filter == selected), chosen)
        target = target.with_name(target.name + picked.suffix)
        by_suffix = picked
    settings.set_value(LAST_FOLDER_KEY, str(target.parent))
    return target, by_suffix.key
