"""Streaming document translation: Article → sentences → batches → targets in document order.

``translate_article(article, engine, ...)`` is a job (see ``desk.core.jobs``):

* every sentence of the article is covered: headline ``t0``, captions ``c*``, body ``p*s*``;
* sentences whose id is in ``prefilled`` (translation memory, the user's post-edits) are not
  sent to the model, they come back in place with (a copy of) the given ``Target``: passing the
  targets a cancelled run finished makes the next run translate only what is missing;
* empty/whitespace sentences get an empty target without calling the model;
* identical sentences (same text up to whitespace) are translated once;
* the first distinct sentence is translated alone, so it shows up fast; the rest goes in windows
  of ``MAX_WINDOW`` sentences (one window for any news article): inside a window sentences are
  sorted by length and cut into batches by ``engine.plan_batches`` (at most
  ``EngineSettings.max_batch_tokens`` padded tokens), so a batch does not decode short sentences
  as long as long ones; batches then run in the order of the earliest sentence each holds, so the
  document keeps arriving from the top while batching stays length-sorted;
* after every batch the job yields ``Progress(done, total, payload=[(sentence_id, Target), ...])``
  where ``done``/``total`` count sentences and ``payload`` is what newly became available
  *contiguously from the start of the document* (so a view can append it in order);
* the cancel token is checked between batches. Cancelling raises ``TranslationCancelled`` (a
  ``Cancelled``) whose ``partial`` attribute is the ``Translation`` with every sentence done so
  far (also those not yet delivered in order); what the payloads delivered stays valid.

The result is a ``Translation`` whose ``targets`` are keyed by source sentence id: that mapping is
the source↔target pairing the GUI uses for linked highlighting. Each machine ``Target`` carries
the model's ``confidence`` and, unless ``align=False``, its word ``alignment`` (from the
model's attention, see ``desk.core.mt.alignment``), so words are linked too.

``terms`` (``desk.core.workbench.terms``: glossary terms, source numbers) makes the output carry
what it requires (the glossary's translation of a term, the source's number), by constrained
re-decoding (``desk.core.mt.decoding.force_terms``); a sentence where that fails is flagged as
the QA check would flag it (``glossary``, ``number-mismatch``).

Passing several engines (``translate_article_via`` or a list) chains them, e.g. ar→en→fr when no
direct model exists (``ModelStore.route`` picks the chain): each batch goes through every
engine before it is delivered.
"""
from __future__ import annotations

import copy
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from desk.core.errors import Cancelled
from desk.core.jobs import CancelToken, Job, Progress
from desk.core.model import Article, Target, Translation
from desk.core.mt import alignment
from desk.core.mt.decoding import TermRules, decode_chain, force_terms
from desk.core.mt.engine import Engine, plan_batches

log = logging.getLogger(__name__)

FIRST_WINDOWS = (1,)  # sizes of the first windows, in unique sentences
MAX_WINDOW = 256


class TranslationCancelled(Cancelled):
    """Raised when a translation job is cancelled; ``partial`` holds what was finished."""

    def __init__(self, partial: Any, done: int, total: int) -> None:
        super().__init__(f"Translation cancelled after {done} of {total} sentences")
        self.partial = partial
        self.done = done
        self.total = total


@dataclass
class _Work:
    """One distinct source text and the document positions that share it."""

    text: str
    positions: list[int]
    tokens: list[str] | None = None
    truncated: bool = False


def _windows(work: list[_Work]) -> list[list[_Work]]:
    out, start = [], 0
    sizes = list(FIRST_WINDOWS)
    while start < len(work):
        size = sizes.pop(0) if sizes else MAX_WINDOW
        out.append(work[start:start + size])
        start += size
    return out


def _batches(items: list[_Work], max_tokens: int) -> list[list[_Work]]:
    """Length-sorted batches, run in the order of the earliest document position each holds."""
    plan = plan_batches([len(w.tokens or ()) for w in items], max_tokens=max_tokens)
    batches = [[items[i] for i in batch] for batch in plan]
    return sorted(batches, key=lambda batch: min(w.positions[0] for w in batch))


