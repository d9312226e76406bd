"""Model formats through the public store API: install -> list -> translate -> remove, per format.

Models are tiny random-weight ones built by tests/mtfactory.py in the real package layouts; the
translation step runs the installed model with CTranslate2 + SentencePiece exactly as described by
the ModelInfo the store returns (folders, SentencePiece files, prefix tokens).
"""
from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import ctranslate2
import pytest
import sentencepiece as spm
import yaml

from desk.core.errors import LanguagesUnknownError, ModelError
from desk.core.mt.info import ModelInfo
from desk.core.mt.langcodes import normalize_lang
from desk.core.mt.store import ModelStore
from tests import mtfactory as factory

AR_TEXT = "قال الوزير إن الحكومة وافقت على الخطة الجديدة"
EN_TEXT = "The minister said the government agreed to the new plan"


def translate(info: ModelInfo, text: str) -> list[str]:
    """Run an installed model as its ModelInfo describes it; returns the output pieces."""
    source = spm.SentencePieceProcessor(model_file=str(info.source_spm)).encode(text, out_type=str)
    if info.source_prefix:
        source = [info.source_prefix, *source]
    translator = ctranslate2.Translator(str(info.ct2_dir), device="cpu", compute_type="int8", intra_threads=1)
    prefix = [[info.target_prefix]] if info.target_prefix else None
    result = translator.translate_batch([source], target_prefix=prefix, beam_size=1, max_decoding_length=8)
    return result[0].hypotheses[0]


def store_is_empty(store: ModelStore) -> bool:
    leftovers = [p for p in store.root.iterdir() if p.name != ".tmp"]
    tmp = store.root / ".tmp"
    staging = [p for p in tmp.iterdir() if p.name != "downloads"] if tmp.exists() else []
    return not leftovers and not staging


