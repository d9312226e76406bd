"""The command line: a thin layer over desk.core.

``desk`` alone (or ``desk FILE``) starts the window; ``desk COMMAND ...`` runs a command. One table,
:data:`COMMANDS`, gives every command and the module that adds its parser: both the parser and
the choice between command line and window read it, so a new command is one entry in a module's
own ``COMMANDS``. Errors a user can cause print one line on stderr and exit with status 1.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from desk import __version__
from desk.cli import batch, briefs, compare, models, text, translate, workbench
from desk.cli import eval as evaluation
from desk.cli.common import with_flag_hint
from desk.core.errors import DeskError

log = logging.getLogger(__name__)

# Every command, in the order `desk --help` lists them, with the function that adds its parser.
COMMANDS: dict[str, Callable[[Any], None]] = {
    name: add
    for group in (text, translate, models, evaluation, briefs, batch, compare, workbench)
    for name, add in group.COMMANDS.items()
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="desk", description="Offline Arabic/English news desk.")
    parser.add_argument("--version", action="version", version=f"desk {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log to stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for add in COMMANDS.values():
        add(sub)
    return parser


# Options both the command line and the window take before anything else.
SHARED_OPTIONS = ("-v", "--verbose")


def is_cli(argv: Sequence[str]) -> bool:
    """True when ``argv`` names a command (or asks for help/version), after any leading ``-v``;
    otherwise the window opens."""
    rest = list(argv)
    while rest and rest[0] in SHARED_OPTIONS:
        rest.pop(0)
    return bool(rest) and (rest[0] in COMMANDS or rest[0] in {"-h", "--help", "--version"})


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--self-check"]:
        from desk.selfcheck import run_self_check

        return run_self_check()
    if not is_cli(argv):
        from desk.app import main as app_main  # the window (imports Qt lazily)

        return app_main(argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    level = logging.INFO if args.verbose else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args))
    except DeskError as err:
        print(f"desk: {with_flag_hint(err)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("desk: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # Output piped into e.g. `head`, which closed early: not an error worth a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except OSError as err:
        # The system refused something (data folder not creatable, disk full, permissions):
        # one line naming the reason and the path, as for our own errors.
        reason = err.strerror or str(err)
        print(f"desk: {reason}: {err.filename}" if err.filename else f"desk: {reason}", file=sys.stderr)
        return 1
