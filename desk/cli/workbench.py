"""desk tm …, desk glossary …, desk qa: the translator's memory, glossary and checks."""
from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desk.cli.common import emit
from desk.core.errors import DeskError


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

    emit(args, stats, human)
    return 0


def cmd_tm_check(args: argparse.Namespace) -> int:
    """Whether a memory file is sound (SQLite's integrity check, read-only): exit 0, else 1."""
    from desk.core.paths import data_dir
    from desk.core.workbench.memory import MEMORY_FILE, RECOVER, TranslationMemory
    from desk.core.workbench.sqlitedb import check_file

    path = Path(args.file) if args.file else data_dir() / MEMORY_FILE
    if not path.is_file():
        raise DeskError(f"There is no translation memory at {path}")
    problems = check_file(path)
    entries = None
    if not problems:
        with TranslationMemory(path) as memory:
            entries = len(memory)
    report = {"path": str(path), "sound": not problems, "entries": entries, "problems": problems}
    if problems and not args.json:
        more = f" and {len(problems) - 2} more" if len(problems) > 2 else ""
        raise DeskError(f"The translation memory {path} is damaged ({'; '.join(problems[:2])}{more}). {RECOVER}")
    emit(args, report, lambda r: f"{r['path']} is sound: {r['entries']} pair(s).")
    return 0 if not problems else 1


def cmd_glossary_import(args: argparse.Namespace) -> int:
    from desk.core.workbench.glossary import Glossary
    from desk.core.workbench.glossary_io import import_file

    return _import_pairs(args, Glossary(), import_file, "term pair(s)", "glossary")


def cmd_glossary_export(args: argparse.Namespace) -> int:
    from desk.core.workbench.glossary import Glossary
    from desk.core.workbench.glossary_io import export_file

    with Glossary() as glossary:
        n = export_file(glossary, Path(args.out))
    print(f"Wrote {n} term pair(s) to {args.out}")
    return 0


def cmd_glossary_list(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from desk.core.workbench.glossary import Glossary

    with Glossary() as glossary:
        terms = [asdict(t) for t in glossary.terms()]
    emit(args, terms, lambda ts: "\n".join(
        f"{t['source_term']} ({t['source_lang']}) → {t['target_term']} ({t['target_lang']})"
        + (f"  [{t['note']}]" if t["note"] else "") for t in ts) or "The glossary is empty.")
    return 0


def _read_lines(path: str) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise DeskError(f"Cannot read {path} as UTF-8 text: {err}") from err


def cmd_qa(args: argparse.Namespace) -> int:
    from desk.core.text.langid import detect_lang
    from desk.core.workbench.glossary import Glossary
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

    emit(args, data, human)
    return 0


def add_tm(sub: Any) -> None:
    langs = ["ar", "en"]
    tm = sub.add_parser("tm", help="the translation memory: import/export TMX, export XLIFF, stats, check")
    tm_sub = tm.add_subparsers(dest="tm_command", metavar="ACTION", required=True)
    p = tm_sub.add_parser("import", help="add the pairs of a TMX file to the memory")
    p.add_argument("file")
    p.add_argument("--source", "--from", dest="source", choices=langs,
                   help="only this source language (default: every pair in the file)")
    p.add_argument("--target", "--to", dest="target", choices=langs)
    p.set_defaults(func=cmd_tm_import)
    p = tm_sub.add_parser("export", help="write the memory as OUT.tmx, OUT.xlf or OUT.xliff")
    p.add_argument("out")
    p.add_argument("--xliff-version", choices=["2.0", "1.2"], default="2.0")
    p.add_argument("--source", "--from", dest="source", choices=langs,
                   help="one direction only (XLIFF needs one when the memory has two)")
    p.add_argument("--target", "--to", dest="target", choices=langs)
    p.set_defaults(func=cmd_tm_export)
    p = tm_sub.add_parser("stats", help="how many pairs the memory holds, by direction and origin")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_tm_stats)
    p = tm_sub.add_parser("check", help="whether a memory file is sound (exit 1 when it is damaged)")
    p.add_argument("file", nargs="?", help="default: the memory of the data folder")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_tm_check)


def add_glossary(sub: Any) -> None:
    langs = ["ar", "en"]
    gl = sub.add_parser("glossary", help="term pairs the translation must respect: import/export CSV or TBX")
    gl_sub = gl.add_subparsers(dest="glossary_command", metavar="ACTION", required=True)
    p = gl_sub.add_parser("import", help="add the terms of a .csv or .tbx file")
    p.add_argument("file")
    p.add_argument("--source", "--from", dest="source", choices=langs,
                   help="language of the first column / source terms")
    p.add_argument("--target", "--to", dest="target", choices=langs)
    p.set_defaults(func=cmd_glossary_import)
    p = gl_sub.add_parser("export", help="write the glossary as OUT.csv or OUT.tbx")
    p.add_argument("out")
    p.set_defaults(func=cmd_glossary_export)
    p = gl_sub.add_parser("list", help="show the term pairs")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_glossary_list)


def add_qa(sub: Any) -> None:
    langs = ["ar", "en"]
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


# The commands this module adds: name → function that adds its parser.
COMMANDS: dict[str, Callable[[Any], None]] = {
    "tm": add_tm,
    "glossary": add_glossary,
    "qa": add_qa,
}
