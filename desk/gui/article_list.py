"""The article list: one row per article with its headline and language.

Several articles can be selected together (Ctrl/Shift+click, Ctrl+A) for a brief of all of them;
the item with the focus is the current article shown in the panes.
"""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from desk.core.text.bidi import neutralize
from desk.gui.document import DocumentState
from desk.gui.fonts import font_for_lang


class _WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their headline wrapped at the column's width (Qt's own size hint assumes
    one line, so a long headline was cut to "International …" in a narrow list)."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self.tree = tree

    def sizeHint(self, option: QStyleOptionViewItem,  # noqa: N802 (Qt override)
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        hint = super().sizeHint(option, index)
        width = self.tree.columnWidth(index.column()) - 8
        if index.column() != 0 or width <= 0:
            return hint
        data = index.data(Qt.ItemDataRole.FontRole)
        font = data if isinstance(data, QFont) else option.font
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        rect = QFontMetrics(font).boundingRect(QRect(0, 0, width, 10_000), int(Qt.TextFlag.TextWordWrap), text)
        return QSize(hint.width(), max(hint.height(), rect.height() + 6))


class ArticleList(QTreeWidget):
    def __init__(self, document: DocumentState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("article_list")
        self.document = document
        self.setColumnCount(2)
        self.setHeaderLabels(["Headline", "Lang"])
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(False)
        self.setWordWrap(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)  # headlines wrap: whole at any width
        self.setItemDelegateForColumn(0, _WrappingDelegate(self))
        self.header().setStretchLastSection(False)
        self.header().setSectionResizeMode(0, self.header().ResizeMode.Stretch)
        self.header().setSectionResizeMode(1, self.header().ResizeMode.ResizeToContents)
        self.header().sectionResized.connect(lambda *_: self.doItemsLayout())  # wrap again at the new width
        document.articles_changed.connect(self.reload)
        document.current_changed.connect(self._follow_current)
        self.currentItemChanged.connect(self._on_current_item)
        self.itemSelectionChanged.connect(self._on_selection)

    def reload(self) -> None:
        self.blockSignals(True)
        self.clear()
        for i, article in enumerate(self.document.articles):
            title = article.title or f"Article {i + 1}"
            item = QTreeWidgetItem([title, article.lang.upper()])
            item.setToolTip(0, f"{title}\n{neutralize(article.source)}")
            item.setData(0, Qt.ItemDataRole.UserRole, i)
            if article.lang == "ar":
                item.setFont(0, font_for_lang("ar", self.font()))
                item.setTextAlignment(0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.addTopLevelItem(item)
        self.blockSignals(False)
        self._follow_current(self.document.current)

    def _follow_current(self, _article: object) -> None:
        item = self.topLevelItem(self.document.index) if self.document.index >= 0 else None
        if item is not None and self.currentItem() is not item:
            self.blockSignals(True)
            self.setCurrentItem(item)
            self.blockSignals(False)

    def _on_current_item(self, item: QTreeWidgetItem | None, _prev: QTreeWidgetItem | None) -> None:
        if item is not None:
            self.document.select(int(item.data(0, Qt.ItemDataRole.UserRole)))

    def _on_selection(self) -> None:
        self.document.choose([int(item.data(0, Qt.ItemDataRole.UserRole)) for item in self.selectedItems()])

    def select_articles(self, indices: list[int]) -> None:
        """Select these rows together (the first becomes current)."""
        self.clearSelection()
        for i in indices:
            item = self.topLevelItem(i)
            if item is not None:
                item.setSelected(True)
        first = self.topLevelItem(indices[0]) if indices else None
        if first is not None:
            self.setCurrentItem(first, 0, self.selectionModel().SelectionFlag.NoUpdate)
