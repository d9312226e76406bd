"""Pasted text kept in the data folder: saved, named, read back with the saved file as source."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from desk.core.errors import DeskError, LoadError
from desk.core.text.pasted import is_pasted, paste_articles, pasted_dir, save_pasted


def test_saved_with_a_readable_name_never_overwriting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DESK_DATA_DIR", str(tmp_path))
    now = dt.datetime(2026, 12, 3, 9, 30, 0)
    first = save_pasted("Storm Closes Port\n\nA storm closed the port.", now)
    second = save_pasted("Storm Closes Port\n\nAnother text.", now)
    assert first.parent == pasted_dir() and first.name == "2026-12-03-093000-storm-closes-port.txt"
    assert second.name == "2026-12-03-093000-storm-closes-port-2.txt"
    assert first.read_text(encoding="utf-8").startswith("Storm Closes Port")
    assert is_pasted(str(first)) and is_pasted("pasted") and not is_pasted(str(tmp_path / "x.txt"))
    with pytest.raises(DeskError):
        save_pasted("   ")


def test_paste_articles_reads_from_the_saved_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DESK_DATA_DIR", str(tmp_path))
    path, articles = paste_articles("المبعوث يصل إلى جنيف\n\nوصل المبعوث يوم الأحد. وبدأت المحادثات.")
    assert path.is_file() and [a.source for a in articles] == [str(path)] and articles[0].lang == "ar"
    with pytest.raises(LoadError):
        paste_articles("\n \n")
    assert len(list(pasted_dir().iterdir())) == 1  # nothing saved for text with no article
