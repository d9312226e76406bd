"""A read-only text view whose every sentence is addressable by its id.

The view renders blocks (headline, captions, paragraphs or summary picks) of
``(sentence_id, text)`` pairs into a QTextDocument and keeps a sorted map of character
ranges → sentence ids. A click resolves to an id through that map; highlights and
scrolling take ids. Arabic content is laid out right-to-left.
"""
from __future__ import annotations

import bisect
import logging

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QHelpEvent,
    QMouseEvent,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextOption,
)
from PySide6.QtWidgets import QTextBrowser, QToolTip, QWidget

from desk.gui.fonts import font_for_lang, insert_text
from desk.gui.panes.blocks import ViewBlock
from desk.gui.panes.marks import Note, selections

log = logging.getLogger(__name__)


def _visual_alignment(rtl: bool) -> Qt.AlignmentFlag:
    """Right edge for Arabic panes, left otherwise, whatever script a line starts with.

    Without AlignAbsolute Qt mirrors Left/Right by each paragraph's direction, so a Latin line
    (a name, a number, a random test model's output) would jump to the other edge.
    """
    side = Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
    return side | Qt.AlignmentFlag.AlignAbsolute


FOCUS_STYLE = ("QTextBrowser { border: 2px solid transparent; }"
               "QTextBrowser:focus { border: 2px solid palette(highlight); }")


