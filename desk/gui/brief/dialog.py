"""Build a brief: choose, preview, save or copy; bilingual table export.

A brief covers the current article, or every article selected together in the article list (one
brief with each article's headline, summary and source: :mod:`desk.core.brief.collection`).
Choices: the brief's language, what the summary is made from (the original or the translation:
the picks are sentence ids either way), algorithm and length, whether the full translation
follows, the file format (the writers registry's formats; the saved file's suffix decides). The
briefs are built on the worker through the application layer; the preview is the brief's own
HTML. The translation used is the post-edited one when the article has post-editing work; an
article with no translation into the brief's language is briefed in its own language.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import QMimeData, QTimer
from PySide6.QtGui import QGuiApplication, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desk.core.brief.writers import writers
from desk.core.languages import SUPPORTED
from desk.core.languages import display_name as lang_name
from desk.core.model import Article, LengthRule, Translation
from desk.gui.document import DocumentState
from desk.gui.operations import Operations
from desk.gui.save_dialog import ask_save_path
from desk.gui.screen import resize_to_fit
from desk.gui.settings import Settings

if TYPE_CHECKING:
    from desk.core.brief.collection import BriefCollection
    from desk.core.brief.compose import Brief
    from desk.core.jobs import CancelToken, Job
    from desk.gui.worker import JobHandle

log = logging.getLogger(__name__)

_RTL_TAG = re.compile(r'(<(?:h1|h2|h3|p|td|th)\b[^>]*\bdir="rtl")')


def brief_html(brief: Brief | BriefCollection) -> str:
    """The brief's HTML for the preview. Qt's rich text ignores the CSS that right-aligns
    ``dir="rtl"`` elements, so they get an explicit ``align="right"``."""
    from desk.core.brief.collection import BriefCollection, render_collection
    from desk.core.brief.compose import render_brief

    data = render_collection(brief, "html") if isinstance(brief, BriefCollection) else render_brief(brief, "html")
    return _RTL_TAG.sub(r'\1 align="right"', data.decode("utf-8"))


class BriefDialog(QDialog):
    def __init__(self, document: DocumentState, operations: Operations, settings: Settings,
                 show_error: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("brief_dialog")
        self.setWindowTitle("Brief")
        resize_to_fit(self, 760, 640)
        self.document, self.operations, self.settings, self.show_error = document, operations, settings, show_error
        self.brief: Brief | BriefCollection | None = None
        self.chosen: list[Article] = []
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
        self.format.setObjectName("brief_format")
        for w in writers():
            self.format.addItem(w.label, w.key)
        self.articles_label = QLabel()
        self.articles_label.setObjectName("brief_articles")
        self.articles_label.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Articles", self.articles_label)
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
        return self.chosen[0] if len(self.chosen) == 1 else self.document.current if not self.chosen else None

    @property
    def several(self) -> bool:
        return len(self.chosen) > 1

    def translation(self) -> Translation | None:
        """The article's effective translation (post-edits included), if it has one."""
        translation = self.document.effective_translation(self.article)
        return translation if translation is not None and translation.targets else None

    def translation_of(self, article: Article, target_lang: str) -> Translation | None:
        """``article``'s translation into ``target_lang`` the window has (post-edits included)."""
        translation = self.document.translation((article.id, f"{article.lang}-{target_lang}"))
        return translation if translation is not None and translation.targets else None

    def reset(self) -> None:
        """Defaults for the chosen articles (their languages, the Summary pane's settings)."""
        self.chosen = self.document.chosen_articles()
        if not self.chosen:
            return
        self._loading = True
        prefs = self.settings.summary_prefs()
        self.language.clear()
        if self.several:
            first = self.chosen[0].lang
            for lang in sorted(SUPPORTED, key=lambda code: code != first):
                self.language.addItem(lang_name(lang), lang)
            translated = any(self.translation_of(a, lang) for a in self.chosen for lang in SUPPORTED)
            self.articles_label.setText(f"{len(self.chosen)} articles selected in the list")
            self.setWindowTitle(f"Brief of {len(self.chosen)} articles")
        else:
            article = self.chosen[0]
            translation = self.translation()
            self.language.addItem(f"{lang_name(article.lang)} (original)", article.lang)
            if translation is not None:
                self.language.addItem(f"{lang_name(translation.target_lang)} (translation)", translation.target_lang)
            translated = translation is not None
            self.articles_label.setText("This article (select several in the list for one brief of all)")
            self.setWindowTitle(f"Brief — {article.title[:60]}")
        model = self.source.model()
        if isinstance(model, QStandardItemModel):
            item = model.item(1)
            if item is not None:
                item.setEnabled(translated)
        self.source.setCurrentIndex(1 if prefs.source == "translation" and translated else 0)
        self.algorithm.setCurrentIndex(max(0, self.algorithm.findData(prefs.algorithm)))
        words = prefs.length_mode == "words"
        self.length_mode.setCurrentIndex(1 if words else 0)
        self.length.setValue(prefs.words if words else prefs.sentences)
        self.include_translation.setEnabled(translated)
        self.include_translation.setChecked(False)
        self.bilingual_button.setEnabled(not self.several and translated)
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
        if not self.chosen:
            return None
        self._generation += 1
        generation = self._generation
        self.brief = None
        self.status.setText("Building the brief…")
        handle = self._build_several() if self.several else self._build_one()
        if handle is None:
            return None
        handle.succeeded.connect(lambda brief, g=generation: self._on_brief(g, brief))
        handle.failed.connect(lambda msg, g=generation: self._on_failed(g, msg))
        self.handle = handle
        return handle

    def _build_one(self) -> JobHandle | None:
        article = self.article
        if article is None:
            return None
        return self.operations.brief(
            article, self.translation(), algorithm=self.algorithm.currentData(), length=self.length_rule(),
            summarize=self.source.currentData(), summary_lang=self.language.currentData() or article.lang,
            include_translation=self.include_translation.isChecked(),
        )

    def _build_several(self) -> JobHandle:
        from desk.core.brief.collection import brief_articles

        lang = str(self.language.currentData())
        translations = {a.id: self.translation_of(a, lang) for a in self.chosen}  # read on the GUI thread
        app = self.operations.app()
        algorithm, length = self.algorithm.currentData(), self.length_rule()
        summarize: Literal["original", "translation"] = (
            "translation" if self.source.currentData() == "translation" else "original")
        include = self.include_translation.isChecked()

        def make_brief(article: Article, translation: Translation | None, summary_lang: str | None) -> Brief:
            return app.brief(article, translation, algorithm=algorithm, length=length,
                             summarize=summarize if translation is not None else "original",
                             summary_lang=summary_lang, include_translation=include)

        articles = list(self.chosen)

        def factory(cancel: CancelToken) -> Job[BriefCollection]:
            return brief_articles(articles, lang, make_brief, lambda a, _c: translations.get(a.id), cancel=cancel)

        return self.operations.runner.start(f"Building the brief of {len(articles)} articles", factory)

    def _on_brief(self, generation: int, brief: Brief | BriefCollection) -> None:
        if generation != self._generation:
            return
        self.brief = brief
        self.preview.setHtml(brief_html(brief))
        from desk.core.brief.collection import BriefCollection

        if isinstance(brief, BriefCollection):
            kept = sum(b.lang != brief.lang for b in brief.briefs)
            note = f" · {kept} without a {lang_name(brief.lang)} translation, in their own language" if kept else ""
            self.status.setText(f"{len(brief.briefs)} articles{note}")
        else:
            self.status.setText(f"{len(brief.summary)} summary sentence(s) · {brief.summary_note}")

    def _on_failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self.status.setText(f"Could not build the brief: {message}")

    # --- output ------------------------------------------------------------------------------
    def _title(self) -> str:
        from desk.core.brief.collection import BriefCollection

        if isinstance(self.brief, BriefCollection):
            return self.brief.title.replace(" · ", " ")
        article = self.article
        return (self.brief.title if self.brief is not None else article.title if article else "") or "brief"

    def save(self) -> JobHandle | None:
        if self.brief is None:
            self.status.setText("The brief is not ready yet.")
            return None
        chosen = ask_save_path(self, self.settings, "Save brief", self._title(), self.format.currentData())
        if chosen is None:
            return None
        path, fmt = chosen
        self.format.setCurrentIndex(max(0, self.format.findData(fmt)))  # the name's suffix decided
        from desk.core.brief.collection import BriefCollection, export_collection
        from desk.core.brief.compose import export_brief

        export = export_collection if isinstance(self.brief, BriefCollection) else export_brief
        handle = self.operations.call("Saving the brief", export, self.brief, path, fmt)
        handle.succeeded.connect(lambda p: self.status.setText(f"Saved {Path(p).name}"))
        handle.failed.connect(self.show_error)
        self.save_handle = handle
        return handle

    def copy(self) -> bool:
        if self.brief is None:
            self.status.setText("The brief is not ready yet.")
            return False
        from desk.core.brief.collection import BriefCollection, collection_document
        from desk.core.brief.compose import brief_clipboard
        from desk.core.brief.writers import clipboard_content

        brief = self.brief
        clip = clipboard_content(collection_document(brief)) if isinstance(brief, BriefCollection) else \
            brief_clipboard(brief)
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
        chosen = ask_save_path(self, self.settings, "Save bilingual table", f"{article.title} (bilingual)", fmt,
                               formats=["docx", "html"])
        if chosen is None:
            return None
        from desk.core.brief.compose import export_bilingual

        handle = self.operations.call("Saving the bilingual table", export_bilingual, article, translation, *chosen)
        handle.succeeded.connect(lambda p: self.status.setText(f"Saved {Path(p).name}"))
        handle.failed.connect(self.show_error)
        self.save_handle = handle
        return handle

    def busy(self) -> bool:
        return any(h is not None and not h.finished for h in (self.handle, self.save_handle)) or self._timer.isActive()
