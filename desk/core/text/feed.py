"""Splitting pasted feed dumps into clean articles, and text into paragraphs.

A feed dump holds several articles, each introduced by a *header*: the headline, the photo
caption (often repeated), a stray marker line such as ``TT``, the headline again and the caption
again; the body paragraphs follow. The splitter finds headers by structure, not by any one
source's wording: a headline-like line that reappears a few lines later, with repeated lines
(captions) or short marker lines between. Text without that structure is one plain article.

``text_paragraphs`` is the paragraph logic shared with ``desk sentences``: blank lines separate
paragraphs; inside a block, hard-wrapped lines are joined and list-like lines kept apart.
"""
from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

HEADER_WINDOW = 16  # the repeated headline must reappear within this many lines
MAX_HEADLINE_WORDS = 30
MAX_HEADLINE_CHARS = 250
MAX_REPEATED_HEADLINE_WORDS = 60  # a headline repeated in its header may be this long
MAX_REPEATED_HEADLINE_CHARS = 400
TITLE_CHARS = 90  # a title made from the first sentence is cut to about this length

_TERMINAL = re.compile(r"[.!?؟…:;,،؛][\"'”’»)\]]*$")
_SENTENCE_END = re.compile(r"[.!?؟…][\"'”’»)\]]*$")
_BULLET = re.compile(r"^([-*•·▪–—]|\d{1,3}[.)]|[a-z][.)])\s+")
_STRICT_MARKER = re.compile(r"^[A-Z]{1,5}$|^[*#=_~-]{2,}$")


@dataclass
class RawArticle:
    title: str
    captions: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    title_derived: bool = False  # no headline in the text: the title is cut from the first sentence


@dataclass
class _Line:
    text: str
    key: str
    block: int


def line_key(text: str) -> str:
    """What makes two lines "the same": case and spacing ignored."""
    return " ".join(text.split()).casefold()


# --- paragraphs -----------------------------------------------------------------------------


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    block = 0
    previous_blank = True
    for raw in text.split("\n"):
        stripped = " ".join(raw.split())
        if not stripped:
            if not previous_blank:
                block += 1
            previous_blank = True
            continue
        out.append(_Line(stripped, line_key(stripped), block))
        previous_blank = False
    return out


def _join(prev: str, line: str) -> str:
    if prev.endswith("-") and len(prev) > 1 and prev[-2].isalpha() and line[:1].islower():
        return prev + line  # a word hyphenated at the line end keeps its hyphen
    return f"{prev} {line}"


def _continues(line: str, after_full_line: bool) -> bool:
    """Whether ``line`` reads as the rest of the previous one: a lowercase start; or, in a script
    without case (Arabic), where no capital marks a new sentence, a letter after a line that ran
    to the full width (a short line, like a headline, ends its paragraph)."""
    first = line[:1]
    return first.islower() or (after_full_line and first.isalpha() and first.lower() == first.upper())


def block_paragraphs(lines: list[str]) -> list[str]:
    """Paragraphs of one blank-line-separated block of lines.

    Hard-wrapped text (lines of similar length, at most ~130 characters) is joined, a short line
    ending a paragraph; otherwise each line stands alone unless it plainly continues the previous
    one (no final punctuation and a lowercase start; see :func:`_continues` for scripts without case).
    Bulleted or numbered lines always start a new paragraph.
    """
    lines = [" ".join(line.split()) for line in lines if line.strip()]
    if len(lines) <= 1:
        return lines
    width = max(len(line) for line in lines)
    body = lines[:-1]
    wrapped = (
        40 <= width <= 130
        and sum(len(line) >= 0.6 * width for line in body) >= 0.7 * len(body)
        and sum(bool(_SENTENCE_END.search(line)) for line in body) <= 0.5 * len(body)
        and len({line_key(line) for line in lines}) == len(lines)  # repeated lines are not wrapping
    )
    paragraphs = [lines[0]]
    for prev, line in zip(lines, lines[1:]):
        if _BULLET.match(line):
            joined = False
        elif wrapped:
            joined = len(prev) >= 0.6 * width
        else:
            joined = not _TERMINAL.search(prev) and _continues(line, len(prev) >= 0.6 * width)
        if joined:
            paragraphs[-1] = _join(paragraphs[-1], line)
        else:
            paragraphs.append(line)
    return paragraphs


