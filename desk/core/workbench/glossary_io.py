"""Glossary exchange files: CSV and TBX, in and out.

CSV: UTF-8 with BOM on export so Excel opens Arabic correctly; on import UTF-8 with or without BOM,
comma, semicolon or tab separated, with the header ``source_term,target_term,source_lang,
target_lang,note``, or a header naming two languages (``ar,en,note``, ``English,Arabic``), or a plain
``source,target`` header or none at all when the languages are given. TBX: TBX v2 / MARTIF, read
and written with translate-toolkit. Files are written atomically (:mod:`desk.core.durable`).
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from pathlib import Path

from desk.core.durable import save_file
from desk.core.workbench.glossary import ColumnLanguagesError, Glossary, GlossaryError, Term
from desk.core.workbench.sqlitedb import AddResult

CSV_FIELDS = ["source_term", "target_term", "source_lang", "target_lang", "note"]
_LANG_CODE = re.compile(r"^[a-z]{2,3}([-_][A-Za-z0-9]{2,8})*$")
# Header cells people write, mapped to the names above or to a language code (lower case, "_" for spaces).
_HEADER_ALIASES = {
    "source": "source", "src": "source", "term": "source", "original": "source", "source_text": "source",
    "المصطلح": "source", "target": "target", "tgt": "target", "translation": "target", "target_text": "target",
    "الترجمة": "target", "notes": "note", "comment": "note", "comments": "note", "ملاحظة": "note",
    "english": "en", "arabic": "ar", "الإنجليزية": "en", "الانجليزية": "en", "العربية": "ar",
}


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
    try:  # only the separator is guessed: a first line without quotes would make the sniffer turn off
        # the doubled quotes ("") that spreadsheets (and write_csv) use inside quoted cells
        delimiter = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    rows = [r for r in csv.reader(io.StringIO(text), csv.excel, delimiter=delimiter) if any(c.strip() for c in r)]
    if not rows:
        raise GlossaryError(f"{path} has no term pairs (only empty cells).")
    header = [_HEADER_ALIASES.get(c.strip().lower().replace(" ", "_"), c.strip().lower().replace(" ", "_"))
              for c in rows[0]]
    if "source_term" in header and "target_term" in header:
        col = {name: header.index(name) for name in CSV_FIELDS if name in header}
        body = rows[1:]
    elif len(header) >= 2 and all(_LANG_CODE.match(h) for h in header[:2]):
        source_lang, target_lang = header[0], header[1]
        col = {"source_term": 0, "target_term": 1}
        if "note" in header:
            col["note"] = header.index("note")
        body = rows[1:]
    elif len(header) >= 2 and header[:2] == ["source", "target"]:  # a header without languages
        col = {"source_term": 0, "target_term": 1}
        if "note" in header:
            col["note"] = header.index("note")
        body = rows[1:]
    else:
        col = {"source_term": 0, "target_term": 1, "note": 2}
        body = rows
    if "source_lang" not in col and (not source_lang or not target_lang):
        raise ColumnLanguagesError(
            f"{path} does not say which languages its columns are in: give a header row "
            "(source_term,target_term,source_lang,target_lang,note) or choose the languages."
        )

    def cell(row: list[str], name: str, default: str = "") -> str:
        i = col.get(name)
        return row[i].strip() if i is not None and i < len(row) and row[i].strip() else default

    terms = [Term(cell(r, "source_term"), cell(r, "target_term"), cell(r, "source_lang", source_lang or ""),
                  cell(r, "target_lang", target_lang or ""), cell(r, "note")) for r in body]
    if not any(t.source_term and t.target_term for t in terms):
        raise GlossaryError(f"{path} has no term pairs (a source and a target term in each row).")
    return terms


def write_csv(terms: Iterable[Term], path: Path | str) -> int:
    """Write pairs as CSV, UTF-8 with BOM (Excel), with the standard header. Returns the count."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_FIELDS)
    n = 0
    for t in terms:
        writer.writerow([t.source_term, t.target_term, t.source_lang, t.target_lang, t.note])
        n += 1
    save_file(path, buf.getvalue().encode("utf-8-sig"), GlossaryError)
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
    save_file(path, bytes(store), GlossaryError)
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
                target_lang: str | None = None) -> AddResult:
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
