"""One brief for several articles: a day's feed in one file, each article's headline, summary and source.

    job = brief_articles(articles, "ar", make_brief, translator)        # summarize + assemble each
    collection = run_job(job, on_progress)
    export_collection(collection, Path("brief.docx"))                    # format from the suffix

``make_brief(article, translation, summary_lang)`` briefs one article (the application layer's
``Application.brief`` with the user's algorithm and length). ``translator(article, cancel)``
returns the article's translation into the brief's language: the window passes the translation
it already has (post-edits included), the command line one that runs the installed models; it
may return ``None``, and then that article is briefed in its own language. The window and
``desk brief --one-file`` both go through here.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from desk.core.brief.compose import Brief, add_brief_body, ltr_in
from desk.core.brief.document import Document
from desk.core.brief.writers import render, write_document
from desk.core.errors import DeskError
from desk.core.jobs import CancelToken, Job, Progress
from desk.core.model import Article, Translation

log = logging.getLogger(__name__)

Translator = Callable[[Article, "CancelToken | None"], "Translation | None"]
MakeBrief = Callable[[Article, "Translation | None", "str | None"], Brief]


@dataclass
class BriefCollection:
    lang: str
    date: dt.date
    briefs: list[Brief] = field(default_factory=list)

    @property
    def title(self) -> str:
        n = len(self.briefs)
        if self.lang == "ar":
            return f"موجز الأخبار · عدد المقالات: {n} · {ltr_in(self.date.isoformat(), 'ar')}"
        return f"News brief: {n} article{'s' if n != 1 else ''} · {self.date.isoformat()}"

    def to_json(self) -> dict:
        return {"lang": self.lang, "date": self.date.isoformat(), "briefs": [b.to_json() for b in self.briefs]}


def brief_articles(
    articles: Sequence[Article], lang: str, make_brief: MakeBrief, translator: Translator | None = None,
    *, cancel: CancelToken | None = None, today: dt.date | None = None,
) -> Job[BriefCollection]:
    """Brief every article in order, in ``lang`` where a translation allows; yields
    ``Progress(done, total, title)`` after each one."""
    if not articles:
        raise DeskError("Choose at least one article for the brief")
    collection = BriefCollection(lang, today or dt.date.today())
    total = len(articles)
    yield Progress(0, total, articles[0].title)
    for number, article in enumerate(articles, start=1):
        if cancel is not None:
            cancel.raise_if_cancelled()
        translation = translator(article, cancel) if translator is not None and article.lang != lang else None
        usable = translation is not None and translation.target_lang == lang
        collection.briefs.append(make_brief(article, translation if usable else None, lang if usable else None))
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
