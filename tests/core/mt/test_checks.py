"""desk.core.mt.checks: what is checked on an installed model folder before anything loads it.

Through the store: broken or foreign CTranslate2 folders are refused with a clear reason and leave
nothing behind. Directly: a tiny random-weight CTranslate2 folder (tests/mtfactory.py) is built
once per module; each test breaks a copy in one way and calls the checks."""
from __future__ import annotations

import json
import shutil
import struct
from collections.abc import Callable
from pathlib import Path

import pytest

from desk.core.errors import ModelError
from desk.core.mt import checks
from desk.core.mt.checks import read_model_shapes, validate_installed
from desk.core.mt.manifest import Manifest
from desk.core.mt.store import ModelStore
from tests import mtfactory as factory
from tests.core.mt.support import store_is_empty

# --- through the store ---------------------------------------------------------------------------------


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


# --- the checks called directly ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return factory.build_ct2_folder(tmp_path_factory.mktemp("checks") / "ar-en", "ar", "en")


@pytest.fixture
def folder(built: Path, tmp_path: Path) -> Path:
    """A private copy to break."""
    return Path(shutil.copytree(built, tmp_path / "model"))


def manifest(source: list[str] | None = None, target: list[str] | None = None, **changes: str) -> Manifest:
    fields: dict[str, str] = {"ct2_dir": ".", "source_spm": "source.spm", "target_spm": "target.spm", **changes}
    return Manifest(format="ctranslate2", source_langs=source or ["ar"], target_langs=target or ["en"],
                    id="test-ar-en", **fields)


def vocabulary(folder: Path) -> list[str]:
    return json.loads((folder / "shared_vocabulary.json").read_text(encoding="utf-8"))


# --- a whole folder ----------------------------------------------------------------------------------


def test_a_sound_folder_passes_and_runs(folder: Path) -> None:
    validate_installed(folder, manifest())


def test_the_model_may_live_in_a_subfolder(folder: Path, tmp_path: Path) -> None:
    package = tmp_path / "package"
    (package / "model").mkdir(parents=True)
    for name in ("model.bin", "config.json", "shared_vocabulary.json"):
        shutil.move(folder / name, package / "model" / name)
    shutil.move(folder / "source.spm", package / "sentencepiece.model")
    shutil.copyfile(folder / "target.spm", package / "target.spm")
    validate_installed(package, manifest(ct2_dir="model", source_spm="sentencepiece.model"))
    with pytest.raises(ModelError, match="CTranslate2 model is incomplete: missing model.bin, config.json"):
        validate_installed(package, manifest())  # looking in the wrong place


@pytest.mark.parametrize("name", ["model.bin", "config.json"])
def test_missing_model_files_are_named(folder: Path, name: str) -> None:
    (folder / name).unlink()
    with pytest.raises(ModelError, match=rf"The CTranslate2 model is incomplete: missing {name}\."):
        validate_installed(folder, manifest(), load=False)


def test_a_damaged_config_is_refused(folder: Path) -> None:
    (folder / "config.json").write_text('{"add_source_bos": tr', encoding="utf-8")
    with pytest.raises(ModelError, match="The model configuration config.json cannot be read"):
        validate_installed(folder, manifest(), load=False)


# --- model.bin -----------------------------------------------------------------------------------------


def test_shapes_are_read_with_aliases_resolved(built: Path) -> None:
    shapes = read_model_shapes(built / "model.bin")
    rows = len(vocabulary(built))
    assert shapes["decoder/embeddings/weight"] == (rows, 32)  # d_model 32 in the factory's tiny models
    # stored as aliases of the shared embedding in this model
    assert shapes["encoder/embeddings_0/weight"] == (rows, 32)
    assert shapes["decoder/projection/weight"] == (rows, 32)
    assert shapes["decoder/projection/bias"] == (rows,)
    assert any(name.startswith("encoder/layer_0/") for name in shapes)


def _header(version: int, name: bytes = b"TransformerSpec") -> bytes:
    return struct.pack("<I", version) + struct.pack("<H", len(name) + 1) + name + b"\0"


def test_model_bin_damage_is_told_apart(folder: Path) -> None:
    path = folder / "model.bin"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ModelError, match="model.bin is truncated \\(a weight runs past the end of the file\\)"):
        read_model_shapes(path)
    path.write_bytes(_header(6) + b"\x01\x00")  # the header, then nothing where the spec revision goes
    with pytest.raises(ModelError, match="model.bin is truncated or damaged"):
        read_model_shapes(path)
    path.write_bytes(b"PK\x03\x04 a zip file renamed model.bin" * 10)
    with pytest.raises(ModelError, match="not a CTranslate2 model file"):
        read_model_shapes(path)
    path.write_bytes(_header(6, b"Transformer Spec; rm -rf"))
    with pytest.raises(ModelError, match="not a CTranslate2 model file"):
        read_model_shapes(path)
    with pytest.raises(ModelError, match="model.bin cannot be read"):
        read_model_shapes(folder / "nowhere" / "model.bin")


