"""The open articles and which one is current: the state the views and controllers share."""
from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from desk.core.model import Article

log = logging.getLogger(__name__)


class Workspace(QObject):
    articles_changed = Signal()
    current_changed = Signal(object)  # Article | None

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.articles: list[Article] = []
        self.index = -1
        self.source = ""  # the file the articles came from, or "pasted"

    @property
    def current(self) -> Article | None:
        return self.articles[self.index] if 0 <= self.index < len(self.articles) else None

    def set_articles(self, articles: list[Article], source: str, select: int = 0) -> None:
        self.articles = list(articles)
        self.source = source
        self.index = -1
        self.articles_changed.emit()
        self.select(min(max(select, 0), len(self.articles) - 1) if self.articles else -1)

    def add_article(self, article: Article) -> None:
        self.articles.append(article)
        self.articles_changed.emit()
        self.select(len(self.articles) - 1)

    def select(self, index: int) -> None:
        if index == self.index:
            return
        self.index = index if 0 <= index < len(self.articles) else -1
        self.current_changed.emit(self.current)
