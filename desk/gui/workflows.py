"""Hooks the translators', editors' and reporters' workflows into the main window.

:class:`Workflows` is built by the main window with the narrow parts it needs (the document state,
the operations, the settings, the Translation pane, the sentence links, a way to show errors and
status): it adds the post-editing mode to the Translation pane (a "Post-edit" toggle in its
header), a "Work" menu (post-editing, quality checks, XLIFF of the article, memory and glossary,
brief, bilingual table, compare) and opens those dialogs.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QSplitter, QToolButton

from desk.gui.document import DocumentState
from desk.gui.operations import Operations
from desk.gui.panes.linking import LinkController
from desk.gui.panes.pane import Pane
from desk.gui.postedit.controller import PostEditController
from desk.gui.postedit.view import PostEditView
from desk.gui.settings import Settings

if TYPE_CHECKING:
    from desk.gui.brief.dialog import BriefDialog
    from desk.gui.compare.window import CompareWindow
    from desk.gui.postedit.memory_dialog import MemoryDialog

log = logging.getLogger(__name__)

XLIFF_FILTER = "XLIFF 2.0 (*.xlf);;XLIFF 1.2 (*.xlf)"


class Workflows(QObject):
    """Owns the post-editing controller/view and the workflow dialogs of one main window."""

    def __init__(self, window: QMainWindow, document: DocumentState, operations: Operations, settings: Settings,
                 pane: Pane, links: LinkController, show_error: Callable[[str], None],
                 show_status: Callable[[str, int], None]) -> None:
        super().__init__(window)
        self.window, self.document, self.operations, self.settings = window, document, operations, settings
        self.pane, self.show_error, self.show_status = pane, show_error, show_status
        self.postedit = PostEditController(document, operations, self)
        self.view = PostEditView(self.postedit, lambda: links.current_id)
        self.memory_dialog: MemoryDialog | None = None
        self.brief_dialog: BriefDialog | None = None
        self.compare_window: CompareWindow | None = None
        self._sizes_before: list[int] | None = None  # the panes' widths before post-editing widened one

        pane.add_body_widget(self.view)
        self.view.hide()
        self.toggle = QToolButton()
        self.toggle.setObjectName("postedit_toggle")
        pane.add_header_widget(self.toggle)

        self.postedit.error.connect(show_error)
        self.postedit.status_message.connect(lambda m: show_status(m, 6000))
        self.view.sentence_selected.connect(links.link)
        if links.words is not None:  # words linked in the table too, with the Original pane
            words = links.words
            self.view.words.word_hovered.connect(lambda sid, offset, side: words.show(sid, offset, side) if sid
                                                 else words.clear())
            words.words_linked.connect(self.view.words.show)
        links.linked.connect(lambda sid: self.view.select_sentence(sid, link=False))
        self._build_actions()
        self.toggle.setDefaultAction(self.act_postedit)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.postedit.close)
        self.set_postedit_mode(bool(settings.value("workflows/postedit_mode", False, bool)))

    def _build_actions(self) -> None:
        w = self.window

        def action(text: str, slot: object, shortcut: str | None = None, tip: str = "") -> QAction:
            act = QAction(text, w)
            if shortcut:
                act.setShortcut(QKeySequence(shortcut))
            if tip:
                act.setStatusTip(tip)
                act.setToolTip(tip)
            act.triggered.connect(slot)
            w.addAction(act)
            return act

        self.act_postedit = action("&Post-edit", self.set_postedit_mode, "Ctrl+E",
                                   "Edit the translation sentence by sentence (Ctrl+E)")
        self.act_postedit.setCheckable(True)
        self.act_confirm = action("&Confirm sentence", lambda: self.view.confirm_current() if self.postedit_mode
                                  else None, "Ctrl+Return",
                                  "Confirm the current sentence and store it in the translation memory")
        self.act_qa = action("Run &quality checks", self.run_qa, None,
                             "Check numbers, dates, names, glossary terms and untranslated output; flagged "
                             "sentences get a wavy underline in the Translation pane")
        self.act_xliff = action("Export article as &XLIFF…", self.export_xliff, None,
                                "The post-editing work of this article for a CAT tool")
        self.act_discard = action("&Discard saved work on this article", self.discard_work)
        self.act_memory = action("Translation &memory and glossary…", self.open_memory_dialog, "Ctrl+Shift+M")
        self.act_brief = action("&Brief…", self.open_brief_dialog, "Ctrl+B", "Build a brief from this article")
        self.act_compare = action("Compare &versions…", lambda: self.open_compare("versions"), "Ctrl+Shift+C",
                                  "Compare this article with another version of the story")
        self.act_compare_tr = action("Compare &translations…", lambda: self.open_compare("translations"))
        self.act_compare_sum = action("Compare &summaries…", lambda: self.open_compare("summaries"))

        menu = QMenu("&Work", w)
        menu.setObjectName("work_menu")
        menu.setToolTipsVisible(True)  # e.g. why "Confirm sentence" is greyed out
        menu.addActions([self.act_postedit, self.act_confirm, self.act_qa, self.act_xliff, self.act_discard])
        menu.addSeparator()
        menu.addAction(self.act_memory)
        menu.addSeparator()
        menu.addAction(self.act_brief)
        menu.addSeparator()
        menu.addActions([self.act_compare, self.act_compare_tr, self.act_compare_sum])
        bar = w.menuBar()
        help_menu = next((a for a in bar.actions() if a.text().replace("&", "") == "Help"), None)
        if help_menu is not None:
            bar.insertMenu(help_menu, menu)
        else:
            bar.addMenu(menu)
        self.menu = menu

    # --- post-editing mode -------------------------------------------------------------------
    @property
    def postedit_mode(self) -> bool:
        return self.view.isVisibleTo(self.pane)

    CONFIRM_TIP = "Confirm the current sentence and store it in the translation memory (Ctrl+Enter)"
    CONFIRM_OFF_TIP = "Confirming is done in post-editing: press Ctrl+E (Work → Post-edit) first"

    def set_postedit_mode(self, on: bool) -> None:
        pane = self.pane
        pane.stack.setVisible(not on)
        self.view.setVisible(on)
        self.act_postedit.setChecked(on)
        # outside post-editing there is no current sentence to confirm: say so rather than do nothing
        self.act_confirm.setEnabled(on)
        tip = self.CONFIRM_TIP if on else self.CONFIRM_OFF_TIP
        self.act_confirm.setStatusTip(tip)
        self.act_confirm.setToolTip(tip)
        self.settings.set_value("workflows/postedit_mode", on)
        self.postedit.set_active(on)
        self._make_room(on)
        if on:
            if not pane.isVisible():
                pane.setVisible(True)
            self.view.table.setFocus()

    def _make_room(self, on: bool) -> None:
        """Post-editing needs room for source, translation and status side by side: the Translation
        pane takes half of the panes' width while it lasts (folding the last pane away in a narrow
        window; never making the window wider); leaving post-editing puts the panes back."""
        splitter = self.pane.parentWidget()
        if not isinstance(splitter, QSplitter):
            return
        index = splitter.indexOf(self.pane)
        sizes = splitter.sizes()
        total = sum(sizes)
        if on and total > 0 and sizes[index] < 0.45 * total:
            self._sizes_before = sizes
            others = total - sizes[index]
            share = total - total // 2  # what the other panes keep, shared as they were, each at least its minimum
            widgets = [splitter.widget(i) for i in range(len(sizes))]
            least = [w.minimumSizeHint().width() if w is not None else 0 for w in widgets]
            new = [0 if i == index else max(least[i] if size else 0, int(size * share / max(1, others)))
                   for i, size in enumerate(sizes)]
            new[index] = max(0, total - sum(new))
            splitter.setSizes(new)
            last = splitter.count() - 1
            if splitter.sizes()[index] < 0.4 * total and last != index and splitter.childrenCollapsible():
                # a narrow window: the last pane (the summary) folds away; dragging its edge brings it back
                folded = splitter.sizes()
                folded[index] += folded[last]
                folded[last] = 0
                splitter.setSizes(folded)
        elif not on and self._sizes_before is not None:
            splitter.setSizes(self._sizes_before)
            self._sizes_before = None

    def run_qa(self) -> None:
        """The checks over the current translation; their flags show in the Translation pane (wavy
        underline, the issues in the tooltip) and in post-editing."""
        if self.postedit.run_qa() is None:
            self.show_error("There is no translation of this article to check yet: translate it first (Ctrl+T).")

    def export_xliff(self) -> None:
        if self.postedit.session is None:
            self.show_error("There is no post-editing work on this article to export yet.")
            return
        article = self.document.current
        from desk.core.brief.writers import file_stem
        from desk.gui.save_dialog import in_last_folder, remember_folder

        name = in_last_folder(self.settings, file_stem(article.title if article else "", "article") + ".xlf")
        path, chosen = QFileDialog.getSaveFileName(self.window, "Export XLIFF", name, XLIFF_FILTER)
        if path:
            remember_folder(self.settings, path)
            self.postedit.export_xliff(path, "1.2" if "1.2" in chosen else "2.0")

    def discard_work(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        if self.postedit.session is None:
            return
        answer = QMessageBox.question(self.window, "Discard work",
                                      "Forget the edits and confirmations on this article? "
                                      "Confirmed sentences stay in the translation memory.")
        if answer == QMessageBox.StandardButton.Yes:
            self.postedit.discard()

    # --- dialogs -----------------------------------------------------------------------------
    def open_memory_dialog(self) -> MemoryDialog:
        from desk.gui.postedit.memory_dialog import MemoryDialog

        if self.memory_dialog is None:
            self.memory_dialog = MemoryDialog(self.postedit, self.operations, self.show_error, self.show_status,
                                              self.window)
            self.memory_dialog.glossary_changed.connect(self.postedit.run_qa)
        self.memory_dialog.refresh()
        self.memory_dialog.show()
        self.memory_dialog.raise_()
        return self.memory_dialog

    def open_brief_dialog(self) -> BriefDialog | None:
        from desk.gui.brief.dialog import BriefDialog

        if self.document.current is None:
            self.show_error("Open an article first: a brief is built from the current article.")
            return None
        if self.brief_dialog is None:
            self.brief_dialog = BriefDialog(self.document, self.operations, self.settings, self.show_error, self.window)
        self.brief_dialog.reset()
        self.brief_dialog.show()
        self.brief_dialog.raise_()
        return self.brief_dialog

    def open_compare(self, mode: str = "versions") -> CompareWindow:
        from desk.gui.compare.window import CompareWindow

        if self.compare_window is None:
            self.compare_window = CompareWindow(self.document, self.operations, self.settings, self.show_error,
                                                self.window)
        self.compare_window.set_mode(mode)
        self.compare_window.show()
        self.compare_window.raise_()
        return self.compare_window
