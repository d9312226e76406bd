"""One languages module: the other language, writing direction and names, the same everywhere."""
from __future__ import annotations

from desk.core import languages


def test_other_language_of_the_pair() -> None:
    assert languages.other_lang("ar") == "en" and languages.other_lang("en") == "ar"
    assert languages.other_lang("ar-EG") == "en" and languages.other_lang("fr") == "ar"


def test_right_to_left_knows_more_than_arabic() -> None:
    assert all(languages.is_rtl(code) for code in ("ar", "AR", "ar_SA", "fa", "ur", "he"))
    assert not languages.is_rtl("en") and languages.text_direction("ar") == "rtl" and languages.text_direction("en") == "ltr"


def test_names_for_people() -> None:
    assert languages.display_name("ar") == "Arabic" and languages.display_name("") == "unknown"
    assert languages.native_name("ar") == "العربية" and languages.with_article("en") == "an English"
    assert languages.with_article("fr") == "a French"
