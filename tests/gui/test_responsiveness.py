"""The event loop keeps ticking while a base-shaped (real-cost) random model translates a document."""
from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import QElapsedTimer, QTimer

from desk.gui.main_window import MainWindow
from tests.gui.conftest import install, open_file

pytestmark = [pytest.mark.gui, pytest.mark.slow]

MAX_STALL_MS = 250


class StallMeter:
    """A 20 ms QTimer on the GUI thread; records the longest gap between two ticks."""

    def __init__(self, interval_ms: int = 20) -> None:
        self.clock = QElapsedTimer()
        self.timer = QTimer()
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._tick)
        self.last = 0
        self.worst = 0
        self.worst_at = 0
        self.ticks = 0

    def start(self) -> None:
        self.clock.start()
        self.last = 0
        self.timer.start()

    def _tick(self) -> None:
        now = self.clock.elapsed()
        if now - self.last > self.worst:
            self.worst, self.worst_at = now - self.last, now
        self.last = now
        self.ticks += 1

    def stop(self) -> None:
        self.timer.stop()
        self._tick()


def write_article(path: Path, sentences: int) -> Path:
    topics = ["the port", "the budget", "the school", "the water plan", "the vote", "the bridge"]
    lines = [f"On day {i} {topics[i % len(topics)]} needed more work." for i in range(sentences)]
    paras = [" ".join(lines[i:i + 4]) for i in range(0, len(lines), 4)]
    path.write_text("Officials Update the Plans\n\n" + "\n\n".join(paras) + "\n", encoding="utf-8")
    return path


def test_no_event_loop_stall_while_translating(qtbot, window: MainWindow, base_shaped_ct2: Path, tmp_path: Path) -> None:
    install(base_shaped_ct2, "en", "ar", model_id="base-shaped-en-ar")
    window.translator.reload_models()
    window.summarizer.set_enabled(False)  # measure the translation alone
    open_file(qtbot, window, write_article(tmp_path / "plans.txt", 11))
    total = len(list(window.document.current.all_sentences()))

    meter = StallMeter()
    first_sentence: list[float] = []
    window.document.translation_changed.connect(
        lambda _a: first_sentence.append(time.monotonic()) if not first_sentence else None
    )
    meter.start()
    clicked = time.monotonic()
    handle = window.translator.translate()  # loads the model (on the worker) and streams
    qtbot.waitUntil(lambda: handle.finished, timeout=120000)
    meter.stop()
    assert handle.outcome == "succeeded", handle.error
    assert len(window.translator.current_translation().targets) == total
    print(f"\nworst event-loop stall {meter.worst} ms (at {meter.worst_at} ms) over {meter.ticks} ticks; "
          f"first sentence after {first_sentence[0] - clicked:.2f} s; total {time.monotonic() - clicked:.2f} s")
    assert meter.ticks > 10
    assert meter.worst < MAX_STALL_MS, f"the GUI froze for {meter.worst} ms"
