"""Translation: direction, model choice, streaming into the Translation pane, cancel.

The controller holds no NLP: it asks the named translate operation for a job and renders what the
job yields. What it makes goes into the document state, which owns every article's translations;
the pane shows the state's effective translation (edits included). Model loading and decoding run
on the worker's exclusive (one-at-a-time) pool because the engine is a shared heavy resource.
"""
from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from desk.core.errors import DeskError
from desk.core.jobs import Progress
from desk.core.languages import display_name
from desk.core.model import Article, Target, Translation
from desk.core.mt.info import ModelInfo
from desk.gui.document import DocumentState, Key
from desk.gui.operations import Operations
from desk.gui.panes.blocks import translated_count, translation_blocks
from desk.gui.panes.marks import Note
from desk.gui.panes.pane import Pane
from desk.gui.settings import Settings
from desk.gui.worker import JobHandle

log = logging.getLogger(__name__)


def sentence_notes(translation: Translation) -> dict[str, Note]:
    """Quiet marks for the Translation pane: flagged sentences (what the checks say, in the
    tooltip) and the least confident machine sentences of the article (the model's confidence)."""
    from desk.core.workbench.qa import FLAG_LABELS
    from desk.core.workbench.review import describe_confidence, low_confidence

    notes = {sid: Note("unsure", f"{describe_confidence(translation.targets[sid])}: one of the sentences the "
                                 "model was least sure of in this article")
             for sid in low_confidence(translation.targets)}
    for sid, target in translation.targets.items():
        if target.flags:
            notes[sid] = Note("flag", "\n".join(f"⚑ {FLAG_LABELS.get(f, f)}" for f in target.flags))
    return notes


