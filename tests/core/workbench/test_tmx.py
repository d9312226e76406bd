"""TMX and XLIFF exchange: written with translate-toolkit, re-read by the toolkit AND by lxml/ElementTree."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from lxml import etree
from translate.storage import tmx as tk_tmx
from translate.storage import xliff as tk_xliff
from translate.storage import xliff2 as tk_xliff2

import desk
from desk.core.model import Target, Translation
from desk.core.workbench.memory import TranslationMemory
from desk.core.workbench.postedit import PostEditSession
from desk.core.workbench.tmx import (
    ExchangeError,
    Segment,
    export_memory,
    import_tmx,
    read_tmx,
    segments_from_memory,
    segments_from_session,
    write_tmx,
    write_xliff,
)
from tests.core.workbench.test_memory import make_article

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
X2 = "{urn:oasis:names:tc:xliff:document:2.0}"
X12 = "{urn:oasis:names:tc:xliff:document:1.2}"

# Arabic with diacritics, tatweel, Arabic-Indic digits and punctuation; markup-like characters.
AR1 = "قالَ رئيسُ الوزراء إنّ ٣ وزراء سيجتمعون ـــ اليوم؛ «الأمن أولاً»."
EN1 = "The prime minister said 3 ministers will meet today: \"security first\"."
AR2 = "وصل الوفد إلى القاهرة صباح اليوم."
EN2 = "The delegation arrived in Cairo this morning & met <officials>."


@pytest.fixture
def memory(tmp_path: Path) -> TranslationMemory:
    tm = TranslationMemory(tmp_path / "tm.sqlite")
    tm.add(AR1, EN1, "ar", "en", origin="edited", article_id="a1", source_ref="/news/a1.txt")
    tm.add(AR2, EN2, "ar", "en", origin="machine")
    tm.add(EN2, AR2, "en", "ar", origin="edited")
    return tm


def test_tmx_export_is_read_by_the_toolkit_and_by_elementtree(memory: TranslationMemory, tmp_path: Path) -> None:
    out = tmp_path / "memory.tmx"
    assert write_tmx(memory.entries(), out) == 3

    store = tk_tmx.tmxfile.parsestring(out.read_bytes())
    assert [(u.source, u.gettarget("en") or u.gettarget("ar")) for u in store.units][:2] == [(AR1, EN1), (AR2, EN2)]

    root = ET.parse(out).getroot()
    assert root.tag == "tmx" and root.get("version") == "1.4"
    assert root.find("header").get("srclang") == "*all*"
    tus = root.findall("body/tu")
    assert [tu.get("srclang") for tu in tus] == ["ar", "ar", "en"]
    first = tus[0]
    assert [tuv.get(XML_LANG) for tuv in first.findall("tuv")] == ["ar", "en"]
    assert [tuv.findtext("seg") for tuv in first.findall("tuv")] == [AR1, EN1]
    assert {p.get("type"): p.text for p in first.findall("prop")} == {
        "x-desk-origin": "edited", "x-desk-article": "a1", "x-desk-source": "a1.txt"}
    assert len(first.get("creationdate")) == 16 and first.get("creationdate").endswith("Z")
    # TMX element order inside <tu>: prop before tuv
    assert [child.tag for child in first][-2:] == ["tuv", "tuv"]
    assert tus[2].findall("tuv")[1].findtext("seg") == AR2


def test_tmx_header_names_desk_and_the_file_holds_no_local_path(tmp_path: Path) -> None:
    tm = TranslationMemory(tmp_path / "tm.sqlite")
    tm.add(AR1, EN1, "ar", "en", source_ref="/home/someone/news/a1.txt")
    tm.add(AR2, EN2, "ar", "en", source_ref="C:\\Users\\someone\\story.docx")
    out = tmp_path / "memory.tmx"
    write_tmx(tm.entries(), out)
    header = ET.parse(out).getroot().find("header")
    assert header.get("creationtool") == "Desk" and header.get("creationtoolversion") == desk.__version__
    text = out.read_text(encoding="utf-8")
    assert "someone" not in text and "Translate Toolkit" not in text
    assert [p.text for p in ET.parse(out).getroot().iter("prop") if p.get("type") == "x-desk-source"] == [
        "a1.txt", "story.docx"]


def test_tmx_round_trip_into_a_fresh_memory(memory: TranslationMemory, tmp_path: Path) -> None:
    out = tmp_path / "memory.tmx"
    write_tmx(memory.entries(), out)
    fresh = TranslationMemory(tmp_path / "fresh.sqlite")
    result = import_tmx(fresh, out)
    assert (result.added, result.updated, result.skipped) == (3, 0, 0)

    def key(e):  # what must survive the trip
        return (e.source, e.target, e.source_lang, e.target_lang, e.origin, e.article_id, e.created, e.updated)

    assert [key(e) for e in fresh.entries()] == [key(e) for e in memory.entries()]
    assert fresh.lookup(AR1, "ar", "en").source_ref == "a1.txt"
    again = import_tmx(fresh, out)
    assert (again.added, again.updated) == (0, 3) and len(fresh) == 3


def test_tmx_from_another_tool_with_regions_and_three_languages(tmp_path: Path) -> None:
    path = tmp_path / "other.tmx"
    path.write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="X" creationtoolversion="1" segtype="sentence" o-tmf="x"
 adminlang="en-US" srclang="en-US" datatype="plaintext"/>
<body>
 <tu changedate="20240105T101500Z"><tuv xml:lang="en-US"><seg>Good morning</seg></tuv>
  <tuv xml:lang="ar-SA"><seg>صباح الخير</seg></tuv><tuv xml:lang="fr-FR"><seg>Bonjour</seg></tuv></tu>
 <tu srclang="ar"><tuv xml:lang="ar"><seg>شكرا</seg></tuv><tuv xml:lang="en"><seg>Thanks</seg></tuv></tu>
 <tu><tuv xml:lang="en-US"><seg>Only one side</seg></tuv></tu>
</body></tmx>""",
        encoding="utf-8",
    )
    entries = read_tmx(path)
    assert [(e.source_lang, e.target_lang, e.source, e.target) for e in entries] == [
        ("en", "ar", "Good morning", "صباح الخير"),
        ("en", "fr", "Good morning", "Bonjour"),
        ("ar", "en", "شكرا", "Thanks"),
    ]
    assert entries[0].updated == "2024-01-05T10:15:00+00:00" and entries[0].origin == "import"
    assert entries[0].source_ref == "other.tmx"
    only = read_tmx(path, "ar", "en")
    assert [(e.source, e.target) for e in only] == [("صباح الخير", "Good morning"), ("شكرا", "Thanks")]


