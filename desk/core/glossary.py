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

Import/export: CSV (UTF-8 with BOM so Excel opens Arabic correctly; header
``source_term,target_term,source_lang,target_lang,note``, or a header naming two language codes,
e.g. ``ar,en,note``) and TBX (TBX v2 / MARTIF, read and written with translate-toolkit).
"""
from __future__ import annotations

import csv
import io
import logging
import re
import sqlite3
import threading
import unicodedata
from dataclasses import dataclass, field
from itertools import product
from pathlib import Path
from typing import Iterable

from pyarabic import araby

from desk.core.errors import DeskError
from desk.core.paths import data_dir

log = logging.getLogger(__name__)

GLOSSARY_FILE = "glossary.sqlite"
CSV_FIELDS = ["source_term", "target_term", "source_lang", "target_lang", "note"]
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
_TOKEN = re.compile(r"\w+")
_LANG_CODE = re.compile(r"^[a-z]{2,3}([-_][A-Za-z0-9]{2,8})*$")
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
    """A problem found in one sentence pair (used by the glossary and by desk.core.qa)."""

    code: str  # "glossary", "number-mismatch", …
    message: str  # for people
    source_term: str = ""  # what in the source caused it
    expected: list[str] = field(default_factory=list)  # what the target should have contained


@dataclass
class ImportResult:
    added: int = 0
    updated: int = 0
    skipped: int = 0


# --- matching ----------------------------------------------------------------------------------


def normalize_arabic(text: str) -> str:
    """Fold Arabic spelling variants: diacritics, tatweel, alef forms, ى→ي, ة→ه."""
    text = unicodedata.normalize("NFKC", text)
    text = araby.strip_tatweel(araby.strip_tashkeel(text))
    return text.translate(_ARABIC_FOLD)


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

    def count(self, words: list[str]) -> int:
        n, size = 0, 1 + len(self.rest)
        for i in range(len(words) - size + 1):
            if words[i] in self.first and words[i + 1 : i + size] == self.rest:
                n += 1
        return n


def contains_term(text: str, term: str, lang: str) -> bool:
    """Whether ``text`` contains ``term`` under the glossary's matching rules."""
    pattern = _Pattern.build(term, lang)
    return pattern is not None and pattern.count(tokens(text, lang)) > 0


# --- the glossary --------------------------------------------------------------------------------


class Glossary:
    """Term pairs in one SQLite file (default ``data_dir()/glossary.sqlite``; ``":memory:"`` works)."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = str(path) if path is not None else str(data_dir() / GLOSSARY_FILE)
        self._lock = threading.RLock()
        self._rules: dict[tuple[str, str], list[tuple[str, _Pattern, list[tuple[str, _Pattern]]]]] = {}
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, check_same_thread=False, timeout=10.0)
            if self.path != ":memory:":
                self._db.execute("PRAGMA journal_mode=WAL")
            with self._db:
                self._db.executescript(_SCHEMA)
        except sqlite3.DatabaseError as err:
            raise GlossaryError(f"Cannot open the glossary {self.path}: {err}") from err

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> Glossary:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

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

    def add_many(self, terms: Iterable[Term]) -> ImportResult:
        """Add pairs; a pair already present gets the new note (if any)."""
        result = ImportResult()
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
        sql, params = "SELECT source_term, target_term, source_lang, target_lang, note, id FROM terms", []
        cond = []
        if source_lang:
            cond.append("source_lang=?")
            params.append(source_lang)
        if target_lang:
            cond.append("target_lang=?")
            params.append(target_lang)
        if cond:
            sql += " WHERE " + " AND ".join(cond)
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

    def check(self, source_sentence: str, target_sentence: str, source_lang: str, target_lang: str) -> list[Issue]:
        """One issue per glossary term in the source whose translation is missing from the target."""
        src_words = tokens(source_sentence, source_lang)
        tgt_words = tokens(target_sentence, target_lang)
        issues = []
        for term, pattern, targets in self._rules_for(source_lang, target_lang):
            if not pattern.count(src_words):
                continue
            if any(tp.count(tgt_words) for _, tp in targets):
                continue
            expected = [t for t, _ in targets]
            issues.append(Issue("glossary", f"“{term}” should be translated as “{' / '.join(expected)}”",
                                term, expected))
        return issues


# --- CSV -----------------------------------------------------------------------------------------


def read_csv(path: Path | str, source_lang: str | None = None, target_lang: str | None = None) -> list[Term]:
    """Term pairs from a CSV file (UTF-8, with or without BOM; comma, semicolon or tab separated)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        raise GlossaryError(f"{path} is not UTF-8 text; save it from your spreadsheet as “CSV UTF-8”.") from err
    except OSError as err:
        raise GlossaryError(f"Cannot read {path}: {err.strerror or err}") from err
    if not text.strip():
        raise GlossaryError(f"{path} is empty.")
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = [r for r in csv.reader(io.StringIO(text), dialect) if any(c.strip() for c in r)]
    header = [c.strip().lower() for c in rows[0]]
    if "source_term" in header and "target_term" in header:
        col = {name: header.index(name) for name in CSV_FIELDS if name in header}
        body = rows[1:]
    elif len(header) >= 2 and all(_LANG_CODE.match(h) for h in header[:2]):
        source_lang, target_lang = header[0], header[1]
        col = {"source_term": 0, "target_term": 1}
        if "note" in header:
            col["note"] = header.index("note")
        body = rows[1:]
    else:
        col = {"source_term": 0, "target_term": 1, "note": 2}
        body = rows
    if "source_lang" not in col and (not source_lang or not target_lang):
        raise GlossaryError(
            f"{path} does not say which languages its columns are in: give a header row "
            "(source_term,target_term,source_lang,target_lang,note) or choose the languages."
        )

    def cell(row: list[str], name: str, default: str = "") -> str:
        i = col.get(name)
        return row[i].strip() if i is not None and i < len(row) and row[i].strip() else default

    return [Term(cell(r, "source_term"), cell(r, "target_term"), cell(r, "source_lang", source_lang or ""),
                 cell(r, "target_lang", target_lang or ""), cell(r, "note")) for r in body]


