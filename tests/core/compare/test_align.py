"""desk.core.compare.align: normalisation, trigram similarity, word diffs, the monotonic aligner
(merges and splits, bands on long inputs) and the LCS opcodes, on Arabic and English sentences.

(The first primitives tests, written with the comparisons, are in test_versions.py.)"""
from __future__ import annotations

import bisect
import random
from collections import Counter

import pytest

from desk.core.compare import align
from desk.core.compare.align import Bead, align_monotonic, equal_blocks, normalize, similarity, word_diff

AR = [
    "قال وزير الخارجية إن المحادثات ستستأنف في القاهرة الأسبوع المقبل.",
    "وأضاف أن الوفدين اتفقا على جدول أعمال من خمس نقاط يشمل الحدود والمياه.",
    "ولم يصدر أي تعليق من الحكومة حتى مساء الأحد.",
    "وكانت الجولة السابقة قد انتهت دون اتفاق في شهر مارس.",
]
EN = [
    "The foreign minister said talks would resume in Cairo next week.",
    "He added that both delegations agreed on a five-point agenda covering borders and water.",
    "The government had not commented by Sunday evening.",
    "The previous round ended without agreement in March.",
]


def reference_dice(a: str, b: str) -> float:
    """Dice coefficient over the multisets of padded word trigrams, written out plainly."""
    def grams(text: str) -> Counter[str]:
        out: Counter[str] = Counter()
        for word in normalize(text).split():
            padded = f" {word} "
            out.update(padded[i:i + 3] for i in range(len(padded) - 2))
        return out

    ga, gb = grams(a), grams(b)
    total = sum(ga.values()) + sum(gb.values())
    if total == 0:
        return 1.0 if normalize(a) == normalize(b) else 0.0
    return 2.0 * sum((ga & gb).values()) / total


def pairs(beads: list[Bead]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(bd.a, bd.b) for bd in beads]


def spelled(diff: list[tuple[str, str]], side: str) -> str:
    keep = {"a": {"equal", "delete"}, "b": {"equal", "insert"}}[side]
    return "".join(text for op, text in diff if op in keep)


# --- normalize --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "variant, plain",
    [
        ("قَالَ الوَزِيرُ", "قال الوزير"),  # diacritics
        ("الوزيـــــر", "الوزير"),  # tatweel
        ("أحمد وإبراهيم وآمنة", "احمد وابراهيم وامنه"),  # alef with hamza/madda, taa marbuta
        ("ﻻ ﺳﻼﻡ", "لا سلام"),  # presentation forms (NFKC)
        ("مسؤول", "مسوول"),  # hamza on waw, softened
        ("قال: «نعم»، ثم غادر؟", "قال نعم ثم غادر"),  # Arabic punctuation and guillemets dropped
    ],
)
def test_arabic_spelling_variants_normalise_alike(variant: str, plain: str) -> None:
    assert normalize(variant) == normalize(plain)
    assert similarity(variant, plain) == 1.0


@pytest.mark.parametrize("a, b", [("على", "علا"), ("إلى", "إلا"), ("قال", "قيل")])
def test_different_arabic_words_stay_apart(a: str, b: str) -> None:
    """Alef maqsura is not folded into alef: "على" (on) is not "علا" (rose), "إلى" (to) not "إلا" (except)."""
    assert normalize(a) != normalize(b)
    assert similarity(a, b) < 1.0


def test_english_normalisation() -> None:
    assert normalize("  The U.S.-led   COALITION,\tsaid: \u201cno\u201d!  ") == "the u s led coalition said no"
    assert normalize("ＦＵＬＬ width") == "full width"  # NFKC folds full-width letters
    assert normalize("snake_case") == "snake case"  # the underscore counts as punctuation
    assert normalize("...!?") == ""


# --- similarity ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [*AR, *EN])
def test_a_sentence_is_fully_similar_to_itself_and_to_its_reordering(text: str) -> None:
    assert similarity(text, text) == 1.0
    words = normalize(text).split()
    assert similarity(text, " ".join(reversed(words))) == 1.0  # trigrams are per word: order-free


def test_similarity_matches_a_plain_multiset_dice() -> None:
    """The set trick (k-th copy of a repeated trigram as its own item) gives the multiset Dice exactly."""
    rng = random.Random(11)
    vocabulary = [w for s in AR + EN for w in s.split()] + ["the", "the", "ال", "aaa", "aaaa"]
    for _ in range(300):
        a = " ".join(rng.choices(vocabulary, k=rng.randint(0, 9)))
        b = " ".join(rng.choices(vocabulary, k=rng.randint(0, 9)))
        assert similarity(a, b) == pytest.approx(reference_dice(a, b), abs=1e-12), (a, b)
        assert similarity(a, b) == similarity(b, a)
        assert 0.0 <= similarity(a, b) <= 1.0


