"""Arabic/English identification: per text, per paragraph, per article, mixed text, FLORES."""
from __future__ import annotations

from pathlib import Path

import pytest

from desk.core.text.langid import (
    ARABIC_SHARE,
    ScriptCounts,
    detect_article_lang,
    detect_lang,
    detect_paragraph_langs,
    script_counts,
)

MIXED = [
    # An English name or acronym inside Arabic stays Arabic.
    ("قال متحدث باسم NASA إن المهمة ستنطلق غداً.", "ar"),
    ("أعلنت شركة Microsoft Corporation عن أرباحها.", "ar"),
    ("ظهر فيلم The Fools Who Dream في المهرجان.", "ar"),
    ("وجهت الضباط إلى سيارتها من طراز Oldsmobile Intrigue.", "ar"),
    ("قالت وكالة رويترز (Reuters) إن BBC وCNN نقلتا الخبر عن WHO.", "ar"),
    # Arabic words quoted in English stay English.
    ("The word مرحبا means welcome in Arabic.", "en"),
    ("Protesters chanted الشعب يريد outside the building on Friday afternoon.", "en"),
    ("Asharq Al-Awsat (الشرق الأوسط) reported the story on Tuesday.", "en"),
    # Accented Latin is Latin; diacritised Arabic is Arabic.
    ("İzmir and Chişinău are cities; Sápmi is a region.", "en"),
    ("ذَهَبَ الوَلَدُ إِلَى المَدْرَسَةِ", "ar"),
    # Presentation forms (from old PDFs) are Arabic letters.
    ("\ufee3\ufeae\ufea3\ufe92\ufe8e", "ar"),
]


@pytest.mark.parametrize("text,expected", MIXED, ids=[f"mixed{i}" for i in range(len(MIXED))])
def test_mixed_text(text: str, expected: str) -> None:
    assert detect_lang(text) == expected


@pytest.mark.parametrize(
    "text,default,expected",
    [
        ("", "en", "en"),
        ("", "ar", "ar"),
        ("2024 - 10:30 $", "ar", "ar"),
        ("2024 - 10:30 $", "en", "en"),
        ("١٢ ٫ ٣٤", "en", "ar"),  # Arabic-Indic digits tell
        ("؟!", "en", "ar"),
        ("Москва 2024", "ar", "ar"),  # other scripts do not count
    ],
)
def test_no_letters_uses_hints_or_default(text: str, default: str, expected: str) -> None:
    assert detect_lang(text, default=default) == expected


def test_script_counts_ignore_marks_digits_and_punctuation() -> None:
    c = script_counts("مُحَمَّد، Ali 12 ٣٤ ـــ!")
    assert (c.arabic, c.latin) == (4, 3)
    assert c.arabic_hint
    assert ScriptCounts().arabic_share == 0.0


def test_threshold_is_a_weighted_share() -> None:
    # Equal numbers of letters: Arabic weighs more, so the share is above one half.
    assert ScriptCounts(arabic=10, latin=10).arabic_share > 0.5
    just_arabic = ScriptCounts(arabic=35, latin=int(35 * 1.25 * (1 - ARABIC_SHARE) / ARABIC_SHARE))
    assert just_arabic.lang() == "ar"
    assert ScriptCounts(arabic=35, latin=just_arabic.latin + 5).lang() == "en"
    assert (ScriptCounts(3, 4, False) + ScriptCounts(1, 1, True)) == ScriptCounts(4, 5, True)


def test_paragraph_langs_follow_each_paragraph_and_article() -> None:
    paragraphs = [
        "واشنطن - قال الرئيس إن المحادثات ستستمر.",
        "\"We will keep talking,\" the president said in English.",
        "AP",  # too short to tell: the article's language
        "2024",  # no letters: the article's language
        "وأضاف أن NATO ستجتمع الأسبوع المقبل.",
    ]
    assert detect_paragraph_langs(paragraphs) == ["ar", "en", "ar", "ar", "ar"]
    assert detect_article_lang(paragraphs) == "ar"
    english = ["WASHINGTON (AP) - The talks go on.", "١٢", "ok", "He said it was fine."]
    assert detect_paragraph_langs(english, default="ar") == ["en", "en", "en", "en"]
    assert detect_paragraph_langs([]) == []
    assert detect_paragraph_langs(["", "  "], default="ar") == ["ar", "ar"]


def test_flores_every_line_and_article(flores_dir: Path) -> None:
    results = {}
    for name, lang in (("eng_Latn.devtest", "en"), ("arb_Arab.devtest", "ar")):
        lines = (flores_dir / name).read_text(encoding="utf-8").splitlines()
        assert len(lines) == 1012
        right = sum(detect_lang(line, default="xx") == lang for line in lines)
        results[lang] = right
        assert detect_article_lang(lines) == lang
        assert set(detect_paragraph_langs(lines)) == {lang}
    assert results == {"en": 1012, "ar": 1012}
