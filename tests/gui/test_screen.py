"""Windows open no larger than the screen they are on (a 1024x768 laptop keeps its status bar)."""
from __future__ import annotations

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from desk.gui import screen


def test_real_screens_shrink_the_window(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    widget = QWidget()
    qtbot.addWidget(widget)
    area = (widget.screen() or QGuiApplication.primaryScreen()).availableGeometry()
    monkeypatch.setattr(QGuiApplication, "platformName", staticmethod(lambda: "xcb"))
    width, height = screen.fitted_size(widget, 5000, 5000)
    assert width == int(area.width() * screen.SCREEN_SHARE) and height == int(area.height() * screen.SCREEN_SHARE)
    assert screen.fitted_size(widget, 300, 200) == (300, 200)  # small enough already
    screen.resize_to_fit(widget, 5000, 5000)
    assert (widget.width(), widget.height()) == (width, height)


def test_headless_platforms_keep_the_asked_size(qtbot) -> None:  # noqa: ANN001
    widget = QWidget()
    qtbot.addWidget(widget)
    assert screen.fitted_size(widget, 1920, 1080) == (1920, 1080)
