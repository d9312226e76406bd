"""Compare two versions of a story, two translations, or two summaries.

Same language (an update of the article)::

    result = compare_same_language(old.all_sentences(), new.all_sentences())

Across languages (Arabic edition vs English edition), one side is translated into the other's
language by an injected function, then sentences are aligned by similarity::

    result = compare_cross_language(ar_sentences, en_sentences, translate=my_ar_to_en)

``compare_articles`` picks the mode from the articles' languages. Every result is a
:class:`Comparison` whose :meth:`Comparison.to_json` is what ``desk compare --json`` prints:
``{"mode": ..., "pairs": [{"op", "a", "b", "similarity", "diff"}]}`` with ``op`` one of
``equal``, ``changed``, ``added`` (only in B), ``removed`` (only in A) or ``moved``.
``compare_translations`` and ``compare_summaries`` compare results of the same article by id.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

from desk.core.compare.align import Bead, DiffToken, align_monotonic, equal_blocks, normalize, similarity, word_diff
from desk.core.errors import DeskError, NoModelError
from desk.core.languages import with_article
from desk.core.model import Article, Sentence, Summary, Translation

log = logging.getLogger(__name__)

Op = Literal["equal", "changed", "added", "removed", "moved"]
MOVE_PAIRS = 250_000  # removed x added pairs compared by similarity to find moved sentences
Translate = Callable[[list[str]], list[str]]


@dataclass
class CompareSettings:
    changed_threshold: float = 0.5  # same language: below this a replaced sentence is removed + added
    moved_threshold: float = 0.75  # a removed and an added sentence this alike are one moved sentence
    cross_threshold: float = 0.3  # across languages: minimum similarity to align two sentences
    cross_equal: float = 0.6  # across languages: aligned pairs at least this alike count as "equal"


@dataclass
class Item:
    """One side of a pair: the sentence's position in its list, its id and text.

    A merged side (one sentence of A rendered as two of B) has ``id`` "p0s1+p0s2", ``index`` of
    the first and all of them in ``indices``. In cross-language mode the translated side carries
    the machine ``translation`` used for matching.
    """

    index: int
    id: str
    text: str
    translation: str | None = None
    indices: list[int] | None = None

    def to_json(self) -> dict:
        data: dict = {"index": self.index, "id": self.id, "text": self.text}
        if self.translation is not None:
            data["translation"] = self.translation
        if self.indices is not None:
            data["indices"] = list(self.indices)
        return data


@dataclass
class Pair:
    op: Op
    a: Item | None
    b: Item | None
    similarity: float = 0.0
    diff: list[DiffToken] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "op": self.op,
            "a": None if self.a is None else self.a.to_json(),
            "b": None if self.b is None else self.b.to_json(),
            "similarity": round(float(self.similarity), 4),
            "diff": [[op, text] for op, text in self.diff],
        }


@dataclass
class Comparison:
    mode: str  # "same-language" | "cross-language" | "translations"
    pairs: list[Pair]
    lang_a: str = ""
    lang_b: str = ""
    translated_side: str = ""  # cross-language: "a" or "b"

    def counts(self) -> dict[str, int]:
        out = {op: 0 for op in ("equal", "changed", "added", "removed", "moved")}
        for pair in self.pairs:
            out[pair.op] += 1
        return out

    def to_json(self) -> dict:
        data: dict = {"mode": self.mode, "lang_a": self.lang_a, "lang_b": self.lang_b, "counts": self.counts()}
        if self.translated_side:
            data["translated_side"] = self.translated_side
        data["pairs"] = [p.to_json() for p in self.pairs]
        return data


def _items(sentences: Iterable[Sentence | str]) -> list[Item]:
    items = []
    for i, s in enumerate(sentences):
        if isinstance(s, str):
            items.append(Item(i, f"s{i}", s))
        else:
            items.append(Item(i, s.id, s.text))
    return items


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def _detect_moves(pairs: list[Pair], threshold: float, key: Callable[[Item], str]) -> list[Pair]:
    """Turn a removed sentence and an added one that say the same into one ``moved`` pair,
    placed where the sentence now stands (B's position)."""
    # (pair, its one item): a removed pair has only A, an added pair only B
    removed = [(p, p.a) for p in pairs if p.op == "removed" and p.a is not None]
    added = [(p, p.b) for p in pairs if p.op == "added" and p.b is not None]
    candidates: list[tuple[float, int, int, Item, Item]] = []
    if len(removed) * len(added) <= MOVE_PAIRS:
        for r, ra in removed:
            for a, ab in added:
                s = 1.0 if normalize(key(ra)) == normalize(ab.text) else similarity(key(ra), ab.text)
                if s >= threshold:
                    candidates.append((s, id(r), id(a), ra, ab))
    else:  # two long, mostly different texts: only sentences that reappear unchanged are moves
        log.info("compare: %d removed x %d added sentences, looking for exact moves only", len(removed), len(added))
        by_text: dict[str, list[tuple[Pair, Item]]] = {}
        for a, ab in added:
            by_text.setdefault(normalize(ab.text), []).append((a, ab))
        for r, ra in removed:
            for a, ab in by_text.get(normalize(key(ra)), []):
                candidates.append((1.0, id(r), id(a), ra, ab))
    used: set[int] = set()
    moved_at: dict[int, Pair] = {}
    for s, rid, aid, ra, ab in sorted(candidates, key=lambda c: -c[0]):
        if rid in used or aid in used:
            continue
        used.update((rid, aid))
        diff = [] if _same_text(ra.text, ab.text) else word_diff(key(ra), ab.text)
        moved_at[aid] = Pair("moved", ra, ab, s, diff)
    out = []
    for p in pairs:
        if id(p) in moved_at:
            out.append(moved_at[id(p)])
        elif id(p) not in used:
            out.append(p)
    return out


def compare_same_language(
    a: Iterable[Sentence | str],
    b: Iterable[Sentence | str],
    settings: CompareSettings | None = None,
    *,
    lang: str = "",
) -> Comparison:
    """Align two versions in one language: unchanged sentences by a longest common subsequence of
    the normalised sentences (:func:`~desk.core.compare.align.equal_blocks`), edited sentences
    inside the replaced stretches by similarity, then removed/added pairs that say the same thing become ``moved``."""
    settings = settings or CompareSettings()
    ia, ib = _items(a), _items(b)
    na, nb = [normalize(x.text) for x in ia], [normalize(x.text) for x in ib]
    pairs: list[Pair] = []
    for tag, i1, i2, j1, j2 in equal_blocks(na, nb):
        if tag == "equal":
            for x, y in zip(ia[i1:i2], ib[j1:j2]):
                if _same_text(x.text, y.text):
                    pairs.append(Pair("equal", x, y, 1.0))
                else:  # only case, punctuation or diacritics differ
                    pairs.append(Pair("changed", x, y, 1.0, word_diff(x.text, y.text)))
            continue
        beads = align_monotonic(
            [x.text for x in ia[i1:i2]], [y.text for y in ib[j1:j2]],
            threshold=settings.changed_threshold, merges=False,
        )
        for bead in beads:
            bx = ia[i1 + bead.a[0]] if bead.a else None
            by = ib[j1 + bead.b[0]] if bead.b else None
            if bx is not None and by is not None:
                pairs.append(Pair("changed", bx, by, bead.similarity, word_diff(bx.text, by.text)))
            elif bx is not None:
                pairs.append(Pair("removed", bx, None))
            else:
                pairs.append(Pair("added", None, by))
    pairs = _detect_moves(pairs, settings.moved_threshold, key=lambda item: item.text)
    return Comparison("same-language", pairs, lang, lang)


def _merged(items: list[Item], indices: tuple[int, ...], translations: list[str] | None) -> Item:
    chosen = [items[k] for k in indices]
    first = chosen[0]
    if len(chosen) == 1:
        return Item(first.index, first.id, first.text, translations[indices[0]] if translations else None)
    return Item(
        first.index,
        "+".join(c.id for c in chosen),
        " ".join(c.text for c in chosen),
        " ".join(translations[k] for k in indices) if translations else None,
        [c.index for c in chosen],
    )


def compare_cross_language(
    a: Iterable[Sentence | str],
    b: Iterable[Sentence | str],
    translate: Translate,
    settings: CompareSettings | None = None,
    *,
    translate_side: Literal["a", "b"] = "a",
    lang_a: str = "",
    lang_b: str = "",
) -> Comparison:
    """Align two language editions: ``translate`` maps the ``translate_side`` sentences into the
    other side's language, then a monotonic alignment with 1-1, 1-0, 0-1, 1-2 and 2-1 beads pairs
    them by similarity. Aligned pairs are ``equal`` (or ``changed`` when only loosely alike, with
    a word diff between the translation and the other side); sentences one edition has and the
    other lacks are ``removed`` (only in A) or ``added`` (only in B); an unaligned pair that is
    alike after all, out of order, is ``moved``."""
    settings = settings or CompareSettings()
    ia, ib = _items(a), _items(b)
    side = ia if translate_side == "a" else ib
    translated = list(translate([x.text for x in side])) if side else []
    if len(translated) != len(side):
        raise DeskError(f"The translation returned {len(translated)} sentences for {len(side)}")
    ta = translated if translate_side == "a" else None
    tb = translated if translate_side == "b" else None
    for k, item in enumerate(side):
        item.translation = translated[k]
    left = ta if ta is not None else [x.text for x in ia]
    right = tb if tb is not None else [y.text for y in ib]
    beads: list[Bead] = align_monotonic(left, right, threshold=settings.cross_threshold, merges=True)
    pairs: list[Pair] = []
    for bead in beads:
        x = _merged(ia, bead.a, ta) if bead.a else None
        y = _merged(ib, bead.b, tb) if bead.b else None
        if x is not None and y is not None:
            xs = x.translation if x.translation is not None else x.text
            ys = y.translation if y.translation is not None else y.text
            op: Op = "equal" if bead.similarity >= settings.cross_equal else "changed"
            pairs.append(Pair(op, x, y, bead.similarity, [] if op == "equal" else word_diff(xs, ys)))
        elif x is not None:
            pairs.append(Pair("removed", x, None))
        else:
            pairs.append(Pair("added", None, y))

    def key(item: Item) -> str:  # the A side in B's language
        return item.translation if item.translation is not None else item.text

    if translate_side == "a":
        pairs = _detect_moves(pairs, max(settings.cross_equal, settings.moved_threshold), key=key)
    else:  # compare in A's language: swap roles for the move search
        swapped = [Pair(_SWAP.get(p.op, p.op), p.b, p.a, p.similarity, p.diff) for p in pairs]  # type: ignore[arg-type]
        swapped = _detect_moves(swapped, max(settings.cross_equal, settings.moved_threshold), key=key)
        pairs = [
            p if p.op != "moved" else Pair("moved", p.a, p.b, p.similarity, [(_INVERT[o], t) for o, t in p.diff])
            for p in (Pair(_SWAP.get(q.op, q.op), q.b, q.a, q.similarity, q.diff) for q in swapped)  # type: ignore[arg-type]
        ]
    return Comparison("cross-language", pairs, lang_a, lang_b, translated_side=translate_side)


_SWAP = {"added": "removed", "removed": "added"}
_INVERT = {"equal": "equal", "delete": "insert", "insert": "delete"}


def compare_articles(
    a: Article,
    b: Article,
    translate: Translate | None = None,
    settings: CompareSettings | None = None,
    *,
    translate_side: Literal["a", "b"] = "a",
) -> Comparison:
    """Compare two articles (headline, captions and body): same-language when both are in one
    language, otherwise cross-language, which needs ``translate`` (``translate_side`` → other)."""
    sa, sb = list(a.all_sentences()), list(b.all_sentences())
    if a.lang == b.lang:
        return compare_same_language(sa, sb, settings, lang=a.lang)
    if translate is None:
        raise NoModelError(
            f"Comparing {with_article(a.lang)} article with {with_article(b.lang)} one needs a translation model "
            f"({a.lang}→{b.lang} or {b.lang}→{a.lang}): install one from a file you have, or download one "
            "from the model catalog."
        )
    return compare_cross_language(
        sa, sb, translate, settings, translate_side=translate_side, lang_a=a.lang, lang_b=b.lang
    )


def compare_translations(article: Article, first: Translation, second: Translation) -> Comparison:
    """Two translations of the same article (two models, or machine vs post-edited), by sentence
    id: ``equal`` or ``changed`` (with a word diff); a sentence only one of them covers is
    ``removed`` (only in the first) or ``added`` (only in the second)."""
    pairs: list[Pair] = []
    for index, sentence in enumerate(article.all_sentences()):
        ta, tb = first.targets.get(sentence.id), second.targets.get(sentence.id)
        x = Item(index, sentence.id, ta.text) if ta is not None else None
        y = Item(index, sentence.id, tb.text) if tb is not None else None
        if x is None and y is None:
            continue
        if x is not None and y is not None:
            if _same_text(x.text, y.text):
                pairs.append(Pair("equal", x, y, 1.0))
            else:
                pairs.append(Pair("changed", x, y, similarity(x.text, y.text), word_diff(x.text, y.text)))
        elif x is not None:
            pairs.append(Pair("removed", x, None))
        else:
            pairs.append(Pair("added", None, y))
    return Comparison("translations", pairs, first.target_lang, second.target_lang)


@dataclass
class SummaryRow:
    index: int
    id: str
    text: str
    in_a: bool
    in_b: bool
    score_a: float | None = None
    score_b: float | None = None

    @property
    def agree(self) -> bool:
        return self.in_a and self.in_b

    @property
    def op(self) -> Op:
        return "equal" if self.agree else ("removed" if self.in_a else "added")

    def to_json(self) -> dict:
        return {
            "index": self.index, "id": self.id, "text": self.text, "op": self.op, "agree": self.agree,
            "in_a": self.in_a, "in_b": self.in_b, "score_a": self.score_a, "score_b": self.score_b,
        }


@dataclass
class SummaryComparison:
    algorithm_a: str
    algorithm_b: str
    rows: list[SummaryRow]  # every sentence either summary picked, in document order

    @property
    def common(self) -> int:
        return sum(r.agree for r in self.rows)

    @property
    def agreement(self) -> float:
        """Jaccard overlap of the two pick sets (1.0: same sentences, 0.0: none shared)."""
        return self.common / len(self.rows) if self.rows else 1.0

    def to_json(self) -> dict:
        return {
            "algorithm_a": self.algorithm_a, "algorithm_b": self.algorithm_b,
            "agreement": round(self.agreement, 4), "common": self.common,
            "rows": [r.to_json() for r in self.rows],
        }


def compare_summaries(first: Summary, second: Summary, article: Article | None = None) -> SummaryComparison:
    """Two summaries of the same text side by side, by pick id; rows picked by both agree.

    Rows follow the article's order when ``article`` is given, else the picks' ``index``."""
    picks_a = {p.sentence_id: p for p in first.picks}
    picks_b = {p.sentence_id: p for p in second.picks}
    order: dict[str, int] = {}
    if article is not None:
        order = {s.id: k for k, s in enumerate(article.all_sentences())}
    rows = []
    for sid in set(picks_a) | set(picks_b):
        pa, pb = picks_a.get(sid), picks_b.get(sid)
        pick = pa or pb
        assert pick is not None
        rows.append(SummaryRow(
            order.get(sid, pick.index), sid, pick.text, pa is not None, pb is not None,
            pa.score if pa else None, pb.score if pb else None,
        ))
    rows.sort(key=lambda r: (r.index, r.id))
    return SummaryComparison(first.algorithm, second.algorithm, rows)
