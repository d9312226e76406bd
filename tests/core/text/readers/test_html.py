"""desk.core.text.readers.html: the article text of web pages and pasted HTML."""
from __future__ import annotations

from pathlib import Path

import pytest

from desk.core.errors import LoadError
from desk.core.text.loaders import document_from_text, read_document
from tests.core.text.documents import AR, PAGE, write

# --- HTML -----------------------------------------------------------------------------------

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


# --- deep nesting (issue 14, item 12): all the text, or a clear refusal ----------------------------


def unclosed_fonts(paragraphs: int = 400) -> str:
    body = "".join(f"<p><font face='Arial'>Paragraph number {i} has words in it." for i in range(paragraphs))
    return f"<html><body>{body}</body></html>"


def nested_divs(levels: int) -> str:
    return ("<html><body>" + "<div>" * levels + "<p>Deep text here.</p>" + "</div>" * levels
            + "<p>After the deep part.</p></body></html>")


def test_unclosed_inline_tags_keep_every_paragraph(tmp_path: Path) -> None:
    """127 of 400 paragraphs came back before, with exit 0."""
    doc = read_document(write(tmp_path / "fonts.html", unclosed_fonts(400)))
    for i in (0, 126, 127, 250, 399):
        assert f"Paragraph number {i} has words in it." in doc.text


@pytest.mark.parametrize("levels", [300, 1000])
def test_deep_blocks_keep_their_text(tmp_path: Path, levels: int) -> None:
    """300 levels lost the deep text before; 1000 gave "contains no text"."""
    doc = read_document(write(tmp_path / "deep.html", nested_divs(levels)))
    assert "Deep text here." in doc.text and "After the deep part." in doc.text


def test_deeper_than_the_parser_reaches_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match=r"deep\.html: the page is nested too deeply"):
        read_document(write(tmp_path / "deep.html", nested_divs(3000)))


def test_pasted_deep_html_keeps_its_text() -> None:
    doc = document_from_text(unclosed_fonts(300))
    assert "Paragraph number 299 has words in it." in doc.text
