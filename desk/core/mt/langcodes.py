"""Language codes as model packages spell them, normalised to what Desk uses ("ar", "en", ...).

Packages use ISO 639-1 (``ar``), ISO 639-3 (``ara``, ``arb``), B/T variants (``fre``), locale forms
(``en_US``, ``ar-SA``), script forms (``arb_Arab``, ``ara_Latn``) and sometimes English names.
Individual Arabic varieties (``arz``, ``apc``...) are members of the ``ara`` macrolanguage and map to
"ar". A script is kept only when it is not the language's usual one (``ara_Latn`` -> "ar-Latn").
"""
from __future__ import annotations

import re

# ISO 639-3 / 639-2 (B and T) codes and a few names -> ISO 639-1.
_ALIASES: dict[str, str] = {
    "ara": "ar", "arb": "ar", "arabic": "ar",
    "eng": "en", "english": "en",
    "fra": "fr", "fre": "fr", "french": "fr",
    "deu": "de", "ger": "de", "german": "de",
    "spa": "es", "spanish": "es", "ita": "it", "por": "pt", "rus": "ru", "russian": "ru",
    "zho": "zh", "chi": "zh", "cmn": "zh", "chinese": "zh", "jpn": "ja", "kor": "ko",
    "tur": "tr", "turkish": "tr", "fas": "fa", "per": "fa", "pes": "fa", "persian": "fa",
    "heb": "he", "iw": "he", "hebrew": "he", "urd": "ur", "hin": "hi", "ben": "bn",
    "ind": "id", "in": "id", "msa": "ms", "may": "ms", "zsm": "ms", "nld": "nl", "dut": "nl",
    "pol": "pl", "ukr": "uk", "swe": "sv", "fin": "fi", "ell": "el", "gre": "el", "ces": "cs",
    "cze": "cs", "ron": "ro", "rum": "ro", "hun": "hu", "dan": "da", "nob": "nb", "nor": "no",
    "vie": "vi", "tha": "th", "swa": "sw", "swh": "sw", "pus": "ps", "pbt": "ps", "som": "so",
    "amh": "am", "aze": "az", "azj": "az", "cat": "ca", "bul": "bg", "hrv": "hr", "srp": "sr",
    "slk": "sk", "slo": "sk", "slv": "sl", "lit": "lt", "lav": "lv", "lvs": "lv", "est": "et",
    "ekk": "et", "tgl": "tl", "kaz": "kk", "uzb": "uz", "uzn": "uz", "hau": "ha", "yor": "yo",
    "kur": "ku", "kmr": "ku", "tam": "ta", "tel": "te", "mar": "mr", "guj": "gu", "pan": "pa",
    "mal": "ml", "kan": "kn", "sin": "si", "nep": "ne", "npi": "ne", "mya": "my", "bur": "my",
    "khm": "km", "lao": "lo", "kat": "ka", "geo": "ka", "hye": "hy", "arm": "hy", "isl": "is",
    "ice": "is", "gle": "ga", "cym": "cy", "wel": "cy", "eus": "eu", "baq": "eu", "glg": "gl",
    "mlt": "mt", "sqi": "sq", "alb": "sq", "als": "sq", "mkd": "mk", "mac": "mk", "bel": "be",
    "tgk": "tg", "kir": "ky", "tat": "tt", "uig": "ug", "epo": "eo", "lat": "la", "afr": "af",
    "zul": "zu", "xho": "xh", "ibo": "ig", "orm": "om", "gaz": "om", "tir": "ti", "yid": "yi",
    "ji": "yi", "ltz": "lb", "bos": "bs", "sme": "se", "fil": "tl",
}
# Individual languages of the Arabic macrolanguage (ISO 639-3) -> "ar".
_ARABIC_MEMBERS = frozenset({
    "aao", "abh", "abv", "acm", "acq", "acw", "acx", "acy", "adf", "aeb", "aec", "afb", "ajp", "apc", "apd",
    "arq", "ars", "ary", "arz", "auz", "avl", "ayh", "ayl", "ayn", "ayp", "bbz", "pga", "shu", "ssh",
})
# The script a language is normally written in; other scripts stay in the code ("ar-Latn").
_DEFAULT_SCRIPT: dict[str, str] = {
    "ar": "Arab", "fa": "Arab", "ur": "Arab", "ps": "Arab", "ug": "Arab", "he": "Hebr", "yi": "Hebr",
    "ru": "Cyrl", "uk": "Cyrl", "bg": "Cyrl", "sr": "Cyrl", "mk": "Cyrl", "be": "Cyrl", "kk": "Cyrl",
    "ky": "Cyrl", "tg": "Cyrl", "tt": "Cyrl", "zh": "Hans", "ja": "Jpan", "ko": "Hang", "hi": "Deva",
    "mr": "Deva", "ne": "Deva", "bn": "Beng", "th": "Thai", "el": "Grek", "am": "Ethi", "ti": "Ethi",
    "ta": "Taml", "te": "Telu", "gu": "Gujr", "pa": "Guru", "ml": "Mlym", "kn": "Knda", "si": "Sinh",
    "my": "Mymr", "km": "Khmr", "lo": "Laoo", "ka": "Geor", "hy": "Armn",
}
_CODE = re.compile(r"^[A-Za-z]{2,3}$")
_NAME = re.compile(r"^[A-Za-z]{4,12}$")


def normalize_lang(code: str) -> str:
    """Normalise a language code; ValueError when ``code`` is not one."""
    raw = code.strip().strip(">").strip("<").replace("-", "_")
    parts = [p for p in raw.split("_") if p]
    if not parts:
        raise ValueError(f"not a language code: {code!r}")
    base = parts[0].lower()
    if not _CODE.match(base) and not (len(parts) == 1 and _NAME.match(base) and base in _ALIASES):
        raise ValueError(f"not a language code: {code!r}")
    base = "ar" if base in _ARABIC_MEMBERS else _ALIASES.get(base, base)
    script = next((p.title() for p in parts[1:] if len(p) == 4 and p.isalpha()), None)
    if script and script != _DEFAULT_SCRIPT.get(base, "Latn"):
        return f"{base}-{script}"
    return base


def try_normalize(code: str) -> str | None:
    try:
        return normalize_lang(code)
    except ValueError:
        return None


def is_canonical(code: str) -> bool:
    """True for the main form of a language (``ara``, ``arb_Arab``, ``eng``), not a variety."""
    base = code.strip("<>").replace("-", "_").split("_")[0].lower()
    return base not in _ARABIC_MEMBERS
