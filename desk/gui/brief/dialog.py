"""Build a brief from the current article: choose, preview, save or copy; bilingual table export.

Choices: the brief's language (the original's, or the translation's), what the summary is made
from (the original or the translation: the picks are sentence ids either way), algorithm and
length, whether the full translation follows, the file format. The summary and the brief are
built on the worker (``desk.core.summary.summarize``, ``desk.core.brief.compose``); the preview is the brief's
own HTML. The translation used is the post-edited one when the article has post-editing work.
"""
from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QMimeData, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QPushButton, QSpinBox,
    QTextBrowser, QVBoxLayout, QWidget,
)

from desk.core.languages import display_name as lang_name
from desk.core.model import Article, LengthRule, Translation
from desk.gui.document import DocumentState
from desk.gui.operations import Operations
from desk.gui.settings import Settings

if TYPE_CHECKING:
    from desk.core.brief.compose import Brief
    from desk.gui.worker import JobHandle

log = logging.getLogger(__name__)

_RTL_TAG = re.compile(r'(<(?:h1|h2|p|td|th)\b[^>]*\bdir="rtl")')
FORMATS = [("docx", "Word (DOCX)"), ("html", "Web page (HTML)"), ("md", "Markdown"), ("txt", "Plain text")]
FILTERS = {"docx": "Word documents (*.docx)", "html": "Web pages (*.html)", "md": "Markdown (*.md)",
           "txt": "Text files (*.txt)"}


def brief_html(brief: Brief) -> str:
    """The brief's HTML for the preview. Qt's rich text ignores the CSS that right-aligns
    ``dir="rtl"`` elements, so they get an explicit ``align="right"``."""
    from desk.core.brief.compose import render_brief

    page = render_brief(brief, "html").decode("utf-8")
    return _RTL_TAG.sub(r'\1 align="right"', page)