def _paragraphs_of(lines: list[_Line]) -> list[str]:
    out: list[str] = []
    start = 0
    for i in range(1, len(lines) + 1):
        if i == len(lines) or lines[i].block != lines[start].block:
            out.extend(block_paragraphs([ln.text for ln in lines[start:i]]))
            start = i
    return out


def text_paragraphs(text: str) -> list[str]:
    """All paragraphs of a text, in order (no feed splitting, nothing dropped)."""
    return _paragraphs_of(_lines(text))


# --- headers --------------------------------------------------------------------------------


def _headline_like(text: str, *, repeated: bool = False) -> bool:
    """Short enough for a headline and not a list item. A headline that reappears in its header
    (``repeated``) has the structure to prove it, so it may end with a period ("Talks Resume in
    Geneva.") and run longer than a line; otherwise it is short and has no final period."""
    chars, words = (MAX_REPEATED_HEADLINE_CHARS, MAX_REPEATED_HEADLINE_WORDS) if repeated else (
        MAX_HEADLINE_CHARS, MAX_HEADLINE_WORDS)
    return (
        len(text) <= chars
        and len(text.split()) <= words
        and (repeated or not text.endswith("."))
        and not _BULLET.match(text)
    )


def _short(text: str) -> bool:
    return len(text) <= 20 and len(text.split()) <= 3 and not _SENTENCE_END.search(text)


@dataclass
class _Header:
    start: int  # index of the headline line
    end: int  # index of the first line after the header
    title: str
    captions: list[str]
    markers: set[str]  # keys of debris lines inside this header
    strict_markers: set[str]  # keys of marker tokens (like "TT"), dropped anywhere in the feed
    repeated_headline: bool = True  # the headline reappears inside the header


def _header_region(lines: list[_Line], i: int) -> tuple[list[_Line], int, bool] | None:
    """Lines of a header starting with the headline at ``i``: (region, end, headline repeated).

    Either the headline reappears within HEADER_WINDOW lines (the region is what lies between,
    plus the repeats that follow), or, without a repeat, a run of repeated caption lines and a
    marker follow the headline directly.
    """
    head = lines[i]
    limit = min(len(lines), i + HEADER_WINDOW)
    j = next((j for j in range(i + 2, limit) if lines[j].key == head.key), None)
    if j is not None:
        keys = {ln.key for ln in lines[i + 1 : j]}
        k = j + 1
        while k < len(lines) and (lines[k].key in keys or _STRICT_MARKER.match(lines[k].text)):
            k += 1
        return lines[i + 1 : j] + lines[j + 1 : k], k, True
    keys = set()
    k = i + 1
    while k < limit:
        ln = lines[k]
        starts_run = k + 1 < len(lines) and lines[k + 1].key == ln.key
        if not (ln.key in keys or starts_run or _STRICT_MARKER.match(ln.text) or k == i + 1):
            break
        keys.add(ln.key)
        k += 1
    return (lines[i + 1 : k], k, False) if k > i + 1 else None


def _find_header(lines: list[_Line], i: int) -> _Header | None:
    head = lines[i]
    if not _headline_like(head.text, repeated=True) or (i + 1 < len(lines) and lines[i + 1].key == head.key):
        return None  # a run of identical lines is a repeated caption, not a headline
    if i > 0 and lines[i - 1].key == head.key:
        return None
    found = _header_region(lines, i)
    if found is None:
        return None
    region, end, repeated_headline = found
    if not repeated_headline and not _headline_like(head.text):
        return None  # without its repeat, a long line or one ending with a period is a sentence
    counts = Counter(ln.key for ln in region)
    strict = {ln.key for ln in region if _STRICT_MARKER.match(ln.text)}
    repeated = {key for key, n in counts.items() if n >= 2 and key not in strict}
    if repeated_headline and not (strict or repeated):
        return None  # a line that merely recurs, with no header debris around it
    if repeated_headline and any(counts[ln.key] == 1 and not _short(ln.text) for ln in region):
        return None  # body text between the two copies: a recurring line (a subheading, a credit)
    if not repeated_headline and not (strict and repeated):
        return None  # without the headline repeat, both a caption run and a marker are needed
    markers = strict | {ln.key for ln in region if counts[ln.key] == 1 and _short(ln.text)}
    captions: list[str] = []
    seen = {head.key}
    for ln in region:
        if ln.key not in seen and ln.key not in markers:
            captions.append(ln.text)
            seen.add(ln.key)
    return _Header(i, end, head.text, captions, markers, strict, repeated_headline)


