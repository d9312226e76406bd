"""Linked words in the post-editing table: which word of a Source or Translation cell is under the
mouse, and the highlight of the words the model aligned (``desk.gui.panes.words`` decides which;
this module only reads the table and paints it)."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QStyleOptionViewItem, QTableView

from desk.gui.postedit.table import SOURCE, TARGET, PostEditDelegate, PostEditModel


class TableWords(QObject):
    word_hovered = Signal(str, int, str)  # sentence id, offset, "source" | "target" ("", -1, "": none)

    def __init__(self, table: QTableView, model: PostEditModel, delegate: PostEditDelegate,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.table, self.model, self.delegate = table, model, delegate
        self._hovered: tuple[str, int, str] = ("", -1, "")
        table.viewport().setMouseTracking(True)
        table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self.table.viewport():
            if event.type() == QEvent.Type.MouseMove and isinstance(event, QMouseEvent):
                self._hover(self.word_at(event.position().toPoint()))
            elif event.type() == QEvent.Type.Leave:
                self._hover(("", -1, ""))
        return super().eventFilter(watched, event)

    def _option(self, row: int, column: int) -> QStyleOptionViewItem:
        option = QStyleOptionViewItem()
        option.initFrom(self.table)
        option.rect = self.table.visualRect(self.model.index(row, column))
        return option

    def word_at(self, point: QPoint) -> tuple[str, int, str]:
        """(sentence id, offset, side) of the word under a point of the table's viewport."""
        index = self.table.indexAt(point)
        if not index.isValid() or index.column() not in (SOURCE, TARGET):
            return "", -1, ""
        offset = self.delegate.offset_at(self._option(index.row(), index.column()), index, point)
        if offset < 0:
            return "", -1, ""
        return self.model.ids[index.row()], offset, "source" if index.column() == SOURCE else "target"

    def point_of(self, sentence_id: str, column: int, offset: int) -> QPoint:
        """A viewport point on the character at ``offset`` of a cell (tests, scripts)."""
        row = self.model.row_of(sentence_id)
        index = self.model.index(row, column)
        self.table.scrollTo(index)
        return self.delegate.point_of(self._option(row, column), index, offset)

    def _hover(self, hovered: tuple[str, int, str]) -> None:
        if hovered != self._hovered:
            self._hovered = hovered
            self.word_hovered.emit(*hovered)

    def show(self, sentence_id: str, source: list, target: list) -> None:
        """Highlight linked words in a row (source and translation cells); nothing when empty."""
        old = {sid for sid, _col in self.delegate.words}
        self.delegate.words = {}
        if sentence_id and (source or target):
            self.delegate.words = {(sentence_id, SOURCE): list(source), (sentence_id, TARGET): list(target)}
        for sid in old | {sentence_id}:
            row = self.model.row_of(sid) if sid else -1
            if row >= 0:
                for col in (SOURCE, TARGET):
                    self.table.update(self.model.index(row, col))

    def highlighted(self) -> dict[str, list[str]]:
        """The highlighted words' text by side ("source", "target")."""
        out: dict[str, list[str]] = {"source": [], "target": []}
        for (sid, col), spans in self.delegate.words.items():
            text = str(self.model.data(self.model.index(self.model.row_of(sid), col)) or "")
            out["source" if col == SOURCE else "target"] += [text[s:e] for s, e in spans]
        return out
