"""Arabic normalisation and light stemming, offline (pyarabic + NLTK's Snowball code, no NLTK data).

``normalize`` folds the spelling variants that do not change a word's identity: diacritics
(tashkeel), tatweel, the hamza-carrying alef forms (أ إ آ ٱ → ا) and alef maqsura (ى → ي).
``light_stem`` strips the clitics and affixes of news Arabic (و ف ب ك ل, the article ال,
plural/feminine/possessive suffixes) with NLTK's Snowball Arabic stemmer, which is pure code
(no corpus download), so "والمسؤولون", "المسؤولين" and "مسؤول" share one stem.
"""
from __future__ import annotations

import logging
import re
from functools import lru_cache

from pyarabic import araby

log = logging.getLogger(__name__)

_ALEF_FORMS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي"})
_ARABIC_LETTER = re.compile(r"[\u0621-\u064A\u0671-\u06D3]")
_MIN_STEM = 2


def is_arabic_word(word: str) -> bool:
    """True when ``word`` contains at least one Arabic letter."""
    return bool(_ARABIC_LETTER.search(word))


def normalize(text: str) -> str:
    """Remove diacritics and tatweel, unify alef forms and alef maqsura; other characters are kept."""
    text = araby.strip_tashkeel(text)
    text = araby.strip_tatweel(text)
    return text.translate(_ALEF_FORMS)


@lru_cache(maxsize=1)
def _snowball():  # type: ignore[no-untyped-def]
    from nltk.stem.snowball import ArabicStemmer  # pure code: needs no nltk data

    return ArabicStemmer()


@lru_cache(maxsize=65536)
def light_stem(word: str) -> str:
    """The light stem of one Arabic word (normalised first). Non-Arabic words come back normalised.

    When stripping would leave fewer than two letters (e.g. a short particle), the normalised word
    itself is returned, so short words never collapse into one meaningless stem.
    """
    word = normalize(word)
    if not is_arabic_word(word):
        return word
    stem = _snowball().stem(word)
    if len(stem) < _MIN_STEM:
        return word
    return stem
