"""Arabic/English identification by script, per text, per paragraph and per article.

Desk only meets two languages, and they use different scripts, so counting letters is both
exact and fast: Arabic-script letters against Latin letters. Mixed text is the norm in news
(an English name or acronym inside Arabic, an Arabic name quoted in English), so the decision is
not "majority wins": a text is Arabic as soon as Arabic letters make up a substantial part of it,
:data:`ARABIC_SHARE` of the weighted letter count. Arabic letters weigh :data:`ARABIC_WEIGHT`
because Arabic writes no short vowels, so the same words take fewer letters than in English.

Digits, punctuation and other scripts do not count. Text without any Latin or Arabic letter is
Arabic if it has Arabic-Indic digits or Arabic punctuation (``١٢ ، ؟``), else ``default``.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

log = logging.getLogger(__name__)

ARABIC_WEIGHT = 1.25
ARABIC_SHARE = 0.35
MIN_LETTERS = 3  # a paragraph with fewer letters takes the article's language

# Arabic-script letters (no diacritics, tatweel, digits or punctuation), presentation forms too.
_AR = re.compile(
    "[\u0621-\u063A\u0641-\u064A\u066E\u066F\u0671-\u06D3\u06D5\u06EE\u06EF\u06FA-\u06FC\u06FF"
    "\u0750-\u077F\u08A0-\u08C9\uFB50-\uFDFB\uFE70-\uFEFC]+"
)
# Latin letters: ASCII, Latin-1 and Latin Extended-A/B (× and ÷ excluded).
_LATIN = re.compile("[A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F]+")
_AR_HINT = re.compile("[\u0660-\u0669\u06F0-\u06F9\u060C\u061B\u061F\u066B\u066C]")


@dataclass(frozen=True)
class ScriptCounts:
    """Letters of each script in a piece of text."""

    arabic: int = 0
    latin: int = 0
    arabic_hint: bool = False  # Arabic digits or punctuation seen

    @property
    def letters(self) -> int:
        return self.arabic + self.latin

    @property
    def arabic_share(self) -> float:
        """Weighted share of Arabic letters, 0.0 to 1.0 (0.0 when there are no letters)."""
        weighted = self.arabic * ARABIC_WEIGHT
        total = weighted + self.latin
        return weighted / total if total else 0.0

    def __add__(self, other: ScriptCounts) -> ScriptCounts:
        return ScriptCounts(
            self.arabic + other.arabic, self.latin + other.latin, self.arabic_hint or other.arabic_hint
        )

    def lang(self, default: str = "en") -> str:
        """"ar" or "en" for text with these counts; ``default`` when nothing tells."""
        if self.letters == 0:
            return "ar" if self.arabic_hint else default
        return "ar" if self.arabic_share >= ARABIC_SHARE else "en"


def script_counts(text: str) -> ScriptCounts:
    """Count Arabic-script and Latin letters in ``text``."""
    # Characters removed by deleting runs of each script: an order of magnitude faster than
    # counting matches one by one, which matters on multi-megabyte articles.
    arabic = len(text) - len(_AR.sub("", text))
    latin = len(text) - len(_LATIN.sub("", text))
    return ScriptCounts(arabic, latin, _AR_HINT.search(text) is not None)


def detect_lang(text: str, default: str = "en") -> str:
    """Return "ar" or "en" for a piece of text (``default`` when it has no letters)."""
    return script_counts(text).lang(default)


def detect_article_lang(paragraphs: Iterable[str], default: str = "en") -> str:
    """The language of a whole article: all its letters counted together."""
    total = ScriptCounts()
    for p in paragraphs:
        total = total + script_counts(p)
    return total.lang(default)


def detect_paragraph_langs(paragraphs: Sequence[str], default: str = "en") -> list[str]:
    """The language of each paragraph of one article.

    A paragraph with fewer than :data:`MIN_LETTERS` letters (a date line, a number, "AP")
    takes the article's language, so it does not flip the direction of translation. The
    article's language comes from all paragraphs' letters together (``default`` if none).
    """
    counts = [script_counts(p) for p in paragraphs]
    total = ScriptCounts()
    for c in counts:
        total = total + c
    article = total.lang(default)
    return [c.lang(article) if c.letters >= MIN_LETTERS else article for c in counts]
