"""Extractive summaries. PLACEHOLDER until the summaries work lands; the API below stays."""
from __future__ import annotations

ALGORITHMS: dict[str, object] = {"lead": None, "lexrank": None}
