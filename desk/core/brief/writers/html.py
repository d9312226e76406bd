"""HTML: ``<html lang dir>``, ``lang``/``dir`` on every block and cell, cell colours, marked word changes."""
from __future__ import annotations

import html

from desk.core.brief.document import Cell, Document, Line, Table
from desk.core.brief.writers import Writer, register
from desk.core.languages import text_direction

DELETE_STYLE = "background-color:#f6b8b0;text-decoration:line-through"
INSERT_STYLE = "background-color:#a9dfa2"
_CSS = (
    "body{font-family:Arial,'Noto Naskh Arabic','Noto Sans',sans-serif;max-width:52em;margin:2em auto;"
    "line-height:1.5}.meta{color:#555;font-style:italic}table{border-collapse:collapse;width:100%}"
    "td,th{border:1px solid #bbb;padding:.4em;vertical-align:top}td p,th p{margin:0}"
    ".small{color:#666;font-size:small}del{" + DELETE_STYLE + "}ins{" + INSERT_STYLE + ";text-decoration:none}"
    "[dir=rtl]{text-align:right}[dir=ltr]{text-align:left}"
    "@media print{body{max-width:none;margin:0}tr{break-inside:avoid}"
    "td,th{-webkit-print-color-adjust:exact;print-color-adjust:exact}}"
)


def _attrs(lang: str) -> str:
    return f'lang="{html.escape(lang)}" dir="{text_direction(lang)}"'


def _line(line: Line) -> str:
    out = []
    for run in line.runs:
        text = html.escape(run.text)
        if run.mark in ("delete", "insert"):
            tag = "del" if run.mark == "delete" else "ins"
            text = f"<{tag}>{text}</{tag}>"
        out.append(text)
    cls = ' class="small"' if line.small else ""
    return f"<p{cls} {_attrs(line.lang)}>{''.join(out)}</p>"


def _cell(cell: Cell, tag: str, width: int | None) -> str:
    style = f' style="background-color:{html.escape(cell.fill)}"' if cell.fill else ""
    size = f' width="{width}%"' if width else ""
    if cell.lines is None:
        inner = html.escape(cell.text)
        inner = f"<b>{inner}</b>" if cell.bold and tag == "td" else inner
    else:
        inner = "".join(_line(line) for line in cell.lines)
    return f"<{tag} {_attrs(cell.lang)}{size}{style}>{inner}</{tag}>"


def render_html_body(doc: Document) -> str:
    """The document's content as HTML elements (no ``<html>`` wrapper), e.g. for a clipboard."""
    out: list[str] = []
    for item in doc.items:
        if isinstance(item, Table):
            widths = item.widths or [0] * len(item.header)
            out.append("<table>")
            out.append("<tr>" + "".join(_cell(c, "th", w) for c, w in zip(item.header, widths)) + "</tr>")
            for row in item.rows:
                out.append("<tr>" + "".join(_cell(c, "td", None) for c in row) + "</tr>")
            out.append("</table>")
            continue
        text = html.escape(item.text)
        if item.kind == "title":
            out.append(f"<h1 {_attrs(item.lang)}>{text}</h1>")
        elif item.kind == "heading":
            out.append(f"<h2 {_attrs(item.lang)}>{text}</h2>")
        elif item.kind == "subheading":
            out.append(f"<h3 {_attrs(item.lang)}>{text}</h3>")
        elif item.kind == "meta":
            out.append(f'<p class="meta" {_attrs(item.lang)}>{text}</p>')
        else:
            out.append(f"<p {_attrs(item.lang)}>{text}</p>")
    return "\n".join(out)


def render_html(doc: Document) -> str:
    return (
        f"<!DOCTYPE html>\n<html {_attrs(doc.lang)}>\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{html.escape(doc.title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f"{render_html_body(doc)}\n</body>\n</html>\n"
    )


WRITER = register(
    Writer("html", "Web page (HTML)", (".html", ".htm", ".xhtml"), lambda doc: render_html(doc).encode("utf-8"))
)
