"""The status bar: messages, translation progress with Cancel, the model in use, the device, "Offline"."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QStatusBar, QWidget


class StatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("status_bar")
        self.progress = QProgressBar()
        self.progress.setObjectName("translate_progress")
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.progress.setFormat("%v / %m sentences")
        self.progress.hide()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("status_cancel")
        self.cancel_button.setToolTip("Stop the translation and keep what is done (Esc)")
        self.cancel_button.hide()
        self.model_label = QLabel("No model")
        self.model_label.setObjectName("status_model")
        self.device_label = QLabel("")
        self.device_label.setObjectName("status_device")
        self.device_label.setToolTip("Where translation runs (Translation settings: device)")
        self.device_label.hide()
        self.device_label.setStyleSheet("padding: 0 6px;")
        self.offline_label = QLabel("Offline")
        self.offline_label.setObjectName("status_offline")
        self.offline_label.setToolTip("Desk works without a network; only model downloads you start use it.")
        self.offline_label.setStyleSheet("color: #2e7d32; font-weight: bold; padding: 0 6px;")
        self.addPermanentWidget(self.progress)
        self.addPermanentWidget(self.cancel_button)
        self.addPermanentWidget(self.model_label)
        self.addPermanentWidget(self.device_label)
        self.addPermanentWidget(self.offline_label)

    def set_running(self, running: bool) -> None:
        self.progress.setVisible(running)
        self.cancel_button.setVisible(running)
        if running:
            self.progress.setRange(0, 0)  # busy until the first progress arrives

    def set_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(min(done, max(1, total)))

    def set_model(self, text: str) -> None:
        self.model_label.setText(text)

    def set_device(self, text: str) -> None:
        """Where translation runs, e.g. "CPU · int8" or "GPU (CUDA) · int8_float16"; hidden when empty."""
        self.device_label.setText(text)
        self.device_label.setVisible(bool(text))
