"""`desk compare --out`: the comparison exported as HTML or DOCX; moved sentences named, not numbered."""
from __future__ import annotations

from pathlib import Path

import docx
import pytest

from desk.cli import main

OLD = ("Port reopens\n\nThe port reopened on Tuesday after a storm closed it for three days. "
       "Ships queued overnight.\n\nOfficials said repairs would take a month. "
       "Fishermen were allowed back on Wednesday.")
NEW = ("Port reopens\n\nFishermen were allowed back on Wednesday. "
       "The port reopened on Tuesday after a storm closed it for four days.\n\nShips queued overnight.")


@pytest.fixture
def versions(tmp_path: Path) -> tuple[Path, Path]:
    a, b = tmp_path / "old.txt", tmp_path / "new.txt"
    a.write_text(OLD, encoding="utf-8")
    b.write_text(NEW, encoding="utf-8")
    return a, b


def test_compare_exports_html_and_docx(versions: tuple[Path, Path], tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    a, b = versions
    assert main(["compare", str(a), str(b), "--out", str(tmp_path / "c.html")]) == 0
    page = (tmp_path / "c.html").read_text(encoding="utf-8")
    assert "Comparison: old.txt / new.txt" in page and "<del>three</del>" in page and "<ins>four</ins>" in page
    assert main(["compare", str(a), str(b), "--out", str(tmp_path / "c.docx"), "--changes-only"]) == 0
    table = docx.Document(str(tmp_path / "c.docx")).tables[0]
    assert "=" not in [r.cells[1].paragraphs[0].text for r in table.rows[1:]]
    assert "comparison written" in capsys.readouterr().err


def test_moved_sentences_are_named_by_paragraph_and_sentence(versions: tuple[Path, Path],
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    a, b = versions
    assert main(["compare", str(a), str(b)]) == 0
    out = capsys.readouterr().out
    assert "> ¶1, sentence 2 → ¶2, sentence 1: Ships queued overnight." in out


def test_changes_only_also_applies_to_the_printed_comparison(versions: tuple[Path, Path],
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    import json

    a, b = versions
    assert main(["compare", str(a), str(b)]) == 0
    everything = capsys.readouterr().out
    assert "  = Port reopens" in everything
    assert main(["compare", str(a), str(b), "--changes-only"]) == 0
    changes = capsys.readouterr().out
    assert "  = " not in changes and "four" in changes and changes.splitlines()[0] == everything.splitlines()[0]
    assert main(["compare", str(a), str(b), "--changes-only", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["pairs"] and all(p["op"] != "equal" for p in data["pairs"]) and data["counts"]["equal"] >= 1