class TranslateController(QObject):
    state_changed = Signal()  # running / direction / models changed: refresh the controls
    progress = Signal(int, int)
    status_message = Signal(str)
    error = Signal(str)

    def __init__(
        self,
        document: DocumentState,
        operations: Operations,
        settings: Settings,
        pane: Pane,
        open_manager: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.document, self.operations, self.settings, self.pane = document, operations, settings, pane
        self._open_manager = open_manager
        self.handle: JobHandle | None = None
        self._render_timer = QTimer(self)
        self._render_timer.setSingleShot(True)
        self._render_timer.setInterval(30)  # coalesce streamed sentences into few repaints
        self._render_timer.timeout.connect(self.render)
        document.current_changed.connect(lambda _a: self._on_article_changed())
        document.direction_changed.connect(self._on_direction_changed)
        document.translation_changed.connect(self._on_translation_changed)
        self.reload_models()

    # --- models and direction --------------------------------------------------------------
    def reload_models(self) -> None:
        try:
            models = self.operations.installed_models()
        except (DeskError, OSError) as err:
            log.warning("cannot list models: %s", err)
            models = {}
        self.document.set_models(models, self.settings.preferred_models())

    @property
    def direction_choice(self) -> str:
        return self.document.direction_choice

    def direction(self, article: Article | None = None) -> tuple[str, str]:
        return self.document.direction(article)

    def set_direction_choice(self, choice: str) -> None:
        """Force the current article's direction (not saved: the next session starts on "auto")."""
        self.document.set_direction_choice(choice)

    def models(self) -> list[ModelInfo]:
        return self.document.candidate_models()

    def selected_model(self) -> ModelInfo | None:
        return self.document.selected_model()

    def select_model(self, model_id: str) -> None:
        if self.document.choose_model(model_id):
            self.settings.set_preferred_model("-".join(self.direction()), model_id)

    def _on_direction_changed(self) -> None:
        self.state_changed.emit()
        self.render()

    # --- translation -----------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.handle is not None and not self.handle.finished

    def current_translation(self) -> Translation | None:
        return self.document.effective_translation()

    def translate(self) -> JobHandle | None:
        article = self.document.current
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
        key: Key = (article.id, f"{src}-{tgt}")
        keep = self.gaps_only(article, info.id)
        self.document.start_translating(key, Translation(model_id=info.id, source_lang=src, target_lang=tgt,
                                                         article_id=article.id, targets=dict(keep)))
        handle = self.operations.translate(article, src, tgt, info.id, keep=keep)
        self.handle = handle
        handle.progress.connect(lambda p, k=key: self._on_progress(k, p))
        handle.succeeded.connect(lambda r, k=key: self._on_result(k, r))
        handle.cancelled.connect(lambda partial, k=key: self._on_result(k, partial))
        handle.done.connect(lambda h=handle, k=key: self._on_done(h, k))
        handle.failed.connect(self.error.emit)
        missing = sum(1 for _ in article.all_sentences()) - len(keep)
        self.status_message.emit(f"Translating the {missing} missing sentence(s) with {info.name or info.id}…" if keep
                                 else f"Translating with {info.name or info.id}…")
        self.state_changed.emit()
        self.render()
        return handle

    def gaps_only(self, article: Article, model_id: str) -> dict[str, Target]:
        """What an unfinished translation (a cancelled run, a failed one) of ``article`` by the same
        model already holds: Translate keeps it and translates only the missing sentences. A
        complete translation, or one by another model, is made again from scratch."""
        previous = self.document.machine_translation(article)
        if previous is None or not previous.targets or previous.model_id != model_id:
            return {}
        ids = [s.id for s in article.all_sentences()]
        if all(sid in previous.targets for sid in ids):
            return {}
        return {sid: previous.targets[sid] for sid in ids if sid in previous.targets}

    def cancel(self) -> None:
        if self.handle is not None and not self.handle.finished:
            self.handle.cancel()
            self.status_message.emit("Cancelling…")

    def _on_progress(self, key: Key, progress: Progress) -> None:
        payload = progress.payload
        if payload:
            def add(translation: Translation) -> None:
                for sid, target in payload:
                    translation.targets[sid] = target if isinstance(target, Target) else Target(str(target))
            self.document.update_translation(key, add)
        if self.handle is not None and key == self.document.translating:
            self.progress.emit(progress.done, progress.total)
            if progress.message:
                self.status_message.emit(progress.message)

    def _on_result(self, key: Key, result: object) -> None:
        if isinstance(result, Translation):
            previous = self.document.translations.get(key)
            if previous is not None:  # keep anything streamed that the result lacks
                for sid, target in previous.targets.items():
                    result.targets.setdefault(sid, target)
            self.document.translations[key] = result

    def _on_done(self, handle: JobHandle, key: Key) -> None:
        translation = self.document.translations.get(key)
        done = len(translation.targets) if translation else 0
        article = self.document.article(key[0])
        total = sum(1 for _ in article.all_sentences()) if article is not None else 0
        if handle.outcome == "cancelled":
            self.status_message.emit(f"Translation cancelled: kept {done} of {total} sentences")
        elif handle.outcome == "succeeded":
            self.status_message.emit(f"Translated {done} sentences")
        else:
            self.status_message.emit(f"Translation failed after {done} of {total} sentences")
        if self.handle is handle:
            self.handle = None
        self._render_timer.stop()
        self.document.finish_translating(key, handle.outcome)
        self.render()
        self.state_changed.emit()

    def _on_translation_changed(self, article_id: str) -> None:
        current = self.document.current
        if current is not None and current.id == article_id:
            if self.document.running:
                self._render_timer.start()  # streaming: coalesce repaints
            else:
                self.render()

    # --- rendering -------------------------------------------------------------------------
    def _no_model_text(self) -> str:
        src, tgt = self.direction()
        return (
            f"No {display_name(src)} → {display_name(tgt)} model is installed.\n"
            "Install one from a file or download one in the model manager."
        )

    def _on_article_changed(self) -> None:
        self.state_changed.emit()
        self.render(keep_scroll=False)

    def render(self, keep_scroll: bool = True) -> None:
        article = self.document.current
        src, tgt = self.direction(article)
        self.pane.set_lang(tgt)
        if article is None:
            self.pane.show_notice("Open an article to translate it.")
            return
        translation = self.current_translation()
        if translation is not None and translation.targets:
            self.pane.show_blocks(translation_blocks(article, translation), tgt, keep_scroll=keep_scroll)
            self.pane.view.set_notes(sentence_notes(translation))
        elif translation is not None and self.running:
            self.pane.show_notice(f"Translating into {display_name(tgt)}…")
        elif self.selected_model() is None:
            self.pane.show_notice(self._no_model_text(), "Open model manager…", self._open_manager)
        else:
            self.pane.show_notice(
                f"Press Translate (Ctrl+T) to translate this article into {display_name(tgt)}.",
                "Translate",
                self.translate,
            )

    def counts(self) -> tuple[int, int]:
        article = self.document.current
        if article is None:
            return 0, 0
        return translated_count(article, self.current_translation())
