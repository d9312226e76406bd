"""OPUS-MT / Tatoeba-MT releases: the tc-big shape through the real conversion, and hostile YAML."""
from __future__ import annotations

import json
import shutil
import time
import zipfile
from pathlib import Path

import numpy as np
import pytest
import yaml

from desk.core.errors import ModelError
from desk.core.mt.engine import get_engine, unload_all
from desk.core.mt.info import EngineSettings
from desk.core.mt.store import ModelStore
from tests import mtfactory as factory
from tests.core.mt.support import AR_TEXT, EN_TEXT, store_is_empty, translate

AR = ["قال الوزير إن الحكومة وافقت على الخطة الجديدة.", "ارتفعت أسعار النفط اليوم."]
EN = ["The minister said the government agreed to the new plan.", "Oil prices rose today."]



@pytest.fixture(scope="module")
def tc_big(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """tc-big releases (scaled: tests/mtfactory.TC_BIG_SCALED) as zips named as published."""
    base = tmp_path_factory.mktemp("tc-big")
    out = {}
    for src, tgt in (("ar", "en"), ("en", "ar")):
        folder = factory.build_tc_big_opus_mt(base / f"{src}-{tgt}", src, tgt)
        release = f"opusTCv20210807+bt_transformer-big_{factory.TC_BIG_RELEASES[(src, tgt)]}"
        out[f"{src}-{tgt}"] = factory.zip_folder(folder, base / f"{release}.zip")
    out["base-ar-en"] = factory.build_opus_mt_folder(base / "base-ar-en", "ar", "en")
    return out


@pytest.fixture(autouse=True)
def _unload():
    yield
    unload_all()


def test_tc_big_installs_through_the_real_conversion_and_translates(tc_big: dict[str, Path]) -> None:
    store = ModelStore()
    ar_en = store.install(tc_big["ar-en"])
    en_ar = store.install(tc_big["en-ar"])
    assert (ar_en.source_lang, ar_en.target_lang, ar_en.format) == ("ar", "en", "opus-mt")
    assert "opusTCv20210807+bt_transformer-big_2022-03-09" in ar_en.name
    # en→ar: target "afb ara" is one language, addressed with the standard-Arabic label.
    assert (en_ar.source_lang, en_ar.target_lang, en_ar.source_prefix) == ("en", "ar", ">>ara<<")
    config = json.loads((ar_en.ct2_dir / "config.json").read_text())
    assert config["add_source_eos"] is True  # written by CTranslate2's OpusMTConverter
    spec = json.loads((ar_en.path / "desk-model.json").read_text())
    assert spec["format"] == "opus-mt" and spec["ct2_dir"] == "model"
    for info, texts in ((ar_en, AR), (en_ar, EN)):
        engine = get_engine(info, EngineSettings(beam_size=1))
        tokens, _ = engine.encode(texts[0])
        if info.source_prefix:
            assert tokens[0] == ">>ara<<"
        out = engine.translate_strings([*texts, ""])
        assert len(out) == 3 and all(out[:2]) and out[2] == ""


def test_tc_big_and_base_of_one_direction_install_side_by_side(tc_big: dict[str, Path]) -> None:
    store = ModelStore()
    base = store.install(tc_big["base-ar-en"])
    big = store.install(tc_big["ar-en"])
    assert base.id == "opus-mt-ar-en"
    assert big.id == "opus-mt-ar-en-opustcv20210807-bt_transformer-big_2022-03-09"
    assert sorted(m.id for m in store.find("ar", "en")) == sorted([base.id, big.id])
    with pytest.raises(ModelError, match="already installed"):
        store.install(tc_big["ar-en"])  # the same release again is not a third model
    assert len(store.list()) == 2


# --- hostile YAML (issue 14.1) ------------------------------------------------------------------------

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n" for p, c in zip("abcdefgh", "bcdefghi")
)


def _opus_zip_with(tmp_path: Path, opus: Path, name: str, decoder: str) -> Path:
    folder = shutil.copytree(opus, tmp_path / name)
    (folder / "decoder.yml").write_text(decoder, encoding="utf-8")
    return factory.zip_folder(folder, tmp_path / f"{name}.zip")


