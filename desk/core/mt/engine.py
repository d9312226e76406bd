"""One loaded translation model: a CTranslate2 ``Translator`` plus its SentencePiece processors.

``get_engine(info, settings)`` returns the engine for an installed model. Nothing heavy happens
there: the model is loaded lazily, on first use (``Engine.load()`` or the first translation), so
a GUI can create engines on its own thread and let the worker thread pay the loading cost.
Loaded models are cached once per (model id, folder, device/compute type/threads); engines with
different decoding defaults (beam size, batch size) share the loaded model. ``unload_all()``
drops every cached model.

Decoding caps scale with the source length (``decoding_cap``) so a bad model cannot loop for
long, sources longer than ``MAX_INPUT_TOKENS`` are truncated (and flagged by the pipeline), and
each sentence's output is cut to its own cap even when it was decoded in a batch with longer
sentences, so a sentence translates the same alone or in a batch (greedy decoding).

CTranslate2 releases the GIL while it computes, so a GUI thread stays responsive.
"""
from __future__ import annotations

import json
import logging
import threading
from collections.abc import Sequence
from dataclasses import astuple, dataclass, field, replace
from pathlib import Path
from typing import Any

from desk.core.errors import ModelError
from desk.core.mt import device
from desk.core.mt.info import EngineSettings, ModelInfo

log = logging.getLogger(__name__)

MAX_INPUT_TOKENS = 256  # longer sources are truncated (a sentence rarely needs more than ~200)
MAX_DECODING_TOKENS = 512


# Batches of ~12 length-sorted sentences were the fastest on a 2-core CPU with a base-sized int8
# model and beam 2 (tests/bench/bench_translate.py): bigger batches decode long tails for their
# shortest members and their 62k-wide logits fall out of cache; smaller ones pay per-step overhead.
MAX_BATCH_SENTENCES = 12


def decoding_cap(source_tokens: int) -> int:
    """Most target tokens allowed for a source of ``source_tokens`` tokens."""
    return min(MAX_DECODING_TOKENS, 2 * source_tokens + 10)


