"""The status bar: the model in use, where translation runs, Offline."""
from __future__ import annotations

import pytest

from desk.gui.status import StatusBar

pytestmark = pytest.mark.gui


def test_device_label_shows_only_when_set(qtbot) -> None:  # noqa: ANN001
    bar = StatusBar()
    qtbot.addWidget(bar)
    bar.show()
    assert not bar.device_label.isVisible()
    bar.set_device("CPU · int8")
    assert bar.device_label.isVisible() and bar.device_label.text() == "CPU · int8"
    bar.set_model("Model: Argos Translate ar → en 1.0")
    assert bar.model_label.text().endswith("1.0") and bar.offline_label.text() == "Offline"
    bar.set_device("")
    assert not bar.device_label.isVisible()
