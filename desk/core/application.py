"""The one application layer: what the command line, batch runs and the window all call.

An :class:`Application` holds the user's settings (``settings.ini``), the model store and the
translation memory and glossary of the data folder. Given a direction (or a model id) it builds and
caches the engine chain, pre-fills from the memory and translates; it summarizes an original or a
translation, builds briefs and compares versions. Long work comes back as a job (a generator of
``Progress`` taking a ``CancelToken``, see :mod:`desk.core.jobs`): the CLI drives it with
``run_job``, the window on its job runner, a batch run on its workers: the same code in every case.
"""
from __future__ import annotations

import copy
import datetime
import logging
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from desk.core import settings as user_settings
from desk.core.errors import DeskError, ModelError
from desk.core.jobs import CancelToken, Job, Progress, run_job
from desk.core.languages import display_name, with_article
from desk.core.model import Article, LengthRule, Sentence, Summary, Target, Translation
from desk.core.mt.engine import Engine, get_engine
from desk.core.mt.info import ModelInfo
from desk.core.mt.store import ModelStore
from desk.core.settings import UserSettings

if TYPE_CHECKING:
    from desk.core.brief.compose import Brief
    from desk.core.compare.versions import Comparison, SummaryComparison
    from desk.core.workbench.glossary import Glossary

log = logging.getLogger(__name__)

# A translator for batch runs: one article (and a cancel token) in, its translation out.
Translator = Callable[[Article, "CancelToken | None"], Translation]
# Texts in one language in, their translations out (what comparison across languages needs).
TranslateTexts = Callable[[list[str]], list[str]]


