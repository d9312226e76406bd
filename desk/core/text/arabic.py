"""Arabic normalisation and light stemming, offline.

``normalize`` folds the spelling variants that do not change a word's identity: diacritics
(tashkeel), tatweel, the hamza-carrying alef forms (أ إ آ ٱ → ا) and alef maqsura (ى → ي).

``light_stem`` is Larkey, Ballesteros and Connell's *light10* stemmer ("Light Stemming for Arabic
Information Retrieval", 2007), the usual light stemmer for Arabic retrieval: strip the conjunction
و, the definite article with its attached prepositions (ال وال بال كال فال لل) and common
plural/feminine/possessive suffixes, always keeping at least two letters. Unlike NLTK's Snowball
Arabic stemmer it does not strip a leading ف or ب that belongs to the word (فيضان, فلسطين, بيت).
"""
from __future__ import annotations

import logging
import re
from functools import lru_cache

from pyarabic import araby

log = logging.getLogger(__name__)

_ALEF_FORMS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي"})
_ARABIC_LETTER = re.compile(r"[\u0621-\u064A\u0671-\u06D3]")
_ARTICLES = ("وال", "بال", "كال", "فال", "لل", "ال")  # longest first
_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي")  # light10's list, in its order
_MIN = 2


def is_arabic_word(word: str) -> bool:
    """True when ``word`` contains at least one Arabic letter."""
    return bool(_ARABIC_LETTER.search(word))


def normalize(text: str) -> str:
    """Remove diacritics and tatweel, unify alef forms and alef maqsura; other characters are kept."""
    text = araby.strip_tashkeel(text)
    text = araby.strip_tatweel(text)
    return text.translate(_ALEF_FORMS)


@lru_cache(maxsize=65536)
def light_stem(word: str) -> str:
    """The light10 stem of one word (normalised first); words without Arabic letters come back normalised."""
    word = normalize(word)
    if not is_arabic_word(word):
        return word
    if word.startswith("و") and len(word) >= 4:
        word = word[1:]
    for article in _ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= _MIN:
            word = word[len(article):]
            break
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN:
            word = word[: -len(suffix)]
    return word
