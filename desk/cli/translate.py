"""desk translate: the articles of a file through the installed models."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, Callable

from desk.cli.common import emit, progress_line
from desk.core.errors import DeskError


def cmd_translate(args: argparse.Namespace) -> int:
    from desk.core.jobs import run_job
    from desk.core.mt.engine import get_engine
    from desk.core.mt.info import EngineSettings
    from desk.core.mt.pipeline import translate_article
    from desk.core.mt.store import ModelStore
    from desk.core.text.articles import load_articles

    articles = load_articles(Path(args.file))
    if not args.all and not 0 <= args.article < len(articles):
        raise DeskError(f"{args.file} has {len(articles)} article(s); --article {args.article} does not exist")
    if args.beam is not None and args.beam < 1:
        raise DeskError("--beam must be 1 or more")
    settings = EngineSettings() if args.beam is None else EngineSettings(beam_size=args.beam)
    store = ModelStore()
    results = []
    for article in articles if args.all else [articles[args.article]]:
        src = article.lang if args.source_lang == "auto" else args.source_lang
        if src == args.target_lang:
            raise DeskError(f"'{article.title or args.file}' is already in {src}; choose another --to")
        infos = [store.resolve(args.model, src, args.target_lang)] if args.model else store.route(src, args.target_lang)
        engines = [get_engine(info, settings) for info in infos]
        show = progress_line if sys.stderr.isatty() else None
        translation = run_job(translate_article(article, engines, target_lang=args.target_lang), show)

        def pair(sentence: Any) -> dict[str, str]:
            target = translation.targets.get(sentence.id)
            return {"source": sentence.text, "target": target.text if target else ""}

        results.append({
            "source_lang": src,
            "target_lang": args.target_lang,
            "model": translation.model_id,
            "title": pair(article.title_sentence) if article.title_sentence else None,
            "captions": [pair(c) for c in article.caption_sentences],
            "paragraphs": [[pair(s) for s in p.sentences] for p in article.paragraphs],
        })

    def human(items: list[dict]) -> str:
        blocks = []
        for item in items:
            lines = [item["title"]["target"]] if item["title"] else []
            lines += [f"[{c['target']}]" for c in item["captions"]]
            lines += [" ".join(pair["target"] for pair in para) for para in item["paragraphs"]]
            blocks.append("\n\n".join(lines))
        return "\n\n----\n\n".join(blocks)

    emit(args, results if args.all else results[0], lambda data: human(data if args.all else [data]))
    return 0


# --- editors: brief (batch) and compare ----------------------------------------------------------


def add_translate(sub: Any) -> None:
    p = sub.add_parser("translate", help="translate the articles of a file with an installed model")
    p.add_argument("file")
    p.add_argument("--from", dest="source_lang", choices=["auto", "ar", "en"], default="auto")
    p.add_argument("--to", dest="target_lang", choices=["ar", "en"], required=True)
    p.add_argument("--model", help="installed model id (default: the best installed one for the direction)")
    p.add_argument("--beam", type=int, help="beam size (1 = greedy; default from settings)")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--article", type=int, default=0, help="which article of a feed (0-based)")
    g.add_argument("--all", action="store_true", help="translate every article of the file")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_translate)


# The commands this module adds: name → function that adds its parser.
COMMANDS: dict[str, Callable[[Any], None]] = {
    "translate": add_translate,
}
