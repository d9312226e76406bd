"""Editors' briefs and bilingual tables, built from an article and its results.

A brief quotes the article by sentence id: headline, a dateline/source line, the summary (picks
of a :class:`~desk.core.model.Summary`, in the original language or in translation) and, on
request, the full translation. Typical use (GUI or CLI)::

    brief = build_brief(article, summary, translation, summary_lang="en", include_translation=True)
    export_brief(brief, Path("brief.docx"))          # the format follows the suffix
    clip = brief_clipboard(brief)                     # clip.text and clip.html for the clipboard

    export_bilingual(article, translation, Path("side-by-side.html"))

Everything here is pure data → :class:`~desk.core.brief.document.Document` → a writer of
:mod:`desk.core.brief.writers`. Several articles in one brief: :mod:`desk.core.brief.collection`.
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path

from desk.core.brief.dateline import parse_dateline
from desk.core.brief.document import BlockKind, Cell, ClipboardContent, Document, Table
from desk.core.brief.writers import clipboard_content, render, write_document
from desk.core.errors import DeskError
from desk.core.languages import display_name, is_rtl
from desk.core.model import Article, Sentence, Summary, Translation
from desk.core.summary.quotes import open_at_end
from desk.core.summary.summarize import ALGORITHMS
from desk.core.text.pasted import PASTED, is_pasted

log = logging.getLogger(__name__)

_LABELS = {
    "summary": ("Summary", "الملخص"),
    "translation": ("Full translation", "الترجمة الكاملة"),
    "source": ("Source", "المصدر"),
    "pasted": ("pasted text", "نص ملصوق"),
    "undated": ("date of the brief", "تاريخ الموجز"),
    "mt": ("Machine translation", "ترجمة آلية"),
}


def ltr_in(text: str, lang: str) -> str:
    """``text`` (a date, a file name) kept left-to-right inside right-to-left text: wrapped in a
    left-to-right isolate, so "2026-12-03" does not read "03-12-2026" in an Arabic line."""
    return f"\u2066{text}\u2069" if is_rtl(lang) else text


def label(key: str, lang: str) -> str:
    """A fixed word of a brief in the brief's language (Arabic or English)."""
    en, ar = _LABELS[key]
    return ar if lang == "ar" else en


# --- briefs ---------------------------------------------------------------------------------------


@dataclass
class BriefSentence:
    id: str
    text: str
    lang: str
    continues: bool = False  # continues the quotation of the previous pick (same paragraph, next sentence)


@dataclass
class Brief:
    """Everything a brief shows; ``brief_document`` lays it out, ``export_brief`` writes it."""

    article_id: str
    title: str
    lang: str  # language of the brief (headline and summary)
    source: str  # file name, or "pasted" for pasted text (shown in the brief's language)
    date: dt.date
    date_from_text: bool  # True when the date comes from the article's dateline
    place: str = ""
    agency: str = ""
    original_title: str = ""  # set when the brief is in translation
    original_lang: str = ""
    summary: list[BriefSentence] = field(default_factory=list)
    summary_note: str = ""  # e.g. "LexRank, 3 sentences"
    translation: list[list[BriefSentence]] | None = None  # paragraphs of the full translation
    translation_lang: str = ""
    translation_model: str = ""

    def source_line(self) -> str:
        """Place · agency · source · date, labelled in the brief's language (Arabic or English)."""
        parts = [p for p in (self.place, self.agency) if p]
        shown = label("pasted", self.lang) if self.source == PASTED else ltr_in(self.source, self.lang)
        parts.append(f"{label('source', self.lang)}: {shown}")
        undated = "" if self.date_from_text else f" ({label('undated', self.lang)})"
        parts.append(ltr_in(self.date.isoformat(), self.lang) + undated)
        return " · ".join(parts)

    def summary_paragraphs(self) -> list[list[BriefSentence]]:
        """The summary as paragraphs: the sentences of one quotation stay together, so it reads as
        one passage with its quotation marks and attribution."""
        out: list[list[BriefSentence]] = []
        for sentence in self.summary:
            if sentence.continues and out:
                out[-1].append(sentence)
            else:
                out.append([sentence])
        return out

    def to_json(self) -> dict:
        return {
            "article_id": self.article_id,
            "title": self.title,
            "lang": self.lang,
            "source": self.source,
            "date": self.date.isoformat(),
            "date_from_text": self.date_from_text,
            "place": self.place,
            "agency": self.agency,
            "summary": [{"id": s.id, "text": s.text, "lang": s.lang} for s in self.summary],
            "translation": None
            if self.translation is None
            else [[{"id": s.id, "text": s.text, "lang": s.lang} for s in p] for p in self.translation],
        }


