"""Datelines: where, when and from which agency a news article says it comes.

``parse_dateline("RIYADH, Feb 9 (Reuters) - ...")`` → ``Dateline(place="RIYADH", date=..., agency="Reuters")``.
English wire style and its Arabic equivalents; used by briefs for their source line.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

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
