"""Glossary terms applied to machine output.

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
"""
from __future__ import annotations

from desk.core.mt.decoding import RequiredTerm
from desk.core.workbench.glossary import Glossary


class GlossaryTerms:
    """The terms of one direction of a glossary, for ``translate_article(..., terms=...)``."""

    def __init__(self, glossary: Glossary, source_lang: str, target_lang: str) -> None:
        self.glossary = glossary
        self.source_lang = source_lang
        self.target_lang = target_lang

    def missing(self, source: str, target: str) -> list[RequiredTerm]:
        return [RequiredTerm(hit.span, hit.expected[0])
                for hit in self.glossary.missing(source, target, self.source_lang, self.target_lang)]
