"""The streaming translation engine, driven through its public API on tiny random-weight models."""
from __future__ import annotations

from pathlib import Path

import ctranslate2
import pytest
import sentencepiece as spm

from desk.core.errors import Cancelled, ModelError
from desk.core.jobs import CancelToken, Progress, run_job
from desk.core.model import Article, Paragraph, Sentence, Target
from desk.core.mt import engine as engine_mod
from desk.core.mt import pipeline
from desk.core.mt.engine import (
    Engine,
    decoding_cap,
    get_engine,
    plan_batches,
    unload_all,
)
from desk.core.mt.info import EngineSettings, ModelInfo
from desk.core.mt.pipeline import (
    TranslationCancelled,
    translate_article,
    translate_article_via,
    translate_texts,
)
from tests import mtfactory

GREEDY = EngineSettings(beam_size=1)

AR = [
    "قال الوزير في بيروت إن المحادثات مستمرة.",
    "أعلنت الحكومة خطة جديدة للطاقة.",
    "الأمن في غزة.",
    "دعا الرئيس إلى وقف الحرب بين القوات في الحدود منذ الأسبوع الماضي وقبل القمة العربية في الرياض.",
    "نفى المسؤول التقرير.",
    "يجب أن يكون الاتفاق جديد.",
]


def _info(folder: Path, model_id: str, src: str, tgt: str, **kw: str) -> ModelInfo:
    spm_src, spm_tgt = folder / "source.spm", folder / "target.spm"
    return ModelInfo(model_id, src, tgt, "ctranslate2", folder, folder, spm_src, spm_tgt, **kw)


@pytest.fixture(scope="session")
def models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("mt-models")
    return {
        "ar-en": mtfactory.build_ct2_folder(root / "ar-en", "ar", "en", seed=1),
        "en-fr": mtfactory.build_ct2_folder(root / "en-fr", "en", "fr", seed=2),
        # never emits </s>: every output runs to its length cap
        "endless": mtfactory.build_ct2_folder(root / "endless", "ar", "en", seed=3, eos_bias=-30.0),
    }


@pytest.fixture(autouse=True)
def _fresh_engines():
    unload_all()
    yield
    unload_all()


@pytest.fixture
def ar_en(models: dict[str, Path]) -> Engine:
    return get_engine(_info(models["ar-en"], "tiny-ar-en", "ar", "en"), GREEDY)


def make_article(title: str, captions: list[str], paragraphs: list[list[str]], lang: str = "ar") -> Article:
    paras = [
        Paragraph([Sentence(f"p{i}s{j}", text, lang) for j, text in enumerate(sents)], lang)
        for i, sents in enumerate(paragraphs)
    ]
    return Article(
        id="a1", source="pasted", title=title, lang=lang, paragraphs=paras, captions=list(captions),
        title_sentence=Sentence("t0", title, lang) if title else None,
        caption_sentences=[Sentence(f"c{i}", c, lang) for i, c in enumerate(captions)],
    )


def direct(folder: Path, text: str, beam: int = 1) -> str:
    """What CTranslate2 gives for one sentence alone, with the same cap rule."""
    sp_src = spm.SentencePieceProcessor(model_file=str(folder / "source.spm"))
    sp_tgt = spm.SentencePieceProcessor(model_file=str(folder / "target.spm"))
    tokens = sp_src.encode(text, out_type=str)
    translator = ctranslate2.Translator(str(folder), compute_type="int8")
    cap = decoding_cap(len(tokens))
    hyp = translator.translate_batch([tokens], beam_size=beam, max_decoding_length=cap)[0].hypotheses[0]
    return " ".join(sp_tgt.decode_pieces(hyp).replace("▁", " ").split())


def collect(job) -> tuple[object, list[Progress]]:
    seen: list[Progress] = []
    return run_job(job, seen.append), seen


def delivered(progress: list[Progress]) -> list[tuple[str, Target]]:
    return [item for p in progress for item in (p.payload or [])]


# --- document structure, order, progress ----------------------------------------------------------


