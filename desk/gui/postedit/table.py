"""The post-editing table: a model over a session's sentences, the in-place editor and its delegate.

Columns: Source, Translation (editable), Status (origin, confirmed, QA flags). Arabic columns are
laid out right-to-left in the Arabic font, in the cells and in the editor.
"""
from __future__ import annotations

from typing import cast

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QKeyEvent,
    QPainter,
    QPalette,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QApplication,
    QPlainTextEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from desk.core.model import Target
from desk.gui.fonts import font_for_lang
from desk.gui.panes.marks import WORD
from desk.gui.postedit.controller import PostEditController

SID_ROLE = int(Qt.ItemDataRole.UserRole) + 1
ORIGIN_COLORS = {"machine": QColor("#ffffff"), "memory": QColor("#e6f0fb"), "edited": QColor("#fff3d1")}
CONFIRMED_COLOR = QColor("#e2f3df")
FLAG_COLOR = QColor("#b3261e")
SHORT_FLAGS = {"empty": "empty", "untranslated": "untranslated", "number-mismatch": "number",
               "date-mismatch": "date", "name-missing": "name", "repetition": "repeats", "glossary": "glossary",
               "truncated": "cut"}
UNSURE = "◌ unsure"  # the quiet marker of the least confident machine sentences
UNSURE_COLOR = QColor("#8a6d3b")
ORIGIN_TIPS = {"machine": "Machine translation", "memory": "Reused from the translation memory (exact match)",
               "edited": "Edited by you"}
SOURCE, TARGET, STATUS = range(3)
TEXT_MARGIN = 4  # between a cell's edge and its text


def status_text(origin: str, confirmed: bool, flags: list[str], unsure: bool = False) -> str:
    lines = [origin + (" ✓" if confirmed else "")]
    if flags:
        lines.append("⚑ " + ", ".join(SHORT_FLAGS.get(f, f) for f in flags))
    if unsure and not confirmed:
        lines.append(UNSURE)
    return "\n".join(lines)


class PostEditModel(QAbstractTableModel):
    """Rows = the session's sentences, in document order or in review order (flagged, then the
    least confident, see ``desk.core.workbench.review``); ids from the article."""

    def __init__(self, controller: PostEditController) -> None:
        super().__init__()
        self.c = controller
        self.ids: list[str] = []
        self.review_order = False
        self.unsure: set[str] = set()  # the least confident machine sentences of the article
        self._rows: dict[str, tuple[Target | None, bool]] = {}  # sid → (target copy, confirmed)

    def reload(self) -> None:
        """Re-read the rows (and their order) from the session."""
        from desk.core.workbench.review import low_confidence

        self.beginResetModel()
        session = self.c.session
        self.ids = session.review_order() if session is not None and self.review_order else self.c.sentence_ids()
        self.unsure = low_confidence(session.translation.targets) if session is not None else set()
        self._rows.clear()
        self.endResetModel()

    def _row(self, sentence_id: str) -> tuple[Target | None, bool]:
        row = self._rows.get(sentence_id)
        if row is None and self.c.session is not None:
            row = self._rows[sentence_id] = (self.c.session.target(sentence_id),
                                             self.c.session.is_confirmed(sentence_id))
        return row or (None, False)

    def is_unsure(self, sentence_id: str, origin: str) -> bool:
        return origin == "machine" and sentence_id in self.unsure

    def row_of(self, sentence_id: str) -> int:
        try:
            return self.ids.index(sentence_id)
        except ValueError:
            return -1

    def refresh(self, sentence_id: str | None = None) -> None:
        """Re-read one sentence (or all) from the session and repaint it."""
        if sentence_id is None:
            from desk.core.workbench.review import low_confidence

            self._rows.clear()
            session = self.c.session
            self.unsure = low_confidence(session.translation.targets) if session is not None else set()
            if self.ids:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self.ids) - 1, STATUS))
            return
        self._rows.pop(sentence_id, None)
        row = self.row_of(sentence_id)
        if row >= 0:
            self.dataChanged.emit(self.index(row, 0), self.index(row, STATUS))

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return ("Source", "Translation", "Status")[section]
        return self.ids[section] if 0 <= section < len(self.ids) else None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if index.column() == TARGET else base

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        session = self.c.session
        if session is None or not index.isValid() or index.row() >= len(self.ids):
            return None
        sid, col = self.ids[index.row()], index.column()
        if role == SID_ROLE:
            return sid
        target, confirmed = self._row(sid)
        origin = target.origin if target is not None else "machine"
        flags = list(target.flags) if target is not None else []
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == SOURCE:
                return session.source_text(sid)
            if col == TARGET:
                return target.text if target is not None else ""
            return status_text(origin, confirmed, flags, self.is_unsure(sid, origin)) if target is not None \
                else "not translated"
        if role == Qt.ItemDataRole.BackgroundRole:
            if col == SOURCE:
                return None
            return CONFIRMED_COLOR if confirmed else ORIGIN_COLORS.get(origin)
        if role == Qt.ItemDataRole.ForegroundRole and col == STATUS and (flags or self.is_unsure(sid, origin)):
            return FLAG_COLOR if flags else UNSURE_COLOR
        if role == Qt.ItemDataRole.ToolTipRole and target is not None and col in (TARGET, STATUS):
            return self._tooltip(sid, target, confirmed)
        return None

    def _tooltip(self, sid: str, target: Target, confirmed: bool) -> str:
        from desk.core.workbench.review import describe_confidence

        tip = [ORIGIN_TIPS.get(target.origin, target.origin) + (", confirmed" if confirmed else "")]
        if target.origin == "machine" and target.confidence is not None:
            line = describe_confidence(target)
            if self.is_unsure(sid, target.origin):
                line += ": one of the sentences the model was least sure of in this article"
            tip.append(line)
        tip += [f"⚑ {m}" for m in self.c.issue_messages(sid)]
        return "\n".join(tip)

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: object,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != TARGET or index.row() >= len(self.ids):
            return False
        return self.c.edit(self.ids[index.row()], str(value)) is not None


