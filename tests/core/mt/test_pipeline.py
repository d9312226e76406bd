"""The streaming pipeline's per-sentence extras: confidence, word alignment, glossary terms applied,
and resuming after a cancel; on a fake engine whose output is known, then on a random-weight model
for the whole path (tests/mtfactory.py)."""
from __future__ import annotations

import math
from pathlib import Path

import ctranslate2
import pytest
import sentencepiece as spm

from desk.core.jobs import CancelToken, Progress, run_job
from desk.core.model import Article, Paragraph, Sentence, Target
from desk.core.mt import decoding
from desk.core.mt.engine import decoding_cap, get_engine, unload_all
from desk.core.mt.info import EngineSettings, ModelInfo
from desk.core.mt.pipeline import TranslationCancelled, translate_article
from desk.core.workbench.glossary import Glossary
from desk.core.workbench.qa import check_pair
from desk.core.workbench.terms import GlossaryTerms, NumberTerms, combine
from tests import mtfactory
from tests.fakeengine import FakeEngine

LEXICON = {"زار": "visited", "الوزير": "minister", "أمس": "yesterday", "الرياض": "Riad", "في": "in",
           "بيروت": "Beyrouth", "قال": "said", "غزة": "Gaza", "الأمن": "security"}


def article_of(*sentences: str, title: str = "") -> Article:
    body = Paragraph([Sentence(f"p0s{i}", t, "ar") for i, t in enumerate(sentences)], "ar")
    return Article("a1", "pasted", title, "ar", [body], title_sentence=Sentence("t0", title, "ar") if title else None)


def glossary(*pairs: tuple[str, str]) -> Glossary:
    g = Glossary(":memory:")
    for source, target in pairs:
        g.add(source, target, "ar", "en")
    return g


def words(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[s:e] for s, e in spans]


# --- fake engine: known output ---------------------------------------------------------------------


def test_targets_carry_confidence_and_word_alignment() -> None:
    engine = FakeEngine(LEXICON, scores={"قال الوزير في بيروت.": -1.2})
    # the second sentence is the first with other spacing: translated once, spans fit each text
    article = article_of("قال الوزير في بيروت.", "قال  الوزير في   بيروت.", "الأمن في غزة.")
    result = run_job(translate_article(article, engine))
    assert engine.stats.sentences == 2
    first, second, third = (result.targets[f"p0s{i}"] for i in range(3))
    assert first.text == "said minister in Beyrouth." and first.confidence == pytest.approx(math.exp(-1.2), abs=1e-4)
    assert third.confidence == pytest.approx(math.exp(-0.1), abs=1e-4)
    for sentence, target in ((article.sentence("p0s0"), first), (article.sentence("p0s1"), second)):
        pairs = [(sentence.text[slice(*w.source)], target.text[slice(*w.target)]) for w in target.alignment]
        assert pairs == [("قال", "said"), ("الوزير", "minister"), ("في", "in"), ("بيروت", "Beyrouth")]
    # align=False: no alignment, confidence still there
    plain = run_job(translate_article(article, FakeEngine(LEXICON), align=False))
    assert plain.targets["p0s0"].alignment == [] and plain.targets["p0s0"].confidence is not None


def test_glossary_terms_are_applied_and_flagged_only_where_that_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    terms = GlossaryTerms(glossary(("الرياض", "Riyadh"), ("بيروت", "Beirut")), "ar", "en")
    article = article_of("زار الوزير الرياض أمس.", "قال الوزير في بيروت.", "الأمن في غزة.")
    result = run_job(translate_article(article, FakeEngine(LEXICON), terms=terms))
    texts = [result.targets[f"p0s{i}"].text for i in range(3)]
    assert texts == ["visited minister Riyadh yesterday.", "said minister in Beirut.", "security in Gaza."]
    assert all(t.flags == [] for t in result.targets.values())
    riyadh = result.targets["p0s0"]
    link = next(w for w in riyadh.alignment if riyadh.text[slice(*w.target)] == "Riyadh")
    assert article.sentence("p0s0").text[slice(*link.source)] == "الرياض"
    # the QA check agrees: no glossary issue left
    assert check_pair("زار الوزير الرياض أمس.", texts[0], "ar", "en", terms.glossary) == []

    monkeypatch.setattr(decoding, "MAX_TERM_ROUNDS", 0)  # forcing "fails": flagged as before
    failed = run_job(translate_article(article, FakeEngine(LEXICON), terms=terms))
    assert failed.targets["p0s0"].text == "visited minister Riad yesterday."
    assert failed.targets["p0s0"].flags == ["glossary"] and failed.targets["p0s2"].flags == []


def test_memory_and_edited_targets_are_not_touched_by_terms() -> None:
    terms = GlossaryTerms(glossary(("الرياض", "Riyadh")), "ar", "en")
    engine = FakeEngine(LEXICON)
    article = article_of("زار الوزير الرياض أمس.", "قال الوزير في بيروت.")
    prefilled = {"p0s0": Target("The minister went to Riad.", "memory")}
    result = run_job(translate_article(article, engine, prefilled=prefilled, terms=terms))
    assert result.targets["p0s0"].text == "The minister went to Riad." and result.targets["p0s0"].origin == "memory"
    assert engine.calls == [["قال الوزير في بيروت."]]


