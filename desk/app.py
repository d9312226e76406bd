"""GUI entry point. PLACEHOLDER until the desktop app work lands."""
from __future__ import annotations

from typing import Sequence


def main(argv: Sequence[str]) -> int:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication.instance() or QApplication(["desk"])
    win = QMainWindow()
    win.setWindowTitle("Desk")
    win.show()
    return app.exec()
