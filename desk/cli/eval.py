"""desk eval …: BLEU and chrF (sacrebleu) of an installed model on the user's own texts, or of given output."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desk.cli.common import emit, progress_line
from desk.core.errors import DeskError

if TYPE_CHECKING:
    from desk.core.application import Application


def _direction_model(app: Application, source_lang: str, target_lang: str) -> str:
    """The model desk translate would use for the direction (the user's choice, else the best
    installed); a route through English scores two models at once, so it needs --model."""
    route = app.route(source_lang, target_lang)
    if len(route) != 1:
        raise DeskError(f"No installed model translates {source_lang} to {target_lang} directly; "
                        "choose one with --model (desk models list)")
    return route[0].id


def cmd_eval(args: argparse.Namespace) -> int:
    from desk.core.application import Application
    from desk.core.jobs import run_job
    from desk.core.mt.evaluate import evaluate_job, load_test_set, score_files

    if args.hypotheses:
        reference = args.reference or args.source  # desk eval --hypotheses HYP REFERENCE
        if not reference or (args.reference and args.source):
            raise DeskError("--hypotheses takes one reference file: desk eval --hypotheses HYP REFERENCE")
        result = score_files(Path(args.hypotheses), Path(reference))
    else:
        if not args.source:
            raise DeskError("Give a test set: desk eval [--model ID] SOURCE [REFERENCE]")
        test = load_test_set(Path(args.source), Path(args.reference) if args.reference else None,
                             args.source_lang, args.target_lang)
        app = Application()
        model_id = args.model or _direction_model(app, test.source_lang, test.target_lang)
        show = progress_line if sys.stderr.isatty() else None
        result, translations = run_job(evaluate_job(app.store, model_id, test, settings=app.settings.engine), show)
        if args.output:
            Path(args.output).write_text("\n".join(translations) + "\n", encoding="utf-8")
    emit(args, result.to_json(), lambda _: result.summary())
    return 0


def add_eval(sub: Any) -> None:
    p = sub.add_parser(
        "eval", help="BLEU and chrF of a model on your own texts (two aligned files, a two-column TSV, or a TMX)",
        description="Translate SOURCE with an installed model and score it against REFERENCE with sacrebleu "
                    "(BLEU and chrF, with sacrebleu's signature), or score existing output with --hypotheses.",
    )
    p.add_argument("source", nargs="?", help="source sentences, one per line; or a two-column TSV; or a TMX")
    p.add_argument("reference", nargs="?", help="reference translations, one per line, aligned with SOURCE")
    p.add_argument("--model", help="installed model id (desk models list; default: the one chosen in the window "
                                   "for the direction, else the best installed)")
    p.add_argument("--hypotheses", metavar="HYP", help="score these translations (one per line) instead")
    p.add_argument("--from", dest="source_lang", help="source language (default: detected)")
    p.add_argument("--to", dest="target_lang", help="target language (default: detected)")
    p.add_argument("--output", help="also write the model's translations to this file")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_eval)


# The commands this module adds: name → function that adds its parser.
COMMANDS: dict[str, Callable[[Any], None]] = {
    "eval": add_eval,
}
