"""desk.gui.file_controller: the open dialog's filter and drag and drop come from the reader registry."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QUrl

from desk.core.text import readers
from desk.core.text.readers import Extracted, Reader
from desk.gui.file_controller import dropped_files, open_filter


def test_open_filter_offers_every_registered_suffix() -> None:
    text = open_filter()
    groups = text.split(";;")
    assert groups[0].startswith("Articles (") and groups[-1] == "All files (*)"
    for suffix in readers.suffixes():
        assert f"*{suffix}" in groups[0]
    for suffix in (".text", ".asc", ".mdown", ".mkd", ".xhtml"):  # missing from the old hand-written filter
        assert f"*{suffix}" in groups[0]
    for reader in readers.readers():
        assert any(g.startswith(reader.label + " (") and all(f"*{s}" in g for s in reader.suffixes) for g in groups)


def test_a_registered_reader_appears_in_the_filter(monkeypatch: pytest.MonkeyPatch) -> None:
    readers.readers()
    monkeypatch.setattr(readers, "_READERS", dict(readers._READERS))
    readers.register(Reader(format="shout", label="Shouting", suffixes=(".shout",),
                            read_text=lambda text, name: Extracted(text)))
    assert "Shouting (*.shout)" in open_filter().split(";;")


def _mime(*paths: Path) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths] + [QUrl("https://example.org/a.txt")])
    return mime


def test_drop_takes_only_files_a_reader_takes(qapp: object, tmp_path: Path) -> None:
    ok = [tmp_path / "a.mkd", tmp_path / "b.xhtml", tmp_path / "feed"]
    refused = [tmp_path / "photo.png", tmp_path / "old.doc"]
    assert dropped_files(_mime(*refused, *ok)) == [str(p) for p in ok]
    assert dropped_files(_mime(*refused)) == []
