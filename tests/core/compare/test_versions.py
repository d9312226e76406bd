"""Version comparison: constructed same-language edits, FLORES Arabic/English pairs, translations, summaries."""
from __future__ import annotations

import difflib
import json
import random
from pathlib import Path

import pytest

from desk.core.compare.align import align_monotonic, equal_blocks, normalize, similarity, word_diff
from desk.core.compare.versions import (
    Comparison,
    compare_articles,
    compare_cross_language,
    compare_same_language,
    compare_summaries,
    compare_translations,
)
from desk.core.errors import DeskError
from desk.core.model import LengthRule, Summary, SummaryPick, Target, Translation
from tests.core.brief.test_compose import make_article
from tests.core.compare.test_align import check_cover

OLD = [
    "A US-led coalition's military mission in Iraq will end by September 2025.",  # 0
    "The US has approximately 2,500 troops in Iraq and 900 in neighboring Syria.",  # 1
    "The joint statement provided few details.",  # 2
    "The announcement was a product of nine months of negotiations.",  # 3
    "An Iraqi official said the coalition will maintain its mission in Syria.",  # 4
    "Reuters has reported that hundreds of troops would leave by September 2025.",  # 5
    "US and other coalition troops are expected to remain in Erbil.",  # 6
]


def ops(c: Comparison) -> list[tuple[str, int | None, int | None]]:
    return [(p.op, p.a.index if p.a else None, p.b.index if p.b else None) for p in c.pairs]


def spelled(diff: list[tuple[str, str]], side: str) -> str:
    keep = {"a": {"equal", "delete"}, "b": {"equal", "insert"}}[side]
    return "".join(text for op, text in diff if op in keep)


# --- primitives -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "a, b",
    [
        ("The US has approximately 2,500 troops.", "The US has about 2,500 troops in Iraq."),
        ("قال الوزير إن الخطة تبدأ العام المقبل.", "قال الوزير إن الخطة ستبدأ الشهر المقبل."),
        ("", "Something new."),
        ("Same text.", "Same text."),
    ],
)
def test_word_diff_spells_both_sides(a: str, b: str) -> None:
    diff = word_diff(a, b)
    assert spelled(diff, "a") == a and spelled(diff, "b") == b
    assert all(op in {"equal", "delete", "insert"} for op, _ in diff)
    assert all(diff[k][0] != diff[k + 1][0] for k in range(len(diff) - 1))  # runs are merged


def test_word_diff_marks_the_changed_words() -> None:
    diff = word_diff("The US has approximately 2,500 troops.", "The US has about 2,500 troops.")
    assert ("delete", "approximately") in diff and ("insert", "about") in diff
    assert [op for op, _ in diff].count("equal") == 2


def test_normalize_and_similarity() -> None:
    assert normalize("  The, US!  has ") == "the us has"
    assert normalize("قَالَ الوزيـــر: أحمد") == normalize("قال الوزير احمد")
    assert similarity("The same sentence.", "the same sentence") == 1.0
    assert similarity("Oil prices rose sharply.", "Football team wins cup final.") < 0.2
    edited = similarity(OLD[1], "The US has about 2,500 troops in Iraq and 900 in Syria.")
    assert 0.5 < edited < 1.0


def test_monotonic_alignment_with_merge_and_gaps() -> None:
    a = ["alpha beta gamma delta", "epsilon zeta eta theta iota kappa", "lambda mu nu"]
    b = ["alpha beta gamma delta", "epsilon zeta eta", "theta iota kappa", "unrelated words here", "lambda mu nu"]
    beads = align_monotonic(a, b)
    assert [(bd.a, bd.b) for bd in beads] == [((0,), (0,)), ((1,), (1, 2)), ((), (3,)), ((2,), (4,))]
    simple = align_monotonic(a, b, merges=False)
    assert all(len(bd.a) <= 1 and len(bd.b) <= 1 for bd in simple)


