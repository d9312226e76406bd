"""The translation memory: confirmed sentence pairs, kept in SQLite in the user data folder.

One file, ``data_dir()/memory.sqlite`` (WAL journal, so a crash never corrupts it). Each entry is
a pair (source text, target text) for one direction (``source_lang`` → ``target_lang``) with its
origin (``edited``: post-edited by a person, ``machine``: machine output confirmed unchanged,
``memory``: reused from the memory and confirmed, ``import``: read from a TMX file), timestamps
and where it came from (article id, source file).

Lookups:

* **exact** (:meth:`TranslationMemory.lookup`, :meth:`~TranslationMemory.prefill`): the source is
  compared after whitespace normalisation (runs of spaces collapsed, ends stripped, Unicode NFC);
  case and punctuation count. When one source has several translations, the most recently
  updated one wins.
* **fuzzy** (:meth:`~TranslationMemory.suggest`): an FTS5 trigram index picks candidates sharing
  words with the query (so it stays fast with 100k entries), then rapidfuzz scores them 0-100
  (normalised Indel similarity of the whole sentences; 100 only for identical text).

Typical use::

    tm = TranslationMemory()                    # data_dir()/memory.sqlite
    tm.add("قال الرئيس", "The president said", "ar", "en", origin="edited")
    tm.prefill(article, "ar", "en")              # {"p0s1": Target(..., origin="memory")}
    tm.suggest("قال الرئيس أمس", "ar", "en")      # [Match(entry=..., score=83.3)]

The object is safe to share between threads (one connection behind a lock).
"""
from __future__ import annotations

import logging
import re
import sqlite3
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from rapidfuzz import fuzz

from desk.core.errors import DeskError
from desk.core.model import Article, Target
from desk.core.paths import data_dir
from desk.core.workbench.sqlitedb import AddResult, SqliteHolder, connect, where_direction

log = logging.getLogger(__name__)

MEMORY_FILE = "memory.sqlite"
_SCHEMA_VERSION = 1
_CANDIDATES = 200  # fuzzy candidates fetched from the index before scoring
_MAX_QUERY_WORDS = 24
_WORD = re.compile(r"\w{3,}")
_SPACE = re.compile(r"\s+")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    id INTEGER PRIMARY KEY,
    source_lang TEXT NOT NULL,
    target_lang TEXT NOT NULL,
    source_key TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    origin TEXT NOT NULL,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    article_id TEXT NOT NULL DEFAULT '',
    source_ref TEXT NOT NULL DEFAULT '',
    UNIQUE (source_lang, target_lang, source_key, target)
);
CREATE INDEX IF NOT EXISTS entries_lookup ON entries (source_lang, target_lang, source_key, updated);
CREATE VIRTUAL TABLE IF NOT EXISTS entries_fts USING fts5(
    source_key, content='entries', content_rowid='id', tokenize='trigram'
);
CREATE TRIGGER IF NOT EXISTS entries_ai AFTER INSERT ON entries BEGIN
    INSERT INTO entries_fts(rowid, source_key) VALUES (new.id, new.source_key);
END;
CREATE TRIGGER IF NOT EXISTS entries_ad AFTER DELETE ON entries BEGIN
    INSERT INTO entries_fts(entries_fts, rowid, source_key) VALUES ('delete', old.id, old.source_key);
END;
CREATE TRIGGER IF NOT EXISTS entries_au AFTER UPDATE OF source_key ON entries BEGIN
    INSERT INTO entries_fts(entries_fts, rowid, source_key) VALUES ('delete', old.id, old.source_key);
    INSERT INTO entries_fts(rowid, source_key) VALUES (new.id, new.source_key);
END;
"""

_COLUMNS = "id, source, target, source_lang, target_lang, origin, created, updated, article_id, source_ref"
_E_COLUMNS = ", ".join("e." + c.strip() for c in _COLUMNS.split(","))


RECOVER = ("Translating goes on without it. To recover, close Desk and move the file aside (keep the copy): "
           "Desk starts a new, empty memory; `desk tm check FILE` says whether a memory file is sound.")


class MemoryStoreError(DeskError):
    """The memory file cannot be opened or written (disk full, damaged, read-only folder…)."""


def normalize_text(text: str) -> str:
    """The key exact matches compare: NFC, whitespace runs collapsed, ends stripped; case kept."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@dataclass
class MemoryEntry:
    source: str
    target: str
    source_lang: str
    target_lang: str
    origin: str = "edited"  # edited | machine | memory | import
    created: str = ""  # ISO 8601, UTC
    updated: str = ""
    article_id: str = ""
    source_ref: str = ""  # the article's file, or the TMX file it was imported from
    id: int | None = None


