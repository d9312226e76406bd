"""desk.core.model: the names people see for sentence ids."""
from __future__ import annotations

import pytest

from desk.core.model import sentence_label


@pytest.mark.parametrize("sid, label", [
    ("p2s0", "¶3, sentence 1"), ("p0s11", "¶1, sentence 12"), ("t0", "headline"), ("c0", "caption 1"),
    ("p0s1+p0s2", "¶1, sentences 2–3"), ("p0s3+p1s0", "¶1, sentence 4 + ¶2, sentence 1"), ("x9", "x9"),
])
def test_sentence_label(sid: str, label: str) -> None:
    assert sentence_label(sid) == label
