"""The post-editing mode of the Translation pane: one row per sentence, the translation editable.

Rows show the source, the translation (edit in place: double-click, F2 or start typing; Enter
saves, Ctrl+Enter saves and confirms, Esc cancels) and a status: where the text comes from
(machine, memory, edited), whether it is confirmed, and its QA flags. Under the table, fuzzy
memory matches for the current sentence and the list of flagged sentences. The view only
renders and forwards: everything is done by the ``PostEditController``.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate, QAbstractItemView, QCheckBox, QHBoxLayout, QHeaderView, QLabel, QListWidget,
    QListWidgetItem, QPlainTextEdit, QSplitter, QStackedWidget, QStyledItemDelegate, QStyleOptionViewItem,
    QTableView, QTabWidget, QToolButton, QVBoxLayout, QWidget,
)

from desk.core.model import Target
from desk.core.qa import FLAG_LABELS
from desk.gui.fonts import font_for_lang, lang_name
from desk.gui.postedit_controller import PostEditController

log = logging.getLogger(__name__)

SID_ROLE = int(Qt.ItemDataRole.UserRole) + 1
ORIGIN_COLORS = {"machine": QColor("#ffffff"), "memory": QColor("#e6f0fb"), "edited": QColor("#fff3d1")}
CONFIRMED_COLOR = QColor("#e2f3df")
FLAG_COLOR = QColor("#b3261e")
SHORT_FLAGS = {"empty": "empty", "untranslated": "untranslated", "number-mismatch": "number",
               "date-mismatch": "date", "name-missing": "name", "repetition": "repeats", "glossary": "glossary"}
ORIGIN_TIPS = {"machine": "Machine translation", "memory": "Reused from the translation memory (exact match)",
               "edited": "Edited by you"}
SOURCE, TARGET, STATUS = range(3)


def status_text(origin: str, confirmed: bool, flags: list[str]) -> str:
    lines = [origin + (" ✓" if confirmed else "")]
    if flags:
        lines.append("⚑ " + ", ".join(SHORT_FLAGS.get(f, f) for f in flags))
    return "\n".join(lines)


class PostEditModel(QAbstractTableModel):
    """Rows = the session's sentences in document order (ids from the article)."""

    def __init__(self, controller: PostEditController) -> None:
        super().__init__()
        self.c = controller
        self.ids: list[str] = []
        self._rows: dict[str, tuple[Target | None, bool]] = {}  # sid → (target copy, confirmed)

    def reload(self) -> None:
        self.beginResetModel()
        self.ids = self.c.sentence_ids()
        self._rows.clear()
        self.endResetModel()

    def _row(self, sentence_id: str) -> tuple[Target | None, bool]:
        row = self._rows.get(sentence_id)
        if row is None and self.c.session is not None:
            row = self._rows[sentence_id] = (self.c.session.target(sentence_id),
                                             self.c.session.is_confirmed(sentence_id))
        return row or (None, False)

    def row_of(self, sentence_id: str) -> int:
        try:
            return self.ids.index(sentence_id)
        except ValueError:
            return -1

    def refresh(self, sentence_id: str | None = None) -> None:
        """Re-read one sentence (or all) from the session and repaint it."""
        if sentence_id is None:
            self._rows.clear()
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
            return status_text(origin, confirmed, flags) if target is not None else "not translated"
        if role == Qt.ItemDataRole.BackgroundRole:
            if col == SOURCE:
                return None
            return CONFIRMED_COLOR if confirmed else ORIGIN_COLORS.get(origin)
        if role == Qt.ItemDataRole.ForegroundRole and col == STATUS and flags:
            return FLAG_COLOR
        if role == Qt.ItemDataRole.ToolTipRole and col == STATUS and target is not None:
            tip = [ORIGIN_TIPS.get(origin, origin) + (", confirmed" if confirmed else "")]
            tip += [f"⚑ {m}" for m in self.c.issue_messages(sid)]
            return "\n".join(tip)
        return None

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
    """Right-to-left cells and editor for Arabic columns; Enter / Ctrl+Enter handling."""

    confirm_requested = Signal(str)

    def __init__(self, controller: PostEditController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.c = controller

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
        option.displayAlignment = (Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft) \
            | Qt.AlignmentFlag.AlignTop

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


class PostEditView(QWidget):
    """Table of sentences + memory suggestions + flagged sentences, bound to a controller."""

    sentence_selected = Signal(str)

    def __init__(self, controller: PostEditController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("postedit_view")
        self.c = controller
        self.model = PostEditModel(controller)
        self.delegate = PostEditDelegate(controller, self)
        self._selecting = False
        self.suggestions_for = ""
        self.matches: list = []

        self.summary = QLabel()
        self.summary.setObjectName("postedit_summary")
        self.summary.setWordWrap(True)
        self.show_source = QCheckBox("Source")
        self.show_source.setChecked(True)
        self.show_source.setToolTip("Show the source sentences beside the translation")
        self.show_source.toggled.connect(lambda on: self.table.setColumnHidden(SOURCE, not on))
        top = QHBoxLayout()
        top.setContentsMargins(4, 0, 4, 2)
        top.addWidget(self.summary, 1)

        self.buttons: dict[str, QToolButton] = {}
        bar = QHBoxLayout()
        bar.setContentsMargins(4, 0, 4, 2)
        for key, text, tip in (
            ("confirm", "Confirm ✓", "Confirm the sentence and store it in the memory (Ctrl+Enter)"),
            ("revert", "Revert", "Back to the machine/memory text"),
            ("next", "Next to do", "The next sentence not confirmed yet"),
            ("flagged", "Next flagged", "The next sentence with a QA flag"),
            ("qa", "Check", "Run the quality checks again (numbers, names, glossary…)"),
        ):
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.setObjectName(f"postedit_{key}")
            bar.addWidget(button)
            self.buttons[key] = button
        bar.addStretch(1)
        for name, color in (("machine", ORIGIN_COLORS["machine"]), ("memory", ORIGIN_COLORS["memory"]),
                            ("edited", ORIGIN_COLORS["edited"]), ("confirmed", CONFIRMED_COLOR)):
            chip = QLabel(name)  # the legend of the row colours
            chip.setStyleSheet(f"background:{color.name()}; border:1px solid #c8c8c8; padding:0 3px;")
            bar.addWidget(chip)
        bar.addWidget(self.show_source)
        self.buttons["confirm"].clicked.connect(self.confirm_current)
        self.buttons["revert"].clicked.connect(lambda: self.c.revert(self.current_id()) if self.current_id() else None)
        self.buttons["next"].clicked.connect(lambda: self.go_next(flagged=False))
        self.buttons["flagged"].clicked.connect(lambda: self.go_next(flagged=True))
        self.buttons["qa"].clicked.connect(self.c.run_qa)

        self.table = QTableView()
        self.table.setObjectName("postedit_table")
        self.table.setModel(self.model)
        self.table.setItemDelegate(self.delegate)
        self.table.setWordWrap(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.verticalHeader().hide()
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(SOURCE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(TARGET, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(STATUS, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(STATUS, 96)
        self._rows_timer = QTimer(self)
        self._rows_timer.setSingleShot(True)
        self._rows_timer.setInterval(50)
        self._rows_timer.timeout.connect(self.table.resizeRowsToContents)
        header.sectionResized.connect(lambda *_: self._rows_timer.start())
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.delegate.confirm_requested.connect(lambda sid: self.confirm(sid, edit_next=True))

        self.suggestions = QListWidget()
        self.suggestions.setObjectName("postedit_suggestions")
        self.suggestions.setWordWrap(True)
        self.suggestions.itemActivated.connect(self._use_suggestion)
        self.flag_list = QListWidget()
        self.flag_list.setObjectName("postedit_flags")
        self.flag_list.setWordWrap(True)
        self.flag_list.itemClicked.connect(lambda item: self.select_sentence(item.data(SID_ROLE)))
        self.flag_list.itemActivated.connect(lambda item: self.select_sentence(item.data(SID_ROLE)))
        self.tabs = QTabWidget()
        self.tabs.addTab(self.suggestions, "Memory matches")
        self.tabs.addTab(self.flag_list, "Flags")

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.tabs)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        split.setSizes([500, 150])
        content = QWidget()
        cl = QVBoxLayout(content)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.setSpacing(0)
        cl.addLayout(top)
        cl.addLayout(bar)
        cl.addWidget(split, 1)
        self.notice = QLabel()
        self.notice.setObjectName("postedit_notice")
        self.notice.setWordWrap(True)
        self.notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(content)
        self.stack.addWidget(self.notice)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        controller.session_changed.connect(self.reload)
        controller.sentence_changed.connect(self._on_sentence_changed)
        controller.flags_changed.connect(self._refresh_all)
        controller.suggestions_ready.connect(self._show_suggestions)
        self.reload()

    # --- content -----------------------------------------------------------------------------
    def reload(self) -> None:
        self.model.reload()
        session = self.c.session
        if session is None:
            self.notice.setText(self.c.notice or "Nothing to post-edit.")
            self.stack.setCurrentIndex(1)
            self.suggestions.clear()
            self.flag_list.clear()
            return
        self.stack.setCurrentIndex(0)
        self.table.resizeRowsToContents()
        self._refresh_lists()
        pending = session.pending()
        preferred = [self.c.window.links.current_id, pending[0] if pending else None, *self.model.ids[:1]]
        first = next((sid for sid in preferred if sid and self.model.row_of(sid) >= 0), None)
        self.select_sentence(first, link=False)

    def _refresh_all(self) -> None:
        self.model.refresh()
        self.table.resizeRowsToContents()
        self._refresh_lists()

    def _on_sentence_changed(self, sentence_id: str) -> None:
        self.model.refresh(sentence_id)
        row = self.model.row_of(sentence_id)
        if row >= 0:
            self.table.resizeRowToContents(row)
        self._refresh_lists()

    def _refresh_lists(self) -> None:
        session = self.c.session
        if session is None:
            return
        done, total = session.progress()
        flagged = self.c.flagged()
        edited = sum(1 for sid in session.sentence_ids if (t := session.target(sid)) and t.origin == "edited")
        self.summary.setText(
            f"{lang_name(session.source_lang)} → {lang_name(session.target_lang)} · {done} of {total} confirmed"
            f" · {edited} edited · {len(flagged)} flagged"
        )
        self.flag_list.clear()
        for sid, flags in flagged:
            target = session.target(sid)
            excerpt = (target.text[:70] + "…") if target and len(target.text) > 70 else (target.text if target else "")
            item = QListWidgetItem(f"⚑ {sid} · {'; '.join(FLAG_LABELS.get(f, f) for f in flags)}\n{excerpt}")
            item.setData(SID_ROLE, sid)
            item.setForeground(FLAG_COLOR)
            self.flag_list.addItem(item)
        self.tabs.setTabText(1, f"Flags ({len(flagged)})")

    # --- current sentence --------------------------------------------------------------------
    def current_id(self) -> str | None:
        index = self.table.currentIndex()
        return self.model.ids[index.row()] if index.isValid() and index.row() < len(self.model.ids) else None

    def select_sentence(self, sentence_id: str | None, link: bool = True) -> None:
        row = self.model.row_of(sentence_id) if sentence_id else -1
        if row < 0 or sentence_id == self.current_id():
            return
        self._selecting = not link
        try:
            self.table.setCurrentIndex(self.model.index(row, TARGET))
            self.table.scrollTo(self.model.index(row, TARGET))
        finally:
            self._selecting = False

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        sid = self.model.ids[current.row()]
        self.c.request_suggestions(sid)
        if not self._selecting:
            self.sentence_selected.emit(sid)

    def edit_current(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.table.edit(self.model.index(index.row(), TARGET))

    def confirm_current(self) -> None:
        sid = self.current_id()
        if sid:
            self.confirm(sid)

    def confirm(self, sentence_id: str, edit_next: bool = False) -> None:
        if self.c.confirm(sentence_id):
            self.select_sentence(sentence_id, link=False)
            self.go_next(flagged=False)
            if edit_next and self.current_id() != sentence_id:
                self.edit_current()

    def go_next(self, flagged: bool) -> None:
        session = self.c.session
        if session is None or not self.model.ids:
            return
        wanted = [sid for sid, _ in self.c.flagged()] if flagged else session.pending()
        if not wanted:
            self.c.status_message.emit("No flagged sentence." if flagged else "Every sentence is confirmed.")
            return
        current = self.current_id()
        start = self.model.row_of(current) if current else -1
        after = [sid for sid in wanted if self.model.row_of(sid) > start]
        self.select_sentence((after or wanted)[0])

    # --- suggestions -------------------------------------------------------------------------
    def _show_suggestions(self, sentence_id: str, matches: list) -> None:
        self.suggestions_for, self.matches = sentence_id, list(matches)
        self.suggestions.clear()
        target_lang = self.c.session.target_lang if self.c.session else "en"
        for match in matches:
            label = "exact" if match.exact else f"{match.score:.0f}%"
            item = QListWidgetItem(f"{label} · {match.entry.target}")
            item.setToolTip(f"Memory source: {match.entry.source}\nOrigin: {match.entry.origin}, "
                            f"{match.entry.updated[:10]}\nEnter or double-click to use it")
            if target_lang == "ar":
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.suggestions.addItem(item)
        if not matches:
            self.suggestions.addItem(QListWidgetItem("No close match in the translation memory."))
        self.tabs.setTabText(0, f"Memory matches ({len(matches)})")

    def _use_suggestion(self, item: QListWidgetItem) -> None:
        row = self.suggestions.row(item)
        if 0 <= row < len(self.matches) and self.suggestions_for:
            self.c.edit(self.suggestions_for, self.matches[row].entry.target)