def test_every_sentence_comes_back_in_document_order(ar_en: Engine) -> None:
    article = make_article("عنوان الخبر في بيروت", ["صورة من غزة", "صورة ثانية"], [AR[:3], AR[3:5], AR[5:]])
    result, progress = collect(translate_article(article, ar_en))
    ids = [s.id for s in article.all_sentences()]
    assert ids[:3] == ["t0", "c0", "c1"]
    assert [sid for sid, _ in delivered(progress)] == ids  # each once, in order, headline and captions first
    assert list(result.targets) == ids
    assert all(t.text and t.origin == "machine" for t in result.targets.values())
    # paragraphs can be rebuilt from the ids: every body sentence has its own target
    rebuilt = [[result.targets[s.id].text for s in p.sentences] for p in article.paragraphs]
    assert [len(p) for p in rebuilt] == [3, 2, 1]
    assert result.model_id == "tiny-ar-en" and result.direction == "ar-en" and result.article_id == "a1"
    # payload targets are the very objects of the result
    assert all(result.targets[sid] is t for sid, t in delivered(progress))


def test_progress_is_monotonic_and_reaches_total(ar_en: Engine) -> None:
    article = make_article("", [], [AR * 3])  # 18 sentences, 6 distinct
    _, progress = collect(translate_article(article, ar_en))
    assert {p.total for p in progress} == {18}
    dones = [p.done for p in progress]
    assert dones == sorted(dones)
    assert dones[-1] == 18 and progress[-1].fraction == 1.0
    assert len(progress) >= 3  # streamed, not one final jump


def test_first_sentence_is_delivered_after_a_one_sentence_batch(ar_en: Engine) -> None:
    article = make_article("عنوان الخبر", [], [AR])
    job = translate_article(article, ar_en)
    for progress in job:
        if progress.payload:
            assert progress.payload[0][0] == "t0"
            assert ar_en.stats.sentences == 1  # nothing else was translated before it
            break
    else:
        pytest.fail("no payload")
    job.close()


def test_identical_sentences_are_translated_once(ar_en: Engine) -> None:
    repeated = AR[0]
    article = make_article(repeated, [repeated], [[repeated, AR[1]], ["  " + repeated.replace(" ", "  ") + " ", AR[1]]])
    result, _ = collect(translate_article(article, ar_en))
    assert ar_en.stats.sentences == 2  # two distinct texts, six sentences
    same = [result.targets[i] for i in ("t0", "c0", "p0s0", "p1s0")]
    assert len({t.text for t in same}) == 1
    assert len({id(t) for t in same}) == 4  # editing one copy does not edit the others
    assert result.targets["p0s1"].text == result.targets["p1s1"].text


def test_empty_sentences_get_empty_targets_without_the_model(ar_en: Engine) -> None:
    article = make_article("", [], [["", AR[0], "   \n ", "\u200b"]])
    result, progress = collect(translate_article(article, ar_en))
    assert result.targets["p0s0"].text == "" and result.targets["p0s2"].text == ""
    assert result.targets["p0s3"].text == ""  # the tokenizer keeps nothing of it
    assert result.targets["p0s1"].text
    assert ar_en.stats.sentences == 1
    assert [sid for sid, _ in delivered(progress)] == ["p0s0", "p0s1", "p0s2", "p0s3"]


def test_prefilled_sentences_skip_the_model_and_stay_in_place(ar_en: Engine) -> None:
    article = make_article("", [], [AR[:4]])
    prefilled = {"p0s0": Target("From memory.", "memory"), "p0s2": Target("My edit.", "edited", ["checked"])}
    result, progress = collect(translate_article(article, ar_en, prefilled=prefilled))
    assert ar_en.stats.sentences == 2
    assert result.targets["p0s0"].text == "From memory." and result.targets["p0s0"].origin == "memory"
    assert result.targets["p0s2"].origin == "edited" and result.targets["p0s2"].flags == ["checked"]
    assert result.targets["p0s1"].origin == "machine"
    assert [sid for sid, _ in delivered(progress)] == ["p0s0", "p0s1", "p0s2", "p0s3"]
    # the first prefilled sentence is available before any model call
    assert progress[1].payload and progress[1].payload[0][0] == "p0s0"


# --- cancel ---------------------------------------------------------------------------------------


def test_cancel_midway_stops_and_keeps_what_was_done(ar_en: Engine) -> None:
    pipeline_sentences = [f"{s} {n}" for n in range(5) for s in AR]  # 30 distinct sentences
    article = make_article("", [], [pipeline_sentences])
    full = run_job(translate_article(article, ar_en))
    calls_full = ar_en.stats.batches
    ar_en.stats = type(ar_en.stats)()

    token = CancelToken()
    got: list[tuple[str, Target]] = []

    def on_progress(p: Progress) -> None:
        got.extend(p.payload or [])
        if got:
            token.cancel()

    with pytest.raises(TranslationCancelled) as err:
        run_job(translate_article(article, ar_en, cancel=token), on_progress)
    assert isinstance(err.value, Cancelled)
    partial = err.value.partial
    assert 0 < len(partial.targets) < len(full.targets)
    assert ar_en.stats.batches < calls_full
    assert {sid for sid, _ in got} <= set(partial.targets)
    for sid, target in partial.targets.items():
        assert target.text == full.targets[sid].text