def source_label(source: str) -> str:
    """A path becomes its file name; pasted text (saved in the data folder or not) is ``"pasted"``."""
    if not source or is_pasted(source):
        return PASTED
    return Path(source).name or source


def summary_note(summary: Summary) -> str:
    """``"LexRank, 3 sentences"``: the algorithm's display name and the length rule."""
    algo = ALGORITHMS.get(summary.algorithm)
    return f"{algo.label if algo else summary.algorithm}, {summary.length.describe()}"


def _target_of(sentence: Sentence, translation: Translation) -> BriefSentence | None:
    target = translation.targets.get(sentence.id)
    if target is None or not target.text.strip():
        return None
    return BriefSentence(sentence.id, target.text, translation.target_lang)


def _quote(sentence: Sentence, translation: Translation | None, fallback_lang: str) -> BriefSentence:
    quoted = _target_of(sentence, translation) if translation is not None else None
    return quoted or BriefSentence(sentence.id, sentence.text, sentence.lang or fallback_lang)


def _headline(article: Article, translation: Translation | None) -> tuple[str, str]:
    """(headline in the brief's language, the original headline when that is a translation).

    A title Desk derived from the first sentence (the document had none) is a cut fragment; the
    brief is headed by that whole first sentence instead, translated as the sentence it is.
    """
    if article.title_derived or article.title_sentence is None:
        first = next(article.sentences(), None)
        if first is None:
            return article.title, ""
        return _quote(first, translation, article.lang).text, ""
    if translation is not None:
        head = _target_of(article.title_sentence, translation)
        if head is not None:
            return head.text, article.title
    return article.title, ""


def build_brief(
    article: Article,
    summary: Summary,
    translation: Translation | None = None,
    *,
    summary_lang: str | None = None,
    include_translation: bool = False,
    today: dt.date | None = None,
) -> Brief:
    """Assemble a brief.

    ``summary_lang``: ``None`` or the article's language quotes the original sentences; the
    translation's target language quotes the translated sentences picked by the same ids (a pick
    the translation lacks falls back to the original sentence). ``include_translation`` appends
    the whole translation, paragraph by paragraph.
    """
    today = today or dt.date.today()
    in_translation = summary_lang is not None and summary_lang != article.lang
    if in_translation and (translation is None or translation.target_lang != summary_lang):
        raise DeskError(f"A brief in {summary_lang!r} needs a translation of the article into that language")
    if include_translation and translation is None:
        raise DeskError("The article has no translation to include in the brief")
    quoting = translation if in_translation else None
    index = article.sentence_index()
    body = list(article.sentences())
    position = {s.id: k for k, s in enumerate(body)}
    quote_open = open_at_end(body)  # after body[k], is a quotation still open?
    picks: list[BriefSentence] = []
    previous: int | None = None
    for pick in summary.picks:
        sentence = index.get(pick.sentence_id)
        if sentence is None:
            log.warning("summary pick %s is not a sentence of article %s", pick.sentence_id, article.id)
            continue
        quoted = _quote(sentence, quoting, article.lang)
        k = position.get(sentence.id)
        # The next sentence of a quotation the previous pick left open: one passage with it.
        quoted.continues = k is not None and previous is not None and k == previous + 1 and quote_open[previous]
        previous = k
        picks.append(quoted)
    title, original_title = _headline(article, quoting)
    lang = translation.target_lang if quoting is not None and translation is not None else article.lang
    text = article.text or "\n".join(p.text for p in article.paragraphs)
    dateline = parse_dateline(text, today)
    full: list[list[BriefSentence]] | None = None
    if include_translation and translation is not None:
        full = [[_quote(s, translation, article.lang) for s in paragraph.sentences]
                for paragraph in article.paragraphs if paragraph.sentences]
    return Brief(
        article_id=article.id,
        title=title,
        lang=lang,
        source=source_label(article.source),
        date=(dateline.date if dateline and dateline.date else today),
        date_from_text=bool(dateline and dateline.date),
        place=dateline.place if dateline else "",
        agency=dateline.agency if dateline else "",
        original_title=original_title,
        original_lang=article.lang,
        summary=picks,
        summary_note=summary_note(summary),
        translation=full,
        translation_lang=translation.target_lang if full is not None and translation else "",
        translation_model=translation.model_id if full is not None and translation else "",
    )


