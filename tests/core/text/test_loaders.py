"""desk.core.text.loaders: every format, every encoding, every way a file can be wrong."""
from __future__ import annotations

import logging
import os
import random
import zipfile
from pathlib import Path

import pytest

from desk.core.errors import LoadError
from desk.core.text import loaders
from desk.core.text.encoding import decode_bytes
from desk.core.text.loaders import document_from_text, read_document
from desk.core.text.readers import SizeLimits
from tests.core.text.documents import AR, EN, LATIN1, PAGE, make_docx, text_pdf, write

# --- plain text and encodings ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text, encoding, expected_name",
    [
        (EN + "\n\n" + AR, "utf-8", "utf-8"),
        (EN + "\n\n" + AR, "utf-8-sig", "utf-8-sig"),
        (EN + "\n\n" + AR, "utf-16", "utf-16"),  # Python writes a BOM
        (AR, "cp1256", "cp1256"),
        (AR, "iso8859-6", "iso8859-6"),
        (LATIN1, "latin-1", "latin-1"),
    ],
)
def test_text_encodings(tmp_path: Path, text: str, encoding: str, expected_name: str) -> None:
    path = write(tmp_path / "a.txt", text.encode(encoding))
    doc = read_document(path)
    assert doc.text == text
    assert doc.format == "text"
    assert doc.encoding is not None and doc.encoding.startswith(expected_name)
    assert "\ufeff" not in doc.text


@pytest.mark.parametrize("encoding, bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")])
@pytest.mark.parametrize("text", [AR, EN, "مرحبا"])
def test_utf16_with_and_without_bom(tmp_path: Path, encoding: str, bom: bytes, text: str) -> None:
    with_bom = read_document(write(tmp_path / "bom.txt", bom + text.encode(encoding)))
    without = read_document(write(tmp_path / "nobom.txt", text.encode(encoding)))
    assert with_bom.text == text
    assert without.text == text
    assert without.encoding == encoding


@pytest.mark.parametrize("word", ["السلام عليكم", "في البيت الكبير", "قال"])
def test_short_arabic_cp1256_is_not_misread(tmp_path: Path, word: str) -> None:
    """Short high-range text is where statistical detectors go wrong; the decode must be Arabic."""
    doc = read_document(write(tmp_path / "short.txt", word.encode("cp1256")))
    assert doc.text == word


def test_cp1256_and_iso8859_6_are_told_apart(tmp_path: Path) -> None:
    # Both decode each other's bytes without error for many letters; the result must still be right.
    for encoding in ("cp1256", "iso8859-6"):
        text, name = decode_bytes(AR.encode(encoding))
        assert text == AR, encoding
        assert name == encoding


def test_cp1252_quotes_are_not_control_characters(tmp_path: Path) -> None:
    text = "\u201cQuoted,\u201d she said \u2013 calmly. Caf\u00e9."
    doc = read_document(write(tmp_path / "w.txt", text.encode("cp1252")))
    assert doc.text == text


def test_newlines_nul_and_zwnbsp_are_cleaned(tmp_path: Path) -> None:
    raw = "Line one\r\nLine\ufeff two\rLine three\n\n\n".encode("utf-8")
    doc = read_document(write(tmp_path / "n.txt", b"\xef\xbb\xbf" + raw))
    assert doc.text == "Line one\nLine two\nLine three"


def test_text_is_nfc(tmp_path: Path) -> None:
    decomposed = "Cafe\u0301 and a\u0301rbol"
    doc = read_document(write(tmp_path / "nfc.txt", decomposed))
    assert doc.text == "Caf\u00e9 and \u00e1rbol"


def test_pasted_text() -> None:
    doc = document_from_text("  Title\r\n\r\nBody text here.\x00 ")
    assert doc.format == "text"
    assert doc.text == "  Title\n\nBody text here."
    with pytest.raises(LoadError, match="nothing to read"):
        document_from_text(" \n\t ")


# --- format sniffing ------------------------------------------------------------------------


def test_format_sniffed_without_extension(tmp_path: Path) -> None:
    assert read_document(write(tmp_path / "page", PAGE)).format == "html"
    assert read_document(write(tmp_path / "paper", text_pdf(["Sniffed PDF text."]))).format == "pdf"
    docx_bytes = make_docx(tmp_path / "x.docx").read_bytes()
    assert read_document(write(tmp_path / "word", docx_bytes)).format == "docx"
    assert read_document(write(tmp_path / "notes.dat", EN)).format == "text"
    with zipfile.ZipFile(tmp_path / "archive", "w") as zf:
        zf.writestr("a.txt", "x")
    with pytest.raises(LoadError, match="zip archive"):
        read_document(tmp_path / "archive")


