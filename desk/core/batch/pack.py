"""What cluster workers need from the driver's data folder, as one archive in Ray's object store.

A worker must translate exactly as the driver's machine would: the same model files, the same
translation memory and glossary, the same ``settings.ini``. :func:`pack_data` puts those in one
uncompressed tar (models are already compact): the installed folders of the models a run uses
(``models/<id>/``), consistent snapshots of ``memory.sqlite`` and ``glossary.sqlite`` (SQLite's
backup, so a write in progress on the driver cannot tear them) and ``settings.ini``.
:func:`unpack_data` unpacks it once per machine into a folder named by the archive's hash, so
every worker of a machine (and a later run with the same data) shares it.
"""
from __future__ import annotations

import hashlib
import io
import logging
import os
import shutil
import sqlite3
import tarfile
import tempfile
from collections.abc import Iterable
from pathlib import Path

from desk.core.mt.info import ModelInfo
from desk.core.paths import data_dir

log = logging.getLogger(__name__)

DATA_FILES = ("settings.ini",)
DATABASES = ("memory.sqlite", "glossary.sqlite")
DONE_MARK = ".unpacked"


def pack_data(models: Iterable[ModelInfo], folder: Path | None = None) -> bytes:
    """The models' installed folders and the data folder's memory, glossary and settings."""
    folder = folder or data_dir()
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar, tempfile.TemporaryDirectory(prefix="desk-pack-") as tmp:
        added: set[Path] = set()
        for info in models:
            path = Path(info.path)
            if path not in added:
                added.add(path)
                tar.add(path, arcname=f"models/{path.name}")
        for name in DATA_FILES:
            if (folder / name).is_file():
                tar.add(folder / name, arcname=name)
        for name in DATABASES:
            if (folder / name).is_file():
                copy = Path(tmp) / name
                _snapshot(folder / name, copy)
                tar.add(copy, arcname=name)
    data = buffer.getvalue()
    log.info("packed %d model(s) and the data folder for the workers: %.1f MB", len(added), len(data) / 1e6)
    return data


def _snapshot(source: Path, dest: Path) -> None:
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(dest)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def unpack_data(data: bytes, root: Path | None = None) -> Path:
    """The folder holding ``data`` unpacked (under ``root``, default the system's temporary
    folder); unpacked only if no earlier worker did it."""
    root = Path(root or tempfile.gettempdir())
    dest = root / f"desk-worker-{hashlib.sha256(data).hexdigest()[:20]}"
    if (dest / DONE_MARK).is_file():
        return dest
    staging = Path(tempfile.mkdtemp(prefix=".desk-worker-", dir=root))
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r") as tar:
            tar.extractall(staging, filter="data")
        (staging / DONE_MARK).touch()
        try:
            os.rename(staging, dest)
        except OSError:  # another worker of this machine finished first
            if not (dest / DONE_MARK).is_file():
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return dest