def _stream(
    units: Sequence[tuple[str, str]],
    engines: Sequence[Engine],
    *,
    cancel: CancelToken | None,
    beam_size: int | None,
    target_lang: str | None,
    prefilled: dict[str, Target] | None,
    make_partial: Callable[[dict[int, Target]], Any],
    terms: TermRules | None = None,
    align: bool = True,
) -> Job[dict[int, Target]]:
    """The shared streaming loop; returns targets by unit position."""
    if not engines:
        raise ValueError("at least one engine is needed")
    total = len(units)
    ready: dict[int, Target] = {}
    prefilled = prefilled or {}
    by_text: dict[str, _Work] = {}
    for pos, (sid, text) in enumerate(units):
        if sid in prefilled:
            ready[pos] = copy.deepcopy(prefilled[sid])
            continue
        key = " ".join(text.split())
        if not key:
            ready[pos] = Target("")
            continue
        by_text.setdefault(key, _Work(key, [])).positions.append(pos)
    work = list(by_text.values())  # first-occurrence (document) order
    delivered = 0

    def flush() -> list[tuple[str, Target]]:
        nonlocal delivered
        start = delivered
        while delivered < total and delivered in ready:
            delivered += 1
        return [(units[p][0], ready[p]) for p in range(start, delivered)]

    def check_cancel() -> None:
        if cancel is not None and cancel.cancelled:
            raise TranslationCancelled(make_partial(ready), len(ready), total)

    check_cancel()
    if work and not all(e.loaded for e in engines):
        yield Progress(len(ready), total, "Loading translation model")
        for engine in engines:
            engine.load()
    yield Progress(len(ready), total, "Translating", payload=flush())

    max_tokens = max(16, engines[0].settings.max_batch_tokens)
    for window in _windows(work):
        todo = []
        for item in window:
            item.tokens, item.truncated = engines[0].encode(item.text)
            if item.truncated:
                log.warning("sentence of %d+ tokens truncated before translation", len(item.tokens))
            if item.tokens:
                todo.append(item)
            else:  # nothing the tokenizer keeps (e.g. only zero-width characters)
                for pos in item.positions:
                    ready[pos] = Target("")
        for batch in _batches(todo, max_tokens):
            check_cancel()
            decoded = decode_chain([w.text for w in batch], [w.tokens or [] for w in batch], engines,
                                   beam_size=beam_size, target_lang=target_lang, align=align)
            if terms is not None:
                force_terms(decoded, [w.text for w in batch], engines[-1], terms, beam_size=beam_size,
                            target_lang=target_lang, align=align)
            for item, out in zip(batch, decoded):
                flags = ["truncated"] if item.truncated else []
                if terms is not None:
                    flags += dict.fromkeys(t.flag for t in terms.missing(item.text, out.text))
                confidence = round(out.confidence, 4) if out.confidence is not None else None
                for pos in item.positions:
                    links = alignment.to_spans(out.links, units[pos][1], out.text)
                    ready[pos] = Target(out.text, "machine", list(flags), confidence, links)
            yield Progress(len(ready), total, "Translating", payload=flush())
        payload = flush()  # sentences finished without the model (nothing left to tokenize)
        if payload:
            yield Progress(len(ready), total, "Translating", payload=payload)
    return ready


def translate_article(
    article: Article,
    engine: Engine | Sequence[Engine],
    *,
    cancel: CancelToken | None = None,
    beam_size: int | None = None,
    target_lang: str | None = None,
    prefilled: dict[str, Target] | None = None,
    terms: TermRules | None = None,
    align: bool = True,
) -> Job[Translation]:
    """Translate every sentence of ``article`` (streaming; see the module docstring)."""
    engines = [engine] if isinstance(engine, Engine) else list(engine)
    units = [(s.id, s.text) for s in article.all_sentences()]
    target = target_lang or engines[-1].info.target_lang

    def build(ready: dict[int, Target]) -> Translation:
        translation = Translation(
            model_id="+".join(e.model_id for e in engines),
            source_lang=article.lang or engines[0].info.source_lang,
            target_lang=target,
            article_id=article.id,
        )
        translation.targets = {units[p][0]: ready[p] for p in sorted(ready)}
        return translation

    ready = yield from _stream(
        units, engines, cancel=cancel, beam_size=beam_size, target_lang=target,
        prefilled=prefilled, make_partial=build, terms=terms, align=align,
    )
    return build(ready)


def translate_article_via(
    article: Article,
    engines: Sequence[Engine],
    *,
    cancel: CancelToken | None = None,
    beam_size: int | None = None,
    prefilled: dict[str, Target] | None = None,
    terms: TermRules | None = None,
) -> Job[Translation]:
    """Translate through a chain of engines, e.g. [ar→en, en→fr] when there is no ar→fr model."""
    return translate_article(article, list(engines), cancel=cancel, beam_size=beam_size, prefilled=prefilled,
                             terms=terms)


def translate_texts(
    texts: Sequence[str],
    engine: Engine | Sequence[Engine],
    *,
    cancel: CancelToken | None = None,
    beam_size: int | None = None,
    target_lang: str | None = None,
) -> Job[list[str]]:
    """Translate a plain list of strings; payloads are ``(index, text)`` pairs in order.

    Cancelling raises ``TranslationCancelled`` whose ``partial`` is the list with ``None`` for
    strings not translated yet.
    """
    engines = [engine] if isinstance(engine, Engine) else list(engine)
    units = [(str(i), t) for i, t in enumerate(texts)]

    def build(ready: dict[int, Target]) -> list[str | None]:
        return [ready[i].text if i in ready else None for i in range(len(units))]

    job = _stream(units, engines, cancel=cancel, beam_size=beam_size, target_lang=target_lang,
                  prefilled=None, make_partial=build, align=False)
    while True:
        try:
            progress = next(job)
        except StopIteration as stop:
            ready = stop.value
            break
        payload = [(int(sid), t.text) for sid, t in progress.payload or []]
        yield Progress(progress.done, progress.total, progress.message, payload=payload)
    return [ready[i].text for i in range(len(units))]
