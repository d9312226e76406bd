"""desk.core.workbench.glossary_io: CSV and TBX in and out, import and export by extension."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from desk.core.workbench.glossary import Glossary, GlossaryError, Term
from desk.core.workbench.glossary_io import export_file, import_file, read_csv, read_tbx, write_csv, write_tbx

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def test_csv_round_trip_with_bom_for_excel(glossary: Glossary, tmp_path: Path) -> None:
    out = tmp_path / "terms.csv"
    assert write_csv(glossary.terms(), out) == 5
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "بنيامين نتنياهو".encode() in raw
    assert raw.split(b"\r\n")[0] == b"\xef\xbb\xbfsource_term,target_term,source_lang,target_lang,note"
    terms = read_csv(out)
    assert [(t.source_term, t.target_term, t.source_lang, t.target_lang, t.note) for t in terms] == [
        (t.source_term, t.target_term, t.source_lang, t.target_lang, t.note) for t in glossary.terms()]
    fresh = Glossary(":memory:")
    result = import_file(fresh, out)
    assert (result.added, result.updated) == (5, 0)
    assert import_file(fresh, out).updated == 5 and len(fresh) == 5


def test_csv_with_language_header_semicolons_or_no_header(tmp_path: Path) -> None:
    by_lang = tmp_path / "lang.csv"
    by_lang.write_text("ar;en;note\nالقاهرة;Cairo;capital\nدمشق;Damascus;\n", encoding="utf-8")
    assert [(t.source_term, t.target_term, t.source_lang, t.target_lang, t.note) for t in read_csv(by_lang)] == [
        ("القاهرة", "Cairo", "ar", "en", "capital"), ("دمشق", "Damascus", "ar", "en", "")]
    bare = tmp_path / "bare.csv"
    bare.write_text("Beirut,بيروت\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match="which languages"):
        read_csv(bare)
    [term] = read_csv(bare, "en", "ar")
    assert (term.source_term, term.target_term, term.source_lang) == ("Beirut", "بيروت", "en")
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("source_term,target_term,source_lang,target_lang\ncaf\xe9,x,en,ar\n".encode("latin-1"))
    with pytest.raises(GlossaryError, match="UTF-8"):
        read_csv(latin1)


def test_tbx_export_read_by_toolkit_and_elementtree(glossary: Glossary, tmp_path: Path) -> None:
    out = tmp_path / "terms.tbx"
    ar_en = [t for t in glossary.terms() if t.source_lang == "ar"]
    assert write_tbx(ar_en, out) == 4

    root = ET.parse(out).getroot()
    assert root.tag == "martif" and root.get("type") == "TBX"
    entries = root.findall("text/body/termEntry")
    assert len(entries) == 3  # the two translations of الأمم المتحدة share one concept
    first = entries[0]
    assert [child.tag for child in first] == ["note", "langSet", "langSet"]  # notes before langSets
    assert first.findtext("note") == "Israeli prime minister"
    assert [(ls.get(XML_LANG), [t.text for t in ls.iter("term")]) for ls in first.findall("langSet")] == [
        ("ar", ["بنيامين نتنياهو"]), ("en", ["Benjamin Netanyahu"])]
    un = entries[2].findall("langSet")[1]
    assert [t.text for t in un.iter("term")] == ["United Nations", "UN"]

    terms = read_tbx(out)
    assert [(t.source_term, t.target_term, t.source_lang, t.target_lang) for t in terms] == [
        (t.source_term, t.target_term, t.source_lang, t.target_lang) for t in ar_en]
    assert terms[0].note == "Israeli prime minister"


def test_tbx_basic_file_from_a_terminology_tool(tmp_path: Path) -> None:
    path = tmp_path / "basic.tbx"
    path.write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="en-US">
 <martifHeader><fileDesc><sourceDesc><p>tool</p></sourceDesc></fileDesc></martifHeader>
 <text><body>
  <termEntry id="c1">
   <langSet xml:lang="en-US"><tig><term>Hezbollah</term></tig><tig><term>Hizbullah</term>
     <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig></langSet>
   <langSet xml:lang="ar"><tig><term>حزب الله</term></tig></langSet>
  </termEntry>
  <termEntry id="c2">
   <langSet xml:lang="en-US"><tig><term>West Bank</term></tig></langSet>
   <langSet xml:lang="ar"><tig><term>الضفة الغربية</term></tig></langSet>
  </termEntry>
 </body></text>
</martif>""",
        encoding="utf-8",
    )
    terms = read_tbx(path)
    assert [(t.source_term, t.target_term, t.source_lang, t.target_lang) for t in terms] == [
        ("Hezbollah", "حزب الله", "en", "ar"), ("West Bank", "الضفة الغربية", "en", "ar")]
    reverse = read_tbx(path, "ar", "en")
    assert [(t.source_term, t.target_term) for t in reverse] == [("حزب الله", "Hezbollah"),
                                                                 ("الضفة الغربية", "West Bank")]
    g = Glossary(":memory:")
    import_file(g, path)
    assert g.check("انسحب حزب الله من الضفة الغربية", "Hezbollah withdrew from the West Bank", "ar", "en") == []
    bad = tmp_path / "bad.tbx"
    bad.write_text("<martif><text>", encoding="utf-8")
    with pytest.raises(GlossaryError, match="not a readable TBX"):
        read_tbx(bad)


