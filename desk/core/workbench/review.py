"""Which sentences to check first: review order and the quiet confidence marker.

A machine target carries the model's confidence (``Target.confidence``: the geometric mean of
its token probabilities, 0-1). Post-editing goes through the sentences in *review order*:

1. sentences with QA flags (a changed number, a glossary term, an empty output…), in document order;
2. machine sentences, least confident first (ties in document order);
3. the rest (memory matches, the translator's own edits, sentences without a target yet), in
   document order;
4. confirmed sentences last, in document order.

Confidence figures are not comparable between models, so "low" is relative to the article:
:func:`low_confidence` picks the least confident quarter of its machine sentences (those a
reviewer should look at first), and the views mark only those, with the figure in a tooltip.
"""
from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping

from desk.core.model import Target

LOW_SHARE = 0.25  # the least confident quarter of an article's machine sentences gets a marker
MIN_SENTENCES = 4  # fewer machine sentences than this: nothing is "low" relative to the rest


def review_order(ids: Iterable[str], targets: Mapping[str, Target], confirmed: Collection[str] = ()) -> list[str]:
    """``ids`` (document order) in review order (see the module docstring)."""
    order = list(ids)
    position = {sid: i for i, sid in enumerate(order)}

    def key(sid: str) -> tuple[int, float, int]:
        target = targets.get(sid)
        if sid in confirmed:
            return (3, 0.0, position[sid])
        if target is not None and target.flags:
            return (0, 0.0, position[sid])
        if target is not None and target.origin == "machine" and target.confidence is not None:
            return (1, target.confidence, position[sid])
        return (2, 0.0, position[sid])

    return sorted(order, key=key)


def low_confidence(targets: Mapping[str, Target]) -> set[str]:
    """Ids of the least confident quarter of the machine targets (none when there are few)."""
    scored = sorted((t.confidence, sid) for sid, t in targets.items()
                    if t.origin == "machine" and t.confidence is not None and t.text.strip())
    if len(scored) < MIN_SENTENCES:
        return set()
    count = max(1, math.floor(len(scored) * LOW_SHARE))
    threshold = scored[count - 1][0]
    return {sid for confidence, sid in scored[:count] if confidence <= threshold}


def describe_confidence(target: Target) -> str:
    """"Model confidence 42%" for a tooltip; "" when the target has none."""
    if target.confidence is None:
        return ""
    return f"Model confidence {round(target.confidence * 100)}%"
