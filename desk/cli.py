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
    from desk.core.text.articles import load_articles

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
    from desk.core.text.articles import file_sentences

    sentences = file_sentences(Path(args.file), lang=None if args.lang == "auto" else args.lang)
    _emit(args, sentences, lambda xs: "\n".join(xs))
    return 0


def cmd_summarize(args: argparse.Namespace) -> int:
    from desk.core.text.articles import load_articles
    from desk.core.model import LengthRule
    from desk.core.summary.summarize import summarize_article

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
    from desk.core.summary.summarize import ALGORITHMS

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
    _add_translator_commands(sub)
    return parser


def _add_mt_commands(sub: Any) -> None:
    """Registered by the translation engine work (desk models …, desk translate …)."""
    _add_models_commands(sub)

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


def cmd_translate(args: argparse.Namespace) -> int:
    from desk.core.text.articles import load_articles
    from desk.core.jobs import run_job
    from desk.core.mt.engine import get_engine
    from desk.core.mt.info import EngineSettings
    from desk.core.mt.pipeline import translate_article
    from desk.core.mt.store import ModelStore

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
        show = _progress_line if sys.stderr.isatty() else None
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

    _emit(args, results if args.all else results[0], lambda data: human(data if args.all else [data]))
    return 0


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
    from desk.core.batch.runner import BatchOptions, check_models, collect_articles, model_translator, run_batch
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
    from desk.core.text.articles import load_articles

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
    from desk.core.compare.versions import compare_articles, pick_translation

    a = _pick_article(args.a, args.article_a)
    b = _pick_article(args.b, args.article_b)
    translate, side = (None, "a") if a.lang == b.lang else pick_translation(a.lang, b.lang)
    comparison = compare_articles(a, b, translate, translate_side=side)
    _emit(args, comparison.to_json(), _human_comparison)
    return 0


def _add_editor_commands(sub: Any) -> None:
    """desk brief … (batch briefs) and desk compare … (two versions of a story)."""
    from desk.core.brief.export import FORMATS
    from desk.core.summary.summarize import ALGORITHMS

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


# --- models (install, list, remove, download, catalog) ---------------------------------------


def _progress_printer() -> Callable[[Any], None]:
    """Progress lines on stderr: one per phase, and every 10 % of a known total."""
    last: dict[str, Any] = {"message": None, "step": -1}

    def show(progress: Any) -> None:
        step = int(progress.fraction * 10) if progress.total > 0 else -1
        if progress.message == last["message"] and step == last["step"]:
            return
        last.update(message=progress.message, step=step)
        if progress.total > 0:
            print(f"{progress.message}: {progress.done:,} / {progress.total:,} bytes ({progress.fraction:.0%})", file=sys.stderr)
        else:
            print(progress.message, file=sys.stderr)

    return show


def _model_line(info: Any) -> str:
    pair = f"{info.source_lang}->{info.target_lang}"
    return f"{info.id:28} {pair:10} {info.format:12} {info.size_bytes / 1e6:8.1f} MB  {info.name}"


def cmd_models_list(args: argparse.Namespace) -> int:
    from desk.core.mt.store import ModelStore

    infos = ModelStore().list()
    _emit(args, [i.to_json() for i in infos], lambda _: "\n".join(map(_model_line, infos)) or "No models installed.")
    return 0


def cmd_models_install(args: argparse.Namespace) -> int:
    from desk.core.jobs import run_job
    from desk.core.mt.store import ModelStore

    job = ModelStore().install_job(Path(args.path), args.source_lang, args.target_lang, replace=args.replace)
    info = run_job(job, _progress_printer())
    print(f"Installed {info.id} ({info.source_lang}->{info.target_lang}, {info.format}) in {info.path}")
    return 0


def cmd_models_remove(args: argparse.Namespace) -> int:
    from desk.core.mt.store import ModelStore

    ModelStore().remove(args.id)
    print(f"Removed {args.id}")
    return 0


def cmd_models_download(args: argparse.Namespace) -> int:
    from desk.core.jobs import run_job
    from desk.core.mt.download import catalog_entry, download_job
    from desk.core.mt.store import ModelStore

    entry = catalog_entry(args.id)
    info = run_job(download_job(entry, ModelStore(), url_override=args.url, replace=args.replace), _progress_printer())
    print(f"Installed {info.id} ({info.source_lang}->{info.target_lang}, {info.format}) in {info.path}")
    return 0


