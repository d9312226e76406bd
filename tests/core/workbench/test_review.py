"""Review order and the relative low-confidence marker."""
from __future__ import annotations

from desk.core.model import Target
from desk.core.workbench.review import describe_confidence, low_confidence, review_order


def test_review_order_puts_flags_first_then_low_confidence_then_the_rest() -> None:
    targets = {"a": Target("x", "machine", [], 0.7), "b": Target("x", "edited"), "c": Target("x", "machine", [], 0.2),
               "d": Target("x", "machine", ["glossary"], 0.9), "e": Target("x", "machine", [], 0.2)}
    # "f" has no target yet; ties keep document order
    assert review_order(["a", "b", "c", "d", "e", "f"], targets, {"a"}) == ["d", "c", "e", "b", "f", "a"]


def test_low_confidence_is_the_least_confident_quarter_of_the_article() -> None:
    confidences = [0.9, 0.8, 0.35, 0.7, 0.6, 0.3, 0.85, 0.75]
    targets = {f"s{i}": Target(f"t{i}", "machine", [], c) for i, c in enumerate(confidences)}
    targets["m"] = Target("from memory", "memory")
    assert low_confidence(targets) == {"s5", "s2"}
    # a short article has nothing "low" relative to the rest
    assert low_confidence({k: targets[k] for k in ("s0", "s1", "s2")}) == set()
    assert describe_confidence(targets["s2"]) == "Model confidence 35%"
    assert describe_confidence(targets["m"]) == ""
