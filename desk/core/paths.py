"""Where Desk keeps its files. Everything per-user lives under one data folder."""
from __future__ import annotations

import errno
import logging
import os
import tempfile
from pathlib import Path

import platformdirs

log = logging.getLogger(__name__)

APP_NAME = "desk"


def data_dir() -> Path:
    """Per-user data folder; ``DESK_DATA_DIR`` overrides it (tests, portable installs)."""
    override = os.environ.get("DESK_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    _make(path)
    return path


def _make(path: Path) -> None:
    """Create a folder of the data folder when possible; on a read-only disk what exists still
    reads, and whatever writes there says why it cannot (see :func:`writable`)."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        if not path.is_dir():
            log.debug("cannot create %s: %s", path, err)


def writable(folder: Path) -> bool:
    """Whether files can be created in ``folder`` (tried for real: permissions alone do not tell,
    e.g. for root or on a read-only mount). False when it does not exist."""
    try:
        with tempfile.TemporaryFile(dir=folder, prefix=".desk-probe-"):
            return True
    except OSError as err:
        if err.errno not in (errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOENT, errno.ENOTDIR, errno.ENOSPC):
            raise
        return False


def models_dir() -> Path:
    path = data_dir() / "models"
    _make(path)
    return path


def resources_dir() -> Path:
    """The project's ``resources/`` folder (source tree / editable install, or a bundle)."""
    env = os.environ.get("DESK_RESOURCES_DIR")
    if env:
        return Path(env)
    here = Path(__file__).resolve()
    for candidate in (here.parents[2] / "resources", here.parents[1] / "resources"):
        if candidate.is_dir():
            return candidate
    return here.parents[2] / "resources"


def catalog_path() -> Path:
    """The model catalog shipped in ``models/catalog.json``."""
    env = os.environ.get("DESK_CATALOG")
    if env:
        return Path(env)
    here = Path(__file__).resolve()
    for candidate in (here.parents[2] / "models" / "catalog.json", here.parents[1] / "models" / "catalog.json"):
        if candidate.is_file():
            return candidate
    return here.parents[2] / "models" / "catalog.json"
