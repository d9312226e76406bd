"""The article list: one row per article with its headline and language.

Several articles can be selected together (Ctrl/Shift+click, Ctrl+A) for a brief of all of them;
the item with the focus is the current article shown in the panes.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QTreeWidget, QTreeWidgetItem, QWidget

from desk.core.text.bidi import neutralize
from desk.gui.document import DocumentState
from desk.gui.fonts import font_for_lang


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
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.header().setStretchLastSection(False)
        self.header().setSectionResizeMode(0, self.header().ResizeMode.Stretch)
        self.header().setSectionResizeMode(1, self.header().ResizeMode.ResizeToContents)
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
        if indices and self.topLevelItem(indices[0]) is not None:
            self.setCurrentItem(self.topLevelItem(indices[0]), 0,
                                self.selectionModel().SelectionFlag.NoUpdate)
