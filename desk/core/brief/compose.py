"""Editors' briefs and bilingual tables, built from an article and its results.

A brief quotes the article by sentence id: headline, a dateline/source line, the summary (picks
of a :class:`~desk.core.model.Summary`, in the original language or in translation) and, on
request, the full translation. Typical use (GUI or CLI)::

    brief = build_brief(article, summary, translation, summary_lang="en", include_translation=True)
    export_brief(brief, Path("brief.docx"))          # or .html / .md / .txt
    clip = brief_clipboard(brief)                     # clip.text and clip.html for the clipboard

    export_bilingual(article, translation, Path("side-by-side.html"))

Everything here is pure data → :class:`~desk.core.brief.export.Document` → a writer of ``export``.
"""
from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from desk.core.errors import DeskError
from desk.core.brief.export import Block, Cell, ClipboardContent, Document, Table, clipboard_content, render, write_document
from desk.core.model import Article, Sentence, Summary, Translation

log = logging.getLogger(__name__)

LANG_NAMES = {"ar": ("Arabic", "العربية"), "en": ("English", "الإنجليزية")}

# --- datelines ----------------------------------------------------------------------------------

_EN_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
_AR_MONTHS = {
    "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "ابريل": 4, "إبريل": 4, "مايو": 5, "يونيو": 6, "يونيه": 6,
    "يوليو": 7, "يوليه": 7, "أغسطس": 8, "اغسطس": 8, "سبتمبر": 9, "أكتوبر": 10, "اكتوبر": 10, "نوفمبر": 11,
    "ديسمبر": 12,
    # Levantine / Iraqi month names
    "كانون الثاني": 1, "شباط": 2, "آذار": 3, "اذار": 3, "نيسان": 4, "أيار": 5, "ايار": 5, "حزيران": 6,
    "تموز": 7, "آب": 8, "اب": 8, "أيلول": 9, "ايلول": 9, "تشرين الأول": 10, "تشرين الاول": 10,
    "تشرين الثاني": 11, "كانون الأول": 12, "كانون الاول": 12,
}
_EN_MONTH_RE = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?"
_AR_MONTH_RE = "|".join(sorted((re.escape(m) for m in _AR_MONTHS), key=len, reverse=True))
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_DASH = r"[-–—]"

_EN_DATELINE = re.compile(
    rf"^\s*(?P<place>[A-Z][A-Z.'’\- ]{{1,40}}?)\s*(?:/[A-Za-z .]+)?"
    rf"(?:,\s*(?P<date>{_EN_MONTH_RE}\s+\d{{1,2}}(?:,?\s+\d{{4}})?))?"
    rf"(?:\s*\((?P<agency>[A-Za-z .&/-]{{2,30}})\)\s*{_DASH}+|\s+{_DASH}+(?=\s)|:(?=\s))\s*"
)
_AR_DATELINE = re.compile(
    rf"^\s*(?P<place>[\u0621-\u064A][\u0621-\u064A ]{{1,30}}?)\s*"
    rf"(?:[،,]\s*(?P<date>[0-9٠-٩]{{1,2}}\s+(?:{_AR_MONTH_RE})(?:\s+[0-9٠-٩]{{4}})?))?"
    rf"(?:\s*(?:{_DASH}|:)?\s*[\(«](?P<agency>[^\)»\n]{{2,30}})[\)»]\s*(?:{_DASH}|:)?|\s+{_DASH}+(?=\s)|\s*:(?=\s))\s*"
)


@dataclass
class Dateline:
    """What a dateline such as ``RIYADH, Feb 9 (Reuters) -`` says."""

    place: str
    date: dt.date | None = None
    agency: str = ""
    text: str = ""  # the dateline as it stands in the article


def _year_for(month: int, day: int, today: dt.date) -> int:
    """A dateline without a year is about the recent past: this year, unless that is in the future."""
    try:
        candidate = dt.date(today.year, month, day)
    except ValueError:
        return today.year
    return today.year - 1 if candidate > today + dt.timedelta(days=1) else today.year