def test_broken_tmx_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tmx"
    bad.write_text("<tmx><body><tu>", encoding="utf-8")
    with pytest.raises(ExchangeError, match="not a readable TMX"):
        read_tmx(bad)
    with pytest.raises(ExchangeError, match="Cannot read"):
        read_tmx(tmp_path / "missing.tmx")


SEGMENTS = [
    Segment("t0", "محادثات الطاقة", "Energy talks", "final", "origin: machine"),
    Segment("p0s0", AR1, EN1, "translated"),
    Segment("p0s1", AR2, EN2, "initial", "origin: machine; QA: name-missing"),
]


def test_xliff2_export_read_by_toolkit_and_lxml(tmp_path: Path) -> None:
    out = tmp_path / "article.xlf"
    assert write_xliff(SEGMENTS, out, "ar", "en", file_id="art1") == 3

    store = tk_xliff2.Xliff2File.parsestring(out.read_bytes())
    assert (store.sourcelanguage, store.targetlanguage) == ("ar", "en")
    assert [(u.getid(), u.source, u.target) for u in store.units] == [(s.id, s.source, s.target) for s in SEGMENTS]
    assert [u.isapproved() for u in store.units] == [True, False, False]
    assert [u.isfuzzy() for u in store.units] == [False, False, True]

    root = etree.parse(str(out)).getroot()
    assert root.tag == f"{X2}xliff" and root.get("version") == "2.0"
    assert (root.get("srcLang"), root.get("trgLang")) == ("ar", "en")
    [file_el] = root.findall(f"{X2}file")
    assert file_el.get("id") == "art1"
    units = file_el.findall(f"{X2}unit")
    assert [u.get("id") for u in units] == ["t0", "p0s0", "p0s1"]
    for unit, seg in zip(units, SEGMENTS):
        children = [etree.QName(c).localname for c in unit]
        # schema order: notes? then segment; xml:space only where the schema allows it
        assert children == (["notes", "segment"] if seg.note else ["segment"])
        segment = unit.find(f"{X2}segment")
        assert segment.get("state") == seg.state and XML_SPACE not in segment.attrib
        assert segment.findtext(f"{X2}source") == seg.source
        assert segment.findtext(f"{X2}target") == seg.target
        if seg.note:
            assert unit.findtext(f"{X2}notes/{X2}note") == seg.note
    assert set(etree.parse(str(out)).getroot().nsmap.values()) == {X2.strip("{}")}


