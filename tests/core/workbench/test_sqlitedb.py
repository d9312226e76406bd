"""desk.core.workbench.sqlitedb: how the memory and the glossary open their SQLite files."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest

from desk.core.errors import DeskError
from desk.core.workbench.glossary import Glossary, GlossaryError
from desk.core.workbench.memory import MemoryStoreError, TranslationMemory
from desk.core.workbench.sqlitedb import SqliteHolder, connect, where_direction

SCHEMA = "CREATE TABLE IF NOT EXISTS t (x INTEGER);"


class OpenError(DeskError):
    pass


def test_connect_creates_folder_wal_and_schema(tmp_path: Path) -> None:
    db = connect(tmp_path / "a" / "b.sqlite", SCHEMA, OpenError, "the test db", synchronous_full=True, user_version=3)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA user_version").fetchone()[0] == 3
    db.execute("INSERT INTO t VALUES (1)")
    db.close()


def test_in_memory_database_writes_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    db = connect(":memory:", SCHEMA, OpenError, "the test db")
    db.execute("INSERT INTO t VALUES (1)")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("cls, error", [(TranslationMemory, MemoryStoreError), (Glossary, GlossaryError)])
def test_unusable_files_are_the_callers_error(cls: type, error: type, tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"this is not a database" * 100)
    with pytest.raises(error, match="garbage.sqlite"):
        cls(garbage)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(error, match="Cannot open"):  # the folder cannot be created: was an OSError
        cls(blocker / "sub" / "db.sqlite")


def test_holder_closes_under_its_lock(tmp_path: Path) -> None:
    class Owner(SqliteHolder):
        def __init__(self) -> None:
            self._lock = threading.RLock()
            self._db = connect(tmp_path / "o.sqlite", SCHEMA, OpenError, "the owner db")

    with Owner() as owner:
        owner._db.execute("SELECT 1")
    with pytest.raises(Exception, match="closed"):
        owner._db.execute("SELECT 1")


def test_memory_and_glossary_filter_a_direction_the_same_way() -> None:
    assert where_direction(None, "") == ("", [])
    assert where_direction("ar", None) == (" WHERE source_lang = ?", ["ar"])
    memory, glossary = TranslationMemory(":memory:"), Glossary(":memory:")
    for src, tgt in (("ar", "en"), ("en", "ar"), ("ar", "fr")):
        memory.add(f"{src} text", f"{tgt} text", src, tgt)
        glossary.add(f"{src} term", f"{tgt} term", src, tgt)
    for direction, kept in (((None, None), ["ar-en", "en-ar", "ar-fr"]), (("ar", None), ["ar-en", "ar-fr"]),
                            ((None, "ar"), ["en-ar"]), (("ar", "en"), ["ar-en"]), (("", "fr"), ["ar-fr"])):
        assert [f"{e.source_lang}-{e.target_lang}" for e in memory.entries(*direction)] == kept
        assert [f"{t.source_lang}-{t.target_lang}" for t in glossary.terms(*direction)] == kept
    memory.close()
    glossary.close()


# --- damaged files and read-only folders (issue 14, items 9 and 10) --------------------------------


def test_damage_found_deep_inside_is_the_callers_error_naming_the_file(tmp_path: Path) -> None:
    from tests.hostile.files import damaged_memory

    path = damaged_memory(tmp_path / "memory.sqlite")
    with pytest.raises(MemoryStoreError) as err:
        with TranslationMemory(path) as memory:  # opening works: the header is intact
            memory.stats()
    message = str(err.value)
    assert f"The translation memory {path} is damaged" in message
    assert "move the file aside" in message and "desk tm check" in message
    assert "\n" not in message


def test_check_file_tells_sound_from_damaged(tmp_path: Path) -> None:
    from desk.core.workbench.sqlitedb import check_file
    from tests.hostile.files import damaged_memory

    sound = tmp_path / "sound.sqlite"
    TranslationMemory(sound).close()
    assert check_file(sound) == []
    problems = check_file(damaged_memory(tmp_path / "memory.sqlite"))
    assert problems and all(isinstance(p, str) and "\n" not in p for p in problems)
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"not a database at all" * 300)
    assert check_file(garbage)


@pytest.fixture
def read_only_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    """The data folder refuses new files (root writes anywhere, so the probe is told so)."""
    from desk.core.workbench import sqlitedb

    monkeypatch.setattr(sqlitedb, "writable", lambda folder: False)


def test_read_only_folder_reads_and_refuses_saving_clearly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "memory.sqlite"
    with TranslationMemory(path) as memory:
        memory.add("The council met.", "اجتمع المجلس.", "en", "ar")
    from desk.core.workbench import sqlitedb

    monkeypatch.setattr(sqlitedb, "writable", lambda folder: False)
    before = sorted(p.name for p in tmp_path.iterdir())
    with TranslationMemory(path) as memory:
        assert memory.stats().entries == 1
        assert memory.lookup("The council met.", "en", "ar").target == "اجتمع المجلس."
        refused = r"Cannot save to the translation memory .*memory\.sqlite: its folder is read-only"
        with pytest.raises(MemoryStoreError, match=refused):
            memory.add("New.", "جديد.", "en", "ar")
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # immutable: not even lock files


def test_read_only_folder_without_a_file_is_an_empty_store(tmp_path: Path, read_only_folder: None) -> None:
    with Glossary(tmp_path / "glossary.sqlite") as glossary:
        assert len(glossary) == 0
        with pytest.raises(GlossaryError, match="read-only"):
            glossary.add("council", "مجلس", "en", "ar")
    assert list(tmp_path.iterdir()) == []
