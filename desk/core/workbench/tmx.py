"""TMX import/export and XLIFF export, through translate-toolkit.

* **TMX 1.4** (:func:`write_tmx`, :func:`read_tmx`, :func:`import_tmx`): the memory's pairs, both
  directions in one file (each ``<tu>`` carries its ``srclang``); dates as ``creationdate`` /
  ``changedate``, Desk's metadata as ``<prop type="x-desk-origin|x-desk-article|x-desk-source">``.
  Language codes are written as stored ("ar", "en"); on import a region is dropped
  ("en-US" → "en"). The header names Desk as its ``creationtool``; the source of a pair is
  written as its file name only, never a local path.
* **XLIFF 2.0** (default) and **XLIFF 1.2** (:func:`write_xliff`): one direction per file, one
  ``<unit>``/``<trans-unit>`` per segment with its id (sentence id for an article, ``tm<N>`` for a
  memory entry), source, target and state. XLIFF 2.0 states: ``initial`` (machine/memory
  output not yet checked), ``translated`` (edited, not confirmed), ``final`` (confirmed, or a
  memory entry). The toolkit writes ``xml:space`` on ``<segment>`` and notes inside it, which the
  2.0 schema does not allow; we move them to ``<unit>`` (notes before the segment).

:func:`segments_from_memory` and :func:`segments_from_session` turn the memory or an article's
post-editing work into :class:`Segment` lists for :func:`write_xliff`; :func:`export_memory`
picks the format from the file extension (the CLI's ``desk tm export``).
"""
from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree
from translate.misc.xml_helpers import getXMLlang, getXMLspace
from translate.storage import tmx, xliff, xliff2

from desk import __version__
from desk.core.durable import save_file
from desk.core.errors import DeskError
from desk.core.workbench.memory import AddResult, MemoryEntry, TranslationMemory

if TYPE_CHECKING:
    from desk.core.workbench.postedit import PostEditSession

log = logging.getLogger(__name__)

XLIFF2_NS = "urn:oasis:names:tc:xliff:document:2.0"
XLIFF12_NS = "urn:oasis:names:tc:xliff:document:1.2"
XML_NS = "http://www.w3.org/XML/1998/namespace"
STATES = ("initial", "translated", "reviewed", "final")
_PROPS = {"x-desk-origin": "origin", "x-desk-article": "article_id", "x-desk-source": "source_ref"}


class ExchangeError(DeskError):
    """A TMX/XLIFF file cannot be read or written."""


@dataclass
class Segment:
    """One bilingual segment for XLIFF: ``state`` is one of ``STATES``."""

    id: str
    source: str
    target: str
    state: str = "translated"
    note: str = ""


# --- TMX -----------------------------------------------------------------------------------------


def _tmx_date(iso: str) -> str | None:
    try:
        dt = datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _iso_date(tmx: str | None) -> str:
    if not tmx:
        return ""
    try:
        return datetime.strptime(tmx, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC).isoformat()
    except ValueError:
        return ""


def _primary(lang: str | None) -> str:
    return (lang or "").replace("_", "-").split("-")[0].lower()


def write_tmx(entries: Iterable[MemoryEntry], path: Path | str) -> int:
    """Write memory entries as TMX 1.4. Returns the number of translation units."""
    entries = list(entries)
    sources = {e.source_lang for e in entries}
    store = tmx.tmxfile(sourcelanguage=next(iter(sources)) if len(sources) == 1 else "*all*")
    header = store.document.getroot().find(store.namespaced("header"))
    if header is not None:  # the toolkit signs as itself
        header.set("creationtool", "Desk")
        header.set("creationtoolversion", __version__)
    for e in entries:
        store.addtranslation(e.source, e.source_lang, e.target, e.target_lang)
    for unit, e in zip(store.units, entries):
        tu = unit.xmlelement
        for attr, value in (("creationdate", _tmx_date(e.created)), ("changedate", _tmx_date(e.updated))):
            if value:
                tu.set(attr, value)
        first_tuv = tu.find(unit.namespaced("tuv"))
        for prop_type, attr in _PROPS.items():
            value = getattr(e, attr)
            if attr == "source_ref":  # a file name, not where it lies on this computer
                value = re.split(r"[\\/]", value)[-1]
            if value:
                prop = etree.Element(unit.namespaced("prop"))
                prop.set("type", prop_type)
                prop.text = value
                first_tuv.addprevious(prop)  # TMX order: note*, prop*, tuv+
    save_file(path, bytes(store), ExchangeError)
    return len(entries)


