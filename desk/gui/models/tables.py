"""Table widgets of the model manager: built, filled and read the same way for both lists."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)


def group(title: str, table: QTableWidget, buttons: QHBoxLayout) -> QGroupBox:
    """A titled box holding ``table`` above its row of ``buttons``."""
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    layout.addWidget(table)
    layout.addLayout(buttons)
    return box


def table(headers: list[str], name: str) -> QTableWidget:
    """A read-only, single-row-selection table; the first column stretches."""
    widget = QTableWidget(0, len(headers))
    widget.setObjectName(name)
    widget.setHorizontalHeaderLabels(headers)
    widget.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    widget.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    widget.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    widget.verticalHeader().hide()
    widget.setWordWrap(False)
    widget.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for i in range(1, len(headers)):
        widget.horizontalHeader().setSectionResizeMode(i, QHeaderView.ResizeMode.ResizeToContents)
    return widget


def set_row(widget: QTableWidget, row: int, values: list[str], key: str) -> None:
    """Fill ``row`` with ``values``; every cell carries ``key`` (the model id)."""
    for c, value in enumerate(values):
        item = QTableWidgetItem(value)
        item.setData(Qt.ItemDataRole.UserRole, key)
        item.setToolTip(value)
        widget.setItem(row, c, item)


def row_key(widget: QTableWidget, row: int) -> str:
    item = widget.item(row, 0)
    return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else ""


def selected_key(widget: QTableWidget) -> str | None:
    rows = widget.selectionModel().selectedRows()
    return row_key(widget, rows[0].row()) if rows else None
