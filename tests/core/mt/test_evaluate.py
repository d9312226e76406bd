"""BLEU and chrF on the user's own texts: figures equal sacrebleu's on known inputs, test sets read
from aligned files, TSV and TMX, and a real (tiny, random-weight) model translated through the pipeline."""
from __future__ import annotations

from pathlib import Path

import pytest
import sacrebleu

from desk.core.jobs import run_job
from desk.core.mt.evaluate import EvalError, evaluate_job, load_test_set, score, score_files
from desk.core.mt.store import ModelStore
from desk.core.workbench.memory import MemoryEntry
from desk.core.workbench.tmx import write_tmx
from tests import mtfactory as factory

HYPS = ["The minister said on Monday that talks would resume.", "Oil prices rose sharply in Asian trade."]
REFS = ["The minister said on Monday that the talks would resume.", "Oil prices rose in Asian trading."]
AR = ["قال الوزير يوم الاثنين إن المحادثات ستستأنف.", "ارتفعت أسعار النفط في التعاملات الآسيوية."]


def test_score_matches_sacrebleu_and_carries_its_signature() -> None:
    result = score(HYPS, REFS, test_set="news", direction="ar-en")
    assert result.bleu == round(sacrebleu.corpus_bleu(HYPS, [REFS]).score, 2)
    assert result.chrf == round(sacrebleu.corpus_chrf(HYPS, [REFS]).score, 2)
    assert 0 < result.bleu < 100 and 0 < result.chrf < 100
    assert result.bleu_signature.startswith("nrefs:1|case:mixed|eff:no|tok:13a") and "version:" in result.bleu_signature
    assert result.chrf_signature.startswith("nrefs:1|case:mixed|eff:yes|nc:6|nw:0")
    perfect = score(REFS, REFS)
    assert (perfect.bleu, perfect.chrf) == (100.0, 100.0)
    with pytest.raises(EvalError, match="2 translations for 1 references"):
        score(HYPS, REFS[:1])


def test_test_sets_from_aligned_files_tsv_and_tmx(tmp_path: Path) -> None:
    src, ref = tmp_path / "src.ar", tmp_path / "ref.en"
    src.write_text("\n".join(AR) + "\n", encoding="utf-8")
    ref.write_text("\n".join(REFS) + "\n", encoding="utf-8")
    aligned = load_test_set(src, ref)
    assert (aligned.sources, aligned.references, aligned.source_lang, aligned.target_lang) == (AR, REFS, "ar", "en")

    tsv = tmp_path / "pairs.tsv"
    tsv.write_text("".join(f"{a}\t{e}\n" for a, e in zip(AR, REFS)), encoding="utf-8")
    assert load_test_set(tsv).references == REFS

    tmx = tmp_path / "memory.tmx"
    write_tmx([MemoryEntry(a, e, "ar", "en") for a, e in zip(AR, REFS)], tmx)
    from_tmx = load_test_set(tmx)
    assert (from_tmx.sources, from_tmx.references, from_tmx.source_lang, from_tmx.target_lang) == (AR, REFS, "ar", "en")

    ref.write_text(REFS[0] + "\n", encoding="utf-8")
    with pytest.raises(EvalError, match="2 lines but ref.en has 1"):
        load_test_set(src, ref)
    with pytest.raises(EvalError, match="Line 1 of src.ar does not have two tab-separated columns"):
        load_test_set(src)


def test_hypotheses_files_are_scored(tmp_path: Path) -> None:
    hyp, ref = tmp_path / "hyp.txt", tmp_path / "ref.txt"
    hyp.write_text("\n".join(HYPS) + "\n", encoding="utf-8")
    ref.write_text("\n".join(REFS) + "\n", encoding="utf-8")
    assert score_files(hyp, ref).bleu == round(sacrebleu.corpus_bleu(HYPS, [REFS]).score, 2)


def test_a_model_is_translated_and_scored_beside_its_published_figure(tmp_path: Path) -> None:
    store = ModelStore()
    folder = factory.build_opus_mt_folder(tmp_path / "opus", "ar", "en", eos_bias=2.0)
    info = store.install(folder, model_id="opus-mt-ar-en-2019-12-18")  # a catalog id: it has a published score
    test = load_test_set(_write(tmp_path / "t.tsv", "".join(f"{a}\t{e}\n" for a, e in zip(AR, REFS))))
    result, translations = run_job(evaluate_job(store, info.id, test))
    assert len(translations) == 2 and all(isinstance(t, str) for t in translations)
    assert result.bleu == round(sacrebleu.corpus_bleu(translations, [REFS]).score, 2)
    assert result.chrf == round(sacrebleu.corpus_chrf(translations, [REFS]).score, 2)
    assert result.published is not None and (result.published.bleu, result.published.chrf) == (34.2, 61.3)
    assert "published BLEU / chrF 34.2 / 61.3" in result.summary()


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
