"""desk brief: one brief per article of files, folders and feeds (resumable)."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desk.cli.common import progress_line
from desk.core.errors import DeskError

if TYPE_CHECKING:
    from desk.core.batch.runner import BatchOptions, Translator
    from desk.core.brief.compose import Brief
    from desk.core.model import Article, Translation


def cmd_brief(args: argparse.Namespace) -> int:
    args.format_given = args.format is not None
    args.format = args.format or "md"
    from desk.core.application import Application
    from desk.core.batch.runner import BatchOptions, collect_articles, run_batch
    from desk.core.errors import ModelError
    from desk.core.jobs import run_job
    from desk.core.model import LengthRule

    articles, problems = collect_articles([Path(p) for p in args.inputs])
    for path, reason in problems:
        print(f"desk: skipping {path}: {reason}", file=sys.stderr)
    if not articles:
        raise DeskError("No articles found in " + ", ".join(args.inputs))
    length = LengthRule(sentences=args.sentences, words=args.words)
    if length.sentences is None and length.words is None:
        length.sentences = 3
    options = BatchOptions(
        target_lang=args.to, fmt=args.format, algorithm=args.algorithm, length=length,
        translate=not args.no_translate, include_translation=args.full_translation,
    )
    translator = None
    needing = [a.lang for a in articles if options.needs_translation(a)]
    if needing:
        app = Application()
        try:
            app.check_directions(needing, args.to)
        except ModelError as err:
            raise ModelError(f"{err} Or pass --no-translate to write the briefs in the original language.") from None
        translator = app.translator(args.to)
    out = Path(args.out)
    if args.one_file:
        return _one_file(args, articles, options, translator, out)
    done = 0

    def on_progress(progress: Any) -> None:
        nonlocal done
        done = progress.done
        if not args.quiet:
            progress_line(progress)

    try:
        result = run_job(run_batch(articles, out, options, translator), on_progress)
    except KeyboardInterrupt:
        print(f"\ndesk: interrupted after {done} of {len(articles)}; run the same command again to resume",
              file=sys.stderr)
        return 130
    for item in result.failed:
        print(f"desk: failed: {item.title}: {item.error}", file=sys.stderr)
    print(
        f"{len(result.done)} brief(s) written, {len(result.skipped)} already done, "
        f"{len(result.failed)} failed → {out}",
        file=sys.stderr,
    )
    return 1 if result.failed else 0


def _one_file(args: argparse.Namespace, articles: list[Article], options: BatchOptions,
              translator: Translator | None, out: Path) -> int:
    """``--one-file``: every article in one brief written to ``out`` (format from its suffix)."""
    from desk.core.application import Application
    from desk.core.brief.collection import brief_articles, export_collection
    from desk.core.brief.writers import format_for_path
    from desk.core.jobs import run_job

    fmt = format_for_path(out, args.format if args.format_given else None) if out.suffix else args.format
    app = Application()

    def make_brief(article: Article, translation: Translation | None, summary_lang: str | None) -> Brief:
        return app.brief(article, translation, algorithm=options.algorithm, length=options.length,
                         summary_lang=summary_lang, include_translation=options.include_translation)

    job = brief_articles(articles, args.to, make_brief, translator if options.translate else None)
    collection = run_job(job, None if args.quiet else progress_line)
    written = export_collection(collection, out, fmt)
    print(f"1 brief of {len(collection.briefs)} article(s) written → {written}", file=sys.stderr)
    return 0


def add_brief(sub: Any) -> None:
    from desk.core.brief.writers import formats
    from desk.core.summary.summarize import ALGORITHMS

    p = sub.add_parser("brief", help="write one brief per article of files, folders and feeds (resumable)")
    p.add_argument("inputs", nargs="+", metavar="FOLDER_OR_FEED")
    p.add_argument("--to", choices=["ar", "en"], default="en", help="language of the briefs (default en)")
    p.add_argument("--out", required=True, metavar="DIR",
                   help="output folder (also holds the resume state); with --one-file, the file to write")
    p.add_argument("--format", choices=list(formats()), default=None,
                   help="file format (default md; with --one-file, the suffix of --out decides)")
    p.add_argument("--one-file", action="store_true", help="one brief of all the articles, written to --out")
    p.add_argument("--algorithm", default="lexrank", choices=sorted(ALGORITHMS))
    g = p.add_mutually_exclusive_group()
    g.add_argument("--sentences", type=int, help="summary length in sentences (default 3)")
    g.add_argument("--words", type=int, help="summary length in words")
    p.add_argument("--no-translate", action="store_true", help="keep each brief in its article's language")
    p.add_argument("--full-translation", action="store_true", help="append the full translation")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_brief)


# The commands this module adds: name → function that adds its parser.
COMMANDS: dict[str, Callable[[Any], None]] = {
    "brief": add_brief,
}
