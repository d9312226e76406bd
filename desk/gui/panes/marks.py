"""What a sentence view paints over its text: the linked sentence, marked sentences, highlighted
words, and quiet notes (a wavy underline for a flagged sentence, a dotted one for a sentence the
model was unsure of), as the ``ExtraSelection`` list Qt draws."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextEdit

HIGHLIGHT = QColor("#ffd966")  # the clicked sentence and its counterparts
MARK = QColor("#dbe9f9")  # e.g. original sentences that the summary picked
WORD = QColor("#f6a04d")  # a word and the words aligned with it in the other pane
FLAG_LINE = QColor("#b3261e")  # a sentence the quality checks flagged (wavy underline)
UNSURE_LINE = QColor("#b08d57")  # one of the least confident machine sentences (dotted underline)


@dataclass
class Note:
    """A quiet mark on one sentence: ``kind`` "flag" (wavy red underline) or "unsure" (dotted
    underline), and the tooltip that explains it."""

    kind: str
    tip: str


def _cursor(doc: QTextDocument, start: int, end: int) -> QTextCursor:
    cursor = QTextCursor(doc)
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    return cursor


def selections(doc: QTextDocument, by_id: dict[str, tuple[int, int]], *, marked: list[str], highlighted: list[str],
               words: list[tuple[str, int, int]], notes: dict[str, Note]) -> list[QTextEdit.ExtraSelection]:
    """Notes first, then marks, the linked sentence and the words on top (later ones paint over)."""
    out = []
    for sid, note in notes.items():
        if sid not in by_id:
            continue
        sel = QTextEdit.ExtraSelection()
        sel.cursor = _cursor(doc, *by_id[sid])
        flagged = note.kind == "flag"
        sel.format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline if flagged
                                     else QTextCharFormat.UnderlineStyle.DotLine)
        sel.format.setUnderlineColor(FLAG_LINE if flagged else UNSURE_LINE)
        out.append(sel)
    for ids, color in ((marked, MARK), (highlighted, HIGHLIGHT)):
        for sid in ids:
            sel = QTextEdit.ExtraSelection()
            sel.cursor = _cursor(doc, *by_id[sid])
            sel.format.setBackground(color)
            out.append(sel)
    for sid, start, end in words:
        base, stop = by_id[sid]
        sel = QTextEdit.ExtraSelection()
        sel.cursor = _cursor(doc, base + start, min(base + end, stop))
        sel.format.setBackground(WORD)
        out.append(sel)
    return out
