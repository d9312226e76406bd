"""Working folders left by a stopped Desk (a crash, a kill) are removed at once, not after a day."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from desk.core.mt.staging import OWNER, clean_stale, make_staging
from desk.core.mt.store import ModelStore
from tests import mtfactory as factory


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_folders_of_stopped_processes_go_at_once(tmp_path: Path) -> None:
    mine = make_staging(tmp_path, "install-")
    crashed = make_staging(tmp_path, "install-")
    owner = json.loads((crashed / OWNER).read_text())
    (crashed / OWNER).write_text(json.dumps({**owner, "pid": dead_pid()}))
    elsewhere = make_staging(tmp_path, "found-")
    (elsewhere / OWNER).write_text(json.dumps({"host": "another-computer", "pid": 1}))
    unowned_recent = tmp_path / "install-recent"
    unowned_recent.mkdir()
    unowned_old = tmp_path / "remove-old"
    unowned_old.mkdir()
    old = time.time() - 2 * 24 * 3600
    os.utime(unowned_old, (old, old))
    unrelated = tmp_path / "downloads"
    unrelated.mkdir()
    os.utime(unrelated, (old, old))
    assert sorted(clean_stale(tmp_path)) == sorted([crashed.name, unowned_old.name])
    assert mine.exists() and elsewhere.exists() and unowned_recent.exists() and unrelated.exists()


def test_install_cleans_staging_a_killed_install_left(tmp_path: Path) -> None:
    store = ModelStore()
    left = make_staging(store.tmp_dir, "install-")
    (left / "src").mkdir()
    (left / "src" / "model.bin").write_bytes(bytes(1000))
    owner = json.loads((left / OWNER).read_text())
    (left / OWNER).write_text(json.dumps({**owner, "pid": dead_pid()}))
    store.install(factory.build_opus_mt_folder(tmp_path / "opus", "ar", "en"))
    assert not left.exists()
    assert [p.name for p in store.tmp_dir.iterdir() if p.name.startswith("install-")] == []
