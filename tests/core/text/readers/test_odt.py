"""desk.core.text.readers.odt: OpenDocument text files, built here with odfpy."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from desk.core.errors import LoadError
from desk.core.text.loaders import read_document
from desk.core.text.readers import SizeLimits
from tests.core.text.documents import AR, write


def make_odt(path: Path, meta_title: str | None = None, heading: bool = True) -> Path:
    from odf.opendocument import OpenDocumentText
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, List, ListItem, P, Span

    doc = OpenDocumentText()
    if meta_title:
        from odf.dc import Title

        doc.meta.addElement(Title(text=meta_title))
    if heading:
        doc.text.addElement(H(outlinelevel=1, text="Water plant opens"))
    first = P(text="The new plant produces fresh water ")
    first.addElement(Span(text="for three towns."))
    doc.text.addElement(first)
    doc.text.addElement(P(text=""))
    items = List()
    item = ListItem()
    item.addElement(P(text="It cost ten million."))
    items.addElement(item)
    doc.text.addElement(items)
    table = Table()
    table.addElement(TableColumn())
    row = TableRow()
    cell = TableCell()
    cell.addElement(P(text="Figures in a table cell."))
    row.addElement(cell)
    table.addElement(row)
    doc.text.addElement(table)
    doc.text.addElement(P(text=AR))
    doc.save(str(path))
    return path


def test_odt_paragraphs_lists_tables_in_order(tmp_path: Path) -> None:
    doc = read_document(make_odt(tmp_path / "story.odt"))
    assert doc.format == "odt"
    assert doc.title == "Water plant opens"
    assert doc.text.split("\n\n") == [
        "Water plant opens",
        "The new plant produces fresh water for three towns.",
        "It cost ten million.",
        "Figures in a table cell.",
        AR,
    ]


def test_odt_title_from_metadata_and_sniffed_without_suffix(tmp_path: Path) -> None:
    path = make_odt(tmp_path / "x.odt", meta_title="Plant story", heading=False)
    doc = read_document(write(tmp_path / "no-suffix", path.read_bytes()))
    assert doc.format == "odt" and doc.title == "Plant story"


def test_damaged_odt_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.odt"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", "<not-closed")
    with pytest.raises(LoadError, match=r"bad\.odt.*damaged"):
        read_document(path)


def test_odt_that_unpacks_too_large_is_refused(tmp_path: Path) -> None:
    path = make_odt(tmp_path / "big.odt")
    with pytest.raises(LoadError, match="unpacks to"):
        read_document(path, limits=SizeLimits(unpacked=1000))
