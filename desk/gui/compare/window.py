"""Compare two versions of a story, two translations of the article, or two summaries.

* **Versions**: the current article against another one (an article of the open file, or of a
  file picked here). Same language: sentences equal / changed (with word differences) / added /
  removed / moved. Across languages, one side is translated with the installed model on the
  worker (``desk.core.compare.versions.pick_translation``) and the sentences are aligned through it.
* **Translations**: machine output vs post-edited, or output of another installed model.
* **Summaries**: two algorithms side by side, the sentences both picked marked as agreeing.

The window renders core results (``Comparison``, ``SummaryComparison``) as an aligned
two-column table; it computes nothing itself.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QFileDialog, QHBoxLayout, QLabel, QPushButton, QStackedWidget, QTextBrowser,
    QVBoxLayout, QWidget,
)

from desk.core.jobs import CancelToken, Job, Progress
from desk.core.model import Article, Translation
from desk.gui.compare.html import comparison_html, summaries_html
from desk.gui.fonts import lang_name

if TYPE_CHECKING:
    from desk.core.compare.versions import Comparison, SummaryComparison
    from desk.gui.main_window import MainWindow
    from desk.gui.postedit.controller import PostEditController
    from desk.gui.worker import JobHandle

log = logging.getLogger(__name__)


# --- work (worker thread) -------------------------------------------------------------------------


def compare_versions_job(a: Article, b: Article) -> Any:
    """A job comparing two articles; across languages it loads the installed model first."""

    def factory(cancel: CancelToken) -> Job[Comparison]:
        from desk.core.compare.versions import compare_articles, pick_translation

        if a.lang == b.lang:
            yield Progress(0, 1, "Aligning the versions")
            return compare_articles(a, b)
        yield Progress(0, 2, "Loading the translation model")
        translate, side = pick_translation(a.lang, b.lang)
        cancel.raise_if_cancelled()
        yield Progress(1, 2, "Translating and aligning")
        return compare_articles(a, b, translate, translate_side=side)

    return factory


def model_translation(article: Article, model_id: str, target_lang: str, settings: object) -> Translation:
    """The article translated by one installed model (no memory: the model's own output)."""
    from desk.core.jobs import run_job
    from desk.core.mt.engine import get_engine
    from desk.core.mt.pipeline import translate_article
    from desk.core.mt.store import ModelStore

    engine = get_engine(ModelStore().get(model_id), settings)  # type: ignore[arg-type]
    return run_job(translate_article(article, engine, target_lang=target_lang))


def compare_translations_job(article: Article, first: Any, second: Any, target_lang: str, settings: object) -> Any:
    """``first``/``second`` are Translations, or model ids to translate with (exclusive pool)."""

    def factory(cancel: CancelToken) -> Job[Comparison]:
        from desk.core.compare.versions import compare_translations

        sides = []
        for k, side in enumerate((first, second)):
            if isinstance(side, str):
                yield Progress(k, 2, f"Translating with {side}")
                side = model_translation(article, side, target_lang, settings)
                cancel.raise_if_cancelled()
            sides.append(side)
        return compare_translations(article, sides[0], sides[1])

    return factory


def compare_summaries_job(article: Article, translation: Translation | None, algorithms: tuple[str, str],
                          length: Any, source: str) -> Any:
    def factory(cancel: CancelToken) -> Job[SummaryComparison]:
        from desk.core.compare.versions import compare_summaries
        from desk.gui.summary.controller import summarize_original, summarize_translation

        summaries = []
        for k, algorithm in enumerate(algorithms):
            yield Progress(k, 2, f"Summarizing with {algorithm}")
            if source == "translation" and translation is not None:
                summaries.append(summarize_translation(article, translation, algorithm, length))
            else:
                summaries.append(summarize_original(article, algorithm, length))
            cancel.raise_if_cancelled()
        return compare_summaries(summaries[0], summaries[1], article)

    return factory


# --- the window -----------------------------------------------------------------------------------


class CompareWindow(QDialog):
    MODES = [("versions", "Two versions of the story"), ("translations", "Two translations"),
             ("summaries", "Two summaries")]

    def __init__(self, window: MainWindow, postedit: PostEditController) -> None:
        super().__init__(window)
        self.setObjectName("compare_window")
        self.setWindowTitle("Compare")
        self.resize(1100, 720)
        self.window_, self.postedit, self.runner = window, postedit, window.runner
        self.others: list[Article] = []  # articles loaded from other files
        self.result: Comparison | SummaryComparison | None = None
        self.handle: JobHandle | None = None
        self.load_handle: JobHandle | None = None
        self._summary_lang = "en"

        self.mode = QComboBox()
        for key, label in self.MODES:
            self.mode.addItem(label, key)
        self.a_label = QLabel()
        self.versions_b = QComboBox()
        self.versions_b.setMinimumContentsLength(40)
        open_button = QPushButton("Open file…")
        open_button.clicked.connect(self.open_other)
        self.tr_a, self.tr_b = QComboBox(), QComboBox()
        self.sum_a, self.sum_b, self.sum_source = QComboBox(), QComboBox(), QComboBox()
        from desk.core.summary.summarize import ALGORITHMS

        for combo in (self.sum_a, self.sum_b):
            for name, algo in ALGORITHMS.items():
                combo.addItem(algo.label, name)
        self.sum_source.addItem("of the original", "original")
        self.sum_source.addItem("of the translation", "translation")

        self.inputs = QStackedWidget()
        for widgets in ((QLabel("B:"), self.versions_b, open_button),
                        (QLabel("A:"), self.tr_a, QLabel("B:"), self.tr_b),
                        (QLabel("A:"), self.sum_a, QLabel("B:"), self.sum_b, self.sum_source)):
            page = QWidget()
            row = QHBoxLayout(page)
            row.setContentsMargins(0, 0, 0, 0)
            for w in widgets:
                row.addWidget(w)
            row.addStretch(1)
            self.inputs.addWidget(page)
        self.compare_button = QPushButton("Compare")
        self.compare_button.setDefault(True)
        self.compare_button.clicked.connect(self.run)
        self.hide_equal = QCheckBox("Hide unchanged")
        self.hide_equal.toggled.connect(lambda _on: self.render())
        self.counts = QLabel()
        self.counts.setObjectName("compare_counts")
        self.browser = QTextBrowser()
        self.browser.setObjectName("compare_browser")

        top = QHBoxLayout()
        top.addWidget(QLabel("Compare"))
        top.addWidget(self.mode)
        top.addWidget(self.a_label, 1)
        controls = QHBoxLayout()
        controls.addWidget(self.inputs, 1)
        controls.addWidget(self.hide_equal)
        controls.addWidget(self.compare_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(controls)
        layout.addWidget(self.counts)
        layout.addWidget(self.browser, 1)
        self.mode.currentIndexChanged.connect(self._on_mode)
        window.workspace.current_changed.connect(lambda _a: self.refresh_inputs())
        self.refresh_inputs()

    # --- inputs ------------------------------------------------------------------------------
    def set_mode(self, mode: str) -> None:
        self.mode.setCurrentIndex(max(0, self.mode.findData(mode)))
        self.refresh_inputs()

    def _on_mode(self) -> None:
        self.inputs.setCurrentIndex(self.mode.currentIndex())
        self.refresh_inputs()

    def refresh_inputs(self) -> None:
        self.inputs.setCurrentIndex(self.mode.currentIndex())
        article = self.window_.workspace.current
        self.a_label.setText(f"A: {article.title[:70]} ({lang_name(article.lang)})" if article else "A: no article open")
        self.versions_b.clear()
        for candidate in [*self.window_.workspace.articles, *self.others]:
            if article is None or candidate is not article:
                self.versions_b.addItem(f"{candidate.title[:70]} ({lang_name(candidate.lang)}, "
                                        f"{Path(candidate.source).name or candidate.source})", candidate)
        choices = self._translation_choices()
        for combo, default in ((self.tr_a, "machine"), (self.tr_b, "postedited")):
            combo.clear()
            for key, label in choices:
                combo.addItem(label, key)
            combo.setCurrentIndex(max(0, combo.findData(default)))
        if self.tr_a.currentData() == self.tr_b.currentData() and self.tr_b.count() > 1:
            self.tr_b.setCurrentIndex(1 if self.tr_a.currentIndex() == 0 else 0)
        prefs = self.window_.settings.summary_prefs()
        self.sum_a.setCurrentIndex(max(0, self.sum_a.findData(prefs.algorithm)))
        if self.sum_b.currentData() == self.sum_a.currentData():
            self.sum_b.setCurrentIndex((self.sum_a.currentIndex() + 1) % self.sum_b.count())

    def _translation_choices(self) -> list[tuple[str, str]]:
        choices = []
        if self.postedit.session is not None:
            choices += [("machine", "Machine output (before post-editing)"), ("postedited", "Post-edited translation")]
        elif self.window_.translator.current_translation() is not None:
            choices.append(("current", "Translation in the pane"))
        for info in self.window_.translator.models():
            choices.append((f"model:{info.id}", f"Model {info.name or info.id}"))
        return choices

    def _translation_for(self, key: str) -> Translation | str | None:
        if key == "machine":
            return self.postedit.machine_translation()
        if key == "postedited":
            return self.postedit.session.translation if self.postedit.session else None
        if key == "current":
            return self.window_.translator.current_translation()
        return key.split(":", 1)[1] if key.startswith("model:") else None

    def open_other(self) -> JobHandle | None:
        from desk.gui.file_controller import open_filter

        path, _ = QFileDialog.getOpenFileName(self, "Open the other version", str(Path.home()), open_filter())
        if not path:
            return None
        from desk.core.text.articles import load_articles

        handle = self.runner.call(f"Opening {Path(path).name}", load_articles, path)
        handle.succeeded.connect(self._on_loaded)
        handle.failed.connect(self.window_.show_error)
        self.load_handle = handle
        return handle

    def _on_loaded(self, articles: list[Article]) -> None:
        self.others.extend(articles)
        self.refresh_inputs()
        self.versions_b.setCurrentIndex(self.versions_b.count() - len(articles))

    # --- running -----------------------------------------------------------------------------
    def run(self) -> JobHandle | None:
        article = self.window_.workspace.current
        if article is None:
            self.counts.setText("Open an article first.")
            return None
        mode = self.mode.currentData()
        if self.handle is not None and not self.handle.finished:
            self.handle.cancel()
        exclusive = False
        if mode == "versions":
            other = self.versions_b.currentData()
            if other is None:
                self.counts.setText("Pick the other version (open a file with it if needed).")
                return None
            job = compare_versions_job(article, other)
            exclusive = other.lang != article.lang
        elif mode == "translations":
            first, second = self._translation_for(self.tr_a.currentData() or ""), \
                self._translation_for(self.tr_b.currentData() or "")
            if first is None or second is None:
                self.counts.setText("Translate the article first (and post-edit it, or install a second model).")
                return None
            exclusive = isinstance(first, str) or isinstance(second, str)
            _src, tgt = self.window_.translator.direction(article)
            job = compare_translations_job(article, first, second, tgt, self.window_.settings.engine_settings())
        else:
            from desk.gui.summary.controller import length_rule

            translation = self._translation_for("postedited") if self.postedit.session else \
                self.window_.translator.current_translation()
            translation = translation if isinstance(translation, Translation) and translation.targets else None
            use_translation = self.sum_source.currentData() == "translation" and translation is not None
            self._summary_lang = translation.target_lang if use_translation and translation else article.lang
            job = compare_summaries_job(article, translation, (self.sum_a.currentData(), self.sum_b.currentData()),
                                        length_rule(self.window_.settings.summary_prefs()),
                                        "translation" if use_translation else "original")
        self.counts.setText("Comparing…")
        self.compare_button.setEnabled(False)
        handle = self.runner.start("Comparing", job, exclusive=exclusive)
        handle.succeeded.connect(self._on_result)
        handle.failed.connect(lambda msg: self.counts.setText(f"Could not compare: {msg}"))
        handle.done.connect(lambda: self.compare_button.setEnabled(True))
        self.handle = handle
        return handle

    def _on_result(self, result: Any) -> None:
        self.result = result
        self.render()

    def show_result(self, result: Comparison | SummaryComparison) -> None:
        """Show a result computed elsewhere (tests, screenshots)."""
        self._on_result(result)

    def rows(self) -> list[tuple[str, str | None, str | None]]:
        """(op, A id, B id) of the pairs shown, in order."""
        from desk.core.compare.versions import Comparison

        if not isinstance(self.result, Comparison):
            return []
        return [(p.op, p.a.id if p.a else None, p.b.id if p.b else None) for p in self.result.pairs
                if not (self.hide_equal.isChecked() and p.op == "equal")]

    def render(self) -> None:
        from desk.core.compare.versions import Comparison

        result = self.result
        if result is None:
            self.browser.clear()
            return
        if isinstance(result, Comparison):
            counts = ", ".join(f"{n} {op}" for op, n in result.counts().items() if n)
            how = {"same-language": "same language", "cross-language": "across languages, via machine translation",
                   "translations": "two translations"}.get(result.mode, result.mode)
            self.counts.setText(f"{counts} — {how}")
            self.browser.setHtml(comparison_html(result, self.hide_equal.isChecked()))
        else:
            lang = self._summary_lang
            self.counts.setText(f"Agreement {result.agreement:.0%}: {result.common} of {len(result.rows)} sentences "
                                f"picked by both {result.algorithm_a} and {result.algorithm_b}")
            self.browser.setHtml(summaries_html(result, lang))

    def busy(self) -> bool:
        return any(h is not None and not h.finished for h in (self.handle, self.load_handle))
