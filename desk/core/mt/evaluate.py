"""Translation quality on the user's own texts: BLEU and chrF with sacrebleu, beside the published figures.

A test set is sources and their reference translations, read from two line-aligned text files, one
two-column TSV (source, tab, reference) or a TMX (the pair of languages asked for). ``evaluate_job``
translates the sources with an installed model (through the same pipeline as everything else in
Desk) and scores the output; ``score`` scores output the user already has. Figures come with
sacrebleu's signature, so they can be compared with others computed the same way, and with the
model's published score for the direction when the catalog has one (a different test set: the
figures differ in kind, the signature says how these were computed).
"""
from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from pathlib import Path

from desk.core.errors import DeskError
from desk.core.jobs import CancelToken, Job, Progress
from desk.core.mt.catalog import Score, installed_score
from desk.core.mt.info import EngineSettings
from desk.core.mt.store import ModelStore
from desk.core.text.encoding import decode_bytes
from desk.core.text.langid import detect_article_lang

log = logging.getLogger(__name__)

MAX_BYTES = 32 << 20  # per file: a test set, not a corpus
MAX_SEGMENTS = 20_000


class EvalError(DeskError):
    """A test set that cannot be read or does not line up."""


@dataclass
class TestSet:
    sources: list[str]
    references: list[str]
    source_lang: str
    target_lang: str
    name: str


@dataclass
class EvalResult:
    bleu: float
    chrf: float
    bleu_signature: str
    chrf_signature: str
    segments: int
    test_set: str
    direction: str
    model_id: str = ""
    published: Score | None = None  # the publisher's figure for this model and direction, when known

    def to_json(self) -> dict:
        return asdict(self)

    def summary(self) -> str:
        who = f"{self.model_id} on " if self.model_id else ""
        lines = [f"{who}{self.test_set} ({self.segments} segments, {self.direction}):",
                 f"  BLEU {self.bleu:.1f}   {self.bleu_signature}",
                 f"  chrF {self.chrf:.1f}   {self.chrf_signature}"]
        if self.published is not None:
            p = self.published
            figures = " / ".join(f"{v:.1f}" if v is not None else "–" for v in (p.bleu, p.chrf))
            lines.append(f"  published BLEU / chrF {figures} on {p.test_set} ({p.record})")
        return "\n".join(lines)


def _read_lines(path: Path) -> list[str]:
    try:
        if path.stat().st_size > MAX_BYTES:
            raise EvalError(f"{path} is larger than {MAX_BYTES >> 20} MB; evaluate on a sample of it.")
        text, _encoding = decode_bytes(path.read_bytes(), path)
    except OSError as err:
        raise EvalError(f"Cannot read {path}: {err.strerror or err}") from err
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if len(lines) > MAX_SEGMENTS:
        raise EvalError(f"{path} has {len(lines):,} lines; Desk evaluates at most {MAX_SEGMENTS:,} at a time.")
    return lines


def load_test_set(
    source: Path, reference: Path | None = None, source_lang: str | None = None, target_lang: str | None = None
) -> TestSet:
    """Sources and references from two aligned files, a two-column TSV or a TMX."""
    source = Path(source)
    if reference is not None:
        sources, references = _read_lines(source), _read_lines(Path(reference))
        if len(sources) != len(references):
            raise EvalError(f"{source.name} has {len(sources)} lines but {Path(reference).name} has "
                            f"{len(references)}: the files must be aligned line by line.")
        name = source.name
    elif source.suffix.lower() == ".tmx":
        return _from_tmx(source, source_lang, target_lang)
    else:
        rows = [line.split("\t") for line in _read_lines(source)]
        bad = next((n for n, row in enumerate(rows, 1) if len(row) != 2), None)
        if bad is not None:
            raise EvalError(f"Line {bad} of {source.name} does not have two tab-separated columns (source, reference). "
                            "Give the references as a second file, or use a two-column TSV or a TMX.")
        sources, references = [r[0] for r in rows], [r[1] for r in rows]
        name = source.name
    keep = [(s, r) for s, r in zip(sources, references) if s.strip() and r.strip()]
    if not keep:
        raise EvalError(f"{source.name} has no segment with both a source and a reference.")
    src = source_lang or detect_article_lang([s for s, _ in keep[:200]])
    tgt = target_lang or detect_article_lang([r for _, r in keep[:200]])
    return TestSet([s for s, _ in keep], [r for _, r in keep], src, tgt, name)


