"""Post-editing: a translator's work on one article, saved after every change.

A :class:`PostEditSession` holds, for one article and one direction, the source sentences, the
current target of each (``Target.origin``: ``machine``, ``memory`` or ``edited``), the original
machine/memory text (for :meth:`~PostEditSession.revert`), and which sentences the translator
confirmed. It lives in ``data_dir()/work/<article id>.json``.

Autosave: every change is written before the call returns, atomically and durably (a temp file
in the same folder, ``fsync``, ``os.replace``, then ``fsync`` of the folder). A crash, even a
``SIGKILL`` in the middle of a write, leaves either the previous or the new state on disk, never
a torn file; on reopen the last acknowledged state comes back.

Typical use (GUI or CLI)::

    session = PostEditSession.open(article, translation)   # resumes saved work if any
    session.edit("p0s1", "The prime minister said on Monday…")  # origin → "edited", saved
    session.confirm("p0s1")                                   # pair → translation memory, saved
    session.translation                                       # a Translation to display/export

``open`` merges: sentences the translator edited or confirmed keep their work; untouched machine
sentences take the new machine output; saved work whose source sentence changed (the article was
re-segmented) is kept aside in ``stale`` rather than lost. After each edit the sentence's QA flags
are recomputed (:func:`desk.core.workbench.qa.check_pair`, with the session's glossary if it has one).

Confirming a sentence whose flags are still open raises :class:`OpenFlagsError` (nothing goes into
the memory); the caller asks the translator and confirms again with ``accept_flags=True``.
:meth:`~PostEditSession.review_order` gives the order to go through the sentences: flagged first,
then the least confident machine sentences (``desk.core.workbench.review``). The saved files
themselves: ``desk.core.workbench.workstate``.
"""
from __future__ import annotations

import copy
import json
import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from desk.core.durable import atomic_write
from desk.core.errors import DeskError
from desk.core.model import Article, Target, Translation
from desk.core.workbench.memory import MemoryEntry, TranslationMemory, now_iso
from desk.core.workbench.workstate import WorkState, WorkStateError, read_state, rebase, work_path

if TYPE_CHECKING:
    from desk.core.workbench.glossary import Glossary

log = logging.getLogger(__name__)


class OpenFlagsError(DeskError):
    """A sentence cannot be confirmed silently: its QA flags are still open."""

    def __init__(self, sentence_id: str, flags: list[str]) -> None:
        from desk.core.workbench.qa import FLAG_LABELS

        labels = ", ".join(FLAG_LABELS.get(f, f) for f in flags)
        super().__init__(f"This sentence still has open quality flags ({labels}). Correct it, or confirm it "
                         "anyway to store it in the translation memory as it is.")
        self.sentence_id = sentence_id
        self.flags = list(flags)