def test_cancel_before_start_calls_nothing(ar_en: Engine) -> None:
    token = CancelToken()
    token.cancel()
    with pytest.raises(TranslationCancelled) as err:
        run_job(translate_article(make_article("", [], [AR]), ar_en, cancel=token))
    assert err.value.partial.targets == {}
    assert ar_en.stats.sentences == 0 and not ar_en.loaded


# --- decoding: equality with CTranslate2, caps, truncation ------------------------------------------


def test_each_sentence_equals_a_direct_ctranslate2_translation(models: dict[str, Path], ar_en: Engine) -> None:
    sentences = AR + [AR[3] + " " + AR[0], "غزة"]
    result = run_job(translate_article(make_article("", [], [sentences]), ar_en))
    assert ar_en.stats.batches < len(sentences)  # sentences really were batched together
    for i, text in enumerate(sentences):
        assert result.targets[f"p0s{i}"].text == direct(models["ar-en"], text)


def test_outputs_are_cut_at_the_length_cap_even_in_mixed_batches(models: dict[str, Path]) -> None:
    engine = get_engine(_info(models["endless"], "endless", "ar", "en"), GREEDY)
    short, _ = engine.encode(AR[2])
    long_, _ = engine.encode(AR[3] + " " + AR[0])
    assert len(short) < len(long_)
    outputs = engine.translate_tokens([short, long_])
    assert [len(o) for o in outputs] == [decoding_cap(len(short)), decoding_cap(len(long_))]
    assert decoding_cap(10_000) == engine_mod.MAX_DECODING_TOKENS


def test_too_long_sentences_are_truncated_and_flagged(models: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine_mod, "MAX_INPUT_TOKENS", 12)
    engine = get_engine(_info(models["endless"], "endless", "ar", "en"), GREEDY)
    long_text = " ".join(AR)
    tokens, truncated = engine.encode(long_text)
    assert truncated and len(tokens) == 12
    result = run_job(translate_article(make_article("", [], [[long_text, AR[2]]]), engine))
    assert result.targets["p0s0"].flags == ["truncated"]
    assert result.targets["p0s1"].flags == []
    assert engine.stats.output_tokens <= decoding_cap(12) + decoding_cap(len(engine.encode(AR[2])[0]))


def test_beam_search_runs(ar_en: Engine) -> None:
    result = run_job(translate_article(make_article("", [], [AR[:2]]), ar_en, beam_size=3))
    assert all(t.text for t in result.targets.values())


def test_target_prefix_is_forced_and_stripped(models: dict[str, Path]) -> None:
    info = _info(models["ar-en"], "multi", "ar", "en", target_prefix="▁the")
    engine = get_engine(info, GREEDY)
    tokens, _ = engine.encode(AR[0])
    out = engine.translate_tokens([tokens])[0]
    translator = ctranslate2.Translator(str(models["ar-en"]), compute_type="int8")
    forced = translator.translate_batch(
        [tokens], target_prefix=[["▁the"]], beam_size=1, max_decoding_length=decoding_cap(len(tokens)) + 1
    )[0].hypotheses[0]
    assert forced[0] == "▁the"
    assert out == forced[1:][: decoding_cap(len(tokens))]


# --- plain texts, pivot -----------------------------------------------------------------------------


def test_translate_texts_streams_indices_in_order(ar_en: Engine, models: dict[str, Path]) -> None:
    texts = [AR[0], "", AR[1], AR[0]]
    result, progress = collect(translate_texts(texts, ar_en))
    assert [i for p in progress for i, _ in (p.payload or [])] == [0, 1, 2, 3]
    assert result[1] == "" and result[0] == result[3] == direct(models["ar-en"], AR[0])
    assert ar_en.translate_strings([AR[1]]) == [result[2]]


def test_pivot_through_english_chains_two_models(models: dict[str, Path]) -> None:
    ar_en = get_engine(_info(models["ar-en"], "tiny-ar-en", "ar", "en"), GREEDY)
    en_fr = get_engine(_info(models["en-fr"], "tiny-en-fr", "en", "fr"), GREEDY)
    article = make_article("عنوان", [], [AR[:3]])
    result = run_job(translate_article_via(article, [ar_en, en_fr]))
    assert result.model_id == "tiny-ar-en+tiny-en-fr" and result.direction == "ar-fr"
    ids = [s.id for s in article.all_sentences()]
    assert list(result.targets) == ids
    english = run_job(translate_texts([s.text for s in article.all_sentences()], ar_en))
    french = run_job(translate_texts(english, en_fr))
    assert [result.targets[i].text for i in ids] == french


