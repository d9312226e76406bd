"""Sentence alignment primitives for comparing versions: normalisation, similarity, word diffs,
and a monotonic dynamic-programming aligner (Gale-Church / Bleualign style beads on a
similarity score). ``desk.core.compare`` builds the user-facing comparisons on top of these.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Sequence

from pyarabic import araby

DiffToken = tuple[str, str]  # (op, text) with op in "equal" | "delete" | "insert"

_PUNCT_SPACE = re.compile(r"[^\w\s]+|_", re.UNICODE)
_SPACES = re.compile(r"\s+")
_DIFF_TOKEN = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


@lru_cache(maxsize=8192)
def normalize(text: str) -> str:
    """Comparable form of a sentence: NFKC, lower case, Arabic diacritics/tatweel removed, alef and
    hamza forms unified, punctuation dropped, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text).lower()
    if araby.is_arabicrange(text) or any("\u0600" <= ch <= "\u06ff" for ch in text):
        text = araby.strip_diacritics(araby.strip_tatweel(text))
        text = araby.normalize_alef(araby.normalize_hamza(text, method="tasheel"))
        text = text.replace("ى", "ي").replace("ة", "ه")
    text = _PUNCT_SPACE.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


@lru_cache(maxsize=8192)
def _trigrams(text: str) -> Counter[str]:
    grams: Counter[str] = Counter()
    for word in normalize(text).split():
        padded = f" {word} "
        if len(padded) < 3:
            grams[padded] += 1
        for i in range(len(padded) - 2):
            grams[padded[i:i + 3]] += 1
    return grams


def similarity(a: str, b: str) -> float:
    """Character-trigram Dice coefficient of the normalised texts, in [0, 1].

    Robust to word order, inflection and small edits, which suits both an edited sentence and
    a machine translation set against a human one.
    """
    ga, gb = _trigrams(a), _trigrams(b)
    total = sum(ga.values()) + sum(gb.values())
    if total == 0:
        return 1.0 if normalize(a) == normalize(b) else 0.0
    return 2.0 * sum((ga & gb).values()) / total


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
    """Similarity of index ranges by trigram Dice, with the 1-1 overlaps computed once and merges
    skipped when even their upper bound cannot reach the threshold."""

    def __init__(self, a: Sequence[str], b: Sequence[str], threshold: float) -> None:
        self.ga = [_trigrams(x) for x in a]
        self.gb = [_trigrams(y) for y in b]
        self.na = [sum(g.values()) for g in self.ga]
        self.nb = [sum(g.values()) for g in self.gb]
        self.threshold = threshold
        self.inter = [[sum((ga & gb).values()) if ga and gb else 0 for gb in self.gb] for ga in self.ga]
        self.a, self.b = a, b

    def __call__(self, ia: range, ib: range) -> float:
        size = sum(self.na[i] for i in ia) + sum(self.nb[j] for j in ib)
        if len(ia) == 1 and len(ib) == 1:
            i, j = ia[0], ib[0]
            if size == 0:
                return 1.0 if normalize(self.a[i]) == normalize(self.b[j]) else 0.0
            return 2.0 * self.inter[i][j] / size
        bound = sum(self.inter[i][j] for i in ia for j in ib)
        if size == 0 or 2.0 * bound / size < self.threshold:
            return 0.0
        ga: Counter[str] = Counter()
        for i in ia:
            ga.update(self.ga[i])
        gb: Counter[str] = Counter()
        for j in ib:
            gb.update(self.gb[j])
        return 2.0 * sum((ga & gb).values()) / size


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
    Returns the beads in document order.
    """
    n, m = len(a), len(b)
    if sim is None:
        scorer: Callable[[range, range], float] = _DiceScorer(a, b, threshold)
    else:
        def scorer(ia: range, ib: range) -> float:
            return sim(" ".join(a[i] for i in ia), " ".join(b[j] for j in ib))

    kinds = _BEADS_ALL if merges else _BEADS_SIMPLE
    neg = float("-inf")
    score = [[neg] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int, float] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    score[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            best, best_back = neg, None
            for da, db in kinds:
                if da > i or db > j or score[i - da][j - db] == neg:
                    continue
                s_pair = 0.0
                gain = 0.0
                if da and db:
                    s_pair = scorer(range(i - da, i), range(j - db, j))
                    if s_pair < threshold:
                        continue
                    gain = s_pair - threshold - (merge_penalty if da + db > 2 else 0.0)
                total = score[i - da][j - db] + gain
                if total > best:
                    best, best_back = total, (da, db, s_pair)
            score[i][j], back[i][j] = best, best_back
    beads: list[Bead] = []
    i, j = n, m
    while i or j:
        step = back[i][j]
        assert step is not None
        da, db, s_pair = step
        beads.append(Bead(tuple(range(i - da, i)), tuple(range(j - db, j)), s_pair))
        i, j = i - da, j - db
    beads.reverse()
    return beads


def equal_blocks(a: Sequence[str], b: Sequence[str]) -> list[tuple[str, int, int, int, int]]:
    """``difflib``-style opcodes (``equal`` / ``replace`` / ``delete`` / ``insert``) from a longest
    common subsequence of two key lists.

    Unlike ``difflib.SequenceMatcher``, which anchors on the longest contiguous run first, this
    keeps as many items in place as possible, so one moved sentence shows as one move rather
    than as the sentences it jumped over moving the other way.
    """
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
