"""Sentence alignment primitives for comparing versions: normalisation, similarity, word diffs,
and a monotonic dynamic-programming aligner (Gale-Church / Bleualign style beads on a
similarity score). ``desk.core.compare.versions`` builds the user-facing comparisons on top of these.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from pyarabic import araby

from desk.core.text import arabic

DiffToken = tuple[str, str]  # (op, text) with op in "equal" | "delete" | "insert"

_PUNCT_SPACE = re.compile(r"[^\w\s]+|_", re.UNICODE)
_SPACES = re.compile(r"\s+")
_DIFF_TOKEN = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


@lru_cache(maxsize=8192)
def normalize(text: str) -> str:
    """Comparable form of a sentence: NFKC, lower case, Arabic diacritics/tatweel removed, alef and
    hamza forms unified, punctuation dropped, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text).lower()
    if any("\u0600" <= ch <= "\u06ff" for ch in text):
        # The shared folding (diacritics, tatweel, alef forms, ى→ي) first, so alef maqsura is not
        # turned into alef by the hamza step ("على" stays apart from "علا", "إلى" from "إلا").
        text = araby.normalize_hamza(arabic.normalize(text), method="tasheel").replace("ة", "ه")
    text = _PUNCT_SPACE.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


@lru_cache(maxsize=8192)
def _trigrams(text: str) -> Counter[str]:
    return Counter([
        padded[i:i + 3] if len(padded) >= 3 else padded
        for padded in (f" {word} " for word in normalize(text).split())
        for i in range(max(1, len(padded) - 2))
    ])


@lru_cache(maxsize=8192)
def _gram_set(text: str) -> frozenset[str]:
    """The trigram multiset as a set: a repeated trigram's k-th copy (k ≥ 1) is "gram\0k", so
    the size of the intersection of two such sets is the size of the multisets' intersection,
    computed by a C-level set operation instead of a Counter ``&`` (about 50x faster)."""
    grams = _trigrams(text)
    return frozenset(grams).union(f"{g}\0{k}" for g, n in grams.items() if n > 1 for k in range(1, n))


def similarity(a: str, b: str) -> float:
    """Character-trigram Dice coefficient of the normalised texts, in [0, 1].

    Robust to word order, inflection and small edits, which suits both an edited sentence and
    a machine translation set against a human one.
    """
    ga, gb = _gram_set(a), _gram_set(b)
    total = len(ga) + len(gb)
    if total == 0:
        return 1.0 if normalize(a) == normalize(b) else 0.0
    return 2.0 * len(ga & gb) / total


def word_diff(a: str, b: str) -> list[DiffToken]:
    """Word-level differences from ``a`` to ``b`` as ``(op, text)`` runs; the "equal" and "delete"
    runs spell ``a``, the "equal" and "insert" runs spell ``b``."""
    ta, tb = _DIFF_TOKEN.findall(a), _DIFF_TOKEN.findall(b)
    out: list[DiffToken] = []

    def push(op: str, text: str) -> None:
        if not text:
            return
        if out and out[-1][0] == op:
            out[-1] = (op, out[-1][1] + text)
        else:
            out.append((op, text))

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ta, tb, autojunk=False).get_opcodes():
        if tag == "equal":
            push("equal", "".join(ta[i1:i2]))
        else:
            push("delete", "".join(ta[i1:i2]))
            push("insert", "".join(tb[j1:j2]))
    return out


@dataclass
class Bead:
    """One step of an alignment: ``a`` and ``b`` hold 0, 1 or 2 consecutive indices each."""

    a: tuple[int, ...]
    b: tuple[int, ...]
    similarity: float = 0.0


# (sentences taken from a, from b) for each bead type
_BEADS_ALL = ((1, 1), (0, 1), (1, 0), (1, 2), (2, 1))  # ties: removed before added
_BEADS_SIMPLE = ((1, 1), (0, 1), (1, 0))


class _DiceScorer:
    """Similarity of index ranges by trigram Dice, with the 1-1 overlaps computed once (on
    demand: a banded alignment never looks at most pairs) and merges skipped when even their
    upper bound cannot reach the threshold."""

    def __init__(self, a: Sequence[str], b: Sequence[str], threshold: float) -> None:
        self.ga = [_gram_set(x) for x in a]
        self.gb = [_gram_set(y) for y in b]
        self.threshold = threshold
        self._inter: dict[tuple[int, int], int] = {}
        self.a, self.b = a, b

    def inter(self, i: int, j: int) -> int:
        key = (i, j)
        value = self._inter.get(key)
        if value is None:
            value = self._inter[key] = len(self.ga[i] & self.gb[j])
        return value

    def __call__(self, i0: int, i1: int, j0: int, j1: int) -> float:
        """Similarity of a[i0:i1] and b[j0:j1] (one or two sentences each)."""
        if i1 - i0 == 1 and j1 - j0 == 1:
            size = len(self.ga[i0]) + len(self.gb[j0])
            if size == 0:
                return 1.0 if normalize(self.a[i0]) == normalize(self.b[j0]) else 0.0
            return 2.0 * self.inter(i0, j0) / size
        size = sum(len(self.ga[i]) for i in range(i0, i1)) + sum(len(self.gb[j]) for j in range(j0, j1))
        bound = sum(self.inter(i, j) for i in range(i0, i1) for j in range(j0, j1))
        if size == 0 or 2.0 * bound / size < self.threshold:
            return 0.0
        ga: Counter[str] = Counter()
        for i in range(i0, i1):
            ga.update(_trigrams(self.a[i]))
        gb: Counter[str] = Counter()
        for j in range(j0, j1):
            gb.update(_trigrams(self.b[j]))
        return 2.0 * sum((ga & gb).values()) / size


