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
    _add_editor_commands(sub)
    return parser


def _add_mt_commands(sub: Any) -> None:
    """Registered by the translation engine work (desk models …, desk translate …)."""


# --- editors: brief (batch) and compare ----------------------------------------------------------


def _progress_line(progress: Any) -> None:
    """One updating line on stderr: [ 3/10]  30% title."""
    width = 24
    filled = int(width * progress.fraction)
    title = (progress.message or "")[:50]
    end = "\n" if progress.done >= progress.total else ""
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {progress.done}/{progress.total} {title:<50}{end}")
    sys.stderr.flush()


def cmd_brief(args: argparse.Namespace) -> int:
    from desk.core.batch import BatchOptions, check_models, collect_articles, model_translator, run_batch
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
        try:
            check_models(needing, args.to)
        except ModelError as err:
            raise ModelError(f"{err} Or pass --no-translate to write the briefs in the original language.") from None
        translator = model_translator(args.to)
    out = Path(args.out)
    done = 0

    def on_progress(progress: Any) -> None:
        nonlocal done
        done = progress.done
        if not args.quiet:
            _progress_line(progress)

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


def _pick_article(path: str, index: int) -> Any:
    from desk.core.articles import load_articles

    articles = load_articles(Path(path))
    if not 0 <= index < len(articles):
        raise DeskError(f"{path} has {len(articles)} article(s); article {index} does not exist")
    return articles[index]


def _diff_markup(diff: list) -> str:
    marks = {"equal": "{}", "delete": "[-{}-]", "insert": "{{+{}+}}"}
    return "".join(marks[op].format(text) for op, text in diff)


def _human_comparison(data: dict) -> str:
    lines = [f"mode: {data['mode']}  " + "  ".join(f"{k}: {v}" for k, v in data["counts"].items())]
    for p in data["pairs"]:
        a, b = p["a"], p["b"]
        if p["op"] == "equal":
            lines.append(f"  = {b['text']}")
        elif p["op"] == "added":
            lines.append(f"  + {b['text']}")
        elif p["op"] == "removed":
            lines.append(f"  - {a['text']}")
        else:
            sign = ">" if p["op"] == "moved" else "~"
            where = f"A{a['index']}→B{b['index']} " if p["op"] == "moved" else ""
            text = _diff_markup(p["diff"]) if p["diff"] else b["text"]
            lines.append(f"  {sign} {where}{text}")
    return "\n".join(lines)


def cmd_compare(args: argparse.Namespace) -> int:
    from desk.core.compare import compare_articles, pick_translation

    a = _pick_article(args.a, args.article_a)
    b = _pick_article(args.b, args.article_b)
    translate, side = (None, "a") if a.lang == b.lang else pick_translation(a.lang, b.lang)
    comparison = compare_articles(a, b, translate, translate_side=side)
    _emit(args, comparison.to_json(), _human_comparison)
    return 0


def _add_editor_commands(sub: Any) -> None:
    """desk brief … (batch briefs) and desk compare … (two versions of a story)."""
    from desk.core.export import FORMATS
    from desk.core.summarize import ALGORITHMS

    p = sub.add_parser("brief", help="write one brief per article of files, folders and feeds (resumable)")
    p.add_argument("inputs", nargs="+", metavar="FOLDER_OR_FEED")
    p.add_argument("--to", choices=["ar", "en"], default="en", help="language of the briefs (default en)")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder (also holds the resume state)")
    p.add_argument("--format", choices=list(FORMATS), default="md")
    p.add_argument("--algorithm", default="lexrank", choices=sorted(ALGORITHMS))
    g = p.add_mutually_exclusive_group()
    g.add_argument("--sentences", type=int, help="summary length in sentences (default 3)")
    g.add_argument("--words", type=int, help="summary length in words")
    p.add_argument("--no-translate", action="store_true", help="keep each brief in its article's language")
    p.add_argument("--full-translation", action="store_true", help="append the full translation")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_brief)

    p = sub.add_parser("compare", help="align two versions of a story (same or other language)")
    p.add_argument("a", metavar="A")
    p.add_argument("b", metavar="B")
    p.add_argument("--article-a", type=int, default=0, metavar="K", help="which article of A (0-based)")
    p.add_argument("--article-b", type=int, default=0, metavar="K", help="which article of B (0-based)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_compare)


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
