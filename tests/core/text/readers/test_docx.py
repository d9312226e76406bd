"""desk.core.text.readers.docx: Word documents."""
from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest

from desk.core.errors import LoadError
from desk.core.text.loaders import read_document
from desk.core.text.readers import MB, SizeLimits
from tests.core.text.documents import AR, make_docx, write

# --- DOCX -----------------------------------------------------------------------------------


def test_docx(tmp_path: Path) -> None:
    doc = read_document(make_docx(tmp_path / "story.docx"))
    assert doc.format == "docx"
    assert doc.title == "Water plant opens"
    assert doc.text.split("\n\n") == [
        "Water plant opens",
        "The new plant produces fresh water for three towns.",
        "Figures in a table cell.",
        AR,
    ]


@pytest.mark.parametrize(
    "data",
    [b"PK\x03\x04 this is not really a zip", b"just some text named .docx", b""],
    ids=["broken-zip", "not-zip", "empty"],
)
def test_corrupt_docx(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path / "bad.docx", data)
    with pytest.raises(LoadError) as err:
        read_document(path)
    assert str(path) in str(err.value)


def test_zip_without_word_document(tmp_path: Path) -> None:
    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("hello.txt", "hi")
    with pytest.raises(LoadError, match="damaged|not a .docx"):
        read_document(path)


# --- structure the streaming reader must get right ----------------------------------------------

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx_body(path: Path, body: str) -> Path:
    from tests.hostile.files import _write_docx

    return _write_docx(path, [body.encode("utf-8")])


def test_tabs_breaks_and_runs_join_like_word(tmp_path: Path) -> None:
    path = docx_body(tmp_path / "runs.docx",
                     "<w:p><w:r><w:t>Total:</w:t><w:tab/><w:t>12</w:t></w:r><w:r><w:br/><w:t xml:space='preserve'>"
                     "next line</w:t></w:r><w:hyperlink><w:r><w:t> (link)</w:t></w:r></w:hyperlink></w:p>")
    assert read_document(path).text == "Total:\t12\nnext line (link)"


def test_text_boxes_fallbacks_and_deletions_are_not_body_text(tmp_path: Path) -> None:
    path = docx_body(tmp_path / "box.docx", (
        "<w:p><w:r><w:t>Before the box.</w:t></w:r><w:r><w:pict><w:txbxContent><w:p><w:r><w:t>In a box.</w:t>"
        "</w:r></w:p></w:txbxContent></w:pict></w:r><w:del><w:r><w:delText>gone</w:delText></w:r></w:del></w:p>"
        "<w:p><w:r><w:t>After.</w:t></w:r></w:p>"))
    assert read_document(path).text == "Before the box.\n\nAfter."


def test_each_table_cell_once_even_when_merged(tmp_path: Path) -> None:
    """python-docx's row.cells repeats a horizontally merged cell; the text must appear once."""
    path = docx_body(tmp_path / "table.docx", (
        "<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val='2'/></w:tcPr><w:p><w:r><w:t>Merged header</w:t></w:r></w:p>"
        "</w:tc></w:tr><w:tr><w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>c</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p><w:r><w:t>Below.</w:t></w:r></w:p>"))
    assert read_document(path).text.split("\n\n") == ["Merged header", "a\nb", "c", "Below."]


def test_title_from_heading_style_id_without_styles_part(tmp_path: Path) -> None:
    path = docx_body(tmp_path / "h.docx", "<w:p><w:r><w:t>Body first.</w:t></w:r></w:p><w:p><w:pPr><w:pStyle "
                     "w:val='Heading1'/></w:pPr><w:r><w:t>The heading</w:t></w:r></w:p>")
    assert read_document(path).title == "The heading"


# --- bounded cost (issue 14, item 2) ---------------------------------------------------------------


def test_text_bomb_is_refused_from_the_declared_sizes(tmp_path: Path) -> None:
    from tests.hostile.files import docx_text_bomb

    path = docx_text_bomb(tmp_path / "bomb.docx", megabytes=3)
    assert path.stat().st_size < 100_000
    with pytest.raises(LoadError, match=r"bomb\.docx.*unpacks to [34] MB, more than the 2 MB"):
        read_document(path, limits=SizeLimits(unpacked=2 * MB))


def test_extracted_text_is_bounded_while_reading(tmp_path: Path) -> None:
    from tests.hostile.files import docx_text_bomb

    path = docx_text_bomb(tmp_path / "bomb.docx", megabytes=3)
    with pytest.raises(LoadError, match=r"text is larger than the 1 MB"):
        read_document(path, limits=SizeLimits(text=1 * MB, unpacked=10 * MB))


def test_entities_are_not_expanded(tmp_path: Path) -> None:
    """A "billion laughs" DTD: refused as damaged, never expanded."""
    path = tmp_path / "laughs.docx"
    from tests.hostile.files import _docx_template

    laughs = ('<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">'
              + "".join(f'<!ENTITY {c} "{("&" + p + ";") * 10}">' for p, c in zip("abcdefgh", "bcdefghi"))
              + f']><w:document {W}><w:body><w:p><w:r><w:t>&i;</w:t></w:r></w:p></w:body></w:document>')
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in _docx_template().items():
            zf.writestr(name, laughs if name == "word/document.xml" else data)
    with pytest.raises(LoadError, match="damaged"):
        read_document(path)


def test_forty_thousand_paragraphs_read_in_linear_time(tmp_path: Path) -> None:
    """27-48 s before (python-docx looked up each paragraph's style); well under a second now."""
    from tests.hostile.files import docx_many_paragraphs

    path = docx_many_paragraphs(tmp_path / "long.docx", 40_000)
    start = time.perf_counter()
    doc = read_document(path)
    elapsed = time.perf_counter() - start
    assert len(doc.text.split("\n\n")) == 40_000
    assert elapsed < 8, f"{elapsed:.1f} s"
