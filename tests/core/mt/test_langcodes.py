"""Language codes as packages spell them, normalised."""
from __future__ import annotations

import pytest

from desk.core.mt.langcodes import normalize_lang


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ar", "ar"), ("ara", "ar"), ("arb", "ar"), ("arb_Arab", "ar"), ("arz", "ar"), ("apc", "ar"),
        ("AR-sa", "ar"), ("ara_Latn", "ar-Latn"), ("eng", "en"), ("eng_Latn", "en"), ("en_US", "en"),
        ("English", "en"), ("fre", "fr"), ("zho_Hans", "zh"), ("zho_Hant", "zh-Hant"), (">>ara<<", "ar"),
        ("tr", "tr"), ("xyz", "xyz"),
    ],
)
def test_normalize_lang(raw: str, expected: str) -> None:
    assert normalize_lang(raw) == expected


@pytest.mark.parametrize("raw", ["", "a", "arabicish", "12", "e n"])
def test_normalize_lang_rejects_non_codes(raw: str) -> None:
    with pytest.raises(ValueError):
        normalize_lang(raw)
