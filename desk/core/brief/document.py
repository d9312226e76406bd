"""The format-neutral document every writer takes: blocks of text and tables, each with its language.

Callers (briefs, bilingual tables, comparison exports) build a :class:`Document` and hand it to
a writer of :mod:`desk.core.brief.writers`. Every block and table cell knows its language, so
right-to-left text comes out right-to-left wherever the format can say so. A table cell may
carry a background colour and rich lines (runs marked as deleted or inserted words), which the
comparison export uses; formats without colour (Markdown, text) write the words only.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["title", "heading", "subheading", "meta", "paragraph"]
RunMark = Literal["", "delete", "insert", "label"]


@dataclass
class Block:
    """One piece of running text: the title, a section heading, a meta line, or a paragraph."""

    kind: BlockKind
    text: str
    lang: str = "en"


@dataclass
class Run:
    """A stretch of text inside a rich cell line; ``mark`` says how it is shown."""

    text: str
    mark: RunMark = ""


@dataclass
class Line:
    """One paragraph inside a table cell: runs in one language; ``small`` for notes and labels."""

    runs: list[Run]
    lang: str = "en"
    small: bool = False

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass
class Cell:
    text: str
    lang: str = "en"
    fill: str = ""  # background colour, "#rrggbb"; "" for none
    lines: list[Line] | None = None  # rich content; ``text`` is its plain version
    bold: bool = False

    def rich_lines(self) -> list[Line]:
        return self.lines if self.lines is not None else [Line([Run(self.text)], self.lang)]


@dataclass
class Table:
    """A table of two or more columns; each cell carries its own language and direction."""

    header: list[Cell]
    rows: list[list[Cell]] = field(default_factory=list)
    widths: list[int] | None = None  # relative column widths (percent), None for equal


Item = Block | Table


@dataclass
class Document:
    title: str
    lang: str = "en"
    items: list[Item] = field(default_factory=list)

    def add(self, kind: BlockKind, text: str, lang: str | None = None) -> None:
        self.items.append(Block(kind, text, lang or self.lang))


@dataclass
class ClipboardContent:
    """What the GUI puts on the clipboard: plain text and HTML of the same content."""

    text: str
    html: str
