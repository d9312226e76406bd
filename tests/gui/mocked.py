"""A stand-in for what the main window gives its controllers, so one controller can be built and
tested alone (as novelWriter's tests/mocked.py stands in for its main window)."""
from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desk.gui.document import DocumentState
from desk.gui.operations import Operations
from desk.gui.panes.pane import Pane
from desk.gui.settings import Settings
from desk.gui.worker import JobRunner


class StandIn:
    """The narrow collaborators: settings, job runner, named operations, document state, a pane,
    and lists that record the errors and status messages a controller reports."""

    def __init__(self) -> None:
        self.parent = QWidget()
        self.settings = Settings()
        self.runner = JobRunner(self.parent)
        self.operations = Operations(self.runner, self.settings)
        self.document = DocumentState(parent=self.parent)
        self.errors: list[str] = []
        self.messages: list[str] = []
        self.opened_manager = 0

    def pane(self, title: str = "Translation") -> Pane:
        pane = Pane(title, title.lower())
        pane.setParent(self.parent)
        return pane

    def open_manager(self) -> None:
        self.opened_manager += 1

    def close(self) -> None:
        self.runner.shutdown(5000)
        self.parent.deleteLater()
