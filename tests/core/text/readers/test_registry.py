"""desk.core.text.readers: the registry every input format registers in."""
from __future__ import annotations

from pathlib import Path

import pytest

from desk.core.errors import LoadError
from desk.core.text import readers
from desk.core.text.readers import Extracted, Reader
from tests.core.text.documents import PAGE, make_docx, text_pdf, write


def test_every_shipped_format_is_registered_with_all_its_suffixes() -> None:
    formats = {r.format: r for r in readers.readers()}
    assert {"text", "markdown", "html", "docx", "pdf"} <= set(formats)
    assert set(formats["text"].suffixes) == {".txt", ".text", ".asc"}
    assert set(formats["markdown"].suffixes) == {".md", ".markdown", ".mdown", ".mkd"}
    assert set(formats["html"].suffixes) == {".html", ".htm", ".xhtml"}
    for reader in formats.values():
        assert reader.label and reader.suffixes
        assert all(s.startswith(".") and s == s.lower() for s in reader.suffixes)
    assert len(readers.suffixes()) == len(set(readers.suffixes())), "a suffix belongs to one reader"


def test_suffix_decides_before_content(tmp_path: Path) -> None:
    assert readers.detect(tmp_path / "a.MKD", b"<html>").format == "markdown"
    assert readers.detect(tmp_path / "a.xhtml", b"").format == "html"
    assert readers.detect(tmp_path / "notes.asc", b"%PDF-1.4").format == "text"


def test_content_decides_without_a_known_suffix(tmp_path: Path) -> None:
    page = write(tmp_path / "page", PAGE)
    assert readers.detect(page, page.read_bytes()[:4096]).format == "html"
    pdf = write(tmp_path / "paper.bin", text_pdf(["x"]))
    assert readers.detect(pdf, pdf.read_bytes()[:4096]).format == "pdf"
    word = write(tmp_path / "word", make_docx(tmp_path / "w.docx").read_bytes())
    assert readers.detect(word, word.read_bytes()[:4096]).format == "docx"
    plain = write(tmp_path / "notes.dat", "just words")
    assert readers.detect(plain, b"just words").format == readers.FALLBACK
    with pytest.raises(LoadError, match="damaged zip"):
        readers.detect(write(tmp_path / "broken", b"PK\x03\x04 not a zip"), b"PK\x03\x04 not a zip")


def test_can_open_follows_the_registry() -> None:
    assert readers.can_open("story.mdown") and readers.can_open("page.XHTML") and readers.can_open("README")
    assert not readers.can_open("photo.png")
    assert not readers.can_open("old.doc")


def test_a_new_reader_is_picked_up_everywhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Registering a reader is all it takes: detection, suffixes and can_open see it."""
    readers.readers()  # load the shipped ones first
    monkeypatch.setattr(readers, "_READERS", dict(readers._READERS))
    reader = readers.register(Reader(format="shout", label="Shouting", suffixes=(".shout",),
                                     read_text=lambda text, name: Extracted(text.upper())))
    assert ".shout" in readers.suffixes()
    assert readers.can_open("x.shout")
    assert readers.detect(tmp_path / "x.shout", b"") is reader


def test_register_refuses_a_suffix_taken_or_a_reader_without_a_read() -> None:
    readers.readers()
    with pytest.raises(ValueError, match="already belong"):
        readers.register(Reader(format="other-text", label="x", suffixes=(".txt",),
                                read_text=lambda t, n: Extracted(t)))
    with pytest.raises(ValueError, match="exactly one"):
        readers.register(Reader(format="nothing", label="x", suffixes=(".zzz",)))