class PostEditSession:
    """The post-editing state of one article; every mutating call saves before returning."""

    def __init__(self, state: WorkState, path: Path, *, memory: TranslationMemory | None = None,
                 glossary: Glossary | None = None, check: bool = True) -> None:
        self._state = state
        self.path = path
        self._memory = memory
        self.glossary = glossary
        self.check = check  # recompute QA flags of a sentence after each edit
        self._lock = threading.RLock()

    # --- opening -------------------------------------------------------------------------------

    @classmethod
    def open(cls, article: Article, translation: Translation | None = None, *, source_lang: str | None = None,
             target_lang: str | None = None, memory: TranslationMemory | None = None,
             glossary: Glossary | None = None, folder: Path | None = None) -> PostEditSession:
        """Resume the saved work for ``article`` (merging ``translation`` into it) or start new work.

        The direction comes from ``translation`` or ``source_lang``/``target_lang`` (default: the
        article's language into the other of ar/en).
        """
        src = translation.source_lang if translation else (source_lang or article.lang)
        tgt = translation.target_lang if translation else (target_lang or ("en" if src == "ar" else "ar"))
        path = work_path(article.id, folder)
        sources = {s.id: s.text for s in article.all_sentences()}
        if path.exists():
            state = read_state(path)
            if (state.source_lang, state.target_lang) != (src, tgt):
                raise WorkStateError(
                    f"The saved work on “{article.title}” is {state.source_lang}→{state.target_lang}, "
                    f"not {src}→{tgt}; discard it first to start over in the other direction."
                )
            changed = rebase(state, sources)
        else:
            stamp = now_iso()
            state = WorkState(article.id, article.source, article.title, src, tgt,
                              sources=sources, created=stamp, updated=stamp)
            changed = True
        session = cls(state, path, memory=memory, glossary=glossary)
        if translation is not None:
            changed = session._merge(translation) or changed
        if changed or not path.exists():
            session._save()
        return session

    @classmethod
    def load(cls, article_id: str, *, memory: TranslationMemory | None = None, glossary: Glossary | None = None,
             folder: Path | None = None) -> PostEditSession:
        """Reopen saved work by article id alone (no Article needed). Raises WorkStateError if none."""
        path = work_path(article_id, folder)
        if not path.exists():
            raise WorkStateError(f"There is no saved post-editing work for article {article_id}.")
        return cls(read_state(path), path, memory=memory, glossary=glossary)

    @staticmethod
    def exists(article_id: str, folder: Path | None = None) -> bool:
        return work_path(article_id, folder).exists()

    # --- reading -------------------------------------------------------------------------------

    @property
    def article_id(self) -> str:
        return self._state.article_id

    @property
    def source_lang(self) -> str:
        return self._state.source_lang

    @property
    def target_lang(self) -> str:
        return self._state.target_lang

    @property
    def sentence_ids(self) -> list[str]:
        return list(self._state.sources)

    @property
    def confirmed(self) -> frozenset[str]:
        return frozenset(self._state.confirmed)

    @property
    def stale(self) -> list[dict[str, str]]:
        return copy.deepcopy(self._state.stale)

    @property
    def revision(self) -> int:
        return self._state.revision

    @property
    def translation(self) -> Translation:
        """A copy of the current translation (edit through the session, not through this copy)."""
        st = self._state
        with self._lock:
            return Translation(st.model_id, st.source_lang, st.target_lang, st.article_id, copy.deepcopy(st.targets))

    def machine_translation(self) -> Translation:
        """The machine and memory output before the translator's edits (a copy)."""
        st = self._state
        with self._lock:
            return Translation(st.model_id, st.source_lang, st.target_lang, st.article_id, copy.deepcopy(st.machine))

    def source_text(self, sentence_id: str) -> str:
        return self._state.sources[sentence_id]

    def target(self, sentence_id: str) -> Target | None:
        t = self._state.targets.get(sentence_id)
        return copy.deepcopy(t) if t is not None else None

    def is_confirmed(self, sentence_id: str) -> bool:
        return sentence_id in self._state.confirmed

    def progress(self) -> tuple[int, int]:
        """(confirmed, total) sentences."""
        return len(self._state.confirmed), len(self._state.sources)

    def review_order(self) -> list[str]:
        """Sentence ids in review order: flagged, then least confident, then the rest, confirmed last
        (:func:`desk.core.workbench.review.review_order`)."""
        from desk.core.workbench.review import review_order

        with self._lock:
            return review_order(self._state.sources, self._state.targets, set(self._state.confirmed))

    def pending(self) -> list[str]:
        """Sentence ids not confirmed yet, in document order."""
        done = set(self._state.confirmed)
        return [sid for sid in self._state.sources if sid not in done]

    @property
    def memory(self) -> TranslationMemory:
        if self._memory is None:
            self._memory = TranslationMemory()
        return self._memory

    # --- changing ------------------------------------------------------------------------------

    def set_machine(self, sentence_id: str, target: Target) -> bool:
        """Record a machine/memory target as it arrives; ignored if the translator worked on it."""
        with self._lock:
            changed = self._set_machine(sentence_id, target)
            if changed:
                self._save()
            return changed

    def merge(self, translation: Translation) -> bool:
        """Take new machine output for every sentence the translator has not edited or confirmed."""
        with self._lock:
            changed = self._merge(translation)
            if changed:
                self._save()
            return changed

    def edit(self, sentence_id: str, text: str) -> Target:
        """Replace a sentence's target with the translator's text (origin ``edited``) and save.

        Editing a confirmed sentence un-confirms it (confirm again to update the memory). Setting
        the text back to the original machine/memory text restores that origin.
        """
        with self._lock:
            self._require(sentence_id)
            text = text.strip()
            current = self._state.targets.get(sentence_id)
            if current is not None and current.text == text:
                return copy.deepcopy(current)
            original = self._state.machine.get(sentence_id)
            if original is not None and original.text == text:
                new = copy.deepcopy(original)  # back to the model's text: its confidence and alignment hold again
            else:
                new = Target(text, "edited")  # the model's confidence and word alignment no longer apply
            new.flags = self._flags(sentence_id, text)
            self._state.targets[sentence_id] = new
            if sentence_id in self._state.confirmed:
                self._state.confirmed.remove(sentence_id)
            self._save()
            return copy.deepcopy(new)

    def revert(self, sentence_id: str) -> Target | None:
        """Go back to the machine/memory text of a sentence (None if it never had one)."""
        with self._lock:
            self._require(sentence_id)
            original = self._state.machine.get(sentence_id)
            if original is None:
                self._state.targets.pop(sentence_id, None)
            else:
                self._state.targets[sentence_id] = copy.deepcopy(original)
            if sentence_id in self._state.confirmed:
                self._state.confirmed.remove(sentence_id)
            self._save()
            return copy.deepcopy(original)

    def confirm(self, sentence_id: str, *, accept_flags: bool = False) -> MemoryEntry:
        """Mark a sentence done and store its pair in the translation memory.

        A sentence with open QA flags (checked again now) is not confirmed: :class:`OpenFlagsError`
        says which, and the caller asks the translator, then passes ``accept_flags=True`` to
        confirm it as it is. A memory match keeps the origin its memory entry has (a person's
        edit stays ``edited``); only pairs new to the memory take the target's origin.
        """
        with self._lock:
            self._require(sentence_id)
            target = self._state.targets.get(sentence_id)
            if target is None or not target.text.strip():
                raise DeskError("This sentence has no translation to confirm yet.")
            st = self._state
            flags = list(dict.fromkeys([*target.flags, *self._flags(sentence_id, target.text)]))
            if flags != target.flags:
                target.flags = flags
                self._save()
            if flags and not accept_flags:
                raise OpenFlagsError(sentence_id, flags)
            source = st.sources[sentence_id]
            origin: str = target.origin
            if origin == "memory":
                match = self.memory.lookup(source, st.source_lang, st.target_lang)
                if match is not None and match.target == target.text.strip():
                    origin = match.origin
            entry = self.memory.add(source, target.text, st.source_lang, st.target_lang,
                                    origin=origin, article_id=st.article_id, source_ref=st.source)
            if sentence_id not in st.confirmed:
                st.confirmed.append(sentence_id)
                self._save()
            return entry

    def unconfirm(self, sentence_id: str) -> None:
        with self._lock:
            if sentence_id in self._state.confirmed:
                self._state.confirmed.remove(sentence_id)
                self._save()

    def set_flags(self, sentence_id: str, flags: list[str]) -> None:
        """Store QA flags computed elsewhere (e.g. a whole-article QA run)."""
        with self._lock:
            target = self._state.targets.get(sentence_id)
            if target is not None and target.flags != flags:
                target.flags = list(flags)
                self._save()

    def discard(self) -> None:
        """Delete the saved work for this article (the memory keeps confirmed pairs)."""
        with self._lock:
            self.path.unlink(missing_ok=True)

    # --- internals -----------------------------------------------------------------------------

    def _require(self, sentence_id: str) -> None:
        if sentence_id not in self._state.sources:
            raise KeyError(f"no sentence {sentence_id!r} in article {self.article_id}")

    def _flags(self, sentence_id: str, text: str) -> list[str]:
        if not self.check:
            return []
        from desk.core.workbench.qa import check_pair

        return check_pair(self._state.sources[sentence_id], text, self.source_lang, self.target_lang, self.glossary)

    def _worked_on(self, sentence_id: str) -> bool:
        target = self._state.targets.get(sentence_id)
        return sentence_id in self._state.confirmed or (target is not None and target.origin == "edited")

    def _set_machine(self, sentence_id: str, target: Target) -> bool:
        if sentence_id not in self._state.sources:
            log.debug("ignoring target for unknown sentence %s", sentence_id)
            return False
        if target.origin == "edited":  # a translator's text is never taken as the machine's
            return False
        if self._worked_on(sentence_id):
            self._state.machine[sentence_id] = copy.deepcopy(target)
            return True
        current = self._state.targets.get(sentence_id)
        if current is not None and current.text == target.text and current.origin == target.origin:
            return False
        self._state.targets[sentence_id] = copy.deepcopy(target)
        self._state.machine[sentence_id] = copy.deepcopy(target)
        return True

    def _merge(self, translation: Translation) -> bool:
        if translation.model_id:
            self._state.model_id = translation.model_id
        changed = False
        for sid, target in translation.targets.items():
            changed = self._set_machine(sid, target) or changed
        return changed

    def _save(self) -> None:
        st = self._state
        st.revision += 1
        st.updated = now_iso()
        data = json.dumps(st.to_json(), ensure_ascii=False, indent=1).encode("utf-8")
        try:
            atomic_write(self.path, data)
        except OSError as err:
            raise WorkStateError(f"Cannot save the post-editing work to {self.path}: {err}") from err
