"""A translation engine whose output is known in advance, for tests of what the pipeline does
with a model's output (terms, confidence, alignment) rather than of CTranslate2 itself.

``FakeEngine(lexicon, scores=...)`` is a real :class:`~desk.core.mt.engine.Engine` subclass
that translates word by word: each word of the source becomes ``lexicon[word]`` (or stays as it
is when the lexicon lacks it), trailing punctuation is a piece of its own and is copied, and each
output piece attends exactly to the source piece it came from. Its score (mean log-probability)
is ``scores[source text]`` (default ``DEFAULT_SCORE``). With a forced target prefix of ``k``
words it goes on after the first piece of source word ``k`` (its punctuation, then word
``k + 1``…), as a monotone model would. ``vocabulary`` (a set of target words) makes every other
word come back as ``<unk>``, like a model whose vocabulary cannot spell a name. ``calls``
records the source texts of every batch, ``prefixes`` the forced prefixes of every constrained one.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from desk.core.mt.engine import Engine, Hypothesis
from desk.core.mt.info import EngineSettings, ModelInfo

DEFAULT_SCORE = -0.1
MARK = "▁"
PUNCT = ".,،:;!?"


class FakeEngine(Engine):
    def __init__(self, lexicon: dict[str, str], *, scores: dict[str, float] | None = None,
                 vocabulary: set[str] | None = None, source_lang: str = "ar", target_lang: str = "en",
                 model_id: str = "fake") -> None:
        info = ModelInfo(model_id, source_lang, target_lang, "ctranslate2", Path("/nonexistent"),
                         Path("/nonexistent"), Path("/nonexistent/source.spm"), Path("/nonexistent/target.spm"))
        super().__init__(info, EngineSettings(beam_size=1))
        self.lexicon = lexicon
        self.scores = scores or {}
        self.vocabulary = vocabulary
        self.calls: list[list[str]] = []  # source texts of every batch
        self.prefixes: list[list[str]] = []  # forced prefixes, one list per constrained call

    def load(self) -> Engine:
        return self

    @property
    def loaded(self) -> bool:
        return True

    def encode(self, text: str) -> tuple[list[str], bool]:
        pieces = []
        for word in text.split():
            core = word.rstrip(PUNCT) or word
            pieces.append(MARK + core)
            pieces += list(word[len(core):])  # trailing punctuation: pieces of their own, as SentencePiece does
        return pieces, False

    def encode_target(self, text: str) -> list[str]:
        return self.encode(text)[0]

    def decode(self, pieces: Sequence[str]) -> str:
        return " ".join("".join(pieces).replace("<unk>", " ⁇ ").replace(MARK, " ").split())

    def _piece(self, piece: str) -> str:
        if not piece.startswith(MARK):
            return piece
        word = piece[len(MARK):]
        return self._known(MARK + self.lexicon.get(word, word))

    def _known(self, piece: str) -> str:
        if self.vocabulary is None or not piece.startswith(MARK) or piece[len(MARK):] in self.vocabulary:
            return piece
        return "<unk>"

    def translate_hypotheses(self, batch: Sequence[Sequence[str]], *, beam_size: int | None = None,
                             target_lang: str | None = None, prefixes: Sequence[Sequence[str]] | None = None,
                             attention: bool = False) -> list[Hypothesis]:
        out = []
        texts = [self.decode(tokens) for tokens in batch]
        self.calls.append(texts)
        if prefixes is not None:
            self.prefixes.append([" ".join(p) for p in prefixes])
        for i, tokens in enumerate(batch):
            starts = [j for j, p in enumerate(tokens) if p.startswith(MARK)]
            forced = list(prefixes[i]) if prefixes is not None else []
            words = sum(1 for p in forced if p.startswith(MARK))
            # after k forced words, go on from the source piece after word k's first piece
            resume = 0 if not words else (starts[words - 1] + 1 if words - 1 < len(starts) else len(tokens))
            pieces = [self._known(p) for p in forced] + [self._piece(p) for p in tokens[resume:]]
            attended = [starts[min(w, len(starts) - 1)] if starts else 0
                        for w in (sum(1 for p in forced[:j + 1] if p.startswith(MARK)) - 1 for j in range(len(forced)))]
            attended += range(resume, len(tokens))
            rows = []
            if attention:
                for j in attended:
                    row = [0.0] * len(tokens)
                    if tokens:
                        row[min(max(j, 0), len(tokens) - 1)] = 1.0
                    rows.append(row)
            out.append(Hypothesis(pieces, self.scores.get(texts[i], DEFAULT_SCORE), rows))
        self.stats.add(batch, [h.pieces for h in out])
        return out
