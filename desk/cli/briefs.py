"""desk brief: one brief per article of files, folders, feeds and archives (resumable).

The same run as ``desk batch brief`` (see :mod:`desk.cli.batch`), on this machine or, with
``--cluster``, on a Ray cluster; ``--one-file`` writes one brief of all the articles instead.
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desk.cli.batch import add_brief_options, cmd_brief_batch
from desk.cli.common import progress_line
from desk.core.errors import DeskError

if TYPE_CHECKING:
    from desk.core.brief.compose import Brief
    from desk.core.model import Article, Translation


def cmd_brief(args: argparse.Namespace) -> int:
    if not args.one_file:
        args.format = args.format or "md"
        return cmd_brief_batch(args)
    return _one_file(args)


def _one_file(args: argparse.Namespace) -> int:
    """``--one-file``: every article in one brief written to ``--out`` (format from its suffix)."""
    from desk.core.application import Application
    from desk.core.batch.runner import BatchOptions, collect_articles
    from desk.core.brief.collection import brief_articles, export_collection
    from desk.core.brief.writers import format_for_path
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
    options = BatchOptions(target_lang=args.to, fmt=args.format or "md", algorithm=args.algorithm, length=length,
                           translate=not args.no_translate, include_translation=args.full_translation)
    app = Application()
    translator = None
    needing = [a.lang for a in articles if options.needs_translation(a)]
    if needing:
        try:
            app.check_directions(needing, args.to)
        except ModelError as err:
            raise ModelError(f"{err} Or pass --no-translate to write the briefs in the original language.") from None
        translator = app.translator(args.to)
    out = Path(args.out)
    fmt = format_for_path(out, args.format) if out.suffix else (args.format or "md")

    def make_brief(article: Article, translation: Translation | None, summary_lang: str | None) -> Brief:
        return app.brief(article, translation, algorithm=options.algorithm, length=options.length,
                         summary_lang=summary_lang, include_translation=options.include_translation)

    job = brief_articles(articles, args.to, make_brief, translator if options.translate else None)
    collection = run_job(job, None if args.quiet else progress_line)
    written = export_collection(collection, out, fmt)
    print(f"1 brief of {len(collection.briefs)} article(s) written → {written}", file=sys.stderr)
    return 0


def add_brief(sub: Any) -> None:
    p = sub.add_parser("brief", help="write one brief per article of files, folders and feeds (resumable)")
    p.add_argument("inputs", nargs="+", metavar="FOLDER_OR_FEED")
    add_brief_options(p, one_file=True)
    p.set_defaults(func=cmd_brief)


# The commands this module adds: name → function that adds its parser.
COMMANDS: dict[str, Callable[[Any], None]] = {
    "brief": add_brief,
}