def test_equal_blocks_cover_both_lists_and_keep_at_least_difflibs_matches() -> None:
    rng = random.Random(7)
    for _ in range(200):
        a = [rng.choice("abcde") for _ in range(rng.randint(0, 12))]
        b = [rng.choice("abcde") for _ in range(rng.randint(0, 12))]
        i = j = kept = 0
        for tag, i1, i2, j1, j2 in equal_blocks(a, b):
            assert (i1, j1) == (i, j)
            if tag == "equal":
                assert a[i1:i2] == b[j1:j2]
                kept += i2 - i1
            else:
                assert tag == {(True, True): "replace", (True, False): "delete", (False, True): "insert"}[
                    (i2 > i1, j2 > j1)]
            i, j = i2, j2
        assert (i, j) == (len(a), len(b))
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
        assert kept >= sum(block.size for block in matcher.get_matching_blocks())


# --- same language --------------------------------------------------------------------------------


def test_identical_versions_are_all_equal() -> None:
    c = compare_same_language(OLD, list(OLD))
    assert ops(c) == [("equal", k, k) for k in range(len(OLD))]
    assert c.counts()["equal"] == len(OLD)


def test_edit_insert_delete_move() -> None:
    new = [
        OLD[0],
        "The US has about 2,500 troops in Iraq and 900 in Syria.",  # edited 1
        OLD[2],
        "The drawdown will mark a notable shift in Washington's military posture.",  # inserted
        OLD[4],
        OLD[6],  # 5 deleted
        OLD[3],  # 3 moved to the end
    ]
    c = compare_same_language(OLD, new)
    assert ops(c) == [
        ("equal", 0, 0),
        ("changed", 1, 1),
        ("equal", 2, 2),
        ("added", None, 3),
        ("equal", 4, 4),
        ("removed", 5, None),
        ("equal", 6, 5),
        ("moved", 3, 6),
    ]
    changed = c.pairs[1]
    assert ("delete", "approximately") in changed.diff and ("insert", "about") in changed.diff
    assert spelled(changed.diff, "a") == OLD[1] and spelled(changed.diff, "b") == new[1]
    assert c.pairs[-1].diff == [] and c.pairs[-1].similarity == 1.0


def test_replaced_by_unrelated_sentence_is_removed_and_added() -> None:
    new = [OLD[0], "Football fans celebrated the cup final late into the night.", OLD[2]]
    c = compare_same_language(OLD[:3], new)
    assert ops(c) == [("equal", 0, 0), ("removed", 1, None), ("added", None, 1), ("equal", 2, 2)]


def test_punctuation_only_change_is_changed_not_equal() -> None:
    new = [OLD[0], OLD[1].replace("Syria.", "Syria!")]
    c = compare_same_language(OLD[:2], new)
    assert ops(c) == [("equal", 0, 0), ("changed", 1, 1)]
    assert ("delete", ".") in c.pairs[1].diff and ("insert", "!") in c.pairs[1].diff


def test_moved_and_edited_sentence() -> None:
    new = [OLD[1], OLD[2], OLD[3], OLD[4], "A US-led coalition's military mission in Iraq will end by September 2026."]
    c = compare_same_language(OLD[:5], new)
    assert ops(c) == [("equal", 1, 0), ("equal", 2, 1), ("equal", 3, 2), ("equal", 4, 3), ("moved", 0, 4)]
    moved = c.pairs[-1]
    assert ("delete", "2025") in moved.diff and ("insert", "2026") in moved.diff


def test_two_rewrites_in_one_block_pair_up_in_order() -> None:
    new = [OLD[0], "The US has roughly 2,500 soldiers in Iraq and 900 in neighboring Syria.",
           "The joint statement provided very few details.", OLD[3]]
    c = compare_same_language(OLD[:4], new)
    assert ops(c) == [("equal", 0, 0), ("changed", 1, 1), ("changed", 2, 2), ("equal", 3, 3)]


