"""desk.core.text.readers.html: the article text of web pages and pasted HTML."""
from __future__ import annotations

from pathlib import Path

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
