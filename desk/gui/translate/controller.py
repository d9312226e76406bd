"""Translation: direction, model choice, streaming into the Translation pane, cancel.

The controller holds no NLP: it picks a model from the store, asks the core for a translation
job and renders what the job yields. Model loading and decoding run on the worker's exclusive
(one-at-a-time) pool because the engine is a shared heavy resource.
"""
from __future__ import annotations

import logging
from typing import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from desk.core.errors import DeskError
from desk.core.jobs import CancelToken, Job, Progress
from desk.core.model import Article, Target, Translation
from desk.core.mt.info import ModelInfo
from desk.gui.panes.blocks import translated_count, translation_blocks
from desk.gui.fonts import lang_name
from desk.gui.panes.pane import Pane
from desk.gui.settings import Settings
from desk.gui.worker import JobHandle, JobRunner
from desk.gui.workspace import Workspace

log = logging.getLogger(__name__)

DIRECTIONS = {"ar-en": ("ar", "en"), "en-ar": ("en", "ar")}


def other_lang(lang: str) -> str:
    return "en" if lang == "ar" else "ar"


def translation_job(
    article: Article, info: ModelInfo, settings_factory: Callable[[], object], target_lang: str
) -> Callable[[CancelToken], Job[Translation]]:
    """The work done on the worker thread: load (cached) engine, then stream the article."""

    def factory(cancel: CancelToken) -> Job[Translation]:
        from desk.core.mt.engine import get_engine
        from desk.core.mt.pipeline import translate_article

        total = sum(1 for _ in article.all_sentences())
        yield Progress(0, total, f"Loading {info.name or info.id}…")
        engine = get_engine(info, settings_factory())
        cancel.raise_if_cancelled()
        from desk.gui.postedit.controller import memory_prefill  # exact memory matches skip the model

        prefilled = memory_prefill(article, info.source_lang, target_lang)
        result = yield from translate_article(article, engine, cancel=cancel, target_lang=target_lang,
                                              prefilled=prefilled)
        return result

    return factory


