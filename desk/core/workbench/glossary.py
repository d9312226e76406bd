"""The glossary: term pairs (people, places, organisations) a translation must respect.

Terms live in SQLite, ``data_dir()/glossary.sqlite``. A pair stored as ar→en also applies en→ar.
Several pairs with the same source term are alternatives: any one of the targets satisfies it.

:meth:`Glossary.check` flags a sentence whose source contains a term while its target has none of
the term's translations. Matching is on normalised word sequences:

* Arabic: diacritics and tatweel removed, alef forms (أ إ آ ٱ) → ا, ى → ي, ة → ه, and the first
  word may carry the clitics و/ف + ب/ل/ك + ال ("والرياض", "بالرياض", "للرياض" all match
  "الرياض").
* Other languages (English): case-insensitive, whole words only ("UN" does not match "UNESCO";
  "Netanyahu's" matches "Netanyahu"), hyphens and dots count as word breaks.

Import/export as CSV and TBX: :mod:`desk.core.workbench.glossary_io`.
"""
from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import product
from pathlib import Path

from desk.core.errors import DeskError
from desk.core.model import Span
from desk.core.paths import data_dir
from desk.core.text import arabic
from desk.core.workbench.sqlitedb import AddResult, SqliteHolder, connect, where_direction

log = logging.getLogger(__name__)

GLOSSARY_FILE = "glossary.sqlite"
_TOKEN = re.compile(r"\w+")
# Arabic clitics allowed before the first word of a term: conjunction, preposition, article.
_CONJ = ("", "و", "ف")
_PREP = ("", "ب", "ل", "ك")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS terms (
    id INTEGER PRIMARY KEY,
    source_lang TEXT NOT NULL,
    target_lang TEXT NOT NULL,
    source_term TEXT NOT NULL,
    target_term TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    UNIQUE (source_lang, target_lang, source_term, target_term)
);
"""


class GlossaryError(DeskError):
    """A glossary file cannot be read or written."""


class ColumnLanguagesError(GlossaryError):
    """A glossary file does not say which languages its columns are in: the user has to name them."""


@dataclass
class Term:
    source_term: str
    target_term: str
    source_lang: str
    target_lang: str
    note: str = ""
    id: int | None = None


@dataclass
class Issue:
    """A problem found in one sentence pair (used by the glossary and by desk.core.workbench.qa)."""

    code: str  # "glossary", "number-mismatch", …
    message: str  # for people
    source_term: str = ""  # what in the source caused it
    expected: list[str] = field(default_factory=list)  # what the target should have contained


@dataclass
class TermHit:
    """A glossary term found in a source sentence."""

    source_term: str
    span: Span  # where it is in the sentence (whole whitespace words)
    expected: list[str]  # its allowed translations, the first stored first


# --- matching ----------------------------------------------------------------------------------


def normalize_arabic(text: str) -> str:
    """Fold Arabic spelling variants: diacritics, tatweel, alef forms, ى→ي (the shared
    :func:`desk.core.text.arabic.normalize`), and ة→ه, which glossary matching also folds."""
    return arabic.normalize(unicodedata.normalize("NFKC", text)).replace("ة", "ه")


def tokens(text: str, lang: str) -> list[str]:
    """The normalised words of ``text`` as glossary matching sees them."""
    if lang == "ar":
        text = normalize_arabic(text)
    return _TOKEN.findall(unicodedata.normalize("NFKC", text).casefold())


def _arabic_variants(word: str) -> set[str]:
    """``word`` with every allowed clitic prefix (و/ف, ب/ل/ك, ال)."""
    base = word[2:] if word.startswith("ال") and len(word) > 3 else word
    out = {word}
    for conj, prep in product(_CONJ, _PREP):
        out.add(conj + prep + word)
        if prep == "ل":
            out.add(conj + "لل" + base)  # ل + ال → لل
        else:
            out.add(conj + prep + "ال" + base)
    return out


@dataclass
class _Pattern:
    first: set[str]
    rest: list[str]

    @classmethod
    def build(cls, term: str, lang: str) -> _Pattern | None:
        toks = tokens(term, lang)
        if not toks:
            return None
        first = _arabic_variants(toks[0]) if lang == "ar" else {toks[0]}
        return cls(first, toks[1:])

    @property
    def size(self) -> int:
        return 1 + len(self.rest)

    def starts(self, words: list[str]) -> list[int]:
        """Indices in ``words`` where the term begins."""
        size = self.size
        return [i for i in range(len(words) - size + 1)
                if words[i] in self.first and words[i + 1: i + size] == self.rest]

    def count(self, words: list[str]) -> int:
        return len(self.starts(words))


def token_spans(text: str, lang: str) -> list[tuple[str, Span]]:
    """:func:`tokens` of ``text``, each with the character span of the whitespace word it is in."""
    return [(token, (m.start(), m.end())) for m in re.finditer(r"\S+", text) for token in tokens(m.group(), lang)]


def contains_term(text: str, term: str, lang: str) -> bool:
    """Whether ``text`` contains ``term`` under the glossary's matching rules."""
    pattern = _Pattern.build(term, lang)
    return pattern is not None and pattern.count(tokens(text, lang)) > 0


# --- the glossary --------------------------------------------------------------------------------