def _find_headers(lines: list[_Line]) -> list[_Header]:
    headers: list[_Header] = []
    i = 0
    while i < len(lines):
        header = _find_header(lines, i)
        if header is not None and not header.repeated_headline and _find_header(lines, i + 1) is not None:
            # A line closing the previous body (a quote, a credit, a subheading) sits right
            # above the real headline: the header starts one line later.
            header = None
        if header is None:
            i += 1
        else:
            headers.append(header)
            i = header.end
    return headers


# --- articles -------------------------------------------------------------------------------


def _clean_body(paragraphs: list[str], drop: set[str]) -> list[str]:
    out: list[str] = []
    last = None
    for para in paragraphs:
        key = line_key(para)
        if key in drop or key == last:
            continue
        out.append(para)
        last = key
    return out


def _first_sentence_title(paragraph: str) -> str:
    from desk.core.text.langid import detect_lang
    from desk.core.text.segment import split_sentences

    sentences = split_sentences(paragraph, detect_lang(paragraph))
    first = sentences[0] if sentences else paragraph
    if len(first) <= TITLE_CHARS:
        return first
    cut = first[:TITLE_CHARS].rsplit(" ", 1)[0].rstrip(",;:،؛ ")
    return cut + "…"


def plain_article(paragraphs: list[str], title: str | None = None) -> RawArticle | None:
    """One article from paragraphs with no feed structure."""
    paragraphs = _clean_body(paragraphs, set())
    if not paragraphs:
        return None
    first = paragraphs[0]
    if title and line_key(first) == line_key(title):
        body = paragraphs[1:] or paragraphs
        return RawArticle(title=title, paragraphs=body)
    if len(paragraphs) > 1 and _headline_like(first) and not _TERMINAL.search(first) and len(first.split()) <= 20:
        return RawArticle(title=first, paragraphs=paragraphs[1:])
    if title:
        return RawArticle(title=title, paragraphs=paragraphs)
    return RawArticle(title=_first_sentence_title(first), paragraphs=paragraphs, title_derived=True)


def split_feed(text: str, title: str | None = None) -> list[RawArticle]:
    """Split a feed dump into articles; text without feed structure is one article.

    ``title`` (e.g. an HTML <title>) names the article when the text is a single article.
    """
    lines = _lines(text)
    headers = _find_headers(lines)
    if not headers:
        single = plain_article(_paragraphs_of(lines), title)
        return [single] if single else []
    markers = set().union(*(h.strict_markers for h in headers))
    articles: list[RawArticle] = []
    preamble = [ln for ln in lines[: headers[0].start] if ln.key not in markers]
    if preamble:
        log.info("feed: %d line(s) before the first headline kept as an article", len(preamble))
        lead = plain_article(_paragraphs_of(preamble))
        if lead:
            articles.append(lead)
    for n, header in enumerate(headers):
        stop = headers[n + 1].start if n + 1 < len(headers) else len(lines)
        body_lines = [ln for ln in lines[header.end : stop] if ln.key not in markers]
        drop = {line_key(header.title)} | {line_key(c) for c in header.captions}
        paragraphs = _clean_body(_paragraphs_of(body_lines), drop)
        articles.append(RawArticle(title=header.title, captions=header.captions, paragraphs=paragraphs))
    log.info("feed: %d article(s)", len(articles))
    return articles
