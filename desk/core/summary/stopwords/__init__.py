"""Word lists the summarizers need, per language, offline.

Stop words come from the lists sumy ships (``sumy/data/stopwords/{english,arabic}.txt``, read with
``sumy.utils.get_stop_words``, no network, no NLTK data). Arabic lists are normalised with
:func:`desk.core.text.arabic.normalize` so they match normalised text.

Edmundson's cue method also needs *bonus* words (their presence makes a sentence more
summary-worthy) and *stigma* words (less). The sets below are written for news: reporting verbs
and statements of outcome are bonus words; feed and page debris (photo credits, "subscribe",
"advertisement"…) and hedges are stigma words.
"""
from __future__ import annotations

import logging
from functools import lru_cache

from desk.core.text.arabic import normalize as normalize_arabic

log = logging.getLogger(__name__)

_SUMY_NAMES = {"en": "english", "ar": "arabic"}

_BONUS = {
    "en": """said says announced confirmed agreed decided approved signed killed died injured arrested
        elected launched warned reported according official officials government president minister
        first new major key important significant result results agreement deal plan law""",
    "ar": """قال قالت أعلن أعلنت أكد أكدت وافق قرر أقر وقع قتل توفي أصيب اعتقل انتخب أطلق حذر وفق وفقا
        مسؤول مسؤولون الحكومة حكومة الرئيس رئيس وزير أول جديد مهم هام رئيسي نتيجة اتفاق اتفاقية خطة قانون""",
}

_STIGMA = {
    "en": """photo photos file caption credit credits copyright subscribe subscription newsletter click
        advertisement advertising sponsored cookie cookies share tweet follow perhaps maybe reportedly
        allegedly hardly""",
    "ar": """صورة الصورة صور أرشيفية أرشيف حقوق محفوظة اشترك اشتراك النشرة انقر اضغط إعلان إعلانات
        برعاية شارك تابعونا تابعوا ربما يبدو""",
}


def _split(block: str, lang: str) -> frozenset[str]:
    words = block.split()
    if lang == "ar":
        words = [normalize_arabic(w) for w in words]
    return frozenset(w.lower() for w in words)


@lru_cache(maxsize=8)
def stop_words(lang: str) -> frozenset[str]:
    """Stop words for ``lang`` ("en", "ar"; other codes sumy knows work too), lowercased and normalised.

    An unknown language gives an empty set (and a logged warning), never an error.
    """
    from sumy.utils import get_stop_words

    try:
        words = get_stop_words(_SUMY_NAMES.get(lang, lang))
    except LookupError:
        log.warning("No stop-word list for language %r; summarizing without one", lang)
        return frozenset()
    if lang == "ar":
        return frozenset(normalize_arabic(w) for w in words)
    return frozenset(w.lower() for w in words)


def bonus_words(lang: str) -> frozenset[str]:
    """Cue words that raise a sentence's Edmundson rating (English list for unknown languages)."""
    return _split(_BONUS.get(lang, _BONUS["en"]), lang)


def stigma_words(lang: str) -> frozenset[str]:
    """Cue words that lower a sentence's Edmundson rating (English list for unknown languages)."""
    return _split(_STIGMA.get(lang, _STIGMA["en"]), lang)
