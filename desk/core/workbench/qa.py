"""Quality checks on translated sentences.

:func:`find_issues` returns :class:`~desk.core.workbench.glossary.Issue` objects (code + message for
people); :func:`check_pair` returns just the codes (what ``Target.flags`` holds);
:func:`check_translation` runs the checks over a whole translation, fills every
``Target.flags`` and returns the issues by sentence id for a "flagged sentences" list.

Flag codes (see ``FLAG_LABELS``):

``empty``
    the source has text, the target has none. No other check runs then.
``untranslated``
    the target equals the source (ignoring case, spacing and punctuation; a lone word or code
    such as "NATO" may stay as it is), or is written in the source language
    (``desk.core.text.langid``) when the languages differ.
``number-mismatch``
    a number of the source is missing from the target or was changed. Digits are compared as
    values: Arabic-Indic (٠-٩) and Persian (۰-۹) digits, the Arabic decimal/thousands signs (٫ ٬),
    "1,000" = "1000" = "١٬٠٠٠", "2.50" = "2.5". Numbers up to 10 also count as present when the
    target spells them out ("three", "ثلاثة"); 1 and 2 are never required, because Arabic
    expresses them with singular and dual forms ("يومين" = "two days"). English ordinals
    ("21st") are not checked.
``date-mismatch``
    a year (1900-2100) or a day number next to a month name is missing/changed, or a month
    named in the source is not named in the target (English ↔ Arabic month names, both the
    Egyptian "مارس" and Levantine "آذار" series), or a weekday named in the source is not named
    in the target (Monday ↔ الاثنين, with "يوم"/"و"/"ب" and the other clitics Arabic allows).
``name-missing``
    Latin-script names and acronyms of the source are missing from the target.
    From Arabic (or into a Latin-script language): every Latin-script word of two letters or more
    must appear in the target. From English into Arabic, names are normally transliterated
    ("Reuters" → "رويترز"), so only acronyms in capitals ("IAEA") and letter+digit codes ("F-16",
    "COVID-19") are checked: an acronym must appear as is, unless it is one Arabic usually
    translates (UN, NATO, EU… see ``TRANSLATED_ACRONYMS``); a code is satisfied by its digits
    ("إف-16"). All-capitals sentences (shouted headlines) are not checked for acronyms.
``repetition``
    the classic decoder loop: a 3-word sequence three times or more, or any 1-4 word sequence
    repeated three times in a row, when the source does not repeat itself that way.
``glossary``
    a glossary term of the source whose required translation is missing (needs a glossary).
"""
from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from decimal import Decimal, InvalidOperation

from desk.core.model import Article, Translation
from desk.core.text.langid import detect_lang
from desk.core.workbench.glossary import Glossary, Issue, contains_term, normalize_arabic

log = logging.getLogger(__name__)

__all__ = ["FLAG_LABELS", "Issue", "check_pair", "check_translation", "find_issues", "number_issues", "numbers"]

FLAG_LABELS: dict[str, str] = {
    "empty": "Empty translation",
    "untranslated": "Not translated",
    "number-mismatch": "Number missing or changed",
    "date-mismatch": "Date missing or changed",
    "name-missing": "Name or acronym missing",
    "repetition": "Repeated words (loop)",
    "glossary": "Glossary term not respected",
    "truncated": "Sentence too long: only its start was translated",
}

TRANSLATED_ACRONYMS = frozenset(
    "UN US USA UK EU NATO UAE UNESCO UNICEF UNHCR UNRWA UNDP WHO IMF OPEC IAEA GCC AU ICC ICJ WTO WFP "
    "FAO ILO PM MP CEO GDP AI ID TV".split()
)

DIGIT_MAP = str.maketrans({**{chr(0x0660 + i): str(i) for i in range(10)},
                            **{chr(0x06F0 + i): str(i) for i in range(10)}, "٫": ".", "٬": ","})
_NUMBER = re.compile(r"(?<![\d.,])\d+(?:[.,]\d+)*(?![\d])")
_ORDINAL_AFTER = re.compile(r"(?:st|nd|rd|th)\b", re.IGNORECASE)
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-.&'][A-Za-z0-9]+)*")
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"\w+")

