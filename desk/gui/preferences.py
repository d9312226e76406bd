"""Translation engine preferences: device, compute type (each explained), threads, beam size."""
from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox, QWidget

from desk.core.mt import device
from desk.core.mt.info import EngineSettings
from desk.core.settings import COMPUTE_TYPES
from desk.gui.settings import Settings

# What each compute type trades (CTranslate2 runs the model with these number types on the CPU).
COMPUTE_HELP = {
    "int8": "int8: weights stored as 8-bit integers. Fastest and about a quarter of the memory of float32; "
            "the translations differ from float32 in rare words only. The usual choice on a CPU.",
    "int8_float32": "int8_float32: 8-bit weights, and the layers that are not quantized computed in 32-bit "
                    "floating point. About as fast as int8; use it if int8 output looks worse for a model.",
    "float32": "float32: full 32-bit precision, the reference output. About 2-4 times slower than int8 and "
               "needs about 4 times the memory.",
    "default": "default: the precision the model was converted with (often int8 for downloaded models).",
}


class PreferencesDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferences_dialog")
        self.setWindowTitle("Translation settings")
        self.settings = settings
        current = settings.engine_settings()
        self.device = QComboBox()
        self.device.setObjectName("preferences_device")
        for key in device.DEVICES:
            self.device.addItem(device.DEVICE_LABELS[key], key)
        self.device.setCurrentIndex(max(0, self.device.findData(current.device)))
        self.device.setToolTip("Automatic uses the computer's graphics card when CTranslate2 can (CUDA), else the CPU")
        self.in_use = QLabel()
        self.in_use.setObjectName("preferences_in_use")
        self.compute = QComboBox()
        self.compute.addItems(COMPUTE_TYPES)
        self.compute.setCurrentText(current.compute_type)
        self.compute_help = QLabel()
        self.compute_help.setObjectName("compute_help")
        self.compute_help.setWordWrap(True)
        self.compute_help.setMinimumWidth(380)
        self.compute.currentTextChanged.connect(self._explain)
        self._explain(self.compute.currentText())
        self.threads = QSpinBox()
        self.threads.setRange(0, max(1, os.cpu_count() or 1))
        self.threads.setSpecialValueText("automatic")
        self.threads.setValue(current.intra_threads)
        self.beam = QSpinBox()
        self.beam.setRange(1, 8)
        self.beam.setValue(current.beam_size)
        self.beam.setToolTip("Larger beams are a little better and slower")
        form = QFormLayout(self)
        form.addRow("Device", self.device)
        form.addRow("Compute type", self.compute)
        form.addRow("", self.compute_help)
        form.addRow("Threads", self.threads)
        form.addRow("Beam size", self.beam)
        form.addRow("In use", self.in_use)
        self.device.currentIndexChanged.connect(self._show_in_use)
        self.compute.currentTextChanged.connect(self._show_in_use)
        self._show_in_use()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _explain(self, compute_type: str) -> None:
        self.compute_help.setText(COMPUTE_HELP.get(compute_type, ""))
        for i, name in enumerate(COMPUTE_TYPES):
            self.compute.setItemData(i, COMPUTE_HELP.get(name, ""), Qt.ItemDataRole.ToolTipRole)

    def engine_settings(self) -> EngineSettings:
        base = self.settings.engine_settings()
        return EngineSettings(
            device=self.device.currentData(),
            compute_type=self.compute.currentText(),
            inter_threads=base.inter_threads,
            intra_threads=self.threads.value(),
            beam_size=self.beam.value(),
            max_batch_tokens=base.max_batch_tokens,
        )

    def _show_in_use(self) -> None:
        self.in_use.setText(device.describe(self.engine_settings()))

    def accept(self) -> None:
        self.settings.set_engine_settings(self.engine_settings())
        super().accept()
