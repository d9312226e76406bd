"""desk.core.text.readers.docx: Word documents."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from desk.core.errors import LoadError
from desk.core.text.loaders import read_document
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