class SentenceView(QTextBrowser):
    """Shows sentences; emits ``sentence_clicked(id)``; highlights and scrolls by id."""

    sentence_clicked = Signal(str)
    word_hovered = Signal(str, int)  # sentence id and character offset in it ("" and -1: none)
    word_clicked = Signal(str, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.document().setDocumentMargin(12)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setStyleSheet(FOCUS_STYLE)  # keyboard focus shows as a highlighted frame
        self._lang = "en"
        self._starts: list[int] = []
        self._ranges: list[tuple[int, int, str]] = []  # sorted (start, end, id)
        self._by_id: dict[str, tuple[int, int]] = {}
        self._highlighted: list[str] = []
        self._marked: list[str] = []
        self._press_pos: QPoint | None = None
        self._words: list[tuple[str, int, int]] = []  # highlighted words: (sentence id, start, end)
        self._notes: dict[str, Note] = {}
        self._hovered: tuple[str, int] = ("", -1)
        self.viewport().setMouseTracking(True)
        self._rendered: list[tuple[str, list[tuple[str, str]]]] = []  # what the document shows
        self.rendering = False  # True while set_blocks rebuilds (scroll changes are not the user's)
        self.set_lang("en")

    # --- content ---------------------------------------------------------------------------
    @property
    def lang(self) -> str:
        return self._lang

    def set_lang(self, lang: str) -> None:
        self._lang = lang
        rtl = lang == "ar"
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight)
        option = QTextOption(self.document().defaultTextOption())
        option.setTextDirection(Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight)
        option.setAlignment(_visual_alignment(rtl))
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.document().setDefaultTextOption(option)
        self.document().setDefaultFont(font_for_lang(lang, self.font()))

    def set_blocks(self, blocks: list[ViewBlock], lang: str, keep_scroll: bool = True) -> None:
        """Render ``blocks``; keeps the scroll position so streamed updates do not jump.

        When ``blocks`` only add sentences after what is shown (a translation streaming in
        document order), just the new text is appended: the cost of an update does not grow
        with the length of the document.
        """
        blocks = [b for b in blocks if b.sentences]
        self.rendering = True
        try:
            if keep_scroll and lang == self._lang and self._rendered and self._extends(blocks):
                self._append(blocks)
            else:
                self._render(blocks, lang, keep_scroll)
            self._rendered = [(b.kind, list(b.sentences)) for b in blocks]
        finally:
            self.rendering = False

    def _extends(self, blocks: list[ViewBlock]) -> bool:
        old = self._rendered
        if len(blocks) < len(old):
            return False
        for i, (kind, sentences) in enumerate(old):
            new = blocks[i]
            if new.kind != kind or new.sentences[: len(sentences)] != sentences:
                return False
            if i < len(old) - 1 and len(new.sentences) != len(sentences):
                return False
        return True

    def _append(self, blocks: list[ViewBlock]) -> None:
        doc = self.document()
        base = doc.defaultFont()
        cursor = QTextCursor(doc)
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.beginEditBlock()
        last = len(self._rendered) - 1
        for i in range(last, len(blocks)):
            block = blocks[i]
            fmt = self._char_format(block.kind, base)
            done = len(self._rendered[last][1]) if i == last else 0
            if i > last:
                self._begin_block(cursor, block.kind, fmt, new=True)
            self._insert_sentences(cursor, block, fmt, done)
        cursor.endEditBlock()
        self._starts = [r[0] for r in self._ranges]
        self._apply_selections()

    def _render(self, blocks: list[ViewBlock], lang: str, keep_scroll: bool) -> None:
        scroll = self.verticalScrollBar().value()
        self.set_lang(lang)
        doc = self.document()
        doc.clear()
        self._ranges, self._by_id = [], {}
        cursor = QTextCursor(doc)
        cursor.beginEditBlock()
        first = True
        base = doc.defaultFont()
        for block in blocks:
            fmt = self._char_format(block.kind, base)
            self._begin_block(cursor, block.kind, fmt, new=not first)
            first = False
            self._insert_sentences(cursor, block, fmt, 0)
        cursor.endEditBlock()
        self._ranges.sort()
        self._starts = [r[0] for r in self._ranges]
        self._apply_selections()
        # Our inserts dragged the widget's own (invisible) cursor to the end; park it at the start
        # so Qt's "show the cursor" logic (e.g. on the first show) never scrolls to the bottom.
        self.moveCursor(QTextCursor.MoveOperation.Start)
        self.verticalScrollBar().setValue(scroll if keep_scroll else 0)

    def _begin_block(self, cursor: QTextCursor, kind: str, fmt: QTextCharFormat, *, new: bool) -> None:
        """Start a paragraph of ``kind`` at the cursor (a new one unless it is the document's first)."""
        if new:
            cursor.insertBlock()
        cursor.setBlockFormat(self._block_format(kind))
        if kind == "pick":
            cursor.insertText("• ", fmt)

    def _insert_sentences(self, cursor: QTextCursor, block: ViewBlock, fmt: QTextCharFormat, first: int) -> None:
        """Insert ``block``'s sentences from index ``first`` on, space-separated, recording their ranges."""
        for j in range(first, len(block.sentences)):
            sid, text = block.sentences[j]
            if j:
                cursor.insertText(" ", fmt)
            start = cursor.position()
            insert_text(cursor, text, fmt, self._lang)
            self._ranges.append((start, cursor.position(), sid))
            self._by_id[sid] = (start, cursor.position())

    def _block_format(self, kind: str) -> QTextBlockFormat:
        fmt = QTextBlockFormat()
        rtl = self._lang == "ar"
        fmt.setLayoutDirection(Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight)
        fmt.setAlignment(_visual_alignment(rtl))
        fmt.setBottomMargin({"title": 10, "caption": 8, "para": 10, "pick": 8}.get(kind, 8))
        fmt.setLineHeight(100 if rtl else 115, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        return fmt

    @staticmethod
    def _char_format(kind: str, base: QFont) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setFont(base)
        if kind == "title":
            fmt.setFontWeight(QFont.Weight.Bold)
            fmt.setFontPointSize(base.pointSizeF() * 1.2)
        elif kind == "caption":
            fmt.setFontItalic(True)
            fmt.setForeground(QColor("#555555"))
        return fmt

    # --- lookup ----------------------------------------------------------------------------
    def sentence_ids(self) -> list[str]:
        return [r[2] for r in self._ranges]

    def text_of(self, sentence_id: str) -> str:
        start, end = self._by_id[sentence_id]
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        return cursor.selectedText()

    def has_sentence(self, sentence_id: str) -> bool:
        return sentence_id in self._by_id

    def sentence_at_position(self, pos: int) -> str | None:
        i = bisect.bisect_right(self._starts, pos) - 1
        if i < 0:
            return None
        start, end, sid = self._ranges[i]
        return sid if start <= pos <= end else None

    def sentence_at(self, point: QPoint) -> str | None:
        """The sentence under a point in viewport coordinates."""
        return self.sentence_at_position(self.cursorForPosition(point).position())

    def point_of(self, sentence_id: str) -> QPoint:
        """A viewport point inside the sentence (scrolls it into view first)."""
        self.scroll_to(sentence_id)
        start, end = self._by_id[sentence_id]
        cursor = QTextCursor(self.document())
        cursor.setPosition(min(end, start + max(1, (end - start) // 4)))
        return self.cursorRect(cursor).center()

    # --- highlight / mark ------------------------------------------------------------------
    def highlight(self, ids: list[str] | set[str]) -> None:
        self._highlighted = [i for i in ids if i in self._by_id]
        self._apply_selections()

    def highlighted_ids(self) -> list[str]:
        return list(self._highlighted)

    def mark(self, ids: list[str] | set[str]) -> None:
        self._marked = [i for i in ids if i in self._by_id]
        self._apply_selections()

    def marked_ids(self) -> list[str]:
        return list(self._marked)

    def highlight_words(self, words: list[tuple[str, int, int]]) -> None:
        """Highlight words given as (sentence id, start, end) offsets inside their sentence."""
        words = [w for w in words if w[0] in self._by_id]
        if words != self._words:
            self._words = words
            self._apply_selections()

    def highlighted_words(self) -> list[str]:
        """The text of the highlighted words (for tests and screen readers)."""
        out = []
        for sid, start, end in self._words:
            text = self.text_of(sid)
            out.append(text[start:end])
        return out

    def set_notes(self, notes: dict[str, Note]) -> None:
        """Quiet marks on sentences (flags, low confidence), explained by their tooltip."""
        if notes != self._notes:
            self._notes = dict(notes)
            self._apply_selections()

    def notes(self) -> dict[str, Note]:
        return dict(self._notes)

    def _apply_selections(self) -> None:
        self._highlighted = [i for i in self._highlighted if i in self._by_id]
        self._marked = [i for i in self._marked if i in self._by_id]
        self._words = [w for w in self._words if w[0] in self._by_id]
        self.setExtraSelections(selections(self.document(), self._by_id, marked=self._marked,
                                           highlighted=self._highlighted, words=self._words, notes=self._notes))

    # --- scrolling -------------------------------------------------------------------------
    def _y_of(self, pos: int) -> float:
        doc = self.document()
        block = doc.findBlock(pos)
        rect = doc.documentLayout().blockBoundingRect(block)
        line = block.layout().lineForTextPosition(pos - block.position())
        return rect.top() + (line.y() if line.isValid() else 0.0)

    def is_visible(self, sentence_id: str) -> bool:
        start, end = self._by_id[sentence_id]
        top = self.verticalScrollBar().value()
        bottom = top + self.viewport().height()
        return self._y_of(start) >= top and self._y_of(end) <= bottom - 10

    def scroll_to(self, sentence_id: str) -> None:
        """Bring a sentence into view (centred if it was off screen)."""
        if sentence_id not in self._by_id or self.is_visible(sentence_id):
            return
        y = self._y_of(self._by_id[sentence_id][0])
        self.verticalScrollBar().setValue(int(y - self.viewport().height() / 3))

    def top_sentence_id(self) -> str | None:
        pos = self.cursorForPosition(QPoint(self.viewport().width() // 2, 4)).position()
        i = bisect.bisect_right(self._starts, pos) - 1
        return self._ranges[max(0, i)][2] if self._ranges else None

    def scroll_sentence_to_top(self, sentence_id: str) -> None:
        if sentence_id in self._by_id:
            self.verticalScrollBar().setValue(int(self._y_of(self._by_id[sentence_id][0])) - 2)

    # --- words and tooltips -------------------------------------------------------------------
    def word_at(self, point: QPoint) -> tuple[str, int]:
        """(sentence id, offset in it) of the character under a viewport point; ("", -1) off text."""
        doc_point = QPointF(point.x() + self.horizontalScrollBar().value(),
                            point.y() + self.verticalScrollBar().value())
        pos = self.document().documentLayout().hitTest(doc_point, Qt.HitTestAccuracy.ExactHit)
        sid = self.sentence_at_position(pos) if pos >= 0 else None
        if sid is None:
            return "", -1
        start, end = self._by_id[sid]
        return (sid, pos - start) if pos < end else ("", -1)

    def point_of_word(self, sentence_id: str, offset: int) -> QPoint:
        """A viewport point on the character at ``offset`` of a sentence (scrolls it into view)."""
        self.scroll_to(sentence_id)
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._by_id[sentence_id][0] + offset + 1)
        rect = self.cursorRect(cursor)
        left = QTextCursor(self.document())
        left.setPosition(self._by_id[sentence_id][0] + offset)
        other = self.cursorRect(left)
        return QPoint((rect.center().x() + other.center().x()) // 2, rect.center().y())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        super().mouseMoveEvent(event)
        hovered = self.word_at(event.position().toPoint())
        if hovered != self._hovered:
            self._hovered = hovered
            self.word_hovered.emit(*hovered)

    def leaveEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        super().leaveEvent(event)
        if self._hovered != ("", -1):
            self._hovered = ("", -1)
            self.word_hovered.emit("", -1)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            point = self.viewport().mapFrom(self, event.pos())
            sid = self.sentence_at(point)
            note = self._notes.get(sid) if sid else None
            if note is not None:
                QToolTip.showText(event.globalPos(), note.tip, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    # --- clicks ----------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        self._press_pos = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        super().mouseReleaseEvent(event)
        pos = event.position().toPoint()
        if event.button() != Qt.MouseButton.LeftButton or self._press_pos is None:
            return
        moved = (pos - self._press_pos).manhattanLength()
        self._press_pos = None
        if moved > 4 or self.textCursor().hasSelection():
            return  # a text selection, not a click
        sid = self.sentence_at(pos)
        if sid is not None:
            self.sentence_clicked.emit(sid)
            word_sid, offset = self.word_at(pos)
            if word_sid:
                self.word_clicked.emit(word_sid, offset)
