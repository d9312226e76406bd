"""Markdown writer: headings, meta in italics, pipe tables, marked word changes."""
from __future__ import annotations

from desk.core.brief.document import Cell, Document, Line, Run, Table
from desk.core.brief.writers.markdown import render_markdown
from tests.core.brief.writers.sample import sample


def test_markdown() -> None:
    md = render_markdown(sample())
    lines = md.splitlines()
    assert lines[0] == "# عنوان التقرير"
    assert "## الملخص" in lines and "*Source: pasted · 2025-03-01*" in lines
    assert "| مرحبا \\| بكم | Welcome |" in lines and "|---|---|" in lines
    assert "The minister said | the plan starts next year." in lines


def test_markdown_rich_cells_mark_deleted_and_inserted_words() -> None:
    doc = Document("t")
    cell = Cell("x", "en", fill="#fff4cc", lines=[Line([Run("¶1, sentence 1")], "en", small=True),
                                                  Line([Run("rose "), Run("5%", "delete"), Run(" today")], "en")])
    doc.items.append(Table([Cell("A"), Cell("B")], [[cell, Cell("y")]]))
    assert "| *¶1, sentence 1*<br>rose ~~5%~~ today | y |" in render_markdown(doc).splitlines()
