"""Markdown: the text of headings, paragraphs, list items, quotes and code, without the markup."""
from __future__ import annotations

from desk.core.text.encoding import clean_text
from desk.core.text.readers import Extracted, Reader, register


def read(text: str, name: str) -> Extracted:
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").enable("strikethrough").parse(clean_text(text))
    blocks: list[str] = []
    title: str | None = None
    heading_level = 0
    for tok in tokens:
        if tok.type == "heading_open":
            heading_level = int(tok.tag[1:])
        elif tok.type == "inline":
            parts: list[str] = []
            for child in tok.children or []:
                if child.type in ("text", "code_inline"):
                    parts.append(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    parts.append("\n")
            block = "".join(parts).strip()
            if block:
                if heading_level == 1 and title is None:
                    title = block
                blocks.append(block)
            heading_level = 0
        elif tok.type in ("fence", "code_block") and tok.content.strip():
            blocks.append(tok.content.strip("\n"))
    return Extracted("\n\n".join(blocks), title)


READER = register(
    Reader(format="markdown", label="Markdown", suffixes=(".md", ".markdown", ".mdown", ".mkd"), read_text=read)
)
