"""``desk FILE --screenshot OUT.png``: open, do the asked work, wait for it, grab the window.

Waiting uses nested event loops that quit on the controllers' signals (never sleeps on the GUI
thread), each with a time limit so a stuck job ends with a message instead of hanging.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer

from desk.core.errors import DeskError
from desk.core.languages import display_name as lang_name
from desk.gui.main_window import MainWindow

log = logging.getLogger(__name__)


@dataclass
class ScreenshotRequest:
    file: str | None
    out: str
    translate: bool = False
    summarize: bool = False
    article: int = 0
    to: str | None = None
    timeout_s: float = 600.0


def wait_until(condition: Callable[[], bool], timeout_s: float) -> bool:
    """Run the event loop until ``condition()`` holds (checked every 20 ms) or time runs out."""
    if condition():
        return True
    loop = QEventLoop()
    poll = QTimer()
    poll.setInterval(20)
    poll.timeout.connect(lambda: loop.quit() if condition() else None)
    limit = QTimer()
    limit.setSingleShot(True)
    limit.timeout.connect(loop.quit)
    poll.start()
    limit.start(int(timeout_s * 1000))
    loop.exec()
    poll.stop()
    limit.stop()
    return condition()


def take_screenshot(window: MainWindow, req: ScreenshotRequest) -> None:
    """Drive ``window`` through the request; raises DeskError with a readable reason."""
    window.summarizer.set_enabled(req.summarize)
    if req.file:
        handle = window.files.open_path(req.file, select=req.article)
        if not wait_until(lambda: handle.finished, req.timeout_s):
            raise DeskError(f"Opening {req.file} took longer than {req.timeout_s:.0f} s")
        if handle.outcome != "succeeded":
            raise DeskError(handle.error or f"Cannot open {req.file}")
        if window.errors:
            raise DeskError(window.errors[-1])
        count = len(window.document.articles)
        if not 0 <= req.article < count:
            raise DeskError(f"{req.file} has {count} article(s); --article {req.article} does not exist")
        window.document.select(req.article)
    article = window.document.current
    if req.to is not None and article is not None:
        src = article.lang if article.lang != req.to else ("ar" if req.to == "en" else "en")
        window.translator.set_direction_choice(f"{src}-{req.to}")
    if req.translate:
        if article is None:
            raise DeskError("--translate needs an article to translate")
        if window.translator.selected_model() is None:
            src, tgt = window.translator.direction()
            raise DeskError(
                f"No {lang_name(src)} → {lang_name(tgt)} model is installed; install one with "
                "'desk models install PATH' or the model manager"
            )
        started = window.translator.translate()
        if started is None or not wait_until(lambda: started.finished, req.timeout_s):
            raise DeskError("The translation did not finish in time")
        if started.outcome == "failed":
            raise DeskError(started.error)
    if req.summarize:
        window.summarizer.refresh_now()
    if not wait_until(lambda: not window.summarizer.busy and not window.runner.busy(), req.timeout_s):
        raise DeskError("Background work did not finish in time")
    wait_until(lambda: False, 0.15)  # let the last repaints through
    out = Path(req.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(out)):
        raise DeskError(f"Cannot write the screenshot to {out}")
    log.info("screenshot saved to %s", out)