def test_repeated_words_count() -> None:
    assert similarity("the the the", "the") == pytest.approx(2 * 3 / (9 + 3))
    assert similarity("aaaa", "aa") < 1.0


def test_empty_and_punctuation_only_sentences() -> None:
    assert similarity("", "") == 1.0
    assert similarity("!!!", "…") == 1.0  # both normalise to nothing
    assert similarity("", "Something") == 0.0
    assert similarity("؟", "قال") == 0.0


def test_edits_rank_between_unrelated_and_identical() -> None:
    edited_ar = "قال وزير الخارجية إن المحادثات ستستأنف في الرياض الشهر المقبل."
    unrelated = similarity(AR[0], AR[2])
    edited = similarity(AR[0], edited_ar)
    assert unrelated < 0.3 < edited < 1.0
    assert similarity(EN[0], "The foreign minister said the talks will resume in Cairo next week.") > 0.7


# --- word_diff ----------------------------------------------------------------------------------------


def test_arabic_word_diff_keeps_whole_words() -> None:
    a = "قال الوزير إن الخطة تبدأ العام المقبل."
    b = "قال الوزير إن الخطة ستبدأ الشهر المقبل."
    diff = word_diff(a, b)
    assert spelled(diff, "a") == a and spelled(diff, "b") == b
    assert diff == [("equal", "قال الوزير إن الخطة "), ("delete", "تبدأ"), ("insert", "ستبدأ"), ("equal", " "),
                    ("delete", "العام"), ("insert", "الشهر"), ("equal", " المقبل.")]


def test_word_diff_punctuation_and_spacing() -> None:
    diff = word_diff("Talks resume, officials said.", "Talks resume; officials said!")
    assert ("delete", ",") in diff and ("insert", ";") in diff
    assert ("delete", ".") in diff and ("insert", "!") in diff
    spaced = word_diff("a  b", "a b")
    assert spelled(spaced, "a") == "a  b" and spelled(spaced, "b") == "a b"
    assert ("delete", "  ") in spaced and ("insert", " ") in spaced


def test_word_diff_of_nothing_and_of_everything() -> None:
    assert word_diff("", "") == []
    assert word_diff("same words", "same words") == [("equal", "same words")]
    assert word_diff("old text", "") == [("delete", "old text")]
    assert word_diff("", "نص جديد") == [("insert", "نص جديد")]


def test_word_diff_random_edits_spell_both_sides() -> None:
    rng = random.Random(5)
    words = [w for s in AR + EN for w in s.split()]
    for _ in range(200):
        a = " ".join(rng.choices(words, k=rng.randint(0, 12)))
        b_words = a.split()
        for _ in range(rng.randint(0, 3)):
            if b_words and rng.random() < 0.5:
                b_words.pop(rng.randrange(len(b_words)))
            else:
                b_words.insert(rng.randint(0, len(b_words)), rng.choice(words))
        b = " ".join(b_words)
        diff = word_diff(a, b)
        assert spelled(diff, "a") == a and spelled(diff, "b") == b
        assert all(diff[k][0] != diff[k + 1][0] for k in range(len(diff) - 1))


# --- align_monotonic -----------------------------------------------------------------------------------


def test_arabic_sentence_split_in_two_aligns_one_to_two() -> None:
    new = [
        AR[0],
        "وأضاف أن الوفدين اتفقا على جدول أعمال من خمس نقاط.",
        "ويشمل جدول الأعمال الحدود والمياه.",
        AR[2],
        AR[3],
    ]
    beads = align_monotonic(AR, new)
    assert pairs(beads) == [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,)), ((3,), (4,))]
    assert beads[0].similarity == 1.0 and 0.3 < beads[1].similarity < 1.0
    assert beads[1].similarity > similarity(AR[1], new[1])  # the merge beats either half alone


def test_english_sentences_merged_into_one_align_two_to_one() -> None:
    new = [EN[0], EN[1], "The government had not commented by Sunday evening, and the previous round "
                         "ended without agreement in March."]
    assert pairs(align_monotonic(EN, new)) == [((0,), (0,)), ((1,), (1,)), ((2, 3), (2,))]
    simple = align_monotonic(EN, new, merges=False)
    assert all(len(bd.a) <= 1 and len(bd.b) <= 1 for bd in simple)
    assert ((2, 3), (2,)) not in pairs(simple)


def test_a_merge_must_beat_the_penalty() -> None:
    new = [EN[0], "He added that both delegations agreed on a five-point agenda.", "It covers borders and water."]
    assert ((1,), (1, 2)) in pairs(align_monotonic(EN[:2], new))
    assert ((1,), (1, 2)) not in pairs(align_monotonic(EN[:2], new, merge_penalty=1.0))


