"""Summary: refreshes the Summary pane off the GUI thread whenever its inputs change.

Inputs are the current article, the controls (algorithm, length, source) and, when the source
is the translation, the document state's effective translation once it is finished. Changes are
debounced; a result that arrives after newer inputs were asked for is dropped, so the pane always
shows the latest request.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from desk.core.languages import display_name
from desk.core.model import Summary
from desk.gui.document import DocumentState
from desk.gui.operations import Operations
from desk.gui.panes.blocks import summary_blocks
from desk.gui.panes.pane import Pane
from desk.gui.settings import Settings
from desk.gui.summary.controls import ALGORITHM_LABELS, SummaryControls
from desk.gui.worker import JobHandle

log = logging.getLogger(__name__)


class SummaryController(QObject):
    summary_changed = Signal(object)  # Summary | None
    error = Signal(str)

    def __init__(
        self,
        document: DocumentState,
        operations: Operations,
        settings: Settings,
        pane: Pane,
        controls: SummaryControls,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.document, self.operations, self.settings = document, operations, settings
        self.pane, self.controls = pane, controls
        self.enabled = True
        self.summary: Summary | None = None
        self.handle: JobHandle | None = None
        self._generation = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.refresh_now)
        controls.changed.connect(self._on_controls)
        document.current_changed.connect(self._on_article_changed)
        document.translation_changed.connect(self.on_translation_changed)
        document.direction_changed.connect(lambda: self.on_translation_changed(self._current_id()))

    @property
    def busy(self) -> bool:
        return self._timer.isActive() or (self.handle is not None and not self.handle.finished)

    def set_enabled(self, enabled: bool) -> None:
        self.enabled = enabled
        self.refresh()

    def _on_article_changed(self, _article: object) -> None:
        self.summary = None  # never show the previous article's summary under the new one
        self.summary_changed.emit(None)
        self.refresh()

    def _on_controls(self) -> None:
        self.settings.set_summary_prefs(self.controls.prefs())
        self.refresh()

    def _current_id(self) -> str:
        article = self.document.current
        return article.id if article is not None else ""

    def on_translation_changed(self, article_id: str) -> None:
        """A translation changed (finished, edited): refresh when the summary is made from it."""
        if article_id and article_id == self._current_id() and self.controls.prefs().source == "translation":
            if not self.document.running:
                self.refresh()

    def refresh(self) -> None:
        """Ask for a new summary soon (debounced)."""
        self._generation += 1
        self._timer.start()

    def refresh_now(self) -> None:
        self._timer.stop()
        self._generation += 1
        generation = self._generation
        article = self.document.current
        prefs = self.controls.prefs()
        if self.handle is not None and not self.handle.finished:
            self.handle.cancel()  # its result would be stale anyway
        self.handle = None
        if article is None:
            self._show(None, "No article open.")
            return
        if not self.enabled:
            self._show(None, "Summary not requested.")
            return
        length = prefs.length()
        if prefs.source == "translation":
            translation = self.document.effective_translation(article)
            if translation is None or not translation.targets:
                self._show(None, "Translate the article first to summarize the translation,\n"
                                 "or summarize the original.")
                return
            if self.document.running:
                self._show(None, "The summary of the translation is made when the translation finishes.")
                return
            lang = translation.target_lang
            handle = self.operations.summarize(article, translation, prefs.algorithm, length)
        else:
            lang = article.lang
            handle = self.operations.summarize(article, None, prefs.algorithm, length)
        self.handle = handle
        if self.summary is None:
            self.pane.show_notice("Summarizing…")
        self.pane.set_lang(lang)
        handle.succeeded.connect(lambda s, g=generation: self._on_result(g, s))
        handle.failed.connect(lambda msg, g=generation: self._on_failed(g, msg))

    def _on_result(self, generation: int, summary: Summary) -> None:
        if generation != self._generation:
            return  # newer inputs are pending
        if not summary.picks:
            self._show(None, "The summarizer picked no sentence for this length.")
            return
        self._show(summary)

    def _on_failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self._show(None, f"Could not summarize: {message}")

    def _show(self, summary: Summary | None, notice: str = "") -> None:
        self.summary = summary
        if summary is None:
            self.pane.show_notice(notice)
        else:
            self.pane.show_blocks(summary_blocks(summary), summary.lang, keep_scroll=False)
            self.pane.header.setText(
                f"{self.pane.title} — {display_name(summary.lang)} · "
                f"{ALGORITHM_LABELS.get(summary.algorithm, summary.algorithm)}, {summary.length.describe()}"
            )
        self.summary_changed.emit(summary)
