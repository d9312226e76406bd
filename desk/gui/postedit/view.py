"""The post-editing mode of the Translation pane: one row per sentence, the translation editable.

Rows show the source, the translation (edit in place: double-click, F2 or start typing; Enter
saves, Ctrl+Enter saves and confirms, Esc cancels) and a status: where the text comes from
(machine, memory, edited), whether it is confirmed, and its QA flags. Under the table, fuzzy
memory matches for the current sentence and the list of flagged sentences. The view only
renders and forwards: everything is done by the ``PostEditController``.
"""
from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desk.core.languages import display_name as lang_name
from desk.core.model import sentence_label
from desk.core.workbench.qa import FLAG_LABELS
from desk.gui.postedit.controller import PostEditController
from desk.gui.postedit.table import (
    CONFIRMED_COLOR,
    FLAG_COLOR,
    ORIGIN_COLORS,
    SID_ROLE,
    SOURCE,
    STATUS,
    TARGET,
    PostEditDelegate,
    PostEditModel,
)
from desk.gui.postedit.words import TableWords

log = logging.getLogger(__name__)


class PostEditView(QWidget):
    """Table of sentences + memory suggestions + flagged sentences, bound to a controller."""

    sentence_selected = Signal(str)

    def __init__(self, controller: PostEditController, linked_sentence: Callable[[], str | None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("postedit_view")
        self.c = controller
        self._linked_sentence = linked_sentence  # the sentence selected in the reading panes
        self.model = PostEditModel(controller)
        self.delegate = PostEditDelegate(controller, self)
        self._selecting = False
        self.suggestions_for = ""
        self.matches: list = []

        self.summary = QLabel()
        self.summary.setObjectName("postedit_summary")
        self.summary.setWordWrap(True)
        self.review = QCheckBox("Review order")
        self.review.setObjectName("postedit_review_order")
        self.review.setToolTip("Flagged sentences first, then those the model was least sure of; "
                               "confirmed ones last")
        self.review.toggled.connect(self.set_review_order)
        self.show_source = QCheckBox("Source")
        self.show_source.setChecked(True)
        self.show_source.setToolTip("Show the source sentences beside the translation")
        top = QHBoxLayout()
        top.setContentsMargins(4, 0, 4, 2)
        top.addWidget(self.summary, 1)

        self.buttons: dict[str, QToolButton] = {}
        # a tool bar, not a row of widgets: when the pane is narrow what does not fit goes under its
        # "»" button instead of widening the window past the screen
        bar = QToolBar()
        bar.setObjectName("postedit_bar")
        bar.setIconSize(QSize(1, 1))
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
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
        bar.addSeparator()
        bar.addWidget(self.review)
        bar.addWidget(self.show_source)
        bar.addSeparator()
        for name, color in (("machine", ORIGIN_COLORS["machine"]), ("memory", ORIGIN_COLORS["memory"]),
                            ("edited", ORIGIN_COLORS["edited"]), ("confirmed", CONFIRMED_COLOR)):
            chip = QLabel(name)  # the legend of the row colours
            chip.setStyleSheet(f"background:{color.name()}; border:1px solid #c8c8c8; padding:0 3px;")
            bar.addWidget(chip)
        self.bar = bar
        self.buttons["confirm"].clicked.connect(self.confirm_current)
        self.buttons["revert"].clicked.connect(self.revert_current)
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
        triggers = QAbstractItemView.EditTrigger
        self.table.setEditTriggers(triggers.DoubleClicked | triggers.EditKeyPressed | triggers.AnyKeyPressed)
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
        self._rows_timer.timeout.connect(self.fit_rows)
        header.sectionResized.connect(lambda *_: self._rows_timer.start())
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.show_source.toggled.connect(lambda on: self.table.setColumnHidden(SOURCE, not on))
        self.words = TableWords(self.table, self.model, self.delegate, self)  # linked words in the rows
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
        cl.addWidget(self.bar)
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
    def max_row_height(self) -> int:
        """A row is never taller than half the table's view (a very long machine output scrolls
        inside its editor and shows whole in its tooltip), so the next sentence is always in sight."""
        return max(self.table.verticalHeader().minimumSectionSize() * 3, self.table.viewport().height() // 2)

    def fit_rows(self) -> None:
        self.table.resizeRowsToContents()
        cap = self.max_row_height()
        for row in range(self.model.rowCount()):
            if self.table.rowHeight(row) > cap:
                self.table.setRowHeight(row, cap)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._rows_timer.start()

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
        self.fit_rows()
        self._refresh_lists()
        pending = session.pending()
        preferred = [self._linked_sentence(), pending[0] if pending else None, *self.model.ids[:1]]
        first = next((sid for sid in preferred if sid and self.model.row_of(sid) >= 0), None)
        self.select_sentence(first, link=False)

    def _refresh_all(self) -> None:
        self.model.refresh()
        self.fit_rows()
        self._refresh_lists()

    def _on_sentence_changed(self, sentence_id: str) -> None:
        self.model.refresh(sentence_id)
        row = self.model.row_of(sentence_id)
        if row >= 0:
            self.table.resizeRowToContents(row)
            self.table.setRowHeight(row, min(self.table.rowHeight(row), self.max_row_height()))
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
            item = QListWidgetItem(f"⚑ {sentence_label(sid)} · {'; '.join(FLAG_LABELS.get(f, f) for f in flags)}"
                                   f"\n{excerpt}")
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

    def revert_current(self) -> None:
        sid = self.current_id()
        if sid:
            self.c.revert(sid)

    def confirm_current(self) -> None:
        sid = self.current_id()
        if sid:
            self.confirm(sid)

    def confirm(self, sentence_id: str, edit_next: bool = False) -> None:
        result = self.c.confirm(sentence_id)
        if not isinstance(result, bool):  # open QA flags: ask before it goes into the memory
            self.select_sentence(sentence_id, link=False)
            answer = QMessageBox.question(
                self, "Confirm with open flags?",
                "The quality checks still flag this sentence:\n\n"
                + "\n".join(f"⚑ {m}" for m in self.c.issue_messages(sentence_id) or
                            [FLAG_LABELS.get(f, f) for f in result.flags])
                + "\n\nConfirm it as it is and store it in the translation memory?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                self.c.status_message.emit("Not confirmed: correct the sentence, or confirm it anyway.")
                return
            result = self.c.confirm(sentence_id, accept_flags=True)
        if result is True:
            self.select_sentence(sentence_id, link=False)
            self.go_next(flagged=False)
            if edit_next and self.current_id() != sentence_id:
                self.edit_current()

    def set_review_order(self, on: bool) -> None:
        """Rows in review order (flagged, then least confident, confirmed last) or document order."""
        if self.review.isChecked() != on:
            self.review.setChecked(on)  # comes back here through toggled
            return
        current = self.current_id()
        self.model.review_order = on
        self.model.reload()
        self.fit_rows()
        if current:
            self.select_sentence(current, link=False)
        elif self.model.ids:
            self.select_sentence(self.model.ids[0], link=False)

    def go_next(self, flagged: bool) -> None:
        """The next sentence to do (or the next flagged one) below the current row, in table order."""
        session = self.c.session
        if session is None or not self.model.ids:
            return
        wanted = [sid for sid, _ in self.c.flagged()] if flagged else session.pending()
        wanted = sorted((sid for sid in wanted if self.model.row_of(sid) >= 0), key=self.model.row_of)
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
