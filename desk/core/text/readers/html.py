"""Web pages: the article text (trafilatura), else every text block without navigation and scripts."""
from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

from desk.core.errors import LoadError
from desk.core.text.encoding import clean_text
from desk.core.text.readers import Extracted, Reader, quiet, register

if TYPE_CHECKING:
    from lxml import etree

log = logging.getLogger(__name__)

_SNIFF = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL)

_HTML_BLOCKS = {"head", "p", "item", "quote", "cell", "code", "list", "table", "row", "div"}
_FALLBACK_BLOCKS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "th",
    "tr", "section", "article", "dd", "dt", "figcaption", "ul", "ol", "table", "main",
}
_BOILERPLATE = ["script", "style", "nav", "footer", "header", "aside", "form", "noscript", "template", "svg"]


def sniff(path: Path, head: bytes) -> bool:
    return bool(_SNIFF.match(head.removeprefix(b"\xef\xbb\xbf")))


def _leaf_blocks(root: etree._Element, blocks: set[str]) -> list[str]:
    out: list[str] = []
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag not in blocks:
            continue
        if any(isinstance(d.tag, str) and d.tag in blocks for d in el.iterdescendants()):
            # A container: take only its own loose text.
            loose = " ".join(t.strip() for t in [el.text or ""] + [c.tail or "" for c in el] if t.strip())
            if loose:
                out.append(loose)
            continue
        for br in el.iter("lb", "br"):
            br.tail = "\n" + (br.tail or "")
        text = "\n".join(" ".join(line.split()) for line in "".join(el.itertext()).split("\n"))
        if text.strip():
            out.append(text.strip())
    return out


def read(text: str, name: str) -> Extracted:
    import lxml.html
    import trafilatura

    text = clean_text(text)
    title: str | None = None
    body = ""
    try:
        with quiet("trafilatura"):
            doc = trafilatura.bare_extraction(text, include_comments=False, include_tables=True, with_metadata=True)
    except Exception as err:  # trafilatura raises assorted parser errors on odd input
        log.warning("trafilatura failed on %s: %s", name, err)
        doc = None
    if doc is not None and getattr(doc, "body", None) is not None:
        body = "\n\n".join(_leaf_blocks(doc.body, _HTML_BLOCKS))
        title = doc.title or None
    try:
        tree = lxml.html.document_fromstring(text)
    except Exception as err:  # lxml raises ParserError / XMLSyntaxError on garbage
        if body:
            return Extracted(body, title)
        raise LoadError(name, "it is not readable HTML") from err
    if title is None:
        for xpath in ("//h1", "//title"):
            found = tree.xpath(xpath)
            if found and found[0].text_content().strip():
                title = " ".join(found[0].text_content().split())
                break
    if not body:  # a fragment trafilatura rejects (too short, no article structure)
        for el in tree.xpath("|".join(f"//{tag}" for tag in _BOILERPLATE)):
            el.drop_tree()
        body = "\n\n".join(_leaf_blocks(tree, _FALLBACK_BLOCKS | {"body"}))
    return Extracted(body, title)


READER = register(
    Reader(format="html", label="Web pages", suffixes=(".html", ".htm", ".xhtml"), read_text=read, sniff=sniff)
)
