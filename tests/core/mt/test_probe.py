"""The post-install probe: a package whose model writes the wrong language gets a warning, not a refusal."""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from desk.core.mt.probe import probe_direction
from desk.core.mt.store import ModelStore
from tests import mtfactory as factory


def _relabel(src: Path, dest: Path, from_code: str, to_code: str) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename.endswith("metadata.json"):
                meta = json.loads(data)
                meta.update(from_code=from_code, to_code=to_code)
                data = json.dumps(meta).encode()
            zout.writestr(info, data)
    return dest


@pytest.fixture(scope="module")
def en_ar_argos(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An en→ar Argos package whose (random) model writes Arabic pieces, with a joint SentencePiece
    model: its script checks pass whichever way it is labelled."""
    return factory.build_argos_package(tmp_path_factory.mktemp("argos") / "translate-en_ar-1_0.argosmodel",
                                       "en", "ar", favour="ar")


def test_package_holding_the_other_direction_installs_with_a_warning(en_ar_argos: Path, tmp_path: Path) -> None:
    liar = _relabel(en_ar_argos, tmp_path / "translate-ar_en-1_0.argosmodel", "ar", "en")
    store = ModelStore()
    info = store.install(liar)
    assert (info.source_lang, info.target_lang) == ("ar", "en")  # installed: a warning, never a refusal
    assert len(info.warnings) == 1 and "labelled ar→en" in info.warnings[0] and "Latin-script" in info.warnings[0]
    assert store.get(info.id).warnings == info.warnings  # kept in the manifest
    assert info.to_json()["warnings"] == info.warnings


def test_correctly_labelled_package_has_no_warning(en_ar_argos: Path) -> None:
    info = ModelStore().install(en_ar_argos)
    assert (info.source_lang, info.target_lang, info.warnings) == ("en", "ar", [])


def test_probe_skips_languages_it_cannot_judge(en_ar_argos: Path, tmp_path: Path) -> None:
    info = ModelStore(check_load=False).install(en_ar_argos)
    assert info.warnings == []  # no load check, no probe
    from dataclasses import replace

    assert probe_direction(replace(info, source_lang="tr")) is None
    assert probe_direction(replace(info, target_lang="tr")) is None
    assert probe_direction(info) is None
