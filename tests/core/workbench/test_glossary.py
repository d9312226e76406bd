"""The glossary: Arabic-aware term matching, checks in both directions, persistence (CSV and TBX
exchange: test_glossary_io.py)."""
from __future__ import annotations

from pathlib import Path

import pytest

from desk.core.workbench.glossary import Glossary, contains_term, normalize_arabic


def test_arabic_normalisation_folds_spelling_variants() -> None:
    assert normalize_arabic("إِسْرائيـــل") == normalize_arabic("اسرائيل")
    assert normalize_arabic("مستشفى") == normalize_arabic("مستشفي")
    assert normalize_arabic("القاهرة") == normalize_arabic("القاهره")
    assert normalize_arabic("ﻻ") == "لا"  # presentation-form ligature


@pytest.mark.parametrize("text", ["وصل إلى الرياض", "وصل للرياض", "وبالرياض أمس", "فالرياض", "الرِّياضُ", "كالرياض"])
def test_arabic_term_matches_with_clitics_and_diacritics(text: str) -> None:
    assert contains_term(text, "الرياض", "ar")


@pytest.mark.parametrize("text", ["الرياضة مهمة", "رياض الأطفال", "في الرياضيات"])
def test_arabic_term_does_not_match_other_words(text: str) -> None:
    assert not contains_term(text, "الرياض", "ar")


def test_english_terms_are_case_insensitive_whole_words() -> None:
    assert contains_term("the un's envoy", "UN", "en")
    assert contains_term("Netanyahu's office", "Netanyahu", "en")
    assert contains_term("PM al-Sudani said", "Al Sudani", "en")
    assert not contains_term("UNESCO and unfair rules", "UN", "en")
    assert not contains_term("Benjamin spoke", "Benjamin Netanyahu", "en")


def test_check_flags_missing_terms_ar_to_en(glossary: Glossary) -> None:
    ok = glossary.check("التقى بنيامين نتنياهو وفدا في الرياض.", "Benjamin Netanyahu met a delegation in Riyadh.",
                        "ar", "en")
    assert ok == []
    [issue] = glossary.check("التقى بنيامين نتنياهو وفدا في الرياض.", "Netanyahu met a delegation in Riyadh.",
                             "ar", "en")
    assert issue.code == "glossary" and issue.source_term == "بنيامين نتنياهو"
    assert issue.expected == ["Benjamin Netanyahu"] and "Benjamin Netanyahu" in issue.message
    # any alternative of a term satisfies it
    assert glossary.check("قالت الأمم المتحدة", "The UN said", "ar", "en") == []
    assert glossary.check("قالت الأمم المتحدة", "The United Nations said", "ar", "en") == []
    [issue] = glossary.check("قالت الأمم المتحدة", "The organisation said", "ar", "en")
    assert sorted(issue.expected) == ["UN", "United Nations"]
    assert glossary.check("لا مصطلحات هنا", "No terms here", "ar", "en") == []


def test_pairs_apply_in_the_reverse_direction(glossary: Glossary) -> None:
    assert glossary.check("Benjamin Netanyahu flew to Riyadh.", "طار بنيامين نتنياهو إلى الرياض.", "en", "ar") == []
    issues = glossary.check("Benjamin Netanyahu flew to Riyadh.", "طار نتانياهو إلى العاصمة.", "en", "ar")
    assert {i.source_term for i in issues} == {"Benjamin Netanyahu", "Riyadh"}
    # stored en→ar, used ar→en
    reverse = glossary.check("قال محمد شياع السوداني", "Sudani said", "ar", "en")[0]
    assert reverse.expected == ["Mohammed Shia al-Sudani"]
    assert glossary.find("Talks at the UN", "en", "ar") == [("UN", ["الأمم المتحدة"])]


def test_glossary_persists_in_the_data_folder(desk_data_dir: Path) -> None:
    with Glossary() as g:
        g.add("غزة", "Gaza", "ar", "en")
        g.add("غزة", "Gaza", "ar", "en", note="Palestinian territory")  # same pair: note updated
    assert (desk_data_dir / "glossary.sqlite").is_file()
    with Glossary() as g:
        assert [(t.source_term, t.target_term, t.note) for t in g.terms()] == [("غزة", "Gaza", "Palestinian territory")]
        assert g.remove(g.terms()[0].id) and len(g) == 0