class BriefDialog(QDialog):
    def __init__(self, document: DocumentState, operations: Operations, settings: Settings,
                 show_error: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("brief_dialog")
        self.setWindowTitle("Brief")
        self.resize(760, 640)
        self.document, self.operations, self.settings, self.show_error = document, operations, settings, show_error
        self.brief: Brief | None = None
        self.handle: JobHandle | None = None
        self.save_handle: JobHandle | None = None
        self._generation = 0
        self._loading = False

        self.language = QComboBox()
        self.source = QComboBox()
        self.source.addItem("the original", "original")
        self.source.addItem("the translation", "translation")
        self.algorithm = QComboBox()
        from desk.core.summary.summarize import ALGORITHMS

        for name, algo in ALGORITHMS.items():
            self.algorithm.addItem(algo.label, name)
        self.length_mode = QComboBox()
        self.length_mode.addItem("sentences", "sentences")
        self.length_mode.addItem("words", "words")
        self.length = QSpinBox()
        self.length.setRange(1, 2000)
        length_row = QHBoxLayout()
        length_row.addWidget(self.length)
        length_row.addWidget(self.length_mode)
        length_row.addStretch(1)
        self.include_translation = QCheckBox("Add the full translation after the summary")
        self.format = QComboBox()
        for key, label in FORMATS:
            self.format.addItem(label, key)
        form = QFormLayout()
        form.addRow("Brief in", self.language)
        form.addRow("Summary of", self.source)
        form.addRow("Algorithm", self.algorithm)
        form.addRow("Length", length_row)
        form.addRow("", self.include_translation)
        form.addRow("Format", self.format)

        self.preview = QTextBrowser()
        self.preview.setObjectName("brief_preview")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.save_button = QPushButton("Save…")
        self.save_button.setDefault(True)
        self.copy_button = QPushButton("Copy to clipboard")
        self.bilingual_button = QPushButton("Bilingual table…")
        self.bilingual_button.setToolTip("Source and translation side by side, as DOCX or HTML")
        close = QPushButton("Close")
        buttons = QHBoxLayout()
        for b in (self.save_button, self.copy_button, self.bilingual_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)
        self.save_button.clicked.connect(self.save)
        self.copy_button.clicked.connect(self.copy)
        self.bilingual_button.clicked.connect(self.export_bilingual)
        close.clicked.connect(self.close)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Preview"))
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.rebuild)
        for combo in (self.language, self.source, self.algorithm, self.length_mode):
            combo.currentIndexChanged.connect(self._changed)
        self.length.valueChanged.connect(self._changed)
        self.include_translation.toggled.connect(self._changed)

    # --- inputs ------------------------------------------------------------------------------
    @property
    def article(self) -> Article | None:
        return self.document.current

    def translation(self) -> Translation | None:
        """The article's effective translation (post-edits included), if it has one."""
        translation = self.document.effective_translation(self.article)
        return translation if translation is not None and translation.targets else None

    def reset(self) -> None:
        """Defaults for the current article (its languages, the Summary pane's settings)."""
        article = self.article
        if article is None:
            return
        self._loading = True
        translation = self.translation()
        self.language.clear()
        self.language.addItem(f"{lang_name(article.lang)} (original)", article.lang)
        if translation is not None:
            self.language.addItem(f"{lang_name(translation.target_lang)} (translation)", translation.target_lang)
        self.source.model().item(1).setEnabled(translation is not None)  # type: ignore[attr-defined]
        prefs = self.settings.summary_prefs()
        self.source.setCurrentIndex(1 if prefs.source == "translation" and translation is not None else 0)
        self.algorithm.setCurrentIndex(max(0, self.algorithm.findData(prefs.algorithm)))
        words = prefs.length_mode == "words"
        self.length_mode.setCurrentIndex(1 if words else 0)
        self.length.setValue(prefs.words if words else prefs.sentences)
        self.include_translation.setEnabled(translation is not None)
        self.include_translation.setChecked(False)
        self.bilingual_button.setEnabled(translation is not None)
        self.setWindowTitle(f"Brief — {article.title[:60]}")
        self._loading = False
        self.rebuild()

    def _changed(self, *_args: object) -> None:
        if not self._loading:
            self.brief = None
            self._timer.start()

    def length_rule(self) -> LengthRule:
        if self.length_mode.currentData() == "words":
            return LengthRule(words=self.length.value())
        return LengthRule(sentences=self.length.value())

    # --- building ----------------------------------------------------------------------------
    def rebuild(self) -> JobHandle | None:
        self._timer.stop()
        article = self.article
        if article is None:
            return None
        self._generation += 1
        generation = self._generation
        self.brief = None
        self.status.setText("Building the brief…")
        translation = self.translation()
        handle = self.operations.brief(
            article, translation, algorithm=self.algorithm.currentData(), length=self.length_rule(), summarize=self.source.currentData(),
            summary_lang=self.language.currentData() or article.lang,
            include_translation=self.include_translation.isChecked(),
        )
        handle.succeeded.connect(lambda brief, g=generation: self._on_brief(g, brief))
        handle.failed.connect(lambda msg, g=generation: self._on_failed(g, msg))
        self.handle = handle
        return handle

    def _on_brief(self, generation: int, brief: Brief) -> None:
        if generation != self._generation:
            return
        self.brief = brief
        self.preview.setHtml(brief_html(brief))
        self.status.setText(f"{len(brief.summary)} summary sentence(s) · {brief.summary_note}")

    def _on_failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self.status.setText(f"Could not build the brief: {message}")

    # --- output ------------------------------------------------------------------------------
    def _ask_path(self, title: str, fmt: str, stem: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self, title, f"{stem}.{fmt}", FILTERS[fmt])
        if path and not Path(path).suffix:
            path += f".{fmt}"
        return path

    def _stem(self) -> str:
        article = self.article
        title = (article.title if article else "") or "brief"
        return "".join(ch if ch.isalnum() or ch in " -_" else "_" for ch in title)[:50].strip() or "brief"

    def save(self) -> JobHandle | None:
        if self.brief is None:
            self.status.setText("The brief is not ready yet.")
            return None
        fmt = self.format.currentData()
        path = self._ask_path("Save brief", fmt, self._stem())
        if not path:
            return None
        from desk.core.brief.compose import export_brief

        handle = self.operations.call("Saving the brief", export_brief, self.brief, Path(path), fmt)
        handle.succeeded.connect(lambda p: self.status.setText(f"Saved {Path(p).name}"))
        handle.failed.connect(self.show_error)
        self.save_handle = handle
        return handle

    def copy(self) -> bool:
        if self.brief is None:
            self.status.setText("The brief is not ready yet.")
            return False
        from desk.core.brief.compose import brief_clipboard

        clip = brief_clipboard(self.brief)
        data = QMimeData()
        data.setText(clip.text)
        data.setHtml(clip.html)
        QGuiApplication.clipboard().setMimeData(data)
        self.status.setText("Copied the brief (text and formatted) to the clipboard.")
        return True

    def export_bilingual(self) -> JobHandle | None:
        article, translation = self.article, self.translation()
        if article is None or translation is None:
            self.status.setText("Translate the article first for a bilingual table.")
            return None
        fmt = "html" if self.format.currentData() == "html" else "docx"
        path = self._ask_path("Save bilingual table", fmt, self._stem() + " (bilingual)")
        if not path:
            return None
        from desk.core.brief.compose import export_bilingual

        handle = self.operations.call("Saving the bilingual table", export_bilingual, article, translation, Path(path))
        handle.succeeded.connect(lambda p: self.status.setText(f"Saved {Path(p).name}"))
        handle.failed.connect(self.show_error)
        self.save_handle = handle
        return handle

    def busy(self) -> bool:
        return any(h is not None and not h.finished for h in (self.handle, self.save_handle)) or self._timer.isActive()

