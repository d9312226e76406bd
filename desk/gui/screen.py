"""Window sizes that fit the screen the window is on (a 1024x768 laptop as well as a 4K monitor)."""
from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# Of the screen's available area, what a window may take when it opens (room for a dock or panel).
SCREEN_SHARE = 0.92
# Platforms with no real screen (tests, --screenshot): the size asked for is the size made.
HEADLESS = {"offscreen", "minimal"}


def fitted_size(widget: QWidget, width: int, height: int) -> tuple[int, int]:
    """``width`` x ``height``, or less where the screen ``widget`` is on (else the primary one) is smaller."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is None or QGuiApplication.platformName() in HEADLESS:
        return width, height
    area = screen.availableGeometry()
    return min(width, int(area.width() * SCREEN_SHARE)), min(height, int(area.height() * SCREEN_SHARE))


def resize_to_fit(widget: QWidget, width: int, height: int) -> None:
    """Resize ``widget`` to ``width`` x ``height``, shrunk to fit its screen."""
    widget.resize(*fitted_size(widget, width, height))
