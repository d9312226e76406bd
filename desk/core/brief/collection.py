"""One brief for several articles: a day's feed in one file, each article's headline, summary and source.

    job = brief_articles(articles, BriefOptions(lang="ar"), translator)   # summarize + assemble
    collection = run_job(job, on_progress)
    export_collection(collection, Path("brief.docx"))                      # format from the suffix

``translator(article, cancel)`` returns the article's translation into the brief's language
(the window passes the translation it already has, post-edits included; the command line one
that runs the installed models) or ``None`` when there is none, in which case that article is
briefed in its own language. The window and ``desk brief --one-file`` both go through here.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from desk.core.brief.compose import Brief, add_brief_body, build_brief
from desk.core.brief.document import Document
from desk.core.brief.writers import render, write_document
from desk.core.errors import DeskError
from desk.core.jobs import CancelToken, Job, Progress
from desk.core.model import Article, LengthRule, Summary, Translation
from desk.core.summary.summarize import summarize_article, summarize_translation

log = logging.getLogger(__name__)

Translator = Callable[[Article, "CancelToken | None"], "Translation | None"]
SummarySource = Literal["original", "translation"]


@dataclass
class BriefOptions:
    lang: str = "en"  # the brief's language
    algorithm: str = "lexrank"
    length: LengthRule = field(default_factory=lambda: LengthRule(sentences=3))
    summarize: SummarySource = "original"  # what the picks are chosen from
    include_translation: bool = False
    today: dt.date | None = None


@dataclass
class BriefCollection:
    lang: str
    date: dt.date
    briefs: list[Brief] = field(default_factory=list)

    @property
    def title(self) -> str:
        n = len(self.briefs)
        if self.lang == "ar":
            return f"موجز الأخبار · عدد المقالات: {n} · {self.date.isoformat()}"
        return f"News brief: {n} article{'s' if n != 1 else ''} · {self.date.isoformat()}"

    def to_json(self) -> dict:
        return {"lang": self.lang, "date": self.date.isoformat(), "briefs": [b.to_json() for b in self.briefs]}


def brief_one(article: Article, translation: Translation | None, options: BriefOptions) -> Brief:
    """The brief of one article: summarize (the original or the translation), then assemble."""
    translated = translation if translation is not None and translation.target_lang == options.lang else None
    summary: Summary
    if options.summarize == "translation" and translated is not None:
        summary = summarize_translation(article, translated, options.algorithm, options.length)
    else:
        summary = summarize_article(article, options.algorithm, options.length)
    in_lang = options.lang if translated is not None or article.lang == options.lang else None
    return build_brief(article, summary, translation, summary_lang=in_lang,
                       include_translation=options.include_translation and translation is not None,
                       today=options.today)


def brief_articles(
    articles: Sequence[Article], options: BriefOptions, translator: Translator | None = None,
    *, cancel: CancelToken | None = None,
) -> Job[BriefCollection]:
    """Brief every article in order; yields ``Progress(done, total, title)`` after each one."""
    if not articles:
        raise DeskError("Choose at least one article for the brief")
    collection = BriefCollection(options.lang, options.today or dt.date.today())
    total = len(articles)
    yield Progress(0, total, articles[0].title)
    for number, article in enumerate(articles, start=1):
        if cancel is not None:
            cancel.raise_if_cancelled()
        needs = article.lang != options.lang
        translation = translator(article, cancel) if translator is not None and needs else None
        collection.briefs.append(brief_one(article, translation, options))
        yield Progress(number, total, article.title)
    return collection


def collection_document(collection: BriefCollection) -> Document:
    """Title and date, then each article: its headline, source line, summary (and translation)."""
    doc = Document(title=collection.title, lang=collection.lang)
    doc.add("title", collection.title, collection.lang)
    for brief in collection.briefs:
        doc.add("heading", brief.title, brief.lang)
        add_brief_body(doc, brief, section="subheading")
    return doc


def render_collection(collection: BriefCollection, fmt: str) -> bytes:
    return render(collection_document(collection), fmt)


def export_collection(collection: BriefCollection, path: Path, fmt: str | None = None) -> Path:
    """Write the whole brief to one file; the format follows the suffix. Atomic."""
    return write_document(collection_document(collection), Path(path), fmt)
