"""Long operations in core are generators that yield ``Progress`` and take a ``CancelToken``.

A core job looks like::

    def translate_article(article, ..., cancel: CancelToken | None = None) -> Iterator[Progress]:
        ...
        yield Progress(done, total, "Translating", payload=partial_result)
        ...
        return final_result          # becomes StopIteration.value

``run_job`` drives such a generator to completion in the current thread (CLI, tests);
the GUI's adapter (desk.gui.worker) drives the same generator on a worker thread and turns
each yield into a Qt signal.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import Any, TypeVar

from desk.core.errors import Cancelled

T = TypeVar("T")


class CancelToken:
    """Thread-safe cancel flag, checked by core code between units of work."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled()


@dataclass
class Progress:
    done: int
    total: int
    message: str = ""
    payload: Any = None  # partial result a view may show right away (e.g. translated sentences)

    @property
    def fraction(self) -> float:
        return 0.0 if self.total <= 0 else min(1.0, self.done / self.total)


Job = Generator[Progress, None, T]


def run_job(job: Job[T], on_progress: Callable[[Progress], None] | None = None) -> T:
    """Drive a job generator to the end and return its result."""
    while True:
        try:
            progress = next(job)
        except StopIteration as stop:
            return stop.value
        if on_progress is not None:
            on_progress(progress)
