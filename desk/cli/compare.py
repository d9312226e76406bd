"""desk compare: two versions of a story aligned sentence by sentence."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desk.cli.common import emit, pick_article
from desk.core.model import sentence_label


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
            where = f"{sentence_label(a['id'])} → {sentence_label(b['id'])}: " if p["op"] == "moved" else ""
            text = _diff_markup(p["diff"]) if p["diff"] else b["text"]
            lines.append(f"  {sign} {where}{text}")
    return "\n".join(lines)


def cmd_compare(args: argparse.Namespace) -> int:
    from desk.core.application import Application
    from desk.core.jobs import run_job

    a = pick_article(args.a, args.article_a)
    b = pick_article(args.b, args.article_b)
    comparison = run_job(Application().compare_job(a, b))
    if args.out:
        from desk.core.compare.export import export_comparison

        written = export_comparison(comparison, Path(args.out), name_a=Path(args.a).name, name_b=Path(args.b).name,
                                    hide_equal=args.changes_only)
        print(f"comparison written → {written}", file=sys.stderr)
        return 0
    data = comparison.to_json()
    if args.changes_only:  # the counts still say how many were equal
        data["pairs"] = [p for p in data["pairs"] if p["op"] != "equal"]
    emit(args, data, _human_comparison)
    return 0


def add_compare(sub: Any) -> None:
    p = sub.add_parser("compare", help="align two versions of a story (same or other language)")
    p.add_argument("a", metavar="A")
    p.add_argument("b", metavar="B")
    p.add_argument("--article-a", type=int, default=0, metavar="K", help="which article of A (0-based)")
    p.add_argument("--article-b", type=int, default=0, metavar="K", help="which article of B (0-based)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--out", metavar="FILE",
                   help="export the comparison (.html, .docx, .md, .txt) instead of printing it")
    p.add_argument("--changes-only", action="store_true",
                   help="leave out the unchanged sentences (printed or exported)")
    p.set_defaults(func=cmd_compare)


# The commands this module adds: name → function that adds its parser.
COMMANDS: dict[str, Callable[[Any], None]] = {
    "compare": add_compare,
}
