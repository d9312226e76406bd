"""desk.core.durable: atomic, durable saves shared by exports, autosave, batch state and downloads."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from desk.core import durable
from desk.core.durable import atomic_write, save_file
from desk.core.errors import DeskError


class SaveError(DeskError):
    pass


def test_atomic_write_creates_and_replaces(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "folder" / "brief.md"
    atomic_write(path, b"first")
    atomic_write(path, b"second, longer")
    assert path.read_bytes() == b"second, longer"
    assert sorted(p.name for p in path.parent.iterdir()) == ["brief.md"]


def test_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "work.json"
    atomic_write(path, b'{"old": true}')

    def crash(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        atomic_write(path, b'{"new": true}')
    assert path.read_bytes() == b'{"old": true}'
    assert [p.name for p in tmp_path.iterdir()] == ["work.json"]


def test_interrupted_write_leaves_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupt(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(tmp_path / "a.txt", b"data")
    assert list(tmp_path.iterdir()) == []


def test_file_and_folder_are_fsynced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[int] = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real(fd)))
    atomic_write(tmp_path / "a.txt", b"data")
    assert len(synced) == (2 if hasattr(os, "O_DIRECTORY") else 1)


def test_save_file_text_and_error_class(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    save_file(path, "نص عربي", SaveError)
    assert path.read_text(encoding="utf-8") == "نص عربي"
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(SaveError, match=r"Cannot write .*file.*inside\.txt"):
        save_file(blocker / "inside.txt", b"x", SaveError)


def test_folder_fsync_failure_is_not_fatal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = os.open

    def no_dirs(path: object, flags: int, *args: object) -> int:
        if flags & getattr(os, "O_DIRECTORY", 0):
            raise OSError(22, "Invalid argument")
        return real_open(path, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", no_dirs)
    durable.atomic_write(tmp_path / "a.txt", b"ok")
    assert (tmp_path / "a.txt").read_bytes() == b"ok"


@pytest.mark.parametrize("umask", [0o022, 0o002, 0o077])
def test_saved_files_follow_the_umask_like_an_ordinary_save(tmp_path: Path, umask: int) -> None:
    old = os.umask(umask)
    try:
        path = tmp_path / "export.tmx"
        save_file(path, "data")
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask


def test_replacing_a_file_keeps_its_permissions(tmp_path: Path) -> None:
    path = tmp_path / "brief.md"
    path.write_text("old")
    path.chmod(0o640)
    atomic_write(path, b"new")
    assert path.read_bytes() == b"new" and path.stat().st_mode & 0o777 == 0o640


def test_a_full_disk_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ENOSPC from write/fsync carries no file name: `desk brief` said only "No space left on device"."""
    import errno

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(durable.os, "fsync", full)
    target = tmp_path / "briefs" / "brief.docx"
    with pytest.raises(OSError) as err:
        atomic_write(target, b"data")
    assert err.value.errno == errno.ENOSPC and err.value.filename == str(target)
    assert list((tmp_path / "briefs").iterdir()) == []
    with pytest.raises(DeskError, match=rf"Cannot write {target}: No space left on device"):
        save_file(target, b"data", DeskError)