def _parse_date(text: str, today: dt.date) -> dt.date | None:
    text = text.translate(_DIGITS).strip()
    m = re.match(r"([A-Za-z]+)\.?\s+(\d{1,2})(?:,?\s+(\d{4}))?$", text)
    if m:
        month = _EN_MONTHS.get(m.group(1).lower()[:4]) or _EN_MONTHS.get(m.group(1).lower()[:3])
        day, year = int(m.group(2)), m.group(3)
    else:
        m = re.match(r"(\d{1,2})\s+(.+?)(?:\s+(\d{4}))?$", text)
        if not m:
            return None
        month = _AR_MONTHS.get(m.group(2).strip())
        day, year = int(m.group(1)), m.group(3)
    if not month:
        return None
    try:
        return dt.date(int(year) if year else _year_for(month, day, today), month, day)
    except ValueError:
        return None


def parse_dateline(text: str, today: dt.date | None = None) -> Dateline | None:
    """Find a dateline at the start of ``text`` (English wire style or its Arabic equivalents).

    Recognised: ``RIYADH, Feb 9 (Reuters) -``, ``LONDON (AP) —``, ``BEIRUT -``,
    ``الرياض، 9 فبراير (رويترز) -``, ``بيروت - (أ ف ب) -``, ``لندن: «الشرق الأوسط»``.
    An English place must be in capitals, as wire copy writes it, so ordinary sentences that
    start with a word and a dash are not taken for datelines.
    """
    today = today or dt.date.today()
    head = text.lstrip()[:160]
    m = _EN_DATELINE.match(head)
    if m is not None:
        place = m.group("place").strip(" .-'’")
        if len(place) < 2 or not place.isupper():
            m = None
    if m is None:
        m = _AR_DATELINE.match(head)
        if m is None:
            return None
        # A bare "words -" is only a dateline when it is one word (``بيروت -``); longer runs need an
        # agency or a date, otherwise any sentence with a dash would pass.
        words = m.group("place").split()
        if len(words) > 3 or (len(words) > 1 and not (m.group("agency") or m.group("date"))):
            return None
    date = _parse_date(m.group("date"), today) if m.group("date") else None
    return Dateline(
        place=m.group("place").strip(" .-"),
        date=date,
        agency=(m.group("agency") or "").strip(),
        text=m.group(0).strip(),
    )


# --- briefs ---------------------------------------------------------------------------------------


@dataclass
class BriefSentence:
    id: str
    text: str
    lang: str


@dataclass
class Brief:
    """Everything a brief shows; ``brief_document`` lays it out, ``export_brief`` writes it."""

    article_id: str
    title: str
    lang: str  # language of the brief (headline and summary)
    source: str  # file name or "pasted"
    date: dt.date
    date_from_text: bool  # True when the date comes from the article's dateline
    place: str = ""
    agency: str = ""
    original_title: str = ""  # set when the brief is in translation
    original_lang: str = ""
    summary: list[BriefSentence] = field(default_factory=list)
    summary_note: str = ""  # e.g. "lexrank, 3 sentences"
    translation: list[list[BriefSentence]] | None = None  # paragraphs of the full translation
    translation_lang: str = ""
    translation_model: str = ""

    def source_line(self) -> str:
        """Place · agency · source · date, labelled in the brief's language (Arabic or English)."""
        ar = self.lang == "ar"
        parts = [p for p in (self.place, self.agency) if p]
        parts.append(f"{'المصدر' if ar else 'Source'}: {self.source}")
        undated = " (تاريخ الموجز)" if ar else " (date of the brief)"
        parts.append(self.date.isoformat() + ("" if self.date_from_text else undated))
        return " · ".join(parts)

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
    """``"pasted"`` stays as it is; a path becomes its file name."""
    if not source or source == "pasted":
        return source or "pasted"
    return Path(source).name or source


