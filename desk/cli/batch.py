"""desk batch translate|summarize|brief INPUT --to LANG --out DIR: whole archives, resumable,
on this machine or on a Ray cluster (--cluster)."""
from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from desk.core.errors import ModelError

LANGS = ["ar", "en"]
VERBS = {"translate": "translated", "summarize": "summarized", "brief": "briefed"}


@dataclass
class ProgressBar:
    """Articles and sentences done, rate and time left, on one line of a terminal (rewritten in
    place); elsewhere (a log file) a plain line every ``every`` seconds and at the end."""

    stream: TextIO = field(default_factory=lambda: sys.stderr)
    every: float = 10.0
    clock: Callable[[], float] = time.monotonic
    started: float = 0.0
    worked: int = 0  # articles this run did (not skipped), for the rate
    sentences: int = 0
    _last: float = -1e9

    def __post_init__(self) -> None:
        self.started = self.clock()
        self.tty = self.stream.isatty()

    def line(self, done: int, total: int) -> str:
        elapsed = max(1e-6, self.clock() - self.started)
        rate = self.worked / elapsed
        left = total - done
        eta = _duration(left / rate) if rate > 0 and left > 0 else ("0s" if left <= 0 else "?")
        width = 20
        filled = int(width * done / total) if total else width
        return (f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} articles, {self.sentences} sentences | "
                f"{rate:.2f} art/s, {self.sentences / elapsed:.1f} sent/s | {eta} left")

    def update(self, progress: Any) -> None:
        item = progress.payload
        if item is not None and item.status != "skipped":
            self.worked += 1
            self.sentences += item.sentences
        now = self.clock()
        final = progress.done >= progress.total
        if self.tty:
            if final or now - self._last >= 0.2:
                self.stream.write("\r" + self.line(progress.done, progress.total).ljust(100) + ("\n" if final else ""))
                self._last = now
        elif final or now - self._last >= self.every:
            self.stream.write(self.line(progress.done, progress.total) + "\n")
            self._last = now
        self.stream.flush()