def test_decoder_yml_with_aliases_is_refused_at_once(tc_big: dict[str, Path], tmp_path: Path) -> None:
    """9 levels of 9 aliases each: 387 million nodes if expanded; refused before anything grows."""
    decoder = BOMB + f"models: [*i]\nvocabs: [{factory.OPUS_VOCAB_NAME}, {factory.OPUS_VOCAB_NAME}]\n"
    package = _opus_zip_with(tmp_path, tc_big["base-ar-en"], "laughs", decoder)
    store = ModelStore()
    started = time.monotonic()
    with pytest.raises(ModelError, match="aliases") as err:
        store.install(package)
    assert time.monotonic() - started < 5
    assert len(str(err.value)) < 300
    assert store.list() == []


def test_marian_config_inside_the_npz_with_aliases_is_refused(tc_big: dict[str, Path], tmp_path: Path) -> None:
    folder = shutil.copytree(tc_big["base-ar-en"], tmp_path / "npz-laughs")
    npz = folder / factory.OPUS_MODEL_NAME
    weights = dict(np.load(npz))
    config = yaml.safe_load(weights["special:model.yml"][:-1].tobytes())
    hostile = BOMB + yaml.safe_dump(config) + "transformer-tied-layers: *i\n"
    weights["special:model.yml"] = np.frombuffer(hostile.encode() + b"\0", dtype=np.int8).copy()
    np.savez(npz, **weights)
    with pytest.raises(ModelError, match="Marian configuration.*aliases"):
        ModelStore().install(folder)


def test_oversized_metadata_is_refused_before_it_is_read(tc_big: dict[str, Path], tmp_path: Path) -> None:
    decoder = yaml.safe_dump({"models": [factory.OPUS_MODEL_NAME], "vocabs": [factory.OPUS_VOCAB_NAME] * 2})
    folder = shutil.copytree(tc_big["base-ar-en"], tmp_path / "fat-decoder")
    (folder / "decoder.yml").write_text(decoder + "# " + "x" * (2 << 20) + "\n", encoding="utf-8")
    with pytest.raises(ModelError, match=r"decoder\.yml is [\d,]+ bytes, more than such a file can be"):
        ModelStore().install(folder)


def test_error_messages_quoting_the_package_are_capped(tc_big: dict[str, Path], tmp_path: Path) -> None:
    """A 300,000-character file name in decoder.yml does not become a 300,000-character message."""
    decoder = yaml.safe_dump({"models": ["m" * 300_000 + ".npz"], "vocabs": [factory.OPUS_VOCAB_NAME] * 2})
    package = _opus_zip_with(tmp_path, tc_big["base-ar-en"], "long-name", decoder)
    with pytest.raises(ModelError, match="names a file no system can hold") as err:
        ModelStore().install(package)
    assert len(str(err.value)) < 400


def test_any_desk_error_message_is_capped() -> None:
    huge = ModelError("x" * 10_000_000)
    assert len(str(huge)) <= 1000 and str(huge).endswith("…")
    assert str(ModelError("short")) == "short"


def test_npz_that_is_not_a_zip_is_a_clear_error(tc_big: dict[str, Path], tmp_path: Path) -> None:
    folder = shutil.copytree(tc_big["base-ar-en"], tmp_path / "bad-npz")
    with zipfile.ZipFile(folder / factory.OPUS_MODEL_NAME, "w") as zf:
        zf.writestr("encoder_l1_self_Wq.npy", b"no config here")
    with pytest.raises(ModelError, match=r"no Marian configuration \(special:model.yml\)"):
        ModelStore().install(folder)


# --- install -> list -> translate -> remove, READMEs, broken releases --------------------------------


