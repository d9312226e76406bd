"""desk.core.text.loaders: every format, every encoding, every way a file can be wrong."""
from __future__ import annotations

import logging
import os
import random
import zipfile
from pathlib import Path

import pytest

from desk.core.text import loaders
from desk.core.errors import LoadError
from desk.core.text.loaders import SizeLimits, decode_bytes, document_from_text, read_document

AR = (
    "قال وزير الخارجية إن الاجتماع المقبل سيعقد في العاصمة يوم الأحد. "
    "وأضاف أن الوفود ستناقش ملفات المياه والطاقة والتجارة."
)
EN = "The council met on Monday. Officials said the new bridge would open next year."
LATIN1 = "Le café de la gare a rouvert. Señor Núñez était là, très ému, à côté du maître."


def write(path: Path, data: bytes | str) -> Path:
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


# --- PDF built by hand: one page, a standard font, real text operators ----------------------


def _pdf(content: bytes, with_font: bool = True) -> bytes:
    resources = b"/Resources << /Font << /F1 5 0 R >> >>" if with_font else b"/Resources << >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] " + resources + b" /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def text_pdf(lines: list[str]) -> bytes:
    ops = b" ".join(b"(" + line.encode("latin-1").replace(b"(", b"\\(").replace(b")", b"\\)") + b") Tj T*" for line in lines)
    return _pdf(b"BT /F1 12 Tf 72 720 Td 16 TL " + ops + b" ET")


def image_only_pdf() -> bytes:
    # A 2x2 grey inline image and no text operators: what a scan without OCR looks like.
    return _pdf(b"q 100 0 0 100 72 600 cm BI /W 2 /H 2 /CS /G /BPC 8 ID \x00\xff\xff\x00 EI Q", with_font=False)


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


# --- Markdown -------------------------------------------------------------------------------


def test_markdown_is_reduced_to_text(tmp_path: Path) -> None:
    md = (
        "# Storm closes the port\n\n"
        "The **harbour** was closed on *Tuesday* after [high winds](https://example.org/x) hit the coast.\n"
        "Ships waited offshore.\n\n"
        "## Reactions\n\n"
        "- Fishermen lost a day of work.\n"
        "- Ferries were cancelled.\n\n"
        "> Officials said the port would reopen `soon`.\n"
    )
    doc = read_document(write(tmp_path / "story.md", md))
    assert doc.format == "markdown"
    assert doc.title == "Storm closes the port"
    paragraphs = doc.text.split("\n\n")
    assert paragraphs[0] == "Storm closes the port"
    assert paragraphs[1] == (
        "The harbour was closed on Tuesday after high winds hit the coast.\nShips waited offshore."
    )
    assert "Reactions" in paragraphs
    assert "Fishermen lost a day of work." in paragraphs and "Ferries were cancelled." in paragraphs
    assert "Officials said the port would reopen soon." in paragraphs
    for debris in ("**", "#", "](", "https://", "`", "> "):
        assert debris not in doc.text


