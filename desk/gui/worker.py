"""The one background adapter: runs core job generators off the GUI thread.

A core job is a generator that yields ``Progress`` and returns its result (see
``desk.core.jobs``). ``JobRunner.start`` drives such a generator on a worker thread and turns
each step into a Qt signal on a ``JobHandle`` that lives on the GUI thread:

* ``progress(Progress)`` for every yield,
* ``succeeded(result)`` when the generator returns,
* ``failed(str)`` with a message a person understands (``str(DeskError)``),
* ``cancelled(partial)`` when the user's cancel stopped it (``partial`` is what the core had
  finished, when its ``Cancelled`` exception carries one, else None),
* ``done()`` after any of the three above (each handle emits exactly one terminal signal).

Widgets are never touched from the worker thread: signals cross threads as queued
connections, so slots run on the GUI thread. Jobs that use the translation engine (a shared
heavy resource) pass ``exclusive=True`` and run one at a time on a single-thread pool.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from desk.core.errors import Cancelled, DeskError
from desk.core.jobs import CancelToken, Job, Progress

log = logging.getLogger(__name__)

JobFactory = Callable[[CancelToken], Job[Any]]


class JobHandle(QObject):
    """The GUI-side face of one running job.

    The worker emits private signals; the handle (living on the GUI thread) receives them as
    queued calls and re-emits the public ones from the GUI thread. So slots connected right
    after ``JobRunner.start`` returns never miss an early signal, and they run in order:
    every ``progress``, then exactly one of ``succeeded``/``failed``/``cancelled``, then ``done``.
    """

    progress = Signal(object)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal(object)
    done = Signal()

    _w_progress = Signal(object)
    _w_succeeded = Signal(object)
    _w_failed = Signal(str)
    _w_cancelled = Signal(object)
    _w_done = Signal()

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.token = CancelToken()
        self.finished = False
        self.outcome = ""  # "succeeded" | "failed" | "cancelled" once finished
        self.result: Any = None
        self.error = ""
        self.last_progress: Progress | None = None
        self._w_progress.connect(self._on_progress)
        self._w_succeeded.connect(self._on_succeeded)
        self._w_failed.connect(self._on_failed)
        self._w_cancelled.connect(self._on_cancelled)
        self._w_done.connect(self._on_done)

    def cancel(self) -> None:
        """Ask the job to stop; the core checks the token between units of work."""
        log.debug("cancel requested for %s", self.name)
        self.token.cancel()

    @property
    def cancel_requested(self) -> bool:
        return self.token.cancelled

    # These run on the GUI thread (queued from the worker).
    def _on_progress(self, progress: Progress) -> None:
        self.last_progress = progress
        self.progress.emit(progress)

    def _on_succeeded(self, result: Any) -> None:
        self.result, self.finished, self.outcome = result, True, "succeeded"
        self.succeeded.emit(result)

    def _on_failed(self, message: str) -> None:
        self.error, self.finished, self.outcome = message, True, "failed"
        self.failed.emit(message)

    def _on_cancelled(self, partial: Any) -> None:
        self.result, self.finished, self.outcome = partial, True, "cancelled"
        self.cancelled.emit(partial)

    def _on_done(self) -> None:
        if not self.finished:  # defensive: the worker always sends a terminal signal first
            self.finished, self.outcome = True, self.outcome or "failed"
        self.done.emit()


class _JobRunnable(QRunnable):
    def __init__(self, handle: JobHandle, factory: JobFactory) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._handle = handle
        self._factory = factory

    def run(self) -> None:  # worker thread: emit signals only, never touch widgets
        # hold the only worker-side references in this frame
        handle, factory = self._handle, self._factory
        del self._handle, self._factory
        try:
            self._drive(handle, factory)
        finally:
            handle._w_done.emit()

    @staticmethod
    def _drive(handle: JobHandle, factory: JobFactory) -> None:
        token = handle.token
        try:
            if token.cancelled:
                raise Cancelled()
            job = factory(token)
            while True:
                if _JobRunnable._step(handle, job):
                    return
                if token.cancelled:
                    # Give the core one step to notice the token and raise its own Cancelled
                    # (which may carry the partial result); a job that does not listen is closed.
                    if _JobRunnable._step(handle, job):
                        return
                    job.close()
                    raise Cancelled()
        except Cancelled as stop:
            handle._w_cancelled.emit(getattr(stop, "partial", None))
        except DeskError as err:
            log.info("%s failed: %s", handle.name, err)
            handle._w_failed.emit(str(err))
        except MemoryError:
            handle._w_failed.emit(f"{handle.name}: not enough memory")
        except Exception as err:  # a bug: log the traceback, show a sentence
            log.exception("%s crashed", handle.name)
            handle._w_failed.emit(f"{handle.name} failed unexpectedly: {type(err).__name__}: {err}")

    @staticmethod
    def _step(handle: JobHandle, job: Job[Any]) -> bool:
        """Advance ``job`` one step and report it: its progress, or (returning True) its result."""
        try:
            progress = next(job)
        except StopIteration as stop:
            handle._w_succeeded.emit(stop.value)
            return True
        handle._w_progress.emit(progress)
        return False


def single_step(fn: Callable[..., Any], *args: Any, message: str = "", **kwargs: Any) -> JobFactory:
    """Wrap a plain (blocking) function as a one-step job, so it runs through the same adapter."""

    def factory(cancel: CancelToken) -> Job[Any]:
        yield Progress(0, 1, message)
        cancel.raise_if_cancelled()
        result = fn(*args, **kwargs)
        yield Progress(1, 1, message)
        return result

    return factory


class JobRunner(QObject):
    """Starts jobs and keeps their handles alive until they finish."""


    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._exclusive_pool = QThreadPool(self)  # the translation engine: one job at a time
        self._exclusive_pool.setMaxThreadCount(1)
        self._active: list[JobHandle] = []

    def start(self, name: str, factory: JobFactory, *, exclusive: bool = False) -> JobHandle:
        handle = JobHandle(name, self)
        self._active.append(handle)
        handle.done.connect(lambda h=handle: self._on_done(h))
        pool = self._exclusive_pool if exclusive else self._pool
        pool.start(_JobRunnable(handle, factory))
        return handle

    def call(self, name: str, fn: Callable[..., Any], *args: Any, exclusive: bool = False, **kwargs: Any) -> JobHandle:
        return self.start(name, single_step(fn, *args, message=name, **kwargs), exclusive=exclusive)

    def active(self) -> list[JobHandle]:
        return list(self._active)

    def busy(self) -> bool:
        return bool(self._active)

    def cancel_all(self) -> None:
        for handle in self._active:
            handle.cancel()

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Cancel everything and wait for the worker threads (window close, app exit)."""
        self.cancel_all()
        ok = self._pool.waitForDone(timeout_ms)
        return self._exclusive_pool.waitForDone(timeout_ms) and ok

    def _on_done(self, handle: JobHandle) -> None:
        if handle in self._active:
            self._active.remove(handle)
        # No deleteLater: code that kept the handle may still read it (and deleting a QObject
        # while a nested event loop waits on its signal crashes). Unparented, the handle is freed
        # like any Python object once nobody refers to it; the worker only holds it in a local
        # variable until its run() returns, right after sending ``done``.
        handle.setParent(None)
