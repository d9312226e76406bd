"""Translation memory and glossary: statistics, entries, terms, import and export.

Memory: stats (entries by direction and origin), the most recent entries (searchable), import
TMX, export TMX / XLIFF 2.0 / XLIFF 1.2. Glossary: the term table (searchable, add, remove),
import and export CSV / TBX. Reading and writing files and listing entries run on the worker;
the core (``desk.core.workbench.memory``, ``tmx``, ``glossary``) does the work.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk.gui.fonts import font_for_lang
from desk.gui.save_dialog import in_last_folder, remember_folder
from desk.gui.screen import resize_to_fit

if TYPE_CHECKING:
    from desk.core.workbench.glossary import Term
    from desk.core.workbench.memory import MemoryEntry, MemoryStats
    from desk.gui.operations import Operations
    from desk.gui.postedit.controller import PostEditController

log = logging.getLogger(__name__)

MAX_ROWS = 500
ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1
DIRECTIONS = [("ar", "en"), ("en", "ar")]


def is_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" for ch in text)


class BidiDelegate(QStyledItemDelegate):
    """Arabic cells right-to-left, in the Arabic font; others left-to-right."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        super().initStyleOption(option, index)
        if is_arabic(str(index.data() or "")):
            option.direction = Qt.LayoutDirection.RightToLeft
            option.displayAlignment = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute \
                | Qt.AlignmentFlag.AlignVCenter  # absolute: not mirrored back to the left
            option.font = font_for_lang("ar", option.font)


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setItemDelegate(BidiDelegate(table))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().hide()
    table.setWordWrap(False)
    header = table.horizontalHeader()
    for col in range(len(headers)):
        mode = QHeaderView.ResizeMode.Stretch if col < 2 else QHeaderView.ResizeMode.ResizeToContents
        header.setSectionResizeMode(col, mode)
    return table


def _fill(table: QTableWidget, rows: list[tuple[int | None, list[str]]]) -> None:
    table.setRowCount(len(rows))
    for r, (row_id, cells) in enumerate(rows):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            item.setData(ID_ROLE, row_id)
            table.setItem(r, c, item)


def memory_listing(memory: Any, query: str = "", limit: int = MAX_ROWS) -> tuple[MemoryStats, list[MemoryEntry]]:
    """Stats and the newest ``limit`` entries whose source or target contains ``query`` (worker)."""
    stats = memory.stats()
    q = query.casefold().strip()
    entries = [e for e in memory.entries() if not q or q in e.source.casefold() or q in e.target.casefold()]
    entries.sort(key=lambda e: (e.updated, e.id or 0), reverse=True)
    return stats, entries[:limit]


