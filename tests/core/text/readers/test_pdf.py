"""desk.core.text.readers.pdf: the text layer of PDFs, scans and damaged files refused."""
from __future__ import annotations

import logging
from pathlib import Path

import pytest

from desk.core.errors import LoadError
from desk.core.text.loaders import read_document
from tests.core.text.documents import _pdf, image_only_pdf, text_pdf, write
from tests.hostile.files import PDF_TEXT, encrypted_pdf

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


# --- encrypted PDFs (issue 14, item 14) -------------------------------------------------------------


def test_cryptography_is_a_declared_dependency() -> None:
    """pypdf opens AES only with `cryptography`; without it every AES PDF was 'damaged or not a PDF'."""
    import tomllib

    root = Path(__file__).resolve().parents[4]
    deps = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    assert any(d.split(">")[0].split("=")[0].strip() == "cryptography" for d in deps)


@pytest.mark.parametrize("algorithm", ["AES-128", "AES-256", "RC4-128"])
def test_encrypted_pdf_without_user_password_opens(tmp_path: Path, algorithm: str) -> None:
    doc = read_document(encrypted_pdf(tmp_path / "locked.pdf", algorithm))
    assert doc.text == PDF_TEXT


@pytest.mark.parametrize("algorithm", ["AES-128", "AES-256"])
def test_password_protected_pdf_asks_then_opens(tmp_path: Path, algorithm: str) -> None:
    from desk.core.errors import PasswordRequired

    path = encrypted_pdf(tmp_path / "secret.pdf", algorithm, user_password="s3cret")
    with pytest.raises(PasswordRequired, match=r"secret\.pdf: it is protected by a password") as err:
        read_document(path)
    assert not err.value.wrong
    with pytest.raises(PasswordRequired, match="password is wrong") as err:
        read_document(path, password="guess")
    assert err.value.wrong
    assert read_document(path, password="s3cret").text == PDF_TEXT


# --- PDFs that store glyphs: Arabic in visual order, ligatures (review finding 3-4) ---------------


def qt_pdf(path: Path, html: str) -> Path:
    """A PDF as Qt's own writer makes it (shaped Arabic, ligatures), in DejaVu Sans."""
    from PySide6.QtGui import QFont, QFontDatabase, QPageSize, QPdfWriter, QTextDocument

    if "DejaVu Sans" not in QFontDatabase.families():
        pytest.skip("DejaVu Sans (fonts-dejavu-core) is not installed")
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    doc = QTextDocument()
    doc.setDefaultFont(QFont("DejaVu Sans", 12))
    doc.setHtml(html)
    doc.print_(writer)
    return path


def test_arabic_pdf_is_read_in_reading_order_with_plain_letters(qapp, tmp_path: Path) -> None:
    title, body = "اكتشاف ريش ديناصور", "يقول العلماء إن ريش هذا الحيوان كان بنياً من الأعلى."
    path = qt_pdf(tmp_path / "ar.pdf", f'<html dir="rtl"><body><h1>{title}</h1><p>{body}</p></body></html>')
    lines = [" ".join(line.split()) for line in read_document(path).text.splitlines() if line.strip()]
    assert lines[:2] == [title, body]


def test_pdf_ligatures_are_unfolded(qapp, tmp_path: Path) -> None:
    path = qt_pdf(tmp_path / "en.pdf", "<p>The final figure was confirmed in the office.</p>")
    first_line = read_document(path).text.splitlines()[0]  # (Qt prints a page number below)
    assert " ".join(first_line.split()) == "The final figure was confirmed in the office."


def test_page_numbers_are_not_read_as_paragraphs(qapp, tmp_path: Path) -> None:
    # Qt prints the page number under each page, as most word processors do.
    paragraph = "The council met on Monday and agreed on the new budget for the coming year."
    path = qt_pdf(tmp_path / "long.pdf", "".join(f"<p>{paragraph}</p>" for _ in range(60)))
    from pypdf import PdfReader

    pages = PdfReader(str(path)).pages
    assert len(pages) >= 2 and (pages[1].extract_text() or "").split()[-1] == "2"  # the fixture has them
    lines = [" ".join(line.split()) for line in read_document(path).text.splitlines() if line.strip()]
    assert [line for line in lines if line.isdigit()] == []
    assert " ".join(lines).count(paragraph) == 60


@pytest.mark.parametrize(("page", "kept"), [
    ("Body line.\n3", "Body line."), ("Body.\n- 12 -", "Body."), ("Page 4\nBody.", "Body."),
    ("Body.\n3 / 12", "Body."), ("النص.\nصفحة ٣", "النص."),
    ("Body.\n2025", "Body.\n2025"),  # a year under the article, not a page number
    ("7", "7"),  # a page that is only a number keeps it
])
def test_page_number_lines(page: str, kept: str) -> None:
    from desk.core.text.readers.pdf import without_page_number

    assert without_page_number(page) == kept
