"""Builders for hostile (and large legitimate) input files: the tests make every file they need.

Each builder writes one file and returns its path; sizes are parameters so unit tests can use
small versions and the hostile suite and benchmarks the full ones from issue 14.
"""
from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

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
            out.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n')
            out.write(f'<w:document xmlns:w="{W_NS}"><w:body>'.encode())
            for chunk in body_chunks:
                out.write(chunk)
            out.write(b"<w:sectPr/></w:body></w:document>")
    return path


def docx_many_paragraphs(path: Path, count: int = 40_000,
                         text: str = "Paragraph {i} of the long report, with a few words.") -> Path:
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


def write(path: Path, data: bytes | str) -> Path:
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def sparse(path: Path, megabytes: int) -> Path:
    """A file of ``megabytes`` MB that takes no disk space (a hole)."""
    with path.open("wb") as handle:
        handle.truncate(megabytes * 1024 * 1024)
    return path


def docx_entity_bomb(path: Path) -> Path:
    """A DOCX whose document.xml declares exponentially nested entities ("billion laughs")."""
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {c} "{("&" + p + ";") * 10}">' for p, c in zip("abcdefgh", "bcdefghi"))
    xml = (f'<?xml version="1.0"?><!DOCTYPE w:document [{entities}]><w:document xmlns:w="{W_NS}"><w:body>'
           "<w:p><w:r><w:t>&i;</w:t></w:r></w:p></w:body></w:document>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in _docx_template().items():
            zf.writestr(name, xml if name == "word/document.xml" else data)
    return path


def html_unclosed_fonts(path: Path, paragraphs: int = 400) -> Path:
    """Every paragraph opens a <font> it never closes: libxml2 nests them past its depth limit."""
    body = "".join(f"<p><font face='Arial'>Paragraph number {i} has words in it." for i in range(paragraphs))
    return write(path, f"<html><body>{body}</body></html>")


def html_nested(path: Path, levels: int) -> Path:
    return write(path, "<html><body>" + "<div>" * levels + "<p>Deep text here.</p>" + "</div>" * levels
                 + "<p>After the deep part.</p></body></html>")


def mixed_encodings(path: Path) -> tuple[Path, str, str]:
    """A file pasted together from a UTF-8 part and a Windows-1256 part."""
    first = "الجزء الأول من الخبر كتب بترميز يونيكود.\nوقال المتحدث إن الاجتماع سيعقد غدا في العاصمة."
    second = "وهذا الجزء الثاني نسخ من ملف قديم بترميز ويندوز.\nوأضاف أن الوفود ستناقش ملفات المياه والطاقة."
    write(path, first.encode("utf-8") + b"\n\n" + second.encode("cp1256"))
    return path, first, second


PDF_TEXT = "Minutes of the closed meeting."


def encrypted_pdf(path: Path, algorithm: str, user_password: str = "") -> Path:
    """A one-page PDF encrypted with ``algorithm`` (AES-128, AES-256, RC4-128); an empty user
    password opens it for anyone (permissions only), another one locks it."""
    from pypdf import PdfReader, PdfWriter

    from tests.core.text.documents import text_pdf

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf([PDF_TEXT]))))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm=algorithm)
    writer.write(path)
    return path


def bidi_headline(path: Path) -> Path:
    """An article whose headline hides a right-to-left override ("Cairo" would show as "oriaC")."""
    return write(path, "Talks resume in \u202eCairo\u202c\n\nThe talks resumed on Monday after a week of delays.")


# --- model packages --------------------------------------------------------------------------------

# 9 levels of 9 YAML aliases: 387 million nodes once expanded (a 436 KB zip took 76 s and 13.7 GB).
YAML_ALIASES = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n" for p, c in zip("abcdefgh", "bcdefghi"))


def opus_mt_with_alias_bomb(folder: Path) -> Path:
    """An OPUS-MT zip whose decoder.yml expands exponentially."""
    from tests import mtfactory

    opus = mtfactory.build_opus_mt_folder(folder / "opus", "ar", "en")
    (opus / "decoder.yml").write_text(
        YAML_ALIASES + f"models: [*i]\nvocabs: [{mtfactory.OPUS_VOCAB_NAME}, {mtfactory.OPUS_VOCAB_NAME}]\n",
        encoding="utf-8")
    return mtfactory.zip_folder(opus, folder / "laughs.zip")


def argos_with_zeros(folder: Path, entries: int = 3000) -> Path:
    """An Argos package carrying ``entries`` members of 1 MiB of zeros (3,000: a 3.9 MB zip, 2.9 GB unpacked)."""
    from tests import mtfactory

    package = mtfactory.build_argos_package(folder / "real.argosmodel", "ar", "en")
    bomb = folder / "translate-ar_en-1_0.argosmodel"
    zeros = bytes(1 << 20)
    with zipfile.ZipFile(package) as zin, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zout:
        top = zin.namelist()[0].split("/")[0]
        for info in zin.infolist():
            zout.writestr(info, zin.read(info))
        for i in range(entries):
            zout.writestr(f"{top}/padding/{i:05d}.bin", zeros)
    return bomb


def catalog(path: Path, entries: list[dict]) -> Path:
    """A model catalog (``DESK_CATALOG``) holding ``entries``."""
    import json

    base = {"format": "argos", "source_lang": "en", "target_lang": "ar", "size": None, "sha256": None,
            "license": "MIT", "name": "Test model", "version": "1.0"}
    path.write_text(json.dumps({"version": 1, "models": [base | e for e in entries]}), encoding="utf-8")
    return path
