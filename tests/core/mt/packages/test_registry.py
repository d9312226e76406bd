"""Recognising a package: foreign folders and archives holding another package are refused clearly."""
from __future__ import annotations

from pathlib import Path

import pytest

from desk.core.errors import ModelError
from desk.core.mt.store import ModelStore
from tests.core.mt.support import store_is_empty


def test_foreign_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "holiday-photos"
    folder.mkdir()
    (folder / "notes.txt").write_text("not a model")
    (folder / "data.csv").write_text("a,b\n1,2\n")
    store = ModelStore()
    with pytest.raises(ModelError, match="not a translation model Desk knows"):
        store.install(folder)
    assert store_is_empty(store)


def test_zip_holding_another_package_says_so(pkgs: dict[str, Path], tmp_path: Path) -> None:
    import zipfile

    outer = tmp_path / "download.zip"
    with zipfile.ZipFile(outer, "w") as zf:
        zf.write(pkgs["argos"], "translate-en_ar-1_0.argosmodel")
    store = ModelStore()
    with pytest.raises(ModelError, match=r"translate-en_ar-1_0\.argosmodel.*install that file"):
        store.install(outer)
    assert store_is_empty(store)
