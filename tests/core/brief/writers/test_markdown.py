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


def test_markdown_word_marks_close_where_commonmark_closes_them() -> None:
    """``**dark **brown`` is not bold in CommonMark: the space stays outside the marks."""
    from desk.core.brief.document import Cell, Document, Line, Run, Table
    from desk.core.brief.writers.markdown import render_markdown

    cell = Cell("the dark brown tail", lines=[Line([Run("the "), Run("dark ", "insert"), Run("chestnut- ", "delete"),
                                                    Run("brown tail")])])
    text = render_markdown(Document("t", "en", [Table([Cell("B")], [[cell]])]))
    assert "the **dark** ~~chestnut-~~ brown tail" in text
