"""The main window: the app's wiring. It composes the views and controllers around one document
state, owns menus, shortcuts and layout state.

It does no work itself: opening text is the FileController's, translating the
TranslateController's, summaries the SummaryController's, linking the LinkController's; all heavy
work runs as named operations (desk.gui.operations) on the one JobRunner. Controllers receive the
document state, the operations and the settings, never this window.
"""
from __future__ import annotations

import html
import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox, QSplitter, QToolBar, QVBoxLayout, QWidget

from desk.core import languages
from desk.core.mt import device
from desk.core.summary.summarize import ALGORITHMS
from desk.core.text import readers
from desk.core.text.bidi import neutralize, shown_file_name
from desk.core.text.pasted import is_pasted
from desk.gui.article_list import ArticleList
from desk.gui.document import DocumentState
from desk.gui.file_controller import FileController, dropped_files
from desk.gui.operations import Operations
from desk.gui.panes.linking import LinkController
from desk.gui.panes.pane import Pane
from desk.gui.panes.words import document_targets
from desk.gui.screen import resize_to_fit
from desk.gui.settings import Settings
from desk.gui.status import StatusBar
from desk.gui.summary.controller import SummaryController
from desk.gui.summary.controls import SummaryControls
from desk.gui.translate.bar import TranslateBar
from desk.gui.translate.controller import TranslateController
from desk.gui.worker import JobRunner
from desk.gui.workflows import Workflows

log = logging.getLogger(__name__)

TITLE_CHARS = 70
# Initial share of the width for the article list and the three panes (the Original reads most).
LIST_SHARE, LIST_MIN, LIST_MAX = 0.17, 160, 300
PANE_SHARES = (0.35, 0.35, 0.30)  # the two text panes alike: Arabic is set larger


