"""Translation settings: the device ("automatic" by default), what it resolves to, persisted."""
from __future__ import annotations

import pytest

from desk.core.mt import device
from desk.core.mt.info import EngineSettings
from desk.gui.preferences import PreferencesDialog
from desk.gui.settings import Settings


def test_device_automatic_shows_what_it_uses_and_persists_a_choice(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(device, "cuda_device_count", lambda: 1)
    dialog = PreferencesDialog(Settings())
    qtbot.addWidget(dialog)
    assert dialog.device.currentData() == "auto"
    assert dialog.in_use.text() == "GPU (CUDA) · int8_float16 (automatic)"
    dialog.device.setCurrentIndex(dialog.device.findData("cpu"))
    assert dialog.in_use.text() == "CPU · int8"
    dialog.accept()
    assert Settings().engine_settings().device == "cpu"  # a fresh reader of the same file
    again = PreferencesDialog(Settings())
    qtbot.addWidget(again)
    assert again.device.currentData() == "cpu"


def test_without_a_gpu_automatic_means_the_cpu(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(device, "cuda_device_count", lambda: 0)
    dialog = PreferencesDialog(Settings())
    qtbot.addWidget(dialog)
    assert dialog.in_use.text() == "CPU · int8 (automatic)"


def test_status_bar_shows_the_resolved_device_and_follows_the_settings(
    qtbot, window, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(device, "cuda_device_count", lambda: 1)
    window._update_status()
    assert window.status.device_label.text() == "GPU (CUDA) · int8_float16 (automatic)"
    window.settings.set_engine_settings(EngineSettings(device="cpu", compute_type="float32"))
    window._update_status()
    assert window.status.device_label.text() == "CPU · float32"