def test_articles_same_language_use_ids_and_json() -> None:
    a = make_article([[OLD[0], OLD[1]], [OLD[2]]], title="Coalition to end Iraq mission")
    b = make_article([[OLD[0]], [OLD[2], "A new closing line."]], title="Coalition to end Iraq mission")
    c = compare_articles(a, b)
    data = json.loads(json.dumps(c.to_json()))
    assert data["mode"] == "same-language"
    assert [(p["op"], p["a"] and p["a"]["id"], p["b"] and p["b"]["id"]) for p in data["pairs"]] == [
        ("equal", "t0", "t0"), ("equal", "p0s0", "p0s0"), ("removed", "p0s1", None),
        ("equal", "p1s0", "p1s0"), ("added", None, "p1s1"),
    ]
    assert set(data["pairs"][0]) == {"op", "a", "b", "similarity", "diff"}
    assert set(data["pairs"][0]["a"]) == {"index", "id", "text"}


# --- across languages (FLORES-200) -----------------------------------------------------------------


def flores(flores_dir: Path, n: int) -> tuple[list[str], list[str]]:
    ar = (flores_dir / "arb_Arab.devtest").read_text(encoding="utf-8").splitlines()[:n]
    en = (flores_dir / "eng_Latn.devtest").read_text(encoding="utf-8").splitlines()[:n]
    return ar, en


def reference_translate(ar: list[str], en: list[str], log: list[list[str]] | None = None):
    """Deterministic stand-in for a model: each Arabic FLORES line → its English reference."""
    table = dict(zip(ar, en))

    def translate(texts: list[str]) -> list[str]:
        if log is not None:
            log.append(list(texts))
        return [table[t] for t in texts]

    return translate


def test_cross_language_finds_dropped_and_inserted_sentences(flores_dir: Path) -> None:
    ar, en = flores(flores_dir, 24)
    extra = "The English edition adds a line about the weather in the capital on Sunday."
    b = en[:5] + en[7:15] + [extra] + en[15:]  # English lacks lines 5 and 6, has one extra after 14
    calls: list[list[str]] = []
    c = compare_cross_language(ar, b, reference_translate(ar, en, calls), lang_a="ar", lang_b="en")
    assert calls == [ar]  # one batch, the A side
    assert c.mode == "cross-language" and c.translated_side == "a"
    assert [(p.a.index, p.b.index) for p in c.pairs if p.op == "equal"] == (
        [(k, k) for k in range(5)] + [(k, k - 2) for k in range(7, 15)] + [(k, k - 1) for k in range(15, 24)]
    )
    assert [p.a.index for p in c.pairs if p.op == "removed"] == [5, 6]
    added = [p for p in c.pairs if p.op == "added"]
    assert [(p.b.index, p.b.text) for p in added] == [(13, extra)]
    assert c.counts() == {"equal": 22, "changed": 0, "added": 1, "removed": 2, "moved": 0}
    assert all(p.a.translation == en[p.a.index] for p in c.pairs if p.a is not None)


def test_cross_language_translating_side_b_and_split_sentence(flores_dir: Path) -> None:
    ar, en = flores(flores_dir, 10)
    a = en[:3] + [en[3] + " " + en[4]] + en[5:]  # English joins 3+4 into one sentence
    c = compare_cross_language(a, ar, reference_translate(ar, en), translate_side="b", lang_a="en", lang_b="ar")
    assert ops(c) == [("equal", 0, 0), ("equal", 1, 1), ("equal", 2, 2), ("equal", 3, 3)] + [
        ("equal", k, k + 1) for k in range(4, 9)
    ]
    merged = c.pairs[3].b
    assert merged.id == "s3+s4" and merged.indices == [3, 4] and merged.text == ar[3] + " " + ar[4]
    assert merged.translation == en[3] + " " + en[4]


