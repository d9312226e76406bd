"""Web pages: the article text (trafilatura), else every text block without navigation and scripts."""
from __future__ import annotations

import copy
import logging
import re
from pathlib import Path

from lxml import etree

from desk.core.errors import LoadError
from desk.core.text.encoding import clean_text
from desk.core.text.readers import Extracted, Reader, quiet, register

log = logging.getLogger(__name__)

_SNIFF = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b",
                    re.IGNORECASE | re.DOTALL)

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


# libxml2 stops nesting at 256 levels (2048 with huge_tree) and silently drops what lies deeper;
# unclosed inline tags (<font> on every paragraph) reach that easily. Inline tags carry no
# structure we use, so they are removed when the page is too deep, and a page whose text still
# does not all reach the tree is refused rather than read in part.
SAFE_DEPTH = 200  # trafilatura parses with libxml2's default limit: give it a tree when deeper
_INLINE = re.compile(r"</?(?:font|span|b|i|u|s|em|strong|small|big|sub|sup|a|abbr|mark|tt|code|q|cite)\b[^>]*>", re.I)
_NOT_TEXT = re.compile(r"<(script|style|template|textarea)\b.*?</\1\s*>|<!--.*?-->|<!\[CDATA\[.*?]]>", re.I | re.S)
_TAG = re.compile(r"<(?:\"[^\"]*\"|'[^']*'|[^'\">])*>")


def _letters(text: str) -> int:
    return sum(1 for ch in text if ch.isalpha())


def _parse(text: str) -> etree._Element:
    import lxml.html

    parser = lxml.html.HTMLParser(huge_tree=True, remove_comments=True, remove_pis=True)
    return lxml.html.document_fromstring(text, parser=parser)


def _depth(tree: etree._Element) -> int:
    deepest, stack = 0, [(tree, 1)]
    while stack:
        el, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in el)
    return deepest


def _kept_all_text(source: str, tree: etree._Element) -> bool:
    """Whether the parsed tree holds (nearly) every letter of the page's text."""
    import html as htmllib

    expected = _letters(htmllib.unescape(_TAG.sub(" ", _NOT_TEXT.sub(" ", source))))
    skipped = sum(_letters(el.text_content()) for el in tree.iter("script", "style", "template", "textarea"))
    return _letters(" ".join(tree.itertext())) - skipped >= 0.9 * expected


def _parse_whole(text: str, name: str) -> tuple[str, etree._Element]:
    """(source, tree) with all of the text in the tree, flattening inline tags if needed."""
    tree = _parse(text)
    if _depth(tree) <= SAFE_DEPTH and _kept_all_text(text, tree):
        return text, tree
    flat = _INLINE.sub("", text)
    tree = _parse(flat)
    if not _kept_all_text(flat, tree):
        raise LoadError(name, "the page is nested too deeply for Desk to read all of its text "
                              "(open it in a browser and save it again, or copy its text)")
    log.info("%s: nested %d levels deep; read without its inline tags", name, _depth(tree))
    return flat, tree


def read(text: str, name: str) -> Extracted:
    import trafilatura

    text = clean_text(text)
    try:
        text, tree = _parse_whole(text, name)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as err:  # lxml's errors on garbage
        raise LoadError(name, "it is not readable HTML") from err
    title: str | None = None
    body = ""
    try:
        with quiet("trafilatura"):
            # A deep page goes in as our tree: trafilatura's own parse would cut it at 256 levels.
            source = text if _depth(tree) <= SAFE_DEPTH else copy.deepcopy(tree)
            doc = trafilatura.bare_extraction(source, include_comments=False, include_tables=True, with_metadata=True)
    except Exception as err:  # trafilatura raises assorted parser errors on odd input
        log.warning("trafilatura failed on %s: %s", name, err)
        doc = None
    found = getattr(doc, "body", None)  # trafilatura's Document (a dict only with as_dict)
    if found is not None:
        body = "\n\n".join(_leaf_blocks(found, _HTML_BLOCKS))
        title = getattr(doc, "title", None) or None
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