def test_older_binary_versions_are_left_to_ctranslate2(folder: Path) -> None:
    path = folder / "model.bin"
    path.write_bytes(_header(5) + b"\xff" * 40)
    assert read_model_shapes(path) == {}


# --- vocabularies ------------------------------------------------------------------------------------------


def test_a_vocabulary_of_the_wrong_size_is_refused(folder: Path) -> None:
    tokens = vocabulary(folder)
    (folder / "shared_vocabulary.json").write_text(json.dumps(tokens + ["extra1", "extra2"]), encoding="utf-8")
    with pytest.raises(ModelError, match=rf"The source vocabulary has {len(tokens) + 2} tokens but the model's "
                                         rf"weights have {len(tokens)} rows: the vocabulary file does not belong"):
        validate_installed(folder, manifest(), load=False)


def test_separate_source_and_target_vocabularies(folder: Path) -> None:
    tokens = vocabulary(folder)
    (folder / "shared_vocabulary.json").unlink()
    (folder / "source_vocabulary.txt").write_text("\n".join(tokens) + "\n", encoding="utf-8")
    (folder / "target_vocabulary.txt").write_text("\n".join(tokens) + "\n", encoding="utf-8")
    validate_installed(folder, manifest(), load=False)
    (folder / "target_vocabulary.txt").write_text("\n".join(tokens[:-5]) + "\n", encoding="utf-8")
    with pytest.raises(ModelError, match=rf"The target vocabulary has {len(tokens) - 5} tokens"):
        validate_installed(folder, manifest(), load=False)


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "has no vocabulary file"),
        ("[1, 2, 3]", "shared_vocabulary.json is not a list of tokens"),
        ("[]", "shared_vocabulary.json is not a list of tokens"),
        ('["<unk>", ', "shared_vocabulary.json cannot be read"),
    ],
)
def test_unreadable_vocabularies(folder: Path, content: str | None, message: str) -> None:
    path = folder / "shared_vocabulary.json"
    if content is None:
        path.unlink()
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(ModelError, match=message):
        validate_installed(folder, manifest(), load=False)


# --- SentencePiece models and scripts ------------------------------------------------------------------


def test_a_missing_or_broken_sentencepiece_model(folder: Path) -> None:
    (folder / "target.spm").unlink()
    with pytest.raises(ModelError, match="The target SentencePiece model target.spm is missing"):
        validate_installed(folder, manifest(), load=False)
    (folder / "target.spm").write_bytes(b"\x00not a protobuf")
    with pytest.raises(ModelError, match="The target SentencePiece model target.spm cannot be loaded") as err:
        validate_installed(folder, manifest(), load=False)
    assert str(folder) not in str(err.value)  # the file's name, not the full path


def test_a_sentencepiece_model_of_another_model_is_refused(folder: Path, tmp_path: Path) -> None:
    other = factory.train_spm(tmp_path / "other", "en", 300, seed=5, sentences=["zq xv jk wy qz"] * 5)
    shutil.copyfile(other, folder / "source.spm")
    with pytest.raises(ModelError, match=r"source SentencePiece model source.spm does not belong to this model: "
                                         r"only \d+% of its \d+ pieces"):
        validate_installed(folder, manifest(), load=False)


def test_a_package_labelled_with_the_wrong_direction_is_refused(folder: Path) -> None:
    with pytest.raises(ModelError, match=r"says its source language is en, but its source SentencePiece model "
                                         r"\(source.spm\) has almost no Latin-script pieces"):
        validate_installed(folder, manifest(["en"], ["ar"]), load=False)
    with pytest.raises(ModelError, match="its target language is ar.*almost no Arabic-script pieces"):
        validate_installed(folder, manifest(["ar"], ["ar"]), load=False)


def test_script_check_only_for_one_known_language_per_side(folder: Path) -> None:
    validate_installed(folder, manifest(["ar"], ["fr"]), load=False)  # no script known for fr: not checked
    validate_installed(folder, manifest(["en", "ar"], ["en"]), load=False)  # several languages: not checked


def test_script_shares() -> None:
    checks._check_script(["▁قال", "▁الوزير", "ون", "a"], "ar", "source", "s.spm")
    with pytest.raises(ModelError, match=r"almost no Arabic-script pieces \(0%\)"):
        checks._check_script(["▁the", "▁minister", "ed"], "ar", "source", "s.spm")


# --- the smoke test --------------------------------------------------------------------------------------


def test_a_model_ctranslate2_cannot_run_fails_the_smoke_test_only(folder: Path) -> None:
    path = folder / "model.bin"
    data = path.read_bytes()
    assert data.count(b"TransformerSpec") == 1
    path.write_bytes(data.replace(b"TransformerSpec", b"TransformerSpeX"))  # a spec CTranslate2 does not have
    validate_installed(folder, manifest(), load=False)  # every file check passes…
    with pytest.raises(ModelError, match="CTranslate2 cannot run this model"):
        validate_installed(folder, manifest())  # …loading it does not
