"""Opening text: files (dialog, drag and drop, recent files) and pasted clipboard text.

Loading goes through the worker (PDFs and DOCX files can take a moment); errors from the core
arrive as readable messages and the current articles stay as they were.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QMimeData, QObject, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from desk.core.errors import PasswordRequired
from desk.core.model import Article
from desk.core.paths import data_dir, writable
from desk.core.text import readers
from desk.core.text.bidi import shown_file_name
from desk.gui.document import DocumentState
from desk.gui.operations import Operations
from desk.gui.settings import Settings
from desk.gui.worker import JobHandle

log = logging.getLogger(__name__)


def open_filter() -> str:
    """The open dialog's filter, from the reader registry: all formats, each format, all files."""
    def patterns(suffixes: list[str] | tuple[str, ...]) -> str:
        return " ".join(f"*{suffix}" for suffix in suffixes)

    groups = [f"Articles ({patterns(readers.suffixes())})"]
    groups += [f"{reader.label} ({patterns(reader.suffixes)})" for reader in readers.readers()]
    return ";;".join(groups + ["All files (*)"])


def dropped_files(mime: QMimeData) -> list[str]:
    """The local files of a drag that some reader takes (by suffix, or with none, by content)."""
    return [url.toLocalFile() for url in mime.urls() if url.isLocalFile() and readers.can_open(url.toLocalFile())]


READ_ONLY_NOTICE = (
    "Desk cannot save anything in its data folder {folder}: it is read-only. Translations, "
    "post-editing work, the translation memory, the glossary and settings would be lost.\n\n"
    "Choose another folder for Desk's data, or go on without saving."
)


def _ask_other_folder(parent: QWidget | None, text: str) -> bool:
    """Show the read-only notice; True when the user wants to choose another folder."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Desk cannot save its work", text, parent=parent)
    choose = box.addButton("Choose another folder…", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Go on without saving", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(choose)
    box.exec()
    return box.clickedButton() is choose


def confirm_data_folder(parent: QWidget | None = None) -> bool:
    """On a read-only data folder, say so once and offer another folder. True when the user chose
    one (``DESK_DATA_DIR`` now points there for this session), False otherwise."""
    folder = data_dir()
    if writable(folder):
        return False
    log.warning("the data folder %s is read-only", folder)
    text = READ_ONLY_NOTICE.format(folder=folder)
    while _ask_other_folder(parent, text):
        chosen = QFileDialog.getExistingDirectory(parent, "A folder for Desk's data", str(Path.home()))
        if chosen and writable(Path(chosen)):
            os.environ["DESK_DATA_DIR"] = chosen
            log.info("data folder for this session: %s", chosen)
            return True
        if chosen:
            text = READ_ONLY_NOTICE.format(folder=chosen)
    return False


def report_damaged_stores(parent: QWidget | None = None) -> list[str]:
    """Say once, when the window opens, that the memory or the glossary file is damaged (naming
    the file and how to recover); translating goes on without them. Returns what was said."""
    from desk.core.workbench.glossary import GLOSSARY_FILE
    from desk.core.workbench.memory import MEMORY_FILE, RECOVER
    from desk.core.workbench.sqlitedb import DEFAULT_RECOVER, check_file

    said = []
    stores = ((MEMORY_FILE, "translation memory", RECOVER), (GLOSSARY_FILE, "glossary", DEFAULT_RECOVER))
    for name, what, recover in stores:
        path = data_dir() / name
        problems = check_file(path, quick=True) if path.is_file() else []
        if problems:
            said.append(f"The {what} {path} is damaged ({problems[0]}). {recover}")
            log.warning("%s", said[-1])
            QMessageBox.warning(parent, f"The {what} is damaged", said[-1])
    return said


class FileController(QObject):
    error = Signal(str)
    status_message = Signal(str)

    def __init__(self, document: DocumentState, operations: Operations, settings: Settings,
                 parent_widget: QWidget | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document, self.operations, self.settings = document, operations, settings
        self.parent_widget = parent_widget
        self.handle: JobHandle | None = None
        self.remember_recent = True  # off for --screenshot runs
        self.ask_passwords = True  # off for --screenshot runs: nobody is there to answer

    def recent_files(self) -> list[str]:
        return self.settings.recent_files()

    def open_dialog(self) -> JobHandle | None:
        start = str(Path(self.recent_files()[0]).parent) if self.recent_files() else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self.parent_widget, "Open article", start, open_filter())
        return self.open_path(path, select=0) if path else None

    def open_path(self, path: str | Path, select: int = 0, password: str | None = None) -> JobHandle:
        path = str(path)
        self.status_message.emit(f"Opening {shown_file_name(path)}…")
        handle = self.operations.open_file(path, password)
        handle.succeeded.connect(lambda articles, p=path, k=select: self._on_loaded(p, articles, k))
        handle.failed.connect(self._on_failed)
        self.handle = handle
        return handle

    def paste(self, text: str | None = None) -> JobHandle | None:
        """Add the clipboard text (or ``text``) as new article(s) after the open ones."""
        if text is None:
            text = QGuiApplication.clipboard().text()
        if not text or not text.strip():
            self.error.emit("The clipboard holds no text to paste as an article.")
            return None
        handle = self.operations.paste(text)
        handle.succeeded.connect(lambda result: self._on_pasted(*result))
        handle.failed.connect(self._on_failed)
        self.handle = handle
        return handle

    def ask_password(self, path: str, wrong: bool) -> str | None:
        """The password of an encrypted file, from the user (None: they cancelled)."""
        prompt = (f"The password for {shown_file_name(path)} is wrong. Try again:" if wrong
                  else f"{shown_file_name(path)} is protected by a password. Password:")
        password, ok = QInputDialog.getText(self.parent_widget, "Password", prompt, QLineEdit.EchoMode.Password)
        return password if ok else None

    def _on_loaded(self, path: str, articles: list[Article] | PasswordRequired, select: int) -> None:
        if isinstance(articles, PasswordRequired):
            if not self.ask_passwords:
                self._on_failed(str(articles))
                return
            password = self.ask_password(path, articles.wrong)
            if password is None:
                self.status_message.emit(f"{shown_file_name(path)} was not opened (it needs a password)")
            else:
                self.open_path(path, select, password)
            return
        if not articles:
            self.error.emit(f"Cannot open {path}: no article text found in it.")
            return
        self.document.set_articles(articles, path, select=select)
        if self.remember_recent:
            self.settings.add_recent_file(path)
        self.status_message.emit(f"Opened {shown_file_name(path)}: {len(articles)} article(s)")

    def _on_pasted(self, path: Path, articles: list[Article]) -> None:
        """Pasted text is kept in the data folder (``path``): it reopens from Open recent."""
        if not articles:
            self.error.emit("The pasted text holds no article.")
            return
        self.document.add_articles(articles, str(path))
        if self.remember_recent:
            self.settings.add_recent_file(str(path))
        self.status_message.emit(f"Pasted {len(articles)} article(s), kept as {path.name}")

    def _on_failed(self, message: str) -> None:
        self.status_message.emit("Could not open the text")
        self.error.emit(message)

    def clear_recent(self) -> None:
        self.settings.clear_recent_files()