def test_cross_language_moved_paragraph(flores_dir: Path) -> None:
    ar, en = flores(flores_dir, 12)
    b = en[:2] + en[3:11] + [en[2]] + en[11:]  # sentence 2 moved near the end
    c = compare_cross_language(ar, b, reference_translate(ar, en))
    moved = [p for p in c.pairs if p.op == "moved"]
    assert [(p.a.index, p.b.index) for p in moved] == [(2, 10)]
    assert c.counts()["removed"] == 0 and c.counts()["added"] == 0


def test_cross_language_moved_and_edited_when_translating_b(flores_dir: Path) -> None:
    ar, en = flores(flores_dir, 12)
    edited = en[2].rstrip(".") + " last year."
    a = en[:2] + en[3:11] + [edited] + en[11:]  # English: sentence 2 edited and moved near the end
    c = compare_cross_language(a, ar, reference_translate(ar, en), translate_side="b")
    moved = [p for p in c.pairs if p.op == "moved"]
    assert [(p.a.index, p.b.index) for p in moved] == [(10, 2)]
    assert spelled(moved[0].diff, "a") == edited and spelled(moved[0].diff, "b") == en[2]
    assert ("insert", " last year") not in moved[0].diff and ("delete", " last year") in moved[0].diff


def test_cross_language_loose_match_is_changed_with_diff() -> None:
    a = ["النص الأول", "النص الثاني"]
    mapping = {"النص الأول": "The minister announced a new energy plan on Monday.",
               "النص الثاني": "Investors welcomed the decision."}
    b = ["On Tuesday in Riyadh, officials said the minister had announced a plan for oil.",
         "Investors welcomed the decision."]
    c = compare_cross_language(a, b, lambda xs: [mapping[x] for x in xs])
    assert ops(c) == [("changed", 0, 0), ("equal", 1, 1)]
    assert spelled(c.pairs[0].diff, "a") == mapping["النص الأول"] and spelled(c.pairs[0].diff, "b") == b[0]


def test_cross_language_errors() -> None:
    with pytest.raises(DeskError, match="returned 1 sentences for 2"):
        compare_cross_language(["a", "b"], ["c"], lambda xs: ["x"])
    ar = make_article([["نص."]], lang="ar", title="")
    en = make_article([["Text."]], lang="en", title="")
    with pytest.raises(DeskError, match="needs a translation model"):
        compare_articles(ar, en)


# --- translations and summaries --------------------------------------------------------------------


def test_compare_translations_by_id() -> None:
    article = make_article([["واحد.", "اثنان.", "ثلاثة."]], lang="ar", title="عنوان")
    machine = Translation("m1", "ar", "en", article.id, {
        "t0": Target("Title"), "p0s0": Target("One."), "p0s1": Target("The two."), "p0s2": Target("Three."),
    })
    edited = Translation("m1", "ar", "en", article.id, {
        "t0": Target("Title", "edited"), "p0s0": Target("One."), "p0s1": Target("Two.", "edited"),
    })
    c = compare_translations(article, machine, edited)
    assert c.mode == "translations"
    assert [(p.op, (p.a or p.b).id) for p in c.pairs] == [
        ("equal", "t0"), ("equal", "p0s0"), ("changed", "p0s1"), ("removed", "p0s2"),
    ]
    assert ("delete", "The ") in c.pairs[2].diff or ("delete", "The two") in c.pairs[2].diff
    assert spelled(c.pairs[2].diff, "b") == "Two."
    assert [p.a.index for p in c.pairs if p.a] == [0, 1, 2, 3]


