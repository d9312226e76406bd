"""The SQLite files Desk keeps in the data folder (translation memory, glossary): opened one way.

``connect`` creates the parent folder, opens the database for use from several threads (callers
serialise access with their own lock), turns on write-ahead logging for files, optionally
``synchronous=FULL`` (a confirmed pair survives a power cut), and applies the schema. Any failure,
from a corrupt file to a data folder that cannot be created, becomes the caller's ``DeskError``.
:class:`SqliteHolder` gives the owning class ``close`` and ``with`` support; :class:`AddResult`
counts what a bulk add (an import) did; :func:`where_direction` filters rows by language pair.
"""
from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Self

from desk.core.errors import DeskError

MEMORY = ":memory:"


@dataclass
class AddResult:
    """What adding many pairs did: new rows, rows already there (updated), input rows skipped."""

    added: int = 0
    updated: int = 0
    skipped: int = 0


def connect(path: Path | str, schema: str, error: type[DeskError], what: str, *,
            synchronous_full: bool = False, user_version: int | None = None) -> sqlite3.Connection:
    """Open (creating if needed) the database ``path`` with ``schema``; ``what`` names it in errors."""
    name = str(path)
    try:
        if name != MEMORY:
            Path(name).parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(name, check_same_thread=False, timeout=10.0)
        if name != MEMORY:
            db.execute("PRAGMA journal_mode=WAL")
        if synchronous_full:
            db.execute("PRAGMA synchronous=FULL")
        with db:
            db.executescript(schema)
            if user_version is not None:
                db.execute(f"PRAGMA user_version={int(user_version)}")
    except (sqlite3.DatabaseError, OSError) as err:
        raise error(f"Cannot open {what} {name}: {err}") from err
    return db


def where_direction(source_lang: str | None, target_lang: str | None) -> tuple[str, list[str]]:
    """A `` WHERE`` clause keeping one language direction (``""`` when neither is given) and its
    parameters; an empty or missing language matches any."""
    conditions, params = [], []
    for column, lang in (("source_lang", source_lang), ("target_lang", target_lang)):
        if lang:
            conditions.append(f"{column} = ?")
            params.append(lang)
    return (" WHERE " + " AND ".join(conditions) if conditions else ""), params


class SqliteHolder:
    """``close()`` and context-manager support for a class owning ``_db`` guarded by ``_lock``."""

    _db: sqlite3.Connection
    _lock: threading.RLock

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
