"""Fonts for the text panes: the shipped Arabic font, loaded once per application."""
from __future__ import annotations

import logging
import re

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QTextCharFormat, QTextCursor

from desk.core.paths import resources_dir

log = logging.getLogger(__name__)

ARABIC_FAMILY = "Noto Naskh Arabic"
ARABIC_SCALE = 1.3
_loaded: dict[str, bool] = {}


def load_app_fonts() -> list[str]:
    """Register the fonts in ``resources/fonts``; returns the families now available."""
    families: list[str] = []
    folder = resources_dir() / "fonts"
    for path in sorted(folder.glob("*.ttf")) if folder.is_dir() else []:
        if str(path) in _loaded:
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        _loaded[str(path)] = font_id >= 0
        if font_id < 0:
            log.warning("could not load font %s", path)
            continue
        families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return families


def arabic_available() -> bool:
    return ARABIC_FAMILY in QFontDatabase.families()


def font_for_lang(lang: str, base: QFont | None = None) -> QFont:
    """A reading font for a pane: Naskh for Arabic, the UI font otherwise. Naskh's letters are small
    for their point size, so Arabic is set :data:`ARABIC_SCALE` times the UI size (English 1.1×):
    the two read at the same size side by side."""
    font = QFont(base) if base is not None else QFont(QGuiApplication.font())
    size = font.pointSizeF() if font.pointSizeF() > 0 else 10.0
    if lang == "ar":
        if arabic_available():
            font.setFamilies([ARABIC_FAMILY, *font.families()])
        font.setPointSizeF(size * ARABIC_SCALE)
    else:
        font.setPointSizeF(size * 1.1)
    return font



_LATIN_DIGITS = re.compile(r"[0-9]+(?:[.,][0-9]+)*%?")
ARABIC_DIGIT_SCALE = 0.85


def insert_text(cursor: QTextCursor, text: str, fmt: QTextCharFormat, lang: str) -> None:
    """Insert ``text`` at ``cursor``. In Arabic text, Western digits are set a little smaller:
    the Naskh font draws them taller than its letters, so at one size they look like another font."""
    if lang != "ar" or not _LATIN_DIGITS.search(text):
        cursor.insertText(text, fmt)
        return
    digits = QTextCharFormat(fmt)
    digits.setFontPointSize(fmt.font().pointSizeF() * ARABIC_DIGIT_SCALE)
    pos = 0
    for m in _LATIN_DIGITS.finditer(text):
        if m.start() > pos:
            cursor.insertText(text[pos:m.start()], fmt)
        cursor.insertText(m.group(), digits)
        pos = m.end()
    if pos < len(text):
        cursor.insertText(text[pos:], fmt)