@pytest.mark.parametrize("key", ["opus", "opus_zip"])
def test_opus_mt_folder_and_zip_pair_from_readme(pkgs: dict[str, Path], key: str) -> None:
    store = ModelStore()
    info = store.install(pkgs[key])
    assert (info.id, info.source_lang, info.target_lang, info.format) == ("opus-mt-ar-en", "ar", "en", "opus-mt")
    assert (info.ct2_dir / "model.bin").is_file() and info.ct2_dir.is_relative_to(store.root)
    assert [m.id for m in store.list()] == ["opus-mt-ar-en"]
    config = json.loads((info.ct2_dir / "config.json").read_text())
    assert config["add_source_eos"] is True  # the Marian converter's own config, not hand-made
    out = translate(info, AR_TEXT)
    assert out and all(isinstance(t, str) for t in out)
    store.remove(info.id)
    assert store.list() == [] and store_is_empty(store)


def test_old_opus_readme_pair_from_download_link(pkgs: dict[str, Path], tmp_path: Path) -> None:
    folder = shutil.copytree(pkgs["opus"], tmp_path / "old-opus")
    (folder / "README.md").write_text(
        "# opus-2019-12-18.zip\n\n* dataset: opus\n* download: [opus-2019-12-18.zip]"
        "(https://object.pouta.csc.fi/OPUS-MT-models/ar-en/opus-2019-12-18.zip)\n",
        encoding="utf-8",
    )
    info = ModelStore().install(folder)
    assert (info.source_lang, info.target_lang) == ("ar", "en")
    assert "opus-2019-12-18" in info.name


def test_opus_without_readme_uses_flags(pkgs: dict[str, Path], tmp_path: Path) -> None:
    folder = shutil.copytree(pkgs["opus"], tmp_path / "no-readme")
    (folder / "README.md").unlink()
    store = ModelStore()
    with pytest.raises(ModelError, match="does not say its source language"):
        store.install(folder)
    info = store.install(folder, "ar", "en")
    assert (info.id, info.source_lang, info.target_lang) == ("opus-mt-ar-en", "ar", "en")


def test_tatoeba_multi_target_gets_language_token(pkgs: dict[str, Path]) -> None:
    store = ModelStore()
    info = store.install(pkgs["tatoeba"])
    # ara and arz are both Arabic: one en->ar pair, addressed with the standard-Arabic token.
    assert (info.source_lang, info.target_lang, info.source_prefix) == ("en", "ar", ">>ara<<")
    vocab = json.loads((info.ct2_dir / "shared_vocabulary.json").read_text())
    assert ">>ara<<" in vocab
    assert translate(info, EN_TEXT)
    assert store.find("en", "ar")[0].source_prefix == ">>ara<<"


def test_broken_opus_mt_weights_are_refused(pkgs: dict[str, Path], tmp_path: Path) -> None:
    folder = shutil.copytree(pkgs["opus"], tmp_path / "bad-npz")
    (folder / factory.OPUS_MODEL_NAME).write_bytes(b"PK\x03\x04 not really numpy")
    store = ModelStore()
    with pytest.raises(ModelError, match="could not be converted"):
        store.install(folder)
    assert store_is_empty(store)


def test_decoder_yml_pointing_outside_is_refused(pkgs: dict[str, Path], tmp_path: Path) -> None:
    folder = shutil.copytree(pkgs["opus"], tmp_path / "escape")
    decoder = yaml.safe_load((folder / "decoder.yml").read_text())
    decoder["models"] = ["../../outside.npz"]
    (folder / "decoder.yml").write_text(yaml.safe_dump(decoder))
    with pytest.raises(ModelError, match="points outside the package"):
        ModelStore().install(folder)


def test_opus_readme_with_the_direction_swapped_is_refused(pkgs: dict[str, Path], tmp_path: Path) -> None:
    """README says eng -> ara, but source.spm is the Arabic one: the model runs the other way."""
    folder = shutil.copytree(pkgs["opus"], tmp_path / "swapped")
    readme = (folder / "README.md").read_text(encoding="utf-8")
    readme = readme.replace("source language(s): ara", "source language(s): XXX")
    readme = readme.replace("target language(s): eng", "target language(s): ara").replace("XXX", "eng")
    (folder / "README.md").write_text(readme, encoding="utf-8")
    store = ModelStore()
    with pytest.raises(ModelError, match=r"source language is en"):
        store.install(folder)
    assert store_is_empty(store)