def _rename_fillers(opus: Path, names: list[str]) -> None:
    """Give padding rows of an OPUS-MT vocabulary real token names (language tokens)."""
    vocab_file = opus / factory.OPUS_VOCAB_NAME
    text = vocab_file.read_text(encoding="utf-8")
    for i, name in enumerate(names):
        text = text.replace(f'"▁filler{i}":', f'"{name}":', 1)
    vocab_file.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def pkgs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each package format once per module (the tests install copies into their own stores)."""
    base = tmp_path_factory.mktemp("packages")
    out: dict[str, Path] = {}
    out["opus"] = factory.build_opus_mt_folder(base / "opus-ar-en", "ar", "en")
    out["opus_zip"] = factory.zip_folder(out["opus"], base / "opus-2020-01-01.zip")
    out["argos"] = factory.build_argos_package(base / "translate-en_ar-1_0.argosmodel", "en", "ar")
    ct2 = factory.build_ct2_folder(base / "quickmt-ar-en", "ar", "en", spm_names=("src.spm.model", "tgt.spm.model"))
    out["ct2_bare"] = ct2
    with_manifest = base / "ct2-manifest"
    shutil.copytree(ct2, with_manifest)
    (with_manifest / "desk-model.json").write_text(
        json.dumps({"source_lang": "ara", "target_lang": "eng", "name": "Test CT2 Arabic-English"}), encoding="utf-8"
    )
    out["ct2_manifest"] = with_manifest
    # Tatoeba-style multi-target model: eng -> ara/arz, needs ">>ara<<" in front of the source.
    tatoeba = factory.build_opus_mt_folder(base / "tatoeba-en-ar", "en", "ar", vocab_rows=700)
    _rename_fillers(tatoeba, [">>ara<<", ">>arz<<"])
    readme = (tatoeba / "README.md").read_text(encoding="utf-8")
    readme = readme.replace("target language(s): ara", "target language(s): ara arz")
    (tatoeba / "README.md").write_text(readme + "* a sentence initial language token is required\n", encoding="utf-8")
    out["tatoeba"] = tatoeba
    # NLLB-style multilingual CTranslate2 folder: language tokens in the vocabulary.
    nllb_src = factory.build_opus_mt_folder(base / "nllb-src", "ar", "en", joint=True, vocab_rows=700)
    _rename_fillers(nllb_src, ["arb_Arab", "eng_Latn", "fra_Latn", "arz_Arab"])
    nllb = factory.convert_opus_mt(nllb_src, base / "nllb-tiny-ct2")
    shutil.copyfile(nllb_src / "source.spm", nllb / "sentencepiece.bpe.model")
    out["nllb"] = nllb
    return out


# --- each format: install -> list -> translate -> remove ---------------------------------------


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


def test_argos_package_pair_from_metadata(pkgs: dict[str, Path]) -> None:
    store = ModelStore()
    info = store.install(pkgs["argos"])
    assert (info.id, info.source_lang, info.target_lang, info.format) == ("argos-en-ar-1.0", "en", "ar", "argos")
    assert info.source_spm == info.target_spm and info.source_spm.name == "sentencepiece.model"
    assert translate(info, EN_TEXT)
    assert store.find("en", "ar")[0].id == info.id and store.find("ar", "en") == []
    store.remove(info.id)
    assert store_is_empty(store)


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


def test_flags_cannot_contradict_package_metadata(pkgs: dict[str, Path]) -> None:
    store = ModelStore()
    with pytest.raises(ModelError, match="says its source language is en"):
        store.install(pkgs["argos"], source_lang="ar", target_lang="en")
    assert store_is_empty(store)
    assert store.install(pkgs["argos"], source_lang="eng", target_lang="ara").id == "argos-en-ar-1.0"


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


def test_nllb_multilingual_pairs_are_data(pkgs: dict[str, Path]) -> None:
    store = ModelStore()
    info = store.install(pkgs["nllb"])
    assert info.format == "nllb" and info.source_lang == "multi" and info.target_lang == "multi"
    assert info.languages == ["ar", "en", "fr"]
    ar_en = store.find("ar", "en")
    assert len(ar_en) == 1 and (ar_en[0].source_prefix, ar_en[0].target_prefix) == ("arb_Arab", "eng_Latn")
    fr_ar = store.resolve(info.id, "fr", "ar")
    assert (fr_ar.source_prefix, fr_ar.target_prefix) == ("fra_Latn", "arb_Arab")
    out = translate(ar_en[0], AR_TEXT)
    assert out[0] == "eng_Latn"  # the forced target-language token
    with pytest.raises(ModelError, match="does not translate"):
        store.resolve(info.id, "ar", "de")


def test_find_prefers_pair_models_and_route_pivots(pkgs: dict[str, Path], tmp_path: Path) -> None:
    store = ModelStore()
    store.install(pkgs["nllb"])
    store.install(pkgs["opus"])
    assert [m.id for m in store.find("ar", "en")] == ["opus-mt-ar-en", "nllb-tiny-ct2"]
    assert [m.id for m in store.route("ar", "en")] == ["opus-mt-ar-en"]
    # A Latin-script model standing in for en -> tr (the script check only knows ar and en).
    en_xx = factory.build_ct2_folder(tmp_path / "en-tr", "en", "fr")
    store.install(en_xx, "en", "tr")
    route = store.route("ar", "tr")
    assert [m.id for m in route] == ["opus-mt-ar-en", "en-tr"]
    with pytest.raises(ModelError, match="No installed model translates"):
        store.route("tr", "de")


def test_installed_models_run_through_the_engine(pkgs: dict[str, Path]) -> None:
    from desk.core.mt.engine import get_engine, unload_all

    store = ModelStore()
    for key in ("opus_zip", "argos", "ct2_manifest", "tatoeba"):
        store.install(pkgs[key])
    try:
        for src, tgt, text in (("ar", "en", AR_TEXT), ("en", "ar", EN_TEXT)):
            models = store.find(src, tgt)
            assert len(models) == 2
            for info in models:
                out = get_engine(info).translate_strings([text, ""])
                assert len(out) == 2 and out[1] == "" and isinstance(out[0], str)
    finally:
        unload_all()


# --- broken and foreign folders ------------------------------------------------------------------


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


def test_foreign_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "holiday-photos"
    folder.mkdir()
    (folder / "notes.txt").write_text("not a model")
    (folder / "data.csv").write_text("a,b\n1,2\n")
    store = ModelStore()
    with pytest.raises(ModelError, match="not a translation model Desk knows"):
        store.install(folder)
    assert store_is_empty(store)


# --- language codes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ar", "ar"), ("ara", "ar"), ("arb", "ar"), ("arb_Arab", "ar"), ("arz", "ar"), ("apc", "ar"),
        ("AR-sa", "ar"), ("ara_Latn", "ar-Latn"), ("eng", "en"), ("eng_Latn", "en"), ("en_US", "en"),
        ("English", "en"), ("fre", "fr"), ("zho_Hans", "zh"), ("zho_Hant", "zh-Hant"), (">>ara<<", "ar"),
        ("tr", "tr"), ("xyz", "xyz"),
    ],
)
def test_normalize_lang(raw: str, expected: str) -> None:
    assert normalize_lang(raw) == expected


@pytest.mark.parametrize("raw", ["", "a", "arabicish", "12", "e n"])
def test_normalize_lang_rejects_non_codes(raw: str) -> None:
    with pytest.raises(ValueError):
        normalize_lang(raw)


def test_invalid_language_flag_is_a_clear_error(pkgs: dict[str, Path]) -> None:
    with pytest.raises(ModelError, match=re.escape("'12' is not a language code")):
        ModelStore().install(pkgs["ct2_bare"], "12", "en")


# --- packages that lie about their languages ------------------------------------------------------


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


def test_zip_holding_another_package_says_so(pkgs: dict[str, Path], tmp_path: Path) -> None:
    import zipfile

    outer = tmp_path / "download.zip"
    with zipfile.ZipFile(outer, "w") as zf:
        zf.write(pkgs["argos"], "translate-en_ar-1_0.argosmodel")
    store = ModelStore()
    with pytest.raises(ModelError, match=r"translate-en_ar-1_0\.argosmodel.*install that file"):
        store.install(outer)
    assert store_is_empty(store)
