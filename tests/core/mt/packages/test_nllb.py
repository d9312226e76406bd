"""NLLB-200 in CTranslate2 form, as published: a zip without a SentencePiece model, the
SentencePiece model as a separate file, language tokens (arb_Arab, eng_Latn) in the vocabulary."""
from __future__ import annotations

import shutil
from pathlib import Path

import ctranslate2
import pytest

from desk.core.errors import ModelError
from desk.core.mt.engine import decoding_cap, get_engine, unload_all
from desk.core.mt.info import EngineSettings
from desk.core.mt.store import ModelStore
from tests import mtfactory as factory
from tests.core.mt.support import AR_TEXT, translate

AR = "قال الوزير إن الحكومة وافقت على الخطة الجديدة"
EN = "The minister said the government agreed to the new plan"
GREEDY = EngineSettings(beam_size=1)



@pytest.fixture(scope="module")
def nllb(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return factory.build_nllb_ct2(tmp_path_factory.mktemp("nllb"))


@pytest.fixture(autouse=True)
def _unload():
    yield
    unload_all()


def test_zip_with_separate_sentencepiece_installs_as_multilingual(nllb: tuple[Path, Path]) -> None:
    archive, spm = nllb
    store = ModelStore()
    info = store.install(archive, sentencepiece=spm)
    assert (info.id, info.format) == ("nllb-200_600m_int8_ct2", "nllb")
    assert (info.source_lang, info.target_lang) == ("multi", "multi")
    assert info.languages == ["ar", "de", "en", "fr"]
    assert info.source_spm.name == factory.NLLB_SPM_NAME == info.target_spm.name
    assert (info.ct2_dir / "shared_vocabulary.txt").is_file() and info.source_spm.is_file()
    ar_en = store.find("ar", "en")[0]
    en_ar = store.resolve(info.id, "en", "ar")
    assert (ar_en.source_prefix, ar_en.target_prefix) == ("arb_Arab", "eng_Latn")
    assert (en_ar.source_prefix, en_ar.target_prefix) == ("eng_Latn", "arb_Arab")


@pytest.mark.parametrize(("src", "tgt", "text"), [("ar", "en", AR), ("en", "ar", EN)])
def test_translates_with_language_tokens_like_nllb(nllb: tuple[Path, Path], src: str, tgt: str, text: str) -> None:
    """Source = [source token] pieces </s> (the model's config adds no </s>); the target starts with
    the target token, which is stripped; the result equals a direct CTranslate2 call."""
    archive, spm = nllb
    store = ModelStore()
    store.install(archive, sentencepiece=spm)
    info = store.find(src, tgt)[0]
    engine = get_engine(info, GREEDY)
    tokens, truncated = engine.encode(text)
    assert tokens[0] == info.source_prefix and tokens[-1] == "</s>" and not truncated
    out = engine.translate_tokens([tokens], target_lang=tgt)[0]
    translator = ctranslate2.Translator(str(info.ct2_dir), compute_type="int8")
    cap = decoding_cap(len(tokens))
    direct = translator.translate_batch(
        [tokens], target_prefix=[[info.target_prefix]], beam_size=1, max_decoding_length=cap + 1
    )[0].hypotheses[0]
    assert direct[0] == info.target_prefix
    assert out == direct[1:][:cap]
    assert isinstance(engine.translate_strings([text])[0], str)


def test_unresolved_multilingual_engine_takes_the_target_token_from_the_call(nllb: tuple[Path, Path]) -> None:
    archive, spm = nllb
    info = ModelStore().install(archive, sentencepiece=spm)
    engine = get_engine(info, GREEDY)
    assert engine.target_prefix("en") == ["eng_Latn"] and engine.target_prefix("ar") == ["arb_Arab"]
    assert engine.target_prefix("xx") == []


def test_download_folder_with_archive_and_sentencepiece_installs(nllb: tuple[Path, Path], tmp_path: Path) -> None:
    """What a two-file download leaves: the archive and its SentencePiece model in one folder."""
    archive, spm = nllb
    folder = tmp_path / "download"
    folder.mkdir()
    shutil.copy(archive, folder)
    shutil.copy(spm, folder)
    info = ModelStore().install(folder)
    assert info.format == "nllb" and info.source_spm.name == factory.NLLB_SPM_NAME


def test_without_its_sentencepiece_model_it_is_a_clear_error(nllb: tuple[Path, Path], tmp_path: Path) -> None:
    archive, _ = nllb
    store = ModelStore()
    with pytest.raises(ModelError, match="No SentencePiece model found"):
        store.install(archive)
    with pytest.raises(ModelError, match="does not exist"):
        store.install(archive, sentencepiece=tmp_path / "missing.model")
    assert store.list() == []


# --- an NLLB-style folder with its SentencePiece model inside ----------------------------------------


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
