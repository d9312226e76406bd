"""Safe unpacking, through the store: a zip bomb made of many small entries is refused up front."""
from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest

from desk.core.errors import ModelError
from desk.core.mt.store import ModelStore


def test_many_small_highly_compressed_entries_are_a_zip_bomb(tmp_path: Path) -> None:
    """100 entries of exactly 1 MiB of zeros (each under the per-entry check): 100 MiB from ~100 KB."""
    bomb = tmp_path / "translate-ar_en-1_0.argosmodel"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(100):
            zf.writestr(f"pkg/model/part{i:04d}.bin", bytes(1 << 20))
    assert bomb.stat().st_size < 200_000
    store = ModelStore()
    started = time.monotonic()
    with pytest.raises(ModelError, match=r"looks like a zip bomb: its 100 entries would unpack to 100\.0 MB"):
        store.install(bomb)
    assert time.monotonic() - started < 2
    assert [p.name for p in store.root.iterdir()] == [".tmp"] and list((store.root / ".tmp").iterdir()) == []


def test_a_small_archive_is_never_called_a_bomb(tmp_path: Path) -> None:
    """Under 1 MiB unpacked, a high ratio is only text compressing well: the package is judged on its files."""
    small = tmp_path / "notes.zip"
    with zipfile.ZipFile(small, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("notes/README.md", "a" * 500_000)
    with pytest.raises(ModelError, match="not a translation model Desk knows"):
        ModelStore().install(small)