def test_threshold_decides_what_is_aligned() -> None:
    edited = [EN[0].replace("next week", "on Monday"), EN[1]]
    assert pairs(align_monotonic(EN[:2], edited)) == [((0,), (0,)), ((1,), (1,))]
    strict = align_monotonic(EN[:2], edited, threshold=0.95)
    assert ((1,), (1,)) in pairs(strict) and ((0,), (0,)) not in pairs(strict)
    assert ((0,), ()) in pairs(strict) and ((), (0,)) in pairs(strict)


def test_unrelated_sentences_are_gaps_not_pairs() -> None:
    beads = align_monotonic(AR[:2], EN[:2])  # no shared trigrams across scripts
    assert all(not (bd.a and bd.b) for bd in beads)
    assert sorted(i for bd in beads for i in bd.a) == [0, 1] and sorted(j for bd in beads for j in bd.b) == [0, 1]


def test_empty_sides() -> None:
    assert align_monotonic([], []) == []
    assert pairs(align_monotonic([], EN[:2])) == [((), (0,)), ((), (1,))]
    assert pairs(align_monotonic(AR[:1], [])) == [((0,), ())]


def test_a_given_similarity_aligns_across_languages() -> None:
    """``sim`` replaces the trigram score, e.g. a translation lookup for Arabic against English;
    merged beads are scored on the sentences joined by a space."""
    table = dict(zip(AR, EN))
    english_split = [EN[0], "He added that both delegations agreed on a five-point agenda",
                     "covering borders and water.", EN[2], EN[3]]
    seen: list[tuple[str, str]] = []

    def by_translation(a: str, b: str) -> float:
        seen.append((a, b))
        return similarity(" ".join(table[x] for x in AR if x in a), b)  # a: one Arabic sentence or two joined

    beads = align_monotonic(AR, english_split, sim=by_translation)
    assert pairs(beads) == [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,)), ((3,), (4,))]
    assert (AR[1], english_split[1] + " " + english_split[2]) in seen


def test_random_edits_give_a_monotonic_cover_of_both_lists() -> None:
    rng = random.Random(3)
    base = [f"Sentence {k} about {w} and {v}." for k, (w, v) in
            enumerate(zip(rng.sample(range(1000), 40), rng.sample(range(1000), 40)))]
    for _ in range(30):
        a = rng.sample(base, rng.randint(0, 12))
        b = [s if rng.random() < 0.7 else s.replace("about", "on") for s in a if rng.random() < 0.8]
        b[rng.randint(0, len(b)):rng.randint(0, len(b))] = [rng.choice(base)] if rng.random() < 0.5 else []
        beads = align_monotonic(a, b)
        assert [i for bd in beads for i in bd.a] == list(range(len(a)))
        assert [j for bd in beads for j in bd.b] == list(range(len(b)))
        for bd in beads:
            assert 1 <= len(bd.a) + len(bd.b) <= 3 and len(bd.a) <= 2 and len(bd.b) <= 2
            if len(bd.a) == 1 and len(bd.b) == 1:
                assert bd.similarity == pytest.approx(similarity(a[bd.a[0]], b[bd.b[0]]))
                assert bd.similarity >= 0.3
            elif bd.a and bd.b:  # a merge, scored on the joined text
                joined = similarity(" ".join(a[i] for i in bd.a), " ".join(b[j] for j in bd.b))
                assert bd.similarity == pytest.approx(joined)


def test_the_fast_scorer_aligns_as_the_plain_similarity_does() -> None:
    rng = random.Random(9)
    words = [w for s in AR + EN for w in s.split()]
    for _ in range(40):
        a = [" ".join(rng.choices(words, k=rng.randint(1, 8))) for _ in range(rng.randint(0, 7))]
        b = [s if rng.random() < 0.6 else " ".join(rng.choices(words, k=rng.randint(1, 8))) for s in a]
        if len(b) > 2 and rng.random() < 0.5:  # join two, or split one
            k = rng.randrange(len(b) - 1)
            b[k:k + 2] = [b[k] + " " + b[k + 1]]
        fast, plain = align_monotonic(a, b), align_monotonic(a, b, sim=similarity)
        assert pairs(fast) == pairs(plain)
        assert [bd.similarity for bd in fast] == pytest.approx([bd.similarity for bd in plain])


