"""Fonts for the text panes: the shipped Arabic font, loaded once per application."""
from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

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

