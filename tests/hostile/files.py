"""Builders for hostile (and large legitimate) input files: the tests make every file they need.

Each builder writes one file and returns its path; sizes are parameters so unit tests can use
small versions and the hostile suite and benchmarks the full ones from issue 14.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Iterable, Iterator

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _docx_template() -> dict[str, bytes]:
    """The members of python-docx's default document, to wrap our own document.xml."""
    import docx

    buf = io.BytesIO()
    docx.Document().save(buf)
    with zipfile.ZipFile(buf) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def _write_docx(path: Path, body_chunks: Iterable[bytes]) -> Path:
    """A DOCX whose document.xml body is streamed from ``body_chunks`` (an iterable of bytes)."""
    members = _docx_template()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            if name != "word/document.xml":
                zf.writestr(name, data)
        with zf.open("word/document.xml", "w", force_zip64=True) as out:
            out.write(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W_NS}"><w:body>'.encode())
            for chunk in body_chunks:
                out.write(chunk)
            out.write(b"<w:sectPr/></w:body></w:document>")
    return path


def docx_many_paragraphs(path: Path, count: int = 40_000, text: str = "Paragraph {i} of the long report, with a few words.") -> Path:
    """``count`` short paragraphs (40k of the default make a legitimate file of about 150 KB)."""
    def chunks() -> Iterator[bytes]:
        batch = []
        for i in range(count):
            batch.append(f"<w:p><w:r><w:t>{text.format(i=i)}</w:t></w:r></w:p>")
            if len(batch) == 1000:
                yield "".join(batch).encode()
                batch = []
        yield "".join(batch).encode()

    return _write_docx(path, chunks())


def docx_text_bomb(path: Path, megabytes: int = 500) -> Path:
    """A small DOCX whose paragraphs unpack to ``megabytes`` MB of text (500 MB: about 0.8 MB)."""
    block = b"a" * (1024 * 1024)

    def chunks() -> Iterator[bytes]:
        for _ in range(megabytes):  # 1 MB per paragraph: under libxml2's 10 MB limit for one text node
            yield b"<w:p><w:r><w:t>" + block + b"</w:t></w:r></w:p>"

    return _write_docx(path, chunks())


def damaged_memory(path: Path, entries: int = 3000) -> Path:
    """A translation memory whose pages deep inside are overwritten with junk (the header intact)."""
    from desk.core.workbench.memory import MemoryEntry, TranslationMemory

    with TranslationMemory(path) as memory:
        memory.add_many(MemoryEntry(f"Sentence number {i} about the council budget.", f"الجملة رقم {i} عن الميزانية.",
                                    "en", "ar", origin="import") for i in range(entries))
    for suffix in ("-wal", "-shm"):  # closing checkpointed the log into the file
        Path(str(path) + suffix).unlink(missing_ok=True)
    data = bytearray(path.read_bytes())
    page = 4096
    for start in range(len(data) // 3 // page * page, len(data) * 2 // 3, page * 3):
        data[start:start + page] = bytes((i * 7 + 3) % 256 for i in range(page))
    path.write_bytes(bytes(data))
    return path
