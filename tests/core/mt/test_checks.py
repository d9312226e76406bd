"""Validation of installed folders: broken or foreign CTranslate2 folders are refused with a clear reason."""
from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from desk.core.errors import ModelError
from desk.core.mt.store import ModelStore
from tests import mtfactory as factory
from tests.core.mt.support import store_is_empty


def _break_truncated_bin(d: Path) -> None:
    data = (d / "model.bin").read_bytes()
    (d / "model.bin").write_bytes(data[: len(data) // 2])


def _break_short_vocab(d: Path) -> None:
    vocab = json.loads((d / "shared_vocabulary.json").read_text())
    (d / "shared_vocabulary.json").write_text(json.dumps(vocab[:-40]))


def _break_garbage_bin(d: Path) -> None:
    (d / "model.bin").write_bytes(b"this is a text file, not weights\n" * 20)


def _break_config(d: Path) -> None:
    (d / "config.json").write_text("{not json")


def _break_spm(d: Path) -> None:
    (d / "src.spm.model").write_bytes(b"\x00garbage")


def _foreign_spm(d: Path) -> None:
    other = factory.train_spm(d.parent / f"{d.name}-foreign", "en", 900, seed=7, sentences=["zq xv jk wy"] * 5)
    shutil.copyfile(other, d / "src.spm.model")


def _no_model_bin(d: Path) -> None:
    (d / "model.bin").unlink()


def _no_vocab(d: Path) -> None:
    (d / "shared_vocabulary.json").unlink()


@pytest.mark.parametrize(
    ("breaker", "message"),
    [
        (_break_truncated_bin, "model.bin is truncated"),
        (_break_short_vocab, r"vocabulary has \d+ tokens but the model's weights have \d+ rows"),
        (_break_garbage_bin, "not a CTranslate2 model file"),
        (_break_config, "config.json cannot be read"),
        (_break_spm, "src.spm.model cannot be loaded"),
        (_foreign_spm, "does not belong to this model"),
        (_no_model_bin, "missing model.bin"),
        (_no_vocab, "no vocabulary file"),
    ],
)
def test_broken_ctranslate2_folder_is_refused_clearly(
    pkgs: dict[str, Path], tmp_path: Path, breaker: Callable[[Path], None], message: str
) -> None:
    folder = shutil.copytree(pkgs["ct2_bare"], tmp_path / "broken")
    breaker(folder)
    store = ModelStore()
    with pytest.raises(ModelError, match=message):
        store.install(folder, "ar", "en")
    assert store.list() == [] and store_is_empty(store)
