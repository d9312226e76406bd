"""What every command shares: printing results (human or --json) and progress on stderr."""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desk.core.errors import (
    AlreadyInstalledError,
    DeskError,
    LanguagesUnknownError,
    LicenceNotAcceptedError,
    NoModelError,
)
from desk.core.workbench.glossary import ColumnLanguagesError


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


def add_password(parser: argparse.ArgumentParser) -> None:
    """``--password`` for commands that read a file: opens an encrypted PDF."""
    parser.add_argument("--password", help="the password of an encrypted PDF; '-' reads it from the first line of "
                                           "standard input (other users can see a command line's arguments)")


def password_of(args: argparse.Namespace) -> str | None:
    """The ``--password`` given, read from standard input when it is ``-``."""
    if args.password != "-":
        return args.password
    return sys.stdin.readline().rstrip("\r\n")


def pick_article(path: str, index: int) -> Any:
    """Article ``index`` (0-based) of the file at ``path``, or a clear error."""
    from desk.core.text.articles import load_articles

    articles = load_articles(Path(path))
    if not 0 <= index < len(articles):
        raise DeskError(f"{path} has {len(articles)} article(s); article {index} does not exist")
    return articles[index]


def with_flag_hint(err: DeskError) -> str:
    """Core messages speak of choices (the window shows them as they are); the CLI names the flag or command."""
    if isinstance(err, AlreadyInstalledError):
        return f"{err} (desk models remove {err.model_id}; or run again with --replace to install over it)"
    if isinstance(err, LanguagesUnknownError):
        return f"{err} (give them with --from and --to, for example --from ar --to en)"
    if isinstance(err, ColumnLanguagesError):
        return f"{err} (give them with --from and --to, for example --from en --to ar)"
    if isinstance(err, LicenceNotAcceptedError):
        return f"{err} To accept it, run again with --accept-licence."
    if isinstance(err, NoModelError):
        return f"{err} (desk models install FILE, or desk models download ID; desk models catalog lists them)"
    return str(err)