def read_tmx(path: Path | str, source_lang: str | None = None, target_lang: str | None = None) -> list[MemoryEntry]:
    """Memory entries from a TMX file (any version the toolkit reads).

    Each ``<tu>`` gives one entry per target language: from its ``srclang`` (or the header's, or
    its first variant when that is ``*all*``) to every other language, or only
    ``source_lang``→``target_lang`` when given.
    """
    path = Path(path)
    try:
        store = tmx.tmxfile.parsestring(path.read_bytes())
    except OSError as err:
        raise ExchangeError(f"Cannot read {path}: {err.strerror or err}") from err
    except Exception as err:  # lxml/toolkit parse errors come in many types
        raise ExchangeError(f"{path} is not a readable TMX file: {err}") from err
    header = store.document.getroot().find(store.namespaced("header"))
    header_src = _primary(header.get("srclang")) if header is not None else ""
    out: list[MemoryEntry] = []
    for unit in store.units:
        tu = unit.xmlelement
        variants: dict[str, str] = {}
        for node in unit.getlanguageNodes():
            lang = _primary(getXMLlang(node))
            text = unit.getNodeText(node, getXMLspace(tu, unit._default_xml_space)) or ""
            if lang and text.strip() and lang not in variants:
                variants[lang] = text
        if len(variants) < 2:
            continue
        props = {p.get("type"): (p.text or "") for p in tu.iter(unit.namespaced("prop"))}
        meta = {attr: props.get(prop_type, "") for prop_type, attr in _PROPS.items()}
        if source_lang and target_lang:
            pairs = [(source_lang, target_lang)] if {source_lang, target_lang} <= variants.keys() else []
        else:
            src = _primary(tu.get("srclang")) or header_src
            if src not in variants:
                src = next(iter(variants))
            pairs = [(src, lang) for lang in variants if lang != src]
        for src, tgt in pairs:
            out.append(MemoryEntry(
                variants[src], variants[tgt], src, tgt, origin=meta["origin"] or "import",
                created=_iso_date(tu.get("creationdate")), updated=_iso_date(tu.get("changedate")),
                article_id=meta["article_id"], source_ref=meta["source_ref"] or path.name,
            ))
    return out


def import_tmx(memory: TranslationMemory, path: Path | str, source_lang: str | None = None,
               target_lang: str | None = None) -> AddResult:
    """Read a TMX file into the memory in one transaction."""
    entries = read_tmx(path, source_lang, target_lang)
    result = memory.add_many(entries)
    log.info("imported %s: %d added, %d updated, %d skipped", path, result.added, result.updated, result.skipped)
    return result


# --- XLIFF ---------------------------------------------------------------------------------------


def _xliff2_fix(store: object) -> None:
    """Move what the toolkit puts on ``<segment>`` but the 2.0 schema wants on ``<unit>``."""
    space = f"{{{XML_NS}}}space"
    root = store.document.getroot()  # type: ignore[attr-defined]
    for segment in root.iter(f"{{{XLIFF2_NS}}}segment"):
        unit = segment.getparent()
        value = segment.attrib.pop(space, None)
        if value is not None:
            unit.set(space, value)


def _add_note2(unit_el: etree._Element, text: str) -> None:
    notes = etree.Element(f"{{{XLIFF2_NS}}}notes")
    note = etree.SubElement(notes, f"{{{XLIFF2_NS}}}note")
    note.text = text
    unit_el.insert(0, notes)


