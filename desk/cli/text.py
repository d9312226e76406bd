"""desk articles, desk sentences, desk summarize: reading and summarizing files."""
from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desk.cli.common import add_password, emit, password_of
from desk.core.errors import DeskError


def cmd_articles(args: argparse.Namespace) -> int:
    from desk.core.text.articles import load_articles

    articles = load_articles(Path(args.file), password=password_of(args))
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

    emit(args, data, human)
    return 0


def cmd_sentences(args: argparse.Namespace) -> int:
    from desk.core.text.articles import file_sentences, load_articles

    if args.article is not None:  # one article as cleaned, with the ids other commands use
        articles = load_articles(Path(args.file), password=password_of(args))
        if not 0 <= args.article < len(articles):
            raise DeskError(f"{args.file} has {len(articles)} article(s); --article {args.article} does not exist")
        rows = [{"id": s.id, "text": s.text} for s in articles[args.article].all_sentences()]
        emit(args, rows, lambda xs: "\n".join(f"{r['id']}\t{r['text']}" for r in xs))
        return 0
    sentences = file_sentences(Path(args.file), lang=None if args.lang == "auto" else args.lang,
                               password=password_of(args))
    emit(args, sentences, lambda xs: "\n".join(xs))
    return 0


def cmd_summarize(args: argparse.Namespace) -> int:
    from desk.core.model import LengthRule
    from desk.core.summary.summarize import summarize_article
    from desk.core.text.articles import load_articles

    articles = load_articles(Path(args.file), password=password_of(args))
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
    emit(args, data, lambda d: "\n".join(f"[{s['index']}] {s['text']}" for s in d["sentences"]))
    return 0


# --- parser ------------------------------------------------------------------------------------


def add_articles(sub: Any) -> None:
    p = sub.add_parser("articles", help="split a file into clean articles")
    p.add_argument("file")
    add_password(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_articles)


def add_sentences(sub: Any) -> None:
    p = sub.add_parser("sentences", help="the sentences of a file, in order")
    p.add_argument("file")
    p.add_argument("--lang", choices=["auto", "ar", "en"], default="auto")
    p.add_argument("--article", type=int, metavar="K",
                   help="only article K (0-based) as cleaned, each sentence with its id (t0, c0, p0s0…)")
    add_password(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_sentences)


def add_summarize(sub: Any) -> None:
    from desk.core.summary.summarize import ALGORITHMS

    p = sub.add_parser("summarize", help="extractive summary of one article")
    p.add_argument("file")
    p.add_argument("--algorithm", default="lexrank", choices=sorted(ALGORITHMS))
    g = p.add_mutually_exclusive_group()
    g.add_argument("--sentences", type=int)
    g.add_argument("--ratio", type=float)
    g.add_argument("--words", type=int)
    p.add_argument("--lang", choices=["auto", "ar", "en"], default="auto")
    p.add_argument("--article", type=int, default=0, help="which article of a feed (0-based)")
    add_password(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_summarize)


# The commands this module adds: name → function that adds its parser.
COMMANDS: dict[str, Callable[[Any], None]] = {
    "articles": add_articles,
    "sentences": add_sentences,
    "summarize": add_summarize,
}