FULL_DP_CELLS = 100_000  # up to this many (i, j) cells the alignment looks at every pair
MIN_BAND = 30  # beyond it, a band this wide (each side of the diagonal) at least


def _band(n: int, m: int) -> tuple[list[int], list[int]]:
    """For each row i of the alignment grid, the first and last column j it considers.

    Small inputs get the whole grid. Large ones get a band around the straight line from (0, 0)
    to (n, m), so time and memory grow linearly; an alignment that strays further than the band
    from that line (a long passage one side lacks) is found only approximately.
    """
    if (n + 1) * (m + 1) <= FULL_DP_CELLS:
        return [0] * (n + 1), [m] * (n + 1)
    slope = m / n if n else 0.0
    width = max(MIN_BAND, int(2 * slope) + 2, FULL_DP_CELLS // (2 * max(n, 1)))
    lo = [max(0, int(i * slope) - width) for i in range(n + 1)]
    hi = [min(m, int(i * slope) + width) for i in range(n + 1)]
    hi[n] = m
    return lo, hi


def align_monotonic(
    a: Sequence[str],
    b: Sequence[str],
    *,
    threshold: float = 0.3,
    merges: bool = True,
    merge_penalty: float = 0.05,
    sim: Callable[[str, str], float] | None = None,
) -> list[Bead]:
    """Best monotonic alignment of two sentence lists.

    Beads 1-1 (and with ``merges`` 1-2 / 2-1) score ``similarity - threshold``; 1-0 and 0-1 score
    nothing, so a pair is only aligned when it is more alike than ``threshold``. A merge must beat
    the 1-1 bead it extends by ``merge_penalty``. ``sim`` defaults to :func:`similarity`.
    Long inputs are aligned within a band around the diagonal (see :func:`_band`), so the cost
    stays linear. Returns the beads in document order.
    """
    n, m = len(a), len(b)
    if sim is None:
        scorer: Callable[[int, int, int, int], float] = _DiceScorer(a, b, threshold)
    else:
        def scorer(i0: int, i1: int, j0: int, j1: int) -> float:
            return sim(" ".join(a[i0:i1]), " ".join(b[j0:j1]))

    kinds = _BEADS_ALL if merges else _BEADS_SIMPLE
    neg = float("-inf")
    lo, hi = _band(n, m)
    # score[i][j - lo[i]] and back[i][j - lo[i]] for the columns j of row i inside the band
    score = [[neg] * (hi[i] - lo[i] + 1) for i in range(n + 1)]
    back: list[list[tuple[int, int, float] | None]] = [[None] * (hi[i] - lo[i] + 1) for i in range(n + 1)]
    score[0][0] = 0.0

    for i in range(n + 1):
        for j in range(lo[i], hi[i] + 1):
            if i == 0 and j == 0:
                continue
            best, best_back = neg, None
            for da, db in kinds:
                pi, pj = i - da, j - db
                if pi < 0 or pj < lo[pi] or pj > hi[pi]:
                    continue
                prev = score[pi][pj - lo[pi]]
                if prev == neg:
                    continue
                s_pair = 0.0
                gain = 0.0
                if da and db:
                    s_pair = scorer(pi, i, pj, j)
                    if s_pair < threshold:
                        continue
                    gain = s_pair - threshold - (merge_penalty if da + db > 2 else 0.0)
                total = prev + gain
                if total > best:
                    best, best_back = total, (da, db, s_pair)
            score[i][j - lo[i]], back[i][j - lo[i]] = best, best_back
    beads: list[Bead] = []
    i, j = n, m
    while i or j:
        step = back[i][j - lo[i]]
        assert step is not None
        da, db, s_pair = step
        beads.append(Bead(tuple(range(i - da, i)), tuple(range(j - db, j)), s_pair))
        i, j = i - da, j - db
    beads.reverse()
    return beads


LCS_CELLS = 250_000  # a stretch up to this many (i, j) cells gets an exact LCS


def _lcs(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int]]:
    """Matched index pairs of a longest common subsequence (quadratic: small inputs only)."""
    n, m = len(a), len(b)
    # lengths[i][j] = LCS length of a[i:], b[j:]
    lengths = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        row, below = lengths[i], lengths[i + 1]
        for j in range(m - 1, -1, -1):
            row[j] = below[j + 1] + 1 if a[i] == b[j] else max(below[j], row[j + 1])
    matches: list[tuple[int, int]] = []
    i = j = 0
    while i < n and j < m:
        if a[i] == b[j]:
            matches.append((i, j))
            i, j = i + 1, j + 1
        elif lengths[i + 1][j] >= lengths[i][j + 1]:
            i += 1
        else:
            j += 1
    return matches