_SMALL_WORDS: dict[str, list[list[str]]] = {
    "en": [["zero"], ["one"], ["two"], ["three"], ["four"], ["five"], ["six"], ["seven"], ["eight"], ["nine"],
           ["ten"]],
    "ar": [["صفر"], ["واحد", "واحدة"], ["اثنان", "اثنين", "اثنتان", "اثنتين"], ["ثلاثة", "ثلاث"],
           ["أربعة", "أربع"], ["خمسة", "خمس"], ["ستة", "ست"], ["سبعة", "سبع"], ["ثمانية", "ثماني", "ثمان"],
           ["تسعة", "تسع"], ["عشرة", "عشر"]],
}
_MONTHS: dict[str, list[list[str]]] = {
    "en": [["January", "Jan"], ["February", "Feb"], ["March", "Mar"], ["April", "Apr"], ["May"], ["June", "Jun"],
           ["July", "Jul"], ["August", "Aug"], ["September", "Sept", "Sep"], ["October", "Oct"],
           ["November", "Nov"], ["December", "Dec"]],
    "ar": [["يناير", "كانون الثاني"], ["فبراير", "شباط"], ["مارس", "آذار"], ["أبريل", "إبريل", "نيسان"],
           ["مايو", "أيار"], ["يونيو", "يونيه", "حزيران"], ["يوليو", "يوليه", "تموز"], ["أغسطس", "آب"],
           ["سبتمبر", "أيلول"], ["أكتوبر", "تشرين الأول"], ["نوفمبر", "تشرين الثاني"], ["ديسمبر", "كانون الأول"]],
}

_WEEKDAYS: dict[str, list[list[str]]] = {
    "en": [["Sunday"], ["Monday"], ["Tuesday"], ["Wednesday"], ["Thursday"], ["Friday"], ["Saturday"]],
    "ar": [["الأحد"], ["الاثنين", "الإثنين"], ["الثلاثاء"], ["الأربعاء"], ["الخميس"], ["الجمعة"], ["السبت"]],
}


# --- numbers and dates ---------------------------------------------------------------------------


def _canonical(raw: str) -> str:
    """One spelling per value: "1,000" → "1000", "3,5" → "3.5", "2.50" → "2.5"."""
    s = raw
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", s):
        s = s.replace(",", "")
    elif re.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?", s):  # 1.000.000,5 (European grouping)
        s = s.replace(".", "").replace(",", ".")
    elif s.count(",") == 1 and "." not in s:
        s = s.replace(",", ".")
    try:
        value = Decimal(s).normalize()
    except InvalidOperation:
        return raw
    return format(value, "f")


def numbers(text: str, lang: str = "en") -> list[tuple[str, int, int]]:
    """The numbers of ``text`` as (canonical value, start, end); ordinals like "21st" are left out."""
    text = text.translate(DIGIT_MAP)
    out = []
    for m in _NUMBER.finditer(text):
        if lang == "en" and _ORDINAL_AFTER.match(text, m.end()):
            continue
        out.append((_canonical(m.group()), m.start(), m.end()))
    return out


def _month_hits(text: str, lang: str) -> set[int]:
    months = _MONTHS.get(lang)
    if not months:
        return set()
    found = set()
    for index, names in enumerate(months):
        for name in names:
            if lang == "en":
                # Case-sensitive capitalised names; "May"/"Mar" only with a number next to them.
                pat = rf"\b{name}\b\.?"
                for m in re.finditer(pat, text):
                    if name in {"May", "Mar"} and not re.search(r"\d", text[max(0, m.start() - 4): m.end() + 5]):
                        continue
                    found.add(index)
            elif contains_term(text, name, lang):
                found.add(index)
    return found


def _weekday_hits(text: str, lang: str) -> set[int]:
    days = _WEEKDAYS.get(lang)
    if not days:
        return set()
    if lang == "en":
        return {i for i, names in enumerate(days)
                if any(re.search(rf"\b{name}\b", text, re.IGNORECASE) for name in names)}
    return {i for i, names in enumerate(days) if any(contains_term(text, name, lang) for name in names)}


def _date_numbers(text: str, lang: str) -> set[str]:
    """Canonical numbers of ``text`` that are years, or day numbers next to a month name."""
    out = set()
    norm = text.translate(DIGIT_MAP)
    month_words = {w for names in _MONTHS.get(lang, []) for name in names for w in _norm_words(name, lang)}
    for value, start, end in numbers(text, lang):
        if re.fullmatch(r"(19|20)\d\d|2100", value):
            out.add(value)
            continue
        if value.isdigit() and 1 <= int(value) <= 31:
            around = _norm_words(norm[max(0, start - 15):start] + " " + norm[end:end + 15], lang)
            if month_words & set(around):
                out.add(value)
    return out