def test_after_a_cancel_only_the_missing_sentences_are_translated() -> None:
    sentences = [f"قال الوزير {n} في بيروت." for n in range(8)]
    article = article_of(*sentences, title="الأمن في غزة")
    full = run_job(translate_article(article, FakeEngine(LEXICON)))

    engine = FakeEngine(LEXICON)
    token = CancelToken()

    def cancel_after_first_batch(progress: Progress) -> None:
        if progress.payload:
            token.cancel()

    with pytest.raises(TranslationCancelled) as err:
        run_job(translate_article(article, engine, cancel=token), cancel_after_first_batch)
    kept = err.value.partial.targets
    assert 0 < len(kept) < len(full.targets)

    resumed_engine = FakeEngine(LEXICON)
    resumed = run_job(translate_article(article, resumed_engine, prefilled=kept))
    sent = [text for batch in resumed_engine.calls for text in batch]
    missing = [s.text for s in article.all_sentences() if s.id not in kept]
    assert sorted(sent) == sorted(missing)  # nothing done twice
    assert resumed.targets == full.targets  # text, confidence and alignment all kept
    assert resumed.targets["t0"] is not kept["t0"]  # copies: the caller's partial stays its own


# --- a random-weight model, the whole path ---------------------------------------------------------


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return mtfactory.build_ct2_folder(tmp_path_factory.mktemp("pipeline") / "ar-en", "ar", "en", seed=1)


@pytest.fixture
def tiny_engine(tiny_model: Path):
    unload_all()
    info = ModelInfo("tiny-ar-en", "ar", "en", "ctranslate2", tiny_model, tiny_model, tiny_model / "source.spm",
                     tiny_model / "target.spm")
    yield get_engine(info, EngineSettings(beam_size=2))
    unload_all()


def test_random_weight_model_whole_path(tiny_model: Path, tiny_engine) -> None:
    sentences = ["زار الوزير الرياض أمس.", "قال الوزير في بيروت إن المحادثات مستمرة.", "الأمن في غزة.",
                 "أعلنت الحكومة خطة جديدة للطاقة.", "نزح ١٬٥٠٠ شخص في غزة عام 2024."]
    glossary_terms = GlossaryTerms(glossary(("الرياض", "Riyadh"), ("بيروت", "Beirut"), ("غزة", "Gaza Strip")),
                                   "ar", "en")
    terms = combine(glossary_terms, NumberTerms("ar", "en"))
    article = article_of(*sentences, title="الوزير في الرياض")
    result = run_job(translate_article(article, tiny_engine, terms=terms))
    for sentence in article.all_sentences():
        target = result.targets[sentence.id]
        # its noise does not matter: every required term and number is in the output, nothing is flagged
        assert terms.missing(sentence.text, target.text) == [], (sentence.text, target.text)
        assert not {"glossary", "number-mismatch", "date-mismatch"} & set(target.flags)
        issues = check_pair(sentence.text, target.text, "ar", "en", glossary_terms.glossary)
        assert not {"glossary", "number-mismatch", "date-mismatch"} & set(issues)
        assert target.confidence is not None and 0.0 < target.confidence <= 1.0
        assert target.alignment, target.text
        for link in target.alignment:
            assert 0 <= link.source[0] < link.source[1] <= len(sentence.text)
            assert 0 <= link.target[0] < link.target[1] <= len(target.text)
            assert sentence.text[slice(*link.source)].strip() and target.text[slice(*link.target)].strip()
    assert "1,500" in result.targets["p0s4"].text and "2024" in result.targets["p0s4"].text
    # the forced name is linked to its source word
    title = result.targets["t0"]
    assert any(title.text[slice(*w.target)] == "Riyadh" and article.title[slice(*w.source)] == "الرياض"
               for w in title.alignment)

    # confidence is CTranslate2's own score for the output (alone: in a batch with longer sentences a
    # random model's runaway output is decoded past its cap and scored over all of it)
    plain = sentences[3]
    alone = run_job(translate_article(article_of(plain), tiny_engine))
    sp = spm.SentencePieceProcessor(model_file=str(tiny_model / "source.spm"))
    tokens = sp.encode(plain, out_type=str)
    direct = ctranslate2.Translator(str(tiny_model), compute_type="int8").translate_batch(
        [tokens], beam_size=2, return_scores=True, max_decoding_length=decoding_cap(len(tokens)))[0]
    assert alone.targets["p0s0"].confidence == pytest.approx(math.exp(direct.scores[0]), abs=2e-3)


def test_a_changed_number_is_put_back_where_the_alignment_says() -> None:
    lexicon = {**LEXICON, "48": "84", "مليون": "million", "دولار": "dollars"}
    article = article_of("أقر الوزير 48 مليون دولار.", "أقر الوزير ٣٥ مليون دولار.", "زار الوزير الرياض أمس.")
    terms = NumberTerms("ar", "en")
    engine = FakeEngine({**lexicon, "٣٥": "53"})
    result = run_job(translate_article(article, engine, terms=terms))
    assert result.targets["p0s0"].text == "أقر minister 48 million dollars."
    assert result.targets["p0s1"].text == "أقر minister 35 million dollars."  # Arabic-Indic digits → 0-9
    assert all(t.flags == [] for t in result.targets.values())
    # re-decoded with the words before the number and the source's number as the forced prefix
    assert sorted(p for call in engine.prefixes for p in call) == ["▁أقر ▁minister ▁35", "▁أقر ▁minister ▁48"]
    # with a glossary too, both kinds of rules apply; what cannot be put back is flagged as QA flags it
    both = combine(GlossaryTerms(glossary(("الرياض", "Riyadh")), "ar", "en"), terms)
    again = run_job(translate_article(article, FakeEngine(lexicon), terms=both))
    assert again.targets["p0s2"].text == "visited minister Riyadh yesterday."
    assert "48" in again.targets["p0s0"].text
