"""Sizes for people: bytes as "412.0 KB", "1.3 GB" (downloads, unpacking, the model manager)."""
from __future__ import annotations


def human_size(size: float) -> str:
    """``size`` bytes in B, KB, MB or GB (binary multiples, one decimal above bytes)."""
    for unit in ("B", "KB", "MB"):
        if size < 1024:
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"