_SCALES = {"thousand": 3, "million": 6, "billion": 9, "trillion": 12, "bn": 9, "mn": 6,
           "ألف": 3, "آلاف": 3, "الف": 3, "مليون": 6, "ملايين": 6, "مليار": 9, "مليارات": 9, "بليون": 9,
           "تريليون": 12}
_SCALE_AFTER = re.compile(r"\s*-?\s*([^\W\d_]+)")


def scaled_numbers(text: str, lang: str = "en") -> list[tuple[str, str]]:
    """(value as written, value with its scale word applied): "12 ألف" → ("12", "12000"),
    "2.5 billion" → ("2.5", "2500000000").

    Translations move between digits and scale words ("12,000" ↔ "12 ألف"), so a number counts as
    kept when either form appears on the other side.
    """
    norm = text.translate(DIGIT_MAP)
    out = []
    for value, _start, end in numbers(text, lang):
        scaled = value
        m = _SCALE_AFTER.match(norm, end)
        if m and m.group(1).casefold() in _SCALES:
            scaled = format((Decimal(value) * Decimal(10) ** _SCALES[m.group(1).casefold()]).normalize(), "f")
        out.append((value, scaled))
    return out


def _norm_words(text: str, lang: str) -> list[str]:
    if lang == "ar":
        text = normalize_arabic(text)
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def _spelled_out(value: str, target: str, tgt_lang: str) -> bool:
    if not value.isdigit() or int(value) > 10:
        return False
    if int(value) <= 2:
        return True
    words = _SMALL_WORDS.get(tgt_lang, [])
    return int(value) < len(words) and any(contains_term(target, w, tgt_lang) for w in words[int(value)])


def number_issues(source: str, target: str, src: str, tgt: str) -> list[Issue]:
    """The ``number-mismatch`` and ``date-mismatch`` issues of one pair (``source_term``: the
    number's canonical value, or the month/weekday name)."""
    src_pairs = scaled_numbers(source, src)
    tgt_pairs = scaled_numbers(target, tgt)
    src_nums = Counter(v for v, _ in src_pairs)
    tgt_nums = Counter(v for v, _ in tgt_pairs)
    tgt_values = {v for pair in tgt_pairs for v in pair}
    scaled_of = {v: scaled for v, scaled in src_pairs}
    dates = _date_numbers(source, src)
    issues = []
    for value, count in src_nums.items():
        if tgt_nums[value] >= count or _spelled_out(value, target, tgt):
            continue
        if value in tgt_values or scaled_of[value] in tgt_values:  # "12,000" ↔ "12 ألف"
            continue
        if value in dates:
            issues.append(Issue("date-mismatch", f"The date number {value} is missing or changed in the translation",
                                value, [value]))
        else:
            issues.append(Issue("number-mismatch", f"The number {value} is missing or changed in the translation",
                                value, [value]))
    src_months, tgt_months = _month_hits(source, src), _month_hits(target, tgt)
    if _MONTHS.get(tgt):
        for index in sorted(src_months - tgt_months):
            expected = _MONTHS[tgt][index]
            issues.append(Issue("date-mismatch", f"The month “{_MONTHS[src][index][0]}” is missing or changed "
                                f"(expected {' / '.join(expected)})", _MONTHS[src][index][0], expected))
    if _WEEKDAYS.get(src) and _WEEKDAYS.get(tgt):
        for index in sorted(_weekday_hits(source, src) - _weekday_hits(target, tgt)):
            expected = _WEEKDAYS[tgt][index]
            issues.append(Issue("date-mismatch", f"The weekday “{_WEEKDAYS[src][index][0]}” is missing or changed "
                                f"(expected {' / '.join(expected)})", _WEEKDAYS[src][index][0], expected))
    return issues


# --- names, language, repetition -----------------------------------------------------------------


def _latin_words(text: str) -> list[str]:
    return [w.strip(".'") for w in _LATIN_WORD.findall(text) if len(w.strip(".'")) >= 2]