def plan_batches(
    lengths: Sequence[int], *, max_tokens: int = 2048, max_sentences: int = MAX_BATCH_SENTENCES
) -> list[list[int]]:
    """Split sources (given by token length) into length-sorted batches of even size.

    A batch decodes for as many steps as its longest member's cap, so neighbours in length go
    together. Batches hold at most ``max_sentences`` sentences and ``max_tokens`` padded source
    tokens, and are balanced (13 sentences → 7 + 6, not 12 + 1). Returns lists of indices into
    ``lengths``, shortest batch first.
    """
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    batches: list[list[int]] = []
    start = 0
    while start < len(order):
        left = len(order) - start
        size = -(-left // -(-left // max_sentences))  # even split of what is left
        end = start + 1
        while end < start + size and (end - start + 1) * max(1, lengths[order[end]]) <= max_tokens:
            end += 1
        batches.append(order[start:end])
        start = end
    return batches


@dataclass
class EngineStats:
    """What the engine has done so far (tests and the benchmark read it)."""

    batches: int = 0
    sentences: int = 0
    input_tokens: int = 0
    output_tokens: int = 0

    def add(self, batch: Sequence[Sequence[str]], outputs: Sequence[Sequence[str]]) -> None:
        self.batches += 1
        self.sentences += len(batch)
        self.input_tokens += sum(len(t) for t in batch)
        self.output_tokens += sum(len(t) for t in outputs)


@dataclass
class Hypothesis:
    """One decoded sentence: its pieces, the model's mean log-probability per token and, when
    asked for, one attention row per piece over the source pieces."""

    pieces: list[str]
    score: float | None = None
    attention: list[list[float]] = field(default_factory=list)


@dataclass
class _Runtime:
    """The heavy part, shared by every engine of one model: translator + tokenizers."""

    translator: Any
    source_sp: Any
    target_sp: Any
    add_source_eos: bool


def _load_runtime(info: ModelInfo, settings: EngineSettings) -> _Runtime:
    import ctranslate2
    import sentencepiece as spm

    ct2_dir = Path(info.ct2_dir)
    name = info.name or info.id
    if not ct2_dir.is_dir():
        raise ModelError(f"Model '{name}' is missing its folder {ct2_dir}; remove it and install it again.")
    for required in ("model.bin", "config.json"):
        if not (ct2_dir / required).is_file():
            raise ModelError(
                f"Model '{name}' is incomplete: {ct2_dir} has no {required}; remove it and install it again."
            )
    for role, path in (("source", info.source_spm), ("target", info.target_spm)):
        if not Path(path).is_file():
            raise ModelError(f"Model '{name}' is incomplete: its {role} SentencePiece model {path} is missing.")
    try:
        config = json.loads((ct2_dir / "config.json").read_text(encoding="utf-8"))
        if not isinstance(config, dict):
            raise TypeError("not a JSON object")
    except (OSError, ValueError, TypeError) as err:
        raise ModelError(f"Model '{name}' has an unreadable config.json ({err}).") from err
    try:
        source_sp = spm.SentencePieceProcessor(model_file=str(info.source_spm))
        target_sp = (
            source_sp
            if Path(info.target_spm) == Path(info.source_spm)
            else spm.SentencePieceProcessor(model_file=str(info.target_spm))
        )
    except (OSError, RuntimeError, ValueError) as err:
        raise ModelError(f"Model '{name}' has a broken SentencePiece model: {err}") from err

    resolved = device.resolve(settings)

    def make(device_name: str, compute_type: str) -> Any:
        try:
            return ctranslate2.Translator(
                str(ct2_dir),
                device=device_name,
                compute_type=compute_type,
                inter_threads=max(1, settings.inter_threads),
                intra_threads=max(0, settings.intra_threads),
            )
        except ValueError as err:
            if "compute type" not in str(err).lower() or compute_type == "default":
                raise
            log.warning("compute type %s unsupported here (%s); using the model's default", compute_type, err)
            return make(device_name, "default")

    try:
        try:
            translator = make(resolved.device, resolved.compute_type)
        except (RuntimeError, ValueError, OSError) as err:
            if not (resolved.automatic and resolved.device == "cuda"):
                raise
            log.warning("the GPU could not load model %s (%s); using the CPU", info.id, err)
            resolved = device.resolve(replace(settings, device="cpu"))
            translator = make(resolved.device, resolved.compute_type)
    except (RuntimeError, ValueError, OSError) as err:
        raise ModelError(f"Model '{name}' could not be loaded by CTranslate2: {err}") from err
    log.info("loaded model %s from %s (%s)", info.id, ct2_dir, resolved.describe())
    return _Runtime(translator, source_sp, target_sp, bool(config.get("add_source_eos", False)))


_RUNTIMES: dict[tuple, _Runtime] = {}
_ENGINES: dict[tuple, Engine] = {}
_CACHE_LOCK = threading.Lock()


def _runtime_key(info: ModelInfo, settings: EngineSettings) -> tuple:
    resolved = device.resolve(settings)
    return (info.id, str(info.ct2_dir), resolved.device, resolved.compute_type,
            settings.inter_threads, settings.intra_threads)


@dataclass(eq=False)
class Engine:
    """Translate token batches or plain strings with one installed model."""

    info: ModelInfo
    settings: EngineSettings = field(default_factory=EngineSettings)
    stats: EngineStats = field(default_factory=EngineStats)
    _runtime: _Runtime | None = field(default=None, repr=False)

    @property
    def model_id(self) -> str:
        return self.info.id

    def load(self, *, cache: bool = True) -> Engine:
        """Load the model now (idempotent); raises ModelError for a broken or foreign folder.

        ``cache=False`` loads a private copy that is freed with this engine (a model being installed).
        """
        if self._runtime is None and not cache:
            self._runtime = _load_runtime(self.info, self.settings)
        if self._runtime is None:
            key = _runtime_key(self.info, self.settings)
            with _CACHE_LOCK:
                runtime = _RUNTIMES.get(key)
                if runtime is None:
                    runtime = _load_runtime(self.info, self.settings)
                    _RUNTIMES[key] = runtime
            self._runtime = runtime
        return self

    @property
    def loaded(self) -> bool:
        return self._runtime is not None

    @property
    def runtime(self) -> _Runtime:
        return self.load()._runtime  # type: ignore[return-value]

    # --- tokens ---------------------------------------------------------------------------------

    def target_prefix(self, target_lang: str | None = None) -> list[str]:
        """Tokens forced at the start of the output (multilingual models)."""
        if self.info.target_prefix:
            return [self.info.target_prefix]
        token = self.info.target_tokens.get(target_lang or "")
        return [token] if token else []

    def encode(self, text: str) -> tuple[list[str], bool]:
        """SentencePiece pieces of ``text`` (with the model's source prefix), and whether they were cut."""
        rt = self.runtime
        pieces: list[str] = rt.source_sp.encode(text, out_type=str)
        prefix = [self.info.source_prefix] if self.info.source_prefix else []
        suffix = ["</s>"] if self.info.source_eos and not rt.add_source_eos else []
        limit = MAX_INPUT_TOKENS - len(prefix) - len(suffix)
        truncated = len(pieces) > limit
        return [*prefix, *pieces[:limit], *suffix], truncated

    def decode(self, pieces: Sequence[str]) -> str:
        # Pieces the target SentencePiece model does not know come back verbatim; drop their "▁".
        return " ".join(self.runtime.target_sp.decode_pieces(list(pieces)).replace("▁", " ").split())

    def encode_target(self, text: str) -> list[str]:
        """Target-side SentencePiece pieces of ``text`` (to force words into an output)."""
        return list(self.runtime.target_sp.encode(text, out_type=str))

    def translate_tokens(
        self,
        batch: Sequence[Sequence[str]],
        *,
        beam_size: int | None = None,
        target_lang: str | None = None,
    ) -> list[list[str]]:
        """Translate one batch of token lists in one CTranslate2 call, each output cut to its cap."""
        return [h.pieces for h in self.translate_hypotheses(batch, beam_size=beam_size, target_lang=target_lang)]

    def translate_hypotheses(
        self,
        batch: Sequence[Sequence[str]],
        *,
        beam_size: int | None = None,
        target_lang: str | None = None,
        prefixes: Sequence[Sequence[str]] | None = None,
        attention: bool = False,
    ) -> list[Hypothesis]:
        """Like :meth:`translate_tokens`, with the model's score and (optionally) its attention.

        ``prefixes`` forces the start of each output (constrained decoding); the forced pieces are
        part of the returned ``pieces``, the model's own language prefix is not.
        """
        if not batch:
            return []
        prefix = self.target_prefix(target_lang)
        forced = [list(p) for p in prefixes] if prefixes is not None else [[] for _ in batch]
        caps = [decoding_cap(len(tokens)) + len(f) for tokens, f in zip(batch, forced)]
        heads = [prefix + f for f in forced]
        results = self.runtime.translator.translate_batch(
            [list(tokens) for tokens in batch],
            target_prefix=heads if any(heads) else None,
            beam_size=beam_size or self.settings.beam_size,
            max_batch_size=0,
            max_input_length=MAX_INPUT_TOKENS,
            max_decoding_length=max(caps) + len(prefix),
            return_scores=True,
            return_attention=attention,
        )
        outputs = []
        for result, cap in zip(results, caps):
            hyp = list(result.hypotheses[0])
            rows = [list(row) for row in result.attention[0]] if attention and result.attention else []
            if prefix and hyp[: len(prefix)] == prefix:
                hyp, rows = hyp[len(prefix):], rows[len(prefix):]
            score = float(result.scores[0]) if result.scores else None
            outputs.append(Hypothesis(hyp[:cap], score, rows[:cap]))
        self.stats.add(batch, [h.pieces for h in outputs])
        return outputs

    def translate_strings(self, texts: Sequence[str], *, beam_size: int | None = None) -> list[str]:
        """Translate plain strings (no streaming); empty strings stay empty."""
        from desk.core.jobs import run_job
        from desk.core.mt.pipeline import translate_texts

        return run_job(translate_texts(texts, self, beam_size=beam_size))


def get_engine(info: ModelInfo, settings: EngineSettings | None = None) -> Engine:
    """The engine for ``info`` under ``settings`` (cached; the model itself loads on first use)."""
    settings = settings or EngineSettings()
    key = (info.id, str(info.ct2_dir), astuple(settings))
    with _CACHE_LOCK:
        engine = _ENGINES.get(key)
        if engine is None:
            engine = Engine(info, EngineSettings(*astuple(settings)))
            _ENGINES[key] = engine
            runtime = _RUNTIMES.get(_runtime_key(info, settings))
            if runtime is not None:
                engine._runtime = runtime
        return engine


def unload_all() -> None:
    """Forget every cached engine and loaded model (memory is freed once nobody holds them)."""
    with _CACHE_LOCK:
        for engine in _ENGINES.values():
            engine._runtime = None
        _ENGINES.clear()
        _RUNTIMES.clear()
    log.info("unloaded all translation models")
