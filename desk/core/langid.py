"""Arabic/English identification. PLACEHOLDER until the language-id work lands; API stays."""
from __future__ import annotations

import re

_AR = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")
_LATIN = re.compile(r"[A-Za-z]")


def detect_lang(text: str, default: str = "en") -> str:
    """Return "ar" or "en" for a piece of text."""
    ar = len(_AR.findall(text))
    en = len(_LATIN.findall(text))
    if ar == 0 and en == 0:
        return default
    return "ar" if ar >= en * 0.5 else "en"
