"""Compare two versions of a story, two translations of the article, or two summaries.

* **Versions**: the current article against another one (an article of the open file, or of a
  file picked here). Same language: sentences equal / changed (with word differences) / added /
  removed / moved. Across languages, one side is translated with the installed model on the
  worker (``Application.comparison_translator``) and the sentences are aligned through it.
* **Translations**: machine output vs post-edited, or output of another installed model.
* **Summaries**: two algorithms side by side, the sentences both picked marked as agreeing.

The window renders core results (``Comparison``, ``SummaryComparison``) as an aligned
two-column table; it computes nothing itself. Export writes the result as HTML or DOCX with the
same colours and right-to-left cells (:mod:`desk.core.compare.export`); Print prints the table.
Changing what is compared clears the result shown, so it never belongs to other inputs.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desk.core.languages import display_name as lang_name
from desk.core.model import Article, Translation
from desk.gui.compare.html import comparison_html, summaries_html
from desk.gui.document import DocumentState
from desk.gui.operations import Operations
from desk.gui.save_dialog import ask_save_path
from desk.gui.screen import resize_to_fit
from desk.gui.settings import Settings

if TYPE_CHECKING:
    from desk.core.compare.versions import Comparison, SummaryComparison
    from desk.gui.worker import JobHandle

log = logging.getLogger(__name__)


class CompareWindow(QDialog):
    MODES = [("versions", "Two versions of the story"), ("translations", "Two translations"),
             ("summaries", "Two summaries")]

    def __init__(self, document: DocumentState, operations: Operations, settings: Settings,
                 show_error: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compare_window")
        self.setWindowTitle("Compare")
        resize_to_fit(self, 1100, 720)
        self.document, self.operations, self.settings, self.show_error = document, operations, settings, show_error
        self.others: list[Article] = []  # articles loaded from other files
        self.comparison: Comparison | SummaryComparison | None = None
        self.handle: JobHandle | None = None
        self.load_handle: JobHandle | None = None
        self._summary_lang = "en"

        self.mode = QComboBox()
        for key, label in self.MODES:
            self.mode.addItem(label, key)
        self.a_label = QLabel()
        self.versions_b = QComboBox()
        self.versions_b.setObjectName("compare_b")
        self.versions_b.setMinimumContentsLength(40)
        self.versions_b.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.versions_b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
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
        for page_index, widgets in enumerate(((QLabel("B:"), self.versions_b, open_button),
                        (QLabel("A:"), self.tr_a, QLabel("B:"), self.tr_b),
                        (QLabel("A:"), self.sum_a, QLabel("B:"), self.sum_b, self.sum_source))):
            page = QWidget()
            row = QHBoxLayout(page)
            row.setContentsMargins(0, 0, 0, 0)
            for widget in widgets:
                row.addWidget(widget, 1 if widget is self.versions_b else 0)  # B's picker takes the room: names whole
            if page_index != 0:
                row.addStretch(1)
            self.inputs.addWidget(page)
        self.compare_button = QPushButton("Compare")
        self.compare_button.setDefault(True)
        self.compare_button.clicked.connect(self.run)
        self.hide_equal = QCheckBox("Hide unchanged")
        self.hide_equal.toggled.connect(lambda _on: self.redraw())
        self.export_button = QPushButton("Export…")
        self.export_button.setToolTip("Save the comparison as a web page (HTML) or Word document, with its colours")
        self.export_button.clicked.connect(self.export)
        self.print_button = QPushButton("Print…")
        self.print_button.clicked.connect(self.print_comparison)
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
        controls.addWidget(self.compare_button)
        outcome = QHBoxLayout()
        outcome.addWidget(self.counts, 1)
        for w in (self.hide_equal, self.export_button, self.print_button):
            outcome.addWidget(w)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(controls)
        layout.addLayout(outcome)
        layout.addWidget(self.browser, 1)
        self.mode.currentIndexChanged.connect(self._on_mode)
        document.current_changed.connect(self._on_article)
        for combo in (self.versions_b, self.tr_a, self.tr_b, self.sum_a, self.sum_b, self.sum_source):
            combo.activated.connect(lambda _i: self.clear_result())
        self.refresh_inputs()
        self._enable_output()

    # --- inputs ------------------------------------------------------------------------------
    def set_mode(self, mode: str) -> None:
        self.mode.setCurrentIndex(max(0, self.mode.findData(mode)))
        self.refresh_inputs()

    def _on_mode(self) -> None:
        self.inputs.setCurrentIndex(self.mode.currentIndex())
        self.clear_result()
        self.refresh_inputs()

    def _on_article(self, _article: object) -> None:
        self.clear_result()
        self.refresh_inputs()

    def clear_result(self) -> None:
        """Forget the result shown: it was made from other inputs."""
        if self.handle is not None and not self.handle.finished:
            self.handle.cancel()
        self.comparison = None
        self.counts.clear()
        self.browser.clear()
        self._enable_output()

    def _enable_output(self) -> None:
        for button in (self.export_button, self.print_button):
            button.setEnabled(self.comparison is not None)

    @staticmethod
    def describe(article: Article) -> str:
        """"file.txt · Arabic · headline": the file first, so two versions never look alike, and the
        headline isolated, so an Arabic one neither swallows nor reorders the rest."""
        name = Path(article.source).name or article.source
        return f"{name} · {lang_name(article.lang)} · \u2068{article.title[:90]}\u2069"

    def refresh_inputs(self) -> None:
        self.inputs.setCurrentIndex(self.mode.currentIndex())
        article = self.document.current
        self.a_label.setText(f"A: {self.describe(article)}" if article else "A: no article open")
        self.a_label.setToolTip(article.title if article else "")
        self.versions_b.clear()
        for candidate in [*self.document.articles, *self.others]:
            if article is None or candidate is not article:
                self.versions_b.addItem(self.describe(candidate), candidate)
                self.versions_b.setItemData(self.versions_b.count() - 1, candidate.title, Qt.ItemDataRole.ToolTipRole)
        choices = self._translation_choices()
        for combo, default in ((self.tr_a, "machine"), (self.tr_b, "postedited")):
            combo.clear()
            for key, label in choices:
                combo.addItem(label, key)
            combo.setCurrentIndex(max(0, combo.findData(default)))
        if self.tr_a.currentData() == self.tr_b.currentData() and self.tr_b.count() > 1:
            self.tr_b.setCurrentIndex(1 if self.tr_a.currentIndex() == 0 else 0)
        prefs = self.settings.summary_prefs()
        self.sum_a.setCurrentIndex(max(0, self.sum_a.findData(prefs.algorithm)))
        if self.sum_b.currentData() == self.sum_a.currentData():
            self.sum_b.setCurrentIndex((self.sum_a.currentIndex() + 1) % self.sum_b.count())

    def _translation_choices(self) -> list[tuple[str, str]]:
        choices = []
        if self.document.session is not None and self.document.session_key() == self.document.key():
            choices += [("machine", "Machine output (before post-editing)"), ("postedited", "Post-edited translation")]
        elif self.document.effective_translation() is not None:
            choices.append(("current", "Translation in the pane"))
        for info in self.document.candidate_models():
            choices.append((f"model:{info.id}", f"Model {info.name or info.id}"))
        return choices

    def _translation_for(self, key: str) -> Translation | str | None:
        if key == "machine":
            return self.document.machine_translation()
        if key in ("postedited", "current"):
            return self.document.effective_translation()
        return key.split(":", 1)[1] if key.startswith("model:") else None

    def open_other(self) -> JobHandle | None:
        from desk.gui.file_controller import open_filter

        path, _ = QFileDialog.getOpenFileName(self, "Open the other version", str(Path.home()), open_filter())
        if not path:
            return None
        handle = self.operations.load_file(path)
        handle.succeeded.connect(self._on_loaded)
        handle.failed.connect(self.show_error)
        self.load_handle = handle
        return handle

    def _on_loaded(self, articles: list[Article]) -> None:
        self.others.extend(articles)
        self.refresh_inputs()
        self.versions_b.setCurrentIndex(self.versions_b.count() - len(articles))

    # --- running -----------------------------------------------------------------------------
    def run(self) -> JobHandle | None:
        article = self.document.current
        if article is None:
            self.counts.setText("Open an article first.")
            return None
        mode = self.mode.currentData()
        if self.handle is not None and not self.handle.finished:
            self.handle.cancel()
        if mode == "versions":
            other = self.versions_b.currentData()
            if other is None:
                self.counts.setText("Pick the other version (open a file with it if needed).")
                return None
            handle = self.operations.compare_versions(article, other)
        elif mode == "translations":
            first, second = self._translation_for(self.tr_a.currentData() or ""), \
                self._translation_for(self.tr_b.currentData() or "")
            if first is None or second is None:
                self.counts.setText("Translate the article first (and post-edit it, or install a second model).")
                return None
            _src, tgt = self.document.direction(article)
            handle = self.operations.compare_translations(article, first, second, tgt)
        else:
            translation = self.document.effective_translation(article)
            translation = translation if translation is not None and translation.targets else None
            use_translation = self.sum_source.currentData() == "translation" and translation is not None
            self._summary_lang = translation.target_lang if use_translation and translation else article.lang
            handle = self.operations.compare_summaries(
                article, translation if use_translation else None, (self.sum_a.currentData(), self.sum_b.currentData()),
                self.settings.summary_prefs().length())
        self.counts.setText("Comparing…")
        self.compare_button.setEnabled(False)
        handle.succeeded.connect(self._on_result)
        handle.failed.connect(lambda msg: self.counts.setText(f"Could not compare: {msg}"))
        handle.done.connect(lambda: self.compare_button.setEnabled(True))
        self.handle = handle
        return handle

    def _on_result(self, result: Any) -> None:
        self.comparison = result
        self._enable_output()
        self.redraw()

    # --- output ------------------------------------------------------------------------------
    def _names(self) -> tuple[str, str]:
        article = self.document.current
        mode = self.mode.currentData()
        if mode == "versions":
            other = self.versions_b.currentData()
            return (Path(article.source).name if article else "A",
                    Path(other.source).name if isinstance(other, Article) else "B")
        if mode == "translations":
            return self.tr_a.currentText(), self.tr_b.currentText()
        return self.sum_a.currentText(), self.sum_b.currentText()

    def export(self) -> JobHandle | None:
        """Save the comparison shown as HTML or DOCX (the colours and directions of the window)."""
        from desk.core.compare.export import export_comparison, export_summaries
        from desk.core.compare.versions import Comparison

        result = self.comparison
        if result is None:
            self.counts.setText("Compare first, then export the result.")
            return None
        name_a, name_b = self._names()
        chosen = ask_save_path(self, self.settings, "Export the comparison", f"Comparison {name_a} - {name_b}",
                               "html", formats=["html", "docx"], fallback="comparison")
        if chosen is None:
            return None
        path, fmt = chosen
        if isinstance(result, Comparison):
            handle = self.operations.call("Exporting the comparison", export_comparison, result, path, fmt,
                                          name_a=name_a, name_b=name_b, hide_equal=self.hide_equal.isChecked())
        else:
            handle = self.operations.call("Exporting the comparison", export_summaries, result, self._summary_lang,
                                          path, fmt)
        handle.succeeded.connect(lambda p: self.counts.setText(f"Exported {Path(p).name}"))
        handle.failed.connect(self.show_error)
        self.load_handle = handle
        return handle

    def print_to(self, printer: QPrinter) -> None:
        self.browser.document().print_(printer)

    def print_comparison(self) -> None:
        if self.comparison is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def rows(self) -> list[tuple[str, str | None, str | None]]:
        """(op, A id, B id) of the pairs shown, in order."""
        from desk.core.compare.versions import Comparison

        if not isinstance(self.comparison, Comparison):
            return []
        return [(p.op, p.a.id if p.a else None, p.b.id if p.b else None) for p in self.comparison.pairs
                if not (self.hide_equal.isChecked() and p.op == "equal")]

    def redraw(self) -> None:
        from desk.core.compare.versions import Comparison

        result = self.comparison
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