class Application:
    """Desk's operations over one data folder. Cheap to build; models load on first use and stay
    cached (per model and engine settings) for the life of the process."""

    def __init__(self, settings: UserSettings | None = None, store: ModelStore | None = None) -> None:
        self.settings = settings if settings is not None else user_settings.load()
        self._store = store

    @property
    def store(self) -> ModelStore:
        if self._store is None:
            self._store = ModelStore()
        return self._store

    # --- models ---------------------------------------------------------------------------------

    def route(self, source_lang: str, target_lang: str, model_id: str | None = None) -> list[ModelInfo]:
        """The models to chain for a direction: ``model_id`` when given, else the model the user
        chose for this direction (when still installed), else the store's best (through English
        when no direct model exists). ``ModelError`` when nothing covers the direction."""
        if source_lang == target_lang:
            raise DeskError(f"The text is already in {display_name(target_lang)}; choose the other language.")
        if model_id:
            return [self.store.resolve(model_id, source_lang, target_lang)]
        chosen = self.settings.preferred_model(source_lang, target_lang)
        if chosen:
            try:
                return [self.store.resolve(chosen, source_lang, target_lang)]
            except ModelError:
                log.info("preferred model %s is gone; using the best installed one", chosen)
        return self.store.route(source_lang, target_lang)

    def engines(self, source_lang: str, target_lang: str, model_id: str | None = None) -> list[Engine]:
        """Engines for :meth:`route`, under the user's engine settings (cached)."""
        return [get_engine(info, self.settings.engine) for info in self.route(source_lang, target_lang, model_id)]

    def check_directions(self, source_langs: Sequence[str], target_lang: str) -> None:
        """``ModelError`` naming the first of ``source_langs`` no installed model translates."""
        for lang in sorted(set(source_langs)):
            if lang != target_lang:
                self.route(lang, target_lang)

    # --- translation ----------------------------------------------------------------------------

    def memory_prefill(self, article: Article, source_lang: str, target_lang: str) -> dict[str, Target]:
        """Exact memory matches for the sentences of ``article``; an unusable memory (damaged,
        unreadable, locked) is skipped with a warning: translating goes on without it."""
        from desk.core.workbench.memory import TranslationMemory

        try:
            with TranslationMemory() as memory:
                return memory.prefill(article, source_lang, target_lang)
        except (DeskError, OSError, sqlite3.Error) as err:
            log.warning("translation memory not used: %s", err)
            return {}

    def translate_job(
        self,
        article: Article,
        target_lang: str,
        *,
        source_lang: str | None = None,
        model_id: str | None = None,
        use_memory: bool = True,
        use_glossary: bool = True,
        keep: dict[str, Target] | None = None,
        cancel: CancelToken | None = None,
    ) -> Job[Translation]:
        """Translate ``article`` into ``target_lang``: load the engine chain (cached), take exact
        memory matches (unless ``use_memory`` is off) and the targets in ``keep`` (e.g. what a
        cancelled run finished) as they are, and stream the rest through the model, with the
        glossary's terms (unless ``use_glossary`` is off) and the source's numbers put back into its
        output where it lost them. Yields
        ``Progress`` whose payload is the partial :class:`Translation`."""
        from desk.core.mt.pipeline import translate_article
        from desk.core.workbench.terms import GlossaryTerms, NumberTerms, combine

        source = source_lang or article.lang
        total = sum(1 for _ in article.all_sentences())
        infos = self.route(source, target_lang, model_id)
        yield Progress(0, total, f"Loading {infos[0].name or infos[0].id}…")
        engines = [get_engine(info, self.settings.engine) for info in infos]
        if cancel is not None:
            cancel.raise_if_cancelled()
        prefilled = self.memory_prefill(article, source, target_lang) if use_memory else {}
        prefilled.update(keep or {})
        glossary = self._glossary() if use_glossary else None
        terms = combine(GlossaryTerms(glossary, source, target_lang) if glossary is not None else None,
                        NumberTerms(source, target_lang))
        try:
            return (yield from translate_article(article, engines, cancel=cancel, target_lang=target_lang,
                                                 prefilled=prefilled, terms=terms))
        finally:
            if glossary is not None:
                glossary.close()

    def _glossary(self) -> Glossary | None:
        """The data folder's glossary; None when it cannot be opened (translating goes on without)."""
        from desk.core.workbench.glossary import Glossary

        try:
            return Glossary()
        except (DeskError, OSError, sqlite3.Error) as err:
            log.warning("glossary not used: %s", err)
            return None

    def translate(self, article: Article, target_lang: str, *, source_lang: str | None = None,
                  model_id: str | None = None, use_memory: bool = True, use_glossary: bool = True,
                  on_progress: Callable[[Progress], None] | None = None) -> Translation:
        """:meth:`translate_job` run to the end in this thread."""
        job = self.translate_job(article, target_lang, source_lang=source_lang, model_id=model_id,
                                 use_memory=use_memory, use_glossary=use_glossary)
        return run_job(job, on_progress)

    def model_translation(self, article: Article, model_id: str, target_lang: str,
                          cancel: CancelToken | None = None) -> Translation:
        """What one model alone makes of ``article`` (no memory): for comparing two models."""
        return run_job(self.translate_job(article, target_lang, model_id=model_id, use_memory=False, cancel=cancel))

    def checked(self, article: Article, translation: Translation) -> Translation:
        """A copy of ``translation`` whose targets carry their QA flags (glossary included when
        the glossary can be opened)."""
        from desk.core.workbench.qa import check_translation

        result = copy.deepcopy(translation)
        glossary = self._glossary()
        try:
            check_translation(article, result, glossary)
        finally:
            if glossary is not None:
                glossary.close()
        return result

    def translator(self, target_lang: str, *, use_memory: bool = True, check: bool = True,
                   model_id: str | None = None) -> Translator:
        """A :data:`Translator` for batch runs: memory pre-fill, glossary and QA flags as in the window
        (``model_id``: that model instead of the user's choice or the best installed)."""

        def translate(article: Article, cancel: CancelToken | None) -> Translation:
            result = run_job(self.translate_job(article, target_lang, model_id=model_id, use_memory=use_memory,
                                                cancel=cancel))
            return self.checked(article, result) if check else result

        return translate

    def texts_translator(self, source_lang: str, target_lang: str) -> TranslateTexts:
        """Plain texts through the engine chain for one direction (no memory)."""
        from desk.core.mt.pipeline import translate_texts

        engines = self.engines(source_lang, target_lang)

        def translate(texts: list[str]) -> list[str]:
            return [t or "" for t in run_job(translate_texts(texts, engines, target_lang=target_lang))]

        return translate

    # --- summaries ------------------------------------------------------------------------------

    def summarize(self, article: Article, translation: Translation | None = None, *,
                  algorithm: str | None = None, length: LengthRule | None = None) -> Summary:
        """Summary of the original, or of ``translation`` when given (its picks keep the source
        sentence ids, so linking works). Algorithm and length default to the user's settings."""
        from desk.core.summary.summarize import summarize_article, summarize_sentences

        algorithm = algorithm or self.settings.summary.algorithm
        length = length or self.settings.summary.length()
        if translation is None:
            return summarize_article(article, algorithm=algorithm, length=length, lang=article.lang)
        sentences = [
            Sentence(id=s.id, text=translation.targets[s.id].text, lang=translation.target_lang)
            for s in article.sentences()
            if s.id in translation.targets and translation.targets[s.id].text.strip()
        ]
        return summarize_sentences(sentences, lang=translation.target_lang, algorithm=algorithm, length=length)

    # --- briefs ---------------------------------------------------------------------------------

    def brief(self, article: Article, translation: Translation | None, *, algorithm: str | None = None,
              length: LengthRule | None = None, summarize: Literal["original", "translation"] = "original",
              summary_lang: str | None = None, include_translation: bool = False,
              today: datetime.date | None = None) -> Brief:
        """A :class:`desk.core.brief.compose.Brief` of ``article``: summary of the original or of
        the translation, optionally followed by the whole translation (``today``: the date the brief
        is of, default today)."""
        from desk.core.brief.compose import build_brief

        use = translation if summarize == "translation" else None
        summary = self.summarize(article, use, algorithm=algorithm, length=length)
        return build_brief(article, summary, translation, summary_lang=summary_lang or article.lang,
                           include_translation=include_translation and translation is not None, today=today)

    # --- comparison -----------------------------------------------------------------------------

    def comparison_translator(self, lang_a: str, lang_b: str) -> tuple[TranslateTexts, Literal["a", "b"]]:
        """How to compare a ``lang_a`` text with a ``lang_b`` one: A into B's language when a model
        allows, else B into A's. ``ModelError`` when neither direction can."""
        try:
            return self.texts_translator(lang_a, lang_b), "a"
        except ModelError:
            pass
        try:
            return self.texts_translator(lang_b, lang_a), "b"
        except ModelError:
            raise ModelError(
                f"Comparing {with_article(lang_a)} text with {with_article(lang_b)} one needs a translation model "
                f"({lang_a}→{lang_b} or {lang_b}→{lang_a}) and none is installed. Install one from the model manager."
            ) from None

    def compare_job(self, a: Article, b: Article, cancel: CancelToken | None = None) -> Job[Comparison]:
        """Two versions of a story aligned sentence by sentence (across languages through the
        installed model); the result is a :class:`desk.core.compare.versions.Comparison`."""
        from desk.core.compare.versions import compare_articles

        if a.lang == b.lang:
            yield Progress(0, 1, "Aligning the versions")
            return compare_articles(a, b)
        yield Progress(0, 2, "Loading the translation model")
        translate, side = self.comparison_translator(a.lang, b.lang)
        if cancel is not None:
            cancel.raise_if_cancelled()
        yield Progress(1, 2, "Translating and aligning")
        return compare_articles(a, b, translate, translate_side=side)

    def compare_translations_job(self, article: Article, first: Translation | str, second: Translation | str,
                                 target_lang: str, cancel: CancelToken | None = None) -> Job[Comparison]:
        """Two translations of one article compared; a side given as a model id is translated
        with that model first."""
        from desk.core.compare.versions import compare_translations

        sides: list[Translation] = []
        for k, side in enumerate((first, second)):
            if isinstance(side, str):
                yield Progress(k, 2, f"Translating with {side}")
                side = self.model_translation(article, side, target_lang, cancel)
            sides.append(side)
        return compare_translations(article, sides[0], sides[1])

    def compare_summaries_job(self, article: Article, translation: Translation | None, algorithms: tuple[str, str],
                              length: LengthRule, cancel: CancelToken | None = None) -> Job[SummaryComparison]:
        """Two summarizers on one text (the translation when given), compared pick by pick."""
        from desk.core.compare.versions import compare_summaries

        summaries = []
        for k, algorithm in enumerate(algorithms):
            yield Progress(k, 2, f"Summarizing with {algorithm}")
            summaries.append(self.summarize(article, translation, algorithm=algorithm, length=length))
            if cancel is not None:
                cancel.raise_if_cancelled()
        return compare_summaries(summaries[0], summaries[1], article)


def load_file(path: str | Path, password: str | None = None) -> list[Article]:
    """The articles of a file (every format Desk reads; a feed dump splits into its articles);
    ``password`` opens an encrypted document."""
    from desk.core.text.articles import load_articles

    return load_articles(Path(path), password=password)
