"""What the store knows of a model, and how a list of models is shown to people."""
from __future__ import annotations

from pathlib import Path

from desk.core.mt.info import ModelInfo, display_names


def _info(model_id: str, name: str) -> ModelInfo:
    folder = Path("/models") / model_id
    return ModelInfo(model_id, "en", "ar", "opus-mt", folder, folder, folder / "s.spm", folder / "t.spm", name=name)


def test_two_models_with_one_name_are_told_apart() -> None:
    infos = [_info("opus-mt-en-ar", "OPUS-MT en → ar opus-2020-01-01"),
             _info("opus-mt-en-ar-opus-2020-01-01", "OPUS-MT en → ar opus-2020-01-01"),
             _info("quickmt-en-ar", "quickmt en-ar"), _info("bare", "")]
    names = display_names(infos)
    assert names["opus-mt-en-ar"] == "OPUS-MT en → ar opus-2020-01-01 (opus-mt-en-ar)"
    assert names["opus-mt-en-ar-opus-2020-01-01"].endswith("(opus-mt-en-ar-opus-2020-01-01)")
    assert names["quickmt-en-ar"] == "quickmt en-ar" and names["bare"] == "bare"
    assert len(set(names.values())) == len(infos)