def write_xliff(segments: Iterable[Segment], path: Path | str, source_lang: str, target_lang: str,
                version: str = "2.0", file_id: str = "desk") -> int:
    """Write bilingual segments as XLIFF 2.0 (default) or 1.2. Returns the number of segments."""
    segments = list(segments)
    if version.startswith("2"):
        store2 = xliff2.Xliff2File(sourcelanguage=source_lang, targetlanguage=target_lang)
        store2.body.set("id", file_id)
        for seg in segments:
            unit = store2.addsourceunit(seg.source)
            unit.target = seg.target
            unit.setid(seg.id)
            unit.xmlelement.set("state", seg.state if seg.state in STATES else "initial")
            if seg.note:
                _add_note2(unit.getunitelement(), seg.note)
        _xliff2_fix(store2)
        data = bytes(store2)
    elif version in {"1.2", "1"}:
        store12 = _Xliff12(sourcelanguage=source_lang, targetlanguage=target_lang)
        for seg in segments:
            unit12 = store12.addsourceunit(seg.source, filename=file_id, createifmissing=True)
            unit12.target = seg.target
            unit12.setid(seg.id)
            unit12.markapproved(seg.state in {"reviewed", "final"})  # the toolkit approves by default
            if seg.state == "initial":
                unit12.markfuzzy(True)
            if seg.note:
                unit12.addnote(seg.note, origin="translator")
        store12.settargetlanguage(target_lang)
        etree.cleanup_namespaces(store12.document.getroot())
        data = bytes(store12)
    else:
        raise ExchangeError(f"XLIFF version {version} is not supported (use 2.0 or 1.2).")
    save_file(path, data, ExchangeError)
    return len(segments)


class _Xliff12Unit(xliff.xliffunit):
    namespace = XLIFF12_NS


class _Xliff12(xliff.xlifffile):
    """The toolkit's XLIFF 1.x store, declaring version 1.2 (its default skeleton says 1.1)."""

    UnitClass = _Xliff12Unit
    namespace = XLIFF12_NS
    XMLskeleton = (
        "<?xml version='1.0' ?>\n<xliff version='1.2' xmlns='" + XLIFF12_NS + "'>\n"
        "<file original='NoName' source-language='en' datatype='plaintext'>\n<body>\n</body>\n</file>\n</xliff>"
    )


def segments_from_memory(memory: TranslationMemory, source_lang: str, target_lang: str) -> list[Segment]:
    """Every memory entry of one direction as a ``final`` segment (id ``tm<N>``)."""
    return [Segment(f"tm{e.id}", e.source, e.target, "final", f"origin: {e.origin}")
            for e in memory.entries(source_lang, target_lang)]


def segments_from_session(session: PostEditSession) -> list[Segment]:
    """An article's post-editing work as segments, in document order, ids = sentence ids."""
    out = []
    for sid in session.sentence_ids:
        target = session.target(sid)
        text = target.text if target else ""
        if session.is_confirmed(sid):
            state = "final"
        elif target is not None and target.origin == "edited":
            state = "translated"
        else:
            state = "initial"
        note = f"origin: {target.origin}" if target else ""
        if target and target.flags:
            note += f"; QA: {', '.join(target.flags)}"
        out.append(Segment(sid, session.source_text(sid), text, state, note))
    return out


def export_memory(memory: TranslationMemory, path: Path | str, *, xliff_version: str = "2.0",
                  source_lang: str | None = None, target_lang: str | None = None) -> int:
    """Export the memory by extension: ``.tmx`` (all directions) or ``.xlf``/``.xliff`` (one)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".tmx":
        return write_tmx(memory.entries(source_lang, target_lang), path)
    if suffix in {".xlf", ".xliff"}:
        if not (source_lang and target_lang):
            directions = memory.directions()
            if not directions:
                raise ExchangeError("The translation memory is empty: nothing to export.")
            if len(directions) > 1 and not source_lang:
                names = ", ".join(f"{a}→{b}" for a, b in directions)
                raise ExchangeError(f"XLIFF holds one direction and the memory has several ({names}); choose one.")
            source_lang, target_lang = next((d for d in directions if not source_lang or d[0] == source_lang),
                                            directions[0])
        return write_xliff(segments_from_memory(memory, source_lang, target_lang), path, source_lang,
                           target_lang, version=xliff_version, file_id="desk-memory")
    raise ExchangeError(f"{path}: the memory can be exported as .tmx, .xlf or .xliff.")
