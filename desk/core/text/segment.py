"""Sentence and word segmentation for English and Arabic, offline and rule-based (no NLTK data).

How a sentence end is found:

* Candidates are runs of end marks (``. ! ? ؟ … ۔``) with any closing quotes or brackets
  attached (``."`` ``.»`` ``?)``) that are followed by whitespace, plus, in Arabic, an end mark
  squeezed between two Arabic words with no space (``انتهى.وقال``), also after a closing
  bracket or quote (``(واس).وأضافت``).
* A candidate is *not* a boundary when the next word starts with a lower-case Latin letter
  ("e.g. the", '"Why?" he asked'), when punctuation follows (". . ."), or when the text so far
  has no letter at all (a list number like "1.").
* ``!``, ``?``, ``؟``, ellipses and periods inside closing quotes end a sentence. A bare period
  ends one unless the word before it is an abbreviation (see :mod:`desk.core.text.abbreviations`):
  titles (``Dr.``) never end a sentence, ``No.``/``Feb.`` not before a number, ambiguous ones
  (``Inc.``, ``U.S.``, initials ``J.``) only before a typical sentence opener ("The", "He").
  A single Arabic letter with a period (``د.``) is an initial or title, except right after a
  number (``2010 م.``), where it is a date suffix.
* The Arabic comma ``،`` and semicolon ``؛`` never end a sentence; digits (Latin, Arabic-Indic
  ``٠-٩``, Persian ``۰-۹``) with separators ``. , ٫ ٬`` are never split because no space follows.
* A blank line always ends a sentence. A sentence longer than :data:`MAX_SENTENCE_CHARS` is cut
  at its last clause mark (``, ، ; ؛ :``) or space before the limit, so input without any
  punctuation still yields bounded pieces in linear time.

Both languages run through the same rules, so mixed text (Latin abbreviations inside Arabic,
Arabic names inside English) is handled whatever ``lang`` says; ``lang`` is kept in the API for
language-specific tuning.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Iterator

from pyarabic import araby

from desk.core.text import abbreviations as abbr

log = logging.getLogger(__name__)

MAX_SENTENCE_CHARS = 1000
_MIN_PIECE = MAX_SENTENCE_CHARS // 2  # a forced cut is looked for between these two lengths

_AR = "\u0621-\u063A\u0641-\u064A\u066E\u066F\u0671-\u06D3\u06D5\u06FA-\u06FC"  # Arabic letters
_ENDERS = ".!?\u061F\u06D4\u2026\u203C\u2047\u2048\u2049"
_STRONG = frozenset("!?\u061F\u203C\u2047\u2048\u2049")
_QUESTION = frozenset("?\u061F")
_QUOTES = "\"'\u201C\u201D\u2018\u2019\u201E\u00AB\u00BB\u2039\u203A"
_CLOSERS = _QUOTES + ")]}"
_OPENERS = _QUOTES + "([{"
_NO_START = frozenset(_ENDERS + ",;:\u060C\u061B")  # a sentence never starts with these


def _cls(chars: str) -> str:
    return "".join(re.escape(c) for c in chars)


_CANDIDATE = re.compile(
    # A match starts only at the start of a run of marks, and the runs are possessive, so a long
    # run of dots is scanned once (no quadratic backtracking).
    rf"(?<![{_cls(_ENDERS)}])(?P<marks>[{_cls(_ENDERS)}]++)(?P<close>[{_cls(_CLOSERS)}]*+)(?=\s|$)"
    rf"|(?<=[{_AR}][{_AR}{_cls(_CLOSERS)}])(?P<tight>[.!\u061F]++)(?=[{_AR}][{_AR}])"
)
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n\s*")
_SKIP = re.compile(rf"[\s{_cls(_OPENERS)}]*")
_NEXT_WORD = re.compile(r"[^\W\d_]+")
_LETTER = re.compile(r"[^\W\d_]")
_AR_LETTER = re.compile(rf"[{_AR}]")
_DOTTED = re.compile(r"(?:[^\W\d_]{1,2}\.)+[^\W\d_]{1,2}")  # U.S  e.g  a.m  Ph.D  ق.م
_NUMBER = re.compile(r"[\d.,\u066B\u066C%$€£]*\d[\d.,\u066B\u066C%]*")
_CLAUSE_BREAKS = (", ", "\u060C ", "; ", "\u061B ", ": ", "\u060C")
_SPACES = (" ", "\n", "\t", "\u00A0")


def sentence_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """Start/end offsets of each sentence in ``text``, whitespace trimmed.

    ``text[start:end]`` is the sentence; spans are in order and do not overlap.
    """
    spans: list[tuple[int, int]] = []
    if not text or text.isspace():
        return spans
    for block_start, block_end in _blocks(text):
        for a, b in _split_block(text, block_start, block_end):
            spans.extend(_cap_length(text, a, b))
    return spans


def split_sentences(text: str, lang: str) -> list[str]:
    """The sentences of ``text`` as strings (see :func:`sentence_spans`)."""
    return [text[a:b] for a, b in sentence_spans(text, lang)]


# --- words ----------------------------------------------------------------------------------

_MARK = "\u0300-\u036F\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640"
_WORD_CHAR = rf"(?:[^\W\d_]|[{_MARK}])"
_WORD = re.compile(
    r"(?<![A-Za-z.])(?:[A-Za-z]\.){2,}+(?![A-Za-z])"  # dotted abbreviations keep their dots: U.S.  a.m.
    r"|\d+(?:[.,\u066B\u066C]\d+)*"  # numbers keep separators: 2.5  1,000  ٣٫٥
    rf"|{_WORD_CHAR}+(?:['\u2019]{_WORD_CHAR}+)*"  # words, with apostrophes: don't  O'Neill
)


def words(text: str, lang: str, *, strip_diacritics: bool = True) -> list[str]:
    """Word tokens for summarizers and statistics, in text order, case unchanged.

    Numbers are kept as tokens (``2.5``, ``١٬٠٠٠``); punctuation is dropped; hyphenated words
    give their parts. With ``strip_diacritics`` (default) Arabic tashkeel and tatweel are
    removed, so ``مُحَمَّد`` and ``محمد`` are the same token.
    """
    if strip_diacritics:
        text = araby.strip_tatweel(araby.strip_tashkeel(text))
    return _WORD.findall(text)


# --- internals ------------------------------------------------------------------------------


def _blocks(text: str) -> Iterator[tuple[int, int]]:
    """Pieces of ``text`` between blank lines."""
    pos = 0
    for m in _BLANK_LINE.finditer(text):
        yield pos, m.start()
        pos = m.end()
    yield pos, len(text)


def _trim(text: str, a: int, b: int) -> tuple[int, int] | None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return (a, b) if a < b else None


def _split_block(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    sent_start = start
    checked = start  # letters searched up to here since sent_start
    has_letter = False
    for m in _CANDIDATE.finditer(text, start, end):
        if not has_letter:
            has_letter = _LETTER.search(text, checked, m.start()) is not None
            checked = m.start()
            if not has_letter:
                continue
        if not _is_boundary(text, m, start, end):
            continue
        span = _trim(text, sent_start, m.end())
        if span:
            yield span
        sent_start = checked = m.end()
        has_letter = False
    span = _trim(text, sent_start, end)
    if span:
        yield span


def _is_boundary(text: str, m: re.Match[str], start: int, end: int) -> bool:
    skipped = _SKIP.match(text, m.end(), end)  # always matches (possibly empty)
    i = skipped.end() if skipped else m.end()
    if i >= end:
        return True
    nc = text[i]
    marks, close = m.group("marks") or "", m.group("close") or ""
    if nc.islower() and not close and any(c in _QUESTION for c in marks) and text[m.end():i].isspace():
        # A question answered or continued in lower case, as transcripts and conversational quotes
        # write it ("did you see it? and then what happened?"); a question inside quotes or brackets
        # ('"Why?" he asked') is part of the sentence around it.
        return True
    if nc.islower() or nc in _NO_START:
        return False
    if m.group("tight"):
        return True
    if any(c in _STRONG for c in marks) or marks != ".":
        return True  # ! ? ؟ and ellipses
    if any(c in _QUOTES for c in close):
        return True  # a period inside closing quotes: 'He left." She'
    before = text[max(start, m.start() - 80):m.start()].split()
    if not before:
        return True
    word = before[-1].lstrip(_OPENERS).rstrip(_CLOSERS)
    prior = before[-2] if len(before) > 1 else ""
    nw = _NEXT_WORD.match(text, i, end)
    next_word = nw.group() if nw else ""
    next_is_initial = nw is not None and nw.end() < end and text[nw.end()] == "."
    return _period_ends(word, prior, nc, next_word, next_is_initial)


def _period_ends(word: str, prior: str, nc: str, next_word: str, next_is_initial: bool) -> bool:
    """Does a period after ``word`` end the sentence, given what follows?"""
    if not word:
        return True
    low = word.lower()
    if low in abbr.TITLES or low in abbr.NEVER_FINAL:
        return False
    dotted = _DOTTED.fullmatch(word) is not None
    if low in abbr.TIMES and nc.isupper():
        # "from 9 p.m. to 5 a.m. Shops reopen": a clock time ends the sentence before a capital,
        # unless a day, month or time zone follows ("9 a.m. Monday", "5 p.m. GMT").
        return not (next_word in abbr.DATES or next_word.lower() in abbr.TIME_FOLLOWERS or next_word.isupper())
    if nc.isdigit():
        return not (low in abbr.BEFORE_NUMBER or word in abbr.DATES or low in abbr.AMBIGUOUS or dotted)
    bare = araby.strip_tatweel(word)
    if len(bare) == 1 and _AR_LETTER.match(bare):
        # "د. أحمد" is a title; "عام 2010 م." is a date suffix that may end the sentence.
        return _NUMBER.fullmatch(prior.lstrip(_OPENERS)) is not None
    if bare in abbr.AR_INITIALS:
        # "جي. كي. رولينغ" are initials; "كيو في سي." is an acronym spelled out, which may end one.
        return araby.strip_tatweel(prior.lstrip(_OPENERS)) in abbr.AR_LETTER_NAMES
    arabic_next = _AR_LETTER.match(nc) is not None
    if len(word) == 1 and word.isalpha():
        # A Latin initial comes before a Latin name; before an Arabic word the letter ends a
        # sentence ("من A إلى B. تعلم ...").
        if arabic_next:
            return True
    elif not (dotted or low in abbr.AMBIGUOUS):
        return True
    return not arabic_next and not next_is_initial and next_word.lower() in abbr.SENTENCE_STARTERS


def _cap_length(text: str, a: int, b: int) -> Iterator[tuple[int, int]]:
    """Cut an over-long sentence at clause marks or spaces (linear in its length)."""
    while b - a > MAX_SENTENCE_CHARS:
        lo, hi = a + _MIN_PIECE, a + MAX_SENTENCE_CHARS
        cut = max(text.rfind(s, lo, hi) for s in _CLAUSE_BREAKS)
        if cut >= 0:
            cut += 1
        else:
            cut = max(text.rfind(s, lo, hi) for s in _SPACES)
            if cut < 0:
                cut = hi
        piece = _trim(text, a, cut)
        if piece:
            yield piece
        nxt = _trim(text, cut, b)
        if nxt is None:
            return
        a = nxt[0]
    yield a, b