def write_csv(terms: Iterable[Term], path: Path | str) -> int:
    """Write pairs as CSV, UTF-8 with BOM (Excel), with the standard header. Returns the count."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_FIELDS)
    n = 0
    for t in terms:
        writer.writerow([t.source_term, t.target_term, t.source_lang, t.target_lang, t.note])
        n += 1
    try:
        Path(path).write_text(buf.getvalue(), encoding="utf-8-sig", newline="")
    except OSError as err:
        raise GlossaryError(f"Cannot write {path}: {err.strerror or err}") from err
    return n


# --- TBX -----------------------------------------------------------------------------------------


def read_tbx(path: Path | str, source_lang: str | None = None, target_lang: str | None = None) -> list[Term]:
    """Term pairs from a TBX (v2/MARTIF, TBX-Basic) file: every source × target alternative of a
    concept entry, skipping deprecated terms. Languages default to the two the file uses."""
    from translate.misc.xml_helpers import getXMLlang
    from translate.storage import tbx

    path = Path(path)
    try:
        store = tbx.tbxfile.parsestring(path.read_bytes())
    except OSError as err:
        raise GlossaryError(f"Cannot read {path}: {err.strerror or err}") from err
    except Exception as err:  # lxml/toolkit parse errors have many types
        raise GlossaryError(f"{path} is not a readable TBX file: {err}") from err
    langs: list[str] = []
    for unit in store.units:
        for node in unit.getlanguageNodes():
            lang = (getXMLlang(node) or "").split("-")[0].lower()
            if lang and lang not in langs:
                langs.append(lang)
    if not source_lang or not target_lang:
        if len(langs) != 2:
            raise GlossaryError(f"{path} has terms in {', '.join(langs) or 'no language'}; choose the two languages.")
        root_lang = (store.sourcelanguage or "").split("-")[0].lower()
        source_lang = root_lang if root_lang in langs else langs[0]
        target_lang = next(lang for lang in langs if lang != source_lang)
    store = tbx.tbxfile.parsestring(path.read_bytes(), sourcelanguage=source_lang, targetlanguage=target_lang)
    out: list[Term] = []
    for unit in store.units:
        sources = [t.text.strip() for t in unit.get_source_terms() if t.text.strip() and not t.deprecated]
        targets = [t.text.strip() for t in unit.get_target_terms(target_lang) if t.text.strip() and not t.deprecated]
        note = unit.getnotes().strip()
        out.extend(Term(s, g, source_lang, target_lang, note) for s in sources for g in targets)
    return out


def write_tbx(terms: Iterable[Term], path: Path | str) -> int:
    """Write pairs as TBX (one concept entry per source term, alternatives as several terms)."""
    from translate.storage import tbx

    groups: dict[tuple[str, str, str], list[Term]] = {}
    for t in terms:
        groups.setdefault((t.source_lang, t.target_lang, t.source_term), []).append(t)
    first_lang = next(iter(groups))[0] if groups else "en"
    store = tbx.tbxfile(sourcelanguage=first_lang)
    n = 0
    for (src, tgt, source_term), members in groups.items():
        unit = store.addsourceunit(source_term)
        unit.set_source_terms([source_term], src)
        unit.set_target_terms(list(dict.fromkeys(m.target_term for m in members)), tgt)
        notes = list(dict.fromkeys(m.note for m in members if m.note))
        if notes:
            unit.addnote("\n".join(notes))
            _notes_first(unit.xmlelement)
        n += len(members)
    try:
        Path(path).write_bytes(bytes(store))
    except OSError as err:
        raise GlossaryError(f"Cannot write {path}: {err.strerror or err}") from err
    return n


def _notes_first(entry: object) -> None:
    """TBX wants a termEntry's notes before its langSets; the toolkit appends them after."""
    first_langset = next((c for c in entry if isinstance(c.tag, str) and c.tag.endswith("langSet")), None)  # type: ignore[attr-defined]
    if first_langset is None:
        return
    for child in list(entry):  # type: ignore[call-overload]
        if isinstance(child.tag, str) and child.tag.endswith("note"):
            first_langset.addprevious(child)


def import_file(glossary: Glossary, path: Path | str, source_lang: str | None = None,
                target_lang: str | None = None) -> ImportResult:
    """Import a .csv or .tbx file into ``glossary``."""
    suffix = Path(path).suffix.lower()
    if suffix == ".tbx":
        terms = read_tbx(path, source_lang, target_lang)
    elif suffix in {".csv", ".tsv", ".txt"}:
        terms = read_csv(path, source_lang, target_lang)
    else:
        raise GlossaryError(f"{path}: glossaries can be imported from .csv or .tbx files.")
    return glossary.add_many(terms)


def export_file(glossary: Glossary, path: Path | str) -> int:
    """Export the whole glossary to a .csv or .tbx file (by extension)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".tbx":
        return write_tbx(glossary.terms(), path)
    if suffix == ".csv":
        return write_csv(glossary.terms(), path)
    raise GlossaryError(f"{path}: glossaries can be exported as .csv or .tbx files.")
