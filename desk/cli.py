"""The command line: a thin layer over desk.core.

``desk`` alone (or ``desk FILE``) starts the GUI; ``desk SUBCOMMAND ...`` runs the CLI.
Errors a user can cause print one line on stderr and exit with status 1.
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Any, Callable, Sequence

from desk import __version__
from desk.core.errors import DeskError

log = logging.getLogger(__name__)

Handler = Callable[[argparse.Namespace], int]


def _emit(args: argparse.Namespace, data: Any, human: Callable[[Any], str]) -> None:
    if getattr(args, "json", False):
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(human(data))
        if not human(data).endswith("\n"):
            sys.stdout.write("\n")


# --- articles / sentences / summarize -------------------------------------------------------


def cmd_articles(args: argparse.Namespace) -> int:
    from desk.core.articles import load_articles

    articles = load_articles(Path(args.file))
    data = [
        {
            "id": a.id,
            "title": a.title,
            "lang": a.lang,
            "captions": list(a.captions),
            "paragraphs": [[s.text for s in p.sentences] for p in a.paragraphs],
        }
        for a in articles
    ]

    def human(items: list[dict]) -> str:
        out = []
        for i, a in enumerate(items):
            out.append(f"[{i}] {a['title']}  ({a['lang']}, {len(a['paragraphs'])} paragraphs)")
            for c in a["captions"]:
                out.append(f"    caption: {c}")
        return "\n".join(out)

    _emit(args, data, human)
    return 0


def cmd_sentences(args: argparse.Namespace) -> int:
    from desk.core.articles import file_sentences

    sentences = file_sentences(Path(args.file), lang=None if args.lang == "auto" else args.lang)
    _emit(args, sentences, lambda xs: "\n".join(xs))
    return 0


def cmd_summarize(args: argparse.Namespace) -> int:
    from desk.core.articles import load_articles
    from desk.core.model import LengthRule
    from desk.core.summarize import summarize_article

    articles = load_articles(Path(args.file))
    if not 0 <= args.article < len(articles):
        raise DeskError(f"{args.file} has {len(articles)} article(s); --article {args.article} does not exist")
    article = articles[args.article]
    length = LengthRule(sentences=args.sentences, ratio=args.ratio, words=args.words)
    if length.sentences is None and length.ratio is None and length.words is None:
        length.sentences = 3
    summary = summarize_article(
        article, algorithm=args.algorithm, length=length, lang=None if args.lang == "auto" else args.lang
    )
    data = {
        "algorithm": summary.algorithm,
        "lang": summary.lang,
        "title": article.title,
        "sentences": [{"index": p.index, "id": p.sentence_id, "text": p.text, "score": p.score} for p in summary.picks],
    }
    _emit(args, data, lambda d: "\n".join(f"[{s['index']}] {s['text']}" for s in d["sentences"]))
    return 0


# --- parser ------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    from desk.core.summarize import ALGORITHMS

    parser = argparse.ArgumentParser(prog="desk", description="Offline Arabic/English news desk.")
    parser.add_argument("--version", action="version", version=f"desk {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log to stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("articles", help="split a file into clean articles")
    p.add_argument("file")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_articles)

    p = sub.add_parser("sentences", help="the sentences of a file, in order")
    p.add_argument("file")
    p.add_argument("--lang", choices=["auto", "ar", "en"], default="auto")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_sentences)

    p = sub.add_parser("summarize", help="extractive summary of one article")
    p.add_argument("file")
    p.add_argument("--algorithm", default="lexrank", choices=sorted(ALGORITHMS))
    g = p.add_mutually_exclusive_group()
    g.add_argument("--sentences", type=int)
    g.add_argument("--ratio", type=float)
    g.add_argument("--words", type=int)
    p.add_argument("--lang", choices=["auto", "ar", "en"], default="auto")
    p.add_argument("--article", type=int, default=0, help="which article of a feed (0-based)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_summarize)

    # MT_COMMANDS (models, translate) are registered below by _add_mt_commands.
    _add_mt_commands(sub)
    return parser


def _add_mt_commands(sub: Any) -> None:
    """Registered by the translation engine work (desk models …, desk translate …)."""


# --- entry point -----------------------------------------------------------------------------

def _is_cli(argv: Sequence[str]) -> bool:
    commands = {"articles", "sentences", "summarize", "models", "translate", "brief", "compare", "tm"}
    return bool(argv) and (argv[0] in commands or argv[0] in {"-h", "--help", "--version"})


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--self-check"]:
        from desk.selfcheck import run_self_check

        return run_self_check()
    if not _is_cli(argv):
        from desk.app import main as app_main  # GUI (imports Qt lazily)

        return app_main(argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return args.func(args)
    except DeskError as err:
        print(f"desk: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("desk: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
