"""One labelled text pane (Original, Translation or Summary).

A header names the pane and its language; the body is a ``SentenceView`` or, when the pane has
nothing to show yet, a notice with an optional action button (e.g. "Open model manager…").
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desk.core.languages import display_name as lang_name
from desk.gui.panes.blocks import ViewBlock
from desk.gui.panes.sentence_view import SentenceView


class Pane(QFrame):
    def __init__(self, title: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"pane_{name}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = title
        self._lang = ""
        self.header = QLabel(title)
        self.header.setObjectName(f"pane_{name}_header")
        self.header.setStyleSheet("font-weight: bold; padding: 2px 4px;")
        # A long header ("Summary — English · LexRank, 3 sentences") wraps instead of widening the pane.
        self.header.setWordWrap(True)
        self.header.setMinimumWidth(80)
        self.header.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.header_bar = QHBoxLayout()
        self.header_bar.setContentsMargins(4, 2, 4, 2)
        self.header_bar.addWidget(self.header, 1)

        self.view = SentenceView()
        self.view.setObjectName(f"pane_{name}_view")
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.notice.setObjectName(f"pane_{name}_notice")
        self.notice_button = QPushButton()
        self.notice_button.setObjectName(f"pane_{name}_notice_button")
        self.notice_button.hide()
        self._notice_action: Callable[[], object] | None = None
        self.notice_button.clicked.connect(self._run_notice_action)
        notice_page = QWidget()
        nl = QVBoxLayout(notice_page)
        nl.addStretch(1)
        nl.addWidget(self.notice)
        nl.addWidget(self.notice_button, 0, Qt.AlignmentFlag.AlignHCenter)
        nl.addStretch(2)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(notice_page)

        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(0)
        self.body.addLayout(self.header_bar)
        self.body.addWidget(self.stack, 1)

    def add_body_widget(self, widget: QWidget) -> None:
        """Another view below the header, sharing the pane's space (e.g. post-editing)."""
        self.body.addWidget(widget, 1)

    def add_header_widget(self, widget: QWidget) -> None:
        self.header_bar.addWidget(widget)

    def add_controls_row(self, widget: QWidget) -> None:
        """A row of controls between the header and the text (e.g. the summary settings)."""
        row = QHBoxLayout()
        row.setContentsMargins(4, 0, 4, 4)
        row.addWidget(widget)
        row.addStretch(1)
        self.body.insertLayout(1, row)

    @property
    def lang(self) -> str:
        return self._lang

    def set_lang(self, lang: str) -> None:
        self._lang = lang
        self.header.setText(f"{self.title} — {lang_name(lang)}" if lang else self.title)

    def show_blocks(self, blocks: list[ViewBlock], lang: str, keep_scroll: bool = True) -> None:
        self.set_lang(lang)
        self.view.set_blocks(blocks, lang, keep_scroll=keep_scroll)
        self.stack.setCurrentWidget(self.view)

    def show_notice(self, text: str, button: str = "", action: Callable[[], object] | None = None) -> None:
        self.notice.setText(text)
        self._notice_action = action
        self.notice_button.setText(button)
        self.notice_button.setVisible(bool(button and action))
        self.stack.setCurrentIndex(1)

    def showing_notice(self) -> bool:
        return self.stack.currentIndex() == 1

    def notice_text(self) -> str:
        return self.notice.text() if self.showing_notice() else ""

    def _run_notice_action(self) -> None:
        if self._notice_action is not None:
            self._notice_action()