def test_old_word_format_is_explained(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match=r"\.docx"):
        read_document(write(tmp_path / "old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100))


# --- bad input ------------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="not found") as err:
        read_document(tmp_path / "nope.txt")
    assert "nope.txt" in str(err.value)


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="folder"):
        read_document(tmp_path)


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "secret.txt", EN)
    if os.name == "posix" and os.geteuid() != 0:
        path.chmod(0)
    else:  # root reads anything: simulate the OS refusing
        def refuse(self: Path, *args: object, **kwargs: object) -> None:
            raise PermissionError(13, "Permission denied", str(self))

        monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(LoadError, match="permission denied"):
        read_document(path)


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  ", "\ufeff \n".encode("utf-8"), b"\xff\xfe \x00\n\x00"])
def test_empty_or_whitespace(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(LoadError, match="empty|no text"):
        read_document(write(tmp_path / "blank.txt", data))


def test_binary_renamed_to_txt(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
    with pytest.raises(LoadError, match="binary"):
        read_document(write(tmp_path / "photo.txt", png))
    rng = random.Random(7)
    noise = bytes(rng.randrange(256) for _ in range(2000))
    with pytest.raises(LoadError, match="binary|not readable"):
        read_document(write(tmp_path / "noise.md", noise))


def test_undecodable_text(tmp_path: Path) -> None:
    # No NUL bytes, invalid UTF-8, and gibberish in every single-byte code page.
    rng = random.Random(3)
    data = bytes(rng.randrange(1, 256) for _ in range(3000))
    assert b"\x00" not in data
    with pytest.raises(LoadError, match="not readable text"):
        read_document(write(tmp_path / "mojibake.txt", data))


def test_too_large_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    small = write(tmp_path / "small.txt", EN)
    with pytest.raises(LoadError, match="too large"):
        read_document(small, limits=SizeLimits(text=10, binary=10))
    assert read_document(small, limits=SizeLimits(text=1000, binary=10)).text == EN
    pdf = write(tmp_path / "p.pdf", text_pdf(["Some text."]))
    with pytest.raises(LoadError, match="too large"):
        read_document(pdf, limits=SizeLimits(text=10**6, binary=100))
    # A sparse 300 MB file: the size check must come before any read.
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as fh:
        fh.truncate(300 * 1024 * 1024)

    def no_read(self: Path) -> bytes:
        raise AssertionError("read_bytes called on a file over the limit")

    monkeypatch.setattr(Path, "read_bytes", no_read)
    with pytest.raises(LoadError, match="too large"):
        read_document(huge)


def test_default_limits_are_configurable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "a.txt", EN)
    monkeypatch.setattr(loaders, "DEFAULT_LIMITS", SizeLimits(text=5, binary=5))
    with pytest.raises(LoadError, match="too large"):
        read_document(path)


# --- damaged UTF-8 and exotic guesses ----------------------------------------------------------


def test_damaged_utf8_is_reported_not_misread(tmp_path: Path) -> None:
    """A UTF-8 Arabic file with one bad byte must not come back as cp1256 mojibake."""
    text = (AR + "\n\n") * 5
    cut = len(text[:150].encode("utf-8"))
    data = text.encode("utf-8")
    path = write(tmp_path / "damaged.md", data[:cut] + b"\xff" + data[cut:])
    with pytest.raises(LoadError, match=rf"damaged\.md.*not valid UTF-8.*byte {cut}\b"):
        read_document(path)


def test_stray_bytes_in_ascii_text_do_not_pick_an_exotic_code_page(tmp_path: Path) -> None:
    """Three junk bytes in English text: one of the expected code pages, not charset-normalizer's
    favourite on such input (cp1006, Urdu presentation forms)."""
    path = write(tmp_path / "junk.md", b"# Title\n\nSome text \xff\xfe\xfa more text.\n")
    doc = read_document(path)
    assert doc.encoding in ("cp1256", "iso8859-6", "latin-1", "cp1252")
    assert doc.text.startswith("Title\n\nSome text ") and doc.text.endswith(" more text.")


# --- half UTF-8, half Windows-1256 (issue 14, item 13) ---------------------------------------------


def test_half_utf8_half_cp1256_decodes_each_part(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Read as Windows-1256 throughout before, so the UTF-8 half came back as mojibake, silently."""
    first = "الجزء الأول من الخبر كتب بترميز يونيكود.\n" + AR
    second = "وهذا الجزء الثاني نسخ من ملف قديم بترميز ويندوز.\n" + AR
    data = first.encode("utf-8") + b"\n\n" + second.encode("cp1256")
    with caplog.at_level(logging.WARNING):
        doc = read_document(write(tmp_path / "mixed.txt", data))
    assert doc.text == first + "\n\n" + second
    assert doc.encoding == "utf-8+cp1256"
    assert any("mixes UTF-8 and cp1256" in r.getMessage() for r in caplog.records)


def test_english_utf8_with_a_cp1252_paragraph(tmp_path: Path) -> None:
    first = "Caf\u00e9 owners in S\u00e3o Paulo and Z\u00fcrich said the na\u00efve plan would fail. " * 3
    second = "\u201cWe will see,\u201d said Se\u00f1or N\u00fa\u00f1ez \u2013 calmly."
    data = first.encode("utf-8") + b"\n" + second.encode("cp1252")
    doc = read_document(write(tmp_path / "mixed.md", data))
    assert doc.text == first.rstrip() + "\n" + second