def add_brief_body(doc: Document, brief: Brief, *, section: BlockKind = "heading") -> None:
    """Meta lines, summary and full translation of one brief (``section``: kind of its section headings)."""
    if brief.original_title:  # once, in its own language and direction, under the translated one
        doc.add("meta", brief.original_title, brief.original_lang)
    doc.add("meta", brief.source_line(), brief.lang)
    if section == "heading":
        doc.add("heading", label("summary", brief.lang), brief.lang)
    for paragraph in brief.summary_paragraphs():
        doc.add("paragraph", " ".join(s.text for s in paragraph), paragraph[0].lang)
    if brief.translation is not None:
        lang = brief.translation_lang or brief.lang
        doc.add(section, label("translation", lang), lang)
        if brief.translation_model:
            doc.add("meta", f"{label('mt', lang)}: {brief.translation_model}", lang)
        for paragraph in brief.translation:
            langs = {s.lang for s in paragraph}
            doc.add("paragraph", " ".join(s.text for s in paragraph), lang if lang in langs else paragraph[0].lang)


def brief_document(brief: Brief) -> Document:
    """Lay the brief out as a format-neutral document (title, meta lines, sections)."""
    doc = Document(title=brief.title, lang=brief.lang)
    doc.add("title", brief.title, brief.lang)
    add_brief_body(doc, brief)
    return doc


def render_brief(brief: Brief, fmt: str) -> bytes:
    """The brief as the bytes of a file in format ``fmt`` (a key of :mod:`desk.core.brief.writers`)."""
    return render(brief_document(brief), fmt)


def export_brief(brief: Brief, path: Path, fmt: str | None = None) -> Path:
    """Write the brief; the format follows the file's suffix (``fmt`` when it has none). Atomic."""
    return write_document(brief_document(brief), Path(path), fmt)


def brief_clipboard(brief: Brief) -> ClipboardContent:
    """Plain text and HTML of the brief, for the GUI to put on the clipboard."""
    return clipboard_content(brief_document(brief))


# --- bilingual export ---------------------------------------------------------------------------


def bilingual_document(article: Article, translation: Translation) -> Document:
    """Side-by-side table: one row per sentence (headline, captions, body), source | target."""
    src, tgt = translation.source_lang or article.lang, translation.target_lang
    doc = Document(title=article.title, lang=src)
    doc.add("title", article.title, src)
    doc.add("meta", f"Source: {source_label(article.source)} · {src} → {tgt} · model {translation.model_id}", "en")
    header = [Cell(display_name(src), "en"), Cell(display_name(tgt), "en")]
    table = Table(header=header)
    for sentence in article.all_sentences():
        target = translation.targets.get(sentence.id)
        table.rows.append([Cell(sentence.text, sentence.lang or src), Cell(target.text if target else "", tgt)])
    doc.items.append(table)
    return doc


def export_bilingual(article: Article, translation: Translation, path: Path, fmt: str | None = None) -> Path:
    """Write the side-by-side table as DOCX or HTML (Markdown and text work too)."""
    return write_document(bilingual_document(article, translation), Path(path), fmt)
