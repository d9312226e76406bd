"""The translation controls (a view): direction, model, Translate and Cancel."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from desk.core.languages import display_name, other_lang
from desk.core.mt.info import display_names
from desk.gui.translate.controller import TranslateController

MODEL_COMBO_MAX = 420  # px: a long model name must not push the tool bar off the window


class TranslateBar(QWidget):
    def __init__(self, controller: TranslateController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.direction = QComboBox()
        self.direction.setObjectName("translate_direction")
        self.direction.setToolTip("Translation direction (Ctrl+D switches)")
        self.model = QComboBox()
        self.model.setObjectName("translate_model")
        self.model.setToolTip("Installed model used for this direction")
        self.model.setMinimumContentsLength(14)
        # As wide as the longest model name (the release is at its end), within reason.
        self.model.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.model.setMaximumWidth(MODEL_COMBO_MAX)
        self.translate_button = QPushButton("Translate")
        self.translate_button.setObjectName("translate_button")
        self.translate_button.setToolTip("Translate the current article (Ctrl+T)")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("translate_cancel")
        self.cancel_button.setToolTip("Stop and keep what is translated (Esc)")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(QLabel("Direction"))
        layout.addWidget(self.direction)
        layout.addWidget(QLabel("Model"))
        layout.addWidget(self.model)
        layout.addWidget(self.translate_button)
        layout.addWidget(self.cancel_button)

        self.direction.activated.connect(self._on_direction)
        self.model.activated.connect(self._on_model)
        self.translate_button.clicked.connect(controller.translate)
        self.cancel_button.clicked.connect(controller.cancel)
        controller.state_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        c = self.controller
        article = c.document.current
        auto_src = article.lang if article is not None and article.lang in ("ar", "en") else "ar"
        auto_tgt = other_lang(auto_src)
        items = [
            (f"Auto ({display_name(auto_src)} → {display_name(auto_tgt)})", "auto"),
            ("Arabic → English", "ar-en"),
            ("English → Arabic", "en-ar"),
        ]
        self.direction.blockSignals(True)
        self.direction.clear()
        for label, key in items:
            self.direction.addItem(label, key)
        self.direction.setCurrentIndex(max(0, self.direction.findData(c.direction_choice)))
        self.direction.blockSignals(False)

        self.model.blockSignals(True)
        self.model.clear()
        models = c.models()
        names = display_names(models)
        for m in models:
            self.model.addItem(names[m.id], m.id)
            self.model.setItemData(self.model.count() - 1, f"{m.name or m.id} ({m.id})", Qt.ItemDataRole.ToolTipRole)
        if not models:
            self.model.addItem("(none installed)", "")
        selected = c.selected_model()
        if selected is not None:
            self.model.setCurrentIndex(max(0, self.model.findData(selected.id)))
        self.model.setEnabled(bool(models) and not c.running)
        current = self.model.currentData()
        self.model.setToolTip(f"Model for this direction: {self.model.currentText()} ({current})" if current
                              else "No model is installed for this direction")
        self.model.blockSignals(False)

        self.direction.setEnabled(not c.running)
        self.translate_button.setEnabled(article is not None and selected is not None and not c.running)
        self.cancel_button.setEnabled(c.running)

    def _on_direction(self, index: int) -> None:
        self.controller.set_direction_choice(str(self.direction.itemData(index)))

    def _on_model(self, index: int) -> None:
        model_id = str(self.model.itemData(index) or "")
        if model_id:
            self.controller.select_model(model_id)