def cmd_models_catalog(args: argparse.Namespace) -> int:
    from desk.core.mt.download import load_catalog
    from desk.core.mt.store import ModelStore

    installed = {i.id for i in ModelStore().list()}
    data = [dict(e.to_json(), installed=e.id in installed) for e in load_catalog()]

    def human(items: list[dict]) -> str:
        return "\n".join(
            f"{'*' if d['installed'] else ' '} {d['id']:20} {d['source_lang']}->{d['target_lang']}  {d['format']:12} {d['name']}"
            for d in items
        )

    _emit(args, data, human)
    return 0


def _add_models_commands(sub: Any) -> None:
    models = sub.add_parser("models", help="install, list, remove and download translation models")
    msub = models.add_subparsers(dest="models_command", metavar="ACTION")
    models.set_defaults(func=lambda _args: models.print_help() or 2)

    p = msub.add_parser("list", help="installed models")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_models_list)

    p = msub.add_parser("install", help="install a model package (file or folder)")
    p.add_argument("path", help=".argosmodel, OPUS-MT zip/folder or CTranslate2 folder")
    p.add_argument("--from", dest="source_lang", help="source language, for packages that do not say")
    p.add_argument("--to", dest="target_lang", help="target language, for packages that do not say")
    p.add_argument("--replace", action="store_true", help="replace an installed model with the same id")
    p.set_defaults(func=cmd_models_install)

    p = msub.add_parser("remove", help="remove an installed model")
    p.add_argument("id")
    p.set_defaults(func=cmd_models_remove)

    p = msub.add_parser("download", help="download and install a model from the catalog")
    p.add_argument("id")
    p.add_argument("--url", help="download from this address instead (a mirror of the same file)")
    p.add_argument("--replace", action="store_true", help="replace an installed model with the same id")
    p.set_defaults(func=cmd_models_download)

    p = msub.add_parser("catalog", help="models known to the catalog (* = installed)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_models_catalog)


# --- translators: translation memory, glossary, QA ----------------------------------------------


def _import_pairs(args: argparse.Namespace, store: Any, importer: Callable[..., Any],
                  pairs: str, where: str) -> int:
    """Import ``args.file`` into ``store`` (a memory or glossary, closed afterwards) and say what happened."""
    with store:
        result = importer(store, Path(args.file), args.source, args.target)
        total = len(store)
    print(f"Imported {args.file}: {result.added} new {pairs}, {result.updated} already known, "
          f"{result.skipped} skipped; the {where} holds {total}.")
    return 0


def cmd_tm_import(args: argparse.Namespace) -> int:
    from desk.core.workbench.memory import TranslationMemory
    from desk.core.workbench.tmx import import_tmx

    return _import_pairs(args, TranslationMemory(), import_tmx, "pair(s)", "memory")


def cmd_tm_export(args: argparse.Namespace) -> int:
    from desk.core.workbench.memory import TranslationMemory
    from desk.core.workbench.tmx import export_memory

    with TranslationMemory() as memory:
        n = export_memory(memory, Path(args.out), xliff_version=args.xliff_version,
                          source_lang=args.source, target_lang=args.target)
    print(f"Wrote {n} pair(s) to {args.out}")
    return 0


def cmd_tm_stats(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from desk.core.workbench.memory import TranslationMemory

    with TranslationMemory() as memory:
        stats = asdict(memory.stats())

    def human(d: dict) -> str:
        lines = [f"{d['entries']} pair(s) in {d['path']}"]
        lines += [f"  {direction}: {n}" for direction, n in d["directions"].items()]
        lines += [f"  origin {origin}: {n}" for origin, n in d["origins"].items()]
        if d["last_updated"]:
            lines.append(f"  last change: {d['last_updated']}")
        return "\n".join(lines)

    _emit(args, stats, human)
    return 0


def cmd_glossary_import(args: argparse.Namespace) -> int:
    from desk.core.workbench.glossary import Glossary, import_file

    return _import_pairs(args, Glossary(), import_file, "term pair(s)", "glossary")


def cmd_glossary_export(args: argparse.Namespace) -> int:
    from desk.core.workbench.glossary import Glossary, export_file

    with Glossary() as glossary:
        n = export_file(glossary, Path(args.out))
    print(f"Wrote {n} term pair(s) to {args.out}")
    return 0


def cmd_glossary_list(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from desk.core.workbench.glossary import Glossary

    with Glossary() as glossary:
        terms = [asdict(t) for t in glossary.terms()]
    _emit(args, terms, lambda ts: "\n".join(
        f"{t['source_term']} ({t['source_lang']}) → {t['target_term']} ({t['target_lang']})"
        + (f"  [{t['note']}]" if t["note"] else "") for t in ts) or "The glossary is empty.")
    return 0


def _read_lines(path: str) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise DeskError(f"Cannot read {path} as UTF-8 text: {err}") from err


def cmd_qa(args: argparse.Namespace) -> int:
    from desk.core.workbench.glossary import Glossary
    from desk.core.text.langid import detect_lang
    from desk.core.workbench.qa import find_issues

    sources, targets = _read_lines(args.source_file), _read_lines(args.target_file)
    if len(sources) != len(targets):
        raise DeskError(f"{args.source_file} has {len(sources)} lines but {args.target_file} has {len(targets)}; "
                        "the files must be aligned line by line.")
    src = args.source_lang or detect_lang(" ".join(sources[:50]))
    tgt = args.target_lang or ("en" if src == "ar" else "ar")
    glossary = Glossary() if args.glossary else None
    try:
        rows = []
        for n, (s, t) in enumerate(zip(sources, targets), start=1):
            if not s.strip() and not t.strip():
                continue
            issues = find_issues(s, t, src, tgt, glossary)
            if issues:
                rows.append({"line": n, "source": s, "target": t,
                             "flags": list(dict.fromkeys(i.code for i in issues)),
                             "issues": [i.message for i in issues]})
    finally:
        if glossary is not None:
            glossary.close()
    data = {"source_lang": src, "target_lang": tgt, "lines": len(sources), "flagged": rows}

    def human(d: dict) -> str:
        out = [f"line {r['line']}: {'; '.join(r['issues'])}" for r in d["flagged"]]
        out.append(f"{len(d['flagged'])} of {d['lines']} line(s) flagged ({d['source_lang']}→{d['target_lang']}).")
        return "\n".join(out)

    _emit(args, data, human)
    return 0


def _add_translator_commands(sub: Any) -> None:
    """desk tm …, desk glossary …, desk qa (translators working offline)."""
    langs = ["ar", "en"]
    tm = sub.add_parser("tm", help="the translation memory: import/export TMX, export XLIFF, stats")
    tm_sub = tm.add_subparsers(dest="tm_command", metavar="ACTION", required=True)
    p = tm_sub.add_parser("import", help="add the pairs of a TMX file to the memory")
    p.add_argument("file")
    p.add_argument("--source", choices=langs, help="only this source language (default: every pair in the file)")
    p.add_argument("--target", choices=langs)
    p.set_defaults(func=cmd_tm_import)
    p = tm_sub.add_parser("export", help="write the memory as OUT.tmx, OUT.xlf or OUT.xliff")
    p.add_argument("out")
    p.add_argument("--xliff-version", choices=["2.0", "1.2"], default="2.0")
    p.add_argument("--source", choices=langs, help="one direction only (XLIFF needs one when the memory has two)")
    p.add_argument("--target", choices=langs)
    p.set_defaults(func=cmd_tm_export)
    p = tm_sub.add_parser("stats", help="how many pairs the memory holds, by direction and origin")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_tm_stats)

    gl = sub.add_parser("glossary", help="term pairs the translation must respect: import/export CSV or TBX")
    gl_sub = gl.add_subparsers(dest="glossary_command", metavar="ACTION", required=True)
    p = gl_sub.add_parser("import", help="add the terms of a .csv or .tbx file")
    p.add_argument("file")
    p.add_argument("--source", choices=langs, help="language of the first column / source terms")
    p.add_argument("--target", choices=langs)
    p.set_defaults(func=cmd_glossary_import)
    p = gl_sub.add_parser("export", help="write the glossary as OUT.csv or OUT.tbx")
    p.add_argument("out")
    p.set_defaults(func=cmd_glossary_export)
    p = gl_sub.add_parser("list", help="show the term pairs")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_glossary_list)

    p = sub.add_parser("qa", help="quality checks on two files aligned line by line (source, translation)",
                       description="Quality checks (numbers, dates, names, untranslated, loops, empty, glossary) "
                                   "on a source file and its translation, aligned line by line.")
    p.add_argument("source_file")
    p.add_argument("target_file")
    p.add_argument("--source-lang", choices=langs, help="default: detected")
    p.add_argument("--target-lang", choices=langs, help="default: the other language")
    p.add_argument("--glossary", action="store_true", help="also check the glossary's terms")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_qa)


# --- entry point -----------------------------------------------------------------------------

def _is_cli(argv: Sequence[str]) -> bool:
    commands = {"articles", "sentences", "summarize", "models", "translate", "brief", "compare", "tm", "glossary", "qa"}
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
    except BrokenPipeError:
        # Output piped into e.g. `head`, which closed early: not an error worth a traceback.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except OSError as err:
        # The system refused something (data folder not creatable, disk full, permissions):
        # one line naming the reason and the path, as for our own errors.
        reason = err.strerror or str(err)
        print(f"desk: {reason}: {err.filename}" if err.filename else f"desk: {reason}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
