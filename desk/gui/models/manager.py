"""The model manager dialog: installed models, install from file/folder (or drop), download, remove.

Installs and downloads run through the JobRunner (the store's ``install_job`` and the catalog's
``download_job``), with progress and Cancel; failures show as a message inside the dialog.
"""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk.core.errors import DeskError
from desk.core.jobs import CancelToken, Job, Progress
from desk.gui.fonts import lang_name
from desk.gui.worker import JobHandle, JobRunner

log = logging.getLogger(__name__)


def human_size(n: int | None) -> str:
    if not n:
        return "?"
    size = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit in ("B", "KB") else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"


def _pair(src: str, tgt: str) -> str:
    return f"{lang_name(src)} → {lang_name(tgt)}"


class ModelManagerDialog(QDialog):
    models_changed = Signal()

    def __init__(self, runner: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("model_manager")
        self.setWindowTitle("Translation models")
        self.setAcceptDrops(True)
        self.resize(760, 520)
        self.runner = runner
        self.handle: JobHandle | None = None
        self._catalog: list = []

        self.installed = self._table(["Model", "Languages", "Format", "Size"], "installed_table")
        self.install_file = QPushButton("Install from file…")
        self.install_folder = QPushButton("Install from folder…")
        self.remove_button = QPushButton("Remove")
        self.src_lang = QComboBox()
        self.tgt_lang = QComboBox()
        for box in (self.src_lang, self.tgt_lang):
            box.addItem("from package", None)
            box.addItem("Arabic", "ar")
            box.addItem("English", "en")
            box.setToolTip("Only needed for packages that do not say which languages they translate")
        row = QHBoxLayout()
        for w in (self.install_file, self.install_folder, QLabel("Source"), self.src_lang,
                  QLabel("Target"), self.tgt_lang):
            row.addWidget(w)
        row.addStretch(1)
        row.addWidget(self.remove_button)
        box = self._group("Installed (drop a model file or folder here to install it)", self.installed, row)

        self.catalog = self._table(["Model", "Languages", "Size", "Licence"], "catalog_table")
        self.download_button = QPushButton("Download")
        crow = QHBoxLayout()
        crow.addStretch(1)
        crow.addWidget(self.download_button)
        cbox = self._group("Available for download", self.catalog, crow)

        self.progress = QProgressBar()
        self.progress.hide()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.hide()
        self.message = QLabel()
        self.message.setObjectName("manager_message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QPushButton("Close")
        bottom = QHBoxLayout()
        bottom.addWidget(self.progress, 1)
        bottom.addWidget(self.cancel_button)
        bottom.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(box, 3)
        layout.addWidget(cbox, 2)
        layout.addWidget(self.message)
        layout.addLayout(bottom)

        self.install_file.clicked.connect(self._pick_file)
        self.install_folder.clicked.connect(self._pick_folder)
        self.remove_button.clicked.connect(self.remove_selected)
        self.download_button.clicked.connect(self.download_selected)
        self.cancel_button.clicked.connect(self.cancel)
        close.clicked.connect(self.accept)
        self.installed.itemSelectionChanged.connect(self._update_buttons)
        self.catalog.itemSelectionChanged.connect(self._update_buttons)
        self.reload()

    @staticmethod
    def _group(title: str, table: QTableWidget, buttons: QHBoxLayout) -> QGroupBox:
        """A titled box holding ``table`` above its row of ``buttons``."""
        box = QGroupBox(title)
        layout = QVBoxLayout(box)
        layout.addWidget(table)
        layout.addLayout(buttons)
        return box

    @staticmethod
    def _table(headers: list[str], name: str) -> QTableWidget:
        table = QTableWidget(0, len(headers))
        table.setObjectName(name)
        table.setHorizontalHeaderLabels(headers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for i in range(1, len(headers)):
            table.horizontalHeader().setSectionResizeMode(i, QHeaderView.ResizeMode.ResizeToContents)
        return table

    # --- listing ---------------------------------------------------------------------------
    def store(self) -> object:
        from desk.core.mt.store import ModelStore

        return ModelStore()

    def reload(self) -> None:
        from desk.core.mt.catalog import load_catalog

        try:
            models = self.store().list()  # type: ignore[attr-defined]
        except DeskError as err:
            models = []
            self.show_message(str(err), error=True)
        self.installed.setRowCount(len(models))
        for r, m in enumerate(models):
            langs = ", ".join(m.languages) if m.source_lang == "multi" else _pair(m.source_lang, m.target_lang)
            self._set_row(self.installed, r, [m.name or m.id, langs, m.format, human_size(m.size_bytes)], m.id)
        installed_ids = {m.id for m in models}
        try:
            self._catalog = load_catalog()
        except DeskError as err:
            self._catalog = []
            self.show_message(str(err), error=True)
        self.catalog.setRowCount(len(self._catalog))
        for r, e in enumerate(self._catalog):
            name = e.name + ("  (installed)" if e.id in installed_ids else "")
            self._set_row(self.catalog, r, [name, _pair(e.source_lang, e.target_lang), human_size(e.size),
                                            e.license], e.id)
        self._update_buttons()

    @staticmethod
    def _set_row(table: QTableWidget, row: int, values: list[str], key: str) -> None:
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setData(Qt.ItemDataRole.UserRole, key)
            table.setItem(row, c, item)

    def installed_ids(self) -> list[str]:
        return [self.installed.item(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(self.installed.rowCount())]

    def catalog_ids(self) -> list[str]:
        return [self.catalog.item(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(self.catalog.rowCount())]

    @staticmethod
    def _selected(table: QTableWidget) -> str | None:
        rows = table.selectionModel().selectedRows()
        return table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole) if rows else None

    def _update_buttons(self) -> None:
        busy = self.busy
        for w in (self.install_file, self.install_folder, self.src_lang, self.tgt_lang):
            w.setEnabled(not busy)
        self.remove_button.setEnabled(not busy and self._selected(self.installed) is not None)
        self.download_button.setEnabled(not busy and self._selected(self.catalog) is not None)

    @property
    def busy(self) -> bool:
        return self.handle is not None and not self.handle.finished

    def show_message(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet("color: #b00020;" if error else "color: #2e7d32;")
        self.message.setText(text)

    # --- actions ---------------------------------------------------------------------------
    def _pick_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Install a model package", str(Path.home()),
                                              "Model packages (*.argosmodel *.zip);;All files (*)")
        if path:
            self.install(path)

    def _pick_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Install a model folder", str(Path.home()))
        if path:
            self.install(path)

    def install(self, path: str | Path) -> JobHandle | None:
        if self.busy:
            self.show_message("Wait for the current install or download to finish.", error=True)
            return None
        store = self.store()
        src, tgt = self.src_lang.currentData(), self.tgt_lang.currentData()

        def factory(cancel: CancelToken) -> Job[object]:
            return store.install_job(path, src, tgt, cancel=cancel)  # type: ignore[attr-defined]

        return self._run(f"Installing {Path(path).name}", factory, "Installed")

    def download_selected(self) -> JobHandle | None:
        model_id = self._selected(self.catalog)
        return self.download(model_id) if model_id else None

    def download(self, model_id: str) -> JobHandle | None:
        from desk.core.mt.download import download_job

        entry = next((e for e in self._catalog if e.id == model_id), None)
        if entry is None or self.busy:
            return None
        store = self.store()

        def factory(cancel: CancelToken) -> Job[object]:
            return download_job(entry, store, cancel=cancel)  # type: ignore[arg-type]

        hint = ("\nDesk works offline: if you have the model file from elsewhere (a USB stick, another "
                "computer), use “Install from file…” instead.")
        return self._run(f"Downloading {entry.name}", factory, "Downloaded and installed", failure_hint=hint)

    def remove_selected(self) -> None:
        model_id = self._selected(self.installed)
        if model_id is None:
            return
        answer = QMessageBox.question(self, "Remove model", f"Remove the model {model_id} from this computer?")
        if answer == QMessageBox.StandardButton.Yes:
            self.remove(model_id)

    def remove(self, model_id: str) -> None:
        try:
            self.store().remove(model_id)  # type: ignore[attr-defined]
        except (DeskError, OSError) as err:
            self.show_message(f"Could not remove {model_id}: {err}", error=True)
            return
        self.show_message(f"Removed {model_id}.")
        self.reload()
        self.models_changed.emit()

    def cancel(self) -> None:
        if self.handle is not None:
            self.handle.cancel()

    def _run(self, title: str, factory: object, done_text: str, failure_hint: str = "") -> JobHandle:
        self.show_message(f"{title}…")
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        handle = self.runner.start(title, factory)  # type: ignore[arg-type]
        self.handle = handle
        handle.progress.connect(self._on_progress)
        handle.succeeded.connect(lambda info: self._on_installed(info, done_text))
        handle.failed.connect(lambda msg: self.show_message(msg + failure_hint, error=True))
        handle.cancelled.connect(lambda _p: self.show_message(f"{title}: cancelled.", error=True))
        handle.done.connect(self._on_done)
        self._update_buttons()
        return handle

    def _on_progress(self, p: Progress) -> None:
        if p.total > 0:
            scale = 1024 if p.total > 1 << 24 else 1  # QProgressBar takes int32: show KB for big files
            self.progress.setRange(0, max(1, p.total // scale))
            self.progress.setValue(min(p.done, p.total) // scale)
        else:
            self.progress.setRange(0, 0)
        if p.message:
            self.progress.setFormat(f"{p.message} %p%" if p.total > 0 else p.message)

    def _on_installed(self, info: object, done_text: str) -> None:
        name = getattr(info, "name", "") or getattr(info, "id", "the model")
        src, tgt = getattr(info, "source_lang", ""), getattr(info, "target_lang", "")
        self.show_message(f"{done_text} {name} ({_pair(src, tgt)}).")
        self.reload()
        self.models_changed.emit()

    def _on_done(self) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        self.handle = None
        self._update_buttons()

    def reject(self) -> None:
        self.cancel()
        super().reject()

    # --- drag and drop ---------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt override)
        if any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt override)
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.install(paths[0])
