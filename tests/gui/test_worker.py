"""The background adapter: signals in order, cancel, errors as messages, one engine job at a time."""
from __future__ import annotations

import threading
import time

import pytest

from desk.core.errors import Cancelled, LoadError
from desk.core.jobs import CancelToken, Job, Progress
from desk.gui.worker import JobRunner

pytestmark = pytest.mark.gui


def counting_job(n: int, delay: float = 0.0, threads: list[str] | None = None):
    def factory(cancel: CancelToken) -> Job[int]:
        total = 0
        for i in range(n):
            cancel.raise_if_cancelled()
            if threads is not None:
                threads.append(threading.current_thread().name)
            time.sleep(delay)
            total += i
            yield Progress(i + 1, n, "counting", payload=i)
        return total

    return factory


def test_progress_then_result_then_done_in_order(qtbot) -> None:
    runner = JobRunner()
    events: list[object] = []
    threads: list[str] = []
    handle = runner.start("count", counting_job(5, threads=threads))
    # connected after start: the handle re-emits on the GUI thread, so nothing is missed
    handle.progress.connect(lambda p: events.append(("p", p.payload)))
    handle.succeeded.connect(lambda r: events.append(("ok", r)))
    handle.done.connect(lambda: events.append("done"))
    with qtbot.waitSignal(handle.done, timeout=5000):
        pass
    assert events == [("p", 0), ("p", 1), ("p", 2), ("p", 3), ("p", 4), ("ok", 10), "done"]
    assert handle.outcome == "succeeded" and handle.result == 10
    assert threading.main_thread().name not in threads  # the work ran off the GUI thread
    assert not runner.busy()


def test_cancel_stops_early(qtbot) -> None:
    runner = JobRunner()
    seen: list[int] = []
    handle = runner.start("slow", counting_job(200, delay=0.01))
    handle.progress.connect(lambda p: (seen.append(p.payload), handle.cancel() if len(seen) == 3 else None))
    with qtbot.waitSignal(handle.done, timeout=5000):
        pass
    assert handle.outcome == "cancelled"
    assert 3 <= len(seen) < 20


def test_cancel_carries_partial_result(qtbot) -> None:
    class PartialCancelled(Cancelled):
        def __init__(self, partial: object) -> None:
            super().__init__()
            self.partial = partial

    def factory(cancel: CancelToken) -> Job[list[int]]:
        done: list[int] = []
        for i in range(100):
            if cancel.cancelled:
                raise PartialCancelled(list(done))
            done.append(i)
            time.sleep(0.005)
            yield Progress(i + 1, 100)
        return done

    runner = JobRunner()
    handle = runner.start("partial", factory)
    handle.progress.connect(lambda p: handle.cancel() if p.done == 4 else None)
    partials: list[object] = []
    handle.cancelled.connect(partials.append)
    with qtbot.waitSignal(handle.done, timeout=5000):
        pass
    assert handle.outcome == "cancelled"
    assert partials and partials[0][:4] == [0, 1, 2, 3] and len(partials[0]) < 100


def test_desk_error_becomes_readable_message(qtbot) -> None:
    def factory(cancel: CancelToken) -> Job[None]:
        yield Progress(0, 1)
        raise LoadError("/tmp/x.pdf", "the file is not a PDF")

    runner = JobRunner()
    handle = runner.start("load", factory)
    with qtbot.waitSignal(handle.failed, timeout=5000) as blocker:
        pass
    assert blocker.args == ["Cannot open /tmp/x.pdf: the file is not a PDF"]
    qtbot.waitUntil(lambda: not runner.busy(), timeout=2000)


def test_bug_becomes_message_not_crash(qtbot) -> None:
    runner = JobRunner()
    handle = runner.call("Summarizing", lambda: 1 / 0)
    with qtbot.waitSignal(handle.failed, timeout=5000) as blocker:
        pass
    assert "Summarizing failed unexpectedly" in blocker.args[0] and "ZeroDivisionError" in blocker.args[0]


def test_exclusive_jobs_run_one_at_a_time(qtbot) -> None:
    runner = JobRunner()
    active = 0
    peak = 0
    lock = threading.Lock()

    def factory(cancel: CancelToken) -> Job[None]:
        nonlocal active, peak
        with lock:
            active += 1
            peak = max(peak, active)
        time.sleep(0.05)
        with lock:
            active -= 1
        yield Progress(1, 1)

    handles = [runner.start(f"engine {i}", factory, exclusive=True) for i in range(3)]
    qtbot.waitUntil(lambda: all(h.finished for h in handles), timeout=5000)
    assert peak == 1
    assert [h.outcome for h in handles] == ["succeeded"] * 3


def test_shutdown_cancels_running_jobs(qtbot) -> None:
    runner = JobRunner()
    handle = runner.start("forever", counting_job(10_000, delay=0.01))
    qtbot.waitUntil(lambda: handle.last_progress is not None, timeout=5000)
    started = time.monotonic()
    assert runner.shutdown(5000)
    assert time.monotonic() - started < 1.0
