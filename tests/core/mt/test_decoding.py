"""Confidence, alignment and required terms through decode_chain/force_terms, on an engine whose
output is known (tests/fakeengine.py)."""
from __future__ import annotations

import math

import pytest

from desk.core.mt import decoding
from desk.core.mt.decoding import RequiredTerm, decode_chain, force_terms
from tests.fakeengine import FakeEngine

LEXICON = {"زار": "visited", "الوزير": "minister", "أمس": "yesterday", "الرياض": "Riad", "في": "in",
           "بيروت": "Beyrouth", "وصل": "arrived"}


class Rules:
    """Required terms given as source word → target, checked by plain substring."""

    def __init__(self, terms: dict[str, str]) -> None:
        self.terms = terms

    def missing(self, source: str, target: str) -> list[RequiredTerm]:
        out = []
        for word, required in self.terms.items():
            start = source.find(word)
            if start >= 0 and required not in target:
                out.append(RequiredTerm((start, start + len(word)), required))
        return sorted(out, key=lambda t: t.source_span)


def run(engine: FakeEngine, sources: list[str], rules: Rules | None = None, align: bool = True):
    decoded = decode_chain(sources, [engine.encode(s)[0] for s in sources], [engine], beam_size=1,
                           target_lang="en", align=align)
    if rules is not None:
        force_terms(decoded, sources, engine, rules, beam_size=1, target_lang="en", align=align)
    return decoded


def test_confidence_is_the_geometric_mean_token_probability() -> None:
    engine = FakeEngine(LEXICON, scores={"زار الوزير الرياض": -0.5})
    [out] = run(engine, ["زار الوزير الرياض"])
    assert out.text == "visited minister Riad"
    assert out.confidence == pytest.approx(math.exp(-0.5))
    assert out.links == [(0, 0), (1, 1), (2, 2)]


def test_a_missing_term_is_forced_where_the_alignment_puts_it() -> None:
    engine = FakeEngine(LEXICON)
    [out] = run(engine, ["زار الوزير الرياض أمس"], Rules({"الرياض": "Riyadh"}))
    assert out.text == "visited minister Riyadh yesterday"
    # re-decoded once, with the words before the term and the term as the forced prefix
    assert engine.prefixes == [["▁visited ▁minister ▁Riyadh"]]
    assert [t.target for t in out.forced] == ["Riyadh"] and (2, 2) in out.links


def test_the_alignment_decides_the_place_not_the_word_position() -> None:
    # a model that puts the name first: the alignment (not the source position) says where it is
    class Reordering(FakeEngine):
        def translate_hypotheses(self, batch, **kw):
            hyps = super().translate_hypotheses(batch, **kw)
            for hyp in hyps:
                if not kw.get("prefixes") and len(hyp.pieces) == 3:
                    order = [2, 0, 1]  # "Riad visited minister"
                    hyp.pieces = [hyp.pieces[i] for i in order]
                    hyp.attention = [hyp.attention[i] for i in order] if hyp.attention else []
            return hyps

    engine = Reordering(LEXICON)
    [out] = run(engine, ["زار الوزير الرياض"], Rules({"الرياض": "Riyadh"}))
    assert engine.prefixes == [["▁Riyadh"]]  # forced at target word 0, where "Riad" was
    assert out.text.startswith("Riyadh ") and (2, 0) in out.links
    [unaligned] = run(Reordering(LEXICON), ["زار الوزير الرياض"], Rules({"الرياض": "Riyadh"}), align=False)
    assert unaligned.text.split()[2] == "Riyadh"  # without alignment: the source's relative position


def test_a_term_the_vocabulary_cannot_spell_is_kept_as_written() -> None:
    engine = FakeEngine(LEXICON, vocabulary={"visited", "minister", "yesterday", "Riad"})
    [out] = run(engine, ["زار الوزير الرياض أمس"], Rules({"الرياض": "Riyadh"}))
    assert out.text == "visited minister Riyadh yesterday"  # not "visited minister ⁇ yesterday"


def test_several_terms_are_forced_in_source_order_and_earlier_ones_are_kept() -> None:
    engine = FakeEngine(LEXICON)
    rules = Rules({"الرياض": "Riyadh", "بيروت": "Beirut"})
    [out, other] = run(engine, ["زار الوزير الرياض في بيروت", "وصل الوزير أمس"], rules)
    assert out.text == "visited minister Riyadh in Beirut"
    assert [t.target for t in out.forced] == ["Riyadh", "Beirut"]
    assert rules.missing("زار الوزير الرياض في بيروت", out.text) == []
    assert other.text == "arrived minister yesterday" and other.forced == []
    # one constrained call per round, holding only the sentences that needed it
    assert engine.prefixes == [["▁visited ▁minister ▁Riyadh"], ["▁visited ▁minister ▁Riyadh ▁in ▁Beirut"]]


def test_rounds_are_bounded_and_what_is_left_stays_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(decoding, "MAX_TERM_ROUNDS", 1)
    rules = Rules({"الرياض": "Riyadh", "بيروت": "Beirut"})
    [out] = run(FakeEngine(LEXICON), ["زار الوزير الرياض في بيروت"], rules)
    assert [t.target for t in rules.missing("زار الوزير الرياض في بيروت", out.text)] == ["Beirut"]


def test_a_chain_composes_alignment_and_confidence_through_the_pivot() -> None:
    ar_en = FakeEngine(LEXICON, scores={"زار الوزير الرياض": -0.2})
    en_fr = FakeEngine({"visited": "visita", "minister": "ministre", "Riad": "Riad", "Riyadh": "Riyad"},
                       scores={"visited minister Riad": -0.3}, source_lang="en", target_lang="fr")
    sources = ["زار الوزير الرياض"]
    decoded = decode_chain(sources, [ar_en.encode(sources[0])[0]], [ar_en, en_fr], beam_size=1, target_lang="fr")
    [out] = decoded
    assert out.text == "visita ministre Riad"
    assert out.confidence == pytest.approx(math.exp(-0.2) * math.exp(-0.3))
    assert out.links == [(0, 0), (1, 1), (2, 2)]
    force_terms(decoded, sources, en_fr, Rules({"الرياض": "Riyad"}), beam_size=1, target_lang="fr")
    assert out.text == "visita ministre Riyad" and (2, 2) in out.links
