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


def test_verbose_before_a_command_still_runs_the_command(tmp_path, capsys) -> None:
    # `desk --help` shows `desk [-v] COMMAND`: -v first must not send the command to the window's parser.
    assert cli.is_cli(["-v", "articles", "a.txt"]) and cli.is_cli(["--verbose", "translate", "a.txt"])
    assert not cli.is_cli(["-v"]) and not cli.is_cli(["-v", "article.txt"])
    article = tmp_path / "a.txt"
    article.write_text("A headline\n\nThe first sentence of the body. The second one.\n", encoding="utf-8")
    assert cli.main(["-v", "articles", str(article), "--json"]) == 0
    assert '"title": "A headline"' in capsys.readouterr().out
