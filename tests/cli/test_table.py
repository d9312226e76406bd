"""The one table of commands feeds both the parser and the choice between command line and window."""
from __future__ import annotations

import argparse

from desk import cli


def _subcommands(parser: argparse.ArgumentParser) -> set[str]:
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return set(actions[0].choices) if actions else set()


def test_every_parsed_command_is_a_cli_command() -> None:
    names = _subcommands(cli.build_parser())
    assert names == set(cli.COMMANDS)
    assert {"articles", "translate", "models", "brief", "compare", "tm", "glossary", "qa"} <= names
    for name in names:
        assert cli.is_cli([name]), name


def test_files_and_nothing_open_the_window() -> None:
    assert not cli.is_cli([])
    assert not cli.is_cli(["article.txt"])
    assert cli.is_cli(["--help"]) and cli.is_cli(["--version"])