def _from_tmx(path: Path, source_lang: str | None, target_lang: str | None) -> TestSet:
    from desk.core.workbench.tmx import read_tmx

    if path.stat().st_size > MAX_BYTES:
        raise EvalError(f"{path} is larger than {MAX_BYTES >> 20} MB; evaluate on a sample of it.")
    entries = read_tmx(path, source_lang, target_lang)
    pairs = sorted({(e.source_lang, e.target_lang) for e in entries})
    if len(pairs) > 1:
        shown = ", ".join(f"{s}→{t}" for s, t in pairs)
        raise EvalError(f"{path.name} holds several directions ({shown}); choose the source and target languages.")
    if not entries:
        raise EvalError(f"{path.name} has no translation unit for the languages asked for.")
    if len(entries) > MAX_SEGMENTS:
        raise EvalError(f"{path.name} has {len(entries):,} units; Desk evaluates at most {MAX_SEGMENTS:,} at a time.")
    src, tgt = pairs[0]
    return TestSet([e.source for e in entries], [e.target for e in entries], src, tgt, path.name)


def score(hypotheses: list[str], references: list[str], *, test_set: str = "", direction: str = "") -> EvalResult:
    """Corpus BLEU and chrF of ``hypotheses`` against ``references`` (sacrebleu, default settings)."""
    from sacrebleu.metrics import BLEU, CHRF

    if len(hypotheses) != len(references):
        raise EvalError(f"There are {len(hypotheses)} translations for {len(references)} references: "
                        "the files must be aligned line by line.")
    if not references:
        raise EvalError("There is nothing to score.")
    bleu, chrf = BLEU(), CHRF()
    b = bleu.corpus_score(hypotheses, [references])
    c = chrf.corpus_score(hypotheses, [references])
    return EvalResult(round(b.score, 2), round(c.score, 2), str(bleu.get_signature()), str(chrf.get_signature()),
                      len(references), test_set, direction)


def score_files(hypotheses: Path, references: Path) -> EvalResult:
    """``desk eval --hypotheses HYP REFERENCE``: output the user already has, scored."""
    hyps, refs = _read_lines(Path(hypotheses)), _read_lines(Path(references))
    if len(hyps) != len(refs):
        raise EvalError(f"{Path(hypotheses).name} has {len(hyps)} lines but {Path(references).name} has {len(refs)}: "
                        "the files must be aligned line by line.")
    src = detect_article_lang(hyps[:200])
    return score(hyps, refs, test_set=Path(references).name, direction=f"→{src}")


def evaluate_job(
    store: ModelStore, model_id: str, test: TestSet, *, settings: EngineSettings | None = None,
    cancel: CancelToken | None = None,
) -> Job[tuple[EvalResult, list[str]]]:
    """Translate ``test``'s sources with ``model_id`` and score them; returns (result, translations)."""
    from desk.core.mt.engine import get_engine
    from desk.core.mt.pipeline import translate_texts

    info = store.resolve(model_id, test.source_lang, test.target_lang)
    engine = get_engine(info, settings or EngineSettings())
    yield Progress(0, len(test.sources), f"Translating {test.name} with {model_id}")
    hyps = yield from translate_texts(test.sources, engine, cancel=cancel, target_lang=test.target_lang)
    texts = [h or "" for h in hyps]
    direction = f"{test.source_lang}-{test.target_lang}"
    result = score(texts, test.references, test_set=test.name, direction=direction)
    result.model_id = model_id
    result.published = installed_score(store.get(model_id), direction)
    log.info("eval %s on %s: BLEU %.1f chrF %.1f", model_id, test.name, result.bleu, result.chrf)
    return result, texts
