"""Plain text writer: the words only."""
from __future__ import annotations

from desk.core.brief.writers.text import render_text
from tests.core.brief.writers.sample import sample


def test_text() -> None:
    txt = render_text(sample())
    assert txt.splitlines()[:2] == ["عنوان التقرير", "=" * len("عنوان التقرير")]
    assert "*" not in txt and "#" not in txt
    assert "مرحبا | بكم | Welcome" in txt.splitlines()