def short_title(text: str, limit: int = TITLE_CHARS) -> str:
    """``text`` cut at a word boundary with "…" when longer than ``limit`` (never mid-word)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,;:،؛-—") + "…"


class MainWindow(QMainWindow):
    def __init__(self, settings: Settings | None = None, quiet_errors: bool = False) -> None:
        super().__init__()
        self.setObjectName("main_window")
        self.setWindowTitle("Desk")
        self.setAcceptDrops(True)
        self.settings = settings or Settings()
        self.quiet_errors = quiet_errors  # screenshot mode: collect errors instead of dialogs
        self.errors: list[str] = []
        self.runner = JobRunner(self)
        self.operations = Operations(self.runner, self.settings)
        self.document = DocumentState(parent=self)  # a forced direction belongs to its article

        # --- views ---
        self.article_list = ArticleList(self.document)
        self.original = Pane("Original", "original")
        self.translation = Pane("Translation", "translation")
        self.summary = Pane("Summary", "summary")
        self.summary_controls = SummaryControls(list(ALGORITHMS), self.settings.summary_prefs())
        self.summary.add_controls_row(self.summary_controls)
        self.pane_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.pane_splitter.setObjectName("pane_splitter")
        for pane in (self.original, self.translation, self.summary):
            self.pane_splitter.addWidget(pane)
        self.pane_splitter.setChildrenCollapsible(True)
        self.main_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.main_splitter.setObjectName("main_splitter")
        self.main_splitter.addWidget(self.article_list)
        self.main_splitter.addWidget(self.pane_splitter)
        self.main_splitter.setStretchFactor(0, 1)  # resizing the window: the list gives a little,
        self.main_splitter.setStretchFactor(1, 5)  # the panes most
        for i, stretch in enumerate((4, 4, 3)):  # Original and Translation alike, the Summary a little less
            self.pane_splitter.setStretchFactor(i, stretch)
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.addWidget(self.main_splitter)
        central_layout.setContentsMargins(4, 4, 4, 0)
        self.setCentralWidget(central)
        self.status = StatusBar()
        self.setStatusBar(self.status)

        # --- controllers ---
        self.files = FileController(self.document, self.operations, self.settings, self, self)
        self.translator = TranslateController(
            self.document, self.operations, self.settings, self.translation, self.open_model_manager, self
        )
        self.summarizer = SummaryController(
            self.document, self.operations, self.settings, self.summary, self.summary_controls, self
        )
        self.links = LinkController(self.original.view, self.translation.view, self.summary.view, self,
                                    targets=document_targets(self.document))
        self.translate_bar = TranslateBar(self.translator)

        self._wire()
        self._build_menus()
        self._restore_layout()
        self._show_original(None)
        self._update_status()
        # post-editing, memory and glossary, brief, compare
        self.workflows = Workflows(self, self.document, self.operations, self.settings, self.translation, self.links,
                                   self.show_error, self.status.showMessage)

    # --- wiring ----------------------------------------------------------------------------
    def _wire(self) -> None:
        self.document.current_changed.connect(self._show_original)
        self.document.articles_changed.connect(self._update_title)
        self.files.error.connect(self.show_error)
        self.files.status_message.connect(self.status.showMessage)
        self.translator.error.connect(self.show_error)
        self.translator.status_message.connect(self.status.showMessage)
        self.translator.state_changed.connect(self._update_status)
        self.translator.progress.connect(self.status.set_progress)
        self.document.translation_changed.connect(lambda _aid: self.links.refresh())
        self.status.cancel_button.clicked.connect(self.translator.cancel)
        self.summarizer.summary_changed.connect(self._on_summary)
        self.summarizer.error.connect(self.show_error)

    def _build_menus(self) -> None:
        def action(text: str, slot: object, shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
                   tip: str = "") -> QAction:
            act = QAction(text, self)
            if shortcut is not None:
                act.setShortcut(QKeySequence(shortcut))
            if tip:
                act.setStatusTip(tip)
            act.triggered.connect(slot)
            self.addAction(act)
            return act

        kinds = [reader.label for reader in readers.readers()]
        self.act_open = action("&Open…", self.files.open_dialog, QKeySequence.StandardKey.Open,
                               f"Open an article: {', '.join(kinds[:-1])} or {kinds[-1]}")
        self.act_paste = action("&Paste as new article", lambda: self.files.paste(), "Ctrl+Shift+V",
                                "Add the clipboard text as an article")
        self.act_quit = action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        self.act_translate = action("&Translate", self.translate_or_get_a_model, "Ctrl+T",
                                    "Translate the current article")
        self.act_cancel = action("&Cancel translation", self.translator.cancel, "Esc", "Stop and keep what is done")
        self.act_switch = action("&Switch direction", self.switch_direction, "Ctrl+D")
        self.act_models = action("&Model manager…", self.open_model_manager, "Ctrl+M")
        self.act_prefs = action("Translation &settings…", self.open_preferences, "Ctrl+,")
        self.act_summarize = action("&Refresh summary", self.summarizer.refresh_now, "Ctrl+R")
        self.act_next = action("&Next article", lambda: self._step_article(1), "Ctrl+PgDown")
        self.act_prev = action("&Previous article", lambda: self._step_article(-1), "Ctrl+PgUp")
        self.act_sync = action("S&ync scrolling", self._toggle_sync)
        self.act_sync.setCheckable(True)
        self.act_sync.setChecked(self.settings.value("view/scroll_sync", True, bool))
        self.links.scroll_sync = self.act_sync.isChecked()

        bar = self.menuBar()
        m = bar.addMenu("&File")
        m.addActions([self.act_open])
        self.recent_menu = m.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self._fill_recent()
        m.addActions([self.act_paste])
        m.addSeparator()
        m.addAction(self.act_quit)
        m = bar.addMenu("&Translate")
        m.addActions([self.act_translate, self.act_cancel, self.act_switch])
        m.addSeparator()
        m.addActions([self.act_models, self.act_prefs])
        m = bar.addMenu("&View")
        self.pane_actions: list[QAction] = []
        for i, (name, widget) in enumerate(
            (("Article list", self.article_list), ("Original", self.original),
             ("Translation", self.translation), ("Summary", self.summary)), start=1
        ):
            act = action(f"Show {name.lower()}", lambda checked, w=widget: w.setVisible(checked), f"Ctrl+{i}")
            act.setCheckable(True)
            act.setChecked(True)
            self.pane_actions.append(act)
            m.addAction(act)
        m.addSeparator()
        m.addActions([self.act_sync, self.act_summarize, self.act_next, self.act_prev])
        m.addAction(action("Reset &layout", self.reset_layout))
        m = bar.addMenu("&Help")
        m.addAction(action("&Keyboard shortcuts", self._show_shortcuts, "F1"))
        m.addAction(action("&About Desk", self._show_about))

        tools = QToolBar("Main")
        tools.setObjectName("main_toolbar")
        tools.setMovable(False)
        tools.addAction(self.act_open)
        tools.addAction(self.act_paste)
        tools.addSeparator()
        tools.addWidget(self.translate_bar)
        tools.addSeparator()
        tools.addAction(self.act_models)
        self.addToolBar(tools)

    # --- slots -----------------------------------------------------------------------------
    def _show_original(self, _article: object) -> None:
        article = self.document.current
        self.links.clear()
        if article is None:
            self.original.show_notice(
                "Open a file (Ctrl+O), drop one here, or paste text (Ctrl+Shift+V).", "Open…", self.files.open_dialog
            )
            return
        from desk.gui.panes.blocks import article_blocks

        self.original.show_blocks(article_blocks(article), article.lang, keep_scroll=False)
        self._update_title()

    def _on_summary(self, summary: object) -> None:
        self.links.show_summary_marks(summary)  # type: ignore[arg-type]
        self.links.refresh()

    def _update_title(self) -> None:
        """"Headline — file.txt": the application's name is added once by Qt (its display name)."""
        article = self.document.current
        source = article.source if article is not None else self.document.source
        name = "" if not source or is_pasted(source) else shown_file_name(source)
        self.setWindowTitle(" — ".join(x for x in (short_title(article.title) if article else "", name) if x))

    def _update_status(self) -> None:
        model = self.translator.selected_model()
        src, tgt = self.translator.direction()
        missing = f"No {languages.display_name(src)} → {languages.display_name(tgt)} model"
        self.status.set_model(f"Model: {model.name or model.id}" if model else missing)
        self.status.set_device(device.describe(self.settings.engine_settings()))
        self.status.set_running(self.translator.running)
        self.act_cancel.setEnabled(self.translator.running)

    def _step_article(self, delta: int) -> None:
        if self.document.articles:
            self.document.select((self.document.index + delta) % len(self.document.articles))

    def _toggle_sync(self, checked: bool) -> None:
        self.links.scroll_sync = checked
        self.settings.set_value("view/scroll_sync", checked)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.files.recent_files()
        for path in recent:
            act = self.recent_menu.addAction(neutralize(path))
            act.triggered.connect(lambda _c=False, p=path: self.files.open_path(p))
        if recent:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction("Clear list", self.files.clear_recent)
        self.recent_menu.setEnabled(bool(recent))

    def translate_or_get_a_model(self) -> None:
        """Ctrl+T: translate; with no model for the direction, say so and open the model manager."""
        if self.document.current is not None and self.translator.selected_model() is None:
            self.translator.translate()  # shows why in the pane and the status bar
            self.open_model_manager()
            return
        self.translator.translate()

    def switch_direction(self) -> None:
        src, tgt = self.translator.direction()
        self.translator.set_direction_choice(f"{tgt}-{src}")

    def open_model_manager(self) -> None:
        from desk.gui.models.manager import ModelManagerDialog

        dialog = ModelManagerDialog(self.runner, self)
        dialog.models_changed.connect(self.translator.reload_models)
        dialog.exec()

    def open_preferences(self) -> None:
        from desk.gui.preferences import PreferencesDialog

        PreferencesDialog(self.settings, self).exec()
        self._update_status()

    def show_error(self, message: str) -> None:
        log.warning("%s", message)
        self.errors.append(message)
        self.status.showMessage(message, 8000)
        if not self.quiet_errors:
            QMessageBox.warning(self, "Desk", message)

    def shortcuts(self) -> list[tuple[str, str]]:
        """(keys, what they do) of every action with a shortcut, in menu order."""
        return [(a.shortcut().toString(QKeySequence.SequenceFormat.NativeText), a.text().replace("&", ""))
                for a in self.actions() if not a.shortcut().isEmpty()]

    def _show_shortcuts(self) -> None:
        rows = "".join(f"<tr><td style='padding-right:24px'><b>{html.escape(keys)}</b></td>"
                       f"<td>{html.escape(what)}</td></tr>" for keys, what in self.shortcuts())
        QMessageBox.information(self, "Keyboard shortcuts", f"<table cellspacing='2'>{rows}</table>")

    def _show_about(self) -> None:
        from desk import __version__

        QMessageBox.about(self, "About Desk", f"Desk {__version__}\nOffline Arabic/English news desk.\n"
                          "Translation and summaries run on this computer; no text leaves it.")

    # --- layout persistence ----------------------------------------------------------------
    def _restore_layout(self) -> None:
        resize_to_fit(self, 1280, 800)
        self.reset_layout()
        for name, restore in (("window_geometry", self.restoreGeometry), ("window_state", self.restoreState),
                              ("main_splitter", self.main_splitter.restoreState),
                              ("pane_splitter", self.pane_splitter.restoreState)):
            state = self.settings.geometry(name)
            if state is not None:
                restore(state)

    def save_layout(self) -> None:
        self.settings.set_geometry("window_geometry", self.saveGeometry())
        self.settings.set_geometry("window_state", self.saveState())
        self.settings.set_geometry("main_splitter", self.main_splitter.saveState())
        self.settings.set_geometry("pane_splitter", self.pane_splitter.saveState())
        self.settings.sync()

    def reset_layout(self) -> None:
        for act, widget in zip(self.pane_actions, (self.article_list, self.original, self.translation, self.summary)):
            act.setChecked(True)
            widget.setVisible(True)
        width = self.width()
        list_width = int(min(LIST_MAX, max(LIST_MIN, width * LIST_SHARE)))
        rest = max(300, width - list_width - 20)
        self.main_splitter.setSizes([list_width, rest])
        self.pane_splitter.setSizes([int(rest * share) for share in PANE_SHARES])

    # --- drag and drop, close --------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt override)
        if dropped_files(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt override)
        files = dropped_files(event.mimeData())
        if files:
            event.acceptProposedAction()
            self.files.open_path(files[0])

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self.save_layout()
        self.runner.shutdown(3000)
        super().closeEvent(event)