# --- loading, caching, broken models ---------------------------------------------------------------


def test_engines_are_cached_and_share_the_loaded_model(models: dict[str, Path]) -> None:
    info = _info(models["ar-en"], "tiny-ar-en", "ar", "en")
    first = get_engine(info, GREEDY)
    assert not first.loaded  # lazy
    assert get_engine(info, EngineSettings(beam_size=1)) is first
    first.load()
    other_beam = get_engine(info, EngineSettings(beam_size=4))
    assert other_beam is not first and other_beam.runtime is first.runtime
    unload_all()
    assert not first.loaded
    assert get_engine(info, GREEDY) is not first


def _broken(tmp_path: Path, models: dict[str, Path], damage: str) -> ModelInfo:
    import shutil

    folder = tmp_path / damage
    shutil.copytree(models["ar-en"], folder)
    if damage == "no-model-bin":
        (folder / "model.bin").unlink()
    elif damage == "garbage-model-bin":
        (folder / "model.bin").write_bytes(b"\x00not a model" * 100)
    elif damage == "garbage-spm":
        (folder / "source.spm").write_bytes(b"not sentencepiece")
    elif damage == "bad-config":
        (folder / "config.json").write_text("{not json", encoding="utf-8")
    elif damage == "no-folder":
        shutil.rmtree(folder)
    return _info(folder, damage, "ar", "en")


@pytest.mark.parametrize("damage", ["no-model-bin", "garbage-model-bin", "garbage-spm", "bad-config", "no-folder"])
def test_broken_model_folder_raises_model_error(tmp_path: Path, models: dict[str, Path], damage: str) -> None:
    info = _broken(tmp_path, models, damage)
    with pytest.raises(ModelError) as err:
        get_engine(info).load()
    assert damage in str(err.value)  # names the model
    with pytest.raises(ModelError):
        run_job(translate_article(make_article("", [], [AR[:1]]), get_engine(info, GREEDY)))


def test_first_window_is_one_sentence_then_the_rest_in_document_order() -> None:
    work = [pipeline._Work(f"s{i}", [i], tokens=["x"] * (1 + i % 7)) for i in range(300)]
    windows = pipeline._windows(work)
    assert [len(w) for w in windows] == [1, pipeline.MAX_WINDOW, 300 - 1 - pipeline.MAX_WINDOW]
    assert [w.text for window in windows for w in window] == [w.text for w in work]


def test_batches_run_in_order_of_their_earliest_sentence() -> None:
    lengths = [50, 3, 40, 4, 60, 5, 45, 2, 55, 6, 41, 1, 52, 7]
    work = [pipeline._Work(f"s{i}", [i], tokens=["x"] * n) for i, n in enumerate(lengths)]
    batches = pipeline._batches(work, max_tokens=10_000)
    assert len(batches) >= 2
    firsts = [min(w.positions[0] for w in b) for b in batches]
    assert firsts == sorted(firsts) and firsts[0] == 0
    for b in batches:  # still grouped by length: long and short sentences are not mixed
        assert max(len(w.tokens) for w in b) <= 3 * min(len(w.tokens) for w in b) + 4


def test_batch_plan_is_sorted_balanced_and_within_budgets() -> None:
    import random

    rng = random.Random(7)
    lengths = [rng.randint(3, 90) for _ in range(70)]
    plan = plan_batches(lengths, max_tokens=600, max_sentences=16)
    assert sorted(i for b in plan for i in b) == list(range(70))
    flat = [lengths[i] for b in plan for i in b]
    assert flat == sorted(flat)  # length-sorted, batches contiguous in that order
    for b in plan:
        assert len(b) <= 16 and len(b) * max(lengths[i] for i in b) <= 600
    assert [len(b) for b in plan_batches([5] * 13, max_sentences=12)] == [7, 6]
    assert [len(b) for b in plan_batches([5] * 24, max_sentences=12)] == [12, 12]
    assert plan_batches([2] * 8 + [200] * 8, max_tokens=10_000, max_sentences=8) == [list(range(8)), list(range(8, 16))]
    assert plan_batches([300], max_tokens=100) == [[0]]  # a sentence over budget still goes, alone
    assert plan_batches([]) == []
