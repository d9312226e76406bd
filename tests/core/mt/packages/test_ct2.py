"""Plain CTranslate2 folders: with and without a manifest, an installed folder installed elsewhere."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from desk.core.errors import LanguagesUnknownError, ModelError
from desk.core.mt.store import ModelStore
from tests.core.mt.support import AR_TEXT, store_is_empty, translate


def test_ctranslate2_folder_with_manifest(pkgs: dict[str, Path]) -> None:
    store = ModelStore()
    info = store.install(pkgs["ct2_manifest"])
    assert (info.source_lang, info.target_lang, info.format) == ("ar", "en", "ctranslate2")
    assert info.name == "Test CT2 Arabic-English" and info.id == "test-ct2-arabic-english"
    assert (info.source_spm.name, info.target_spm.name) == ("src.spm.model", "tgt.spm.model")
    assert translate(info, AR_TEXT)
    store.remove(info.id)
    assert store_is_empty(store)


def test_ctranslate2_folder_needs_flags_without_manifest(pkgs: dict[str, Path]) -> None:
    store = ModelStore()
    with pytest.raises(LanguagesUnknownError, match="does not say its source language: choose the source and target"):
        store.install(pkgs["ct2_bare"])
    assert store_is_empty(store)
    info = store.install(pkgs["ct2_bare"], source_lang="ar", target_lang="en")
    assert (info.id, info.source_lang, info.target_lang) == ("quickmt-ar-en", "ar", "en")
    manifest = json.loads((info.path / "desk-model.json").read_text())
    assert manifest["source_langs"] == ["ar"] and manifest["target_langs"] == ["en"]
    assert translate(info, AR_TEXT)
    # The source folder is untouched (install copies).
    assert (pkgs["ct2_bare"] / "model.bin").is_file() and not (pkgs["ct2_bare"] / "desk-model.json").exists()


def test_installed_folder_can_be_installed_elsewhere(pkgs: dict[str, Path], tmp_path: Path) -> None:
    """An installed CTranslate2 model folder carries a manifest another Desk can read."""
    first = ModelStore(tmp_path / "machine-a").install(pkgs["ct2_bare"], "ar", "en")
    copy = shutil.copytree(first.path, tmp_path / "usb" / "quickmt-ar-en")
    again = ModelStore(tmp_path / "machine-b").install(copy)
    assert (again.source_lang, again.target_lang, again.format) == ("ar", "en", "ctranslate2")
    assert translate(again, AR_TEXT)


def test_invalid_language_flag_is_a_clear_error(pkgs: dict[str, Path]) -> None:
    with pytest.raises(ModelError, match=re.escape("'12' is not a language code")):
        ModelStore().install(pkgs["ct2_bare"], "12", "en")
