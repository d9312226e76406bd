"""desk.core.text.readers.markdown: Markdown reduced to its text."""
from __future__ import annotations

from pathlib import Path

from desk.core.text.loaders import read_document
from tests.core.text.documents import write

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
