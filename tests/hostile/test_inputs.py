"""Hostile and unlucky input files through the command line: a one-line error or the whole text,
each under 10 s and 500 MB, nothing written outside the store (issue 14, items 2, 8, 12, 13, 14)."""
from __future__ import annotations

import json

import pytest

from tests.hostile import files
from tests.hostile.conftest import Sandbox

pytestmark = pytest.mark.slow


def test_docx_unpacking_to_500_mb_of_text(sandbox: Sandbox) -> None:
    path = files.docx_text_bomb(sandbox.inputs / "bomb.docx", megabytes=500)
    assert path.stat().st_size < 1024 * 1024
    sandbox.fails("articles", str(path), "--json", match="unpacks to")


def test_docx_with_more_text_than_the_limit(sandbox: Sandbox) -> None:
    path = files.docx_many_paragraphs(sandbox.inputs / "long.docx", count=400_000)
    sandbox.fails("sentences", str(path), match="larger than the 20 MB")


def test_docx_with_40k_paragraphs_is_read_whole(sandbox: Sandbox) -> None:
    path = files.docx_many_paragraphs(sandbox.inputs / "report.docx", count=40_000)
    outcome = sandbox.succeeds("sentences", str(path), "--json")
    sentences = json.loads(outcome.stdout)
    assert sentences[0].startswith("Paragraph 0 ") and sentences[-1].startswith("Paragraph 39999 ")


def test_docx_with_exponential_entities(sandbox: Sandbox) -> None:
    sandbox.fails("articles", str(files.docx_entity_bomb(sandbox.inputs / "laughs.docx")), match="damaged")


def test_html_with_unclosed_inline_tags_keeps_every_paragraph(sandbox: Sandbox) -> None:
    path = files.html_unclosed_fonts(sandbox.inputs / "fonts.html", paragraphs=400)
    text = " ".join(json.loads(sandbox.succeeds("sentences", str(path), "--json").stdout))
    assert all(f"Paragraph number {i} has words in it." in text for i in range(400))


def test_html_nested_1000_levels_keeps_its_text(sandbox: Sandbox) -> None:
    path = files.html_nested(sandbox.inputs / "deep.html", levels=1000)
    assert "Deep text here." in sandbox.succeeds("sentences", str(path)).stdout


def test_html_nested_beyond_the_parser_is_refused(sandbox: Sandbox) -> None:
    path = files.html_nested(sandbox.inputs / "deeper.html", levels=5000)
    sandbox.fails("articles", str(path), match="nested too deeply")


def test_half_utf8_half_windows_1256(sandbox: Sandbox) -> None:
    path, first, second = files.mixed_encodings(sandbox.inputs / "mixed.txt")
    outcome = sandbox.succeeds("sentences", str(path), "--json")
    text = " ".join(json.loads(outcome.stdout))
    assert first.split("\n")[0] in text and second.split("\n")[0] in text
    assert "mixes UTF-8 and cp1256" in outcome.stderr


def test_aes_pdf_without_a_user_password_opens(sandbox: Sandbox) -> None:
    path = files.encrypted_pdf(sandbox.inputs / "aes.pdf", "AES-256")
    assert json.loads(sandbox.succeeds("sentences", str(path), "--json").stdout) == [files.PDF_TEXT]


def test_password_protected_pdf_asks_for_it(sandbox: Sandbox) -> None:
    path = files.encrypted_pdf(sandbox.inputs / "locked.pdf", "AES-128", user_password="s3cret")
    sandbox.fails("articles", str(path), match="--password")
    sandbox.fails("articles", str(path), "--password", "guess", match="password is wrong")
    outcome = sandbox.succeeds("sentences", str(path), "--password", "s3cret", "--json")
    assert json.loads(outcome.stdout) == [files.PDF_TEXT]


def test_bidi_override_in_a_headline_and_a_file_name(sandbox: Sandbox) -> None:
    path = files.bidi_headline(sandbox.inputs / "brief\u202etxt.exe")
    data = json.loads(sandbox.succeeds("articles", str(path), "--json").stdout)
    assert data[0]["title"] == "Talks resume in Cairo"
    missing = sandbox.fails("articles", str(sandbox.inputs / "gone\u202etxt.exe"), match="gonetxt.exe")
    assert "\u202e" not in missing


@pytest.mark.parametrize("make, match", [
    (lambda p: files.sparse(p / "huge.txt", 300), "too large"),
    (lambda p: files.write(p / "photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40), "binary"),
    (lambda p: files.write(p / "empty.md", b""), "empty"),
    (lambda p: files.write(p / "fake.docx", b"PK\x03\x04 not really a zip"), "damaged"),
], ids=["sparse-300mb", "png-as-txt", "empty", "broken-docx"])
def test_files_refused_before_reading(sandbox: Sandbox, make, match: str) -> None:  # noqa: ANN001
    sandbox.fails("articles", str(make(sandbox.inputs)), match=match)


def test_password_read_from_standard_input(sandbox: Sandbox) -> None:
    """`--password -` keeps the password out of the process list."""
    path = files.encrypted_pdf(sandbox.inputs / "locked.pdf", "AES-256", user_password="s3cret")
    outcome = sandbox.run("sentences", str(path), "--password", "-", "--json", stdin="s3cret\n")
    outcome.bounded()
    assert outcome.code == 0 and json.loads(outcome.stdout) == [files.PDF_TEXT]
