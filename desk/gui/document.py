"""The document state: the open articles and everything the window has made of them.

One :class:`DocumentState` per window owns the articles of the open file, which one is current,
the translation direction, the installed models per direction, and for each article its
translations and its post-editing session. Its *effective* translation (machine output with memory
matches and the translator's edits applied) is the one every pane, brief and comparison uses.
Controllers and dialogs receive this object (and the operations and settings), never the main
window; they change it through its methods, and it tells everyone through its signals.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from desk.core.languages import SUPPORTED, other_lang
from desk.core.model import Article, Translation
from desk.core.mt.info import ModelInfo

if TYPE_CHECKING:
    from desk.core.workbench.postedit import PostEditSession

log = logging.getLogger(__name__)

DIRECTIONS = {"ar-en": ("ar", "en"), "en-ar": ("en", "ar")}
# (article id, "src-tgt"): where an article's translation in one direction is kept.
Key = tuple[str, str]


class DocumentState(QObject):
    articles_changed = Signal()
    current_changed = Signal(object)  # Article | None
    direction_changed = Signal()  # the chosen direction, or the installed models, changed
    translation_changed = Signal(str)  # article id: new sentences, an edit, flags, or a new translation
    translation_finished = Signal(str, str)  # article id, outcome ("succeeded" | "failed" | "cancelled")
    session_changed = Signal()  # the post-editing session of the current article changed (or is gone)

    def __init__(self, direction_choice: str = "auto", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.articles: list[Article] = []
        self.index = -1
        self.chosen: list[int] = []  # articles selected together in the list (a multi-article brief)
        self.source = ""  # the file the articles came from, or "pasted"
        # A forced direction belongs to its article (article id → "ar-en" / "en-ar"); the others
        # follow their language. ``direction_choice`` is the default for an article with none.
        self.default_choice = direction_choice if direction_choice in ("auto", *DIRECTIONS) else "auto"
        self.direction_choices: dict[str, str] = {}
        self.models: dict[str, list[ModelInfo]] = {}  # "ar-en" → installed models, best first
        self.preferred: dict[str, str] = {}  # "ar-en" → model id the user chose
        self.translations: dict[Key, Translation] = {}
        self.session: PostEditSession | None = None  # post-editing of the current article, if any
        self.translating: Key | None = None  # the translation being made right now

    # --- articles -----------------------------------------------------------------------------
    @property
    def current(self) -> Article | None:
        return self.articles[self.index] if 0 <= self.index < len(self.articles) else None

    def article(self, article_id: str) -> Article | None:
        return next((a for a in self.articles if a.id == article_id), None)

    def set_articles(self, articles: list[Article], source: str, select: int = 0) -> None:
        self.articles = list(articles)
        self.source = source
        self.index = -1
        self.chosen = []
        self.articles_changed.emit()
        self.select(min(max(select, 0), len(self.articles) - 1) if self.articles else -1)

    def add_articles(self, articles: list[Article], source: str = "pasted") -> None:
        """Add articles (a paste) after the open ones and make the first of them current."""
        first = len(self.articles)
        self.articles.extend(articles)
        if not self.source:
            self.source = source
        self.articles_changed.emit()
        self.select(first)

    def choose(self, indices: list[int]) -> None:
        """The articles selected together in the list, in list order."""
        self.chosen = sorted({i for i in indices if 0 <= i < len(self.articles)})

    def chosen_articles(self) -> list[Article]:
        """The articles selected together, or the current one when fewer than two are."""
        if len(self.chosen) > 1:
            return [self.articles[i] for i in self.chosen if i < len(self.articles)]
        return [self.current] if self.current is not None else []

    def select(self, index: int) -> None:
        if index == self.index:
            return
        self.index = index if 0 <= index < len(self.articles) else -1
        self.current_changed.emit(self.current)

    # --- direction and models -----------------------------------------------------------------
    @property
    def direction_choice(self) -> str:
        """The current article's direction: "ar-en" / "en-ar" when forced for it, else "auto"."""
        return self.choice_for(self.current)

    def choice_for(self, article: Article | None) -> str:
        if article is None:
            return self.default_choice
        return self.direction_choices.get(article.id, self.default_choice)

    def direction(self, article: Article | None = None) -> tuple[str, str]:
        """(source, target) for ``article`` (default: the current one): the direction forced for
        that article, else from the article's language."""
        article = article or self.current
        choice = self.choice_for(article)
        if choice in DIRECTIONS:
            return DIRECTIONS[choice]
        src = article.lang if article is not None and article.lang in SUPPORTED else "ar"
        return src, other_lang(src)

    def key(self, article: Article | None = None) -> Key | None:
        article = article or self.current
        return None if article is None else (article.id, "-".join(self.direction(article)))

    def set_direction_choice(self, choice: str) -> bool:
        """Force (or with "auto", release) the current article's direction; with no article open,
        the default for the articles opened next."""
        if choice not in ("auto", *DIRECTIONS) or choice == self.direction_choice:
            return False
        article = self.current
        if article is None:
            self.default_choice = choice
        elif choice == "auto":
            self.direction_choices.pop(article.id, None)
        else:
            self.direction_choices[article.id] = choice
        self.direction_changed.emit()
        return True

    def set_models(self, models: dict[str, list[ModelInfo]], preferred: dict[str, str]) -> None:
        self.models, self.preferred = models, dict(preferred)
        self.direction_changed.emit()

    def candidate_models(self) -> list[ModelInfo]:
        return list(self.models.get("-".join(self.direction()), []))

    def selected_model(self) -> ModelInfo | None:
        candidates = self.candidate_models()
        if not candidates:
            return None
        preferred = self.preferred.get("-".join(self.direction()), "")
        return next((m for m in candidates if m.id == preferred), candidates[0])

    def choose_model(self, model_id: str) -> bool:
        if not any(m.id == model_id for m in self.candidate_models()):
            return False
        self.preferred["-".join(self.direction())] = model_id
        self.direction_changed.emit()
        return True

    # --- translations -------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.translating is not None

    def translation(self, key: Key | None) -> Translation | None:
        """The translation kept for ``key`` (machine output and memory matches, with the edits of
        a post-editing session of that article applied)."""
        if key is None:
            return None
        if self.session is not None and self.session_key() == key:
            return self.session.translation
        return self.translations.get(key)

    def effective_translation(self, article: Article | None = None) -> Translation | None:
        """The translation of ``article`` (default: current) in the current direction, edits included."""
        return self.translation(self.key(article))

    def machine_translation(self, article: Article | None = None) -> Translation | None:
        """The output before post-editing: the session's saved machine output when there is a
        session, else the kept translation."""
        key = self.key(article)
        if self.session is not None and self.session_key() == key:
            return self.session.machine_translation()
        return self.translations.get(key) if key else None

    def set_translation(self, key: Key, translation: Translation) -> None:
        self.translations[key] = translation
        self.translation_changed.emit(key[0])

    def update_translation(self, key: Key, change: Callable[[Translation], None]) -> None:
        """Apply ``change`` to the kept translation of ``key`` (if any) and tell everyone."""
        translation = self.translations.get(key)
        if translation is not None:
            change(translation)
            self.translation_changed.emit(key[0])

    def start_translating(self, key: Key, translation: Translation) -> None:
        self.translating = key
        self.set_translation(key, translation)

    def finish_translating(self, key: Key, outcome: str) -> None:
        if self.translating == key:
            self.translating = None
        self.translation_changed.emit(key[0])
        self.translation_finished.emit(key[0], outcome)

    # --- post-editing -------------------------------------------------------------------------
    def session_key(self) -> Key | None:
        s = self.session
        return None if s is None else (s.article_id, f"{s.source_lang}-{s.target_lang}")

    def set_session(self, session: PostEditSession | None) -> None:
        if session is self.session:
            return
        for s in (self.session, session):  # keep the edited translation when a session closes
            if s is not None:
                self.translations[(s.article_id, f"{s.source_lang}-{s.target_lang}")] = s.translation
        self.session = session
        self.session_changed.emit()
        if session is not None:
            self.translation_changed.emit(session.article_id)