# --- HTML -----------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Port reopens | The Daily Example</title></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<header><div class="brand">The Daily Example</div><form><input name="q"> Search</form></header>
<main><article>
<h1>Port reopens after three-day storm</h1>
<p>The port reopened on Friday after a storm that lasted three days forced the authorities to halt all traffic in and out of the harbour.</p>
<p>Dozens of cargo ships had waited offshore, and the harbour master said it would take a week to clear the backlog of vessels.</p>
<p>Fishermen, who lost three days of work, asked the city council for compensation.<br>The council will meet on Monday.</p>
</article></main>
<aside>Most read: celebrity gossip you will not believe</aside>
<footer>Copyright 2026 The Daily Example. All rights reserved. Privacy policy. Cookie settings.</footer>
<script>var tracking = "do not read me";</script>
</body></html>"""


def test_html_article_without_boilerplate(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path / "page.html", PAGE))
    assert doc.format == "html"
    assert doc.title in ("Port reopens after three-day storm", "Port reopens")
    assert "The port reopened on Friday after a storm" in doc.text
    assert "Fishermen, who lost three days of work" in doc.text
    assert "The council will meet on Monday." in doc.text
    for boilerplate in ("Privacy policy", "World news", "Search", "celebrity gossip", "tracking", "Copyright"):
        assert boilerplate not in doc.text
    # Paragraphs stay paragraphs.
    assert any(p.startswith("Dozens of cargo ships") for p in doc.text.split("\n\n"))


def test_html_fragment_falls_back(tmp_path: Path) -> None:
    fragment = "<div><h1>Short note</h1><p>Only one line.</p><nav>Menu</nav></div>"
    doc = read_document(write(tmp_path / "frag.htm", fragment))
    assert doc.title == "Short note"
    assert "Only one line." in doc.text
    assert "Menu" not in doc.text


def test_html_in_cp1256_with_meta(tmp_path: Path) -> None:
    html = f"<html><head><title>خبر</title></head><body><h1>خبر عاجل</h1><p>{AR}</p></body></html>"
    doc = read_document(write(tmp_path / "ar.html", html.encode("cp1256")))
    assert AR in " ".join(doc.text.split())


def test_pasted_html_is_converted() -> None:
    doc = document_from_text(PAGE)
    assert doc.format == "html"
    assert "Privacy policy" not in doc.text
    assert "The port reopened on Friday" in doc.text


# --- DOCX -----------------------------------------------------------------------------------


def make_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_heading("Water plant opens", level=0)
    document.add_paragraph("The new plant produces fresh water for three towns.")
    document.add_paragraph("")
    table = document.add_table(rows=1, cols=1)
    table.rows[0].cells[0].text = "Figures in a table cell."
    document.add_paragraph(AR)
    document.save(str(path))
    return path


def test_docx(tmp_path: Path) -> None:
    doc = read_document(make_docx(tmp_path / "story.docx"))
    assert doc.format == "docx"
    assert doc.title == "Water plant opens"
    assert doc.text.split("\n\n") == [
        "Water plant opens",
        "The new plant produces fresh water for three towns.",
        "Figures in a table cell.",
        AR,
    ]


@pytest.mark.parametrize(
    "data",
    [b"PK\x03\x04 this is not really a zip", b"just some text named .docx", b""],
    ids=["broken-zip", "not-zip", "empty"],
)
def test_corrupt_docx(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path / "bad.docx", data)
    with pytest.raises(LoadError) as err:
        read_document(path)
    assert str(path) in str(err.value)


def test_zip_without_word_document(tmp_path: Path) -> None:
    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("hello.txt", "hi")
    with pytest.raises(LoadError, match="damaged|not a .docx"):
        read_document(path)


# --- PDF ------------------------------------------------------------------------------------


def test_pdf_text_layer(tmp_path: Path) -> None:
    lines = ["Storm closes the port (update)", "The harbour was closed on Tuesday."]
    doc = read_document(write(tmp_path / "story.pdf", text_pdf(lines)))
    assert doc.format == "pdf"
    assert doc.text.splitlines() == lines


@pytest.mark.parametrize("make", [image_only_pdf, lambda: _pdf(b"", with_font=False)], ids=["image", "blank"])
def test_pdf_without_text_layer(tmp_path: Path, make) -> None:
    path = write(tmp_path / "scan.pdf", make())
    with pytest.raises(LoadError, match="no text layer"):
        read_document(path)


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.4\n1 0 obj garbage garbage\n", b"not a pdf at all", text_pdf(["Hello there."])[:60]],
    ids=["garbage", "not-pdf", "truncated"],
)
def test_corrupt_pdf(tmp_path: Path, data: bytes, caplog: pytest.LogCaptureFixture) -> None:
    path = write(tmp_path / "bad.pdf", data)
    with caplog.at_level(logging.WARNING), pytest.raises(LoadError, match="PDF"):
        read_document(path)
    # pypdf's own warnings must not reach the user's terminal next to our one-line error.
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []


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
