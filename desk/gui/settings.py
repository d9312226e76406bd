"""Persistent GUI preferences, stored as an INI file in Desk's data folder.

Keeping the file under ``desk.core.paths.data_dir()`` means ``DESK_DATA_DIR`` redirects it
(tests get a private folder each, portable installs keep everything together).
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from desk.core import settings as core_settings
from desk.core.mt.info import EngineSettings
from desk.core.paths import data_dir
from desk.core.settings import SummaryPrefs, UserSettings

log = logging.getLogger(__name__)

MAX_RECENT = 10


class Settings:
    """Typed accessors over one QSettings INI file."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or data_dir() / "settings.ini"
        self._qs = QSettings(str(self.path), QSettings.Format.IniFormat)

    # --- raw -------------------------------------------------------------------------------
    def value(self, key: str, default: Any = None, kind: type | None = None) -> Any:
        raw = self._qs.value(key, default)
        if raw is None or kind is None:
            return raw
        try:
            if kind is bool:
                return raw if isinstance(raw, bool) else str(raw).lower() in {"1", "true", "yes"}
            return kind(raw)
        except (TypeError, ValueError):
            log.warning("ignoring bad setting %s=%r", key, raw)
            return default

    def set_value(self, key: str, value: Any) -> None:
        self._qs.setValue(key, value)

    def sync(self) -> None:
        self._qs.sync()

    # --- window layout ---------------------------------------------------------------------
    def geometry(self, name: str) -> QByteArray | None:
        raw = self._qs.value(f"layout/{name}")
        return raw if isinstance(raw, QByteArray) and not raw.isEmpty() else None

    def set_geometry(self, name: str, state: QByteArray) -> None:
        self._qs.setValue(f"layout/{name}", state)

    # --- recent files ----------------------------------------------------------------------
    def recent_files(self) -> list[str]:
        raw = self._qs.value("files/recent", [])
        items = [raw] if isinstance(raw, str) else list(raw) if isinstance(raw, (list, tuple)) else []
        return [str(p) for p in items if p][:MAX_RECENT]

    def add_recent_file(self, path: str) -> list[str]:
        items = [p for p in self.recent_files() if p != path]
        items.insert(0, path)
        items = items[:MAX_RECENT]
        self._qs.setValue("files/recent", items)
        return items

    def clear_recent_files(self) -> None:
        self._qs.setValue("files/recent", [])

    # --- translation -----------------------------------------------------------------------
    def preferred_model(self, direction: str) -> str:
        return self.value(core_settings.preferred_model_key(direction), "", str)

    def preferred_models(self) -> dict[str, str]:
        return self.user_settings().preferred_models

    def set_preferred_model(self, direction: str, model_id: str) -> None:
        self._qs.setValue(core_settings.preferred_model_key(direction), model_id)

    def engine_settings(self) -> EngineSettings:
        return core_settings.engine_settings(self._qs.value)

    def user_settings(self) -> UserSettings:
        """Everything the application layer needs, parsed as the command line parses settings.ini."""
        return core_settings.user_settings(self._qs.value)

    def set_engine_settings(self, s: EngineSettings) -> None:
        self._qs.setValue("engine/device", s.device)
        self._qs.setValue("engine/compute_type", s.compute_type)
        self._qs.setValue("engine/inter_threads", s.inter_threads)
        self._qs.setValue("engine/intra_threads", s.intra_threads)
        self._qs.setValue("engine/beam_size", s.beam_size)

    # --- summary ---------------------------------------------------------------------------
    def summary_prefs(self) -> SummaryPrefs:
        return core_settings.summary_prefs(self._qs.value)

    def set_summary_prefs(self, p: SummaryPrefs) -> None:
        for key in ("algorithm", "length_mode", "sentences", "ratio", "words", "source"):
            self._qs.setValue(f"summary/{key}", getattr(p, key))

    # --- first run -------------------------------------------------------------------------
    def first_run(self) -> bool:
        return not self.value("app/seen", False, bool)

    def mark_seen(self) -> None:
        self._qs.setValue("app/seen", True)
