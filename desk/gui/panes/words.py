"""Linked words across the Original and Translation panes (and the post-editing table).

Every machine target keeps the model's word alignment (``Target.alignment``: character spans of a
source word and of the target word made from it). Hovering a word in one pane highlights it and
the words aligned with it in the other; a click keeps that highlight after the mouse leaves. The
post-editing table reports its own hovers through :meth:`WordLinks.show` and follows
``words_linked``. Edited sentences and memory matches have no alignment: nothing lights up.
"""
from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from desk.core.model import Span, Target
from desk.core.mt.alignment import linked
from desk.gui.document import DocumentState
from desk.gui.panes.sentence_view import SentenceView

log = logging.getLogger(__name__)

Targets = Callable[[str], "Target | None"]


def document_targets(document: DocumentState) -> Targets:
    """The target of a sentence of the current article as the panes show it (edits included)."""

    def target(sentence_id: str) -> Target | None:
        key = document.key()
        session = document.session
        if session is not None and key is not None and document.session_key() == key:
            return session.target(sentence_id)
        translation = document.translations.get(key) if key is not None else None
        return translation.targets.get(sentence_id) if translation is not None else None

    return target


class WordLinks(QObject):
    # sentence id, source word spans, target word spans (all empty: nothing highlighted)
    words_linked = Signal(str, list, list)

    def __init__(self, original: SentenceView, translation: SentenceView, targets: Targets,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.original, self.translation, self.targets = original, translation, targets
        self.pinned: tuple[str, int, str] | None = None  # (sentence id, offset, side) of the last click
        self.current: tuple[str, list[Span], list[Span]] = ("", [], [])
        original.word_hovered.connect(lambda sid, offset: self._hover(sid, offset, "source"))
        translation.word_hovered.connect(lambda sid, offset: self._hover(sid, offset, "target"))
        original.word_clicked.connect(lambda sid, offset: self.pin(sid, offset, "source"))
        translation.word_clicked.connect(lambda sid, offset: self.pin(sid, offset, "target"))

    def _hover(self, sentence_id: str, offset: int, side: str) -> None:
        if sentence_id:
            self.show(sentence_id, offset, side)
        elif self.pinned is not None:
            self.show(*self.pinned)
        else:
            self.clear()

    def pin(self, sentence_id: str, offset: int, side: str) -> None:
        """A click: the word stays highlighted when the mouse moves on."""
        self.pinned = (sentence_id, offset, side)
        self.show(sentence_id, offset, side)

    def show(self, sentence_id: str, offset: int, side: str) -> None:
        """Highlight the word at ``offset`` of ``side`` ("source" or "target") of a sentence and the
        words aligned with it."""
        target = self.targets(sentence_id)
        mine, theirs = linked(target.alignment, offset, side) if target is not None else ([], [])
        if not mine:
            self.clear()
            return
        source, targets = (mine, theirs) if side == "source" else (theirs, mine)
        self._apply(sentence_id, source, targets)

    def clear(self) -> None:
        self._apply("", [], [])

    def refresh(self) -> None:
        """Re-apply after the panes were re-rendered (an edit drops a sentence's alignment)."""
        if self.pinned is not None:
            self.show(*self.pinned)

    def _apply(self, sentence_id: str, source: list[Span], target: list[Span]) -> None:
        if (sentence_id, source, target) == self.current:
            return
        self.current = (sentence_id, source, target)
        self.original.highlight_words([(sentence_id, s, e) for s, e in source])
        self.translation.highlight_words([(sentence_id, s, e) for s, e in target])
        self.words_linked.emit(sentence_id, source, target)
