"""Measuring a model on the user's own test file, for the model manager: picking the file(s), the job,
and the figures in words (beside the publisher's)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from desk.core.jobs import CancelToken, Job
from desk.core.mt.evaluate import EvalResult, evaluate_job, load_test_set
from desk.core.mt.store import ModelStore


def pick_test_set(parent: QWidget) -> tuple[str, str | None] | None:
    """A TSV or TMX alone, or a source text file then its reference file; None when the user gives up."""
    source, _ = QFileDialog.getOpenFileName(parent, "Measure quality: a test file", str(Path.home()),
                                            "Test sets (*.tsv *.tmx *.txt);;All files (*)")
    if not source:
        return None
    if Path(source).suffix.lower() in {".tsv", ".tmx"}:
        return source, None
    reference, _ = QFileDialog.getOpenFileName(
        parent, "Measure quality: the reference translations, line by line", str(Path(source).parent),
        "Text files (*.txt);;All files (*)")
    return (source, reference) if reference else None


def evaluation(store: ModelStore, model_id: str, source: str | Path, reference: str | Path | None,
               cancel: CancelToken) -> Job[EvalResult]:
    test = load_test_set(Path(source), Path(reference) if reference else None)
    result, _translations = yield from evaluate_job(store, model_id, test, cancel=cancel)
    return result


def cell_text(result: EvalResult) -> str:
    return f"{result.bleu:.1f} / {result.chrf:.1f} ({result.test_set})"


def message(result: EvalResult) -> str:
    p = result.published
    beside = (f" Published: BLEU {p.bleu} / chrF {p.chrf} on {p.test_set}." if p is not None
              else " No published figure for this model.")
    return (f"{result.model_id} on {result.test_set} ({result.segments} segments): BLEU {result.bleu:.1f}, "
            f"chrF {result.chrf:.1f}.{beside}\nsacrebleu {result.bleu_signature}")
