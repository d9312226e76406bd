"""Private working folders inside the model store (``.tmp/install-*``, ``found-*``, ``remove-*``).

Each folder records the process that made it (``.owner``: host and pid). A folder whose process is
gone (a crash, a kill) is removed the next time the store is used, instead of after a day; a folder
of a running Desk, or of another computer sharing the store, is left alone until it is a day old.
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import socket
import sys
import tempfile
import time
from pathlib import Path

log = logging.getLogger(__name__)

OWNER = ".owner"
PREFIXES = ("install-", "found-", "remove-")
STALE_SECONDS = 24 * 3600


def make_staging(tmp_dir: Path, prefix: str) -> Path:
    """A new private folder in ``tmp_dir`` that records this process as its owner."""
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=tmp_dir))
    (folder / OWNER).write_text(json.dumps({"host": socket.gethostname(), "pid": os.getpid()}), encoding="utf-8")
    return folder


def clean_stale(tmp_dir: Path, max_age: float = STALE_SECONDS) -> list[str]:
    """Remove working folders whose process is gone, or that are older than ``max_age``."""
    removed = []
    now = time.time()
    for folder in tmp_dir.iterdir():
        if not folder.is_dir() or not folder.name.startswith(PREFIXES):
            continue
        try:
            if _owner_gone(folder) or now - folder.stat().st_mtime > max_age:
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder.name)
        except OSError as err:
            log.warning("could not look at %s: %s", folder, err)
    if removed:
        log.info("removed working folders left by stopped Desk processes: %s", ", ".join(removed))
    return removed


def _owner_gone(folder: Path) -> bool:
    try:
        owner = json.loads((folder / OWNER).read_text(encoding="utf-8"))
        host, pid = owner["host"], int(owner["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return False  # no owner recorded (an older Desk, or being created right now): only age decides
    if host != socket.gethostname() or pid == os.getpid():
        return False
    return not _alive(pid)


def _alive(pid: int) -> bool:
    if sys.platform == "win32":
        return True  # os.kill would terminate the process there; age decides instead
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: alive, someone else's
        return True
    return True
