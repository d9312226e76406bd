"""The languages Desk works in: which are supported, the other one of a pair, writing direction
and display names. Every part of Desk (core, exports, the window) asks here."""
from __future__ import annotations

# The pair Desk translates, summarizes and segments.
SUPPORTED: tuple[str, ...] = ("ar", "en")

# Right-to-left scripts (a model or a file may bring any of them, not only Arabic).
RTL_LANGS = frozenset({"ar", "fa", "ur", "he", "yi", "ps", "sd", "ug", "dv", "ckb", "arz", "ary"})

_NAMES = {"ar": "Arabic", "en": "English", "fr": "French", "de": "German", "es": "Spanish",
          "fa": "Persian", "ur": "Urdu", "he": "Hebrew", "tr": "Turkish", "ru": "Russian", "zh": "Chinese"}
_NATIVE = {"ar": "العربية", "en": "English"}


def base(lang: str) -> str:
    """``"ar"`` for ``"ar-SA"``, ``"ar_EG"`` or ``"AR"``."""
    return lang.replace("_", "-").split("-")[0].lower()


def other_lang(lang: str) -> str:
    """The other language of Desk's pair: Arabic for English (and anything else), English for Arabic."""
    return "en" if base(lang) == "ar" else "ar"


def is_rtl(lang: str) -> bool:
    return base(lang) in RTL_LANGS


def text_direction(lang: str) -> str:
    """``"rtl"`` or ``"ltr"``, as HTML's ``dir`` attribute wants it."""
    return "rtl" if is_rtl(lang) else "ltr"


def display_name(lang: str) -> str:
    """English name of a language for labels ("Arabic"); the code itself when unknown."""
    return _NAMES.get(base(lang), lang or "unknown") if lang else "unknown"


def native_name(lang: str) -> str:
    """The language's name in itself ("العربية"), falling back to the English name."""
    return _NATIVE.get(base(lang), display_name(lang))


def with_article(lang: str) -> str:
    """ "an Arabic", "an English", "a French": for sentences about a text's language."""
    name = display_name(lang)
    return f"an {name}" if name[:1].lower() in "aeiou" else f"a {name}"
