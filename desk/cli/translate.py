"""desk translate: the articles of a file through the installed models, as the window does it
(the user's settings.ini, the translation memory, the glossary, the model chosen for the direction).

``--json`` gives every sentence as ``{"id", "source", "target", "origin", "flags", "confidence",
"alignment"}``: ``confidence`` is the model's (0-1, null for a memory match), ``alignment`` a
list of linked word pairs ``{"source": [start, end], "target": [start, end]}``, character spans
of the words in ``source`` and ``target`` (what the window highlights).
"""
from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Callable
from typing import Any

from desk.cli.common import add_password, emit, password_of, progress_line
from desk.core.errors import DeskError
from desk.core.model import Sentence, Target, Translation


def _pair(sentence: Sentence, translation: Translation) -> dict[str, Any]:
    """One sentence and its translation as ``--json`` gives it."""
    data = (translation.targets.get(sentence.id) or Target("")).to_json()
    return {"id": sentence.id, "source": sentence.text, "target": data.pop("text"), **data}


def cmd_translate(args: argparse.Namespace) -> int:
    from desk.core.application import Application, load_file

    articles = load_file(args.file, password=password_of(args))
    if not args.all and not 0 <= args.article < len(articles):
        raise DeskError(f"{args.file} has {len(articles)} article(s); --article {args.article} does not exist")
    if args.beam is not None and args.beam < 1:
        raise DeskError("--beam must be 1 or more")
    app = Application()
    if args.beam is not None:
        app.settings.engine = dataclasses.replace(app.settings.engine, beam_size=args.beam)
    results = []
    for article in articles if args.all else [articles[args.article]]:
        src = article.lang if args.source_lang == "auto" else args.source_lang
        if src == args.target_lang:
            raise DeskError(f"'{article.title or args.file}' is already in {src}; choose another --to")
        translation = app.translate(article, args.target_lang, source_lang=src, model_id=args.model,
                                    use_memory=not args.no_memory, use_glossary=not args.no_glossary,
                                    on_progress=progress_line if sys.stderr.isatty() else None)
        results.append({
            "source_lang": src,
            "target_lang": args.target_lang,
            "model": translation.model_id,
            "title": _pair(article.title_sentence, translation) if article.title_sentence else None,
            "captions": [_pair(c, translation) for c in article.caption_sentences],
            "paragraphs": [[_pair(s, translation) for s in p.sentences] for p in article.paragraphs],
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


def add_translate(sub: Any) -> None:
    p = sub.add_parser("translate", help="translate the articles of a file with an installed model",
                       description="Translate through the installed models with the settings of settings.ini "
                                   "(flags override them); sentences found in the translation memory take "
                                   "the memory's translation.")
    p.add_argument("file")
    p.add_argument("--from", dest="source_lang", choices=["auto", "ar", "en"], default="auto")
    p.add_argument("--to", dest="target_lang", choices=["ar", "en"], required=True)
    p.add_argument("--model",
                   help="installed model id (default: the one chosen in the window, else the best installed)")
    p.add_argument("--beam", type=int, help="beam size (1 = greedy; default from settings)")
    p.add_argument("--no-memory", action="store_true", help="translate every sentence with the model")
    p.add_argument("--no-glossary", action="store_true", help="do not apply the glossary's terms to the output")
    add_password(p)
    g = p.add_mutually_exclusive_group()
    g.add_argument("--article", type=int, default=0, help="which article of a feed (0-based)")
    g.add_argument("--all", action="store_true", help="translate every article of the file")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_translate)


# The commands this module adds: name → function that adds its parser.
COMMANDS: dict[str, Callable[[Any], None]] = {
    "translate": add_translate,
}