def test_compare_summaries_marks_agreement() -> None:
    article = make_article([["S0.", "S1.", "S2.", "S3."]])

    def summ(algo: str, ids: list[str]) -> Summary:
        return Summary(algo, "en", LengthRule(sentences=len(ids)),
                       [SummaryPick(i, int(i[-1]), article.sentence(i).text, 0.5) for i in ids])

    result = compare_summaries(summ("lexrank", ["p0s0", "p0s2"]), summ("lsa", ["p0s2", "p0s3"]), article)
    assert [(r.id, r.op, r.agree) for r in result.rows] == [
        ("p0s0", "removed", False), ("p0s2", "equal", True), ("p0s3", "added", False),
    ]
    assert result.common == 1 and result.agreement == pytest.approx(1 / 3)
    data = json.loads(json.dumps(result.to_json()))
    assert data["algorithm_a"] == "lexrank" and data["rows"][1]["agree"] is True
    same = compare_summaries(summ("a", ["p0s1"]), summ("b", ["p0s1"]))
    assert same.agreement == 1.0


# --- long inputs: linear memory, sensible results ----------------------------------------------


def _peak_mb(fn):  # type: ignore[no-untyped-def]
    import tracemalloc

    tracemalloc.start()
    try:
        result = fn()
        return result, tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def test_equal_blocks_on_long_versions_is_not_quadratic() -> None:
    """Two 4000-sentence versions (one moved, some edited, some inserted): no n×m table."""
    rng = random.Random(5)
    a = [f"sentence {k} {rng.random()}" for k in range(4000)]
    b = list(a)
    for k in range(0, 4000, 97):
        b[k] += " edited"
    b.insert(2500, b.pop(100))
    b[3000:3000] = [f"new {k}" for k in range(30)]
    opcodes, peak = _peak_mb(lambda: equal_blocks(a, b))
    assert peak < 40, f"{peak:.0f} MB for 4000 x 4030 keys"
    kept = sum(i2 - i1 for tag, i1, i2, _, _ in opcodes if tag == "equal")
    assert kept >= 4000 - 42 - 1  # everything but the edited and the moved sentence stays matched
    check_cover(a, b, opcodes)


def test_alignment_of_long_lists_is_banded_and_still_right() -> None:
    rng = random.Random(9)
    words = "harbour council minister storm budget school bridge river market train water power".split()
    a = [" ".join(rng.choice(words) for _ in range(8)) + f" {k}" for k in range(600)]
    b = a[:300] + ["an inserted sentence about nothing at all"] + a[300:]
    beads, peak = _peak_mb(lambda: align_monotonic(a, b, merges=False))
    assert peak < 30, f"{peak:.0f} MB for 600 x 601"  # the full grid took 43 MB
    pairs = [(bd.a, bd.b) for bd in beads]
    assert ((), (300,)) in pairs
    assert sum(1 for x, y in pairs if x and y and a[x[0]] == b[y[0]]) == 600


@pytest.mark.timeout(30)
def test_two_long_unrelated_texts_compare_quickly() -> None:
    """400 sentences each, nothing in common: every sentence removed and added, none matched
    (a smoke test for the whole path: banded alignment and the bounded move search)."""
    rng = random.Random(11)

    def sentence() -> str:
        return " ".join("".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(3, 9)))
                        for _ in range(18)) + "."

    a = [sentence() for _ in range(400)]
    b = [sentence() for _ in range(400)]
    result = compare_same_language(a, b)
    assert result.counts() == {"equal": 0, "changed": 0, "added": 400, "removed": 400, "moved": 0}
    assert [p.a.index for p in result.pairs if p.a is not None] == list(range(400))
    assert [p.b.index for p in result.pairs if p.b is not None] == list(range(400))


def test_arabic_normalisation_keeps_alef_maqsura_apart_from_alef() -> None:
    """"إلى" (to) and "إلا" (except), "على" (on) and "علا" (rose) are different words."""
    assert normalize("ذهب إلى السوق") != normalize("ذهب إلا السوق")
    assert normalize("على الطاولة") == normalize("علي الطاولة")  # ى/ي is a spelling variant
    assert normalize("على الطاولة") != normalize("علا الطاولة")
    assert normalize("مُؤْتَمَرٌ") == normalize("موتمر")
