"""The writers registry: formats from suffixes, atomic files, clipboard."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from desk.core.brief.document import Block, Document
from desk.core.brief.writers import clipboard_content, format_for_path, write_document
from desk.core.durable import atomic_write
from desk.core.errors import DeskError
from desk.core.languages import text_direction


def test_direction_helpers() -> None:
    assert text_direction("ar") == "rtl" and text_direction("ar-EG") == "rtl"
    assert text_direction("en") == "ltr" and text_direction("fr") == "ltr"


def test_format_for_path() -> None:
    assert format_for_path(Path("a.DOCX")) == "docx"
    assert format_for_path(Path("a.htm")) == "html"
    assert format_for_path(Path("a.markdown")) == "md"
    assert format_for_path(Path("a.bin"), "text") == "txt"
    with pytest.raises(DeskError, match="Cannot tell"):
        format_for_path(Path("a.bin"))
    with pytest.raises(DeskError, match="Unknown export format"):
        format_for_path(Path("a.md"), "pdf")


def test_atomic_write_keeps_old_file_when_interrupted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "brief.md"
    target.write_text("old")

    def boom(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, b"new content")
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.md"]  # no .part left behind
    monkeypatch.undo()
    atomic_write(target, b"new content")
    assert target.read_bytes() == b"new content"


def test_write_document_reports_unwritable_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(DeskError, match="Cannot write"):
        write_document(Document("t"), blocker / "sub" / "x.md")


def test_clipboard_has_text_and_html() -> None:
    doc = Document("T", "en", [Block("title", "T", "en"), Block("paragraph", "نص", "ar")])
    clip = clipboard_content(doc)
    assert clip.text.startswith("T\n") and "نص" in clip.text
    assert '<p lang="ar" dir="rtl">نص</p>' in clip.html



def test_file_stem_is_clean_and_complete() -> None:
    from desk.core.brief.writers import file_stem

    title = "International Coalition to End Mission in Iraq, Keep Going in Syria"
    assert file_stem(title) == title
    assert file_stem('Who pays? "Nobody": a/b test*') == "Who pays Nobody a b test"
    assert file_stem("المبعوث يصل. والمحادثات تستأنف") == "المبعوث يصل. والمحادثات تستأنف"
    long = file_stem("word " * 60)
    assert len(long) <= 120 and long.endswith("word")
    assert file_stem(" ... ") == "brief"


def test_registry_lists_every_format_with_label_and_suffix() -> None:
    from desk.core.brief.writers import writer_for_path, writers

    assert [(w.key, w.suffix) for w in writers()] == [("docx", ".docx"), ("html", ".html"), ("md", ".md"),
                                                        ("txt", ".txt")]
    assert writer_for_path(Path("x.mkd")).key == "md" and writer_for_path(Path("x.pdf")) is None
    assert writers()[0].file_filter == "Word document (DOCX) (*.docx)"

