"""The user's settings, read from ``settings.ini`` in Desk's data folder, without Qt.

The window writes this file (through QSettings, INI format) and the command line, batch runs and
the window all read the translation and summary settings through :func:`load` or the parse
functions here, so ``settings.ini`` means the same thing everywhere. Values that are missing or
wrong fall back to the defaults (and are logged), never stop Desk.
"""
from __future__ import annotations

import configparser
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from desk.core.model import LengthRule
from desk.core.mt.device import DEVICES
from desk.core.mt.info import EngineSettings
from desk.core.paths import data_dir

log = logging.getLogger(__name__)

COMPUTE_TYPES = ["int8", "int8_float32", "float32", "default"]
DIRECTIONS = ("auto", "ar-en", "en-ar")
LENGTH_MODES = ("sentences", "ratio", "words")
SUMMARY_SOURCES = ("original", "translation")

# One raw setting by its QSettings key ("engine/beam_size"); None when unset.
Getter = Callable[[str], object]
T = TypeVar("T", int, float, str)


@dataclass
class SummaryPrefs:
    algorithm: str = "lexrank"
    length_mode: str = "sentences"  # "sentences" | "ratio" | "words"
    sentences: int = 3
    ratio: float = 0.3
    words: int = 80
    source: str = "original"  # "original" | "translation"

    def length(self) -> LengthRule:
        """The length rule these preferences choose."""
        if self.length_mode == "ratio":
            return LengthRule(ratio=self.ratio)
        if self.length_mode == "words":
            return LengthRule(words=self.words)
        return LengthRule(sentences=self.sentences)


@dataclass
class UserSettings:
    engine: EngineSettings = field(default_factory=EngineSettings)
    summary: SummaryPrefs = field(default_factory=SummaryPrefs)
    preferred_models: dict[str, str] = field(default_factory=dict)  # "ar-en" → model id the user chose

    def preferred_model(self, source_lang: str, target_lang: str) -> str:
        return self.preferred_models.get(f"{source_lang}-{target_lang}", "")


def typed(get: Getter, key: str, default: T) -> T:  # noqa: UP047 (the TypeVar is constrained)
    """``get(key)`` converted to the type of ``default``; the default when unset or malformed."""
    raw = get(key)
    if raw is None or raw == "":
        return default
    try:
        return type(default)(str(raw))
    except (TypeError, ValueError):
        log.warning("ignoring bad setting %s=%r", key, raw)
        return default


def engine_settings(get: Getter) -> EngineSettings:
    d = EngineSettings()
    compute = typed(get, "engine/compute_type", d.compute_type)
    device = typed(get, "engine/device", d.device)
    return EngineSettings(
        device=device if device in DEVICES else d.device,
        compute_type=compute if compute in COMPUTE_TYPES else d.compute_type,
        inter_threads=max(1, typed(get, "engine/inter_threads", d.inter_threads)),
        intra_threads=max(0, typed(get, "engine/intra_threads", d.intra_threads)),
        beam_size=max(1, typed(get, "engine/beam_size", d.beam_size)),
        max_batch_tokens=d.max_batch_tokens,
    )


def summary_prefs(get: Getter) -> SummaryPrefs:
    d = SummaryPrefs()
    mode = typed(get, "summary/length_mode", d.length_mode)
    source = typed(get, "summary/source", d.source)
    return SummaryPrefs(
        algorithm=typed(get, "summary/algorithm", d.algorithm),
        length_mode=mode if mode in LENGTH_MODES else d.length_mode,
        sentences=max(1, typed(get, "summary/sentences", d.sentences)),
        ratio=min(1.0, max(0.01, typed(get, "summary/ratio", d.ratio))),
        words=max(5, typed(get, "summary/words", d.words)),
        source=source if source in SUMMARY_SOURCES else d.source,
    )


def preferred_model_key(direction: str) -> str:
    return f"translate/model_{direction.replace('-', '_')}"


def user_settings(get: Getter) -> UserSettings:
    models = {d: str(get(preferred_model_key(d)) or "") for d in DIRECTIONS[1:]}
    return UserSettings(engine=engine_settings(get), summary=summary_prefs(get),
                        preferred_models={d: m for d, m in models.items() if m})


def settings_path() -> Path:
    return data_dir() / "settings.ini"


def load(path: Path | None = None) -> UserSettings:
    """The settings in ``path`` (default: the data folder's ``settings.ini``); defaults when the
    file is missing or unreadable."""
    path = path or settings_path()
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read(path, encoding="utf-8")
    except (configparser.Error, OSError, UnicodeDecodeError) as err:
        log.warning("settings not read from %s: %s", path, err)
        return UserSettings()

    def get(key: str) -> object:
        section, _, name = key.rpartition("/")
        return parser.get(section or "General", name, fallback=None)

    return user_settings(get)
