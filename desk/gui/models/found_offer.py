"""The model manager's offer, when no model is installed, to use models other programs keep here."""
from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from desk.core.mt.found import FoundModel, find_models
from desk.gui.models.rows import pair_text


def offer_text(models: list[FoundModel]) -> str:
    """"Found 2 translation models from Argos Translate on this computer (…). Use them?"."""
    many = len(models) > 1
    programs = " and ".join(sorted({m.program for m in models}))
    langs = ", ".join(sorted({pair_text(m.source_lang, m.target_lang) if m.source_lang != "multi"
                              else "many languages" for m in models}))
    them = "them" if many else "it"
    return (f"Found {len(models)} translation model{'s' if many else ''} from {programs} on this computer "
            f"({langs}). Use {them}? Desk copies {them} into its own folder; the other program keeps its own copy.")


class FoundOffer(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("found_offer")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.button = QPushButton("Use them")
        row = QHBoxLayout(self)
        row.addWidget(self.label, 1)
        row.addWidget(self.button)
        self.models: list[FoundModel] = []
        self.hide()

    def refresh(self, nothing_installed: bool) -> None:
        """Look for models (only when nothing is installed) and show the offer when some can be used."""
        self.models = [m for m in find_models() if m.source_lang] if nothing_installed else []
        if not self.models:
            self.hide()
            return
        self.label.setText(offer_text(self.models))
        self.button.setText("Use them" if len(self.models) > 1 else "Use it")
        self.show()
