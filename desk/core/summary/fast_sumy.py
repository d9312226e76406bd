"""sumy's summarizers, with faster equivalents of the ones whose pure-Python loops are O(n²·words).

The subclasses compute the same ratings as sumy 0.13 (tests compare them with ``reference=True``
on real text) using sparse overlap matrices in numpy; ``desk.core.summary.summarize`` is the public API.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any


def _overlap(rows: Sequence[Mapping[str, float]]) -> Any:
    """The n×n matrix M[i, j] = Σ_w rows[i][w]·rows[j][w], built term by term (rows are sparse)."""
    import numpy as np

    postings: dict[str, tuple[list[int], list[float]]] = {}
    for i, row in enumerate(rows):
        for term, value in row.items():
            idx, vals = postings.setdefault(term, ([], []))
            idx.append(i)
            vals.append(value)
    matrix = np.zeros((len(rows), len(rows)))
    for idx, vals in postings.values():
        ix, v = np.asarray(idx), np.asarray(vals)
        matrix[np.ix_(ix, ix)] += np.outer(v, v)
    return matrix


def _log_norms(word_lists: list[list[str]]) -> Any:
    """norm[i, j] = log len_i + log len_j (sumy's TextRank/Reduction edge normaliser); -inf for empty lists."""
    import numpy as np

    with np.errstate(divide="ignore"):
        logs = np.log(np.array([len(w) for w in word_lists], dtype=float))
    return logs[:, None] + logs[None, :]


def _entries(rows: list[Counter[str]], vocab: dict[str, int]) -> tuple[Any, Any, Any]:
    """A sparse sentence×word count matrix as (row, column, count) arrays, words outside ``vocab`` dropped."""
    import numpy as np

    triples = [(i, vocab[w], c) for i, row in enumerate(rows) for w, c in row.items() if w in vocab]
    rows_, cols, counts = zip(*triples) if triples else ((), (), ())
    return np.array(rows_, dtype=int), np.array(cols, dtype=int), np.array(counts, dtype=float)


def _first_best(values: Any) -> int:
    """Index of the first maximum, treating values within rounding of it as ties (sumy keeps the first)."""
    import numpy as np

    top = float(values.max())
    return int(np.flatnonzero(values >= top - 1e-12 * (1.0 + abs(top)))[0])


@lru_cache(maxsize=2)
def summarizer_classes(reference: bool) -> dict[str, type]:
    """sumy's summarizer classes by algorithm name; unless ``reference``, with faster equivalents.

    The subclasses compute the same ratings as sumy 0.13 (tests compare them on real text) but
    replace pure-Python O(n²·words) loops with sparse overlap matrices in numpy, use a set where
    sumy scans a tuple (Luhn), and update KL-Sum's divergence incrementally instead of recounting
    the summary for every candidate.
    """
    import numpy as np
    from sumy.summarizers.edmundson import EdmundsonSummarizer
    from sumy.summarizers.kl import KLSummarizer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.lsa import LsaSummarizer
    from sumy.summarizers.luhn import LuhnSummarizer
    from sumy.summarizers.reduction import ReductionSummarizer
    from sumy.summarizers.sum_basic import SumBasicSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer

    classes: dict[str, type] = {
        "lexrank": LexRankSummarizer, "lsa": LsaSummarizer, "textrank": TextRankSummarizer,
        "luhn": LuhnSummarizer, "edmundson": EdmundsonSummarizer, "kl": KLSummarizer,
        "sumbasic": SumBasicSummarizer, "reduction": ReductionSummarizer,
    }
    if reference:
        return classes

    class FastLexRank(LexRankSummarizer):
        @staticmethod
        def _compute_idf(sentences: list[list[str]]) -> dict[str, float]:
            df = Counter(term for words in sentences for term in set(words))
            return {term: math.log(len(sentences) / (1 + n)) for term, n in df.items()}

        def _create_matrix(self, sentences: Any, threshold: float, tf_metrics: Any, idf_metrics: Any) -> Any:
            dot = _overlap([{t: tf * idf_metrics[t] for t, tf in row.items()} for row in tf_metrics])
            norms = np.sqrt(np.diag(dot))
            denominator = np.outer(norms, norms)
            cosine = np.divide(dot, denominator, out=np.zeros_like(dot), where=denominator > 0)
            adjacency = (cosine > threshold).astype(float)
            degrees = adjacency.sum(axis=1)
            degrees[degrees == 0] = 1
            return adjacency / degrees[:, None]

    class FastTextRank(TextRankSummarizer):
        def _create_matrix(self, document: Any) -> Any:
            words = [self._to_words_set(s) for s in document.sentences]
            n = len(words)
            common, norm = _overlap([Counter(w) for w in words]), _log_norms(words)
            close = np.isclose(norm, 0.0)
            weights = np.where(close, common, np.divide(common, norm, out=np.zeros_like(common), where=~close))
            weights[common == 0] = 0.0
            weights /= weights.sum(axis=1)[:, np.newaxis] + self._ZERO_DIVISION_PREVENTION
            return np.full((n, n), (1.0 - self.damping) / n) + self.damping * weights

    class FastReduction(ReductionSummarizer):
        def rate_sentences(self, document: Any) -> dict[Any, float]:
            words = [self._to_words_set(s) for s in document.sentences]
            common, norm = _overlap([Counter(w) for w in words]), _log_norms(words)
            ok = (common > 0) & (norm != 0.0)
            edges = np.divide(common, norm, out=np.zeros_like(common), where=ok)
            np.fill_diagonal(edges, 0.0)
            # sumy adds every edge to a dict keyed by the sentence: copies of one sentence share a key,
            # so a repeated sentence gets the edges of all its copies
            ratings: dict[Any, float] = {}
            for sentence, rating in zip(document.sentences, edges.sum(axis=1).tolist()):
                ratings[sentence] = ratings.get(sentence, 0.0) + rating
            return ratings

    class FastLsa(LsaSummarizer):
        def __call__(self, document: Any, sentences_count: Any) -> Any:
            """sumy keeps every SVD dimension (REDUCTION_RATIO 1), so Σσ²v² is a column norm of AᵀA: no SVD."""
            dictionary = self._create_dictionary(document)
            if self.REDUCTION_RATIO < 1 or not dictionary:
                return super().__call__(document, sentences_count)
            ranks = []
            for sentence in document.sentences:  # smoothed tf column: 0.4 + 0.6·tf/max (0.4 where absent)
                counts = Counter(w for w in map(self.stem_word, sentence.words) if w in dictionary)
                peak = max(counts.values(), default=0)
                cells = [0.4 + 0.6 * c / peak for c in counts.values()]
                absent = len(dictionary) - len(counts)
                ranks.append(math.sqrt(sum(x * x for x in cells) + 0.16 * absent) if peak else 0.0)
            it = iter(ranks)
            return self._get_best_sentences(document.sentences, sentences_count, lambda _: next(it))

    class FastLuhn(LuhnSummarizer):
        def _get_significant_words(self, words: Any) -> frozenset[str]:
            return frozenset(super()._get_significant_words(words))

    class FastSumBasic(SumBasicSummarizer):
        def _compute_ratings(self, sentences: Any) -> dict[Any, float]:
            freq = self._compute_tf(sentences)
            vocab = {w: k for k, w in enumerate(freq)}
            f = np.array(list(freq.values()), dtype=float)
            words = [self._get_content_words_in_sentence(s) for s in sentences]
            rows, cols, counts = _entries([Counter(w) for w in words], vocab)
            lengths = np.array([len(w) for w in words], dtype=float)
            remaining = np.ones(len(sentences), dtype=bool)
            ratings: dict[Any, float] = {}
            for _ in range(len(sentences)):
                sums = np.bincount(rows, weights=counts * f[cols], minlength=len(sentences))
                average = np.divide(sums, lengths, out=np.zeros_like(sums), where=lengths > 0)
                best = _first_best(np.where(remaining, average, -np.inf))
                remaining[best] = False
                ratings[sentences[best]] = -1.0 * len(ratings)
                for w in words[best]:  # squared once per occurrence, as sumy does
                    f[vocab[w]] *= f[vocab[w]]
            return ratings

    class FastKL(KLSummarizer):
        def _compute_ratings(self, sentences: Any) -> dict[Any, float]:
            # KL(doc ‖ summary+candidate) = base + log(T)·mass, base = Σ p·(log p − log count), mass = Σ p,
            # both over the summary's words; a candidate changes them only on its own words.
            doc = self.compute_tf(sentences)
            vocab = {w: k for k, w in enumerate(doc)}
            content = [Counter(self._get_content_words_in_sentence(s)) for s in sentences]
            rows, cols, counts = _entries(content, vocab)
            p = np.array(list(doc.values()), dtype=float)[cols]
            fresh = p * (np.log(p) - np.log(counts))  # the change for a word not yet in the summary
            lengths = np.array([sum(c.values()) for c in content], dtype=float)
            n, summary = len(sentences), np.zeros(len(vocab))
            total, base, mass = 0.0, 0.0, 0.0
            remaining = np.ones(n, dtype=bool)
            ratings: dict[Any, float] = {}
            for _ in range(n):
                old = summary[cols]
                seen = old > 0
                safe = np.where(seen, old, 1.0)
                d_base = np.bincount(rows, np.where(seen, p * (np.log(safe) - np.log(safe + counts)), fresh), n)
                d_mass = np.bincount(rows, np.where(seen, 0.0, p), n)
                size = total + lengths
                kl = np.where(size > 0, base + d_base + np.log(np.where(size > 0, size, 1.0)) * (mass + d_mass), 0.0)
                best = _first_best(np.where(remaining, -kl, -np.inf))
                remaining[best] = False
                ratings[sentences[best]] = -1.0 * len(ratings)
                mine = rows == best
                np.add.at(summary, cols[mine], counts[mine])
                base, mass, total = base + d_base[best], mass + d_mass[best], total + len(sentences[best].words)
            return ratings

    classes.update(lexrank=FastLexRank, textrank=FastTextRank, reduction=FastReduction, lsa=FastLsa,
                   luhn=FastLuhn, sumbasic=FastSumBasic, kl=FastKL)
    return classes