@dataclass
class Match:
    """A fuzzy suggestion: ``score`` 0-100, ``exact`` when the normalised sources are equal."""

    entry: MemoryEntry
    score: float
    exact: bool = False


@dataclass
class MemoryStats:
    path: str
    entries: int
    directions: dict[str, int] = field(default_factory=dict)  # "ar-en" → count
    origins: dict[str, int] = field(default_factory=dict)  # "edited" → count
    last_updated: str = ""


def _row_entry(row: tuple) -> MemoryEntry:
    (id_, source, target, src, tgt, origin, created, updated, article_id, source_ref) = row
    return MemoryEntry(source, target, src, tgt, origin, created, updated, article_id, source_ref, id_)


def _fts_query(text: str) -> str | None:
    """An FTS5 query matching any of the longer words of ``text`` (trigram index: substrings)."""
    words = sorted(set(_WORD.findall(text)), key=len, reverse=True)[:_MAX_QUERY_WORDS]
    if not words:
        return None
    return " OR ".join('"' + w.replace('"', '""') + '"' for w in words)


class TranslationMemory(SqliteHolder):
    """A translation memory in one SQLite file (default ``data_dir()/memory.sqlite``)."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else data_dir() / MEMORY_FILE
        self._lock = threading.RLock()
        self._db = connect(self.path, _SCHEMA, MemoryStoreError, "the translation memory",
                           synchronous_full=True, user_version=_SCHEMA_VERSION, recover=RECOVER)

    # --- life cycle (close, with: SqliteHolder) -------------------------------------------------

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM entries").fetchone()[0])

    # --- writing -------------------------------------------------------------------------------

    def add(
        self,
        source: str,
        target: str,
        source_lang: str,
        target_lang: str,
        origin: str = "edited",
        *,
        article_id: str = "",
        source_ref: str = "",
    ) -> MemoryEntry:
        """Store a confirmed pair. The same pair again only refreshes its date, origin and refs."""
        entry = MemoryEntry(source, target, source_lang, target_lang, origin, article_id=article_id,
                            source_ref=source_ref)
        with self._lock, self._db:  # one transaction: commit, or roll back on error
            self._upsert(entry)
        found = self._get(source_lang, target_lang, normalize_text(source), target.strip())
        assert found is not None
        return found

    def add_many(self, entries: Iterable[MemoryEntry]) -> AddResult:
        """Store many pairs in one transaction (TMX import). Empty sources/targets are skipped."""
        result = AddResult()
        with self._lock, self._db:  # one transaction: commit, or roll back on error
            for entry in entries:
                outcome = self._upsert(entry)
                if outcome == "added":
                    result.added += 1
                elif outcome == "updated":
                    result.updated += 1
                else:
                    result.skipped += 1
        return result

    def delete(self, entry_id: int) -> bool:
        with self._lock, self._db:  # one transaction: commit, or roll back on error
            return self._db.execute("DELETE FROM entries WHERE id = ?", (entry_id,)).rowcount > 0

    def clear(self) -> None:
        with self._lock, self._db:  # one transaction: commit, or roll back on error
            self._db.execute("DELETE FROM entries")

    def _upsert(self, entry: MemoryEntry) -> str:
        key = normalize_text(entry.source)
        target = entry.target.strip()
        if not key or not target:
            return "skipped"
        stamp = now_iso()
        created = entry.created or stamp
        updated = entry.updated or stamp
        old = self._db.execute(
            "SELECT id FROM entries WHERE source_lang=? AND target_lang=? AND source_key=? AND target=?",
            (entry.source_lang, entry.target_lang, key, target),
        ).fetchone()
        try:
            if old is None:
                self._db.execute(
                    "INSERT INTO entries (source_lang, target_lang, source_key, source, target, origin, created,"
                    " updated, article_id, source_ref) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (entry.source_lang, entry.target_lang, key, entry.source.strip(), target, entry.origin,
                     created, updated, entry.article_id, entry.source_ref),
                )
                return "added"
            self._db.execute(
                "UPDATE entries SET origin=?, updated=MAX(updated, ?), article_id=COALESCE(NULLIF(?, ''), article_id),"
                " source_ref=COALESCE(NULLIF(?, ''), source_ref) WHERE id=?",
                (entry.origin, updated, entry.article_id, entry.source_ref, old[0]),
            )
            return "updated"
        except sqlite3.DatabaseError as err:
            raise MemoryStoreError(f"Cannot write to the translation memory {self.path}: {err}") from err

    # --- reading -------------------------------------------------------------------------------

    def _get(self, src: str, tgt: str, key: str, target: str) -> MemoryEntry | None:
        with self._lock:
            row = self._db.execute(
                f"SELECT {_COLUMNS} FROM entries WHERE source_lang=? AND target_lang=? AND source_key=? AND target=?",
                (src, tgt, key, target),
            ).fetchone()
        return _row_entry(row) if row else None

    def lookup(self, text: str, source_lang: str, target_lang: str) -> MemoryEntry | None:
        """The exact match for ``text`` (normalised whitespace, same case), newest first; or None."""
        key = normalize_text(text)
        if not key:
            return None
        with self._lock:
            row = self._db.execute(
                f"SELECT {_COLUMNS} FROM entries WHERE source_lang=? AND target_lang=? AND source_key=?"
                " ORDER BY updated DESC, id DESC LIMIT 1",
                (source_lang, target_lang, key),
            ).fetchone()
        return _row_entry(row) if row else None

    def prefill(self, article: Article, source_lang: str, target_lang: str) -> dict[str, Target]:
        """Targets (origin ``"memory"``) for every sentence of ``article`` with an exact match.

        Pass the result as ``prefilled=`` to ``translate_article`` so those sentences skip the model.
        """
        out: dict[str, Target] = {}
        for sentence in article.all_sentences():
            entry = self.lookup(sentence.text, source_lang, target_lang)
            if entry is not None:
                out[sentence.id] = Target(entry.target, origin="memory")
        log.debug("memory prefilled %d sentence(s) of %s", len(out), article.id)
        return out

    def suggest(
        self, text: str, source_lang: str, target_lang: str, limit: int = 5, min_score: float = 60.0
    ) -> list[Match]:
        """Close matches for ``text``, best first, each with a 0-100 score (≥ ``min_score``)."""
        key = normalize_text(text)
        query = _fts_query(key)
        if query is None:
            exact = self.lookup(key, source_lang, target_lang)
            return [Match(exact, 100.0, True)] if exact else []
        with self._lock:
            rows = self._db.execute(
                f"SELECT {_E_COLUMNS}, e.source_key"
                " FROM entries_fts JOIN entries e ON e.id = entries_fts.rowid"
                " WHERE entries_fts MATCH ? AND e.source_lang = ? AND e.target_lang = ?"
                " ORDER BY entries_fts.rank LIMIT ?",
                (query, source_lang, target_lang, _CANDIDATES),
            ).fetchall()
        matches: list[Match] = []
        exact = self.lookup(key, source_lang, target_lang)
        if exact is not None:  # always offered first, whatever the index ranked
            matches.append(Match(exact, 100.0, True))
        for row in rows:
            candidate_key = row[-1]
            if exact is not None and row[0] == exact.id:
                continue
            score = 100.0 if candidate_key == key else min(99.0, fuzz.ratio(key, candidate_key))
            if score >= min_score:
                matches.append(Match(_row_entry(row[:-1]), round(score, 1), candidate_key == key))
        matches.sort(key=lambda m: (m.score, m.entry.updated), reverse=True)
        return matches[:limit]

    def entries(self, source_lang: str | None = None, target_lang: str | None = None) -> Iterator[MemoryEntry]:
        """All entries (optionally of one direction), oldest first."""
        where, params = where_direction(source_lang, target_lang)
        sql = f"SELECT {_COLUMNS} FROM entries" + where
        with self._lock:
            rows = self._db.execute(sql + " ORDER BY id", params).fetchall()
        for row in rows:
            yield _row_entry(row)

    def directions(self) -> list[tuple[str, str]]:
        """The language pairs present, most entries first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT source_lang, target_lang FROM entries GROUP BY 1, 2 ORDER BY COUNT(*) DESC"
            ).fetchall()
        return [(a, b) for a, b in rows]

    def stats(self) -> MemoryStats:
        with self._lock:
            total = int(self._db.execute("SELECT COUNT(*) FROM entries").fetchone()[0])
            directions = {
                f"{a}-{b}": n
                for a, b, n in self._db.execute(
                    "SELECT source_lang, target_lang, COUNT(*) FROM entries GROUP BY 1, 2 ORDER BY 3 DESC"
                )
            }
            rows = self._db.execute("SELECT origin, COUNT(*) FROM entries GROUP BY 1 ORDER BY 2 DESC")
            origins = {o: n for o, n in rows}
            last = self._db.execute("SELECT MAX(updated) FROM entries").fetchone()[0] or ""
        return MemoryStats(str(self.path), total, directions, origins, last)