def test_xliff12_export_read_by_toolkit_and_elementtree(tmp_path: Path) -> None:
    out = tmp_path / "article-12.xlf"
    write_xliff(SEGMENTS, out, "ar", "en", version="1.2", file_id="art1")

    store = tk_xliff.xlifffile.parsestring(out.read_bytes())
    assert [(u.source, u.target) for u in store.units] == [(s.source, s.target) for s in SEGMENTS]
    assert [u.isapproved() for u in store.units] == [True, False, False]
    assert store.units[2].isfuzzy()

    text = out.read_text(encoding="utf-8")
    assert "document:1.1" not in text
    root = ET.parse(out).getroot()
    assert root.tag == f"{X12}xliff" and root.get("version") == "1.2"
    file_el = root.find(f"{X12}file")
    assert (file_el.get("source-language"), file_el.get("target-language"), file_el.get("original")) == (
        "ar", "en", "art1")
    units = file_el.findall(f"{X12}body/{X12}trans-unit")
    assert [u.get("id") for u in units] == ["t0", "p0s0", "p0s1"]
    assert units[1].findtext(f"{X12}source") == AR1 and units[1].findtext(f"{X12}target") == EN1


def test_memory_export_by_extension(memory: TranslationMemory, tmp_path: Path) -> None:
    with pytest.raises(ExchangeError, match="several"):
        export_memory(memory, tmp_path / "all.xlf")
    n = export_memory(memory, tmp_path / "ar-en.xlf", source_lang="ar", target_lang="en")
    assert n == 2
    root = etree.parse(str(tmp_path / "ar-en.xlf")).getroot()
    assert [s.text for s in root.iter(f"{X2}source")] == [AR1, AR2]
    assert export_memory(memory, tmp_path / "all.tmx") == 3
    assert export_memory(memory, tmp_path / "v12.xliff", xliff_version="1.2", source_lang="en", target_lang="ar") == 1
    with pytest.raises(ExchangeError, match=r"\.tmx"):
        export_memory(memory, tmp_path / "memory.docx")
    assert [s.id for s in segments_from_memory(memory, "en", "ar")] == [f"tm{memory.lookup(EN2, 'en', 'ar').id}"]


def test_post_editing_work_as_xliff_states(tmp_path: Path) -> None:
    article = make_article([["جملة أولى.", "جملة ثانية."]], title="عنوان")
    translation = Translation("m", "ar", "en", article.id,
                              {"t0": Target("Title"), "p0s0": Target("First."), "p0s1": Target("Second.")})
    session = PostEditSession.open(article, translation, memory=TranslationMemory(tmp_path / "tm.sqlite"))
    session.edit("p0s0", "The first sentence.")
    session.confirm("t0")
    segments = segments_from_session(session)
    assert [(s.id, s.state) for s in segments] == [("t0", "final"), ("p0s0", "translated"), ("p0s1", "initial")]
    out = tmp_path / "work.xlf"
    write_xliff(segments, out, session.source_lang, session.target_lang, file_id=article.id)
    root = etree.parse(str(out)).getroot()
    states = {u.get("id"): u.find(f"{X2}segment").get("state") for u in root.iter(f"{X2}unit")}
    assert states == {"t0": "final", "p0s0": "translated", "p0s1": "initial"}
    with pytest.raises(ExchangeError, match="not supported"):
        write_xliff(segments, out, "ar", "en", version="3.0")


def test_failed_export_keeps_the_previous_file(memory: TranslationMemory, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A full disk while exporting: a clear error, and yesterday's export is still whole."""
    import os

    out = tmp_path / "memory.tmx"
    write_tmx(memory.entries(), out)
    before = out.read_bytes()

    def disk_full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(ExchangeError, match="No space left"):
        write_tmx(list(memory.entries())[:1], out)
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