def test_export_and_import_by_extension(glossary: Glossary, tmp_path: Path) -> None:
    assert export_file(glossary, tmp_path / "g.csv") == 5
    assert export_file(glossary, tmp_path / "g.tbx") == 5
    with pytest.raises(GlossaryError, match=r"\.csv or \.tbx"):
        export_file(glossary, tmp_path / "g.xlsx")
    with pytest.raises(GlossaryError, match=r"\.csv or \.tbx"):
        import_file(glossary, tmp_path / "g.xlsx")
    both = Glossary(":memory:")
    import_file(both, tmp_path / "g.tbx", "ar", "en")
    import_file(both, tmp_path / "g.tbx", "en", "ar")
    assert {(t.source_lang, t.source_term) for t in both.terms()} >= {
        ("ar", "الرياض"), ("en", "Mohammed Shia al-Sudani")}
    assert Term("a", "b", "ar", "en").note == ""


@pytest.mark.parametrize("content", [",,,\n;;\n", "\ufeff , \n\t\n"])
def test_csv_with_only_empty_cells_is_a_clear_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "blank.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GlossaryError, match="no term pairs"):
        read_csv(path, "ar", "en")


def test_io_functions_live_in_glossary_io_only() -> None:
    """One name per concept: the CSV/TBX functions are glossary_io's; glossary has no alias for them."""
    from desk.core.workbench import glossary, glossary_io

    for name in ("read_csv", "write_csv", "read_tbx", "write_tbx", "import_file", "export_file", "CSV_FIELDS"):
        assert hasattr(glossary_io, name) and not hasattr(glossary, name)


# --- header rows (issue 14, item 15a) ---------------------------------------------------------------


def pairs(path: Path, source: str | None = "en", target: str | None = "ar") -> list[tuple[str, str, str, str, str]]:
    return [(t.source_term, t.target_term, t.source_lang, t.target_lang, t.note)
            for t in read_csv(path, source, target)]


@pytest.mark.parametrize("header", ["source,target", "Source,Target", "Source Term,Target Term", "term,translation",
                                    "source,target,notes", "src;tgt", "المصطلح,الترجمة"])
def test_a_header_row_without_languages_is_not_imported_as_a_term(tmp_path: Path, header: str) -> None:
    """`source,target` became the term "source" → "target" before."""
    sep = ";" if ";" in header else ","
    path = tmp_path / "terms.csv"
    path.write_text(f"{header}\ncouncil{sep}مجلس\nbudget{sep}ميزانية\n", encoding="utf-8")
    assert [p[:4] for p in pairs(path)] == [("council", "مجلس", "en", "ar"), ("budget", "ميزانية", "en", "ar")]


def test_language_names_in_the_header_give_the_languages(tmp_path: Path) -> None:
    path = tmp_path / "terms.csv"
    path.write_text("English,Arabic,Notes\ncouncil,مجلس,city body\n", encoding="utf-8")
    assert pairs(path, None, None) == [("council", "مجلس", "en", "ar", "city body")]