class SentenceEditor(QPlainTextEdit):
    """The in-place editor: Enter saves, Ctrl+Enter saves and confirms (one sentence, one line)."""

    commit = Signal(bool)  # confirm too?

    def event(self, event: object) -> bool:
        if isinstance(event, QKeyEvent) and event.type() == QKeyEvent.Type.ShortcutOverride \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape):
            event.accept()  # our keys (Esc: cancel the edit), not the window's shortcuts
            return True
        return super().event(event)  # type: ignore[arg-type]

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.commit.emit(bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier))
            return
        super().keyPressEvent(event)


class PostEditDelegate(QStyledItemDelegate):
    """Right-to-left cells and editor for Arabic columns; Enter / Ctrl+Enter handling. Source and
    translation cells are laid out as text documents, so a point resolves to a character (hovered
    words) and linked words can be highlighted in them."""

    confirm_requested = Signal(str)

    def __init__(self, controller: PostEditController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.c = controller
        self.words: dict[tuple[str, int], list[tuple[int, int]]] = {}  # (sentence id, column) → spans

    # --- text cells as documents (word highlight, hit testing) ------------------------------------
    def _document(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QTextDocument:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        doc = QTextDocument()
        doc.setDocumentMargin(0)
        doc.setDefaultFont(opt.font)
        text_option = QTextOption(opt.displayAlignment)
        text_option.setTextDirection(opt.direction)
        text_option.setWrapMode(QTextOption.WrapMode.WordWrap)
        doc.setDefaultTextOption(text_option)
        doc.setPlainText(str(index.data(Qt.ItemDataRole.DisplayRole) or ""))
        doc.setTextWidth(max(1, self._text_rect(opt).width()))
        spans = self.words.get((str(index.data(SID_ROLE)), index.column()), [])
        for start, end in spans:
            cursor = QTextCursor(doc)
            cursor.setPosition(min(start, doc.characterCount() - 1))
            cursor.setPosition(min(end, doc.characterCount() - 1), QTextCursor.MoveMode.KeepAnchor)
            fmt = QTextCharFormat()
            fmt.setBackground(WORD)
            cursor.mergeCharFormat(fmt)
        return doc

    @staticmethod
    def _text_rect(option: QStyleOptionViewItem) -> QRect:
        return option.rect.adjusted(TEXT_MARGIN, 1, -TEXT_MARGIN, -1)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        if index.column() == STATUS:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        doc = self._document(option, index)
        opt.text = ""  # background, selection and focus from the style; the text from the document
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        context = QAbstractTextDocumentLayout.PaintContext()
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(role))
        rect = self._text_rect(opt)
        painter.save()
        painter.translate(rect.topLeft())
        painter.setClipRect(QRect(0, 0, rect.width(), rect.height()))
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:  # noqa: N802
        if index.column() == STATUS:
            return super().sizeHint(option, index)
        doc = self._document(option, index)
        return QSize(int(doc.idealWidth()) + 2 * TEXT_MARGIN, int(doc.size().height()) + 2)

    def point_of(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex, offset: int) -> QPoint:
        """The viewport point in the middle of the character at ``offset`` of a cell."""
        doc = self._document(option, index)
        doc.size()  # lays the document out
        block = doc.findBlock(offset)
        line = block.layout().lineForTextPosition(offset - block.position())
        if not line.isValid():
            return self._text_rect(option).center()
        # PySide6 returns (x, cursor position); its stubs say object
        x1 = cast("tuple[float, int]", line.cursorToX(offset - block.position()))[0]
        x2 = cast("tuple[float, int]", line.cursorToX(offset + 1 - block.position()))[0]
        rect = self._text_rect(option)
        return QPoint(rect.left() + int((x1 + x2) / 2), rect.top() + int(line.y() + line.height() / 2))

    def offset_at(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex,
                  point: QPoint) -> int:
        """The character of the cell's text under ``point`` (viewport coordinates); -1 off the text."""
        if index.column() == STATUS:
            return -1
        doc = self._document(option, index)
        rect = self._text_rect(option)
        local = QPointF(point.x() - rect.left(), point.y() - rect.top())
        return doc.documentLayout().hitTest(local, Qt.HitTestAccuracy.ExactHit)

    def lang_of(self, column: int) -> str:
        s = self.c.session
        if s is None:
            return "en"
        return s.source_lang if column == SOURCE else s.target_lang if column == TARGET else "en"

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        super().initStyleOption(option, index)
        lang = self.lang_of(index.column())
        if index.column() != STATUS:
            option.font = font_for_lang(lang, option.font)
        rtl = lang == "ar" and index.column() != STATUS
        option.direction = Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
        # Absolute: a plain AlignRight would be mirrored to the left in a right-to-left cell.
        option.displayAlignment = (Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft) \
            | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignTop

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,  # noqa: N802
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        editor = SentenceEditor(parent)
        editor.setObjectName("postedit_editor")
        lang = self.lang_of(index.column())
        editor.setFont(font_for_lang(lang, option.font))
        if lang == "ar":
            editor.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        editor.setProperty("sentence_id", index.data(SID_ROLE))
        editor.commit.connect(lambda confirm, e=editor: self._commit(e, confirm))
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        assert isinstance(editor, SentenceEditor)
        editor.setPlainText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
        editor.moveCursor(editor.textCursor().MoveOperation.End)

    def setModelData(self, editor: QWidget, model: object, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        assert isinstance(editor, SentenceEditor)
        text = " ".join(editor.toPlainText().split())
        if text != (index.data(Qt.ItemDataRole.EditRole) or ""):
            model.setData(index, text, Qt.ItemDataRole.EditRole)  # type: ignore[attr-defined]

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem,  # noqa: N802
                             index: QModelIndex | QPersistentModelIndex) -> None:
        rect = option.rect
        rect.setHeight(max(rect.height(), editor.fontMetrics().lineSpacing() * 3 + 12))
        editor.setGeometry(rect)

    def _commit(self, editor: SentenceEditor, confirm: bool) -> None:
        sid = str(editor.property("sentence_id") or "")
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        if confirm and sid:
            self.confirm_requested.emit(sid)