class MemoryDialog(QDialog):
    glossary_changed = Signal()

    def __init__(self, controller: PostEditController, operations: Operations, show_error: Callable[[str], None],
                 show_status: Callable[[str, int], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("memory_dialog")
        self.setWindowTitle("Translation memory and glossary")
        resize_to_fit(self, 860, 560)
        self.c, self.operations = controller, operations
        self.show_error, self.show_status = show_error, show_status
        self.handles: list[Any] = []
        self.tabs = QTabWidget()
        self.tabs.addTab(self._memory_tab(), "Translation memory")
        self.tabs.addTab(self._glossary_tab(), "Glossary")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)

    # --- building ----------------------------------------------------------------------------
    def _buttons(self, specs: list[tuple[str, str, Callable[[], object]]]) -> QHBoxLayout:
        row = QHBoxLayout()
        for name, text, slot in specs:
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            row.addWidget(button)
            setattr(self, name, button)
        row.addStretch(1)
        return row

    def _memory_tab(self) -> QWidget:
        page = QWidget()
        self.memory_stats = QLabel()
        self.memory_stats.setObjectName("memory_stats")
        self.memory_stats.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.memory_filter = QLineEdit()
        self.memory_filter.setPlaceholderText("Search the memory…")
        self.memory_filter.setClearButtonEnabled(True)
        self.memory_filter.returnPressed.connect(self.refresh_memory)
        self.memory_table = _table(["Source", "Translation", "Direction", "Origin", "Updated"])
        layout = QVBoxLayout(page)
        layout.addWidget(self.memory_stats)
        layout.addWidget(self.memory_filter)
        layout.addWidget(self.memory_table, 1)
        layout.addLayout(self._buttons([
            ("import_tmx_button", "Import TMX…", self.import_tmx),
            ("export_tmx_button", "Export TMX…", lambda: self.export_memory("tmx")),
            ("export_xliff_button", "Export XLIFF…", lambda: self.export_memory("xliff")),
            ("delete_entry_button", "Delete selected", self.delete_entries),
        ]))
        return page

    def _glossary_tab(self) -> QWidget:
        page = QWidget()
        self.term_source = QLineEdit()
        self.term_source.setPlaceholderText("Source term")
        self.term_target = QLineEdit()
        self.term_target.setPlaceholderText("Target term")
        self.term_direction = QComboBox()
        for src, tgt in DIRECTIONS:
            self.term_direction.addItem(f"{src} → {tgt}", f"{src}-{tgt}")
        src, tgt = self.c.direction()
        self.term_direction.setCurrentIndex(max(0, self.term_direction.findData(f"{src}-{tgt}")))
        self.term_note = QLineEdit()
        self.term_note.setPlaceholderText("Note (optional)")
        add = self.add_term_button = QPushButton("Add term")
        add.setObjectName("add_term_button")
        add.clicked.connect(self.add_term)
        self.term_target.returnPressed.connect(self.add_term)
        form = QHBoxLayout()
        for widget, stretch in ((self.term_source, 2), (self.term_target, 2), (self.term_direction, 0),
                                (self.term_note, 1), (add, 0)):
            form.addWidget(widget, stretch)
        self.term_filter = QLineEdit()
        self.term_filter.setPlaceholderText("Search the glossary…")
        self.term_filter.setClearButtonEnabled(True)
        self.term_filter.textChanged.connect(lambda _t: self.refresh_glossary())
        self.term_table = _table(["Source term", "Target term", "Direction", "Note"])
        self.glossary_stats = QLabel()
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addWidget(self.term_filter)
        layout.addWidget(self.term_table, 1)
        layout.addWidget(self.glossary_stats)
        layout.addLayout(self._buttons([
            ("import_glossary_button", "Import CSV/TBX…", self.import_glossary),
            ("export_glossary_button", "Export CSV/TBX…", self.export_glossary),
            ("remove_term_button", "Remove selected", self.remove_terms),
        ]))
        return page

    # --- refreshing --------------------------------------------------------------------------
    def refresh(self) -> None:
        self.refresh_memory()
        self.refresh_glossary()

    def _run(self, name: str, fn: Callable[..., Any], *args: Any, done: Callable[[Any], None], **kwargs: Any) -> Any:
        handle = self.operations.call(name, fn, *args, **kwargs)
        handle.succeeded.connect(done)
        handle.failed.connect(self.show_error)
        handle.done.connect(lambda h=handle: self.handles.remove(h) if h in self.handles else None)
        self.handles.append(handle)
        return handle

    def busy(self) -> bool:
        return bool(self.handles)

    def refresh_memory(self) -> Any:
        try:
            memory = self.c.memory
        except Exception as err:  # noqa: BLE001 - a broken memory file must not break the dialog
            self.memory_stats.setText(str(err))
            return None
        return self._run("Reading the translation memory", memory_listing, memory, self.memory_filter.text(),
                         done=self._show_memory)

    def _show_memory(self, result: tuple[MemoryStats, list[MemoryEntry]]) -> None:
        stats, entries = result
        directions = ", ".join(f"{d.replace('-', '→')}: {n}" for d, n in stats.directions.items()) or "none"
        origins = ", ".join(f"{o}: {n}" for o, n in stats.origins.items()) or "none"
        self.memory_stats.setText(
            f"<b>{stats.entries}</b> sentence pairs · directions: {directions} · origins: {origins}<br>"
            f"Last change: {stats.last_updated[:19].replace('T', ' ') or '—'} · File: {stats.path}"
        )
        _fill(self.memory_table, [(e.id, [e.source, e.target, f"{e.source_lang}→{e.target_lang}", e.origin,
                                          e.updated[:10]]) for e in entries])

    def refresh_glossary(self) -> None:
        try:
            terms = self.c.glossary.terms()
        except Exception as err:  # noqa: BLE001
            self.glossary_stats.setText(str(err))
            return
        q = self.term_filter.text().casefold().strip()
        shown: list[Term] = [t for t in terms if not q or q in t.source_term.casefold() or q in t.target_term.casefold()
                             or q in t.note.casefold()]
        _fill(self.term_table, [(t.id, [t.source_term, t.target_term, f"{t.source_lang}→{t.target_lang}", t.note])
                                for t in shown])
        n = len(terms)
        self.glossary_stats.setText(f"{n} term pair{'s' if n != 1 else ''}" + (f", {len(shown)} shown" if q else ""))

    def _selected_ids(self, table: QTableWidget) -> list[int]:
        rows = sorted({index.row() for index in table.selectionModel().selectedRows()})
        items = [table.item(r, 0) for r in rows]
        return [int(item.data(ID_ROLE)) for item in items if item is not None]

    # --- memory actions ----------------------------------------------------------------------
    def import_tmx(self) -> Any:
        path, _ = QFileDialog.getOpenFileName(self, "Import TMX", str(Path.home()), "TMX files (*.tmx);;All files (*)")
        if not path:
            return None
        from desk.core.workbench.tmx import import_tmx

        def done(result: Any) -> None:
            self.show_status(
                f"Imported {Path(path).name}: {result.added} added, {result.updated} updated, {result.skipped} skipped",
                8000)
            self.refresh_memory()

        return self._run("Importing TMX", import_tmx, self.c.memory, path, done=done)

    def export_memory(self, kind: str) -> Any:
        settings = self.operations.settings
        if kind == "tmx":
            path, chosen = QFileDialog.getSaveFileName(self, "Export TMX", in_last_folder(settings, "memory.tmx"),
                                                       "TMX 1.4 (*.tmx)")
        else:
            path, chosen = QFileDialog.getSaveFileName(self, "Export XLIFF", in_last_folder(settings, "memory.xlf"),
                                                       "XLIFF 2.0 (*.xlf);;XLIFF 1.2 (*.xlf)")
        if not path:
            return None
        remember_folder(settings, path)
        from desk.core.workbench.tmx import export_memory

        memory = self.c.memory
        kwargs: dict[str, Any] = {}
        if kind == "tmx":
            path = path if path.lower().endswith(".tmx") else path + ".tmx"
        else:
            path = path if path.lower().endswith((".xlf", ".xliff")) else path + ".xlf"
            src, tgt = self.c.direction()
            directions = memory.directions()
            if directions and (src, tgt) not in directions:
                src, tgt = directions[0]  # XLIFF holds one direction: the current one if the memory has it
            kwargs = {"xliff_version": "1.2" if "1.2" in chosen else "2.0", "source_lang": src, "target_lang": tgt}
        return self._run("Exporting the memory", export_memory, memory, path, done=lambda n: self.show_status(
                         f"Wrote {n} entries to {Path(path).name}", 8000), **kwargs)

    def delete_entries(self) -> None:
        ids = self._selected_ids(self.memory_table)
        for entry_id in ids:
            self.c.memory.delete(entry_id)
        if ids:
            self.refresh_memory()

    # --- glossary actions --------------------------------------------------------------------
    def add_term(self) -> None:
        source, target = self.term_source.text().strip(), self.term_target.text().strip()
        if not source or not target:
            self.show_error("A glossary entry needs a source term and a target term.")
            return
        src, tgt = self.term_direction.currentData().split("-")
        self.c.glossary.add(source, target, src, tgt, self.term_note.text().strip())
        for edit in (self.term_source, self.term_target, self.term_note):
            edit.clear()
        self.term_source.setFocus()
        self.refresh_glossary()
        self.glossary_changed.emit()

    def remove_terms(self) -> None:
        ids = self._selected_ids(self.term_table)
        for term_id in ids:
            self.c.glossary.remove(term_id)
        if ids:
            self.refresh_glossary()
            self.glossary_changed.emit()

    def import_glossary(self) -> Any:
        path, _ = QFileDialog.getOpenFileName(self, "Import glossary", str(Path.home()),
                                              "Glossaries (*.csv *.tbx *.tsv);;All files (*)")
        if not path:
            return None
        from desk.core.workbench.glossary_io import import_file

        # CSV files without language columns take the direction chosen above; TBX files say theirs.
        src, tgt = self.term_direction.currentData().split("-") if not path.lower().endswith(".tbx") else (None, None)

        def done(result: Any) -> None:
            self.show_status(
                f"Imported {Path(path).name}: {result.added} added, {result.updated} updated, {result.skipped} skipped",
                8000)
            self.refresh_glossary()
            self.glossary_changed.emit()

        return self._run("Importing the glossary", import_file, self.c.glossary, path, src, tgt, done=done)

    def export_glossary(self) -> Any:
        settings = self.operations.settings
        path, chosen = QFileDialog.getSaveFileName(self, "Export glossary", in_last_folder(settings, "glossary.csv"),
                                                   "CSV, UTF-8 (*.csv);;TBX (*.tbx)")
        if not path:
            return None
        remember_folder(settings, path)
        if not path.lower().endswith((".csv", ".tbx")):
            path += ".tbx" if "TBX" in chosen else ".csv"
        from desk.core.workbench.glossary_io import export_file

        return self._run("Exporting the glossary", export_file, self.c.glossary, path,
                         done=lambda n: self.show_status(f"Wrote {n} terms to {Path(path).name}", 8000))
