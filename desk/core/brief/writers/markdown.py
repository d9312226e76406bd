"""Markdown: ``#`` title, ``##`` headings, italic meta lines, pipe tables (deleted words ~~struck~~)."""
from __future__ import annotations

from desk.core.brief.document import Cell, Document, Table
from desk.core.brief.writers import Writer, register


def _md_escape_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _emphasis(text: str, marker: str) -> str:
    """``text`` between ``marker``s with its outer spaces left outside: CommonMark does not close
    ``**dark **`` (a marker after a space), so readers would show the asterisks."""
    core = text.strip()
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()):]
    return f"{lead}{marker}{_md_escape_cell(core)}{marker}{trail}"


def _md_cell(cell: Cell) -> str:
    if cell.lines is None:
        return _md_escape_cell(cell.text)
    parts = []
    for line in cell.lines:
        text = "".join(
            _emphasis(r.text, "~~") if r.mark == "delete" and r.text.strip()
            else _emphasis(r.text, "**") if r.mark == "insert" and r.text.strip()
            else _md_escape_cell(r.text)
            for r in line.runs
        )
        parts.append(f"*{text}*" if line.small and text.strip() else text)
    return "<br>".join(p for p in parts if p)


def render_markdown(doc: Document) -> str:
    out: list[str] = []
    for item in doc.items:
        if isinstance(item, Table):
            out.append("| " + " | ".join(_md_cell(c) for c in item.header) + " |")
            out.append("|" + "---|" * len(item.header))
            for row in item.rows:
                out.append("| " + " | ".join(_md_cell(c) for c in row) + " |")
            out.append("")
        elif item.kind == "title":
            out += [f"# {item.text}", ""]
        elif item.kind == "heading":
            out += [f"## {item.text}", ""]
        elif item.kind == "subheading":
            out += [f"### {item.text}", ""]
        elif item.kind == "meta":
            out += [f"*{item.text}*", ""]
        else:
            out += [item.text, ""]
    return "\n".join(out).rstrip() + "\n"


WRITER = register(
    Writer("md", "Markdown", (".md", ".markdown", ".mdown", ".mkd"), lambda doc: render_markdown(doc).encode("utf-8"))
)
