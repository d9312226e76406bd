"""Saving files so that a crash or a full disk never leaves a half-written one.

``atomic_write`` writes to a temporary file in the same folder, ``fsync``s it, renames it over the
target with ``os.replace`` and ``fsync``s the folder, so the rename itself survives a power cut:
readers (and the user after a crash) see either the old file or the complete new one. The new
file gets the permissions an ordinary save would: the replaced file's, or the user's umask. Used for
everything Desk writes that a person cares about: post-editing autosaves, exports and briefs,
batch state, TMX/XLIFF/TBX/CSV exports, download resume state.

``save_file`` is the same with user-facing errors: an ``OSError`` becomes the caller's
:class:`~desk.core.errors.DeskError` subclass with "Cannot write PATH: reason".
"""
from __future__ import annotations

import logging
import os
import secrets
import stat
from pathlib import Path

from desk.core.errors import DeskError

log = logging.getLogger(__name__)


def _open_temporary(path: Path) -> tuple[int, str]:
    """A new temporary file beside ``path``, with the permissions a plain ``open()`` would give:
    those of the file it replaces, or 0666 less the user's umask (``mkstemp`` would make it 0600)."""
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        mode = None
    for _attempt in range(100):
        tmp = str(path.parent / f".{path.name}.{secrets.token_hex(4)}.part")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
        except FileExistsError:
            continue
        if mode is not None and hasattr(os, "fchmod"):
            try:
                os.fchmod(fd, mode)
            except OSError as err:  # not the owner of the old file: keep the umask's mode
                log.debug("cannot copy the mode of %s: %s", path, err)
        return fd, tmp
    raise FileExistsError(f"no free temporary name beside {path}")


def atomic_write(path: Path | str, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically and durably (parent folders are created)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _open_temporary(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as err:
        Path(tmp).unlink(missing_ok=True)
        if err.filename is None:  # a full disk says "No space left on device" without saying where
            raise type(err)(err.errno, err.strerror or str(err), str(path)) from err
        raise
    except BaseException:  # also KeyboardInterrupt: never leave the temporary file behind
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_folder(path.parent)


def _fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; a no-op where folders cannot be opened)."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    try:
        dir_fd = os.open(folder, os.O_DIRECTORY)
    except OSError as err:  # some file systems refuse to open folders: the data is written anyway
        log.debug("cannot fsync folder %s: %s", folder, err)
        return
    try:
        os.fsync(dir_fd)
    except OSError as err:
        log.debug("fsync of folder %s failed: %s", folder, err)
    finally:
        os.close(dir_fd)


def save_file(path: Path | str, data: bytes | str, error: type[DeskError] = DeskError) -> None:
    """:func:`atomic_write` (``str`` as UTF-8); an ``OSError`` is raised as ``error`` for people."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        atomic_write(path, payload)
    except OSError as err:
        raise error(f"Cannot write {path}: {err.strerror or err}") from err