def _name_issues(source: str, target: str, src: str, tgt: str) -> list[Issue]:
    target_fold = target.casefold()
    target_latin = {w.casefold() for w in _latin_words(target)}
    target_digits = {v for v, _, _ in numbers(target, tgt)}
    into_latin = tgt != "ar"
    letters = [c for c in source if c.isascii() and c.isalpha()]
    shouting = bool(letters) and sum(c.isupper() for c in letters) > 0.8 * len(letters) and len(letters) > 12
    issues, seen = [], set()
    for word in _latin_words(source):
        if word in seen:
            continue
        seen.add(word)
        has_digit = any(c.isdigit() for c in word)
        if src == "ar" or into_latin:
            if src == "en" and not (word.isupper() or has_digit or word[0].isupper()):
                continue  # an ordinary English word in an English source: not a name
            ok = word.casefold() in target_latin or re.search(rf"(?<!\w){re.escape(word.casefold())}(?!\w)",
                                                              target_fold) is not None
        elif has_digit:
            digits = {_canonical(d) for d in re.findall(r"\d+", word)}
            ok = word.casefold() in target_latin or digits <= target_digits
        elif word.isupper() and len(word) >= 2 and not shouting and word not in TRANSLATED_ACRONYMS:
            ok = word.casefold() in target_latin
        else:
            continue
        if not ok:
            issues.append(Issue("name-missing", f"“{word}” from the source is missing in the translation",
                                word, [word]))
    return issues


def _loops(words: list[str]) -> bool:
    trigrams = Counter(tuple(words[i:i + 3]) for i in range(len(words) - 2))
    if trigrams and max(trigrams.values()) >= 3:
        return True
    for n in range(1, 5):
        for i in range(len(words) - 3 * n + 1):
            if words[i:i + n] == words[i + n:i + 2 * n] == words[i + 2 * n:i + 3 * n]:
                return True
    return False


def _untranslated(source: str, target: str, src: str, tgt: str) -> bool:
    s_words = _norm_words(source, src)
    if s_words and s_words == _norm_words(target, tgt):
        # a lone name or code ("NATO", "G7") may rightly stay as it is
        return sum(1 for w in s_words if _LETTER.search(w)) >= 2
    if src == tgt or {src, tgt} - {"ar", "en"}:
        return False
    if len(_LETTER.findall(target)) < 3:
        return False
    return detect_lang(target, default=tgt) == src


# --- public API ----------------------------------------------------------------------------------


def find_issues(source: str, target: str, src_lang: str, tgt_lang: str,
                glossary: Glossary | None = None) -> list[Issue]:
    """Every problem found in one sentence pair (see the module docstring for the checks)."""
    if not target.strip():
        return [Issue("empty", "The translation is empty")] if source.strip() else []
    issues: list[Issue] = []
    if _untranslated(source, target, src_lang, tgt_lang):
        issues.append(Issue("untranslated", "The sentence was not translated (it is still in the source language)"))
    issues += number_issues(source, target, src_lang, tgt_lang)
    issues += _name_issues(source, target, src_lang, tgt_lang)
    if _loops(_norm_words(target, tgt_lang)) and not _loops(_norm_words(source, src_lang)):
        issues.append(Issue("repetition", "The translation repeats the same words over and over"))
    if glossary is not None:
        issues += glossary.check(source, target, src_lang, tgt_lang)
    return issues


def check_pair(source: str, target: str, src_lang: str, tgt_lang: str, glossary: Glossary | None = None) -> list[str]:
    """The flag codes for one sentence pair, each once, in check order."""
    return list(dict.fromkeys(i.code for i in find_issues(source, target, src_lang, tgt_lang, glossary)))


def check_translation(article: Article, translation: Translation,
                      glossary: Glossary | None = None) -> dict[str, list[Issue]]:
    """Check every target of ``translation``, set its ``flags``, return the issues of flagged sentences.

    Targets whose sentence id is not in ``article`` are left alone; sentences without a target yet
    are not flagged (they may still be translating).
    """
    index = article.sentence_index()
    flagged: dict[str, list[Issue]] = {}
    for sid, target in translation.targets.items():
        sentence = index.get(sid)
        if sentence is None:
            log.debug("QA: no sentence %s in article %s", sid, article.id)
            continue
        issues = find_issues(sentence.text, target.text, translation.source_lang, translation.target_lang, glossary)
        target.flags = list(dict.fromkeys(i.code for i in issues))
        if issues:
            flagged[sid] = issues
    return flagged