def _duration(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"


def run_batch_command(args: argparse.Namespace, spec: Any, no_model_hint: str = "") -> int:
    """Plan, run locally or on the cluster, report: what `desk batch ...` and `desk brief` do."""
    from desk.core.application import Application
    from desk.core.batch.output import errors_path, results_path
    from desk.core.batch.plan import cluster_executor, local_executor, plan_batch
    from desk.core.batch.runner import Executor, run_task
    from desk.core.jobs import run_job

    app = Application()
    try:
        plan = plan_batch([Path(p) for p in args.inputs], spec, app)
    except ModelError as err:
        raise ModelError(f"{err}{no_model_hint}") from None
    out = Path(args.out)
    if args.cluster is not None:
        from desk.core.batch.cluster import ClusterOptions, cluster_address

        options = ClusterOptions(cluster_address(args.cluster), args.workers, args.threads_per_worker,
                                 args.chunk_sentences)
        cluster = cluster_executor(app, plan, options)
        executor: Executor = cluster
        s = cluster.startup
        print(f"desk: cluster {options.address}: {len(s.load_seconds)} worker(s) on {len(set(s.nodes))} node(s); "
              f"connect {s.connect_seconds:.1f}s, data {s.pack_seconds:.1f}s, workers ready {s.ready_seconds:.1f}s",
              file=sys.stderr)
    else:
        executor = local_executor(app, plan)
    bar = None if args.quiet else ProgressBar()
    done = 0

    def on_progress(progress: Any) -> None:
        nonlocal done
        done = progress.done
        if bar is not None:
            bar.update(progress)

    try:
        result = run_job(run_task(plan.source, out, plan.spec, executor, total=plan.survey.items), on_progress)
    except KeyboardInterrupt:
        print(f"\ndesk: interrupted after {done} of {plan.survey.items}; run the same command again to resume",
              file=sys.stderr)
        return 130
    finally:
        executor.close()
    for item in result.failed[:20]:
        print(f"desk: failed: {item.title or item.article_id}: {item.error}", file=sys.stderr)
    if len(result.failed) > 20:
        print(f"desk: … and {len(result.failed) - 20} more", file=sys.stderr)
    task = plan.spec.task
    if task == "brief":
        head = f"{len(result.done)} brief(s) written"
        where = str(out)
    else:
        head = f"{len(result.done)} article(s) {VERBS[task]}"
        where = str(results_path(out, task))
    errors = f"; errors in {errors_path(out, task)}" if result.failed else ""
    print(f"{head}, {len(result.skipped)} already done, {len(result.failed)} failed → {where}{errors}", file=sys.stderr)
    return 1 if result.failed else 0


def _length(args: argparse.Namespace, default_sentences: int | None) -> Any:
    from desk.core.model import LengthRule

    rule = LengthRule(sentences=args.sentences, words=args.words, ratio=getattr(args, "ratio", None))
    if rule.sentences is None and rule.words is None and rule.ratio is None:
        if default_sentences is None:
            return None  # the user's settings decide
        rule.sentences = default_sentences
    return rule


def cmd_batch(args: argparse.Namespace) -> int:
    from desk.core.batch.work import TaskSpec

    task = args.batch_command
    if task == "translate":
        spec = TaskSpec("translate", args.to, model_id=args.model, use_memory=not args.no_memory)
        return run_batch_command(args, spec)
    if task == "summarize":
        spec = TaskSpec("summarize", args.to, model_id=args.model, use_memory=not args.no_memory,
                        algorithm=args.algorithm, length=_length(args, None))
        return run_batch_command(args, spec)
    return cmd_brief_batch(args)


def cmd_brief_batch(args: argparse.Namespace) -> int:
    from desk.core.batch.runner import BatchOptions

    options = BatchOptions(target_lang=args.to, fmt=args.format, algorithm=args.algorithm,
                           length=_length(args, 3), translate=not args.no_translate,
                           include_translation=args.full_translation)
    return run_batch_command(args, options.spec(),
                             " Or pass --no-translate to write the briefs in the original language.")


# --- parsers -------------------------------------------------------------------------------------


def add_run_options(p: argparse.ArgumentParser) -> None:
    """Where the run goes: the cluster options and the progress bar (shared with `desk brief`)."""
    g = p.add_argument_group("cluster (needs pip install 'desk[cluster]')")
    g.add_argument("--cluster", nargs="?", const="", metavar="ADDRESS",
                   help="run on the Ray cluster whose head is at ADDRESS (HOST:PORT; default $RAY_ADDRESS)")
    g.add_argument("--workers", type=int, default=2, help="model replicas on the cluster (default 2)")
    g.add_argument("--threads-per-worker", type=int, default=1, help="CPU threads of each replica (default 1)")
    g.add_argument("--chunk-sentences", type=int, default=64,
                   help="sentences handed to a worker at a time (default 64)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")


def add_brief_options(p: argparse.ArgumentParser, one_file: bool = False) -> None:
    """The options of a batch of briefs (`desk batch brief`; `desk brief` adds --one-file)."""
    from desk.core.brief.writers import formats
    from desk.core.summary.summarize import ALGORITHMS

    p.add_argument("--to", choices=LANGS, default="en", help="language of the briefs (default en)")
    if one_file:
        p.add_argument("--out", required=True, metavar="DIR",
                       help="output folder (also holds the resume state); with --one-file, the file to write")
        p.add_argument("--format", choices=list(formats()), default=None,
                       help="file format (default md; with --one-file, the suffix of --out decides)")
        p.add_argument("--one-file", action="store_true", help="one brief of all the articles, written to --out")
    else:
        p.add_argument("--out", required=True, metavar="DIR", help="output folder (also holds the resume state)")
        p.add_argument("--format", choices=list(formats()), default="md")
    p.add_argument("--algorithm", default="lexrank", choices=sorted(ALGORITHMS))
    g = p.add_mutually_exclusive_group()
    g.add_argument("--sentences", type=int, help="summary length in sentences (default 3)")
    g.add_argument("--words", type=int, help="summary length in words")
    p.add_argument("--no-translate", action="store_true", help="keep each brief in its article's language")
    p.add_argument("--full-translation", action="store_true", help="append the full translation")
    add_run_options(p)


def add_batch(sub: Any) -> None:
    from desk.core.summary.summarize import ALGORITHMS

    batch = sub.add_parser("batch", help="translate, summarize or brief whole archives (resumable; --cluster)")
    bsub = batch.add_subparsers(dest="batch_command", metavar="TASK")
    batch.set_defaults(func=lambda _args: batch.print_help() or 2)
    inputs_help = "folders, documents, feed dumps, or archives (.jsonl .csv .parquet)"

    p = bsub.add_parser("translate", help="every sentence of every article, with origin and QA flags")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help=inputs_help)
    p.add_argument("--to", choices=LANGS, required=True)
    p.add_argument("--out", required=True, metavar="DIR", help="output folder: translations.jsonl")
    p.add_argument("--model", help="installed model id (default: the one for the direction)")
    p.add_argument("--no-memory", action="store_true", help="do not take exact matches from the translation memory")
    add_run_options(p)
    p.set_defaults(func=cmd_batch)

    p = bsub.add_parser("summarize", help="summary picks (sentence ids) of every article")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help=inputs_help)
    p.add_argument("--to", choices=LANGS, help="summarize the translation into this language "
                                               "(default: each article in its own language)")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder: summaries.jsonl")
    p.add_argument("--algorithm", choices=sorted(ALGORITHMS), help="default: from the settings")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--sentences", type=int)
    g.add_argument("--words", type=int)
    g.add_argument("--ratio", type=float, help="share of the sentences, e.g. 0.3")
    p.add_argument("--model", help="installed model id for --to")
    p.add_argument("--no-memory", action="store_true")
    add_run_options(p)
    p.set_defaults(func=cmd_batch)

    p = bsub.add_parser("brief", help="one brief file per article (as desk brief)")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help=inputs_help)
    add_brief_options(p)
    p.set_defaults(func=cmd_batch)


# The commands this module adds: name → function that adds its parser.
COMMANDS: dict[str, Callable[[Any], None]] = {
    "batch": add_batch,
}