def _target_of(sentence: Sentence, translation: Translation) -> BriefSentence | None:
    target = translation.targets.get(sentence.id)
    if target is None or not target.text.strip():
        return None
    return BriefSentence(sentence.id, target.text, translation.target_lang)


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
    index = article.sentence_index()
    picks: list[BriefSentence] = []
    for pick in summary.picks:
        sentence = index.get(pick.sentence_id)
        if sentence is None:
            log.warning("summary pick %s is not a sentence of article %s", pick.sentence_id, article.id)
            continue
        quoted = _target_of(sentence, translation) if in_translation and translation else None
        picks.append(quoted or BriefSentence(sentence.id, sentence.text, sentence.lang or article.lang))
    title, lang, original_title = article.title, article.lang, ""
    if in_translation and translation is not None:
        lang = translation.target_lang
        head = _target_of(article.title_sentence, translation) if article.title_sentence else None
        if head is not None:
            title, original_title = head.text, article.title
    body = article.text or "\n".join(p.text for p in article.paragraphs)
    dateline = parse_dateline(body, today)
    full: list[list[BriefSentence]] | None = None
    if include_translation and translation is not None:
        full = []
        for paragraph in article.paragraphs:
            row = [
                _target_of(s, translation) or BriefSentence(s.id, s.text, s.lang or article.lang)
                for s in paragraph.sentences
            ]
            if row:
                full.append(row)
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
        summary_note=f"{summary.algorithm}, {summary.length.describe()}",
        translation=full,
        translation_lang=translation.target_lang if full is not None and translation else "",
        translation_model=translation.model_id if full is not None and translation else "",
    )


def _label(key: str, lang: str) -> str:
    labels = {
        "summary": ("Summary", "الملخص"),
        "translation": ("Full translation", "الترجمة الكاملة"),
        "original": ("Original headline", "العنوان الأصلي"),
    }
    en, ar = labels[key]
    return ar if lang == "ar" else en


def brief_document(brief: Brief) -> Document:
    """Lay the brief out as a format-neutral document (title, meta lines, sections)."""
    doc = Document(title=brief.title, lang=brief.lang)
    doc.add("title", brief.title, brief.lang)
    if brief.original_title:
        doc.add("meta", f"{_label('original', brief.lang)}: {brief.original_title}", brief.lang)
        doc.items.append(Block("paragraph", brief.original_title, brief.original_lang))
    doc.add("meta", brief.source_line(), brief.lang)
    doc.add("heading", _label("summary", brief.lang), brief.lang)
    for sentence in brief.summary:
        doc.add("paragraph", sentence.text, sentence.lang)
    if brief.translation is not None:
        lang = brief.translation_lang or brief.lang
        doc.add("heading", _label("translation", lang), lang)
        if brief.translation_model:
            doc.add("meta", f"Machine translation: {brief.translation_model}", "en")
        for paragraph in brief.translation:
            langs = {s.lang for s in paragraph}
            doc.add("paragraph", " ".join(s.text for s in paragraph), lang if lang in langs else paragraph[0].lang)
    return doc


def render_brief(brief: Brief, fmt: str) -> bytes:
    """The brief as the bytes of a ``docx``/``html``/``md``/``txt`` file."""
    return render(brief_document(brief), fmt)


def export_brief(brief: Brief, path: Path, fmt: str | None = None) -> Path:
    """Write the brief; the format comes from ``fmt`` or the file suffix. Atomic."""
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
    header = [Cell(LANG_NAMES.get(src, (src,))[0], "en"), Cell(LANG_NAMES.get(tgt, (tgt,))[0], "en")]
    table = Table(header=header)
    for sentence in article.all_sentences():
        target = translation.targets.get(sentence.id)
        table.rows.append([Cell(sentence.text, sentence.lang or src), Cell(target.text if target else "", tgt)])
    doc.items.append(table)
    return doc


def export_bilingual(article: Article, translation: Translation, path: Path, fmt: str | None = None) -> Path:
    """Write the side-by-side table as DOCX or HTML (Markdown and text work too)."""
    return write_document(bilingual_document(article, translation), Path(path), fmt)
