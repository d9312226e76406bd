"""Translation quality (BLEU, chrF with sacrebleu's signature) of installed models, beside their
published figures, on FLORES-200 devtest when ``../shared`` has it, or on any test set you give.

    python tests/bench/eval_quality.py [--model ID ...] [--direction ar-en|en-ar] [--limit N]
                                       [--flores DIR | --source FILE [--reference FILE]]

Without ``--model``, every installed model is measured in each direction it serves (Desk's data
folder, ``DESK_DATA_DIR``). Without a test set, FLORES-200 devtest is used if present; it is never
required (``--source`` takes two aligned files, a two-column TSV or a TMX). With ``--tiny``, a tiny
random-weight model is built and measured instead: its figures are noise and only show that the
measuring path works on a machine without real weights.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from desk.core.jobs import run_job
from desk.core.mt.evaluate import TestSet, evaluate_job, load_test_set
from desk.core.mt.store import ModelStore

DEFAULT_FLORES = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "flores200"
FLORES_FILES = {"ar": "arb_Arab.devtest", "en": "eng_Latn.devtest"}


def flores_set(folder: Path, src: str, tgt: str, limit: int | None) -> TestSet | None:
    paths = {lang: folder / name for lang, name in FLORES_FILES.items()}
    if not all(p.is_file() for p in paths.values()):
        return None
    test = load_test_set(paths[src], paths[tgt], src, tgt)
    n = limit or len(test.sources)
    return TestSet(test.sources[:n], test.references[:n], src, tgt, "FLORES-200 devtest")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", action="append", help="installed model id (repeat; default: all installed)")
    parser.add_argument("--direction", choices=["ar-en", "en-ar"], help="only this direction")
    parser.add_argument("--flores", type=Path, default=DEFAULT_FLORES, help="FLORES-200 folder (optional)")
    parser.add_argument("--source", type=Path, help="your own test set instead of FLORES-200")
    parser.add_argument("--reference", type=Path, help="its references, when SOURCE is a plain text file")
    parser.add_argument("--limit", type=int, help="only the first N sentences")
    parser.add_argument("--tiny", action="store_true", help="measure a tiny random-weight model (noise figures)")
    args = parser.parse_args()

    if args.tiny:
        os.environ["DESK_DATA_DIR"] = tempfile.mkdtemp(prefix="desk-eval-")
        from tests import mtfactory

        folder = mtfactory.build_opus_mt_folder(Path(os.environ["DESK_DATA_DIR"]) / "opus", "ar", "en", eos_bias=2.0)
        ModelStore().install(folder, model_id="tiny-random-ar-en")
    store = ModelStore()
    ids = args.model or [i.id for i in store.list()]
    if not ids:
        print("No model is installed (desk models list); try --tiny to check the measuring path.", file=sys.stderr)
        return 2
    directions = [args.direction] if args.direction else ["ar-en", "en-ar"]
    ran = 0
    for model_id in ids:
        manifest = store.manifest(model_id)
        for direction in directions:
            src, tgt = direction.split("-")
            if src not in manifest.source_langs or tgt not in manifest.target_langs:
                continue
            if args.source:
                test = load_test_set(args.source, args.reference, src, tgt)
            else:
                found = flores_set(args.flores, src, tgt, args.limit)
                if found is None:
                    print(f"FLORES-200 is not at {args.flores}; give --source (and --reference).", file=sys.stderr)
                    return 2
                test = found
            start = time.perf_counter()
            result, _ = run_job(evaluate_job(store, model_id, test))
            print(result.summary())
            print(f"  ({time.perf_counter() - start:.1f} s)")
            ran += 1
    if not ran:
        print("None of the models serves the direction asked for.", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
