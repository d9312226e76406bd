"""Plain text: the words only, titles underlined, tables as ``a | b`` lines."""
from __future__ import annotations

from desk.core.brief.document import Document, Table
from desk.core.brief.writers import Writer, register


def render_text(doc: Document) -> str:
    out: list[str] = []
    for item in doc.items:
        if isinstance(item, Table):
            for row in [item.header, *item.rows]:
                out.append(" | ".join(" ".join(line.text for line in c.rich_lines()) for c in row))
            out.append("")
        elif item.kind == "title":
            out += [item.text, "=" * min(len(item.text), 72), ""]
        elif item.kind in ("heading", "subheading"):
            out += [item.text, ("-" if item.kind == "heading" else "~") * min(len(item.text), 72), ""]
        else:
            out += [item.text, ""]
    return "\n".join(out).rstrip() + "\n"


WRITER = register(Writer("txt", "Plain text", (".txt", ".text"), lambda doc: render_text(doc).encode("utf-8")))