class TranslateController(QObject):
    state_changed = Signal()  # running / direction / models changed: refresh the controls
    translation_changed = Signal(str)  # article id; new sentences or a finished translation
    translation_finished = Signal(str, str)  # article id, outcome ("succeeded"|"failed"|"cancelled")
    progress = Signal(int, int)
    status_message = Signal(str)
    error = Signal(str)

    def __init__(
        self,
        workspace: Workspace,
        runner: JobRunner,
        settings: Settings,
        pane: Pane,
        open_manager: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace, self.runner, self.settings, self.pane = workspace, runner, settings, pane
        self._open_manager = open_manager
        self.direction_choice = settings.direction()  # "auto" | "ar-en" | "en-ar"
        self._models: dict[str, list[ModelInfo]] = {}  # direction → installed models, best first
        self.translations: dict[tuple[str, str], Translation] = {}  # (article id, direction)
        self.handle: JobHandle | None = None
        self._running_key: tuple[str, str] | None = None
        self._render_timer = QTimer(self)
        self._render_timer.setSingleShot(True)
        self._render_timer.setInterval(30)  # coalesce streamed sentences into few repaints
        self._render_timer.timeout.connect(self.render)
        workspace.current_changed.connect(lambda _a: self._on_article_changed())
        self.reload_models()

    # --- models and direction --------------------------------------------------------------
    def reload_models(self) -> None:
        try:
            from desk.core.mt.store import ModelStore

            store = ModelStore()
            self._models = {d: store.find(src, tgt) for d, (src, tgt) in DIRECTIONS.items()}
        except (DeskError, OSError) as err:
            log.warning("cannot list models: %s", err)
            self._models = {}
        self.state_changed.emit()
        self.render()

    def direction(self, article: Article | None = None) -> tuple[str, str]:
        if self.direction_choice in DIRECTIONS:
            return DIRECTIONS[self.direction_choice]
        article = article or self.workspace.current
        src = article.lang if article is not None and article.lang in ("ar", "en") else "ar"
        return src, other_lang(src)

    def set_direction_choice(self, choice: str) -> None:
        if choice not in ("auto", *DIRECTIONS) or choice == self.direction_choice:
            return
        self.direction_choice = choice
        self.settings.set_direction(choice)
        self.state_changed.emit()
        self.render()

    def models(self) -> list[ModelInfo]:
        return list(self._models.get("-".join(self.direction()), []))

    def selected_model(self) -> ModelInfo | None:
        candidates = self.models()
        if not candidates:
            return None
        preferred = self.settings.preferred_model("-".join(self.direction()))
        return next((m for m in candidates if m.id == preferred), candidates[0])

    def select_model(self, model_id: str) -> None:
        if any(m.id == model_id for m in self.models()):
            self.settings.set_preferred_model("-".join(self.direction()), model_id)
            self.state_changed.emit()

    # --- translation -----------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.handle is not None and not self.handle.finished

    def current_translation(self) -> Translation | None:
        article = self.workspace.current
        if article is None:
            return None
        return self.translations.get((article.id, "-".join(self.direction(article))))

    def translate(self) -> JobHandle | None:
        article = self.workspace.current
        if article is None:
            return None
        info = self.selected_model()
        if info is None:
            self.render()
            self.status_message.emit(self._no_model_text())
            return None
        if self.running:
            self.cancel()
        src, tgt = self.direction(article)
        key = (article.id, f"{src}-{tgt}")
        self.translations[key] = Translation(model_id=info.id, source_lang=src, target_lang=tgt, article_id=article.id)
        self._running_key = key
        handle = self.runner.start(
            f"Translating into {lang_name(tgt)}",
            translation_job(article, info, self.settings.engine_settings, tgt),
            exclusive=True,
        )
        self.handle = handle
        handle.progress.connect(lambda p, k=key: self._on_progress(k, p))
        handle.succeeded.connect(lambda r, k=key: self._on_result(k, r))
        handle.cancelled.connect(lambda partial, k=key: self._on_result(k, partial))
        handle.done.connect(lambda h=handle, k=key: self._on_done(h, k))
        handle.failed.connect(self.error.emit)
        self.status_message.emit(f"Translating with {info.name or info.id}…")
        self.state_changed.emit()
        self.render()
        return handle

    def cancel(self) -> None:
        if self.handle is not None and not self.handle.finished:
            self.handle.cancel()
            self.status_message.emit("Cancelling…")

    def _on_progress(self, key: tuple[str, str], progress: Progress) -> None:
        translation = self.translations.get(key)
        if translation is None:
            return
        for sid, target in progress.payload or []:
            translation.targets[sid] = target if isinstance(target, Target) else Target(str(target))
        if self.handle is not None and key == self._running_key:
            self.progress.emit(progress.done, progress.total)
            if progress.message:
                self.status_message.emit(progress.message)
        if progress.payload:
            self.translation_changed.emit(key[0])
            self._render_timer.start()

    def _on_result(self, key: tuple[str, str], result: object) -> None:
        if isinstance(result, Translation):
            previous = self.translations.get(key)
            if previous is not None:  # keep anything streamed that the result lacks
                for sid, target in previous.targets.items():
                    result.targets.setdefault(sid, target)
            self.translations[key] = result

    def _on_done(self, handle: JobHandle, key: tuple[str, str]) -> None:
        translation = self.translations.get(key)
        done = len(translation.targets) if translation else 0
        total = sum(1 for a in self.workspace.articles if a.id == key[0] for _ in a.all_sentences())
        if handle.outcome == "cancelled":
            self.status_message.emit(f"Translation cancelled: kept {done} of {total} sentences")
        elif handle.outcome == "succeeded":
            self.status_message.emit(f"Translated {done} sentences")
        else:
            self.status_message.emit(f"Translation failed after {done} of {total} sentences")
        if self.handle is handle:
            self.handle = None
            self._running_key = None
        self._render_timer.stop()
        self.render()
        self.state_changed.emit()
        self.translation_changed.emit(key[0])
        self.translation_finished.emit(key[0], handle.outcome)

    # --- rendering -------------------------------------------------------------------------
    def _no_model_text(self) -> str:
        src, tgt = self.direction()
        return (
            f"No {lang_name(src)} → {lang_name(tgt)} model is installed.\n"
            "Install one from a file or download one in the model manager."
        )

    def _on_article_changed(self) -> None:
        self.state_changed.emit()
        self.render(keep_scroll=False)

    def render(self, keep_scroll: bool = True) -> None:
        article = self.workspace.current
        src, tgt = self.direction(article)
        self.pane.set_lang(tgt)
        if article is None:
            self.pane.show_notice("Open an article to translate it.")
            return
        translation = self.current_translation()
        if translation is not None and translation.targets:
            self.pane.show_blocks(translation_blocks(article, translation), tgt, keep_scroll=keep_scroll)
        elif translation is not None and self.running:
            self.pane.show_notice(f"Translating into {lang_name(tgt)}…")
        elif self.selected_model() is None:
            self.pane.show_notice(self._no_model_text(), "Open model manager…", self._open_manager)
        else:
            self.pane.show_notice(
                f"Press Translate (Ctrl+T) to translate this article into {lang_name(tgt)}.",
                "Translate",
                self.translate,
            )

    def counts(self) -> tuple[int, int]:
        article = self.workspace.current
        if article is None:
            return 0, 0
        return translated_count(article, self.current_translation())
