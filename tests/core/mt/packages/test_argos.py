"""Argos Translate packages: pair from metadata.json, flags, packages that lie about their languages."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from desk.core.errors import ModelError
from desk.core.mt.store import ModelStore
from tests import mtfactory as factory
from tests.core.mt.support import EN_TEXT, store_is_empty, translate


def test_argos_package_pair_from_metadata(pkgs: dict[str, Path]) -> None:
    store = ModelStore()
    info = store.install(pkgs["argos"])
    assert (info.id, info.source_lang, info.target_lang, info.format) == ("argos-en-ar-1.0", "en", "ar", "argos")
    assert info.source_spm == info.target_spm and info.source_spm.name == "sentencepiece.model"
    assert translate(info, EN_TEXT)
    assert store.find("en", "ar")[0].id == info.id and store.find("ar", "en") == []
    store.remove(info.id)
    assert store_is_empty(store)


def test_flags_cannot_contradict_package_metadata(pkgs: dict[str, Path]) -> None:
    store = ModelStore()
    with pytest.raises(ModelError, match="says its source language is en"):
        store.install(pkgs["argos"], source_lang="ar", target_lang="en")
    assert store_is_empty(store)
    assert store.install(pkgs["argos"], source_lang="eng", target_lang="ara").id == "argos-en-ar-1.0"


def _rewrite_zip(src: Path, dest: Path, edit) -> Path:  # type: ignore[no-untyped-def]
    import zipfile

    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info, edit(info.filename, zin.read(info)))
    return dest


def test_argos_metadata_claiming_arabic_for_a_latin_model_is_refused(tmp_path: Path) -> None:
    """metadata.json says ar -> en, but the SentencePiece model has never seen Arabic script."""
    real = factory.build_argos_package(tmp_path / "fr-en.argosmodel", "fr", "en")

    def lie(name: str, data: bytes) -> bytes:
        if name.endswith("metadata.json"):
            meta = json.loads(data)
            meta.update(from_code="ar", from_name="Arabic")
            return json.dumps(meta).encode()
        return data

    liar = _rewrite_zip(real, tmp_path / "translate-ar_en-1_0.argosmodel", lie)
    store = ModelStore()
    with pytest.raises(ModelError, match=r"says its source language is ar.*Arabic"):
        store.install(liar)
    assert store.list() == [] and store_is_empty(store)
