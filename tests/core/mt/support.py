"""Helpers shared by the model-format tests: run an installed model as its ModelInfo describes it,
check a store is empty, and build one package of each format (the ``pkgs`` fixture in conftest.py)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import ctranslate2
import sentencepiece as spm

from desk.core.mt.info import ModelInfo
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


def rename_fillers(opus: Path, names: list[str]) -> None:
    """Give padding rows of an OPUS-MT vocabulary real token names (language tokens)."""
    vocab_file = opus / factory.OPUS_VOCAB_NAME
    text = vocab_file.read_text(encoding="utf-8")
    for i, name in enumerate(names):
        text = text.replace(f'"▁filler{i}":', f'"{name}":', 1)
    vocab_file.write_text(text, encoding="utf-8")


def build_packages(base: Path) -> dict[str, Path]:
    """Each package format once (the tests install copies into their own stores)."""
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
    rename_fillers(tatoeba, [">>ara<<", ">>arz<<"])
    readme = (tatoeba / "README.md").read_text(encoding="utf-8")
    readme = readme.replace("target language(s): ara", "target language(s): ara arz")
    (tatoeba / "README.md").write_text(readme + "* a sentence initial language token is required\n", encoding="utf-8")
    out["tatoeba"] = tatoeba
    # NLLB-style multilingual CTranslate2 folder: language tokens in the vocabulary.
    nllb_src = factory.build_opus_mt_folder(base / "nllb-src", "ar", "en", joint=True, vocab_rows=700)
    rename_fillers(nllb_src, ["arb_Arab", "eng_Latn", "fra_Latn", "arz_Arab"])
    nllb = factory.convert_opus_mt(nllb_src, base / "nllb-tiny-ct2")
    shutil.copyfile(nllb_src / "source.spm", nllb / "sentencepiece.bpe.model")
    out["nllb"] = nllb
    return out
