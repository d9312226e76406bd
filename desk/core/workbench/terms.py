"""Glossary terms and source numbers applied to machine output.

:class:`GlossaryTerms` is the glossary as the translation pipeline sees it
(``desk.core.mt.decoding.TermRules``): for a source sentence and the model's output, the terms of
the source whose required translation the output lacks, with where each is in the source. The
pipeline then decodes those sentences again with the required translation forced into the output
at the place the model's alignment gives (``desk.core.mt.decoding.force_terms``), and flags
``glossary`` only where that fails. Names are what translators ask for most; any term works.

Typical use::

    terms = GlossaryTerms(Glossary(), "ar", "en")
    job = translate_article(article, engine, terms=terms)

Terms are matched as the glossary check matches them (Arabic clitics and spelling variants,
English whole words, case-insensitive), so an output the check accepts is never re-decoded, and
an output re-decoded here passes the check. Of several allowed translations the first stored one
is forced.

:class:`NumberTerms` does the same for numbers: a number of the source that the output lost or
changed (the QA check's ``number-mismatch``/``date-mismatch``: "48" → "84") is put back where the
alignment places it, as the source writes it (Arabic-Indic digits become 0-9). :func:`combine`
joins several rule sets (the pipeline takes one).
"""
from __future__ import annotations

from collections.abc import Sequence

from desk.core.mt.decoding import RequiredTerm, TermRules
from desk.core.workbench.glossary import Glossary
from desk.core.workbench.qa import DIGIT_MAP, number_issues, numbers


class GlossaryTerms:
    """The terms of one direction of a glossary, for ``translate_article(..., terms=...)``."""

    def __init__(self, glossary: Glossary, source_lang: str, target_lang: str) -> None:
        self.glossary = glossary
        self.source_lang = source_lang
        self.target_lang = target_lang

    def missing(self, source: str, target: str) -> list[RequiredTerm]:
        return [RequiredTerm(hit.span, hit.expected[0])
                for hit in self.glossary.missing(source, target, self.source_lang, self.target_lang)]


class NumberTerms:
    """The numbers of the source, for ``translate_article(..., terms=...)``."""

    def __init__(self, source_lang: str, target_lang: str) -> None:
        self.source_lang = source_lang
        self.target_lang = target_lang

    def missing(self, source: str, target: str) -> list[RequiredTerm]:
        lost = {(i.source_term, i.code) for i in number_issues(source, target, self.source_lang, self.target_lang)}
        out, seen = [], set()
        for value, start, end in numbers(source, self.source_lang):
            code = next((c for v, c in lost if v == value), None)
            if code is None or value in seen:
                continue
            seen.add(value)
            out.append(RequiredTerm((start, end), source[start:end].translate(DIGIT_MAP), code))
        return out


class _Combined:
    def __init__(self, rules: Sequence[TermRules]) -> None:
        self.rules = list(rules)

    def missing(self, source: str, target: str) -> list[RequiredTerm]:
        found = [term for rules in self.rules for term in rules.missing(source, target)]
        return sorted(found, key=lambda t: t.source_span)


def combine(*rules: TermRules | None) -> TermRules | None:
    """One rule set from several (``None`` ones left out); ``None`` when there is none."""
    present = [r for r in rules if r is not None]
    if not present:
        return None
    return present[0] if len(present) == 1 else _Combined(present)