class Glossary(SqliteHolder):
    """Term pairs in one SQLite file (default ``data_dir()/glossary.sqlite``; ``":memory:"`` works)."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = str(path) if path is not None else str(data_dir() / GLOSSARY_FILE)
        self._lock = threading.RLock()
        self._rules: dict[tuple[str, str], list[tuple[str, _Pattern, list[tuple[str, _Pattern]]]]] = {}
        self._db = connect(self.path, _SCHEMA, GlossaryError, "the glossary")

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM terms").fetchone()[0])

    # --- editing -------------------------------------------------------------------------------

    def add(self, source_term: str, target_term: str, source_lang: str, target_lang: str, note: str = "") -> Term:
        self.add_many([Term(source_term, target_term, source_lang, target_lang, note)])
        with self._lock:
            row = self._db.execute(
                "SELECT id FROM terms WHERE source_lang=? AND target_lang=? AND source_term=? AND target_term=?",
                (source_lang, target_lang, source_term.strip(), target_term.strip()),
            ).fetchone()
        return Term(source_term.strip(), target_term.strip(), source_lang, target_lang, note, row[0] if row else None)

    def add_many(self, terms: Iterable[Term]) -> AddResult:
        """Add pairs; a pair already present gets the new note (if any)."""
        result = AddResult()
        with self._lock, self._db:
            for t in terms:
                s, g = t.source_term.strip(), t.target_term.strip()
                if not s or not g or not t.source_lang or not t.target_lang:
                    result.skipped += 1
                    continue
                cur = self._db.execute(
                    "INSERT OR IGNORE INTO terms (source_lang, target_lang, source_term, target_term, note)"
                    " VALUES (?,?,?,?,?)",
                    (t.source_lang, t.target_lang, s, g, t.note.strip()),
                )
                if cur.rowcount:
                    result.added += 1
                else:
                    if t.note.strip():
                        self._db.execute(
                            "UPDATE terms SET note=? WHERE source_lang=? AND target_lang=? AND source_term=?"
                            " AND target_term=?", (t.note.strip(), t.source_lang, t.target_lang, s, g))
                    result.updated += 1
            self._rules.clear()
        return result

    def remove(self, term_id: int) -> bool:
        with self._lock, self._db:
            self._rules.clear()
            return self._db.execute("DELETE FROM terms WHERE id=?", (term_id,)).rowcount > 0

    def clear(self) -> None:
        with self._lock, self._db:
            self._rules.clear()
            self._db.execute("DELETE FROM terms")

    def terms(self, source_lang: str | None = None, target_lang: str | None = None) -> list[Term]:
        """Stored pairs (optionally of one stored direction), in insertion order."""
        where, params = where_direction(source_lang, target_lang)
        sql = "SELECT source_term, target_term, source_lang, target_lang, note, id FROM terms" + where
        with self._lock:
            return [Term(*row) for row in self._db.execute(sql + " ORDER BY id", params)]

    # --- checking ------------------------------------------------------------------------------

    def pairs(self, source_lang: str, target_lang: str) -> list[Term]:
        """Pairs usable for ``source_lang``→``target_lang``: stored that way or reversed."""
        out = self.terms(source_lang, target_lang)
        for t in self.terms(target_lang, source_lang):
            out.append(Term(t.target_term, t.source_term, source_lang, target_lang, t.note, t.id))
        return out

    def _rules_for(self, src: str, tgt: str) -> list[tuple[str, _Pattern, list[tuple[str, _Pattern]]]]:
        with self._lock:
            if (src, tgt) not in self._rules:
                groups: dict[tuple[str, ...], tuple[str, _Pattern, list[tuple[str, _Pattern]]]] = {}
                for t in self.pairs(src, tgt):
                    sp, tp = _Pattern.build(t.source_term, src), _Pattern.build(t.target_term, tgt)
                    if sp is None or tp is None:
                        continue
                    key = tuple(tokens(t.source_term, src))
                    groups.setdefault(key, (t.source_term, sp, []))[2].append((t.target_term, tp))
                self._rules[(src, tgt)] = list(groups.values())
            return self._rules[(src, tgt)]

    def find(self, source_sentence: str, source_lang: str, target_lang: str) -> list[tuple[str, list[str]]]:
        """Terms occurring in a source sentence: (source term, its allowed target terms)."""
        words = tokens(source_sentence, source_lang)
        return [(term, [t for t, _ in targets]) for term, pat, targets in self._rules_for(source_lang, target_lang)
                if pat.count(words)]

    def missing(self, source_sentence: str, target_sentence: str, source_lang: str,
                target_lang: str) -> list[TermHit]:
        """The terms of the source whose translation the target lacks, in source order.

        Where terms overlap in the source ("الأمم المتحدة" and "الأمم"), the longest one counts.
        """
        found = token_spans(source_sentence, source_lang)
        words = [token for token, _ in found]
        tgt_words = tokens(target_sentence, target_lang)
        hits: list[tuple[int, int, str, list[tuple[str, _Pattern]]]] = []
        for term, pattern, targets in self._rules_for(source_lang, target_lang):
            hits += [(start, start + pattern.size, term, targets) for start in pattern.starts(words)]
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        out, covered = [], -1
        for start, end, term, targets in hits:
            if end <= covered:
                continue  # inside a longer term
            covered = max(covered, end)
            if any(tp.count(tgt_words) for _, tp in targets):
                continue
            span = (found[start][1][0], found[end - 1][1][1])
            out.append(TermHit(term, span, [t for t, _ in targets]))
        return out

    def check(self, source_sentence: str, target_sentence: str, source_lang: str, target_lang: str) -> list[Issue]:
        """One issue per glossary term in the source whose translation is missing from the target."""
        return [Issue("glossary", f"“{hit.source_term}” should be translated as “{' / '.join(hit.expected)}”",
                      hit.source_term, hit.expected)
                for hit in self.missing(source_sentence, target_sentence, source_lang, target_lang)]
