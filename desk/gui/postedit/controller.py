"""Post-editing in the GUI: one controller between the views and ``desk.core.workbench.postedit``.

The document state holds the :class:`~desk.core.workbench.postedit.PostEditSession` of the current
article and direction; this controller opens it (when a translation finishes, after the QA checks
ran on the worker, or when the article has saved work) and changes it. From then on the
document's effective translation is the session's, so the translator's edits are what the pane,
the summary and a brief see.

Edits and confirmations go straight to the session, which saves them (atomically) before it
returns: a few milliseconds on the GUI thread, and an edit acknowledged on screen is on disk.
Everything that can take longer (QA over the whole article, memory lookups, exports) runs
through the named operations on the job runner.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from desk.core.errors import DeskError
from desk.core.languages import display_name
from desk.core.model import Article, Target, Translation
from desk.gui.document import DocumentState, Key
from desk.gui.operations import Operations

if TYPE_CHECKING:
    from desk.core.workbench.glossary import Glossary
    from desk.core.workbench.memory import TranslationMemory
    from desk.core.workbench.postedit import OpenFlagsError, PostEditSession
    from desk.gui.worker import JobHandle

log = logging.getLogger(__name__)


class PostEditController(QObject):
    session_changed = Signal()  # another session (or none) is current
    sentence_changed = Signal(str)  # a sentence's target, origin, flags or confirmation changed
    flags_changed = Signal()  # QA flags were recomputed for the whole article
    suggestions_ready = Signal(str, list)  # sentence id, [desk.core.workbench.memory.Match]
    status_message = Signal(str)
    error = Signal(str)

    def __init__(self, document: DocumentState, operations: Operations, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document, self.operations = document, operations
        self.article: Article | None = None
        self.notice = ""  # why there is no session (shown by the view)
        self._memory: TranslationMemory | None = None
        self._glossary: Glossary | None = None
        self._suggest_generation = 0
        self.qa_handle: JobHandle | None = None
        self.active = False  # the post-editing view is shown: it starts on a translation still arriving
        document.current_changed.connect(lambda _a: self.sync())
        document.direction_changed.connect(self._on_direction_changed)
        document.translation_changed.connect(self._on_streamed)
        document.translation_finished.connect(self._on_translation_finished)

    @property
    def session(self) -> PostEditSession | None:
        return self.document.session

    # --- shared stores -----------------------------------------------------------------------
    @property
    def memory(self) -> TranslationMemory:
        if self._memory is None:
            from desk.core.workbench.memory import TranslationMemory

            self._memory = TranslationMemory()
        return self._memory

    @property
    def glossary(self) -> Glossary:
        if self._glossary is None:
            from desk.core.workbench.glossary import Glossary

            self._glossary = Glossary()
        return self._glossary

    def close(self) -> None:
        for store in (self._memory, self._glossary):
            if store is not None:
                store.close()
        self._memory = self._glossary = None

    # --- which session -----------------------------------------------------------------------
    def direction(self) -> tuple[str, str]:
        return self.document.direction()

    def key(self) -> Key | None:
        return self.document.session_key()

    def _on_direction_changed(self) -> None:
        article = self.document.current
        if article is None:
            return
        src, tgt = self.direction()
        if self.key() != (article.id, f"{src}-{tgt}"):
            self.sync()

    def sync(self) -> None:
        """Open (or resume) the session that belongs to the current article and direction."""
        article = self.document.current
        if article is None:
            self._set_session(None, None, "Open an article and translate it to post-edit it.")
            return
        src, tgt = self.direction()
        if self.key() == (article.id, f"{src}-{tgt}"):
            return
        from desk.core.workbench.postedit import PostEditSession, WorkStateError

        # New machine output reaches a session through _on_translation_finished (QA first) or, while
        # post-editing, as it arrives (_on_streamed); here saved work is resumed.
        key = (article.id, f"{src}-{tgt}")
        arrived = self.document.translations.get(key) if self.document.translating == key else None
        if self.active and arrived is not None and arrived.targets:
            self._merge(article, arrived, checked=False)
            return
        if not PostEditSession.exists(article.id):
            self._set_session(None, article, self._waiting_text(src, tgt))
            return
        try:
            session = PostEditSession.open(article, None, source_lang=src, target_lang=tgt,
                                           memory=self.memory, glossary=self.glossary)
        except WorkStateError as err:
            self._set_session(None, article, str(err))
            return
        except DeskError as err:
            self._set_session(None, article, str(err))
            self.error.emit(str(err))
            return
        self._set_session(session, article)
        self.publish()

    def _waiting_text(self, src: str, tgt: str) -> str:
        lang_name = display_name
        if self.document.running:
            return f"Translating into {lang_name(tgt)}… Post-editing starts with the first sentences."
        if self.document.selected_model() is None:
            return (f"No {lang_name(src)} → {lang_name(tgt)} model is installed. Add one in the model manager "
                    "(Ctrl+M), then translate the article (Ctrl+T) to post-edit it.")
        return f"Translate the article into {lang_name(tgt)} (Ctrl+T) to post-edit it."

    def _set_session(self, session: PostEditSession | None, article: Article | None, notice: str = "") -> None:
        if session is None and self.session is None and article is self.article and notice == self.notice:
            return
        self.article, self.notice = article, notice
        self._suggest_generation += 1
        self.document.set_session(session)
        self.session_changed.emit()

    def set_active(self, on: bool) -> None:
        """The post-editing view was shown (or hidden); shown, it starts on what has arrived."""
        self.active = on
        if on:
            self.sync()

    def _on_streamed(self, article_id: str) -> None:
        """Sentences arriving from a running translation of the current article go into its session
        as they come (the panes show the session's translation); while post-editing, a session is
        opened on the first of them, so the work starts on what has arrived."""
        key = self.document.translating
        article = self.document.current
        if key is None or article is None or key != (article.id, "-".join(self.direction())) or key[0] != article_id:
            return
        translation = self.document.translations.get(key)
        if translation is None or not translation.targets:
            return
        if self.key() != key:
            if self.active:
                self._merge(article, translation, checked=False)
            return
        session = self.session
        assert session is not None
        before = {sid for sid in session.sentence_ids if session.target(sid) is not None}
        if session.merge(translation):
            for sid in translation.targets:
                if sid not in before:
                    self.sentence_changed.emit(sid)

    def _on_translation_finished(self, article_id: str, outcome: str) -> None:
        article = self.document.article(article_id)
        if article is None:
            return
        src, tgt = self.document.direction(article)
        translation = self.document.translations.get((article_id, f"{src}-{tgt}"))
        if translation is None or not translation.targets:
            return
        handle = self.operations.check(article, translation)
        handle.succeeded.connect(lambda result, a=article: self._merge(a, result))
        handle.failed.connect(self.error.emit)
        self.qa_handle = handle

    def _merge(self, article: Article, translation: Translation, checked: bool = True) -> None:
        """Take new machine output into the article's session (opened or resumed); ``checked``:
        it comes from the QA checks, so its flags replace those of the sentences it holds."""
        from desk.core.workbench.postedit import PostEditSession, WorkStateError

        key = (article.id, f"{translation.source_lang}-{translation.target_lang}")
        try:
            if self.session is not None and self.key() == key:
                session = self.session
                session.merge(translation)
            else:
                session = PostEditSession.open(article, translation, memory=self.memory, glossary=self.glossary)
                arriving = self.document.translations.get(key) if self.document.translating == key else None
                if arriving is not None:  # a newer run is streaming: what it brought so far goes in too
                    session.merge(arriving)
        except WorkStateError as err:  # saved work in the other direction: keep it, say why
            self.status_message.emit(str(err))
            return
        except DeskError as err:
            self.error.emit(str(err))
            return
        if checked:
            self._take_flags(session, translation)
        current = self.document.current
        if current is not None and current.id == article.id and self.direction() == (
                translation.source_lang, translation.target_lang):
            if session is self.session:
                self.flags_changed.emit()
            else:
                self._set_session(session, article)
            self.publish()

    def publish(self) -> None:
        """Tell everyone the session's translation (with the translator's edits) changed."""
        key = self.key()
        if key is None or self.document.running:
            return
        self.document.translation_changed.emit(key[0])

    # --- reading -----------------------------------------------------------------------------
    def sentence_ids(self) -> list[str]:
        return self.session.sentence_ids if self.session is not None else []

    def sentence_lang(self, sentence_id: str) -> str:
        if self.article is not None:
            try:
                return self.article.sentence(sentence_id).lang or self.article.lang
            except KeyError:
                pass
        return self.session.source_lang if self.session is not None else "en"

    def flagged(self) -> list[tuple[str, list[str]]]:
        """(sentence id, flag codes) of every flagged sentence, in document order."""
        if self.session is None:
            return []
        out = []
        for sid in self.session.sentence_ids:
            target = self.session.target(sid)
            if target is not None and target.flags:
                out.append((sid, list(target.flags)))
        return out

    def issue_messages(self, sentence_id: str) -> list[str]:
        """What the QA checks say about one sentence, for people (recomputed: cheap, one pair)."""
        if self.session is None:
            return []
        target = self.session.target(sentence_id)
        if target is None or not target.flags:
            return []
        from desk.core.workbench.qa import find_issues

        s = self.session
        return [i.message for i in find_issues(s.source_text(sentence_id), target.text, s.source_lang,
                                               s.target_lang, self.glossary)]

    def machine_translation(self) -> Translation | None:
        """The machine/memory output before post-editing (for comparing with the edited one)."""
        return self.session.machine_translation() if self.session is not None else None

    # --- changing ----------------------------------------------------------------------------
    def edit(self, sentence_id: str, text: str) -> Target | None:
        """The translator's new text for one sentence: saved before this returns."""
        if self.session is None:
            return None
        try:
            target = self.session.edit(sentence_id, text)
        except (DeskError, KeyError) as err:
            self.error.emit(str(err))
            return None
        self._after_change(sentence_id, target)
        return target

    def confirm(self, sentence_id: str, accept_flags: bool = False) -> bool | OpenFlagsError:
        """Mark the sentence done; its pair goes into the translation memory. A sentence with open
        QA flags is not confirmed unless ``accept_flags``: the :class:`OpenFlagsError` comes back
        (not raised) so the view can ask the translator."""
        from desk.core.workbench.postedit import OpenFlagsError

        if self.session is None:
            return False
        try:
            self.session.confirm(sentence_id, accept_flags=accept_flags)
        except OpenFlagsError as err:
            self.sentence_changed.emit(sentence_id)  # its flags were checked again: show them
            return err
        except (DeskError, KeyError) as err:
            self.error.emit(str(err))
            return False
        done, total = self.session.progress()
        self.status_message.emit(f"Confirmed and stored in the translation memory ({done} of {total} done)")
        self.sentence_changed.emit(sentence_id)
        return True

    def unconfirm(self, sentence_id: str) -> None:
        if self.session is not None:
            self.session.unconfirm(sentence_id)
            self.sentence_changed.emit(sentence_id)

    def revert(self, sentence_id: str) -> None:
        if self.session is None:
            return
        try:
            target = self.session.revert(sentence_id)
        except (DeskError, KeyError) as err:
            self.error.emit(str(err))
            return
        self._after_change(sentence_id, target)

    def _after_change(self, sentence_id: str, target: Target | None) -> None:
        key = self.key()
        if key is not None and not self.document.running:
            self.document.translation_changed.emit(key[0])
        self.sentence_changed.emit(sentence_id)

    def discard(self) -> None:
        """Forget the saved work of this article (confirmed pairs stay in the memory)."""
        if self.session is not None:
            self.session.discard()
            self._set_session(None, self.article, "The saved work was discarded. Translate again to post-edit.")

    # --- background work ---------------------------------------------------------------------
    def request_suggestions(self, sentence_id: str) -> None:
        """Fuzzy memory matches for a sentence; ``suggestions_ready`` brings them (latest ask only)."""
        self._suggest_generation += 1
        generation = self._suggest_generation
        if self.session is None or sentence_id not in self.session.sentence_ids:
            self.suggestions_ready.emit(sentence_id, [])
            return
        s = self.session
        try:
            memory = self.memory
        except DeskError as err:
            self.status_message.emit(str(err))
            return
        handle = self.operations.call("Looking up the translation memory", memory.suggest,
                                  s.source_text(sentence_id), s.source_lang, s.target_lang)
        handle.succeeded.connect(lambda matches, g=generation, sid=sentence_id: self._on_suggestions(g, sid, matches))
        handle.failed.connect(self.error.emit)

    def _on_suggestions(self, generation: int, sentence_id: str, matches: list) -> None:
        if generation == self._suggest_generation:
            self.suggestions_ready.emit(sentence_id, matches)

    def run_qa(self) -> JobHandle | None:
        """Recheck every sentence (e.g. after the glossary changed)."""
        if self.session is None or self.article is None:
            return None
        handle = self.operations.check(self.article, self.session.translation)
        session = self.session
        handle.succeeded.connect(lambda result, s=session: self._apply_flags(s, result))
        handle.failed.connect(self.error.emit)
        self.qa_handle = handle
        return handle

    @staticmethod
    def _take_flags(session: PostEditSession, result: Translation) -> None:
        for sid, target in result.targets.items():
            current = session.target(sid)
            if current is not None and current.text == target.text and current.flags != target.flags:
                session.set_flags(sid, target.flags)

    def _apply_flags(self, session: PostEditSession, result: Translation) -> None:
        if session is not self.session:
            return
        self._take_flags(session, result)
        self.publish()
        n = len(self.flagged())
        self.status_message.emit(f"Quality checks done: {n} sentence(s) flagged")
        self.flags_changed.emit()

    def export_xliff(self, path: str | Path, version: str = "2.0") -> JobHandle | None:
        if self.session is None:
            return None
        from desk.core.workbench.tmx import segments_from_session, write_xliff

        s = self.session
        segments = segments_from_session(s)
        handle = self.operations.call("Exporting XLIFF", write_xliff, segments, Path(path), s.source_lang,
                                  s.target_lang, version, s.article_id)
        handle.succeeded.connect(lambda n, p=Path(path): self.status_message.emit(f"Wrote {n} segments to {p.name}"))
        handle.failed.connect(self.error.emit)
        return handle
