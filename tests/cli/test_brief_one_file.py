"""`desk brief --one-file`: one brief of every article of a feed; long headlines in DOCX batches."""
from __future__ import annotations

from pathlib import Path

import docx
import pytest

from desk.cli import main

FEED = Path(__file__).resolve().parents[2].parent / "shared" / "samples" / "asharq-feed-en.txt"
TWO = (
    "Port reopens after storm\n\n"
    "The port reopened on Tuesday after a storm closed it for three days. Ships queued outside overnight.\n\n"
    "Officials said repairs would take a month."
)


def test_one_file_brief_of_a_feed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if not FEED.is_file():
        pytest.skip("../shared is not beside the project")
    out = tmp_path / "day.docx"
    code = main(["brief", str(FEED), "--one-file", "--out", str(out), "--no-translate", "-q", "--sentences", "2"])
    err = capsys.readouterr().err
    assert code == 0, err
    from desk.core.text.articles import load_articles

    titles = [a.title for a in load_articles(FEED)]
    d = docx.Document(str(out))
    assert [p.text for p in d.paragraphs if p.style.name == "Heading 1"] == titles
    assert f"of {len(titles)} article(s) written" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["day.docx"]  # no per-article files, no state file


def test_one_file_format_contradicting_the_name_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "a.txt"
    src.write_text(TWO, encoding="utf-8")
    code = main(["brief", str(src), "--one-file", "--out", str(tmp_path / "x.docx"), "--format", "txt", "-q"])
    assert code == 1 and "named like Word document" in capsys.readouterr().err
    assert main(["brief", str(src), "--one-file", "--out", str(tmp_path / "x.md"), "-q"]) == 0
    assert (tmp_path / "x.md").read_text(encoding="utf-8").startswith("# News brief: 1 article")


def test_batch_docx_survives_a_headline_over_255_characters(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    headline = "Port reopens after a storm that closed it for three days " * 5
    src = tmp_path / "long.txt"
    src.write_text(headline.strip() + "\n\n" + TWO.split("\n\n", 1)[1], encoding="utf-8")
    code = main(["brief", str(src), "--out", str(tmp_path / "out"), "--format", "docx", "-q"])
    assert code == 0, capsys.readouterr().err
    written = list((tmp_path / "out").glob("*.docx"))
    assert len(written) == 1 and docx.Document(str(written[0])).paragraphs[0].text == headline.strip()
