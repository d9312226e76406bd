"""Text as PDF producers leave it, made into ordinary Unicode text.

Many PDFs (older word processors, press and layout programs, Qt's own PDF writer) store Arabic as
the glyphs on the page: contextual *presentation forms* (U+FB50-U+FDFF, U+FE70-U+FEFF) in *visual*
order, so a text layer reads "رﻮﺻﺎﻨﻳد" for "ديناصور". Latin text comes with typographic ligatures
("ﬁ", "ﬂ"). Both defeat everything downstream (sentence splitting, language id, the memory, the
glossary, translation). :func:`normalize_pdf_text` turns lines in visual order back into logical
order (only where the letters' own shapes say the line is reversed) and unfolds the presentation
forms and ligatures into the letters they stand for.
"""
from __future__ import annotations

import re
import unicodedata

# Arabic presentation forms A and B, and the Latin/Armenian/Hebrew compatibility ligatures.
_COMPAT = re.compile("[\ufb00-\ufb4f\ufb50-\ufdff\ufe70-\ufeff]")
_PRESENTATION = "[\ufb50-\ufdff\ufe70-\ufefe]"
_SHAPED_WORD = re.compile(f"{_PRESENTATION}(?:[{_PRESENTATION[1:-1]}\u064b-\u065f\u0621-\u064a]*{_PRESENTATION})?")
# Runs that a reversed line shows left to right (Latin, digits), with the punctuation inside them.
_LTR_RUN = re.compile(r"[A-Za-z0-9\u00c0-\u024f\u0660-\u0669\u06f0-\u06f9]+"
                      r"(?:[ .,:/%'\-]+[A-Za-z0-9\u00c0-\u024f\u0660-\u0669\u06f0-\u06f9]+)*")
_ARABIC = re.compile("[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufefe]")
_MIRROR = str.maketrans("()[]{}<>«»", ")(][}{><»«")


def _form(char: str) -> str:
    """'initial', 'medial', 'final', 'isolated' for a presentation form, else ''."""
    decomposition = unicodedata.decomposition(char)
    return decomposition[1:decomposition.index(">")] if decomposition.startswith("<") else ""


def order_evidence(line: str) -> int:
    """How many shaped Arabic words of ``line`` run backwards (ending in an initial form or
    starting with a final one) minus how many run forwards: > 0 means visual order."""
    score = 0
    for word in _SHAPED_WORD.findall(line):
        first, last = _form(word[0]), _form(word[-1])
        score += (last == "initial" or first == "final") - (first == "initial" or last == "final")
    return score


def logical_order(line: str) -> str:
    """A visual-order line in reading order: reversed, with left-to-right runs (numbers, Latin)
    turned back and brackets mirrored."""
    reversed_line = line[::-1].translate(_MIRROR)
    return _LTR_RUN.sub(lambda m: m.group(0)[::-1].translate(_MIRROR), reversed_line)


def normalize_pdf_text(text: str) -> str:
    """``text`` with visual-order Arabic lines in reading order and compatibility forms unfolded.
    A line whose letters give no evidence (isolated letters only) follows the text as a whole."""
    if not _COMPAT.search(text):
        return text
    lines = text.split("\n")
    evidence = [order_evidence(line) for line in lines]
    overall = sum(evidence) > 0
    lines = [logical_order(line) if score > 0 or (score == 0 and overall and _ARABIC.search(line)) else line
             for line, score in zip(lines, evidence)]
    return _COMPAT.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), "\n".join(lines))
