"""The model manager dialog: installed models, models found in other programs, the catalog, quality.

Installed models show their languages, format, the version installed, size, the publisher's score
and which direction they are the default of (the best installed by published score). The catalog
lists quality, speed class, size and licence side by side, best first per direction; a
non-commercial licence is shown and must be accepted before the download starts. When no model is
installed, models found in other programs' folders are offered. "Measure quality…" translates a
test file the user picks and shows BLEU and chrF beside the published figures. Every job runs on the
JobRunner (the same core jobs as the command line), with progress and Cancel; failures show as a
message inside the dialog, in words for people.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk.core.errors import DeskError
from desk.core.jobs import CancelToken, Job, Progress
from desk.core.mt.catalog import CatalogEntry
from desk.core.mt.evaluate import EvalResult
from desk.core.mt.integrity import VerifyReport, verify_job
from desk.core.mt.store import ModelStore
from desk.gui.models import tables
from desk.gui.models.found_offer import FoundOffer
from desk.gui.models.quality import cell_text, evaluation, message, pick_test_set
from desk.gui.models.rows import catalog_rows, installed_rows, pair_text
from desk.gui.screen import resize_to_fit
from desk.gui.worker import JobHandle, JobRunner

log = logging.getLogger(__name__)

INSTALLED_COLUMNS = ["Model", "Languages", "Format", "Version", "Size", "Published BLEU / chrF", "Your test",
                     "Default for"]
CATALOG_COLUMNS = ["Model", "Direction", "Quality: BLEU / chrF", "Speed", "Size", "Licence"]
CATALOG_HINT = "Best first for each direction. Scores are the publishers' (FLORES-200 where published)."
OFFLINE_HINT = ("\nDesk works offline: if you have the model file from elsewhere (a USB stick, another "
                "computer), use “Install from file…” instead.")


class ModelManagerDialog(QDialog):
    models_changed = Signal()

    def __init__(self, runner: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("model_manager")
        self.setWindowTitle("Translation models")
        self.setAcceptDrops(True)
        resize_to_fit(self, 980, 640)
        self.runner = runner
        self.handle: JobHandle | None = None
        self._catalog: list[CatalogEntry] = []
        self.test_results: dict[str, str] = {}  # model id -> "BLEU x / chrF y (file)", this session

        self.found_box = FoundOffer()
        self.found_button = self.found_box.button

        self.installed = tables.table(INSTALLED_COLUMNS, "installed_table")
        self.install_file = QPushButton("Install from file…")
        self.install_folder = QPushButton("Install from folder…")
        self.eval_button = QPushButton("Measure quality…")
        self.eval_button.setToolTip("Translate a test file you pick (aligned text files, a two-column TSV or a "
                                    "TMX) and compare BLEU and chrF with the published figures")
        self.verify_button = QPushButton("Check files")
        self.verify_button.setToolTip("Check the model's files against the checksums recorded when it was installed")
        self.remove_button = QPushButton("Remove")
        self.src_lang, self.tgt_lang = QComboBox(), QComboBox()
        for combo in (self.src_lang, self.tgt_lang):
            combo.addItem("from package", None)
            combo.addItem("Arabic", "ar")
            combo.addItem("English", "en")
            combo.setToolTip("Only needed for packages that do not say which languages they translate")
        row = QHBoxLayout()
        for w in (self.install_file, self.install_folder, QLabel("Source"), self.src_lang, QLabel("Target"),
                  self.tgt_lang):
            row.addWidget(w)
        row.addStretch(1)
        for w in (self.eval_button, self.verify_button, self.remove_button):
            row.addWidget(w)
        ibox = tables.group("Installed (drop a model file or folder here to install it)", self.installed, row)

        self.catalog = tables.table(CATALOG_COLUMNS, "catalog_table")
        self.download_button = QPushButton("Download")
        crow = QHBoxLayout()
        self.catalog_details = QLabel(CATALOG_HINT)
        self.catalog_details.setObjectName("catalog_details")
        self.catalog_details.setWordWrap(True)
        self.catalog_details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.catalog_details.setStyleSheet("color: #555;")
        crow.addWidget(self.catalog_details, 1)
        crow.addWidget(self.download_button)
        cbox = tables.group("Available for download", self.catalog, crow)

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
        layout.addWidget(self.found_box)
        layout.addWidget(ibox, 2)
        layout.addWidget(cbox, 3)
        layout.addWidget(self.message)
        layout.addLayout(bottom)

        self.install_file.clicked.connect(self._pick_file)
        self.install_folder.clicked.connect(self._pick_folder)
        self.remove_button.clicked.connect(self.remove_selected)
        self.eval_button.clicked.connect(self._pick_test_set)
        self.verify_button.clicked.connect(self.verify_selected)
        self.download_button.clicked.connect(self.download_selected)
        self.found_button.clicked.connect(self.install_found)
        self.cancel_button.clicked.connect(self.cancel)
        close.clicked.connect(self.accept)
        self.installed.itemSelectionChanged.connect(self._update_buttons)
        self.catalog.itemSelectionChanged.connect(self._update_buttons)
        self.catalog.itemSelectionChanged.connect(self._show_details)
        self.reload()

    # --- listing ---------------------------------------------------------------------------
    def store(self) -> ModelStore:
        return ModelStore()

    def reload(self) -> None:
        from desk.core.mt.catalog import load_catalog

        try:
            rows = installed_rows(self.store())
        except DeskError as err:
            rows = []
            self.show_message(str(err), error=True)
        self.installed.setRowCount(len(rows))
        for r, m in enumerate(rows):
            values = [m.name, m.languages, m.format, m.version, m.size, m.published, self.test_results.get(m.id, ""),
                      m.default_for]
            tables.set_row(self.installed, r, values, m.id)
        try:
            self._catalog = load_catalog()
        except DeskError as err:
            self._catalog = []
            self.show_message(str(err), error=True)
        crows = catalog_rows(self._catalog, {m.id for m in rows})
        self.catalog.setRowCount(len(crows))
        for r, c in enumerate(crows):
            name = c.name + ("  (installed)" if c.installed else "")
            tables.set_row(self.catalog, r, [name, c.direction, c.quality, c.speed, c.size, c.licence], c.id)
        self.found_box.refresh(not rows)
        self._update_buttons()

    def installed_ids(self) -> list[str]:
        return [tables.row_key(self.installed, r) for r in range(self.installed.rowCount())]

    def catalog_ids(self) -> list[str]:
        return [tables.row_key(self.catalog, r) for r in range(self.catalog.rowCount())]

    def _show_details(self) -> None:
        """The selected entry's note, where its scores come from, its licence and home page."""
        model_id = tables.selected_key(self.catalog)
        entry = next((e for e in self._catalog if e.id == model_id), None)
        if entry is None:
            self.catalog_details.setText(CATALOG_HINT)
            return
        records = "; ".join(dict.fromkeys(s.record for s in entry.scores)) or "no published score"
        licence = f"{entry.license} ({entry.license_url})" if entry.license_url else entry.license
        self.catalog_details.setText(f"{entry.note}\nScores: {records}.\nLicence: {licence}. Home: {entry.homepage}")

    def _update_buttons(self) -> None:
        busy = self.busy
        for w in (self.install_file, self.install_folder, self.src_lang, self.tgt_lang, self.found_button):
            w.setEnabled(not busy)
        chosen = not busy and tables.selected_key(self.installed) is not None
        for w in (self.remove_button, self.eval_button, self.verify_button):
            w.setEnabled(chosen)
        self.download_button.setEnabled(not busy and tables.selected_key(self.catalog) is not None)

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
        from desk.core.mt import found

        store, src, tgt = self.store(), self.src_lang.currentData(), self.tgt_lang.currentData()
        return self._run(f"Installing {Path(path).name}", lambda cancel: found.install_job(
            store, path, src, tgt, cancel=cancel), self._installed("Installed"))

    def install_found(self) -> JobHandle | None:
        """Install every usable model the offer names, one after the other."""
        from desk.core.mt import found

        store, models = self.store(), list(self.found_box.models)

        def install_all(cancel: CancelToken) -> Job[list[str]]:
            done = []
            for model in models:
                done.append((yield from found.install_job(store, model.path, cancel=cancel)).id)
            return done

        def report(ids: object) -> None:
            self.show_message(f"Installed {', '.join(ids) if isinstance(ids, list) else ids}.")
            self.reload()
            self.models_changed.emit()

        return self._run("Installing the models found on this computer", install_all, report)

    def download_selected(self) -> JobHandle | None:
        model_id = tables.selected_key(self.catalog)
        return self.download(model_id) if model_id else None

    def download(self, model_id: str) -> JobHandle | None:
        from desk.core.mt.download import download_job, licence_notice

        entry = next((e for e in self._catalog if e.id == model_id), None)
        if entry is None or self.busy:
            return None
        accepted = False
        if entry.noncommercial:
            answer = QMessageBox.question(self, "Licence", f"{licence_notice(entry)}\n\nDo you accept this licence "
                                          "and download the model?")
            if answer != QMessageBox.StandardButton.Yes:
                self.show_message(f"{entry.name} was not downloaded: its licence was not accepted.", error=True)
                return None
            accepted = True
        store = self.store()
        return self._run(f"Downloading {entry.name}", lambda cancel: download_job(
            entry, store, cancel=cancel, accept_licence=accepted), self._installed("Downloaded and installed"),
            failure_hint=OFFLINE_HINT)

    def _pick_test_set(self) -> None:
        model_id = tables.selected_key(self.installed)
        picked = pick_test_set(self) if model_id else None
        if model_id and picked:
            self.evaluate(model_id, *picked)

    def evaluate(self, model_id: str, source: str | Path, reference: str | Path | None = None) -> JobHandle | None:
        """Translate the test set with ``model_id`` and show BLEU and chrF beside the published figures."""
        store = self.store()

        def show(result: object) -> None:
            if isinstance(result, EvalResult):
                self.test_results[model_id] = cell_text(result)
                self.reload()
                self.show_message(message(result))

        return self._run(f"Measuring {model_id} on {Path(source).name}",
                         lambda cancel: evaluation(store, model_id, source, reference, cancel), show)

    def verify_selected(self) -> JobHandle | None:
        model_id = tables.selected_key(self.installed)
        if model_id is None:
            return None
        store = self.store()
        def show(report: object) -> None:
            if isinstance(report, VerifyReport):
                self.show_message(report.summary(), error=not report.ok)

        return self._run(f"Checking {model_id}", lambda cancel: verify_job(store, model_id, cancel), show)

    def remove_selected(self) -> None:
        model_id = tables.selected_key(self.installed)
        if model_id is None:
            return
        answer = QMessageBox.question(self, "Remove model", f"Remove the model {model_id} from this computer?")
        if answer == QMessageBox.StandardButton.Yes:
            self.remove(model_id)

    def remove(self, model_id: str) -> None:
        try:
            self.store().remove(model_id)
        except (DeskError, OSError) as err:
            self.show_message(f"Could not remove {model_id}: {err}", error=True)
            return
        self.test_results.pop(model_id, None)
        self.show_message(f"Removed {model_id}.")
        self.reload()
        self.models_changed.emit()

    def cancel(self) -> None:
        if self.handle is not None:
            self.handle.cancel()

    def _installed(self, done_text: str) -> Callable[[object], None]:
        def report(info: object) -> None:
            name = getattr(info, "name", "") or getattr(info, "id", "the model")
            src, tgt = getattr(info, "source_lang", ""), getattr(info, "target_lang", "")
            langs = pair_text(src, tgt) if src != "multi" else "many languages"
            self.show_message(f"{done_text} {name} ({langs}).")
            self.reload()
            self.models_changed.emit()

        return report

    def _run(self, title: str, factory: Callable[[CancelToken], Job[object]], on_success: Callable[[object], None],
             failure_hint: str = "") -> JobHandle | None:
        if self.busy:
            self.show_message("Wait for the current job to finish.", error=True)
            return None
        self.show_message(f"{title}…")
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        handle = self.runner.start(title, factory)
        self.handle = handle
        handle.progress.connect(self._on_progress)
        handle.succeeded.connect(on_success)
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