def test_a_plain_header_still_needs_the_languages(tmp_path: Path) -> None:
    path = tmp_path / "terms.csv"
    path.write_text("source,target\ncouncil,مجلس\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match="which languages"):
        read_csv(path)


def test_no_header_keeps_the_first_row(tmp_path: Path) -> None:
    path = tmp_path / "terms.csv"
    path.write_text("council,مجلس\nsource,مصدر\n", encoding="utf-8")
    assert [p[:2] for p in pairs(path)] == [("council", "مجلس"), ("source", "مصدر")]


def test_import_counts_only_terms(tmp_path: Path) -> None:
    path = tmp_path / "terms.csv"
    path.write_text("source,target\ncouncil,مجلس\n", encoding="utf-8")
    with Glossary(tmp_path / "g.sqlite") as glossary:
        result = import_file(glossary, path, "en", "ar")
        assert (result.added, len(glossary)) == (1, 1)


# --- what the moved tests did not cover ----------------------------------------------------------------


def test_csv_cells_with_commas_quotes_and_line_breaks_round_trip(tmp_path: Path) -> None:
    terms = [Term('Hamas, the "movement"', "حماس", "en", "ar", "Note with, commas\nand a second line"),
             Term("Gaza; Strip", "قطاع\tغزة", "en", "ar")]
    out = tmp_path / "tricky.csv"
    assert write_csv(terms, out) == 2
    assert [(t.source_term, t.target_term, t.note) for t in read_csv(out)] == [
        (t.source_term, t.target_term, t.note) for t in terms]


def test_tab_separated_with_a_partial_header_and_given_languages(tmp_path: Path) -> None:
    path = tmp_path / "terms.tsv"
    path.write_text("target_term\tsource_term\nالرياض\tRiyadh\nبيروت\tBeirut\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match="which languages"):
        read_csv(path)
    assert [(t.source_term, t.target_term, t.source_lang, t.target_lang) for t in read_csv(path, "en", "ar")] == [
        ("Riyadh", "الرياض", "en", "ar"), ("Beirut", "بيروت", "en", "ar")]
    g = Glossary(":memory:")
    assert import_file(g, path, "en", "ar").added == 2  # .tsv is read as CSV


def test_rows_missing_a_term_are_skipped_on_import(tmp_path: Path) -> None:
    path = tmp_path / "gaps.csv"
    path.write_text("source_term,target_term,source_lang,target_lang\n"
                    "Cairo,القاهرة,en,ar\n,دمشق,en,ar\nAmman,,en,ar\nRiyadh,الرياض,,\n", encoding="utf-8")
    g = Glossary(":memory:")
    result = import_file(g, path)
    assert (result.added, result.updated, result.skipped) == (1, 0, 3)
    assert [(t.source_term, t.target_term) for t in g.terms()] == [("Cairo", "القاهرة")]


def test_files_that_cannot_be_read(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError, match=r"Cannot read .*missing\.csv"):
        read_csv(tmp_path / "missing.csv", "ar", "en")
    with pytest.raises(GlossaryError, match=r"Cannot read .*missing\.tbx"):
        read_tbx(tmp_path / "missing.tbx")
    empty = tmp_path / "empty.csv"
    empty.write_text("\n  \n", encoding="utf-8")
    with pytest.raises(GlossaryError, match=r"empty\.csv is empty"):
        read_csv(empty, "ar", "en")


def test_writing_where_nothing_can_be_written_is_a_glossary_error(glossary: Glossary, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    for name in ("g.csv", "g.tbx"):
        with pytest.raises(GlossaryError):
            export_file(glossary, blocker / name)


def test_tbx_with_three_languages_needs_a_choice(tmp_path: Path) -> None:
    path = tmp_path / "three.tbx"
    path.write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en"><text><body>
  <termEntry id="c1">
   <langSet xml:lang="en"><tig><term>ceasefire</term></tig></langSet>
   <langSet xml:lang="ar"><tig><term>وقف إطلاق النار</term></tig><tig><term>هدنة</term></tig></langSet>
   <langSet xml:lang="fr"><tig><term>cessez-le-feu</term></tig></langSet>
  </termEntry>
</body></text></martif>""",
        encoding="utf-8",
    )
    with pytest.raises(GlossaryError, match="has terms in en, ar, fr; choose the two languages"):
        read_tbx(path)
    assert [(t.source_term, t.target_term) for t in read_tbx(path, "en", "ar")] == [
        ("ceasefire", "وقف إطلاق النار"), ("ceasefire", "هدنة")]  # every alternative of the concept
    assert [(t.source_term, t.target_term) for t in read_tbx(path, "fr", "en")] == [("cessez-le-feu", "ceasefire")]


def test_tbx_round_trip_keeps_both_directions_and_notes(glossary: Glossary, tmp_path: Path) -> None:
    out = tmp_path / "all.tbx"
    terms = glossary.terms()
    assert write_tbx(terms, out) == 5
    root = ET.parse(out).getroot()
    sudani = [e for e in root.iter("termEntry") if "Mohammed Shia al-Sudani" in "".join(e.itertext())]
    assert len(sudani) == 1 and {ls.get(XML_LANG) for ls in sudani[0].findall("langSet")} == {"en", "ar"}
    fresh = Glossary(":memory:")
    import_file(fresh, out, "ar", "en")
    import_file(fresh, out, "en", "ar")
    # both directions are read from every concept entry: each pair comes back, and its reverse
    pairs = {(t.source_lang, t.source_term, t.target_term) for t in fresh.terms()}
    for t in terms:
        assert (t.source_lang, t.source_term, t.target_term) in pairs
    notes = {t.source_term: t.note for t in fresh.terms() if t.source_lang == "ar"}
    assert notes["بنيامين نتنياهو"] == "Israeli prime minister"
