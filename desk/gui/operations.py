"""Named operations: the work the window starts, each run in the background on the job runner.

Every operation takes its inputs, builds the core job through :class:`desk.core.application.Application`
(a fresh one per operation, carrying the settings of that moment; models stay cached across them)
and returns the :class:`JobHandle` the caller connects to. Views and controllers never build engines,
open the model store or call summarizers themselves: they call these.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from desk.core.application import Application
from desk.core.jobs import CancelToken, Job
from desk.core.languages import display_name
from desk.core.model import Article, LengthRule, Target, Translation
from desk.gui.settings import Settings
from desk.gui.worker import JobHandle, JobRunner

if TYPE_CHECKING:
    from desk.core.brief.compose import Brief
    from desk.core.mt.info import ModelInfo


class Operations:
    def __init__(self, runner: JobRunner, settings: Settings) -> None:
        self.runner, self.settings = runner, settings

    def app(self) -> Application:
        """The application layer with the settings as they are now (read on the GUI thread)."""
        return Application(settings=self.settings.user_settings())

    # --- files ----------------------------------------------------------------------------------
    def load_file(self, path: str) -> JobHandle:
        from desk.core.application import load_file

        return self.runner.call(f"Opening {path}", load_file, path)

    def open_file(self, path: str, password: str | None = None) -> JobHandle:
        """The file's articles; a file that needs a password gives back ``PasswordRequired`` as its
        result (not as a failure), so the window can ask for it and open again."""
        from desk.core.application import load_file
        from desk.core.errors import PasswordRequired

        def read() -> list[Article] | PasswordRequired:
            try:
                return load_file(path, password=password)
            except PasswordRequired as locked:
                return locked

        return self.runner.call(f"Opening {path}", read)

    def paste(self, text: str) -> JobHandle:
        """Pasted text saved in the data folder and read as articles: (saved path, articles)."""
        from desk.core.text.pasted import paste_articles

        return self.runner.call("Reading the pasted text", paste_articles, text)

    def articles_from_text(self, text: str) -> JobHandle:
        from desk.core.text.articles import articles_from_text

        return self.runner.call("Reading the pasted text", articles_from_text, text, "pasted")

    # --- models ---------------------------------------------------------------------------------
    def installed_models(self) -> dict[str, list[ModelInfo]]:
        """Installed models per direction, best first (quick: reads the store's manifests)."""
        from desk.gui.document import DIRECTIONS

        store = self.app().store
        return {d: store.find(src, tgt) for d, (src, tgt) in DIRECTIONS.items()}

    # --- translation ----------------------------------------------------------------------------
    def translate(self, article: Article, source_lang: str, target_lang: str, model_id: str,
                  keep: dict[str, Target] | None = None) -> JobHandle:
        """Translate ``article`` with ``model_id`` (memory matches and ``keep`` taken as they are).
        Runs on the exclusive pool: one model at a time."""
        app = self.app()

        def factory(cancel: CancelToken) -> Job[Translation]:
            return app.translate_job(article, target_lang, source_lang=source_lang, model_id=model_id,
                                     keep=keep, cancel=cancel)

        return self.runner.start(f"Translating into {display_name(target_lang)}", factory, exclusive=True)

    def check(self, article: Article, translation: Translation) -> JobHandle:
        """QA flags for every sentence of ``translation`` (glossary included)."""
        return self.runner.call("Checking the translation", self.app().checked, article, translation)

    # --- summaries and briefs -------------------------------------------------------------------
    def summarize(self, article: Article, translation: Translation | None, algorithm: str,
                  length: LengthRule) -> JobHandle:
        app = self.app()
        return self.runner.call("Summarizing", lambda: app.summarize(article, translation, algorithm=algorithm,
                                                                     length=length))

    def brief(self, article: Article, translation: Translation | None, *, algorithm: str, length: LengthRule,
              summarize: str, summary_lang: str, include_translation: bool) -> JobHandle:
        app = self.app()

        def build() -> Brief:
            return app.brief(article, translation, algorithm=algorithm, length=length,
                             summarize="translation" if summarize == "translation" else "original",
                             summary_lang=summary_lang, include_translation=include_translation)

        return self.runner.call("Building the brief", build)

    def call(self, name: str, fn: Callable[..., object], *args: Any, **kwargs: Any) -> JobHandle:
        """Any other core function in the background (exports, imports, lookups)."""
        return self.runner.call(name, fn, *args, **kwargs)

    # --- comparison -----------------------------------------------------------------------------
    def compare_versions(self, a: Article, b: Article) -> JobHandle:
        app = self.app()
        return self.runner.start("Comparing versions", lambda cancel: app.compare_job(a, b, cancel),
                                 exclusive=a.lang != b.lang)  # across languages the model is used

    def compare_translations(self, article: Article, first: Translation | str, second: Translation | str,
                             target_lang: str) -> JobHandle:
        app = self.app()
        return self.runner.start("Comparing translations", lambda cancel: app.compare_translations_job(
            article, first, second, target_lang, cancel), exclusive=True)

    def compare_summaries(self, article: Article, translation: Translation | None, algorithms: tuple[str, str],
                          length: LengthRule) -> JobHandle:
        app = self.app()
        return self.runner.start("Comparing summaries", lambda cancel: app.compare_summaries_job(
            article, translation, algorithms, length, cancel))