def _unique_anchors(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int]]:
    """Patience-diff anchors: items found exactly once in each list, the longest run of them
    in the same order on both sides (longest increasing subsequence, O(k log k))."""
    count_a = Counter(a)
    count_b = Counter(b)
    where_b = {x: j for j, x in enumerate(b) if count_b[x] == 1}
    pairs = [(i, where_b[x]) for i, x in enumerate(a) if count_a[x] == 1 and x in where_b]
    tails: list[int] = []  # tails[k]: index in pairs of the smallest end of an increasing run of length k+1
    prev = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        pos = _bisect_tails(pairs, tails, j)
        if pos > 0:
            prev[k] = tails[pos - 1]
        if pos == len(tails):
            tails.append(k)
        else:
            tails[pos] = k
    out: list[tuple[int, int]] = []
    k = tails[-1] if tails else -1
    while k >= 0:
        out.append(pairs[k])
        k = prev[k]
    return out[::-1]


def _bisect_tails(pairs: list[tuple[int, int]], tails: list[int], j: int) -> int:
    """First position in ``tails`` whose run ends at a ``b`` index not below ``j``."""
    lo, hi = 0, len(tails)
    while lo < hi:
        mid = (lo + hi) // 2
        if pairs[tails[mid]][1] < j:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _matches(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int]]:
    """Matched index pairs, in order: an exact LCS for small inputs; for large ones the common
    start and end, then patience anchors with the stretches between them matched the same way,
    so two long versions are compared in near-linear time and memory."""
    out: list[tuple[int, int]] = []
    stack = [(0, len(a), 0, len(b))]
    while stack:
        a0, a1, b0, b1 = stack.pop()
        while a0 < a1 and b0 < b1 and a[a0] == b[b0]:
            out.append((a0, b0))
            a0, b0 = a0 + 1, b0 + 1
        while a0 < a1 and b0 < b1 and a[a1 - 1] == b[b1 - 1]:
            a1, b1 = a1 - 1, b1 - 1
            out.append((a1, b1))
        if a0 == a1 or b0 == b1:
            continue
        if (a1 - a0) * (b1 - b0) <= LCS_CELLS:
            out.extend((a0 + i, b0 + j) for i, j in _lcs(a[a0:a1], b[b0:b1]))
            continue
        anchors = _unique_anchors(a[a0:a1], b[b0:b1])
        if not anchors:
            continue  # nothing both sides share once: left to the similarity alignment
        i, j = a0, b0
        for ai, bj in anchors:
            out.append((a0 + ai, b0 + bj))
            stack.append((i, a0 + ai, j, b0 + bj))
            i, j = a0 + ai + 1, b0 + bj + 1
        stack.append((i, a1, j, b1))
    out.sort()
    return out


def equal_blocks(a: Sequence[str], b: Sequence[str]) -> list[tuple[str, int, int, int, int]]:
    """``difflib``-style opcodes (``equal`` / ``replace`` / ``delete`` / ``insert``) from a longest
    common subsequence of two key lists.

    Unlike ``difflib.SequenceMatcher``, which anchors on the longest contiguous run first, this
    keeps as many items in place as possible, so one moved sentence shows as one move rather
    than as the sentences it jumped over moving the other way. Very long lists are matched by
    patience anchors first (see :func:`_matches`), which keeps the cost near-linear.
    """
    n, m = len(a), len(b)
    matches = _matches(a, b)
    opcodes: list[tuple[str, int, int, int, int]] = []
    i = j = 0
    for mi, mj in [*matches, (n, m)]:
        if mi > i or mj > j:
            tag = "replace" if mi > i and mj > j else ("delete" if mi > i else "insert")
            opcodes.append((tag, i, mi, j, mj))
        if (mi, mj) != (n, m):
            if opcodes and opcodes[-1][0] == "equal" and opcodes[-1][2] == mi and opcodes[-1][4] == mj:
                tag, i1, _, j1, _ = opcodes[-1]
                opcodes[-1] = (tag, i1, mi + 1, j1, mj + 1)
            else:
                opcodes.append(("equal", mi, mi + 1, mj, mj + 1))
        i, j = mi + 1, mj + 1
    return opcodes
