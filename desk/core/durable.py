"""Saving files so that a crash or a full disk never leaves a half-written one.

``atomic_write`` writes to a temporary file in the same folder, ``fsync``s it, renames it over the
target with ``os.replace`` and ``fsync``s the folder, so the rename itself survives a power cut:
readers (and the user after a crash) see either the old file or the complete new one. Used for
everything Desk writes that a person cares about: post-editing autosaves, exports and briefs,
batch state, TMX/XLIFF/TBX/CSV exports, download resume state.

``save_file`` is the same with user-facing errors: an ``OSError`` becomes the caller's
:class:`~desk.core.errors.DeskError` subclass with "Cannot write PATH: reason".
"""
from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

from desk.core.errors import DeskError

log = logging.getLogger(__name__)


def atomic_write(path: Path | str, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically and durably (parent folders are created)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
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