def _story(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    vocabulary = [w.strip(".,") for s in EN for w in s.split()]
    return [f"{k}: " + " ".join(rng.choices(vocabulary, k=10)) + "." for k in range(n)]


def test_long_inputs_use_a_band_and_still_find_the_edits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(align, "FULL_DP_CELLS", 5000)  # "long" from 70 sentences on, to keep the test quick
    a = _story(160, 1)
    b = list(a)
    del b[40:43]  # three sentences removed
    b.insert(100, "A new paragraph about something else entirely.")
    b[120] = b[120].replace(":", " -")
    assert (len(a) + 1) * (len(b) + 1) > align.FULL_DP_CELLS  # the banded path
    lo, hi = align._band(len(a), len(b))
    assert max(h - low for low, h in zip(lo, hi)) < len(b) // 2
    beads = align_monotonic(a, b)
    removed = [bd.a[0] for bd in beads if bd.a and not bd.b]
    added = [bd.b[0] for bd in beads if bd.b and not bd.a]
    assert removed == [40, 41, 42] and added == [100]
    assert sum(1 for bd in beads if len(bd.a) == 1 and len(bd.b) == 1) == 157


def test_the_band_gives_the_full_alignment_near_the_diagonal(monkeypatch: pytest.MonkeyPatch) -> None:
    a = _story(60, 2)
    b = a[:10] + a[12:40] + ["Inserted one.", "Inserted two."] + a[40:]
    full = pairs(align_monotonic(a, b))
    monkeypatch.setattr(align, "FULL_DP_CELLS", 50)
    monkeypatch.setattr(align, "MIN_BAND", 4)
    lo, hi = align._band(len(a), len(b))
    assert hi[0] - lo[0] < len(b)  # really banded
    assert pairs(align_monotonic(a, b)) == full


def test_band_rows_stay_inside_the_grid() -> None:
    for n, m in [(1, 1000), (1000, 1), (500, 800), (800, 500), (0, 5)]:
        lo, hi = align._band(n, m)
        assert len(lo) == len(hi) == n + 1
        assert lo[0] == 0 and hi[n] == m
        assert all(0 <= lo[i] <= hi[i] <= m for i in range(n + 1))
        assert all(lo[i] <= lo[i + 1] for i in range(n))  # the band moves right, never back


# --- equal_blocks ---------------------------------------------------------------------------------------


def lcs_length(a: list[str], b: list[str]) -> int:
    prev = [0] * (len(b) + 1)
    for x in a:
        row = [0]
        for j, y in enumerate(b):
            row.append(prev[j] + 1 if x == y else max(prev[j + 1], row[j]))
        prev = row
    return prev[-1]


def kept(opcodes: list[tuple[str, int, int, int, int]]) -> int:
    return sum(i2 - i1 for tag, i1, i2, _, _ in opcodes if tag == "equal")


def check_cover(a: list[str], b: list[str], opcodes: list[tuple[str, int, int, int, int]]) -> None:
    i = j = 0
    for tag, i1, i2, j1, j2 in opcodes:
        assert (i1, j1) == (i, j)
        if tag == "equal":
            assert a[i1:i2] == b[j1:j2]
        i, j = i2, j2
    assert (i, j) == (len(a), len(b))


def test_small_lists_keep_a_longest_common_subsequence() -> None:
    rng = random.Random(13)
    for _ in range(300):
        a = [rng.choice("abcdef") for _ in range(rng.randint(0, 14))]
        b = [rng.choice("abcdef") for _ in range(rng.randint(0, 14))]
        opcodes = equal_blocks(a, b)
        check_cover(a, b, opcodes)
        assert kept(opcodes) == lcs_length(a, b)


def test_one_moved_sentence_is_one_move() -> None:
    a = ["s0", "s1", "s2", "s3", "s4", "s5"]
    b = ["s1", "s2", "s3", "s4", "s5", "s0"]
    assert equal_blocks(a, b) == [("delete", 0, 1, 0, 0), ("equal", 1, 6, 0, 5), ("insert", 6, 6, 5, 6)]


def test_long_lists_are_matched_by_patience_anchors() -> None:
    n = 700
    a = [f"s{k}" for k in range(n)]
    assert n * n > align.LCS_CELLS
    moved = a[:10] + a[11:500] + [a[10]] + a[500:]
    opcodes = equal_blocks(a, moved)
    check_cover(a, moved, opcodes)
    assert kept(opcodes) == n - 1
    rng = random.Random(17)
    shuffled = list(a)
    for _ in range(40):  # a few long-distance swaps
        i, j = rng.randrange(n), rng.randrange(n)
        shuffled[i], shuffled[j] = shuffled[j], shuffled[i]
    opcodes = equal_blocks(a, shuffled)
    check_cover(a, shuffled, opcodes)
    # unique items: patience anchors are a longest increasing subsequence, i.e. an exact LCS
    tails: list[int] = []
    for x in (int(s[1:]) for s in shuffled):
        k = bisect.bisect_left(tails, x)
        tails[k:k + 1] = [x]
    assert kept(opcodes) == len(tails)
