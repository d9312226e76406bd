"""Linked sentences across the three panes, and scroll sync between original and translation.

Every pane renders sentences under their SOURCE sentence id (a translated sentence and a summary
pick keep the id of the sentence they came from), so linking is a lookup by id. Words are linked
too, between original and translation (``desk.gui.panes.words``).
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from desk.core.model import Summary
from desk.gui.panes.sentence_view import SentenceView
from desk.gui.panes.words import Targets, WordLinks

log = logging.getLogger(__name__)


class LinkController(QObject):
    linked = Signal(str)  # the sentence id now highlighted everywhere

    def __init__(self, original: SentenceView, translation: SentenceView, summary: SentenceView,
                 parent: QObject | None = None, targets: Targets | None = None) -> None:
        super().__init__(parent)
        self.views = {"original": original, "translation": translation, "summary": summary}
        # words linked between original and translation, from the targets' alignment
        self.words = WordLinks(original, translation, targets, self) if targets is not None else None
        self.current_id: str | None = None
        self.scroll_sync = True
        self._syncing = False
        for view in self.views.values():
            view.sentence_clicked.connect(self.link)
        self._pending: tuple[SentenceView, SentenceView] | None = None
        self._sync_timer = QTimer(self)
        self._sync_timer.setSingleShot(True)
        self._sync_timer.setInterval(0)
        self._sync_timer.timeout.connect(self._do_sync)
        original.verticalScrollBar().valueChanged.connect(lambda _v: self._queue_sync(original, translation))
        translation.verticalScrollBar().valueChanged.connect(lambda _v: self._queue_sync(translation, original))

    def link(self, sentence_id: str) -> None:
        """Highlight ``sentence_id`` in every pane that shows it and scroll it into view."""
        self.current_id = sentence_id
        self._syncing = True  # scrolling to counterparts must not re-sync the other pane
        try:
            for view in self.views.values():
                view.highlight([sentence_id])
                if view.has_sentence(sentence_id):
                    view.scroll_to(sentence_id)
        finally:
            self._syncing = False
            self._pending = None
        self.linked.emit(sentence_id)

    def clear(self) -> None:
        self.current_id = None
        for view in self.views.values():
            view.highlight([])

    def refresh(self) -> None:
        """Re-apply the current link (and linked words) after a pane was re-rendered."""
        if self.current_id is not None:
            for view in self.views.values():
                view.highlight([self.current_id])
        if self.words is not None:
            self.words.refresh()

    def show_summary_marks(self, summary: Summary | None) -> None:
        ids = [p.sentence_id for p in summary.picks] if summary is not None else []
        self.views["original"].mark(ids)
        self.views["translation"].mark(ids)

    def _queue_sync(self, source: SentenceView, target: SentenceView) -> None:
        if self.scroll_sync and not self._syncing and not source.rendering and not target.rendering:
            self._pending = (source, target)
            self._sync_timer.start()

    def _do_sync(self) -> None:
        if self._pending is None:
            return
        source, target = self._pending
        self._pending = None
        sid = source.top_sentence_id()
        if sid is None or not target.has_sentence(sid):
            return
        self._syncing = True
        try:
            target.scroll_sentence_to_top(sid)
        finally:
            self._syncing = False
