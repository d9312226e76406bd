"""Glossary terms as the pipeline sees them: what is missing, and where it is in the source."""
from __future__ import annotations

from desk.core.mt.decoding import RequiredTerm
from desk.core.workbench.glossary import Glossary
from desk.core.workbench.terms import GlossaryTerms


def terms() -> GlossaryTerms:
    g = Glossary(":memory:")
    g.add("الرياض", "Riyadh", "ar", "en")
    g.add("الأمم المتحدة", "United Nations", "ar", "en")
    g.add("الأمم المتحدة", "UN", "ar", "en")
    g.add("الأمم", "nations", "ar", "en")
    g.add("Gaza", "غزة", "en", "ar")  # stored the other way: applies ar→en too
    return GlossaryTerms(g, "ar", "en")


def test_missing_terms_come_with_their_place_in_the_source_in_order() -> None:
    source = "وصل وفد الأمم المتحدة إلى غزة ثم بالرياض."
    missing = terms().missing(source, "A delegation arrived in Ghazza and then in Riad.")
    assert [(source[slice(*t.source_span)], t.target) for t in missing] == [
        ("الأمم المتحدة", "United Nations"), ("غزة", "Gaza"), ("بالرياض.", "Riyadh")]
    assert all(isinstance(t, RequiredTerm) for t in missing)


def test_a_term_already_translated_any_allowed_way_is_not_missing() -> None:
    source = "وصل وفد الأمم المتحدة إلى الرياض"
    assert terms().missing(source, "A UN delegation arrived in Riyadh") == []
    # the longer term wins over the shorter one inside it ("الأمم" → "nations" is not asked for)
    assert [t.target for t in terms().missing(source, "A delegation of the U.N. arrived in Riyadh")] == [
        "United Nations"]
