"""The SQLite files Desk keeps in the data folder (translation memory, glossary): opened one way.

``connect`` creates the parent folder, opens the database for use from several threads (callers
serialise access with their own lock), turns on write-ahead logging for files, optionally
``synchronous=FULL`` (a confirmed pair survives a power cut), and applies the schema. In a data
folder that cannot be written it opens the file read-only (reading works, saving says why not).
Every failure, when opening or on any later statement, becomes the caller's ``DeskError`` with a
message naming the file: a damaged file says how to recover. :func:`check_file` tells whether a
file is sound. :class:`SqliteHolder` gives the owning class ``close`` and ``with`` support;
:class:`AddResult` counts what a bulk add (an import) did; :func:`where_direction` filters rows by
language pair.
"""
from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, Self
from urllib.parse import quote

from desk.core.errors import DeskError
from desk.core.paths import writable

if TYPE_CHECKING:
    from sqlite3 import _Parameters  # the stubs' name for what execute() takes

MEMORY = ":memory:"
_DAMAGE = ("malformed", "not a database", "corrupt", "database disk image")


@dataclass
class AddResult:
    """What adding many pairs did: new rows, rows already there (updated), input rows skipped."""

    added: int = 0
    updated: int = 0
    skipped: int = 0


@dataclass(frozen=True)
class Store:
    """Which file a connection is, for messages: ``what`` ("the translation memory"), its path,
    the caller's error type, how to recover a damaged file, and whether it was opened read-only."""

    what: str
    name: str
    error: type[DeskError]
    recover: str
    read_only: bool = False

    def explain(self, err: sqlite3.Error) -> DeskError:
        message = str(err)
        if "readonly" in message:
            where = "its folder is read-only" if self.read_only else "the file or its folder is read-only"
            return self.error(f"Cannot save to {self.what} {self.name}: {where} "
                              "(choose another data folder, or set DESK_DATA_DIR)")
        if is_damage(err):
            what = self.what.removeprefix("the ")
            return self.error(f"The {what} {self.name} is damaged ({message}). {self.recover}")
        return self.error(f"Cannot use {self.what} {self.name}: {message}")


def is_damage(err: sqlite3.Error) -> bool:
    """A damaged file (rather than a locked one, a full disk…)."""
    return type(err) is sqlite3.DatabaseError or any(word in str(err).lower() for word in _DAMAGE)


class _Cursor(sqlite3.Cursor):
    """Fetching can meet a damaged page too: those errors become the store's."""

    store: Store

    def fetchone(self) -> Any:
        try:
            return super().fetchone()
        except sqlite3.Error as err:
            raise self.store.explain(err) from err

    def fetchall(self) -> list[Any]:
        try:
            return super().fetchall()
        except sqlite3.Error as err:
            raise self.store.explain(err) from err

    def __next__(self) -> Any:
        try:
            return super().__next__()
        except sqlite3.Error as err:
            raise self.store.explain(err) from err


class Connection(sqlite3.Connection):
    """A connection whose every SQLite error is the owning store's ``DeskError``."""

    store: Store

    def execute(self, sql: str, parameters: _Parameters = (), /) -> sqlite3.Cursor:
        cursor = self.cursor(_Cursor)
        cursor.store = self.store
        try:
            return cursor.execute(sql, parameters)
        except sqlite3.Error as err:
            raise self.store.explain(err) from err

    def executescript(self, script: str, /) -> sqlite3.Cursor:
        try:
            return super().executescript(script)
        except sqlite3.Error as err:
            raise self.store.explain(err) from err

    def commit(self) -> None:
        try:
            super().commit()
        except sqlite3.Error as err:
            raise self.store.explain(err) from err

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None, /) -> Literal[False]:
        try:
            return super().__exit__(kind, value, traceback)
        except sqlite3.Error as err:
            raise self.store.explain(err) from err


DEFAULT_RECOVER = "To recover, close Desk and move the file aside (keep the copy): Desk starts a new, empty one."


def connect(path: Path | str, schema: str, error: type[DeskError], what: str, *,
            synchronous_full: bool = False, user_version: int | None = None,
            recover: str = DEFAULT_RECOVER) -> Connection:
    """Open (creating if needed) the database ``path`` with ``schema``; ``what`` names it in errors."""
    name = str(path)
    store = Store(what, name, error, recover)
    try:
        if name != MEMORY:
            Path(name).parent.mkdir(parents=True, exist_ok=True)
            if not writable(Path(name).parent):
                return _connect_read_only(Path(name), schema, Store(what, name, error, recover, read_only=True))
        db = sqlite3.connect(name, check_same_thread=False, timeout=10.0, factory=Connection)
        db.store = store
        if name != MEMORY:
            db.execute("PRAGMA journal_mode=WAL")
        if synchronous_full:
            db.execute("PRAGMA synchronous=FULL")
        with db:
            db.executescript(schema)
            if user_version is not None:
                db.execute(f"PRAGMA user_version={int(user_version)}")
    except sqlite3.Error as err:
        raise store.explain(err) from err
    except OSError as err:
        raise error(f"Cannot open {what} {name}: {err.strerror or err}") from err
    return db


def _connect_read_only(path: Path, schema: str, store: Store) -> Connection:
    """The file as it is, for reading (``immutable``: nobody can change it in a read-only
    folder, and SQLite need not create its lock files); an empty store when there is none."""
    if path.exists():
        db = sqlite3.connect(f"file:{quote(str(path))}?mode=ro&immutable=1", uri=True,
                             check_same_thread=False, factory=Connection)
        db.store = store
        db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()  # a file that is no database fails here
        return db
    db = sqlite3.connect(MEMORY, check_same_thread=False, factory=Connection)
    db.store = store
    db.executescript(schema)
    db.execute("PRAGMA query_only=ON")  # saving fails with the store's read-only message
    return db


def check_file(path: Path | str, quick: bool = False) -> list[str]:
    """The problems SQLite's integrity check finds in ``path`` (read-only; [] when it is sound).
    ``quick``: the faster check (no index contents), for a look when the window opens."""
    immutable = "&immutable=1" if not writable(Path(path).parent) else ""  # no lock files can be made there
    try:
        db = sqlite3.connect(f"file:{quote(str(path))}?mode=ro{immutable}", uri=True)
    except sqlite3.Error as err:
        return [str(err)]
    try:
        rows = db.execute("PRAGMA quick_check(20)" if quick else "PRAGMA integrity_check(20)").fetchall()
    except sqlite3.Error as err:
        return [str(err)]
    finally:
        db.close()
    problems = [line for row in rows for line in str(row[0]).splitlines() if line and not line.startswith("***")]
    return [] if problems == ["ok"] else problems


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
