"""Guards against Qt binding bugs that crash the app after a while rather than at once."""
from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    flag = Signal(bool)


def test_bool_signals_keep_the_reference_counts_of_true_and_false(qtbot) -> None:  # noqa: ANN001
    """PySide6 6.12.0 loses a reference to True/False per Signal(bool) delivered to a Python slot.

    Python 3.11's True and False are not immortal, so after enough toggles the interpreter aborts
    ("bool_dealloc: deallocating True or False"). pyproject.toml excludes that release; this test
    fails if an installed binding has the bug again.
    """
    emitter = _Emitter()
    received: list[bool] = []
    emitter.flag.connect(received.append)
    before_true, before_false = sys.getrefcount(True), sys.getrefcount(False)
    for i in range(200):
        emitter.flag.emit(i % 2 == 0)
    drift = (sys.getrefcount(True) - before_true, sys.getrefcount(False) - before_false)
    assert len(received) == 200 and received[:2] == [True, False]
    # The list now holds 100 references to each; a leaking binding shows ~100 fewer.
    assert drift == (100, 100), f"Qt binding changed the reference counts of True/False by {drift}"
