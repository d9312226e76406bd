"""What every command shares: printing results (human or --json) and progress on stderr."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Callable

from desk.core.errors import DeskError


def emit(args: argparse.Namespace, data: Any, human: Callable[[Any], str]) -> None:
    """Print ``data`` as JSON with ``--json``, else as ``human(data)``."""
    if getattr(args, "json", False):
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        text = human(data)
        sys.stdout.write(text if text.endswith("\n") else text + "\n")


def progress_line(progress: Any) -> None:
    """One updating line on stderr: [####....] 3/10 title."""
    width = 24
    filled = int(width * progress.fraction)
    title = (progress.message or "")[:50]
    end = "\n" if progress.done >= progress.total else ""
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {progress.done}/{progress.total} {title:<50}{end}")
    sys.stderr.flush()


def pick_article(path: str, index: int) -> Any:
    """Article ``index`` (0-based) of the file at ``path``, or a clear error."""
    from desk.core.text.articles import load_articles

    articles = load_articles(Path(path))
    if not 0 <= index < len(articles):
        raise DeskError(f"{path} has {len(articles)} article(s); article {index} does not exist")
    return articles[index]
