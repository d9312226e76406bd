"""Input formats: one module per format in this package, each registering a :class:`Reader`.

A reader says which suffixes it takes, the label people see in the open dialog, how to recognise
its files from their first bytes (for files without a telling suffix) and how to turn them into
text. Formats read from decoded text (plain, Markdown, HTML) give ``read_text``; formats read from
the file itself (DOCX, PDF…) give ``read_file``. Every module of this package whose name does not
start with ``_`` is imported on first use, so a new format is one new module here (and its test):
the loaders, the open dialog's filter and drag and drop all read this registry.
"""
from __future__ import annotations

import importlib
import logging
import pkgutil
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from desk.core.errors import LoadError

log = logging.getLogger(__name__)

MB = 1024 * 1024


@dataclass(frozen=True)
class SizeLimits:
    """Largest inputs Desk agrees to read, checked before (and, for archives, while) reading."""

    text: int = 20 * MB  # a text, Markdown or HTML file; also the text extracted from any document
    binary: int = 100 * MB  # a DOCX, PDF… file on disk
    unpacked: int = 200 * MB  # what an archive-based document (DOCX…) may unpack to


@dataclass(frozen=True)
class ReadOptions:
    limits: SizeLimits = SizeLimits()
    password: str | None = None  # for encrypted documents (PDF)


@dataclass
class Extracted:
    """What a reader found: the text (paragraphs separated by blank lines) and a title if any."""

    text: str
    title: str | None = None


TextRead = Callable[[str, str], Extracted]  # (decoded text, name for messages)
FileRead = Callable[[Path, ReadOptions], Extracted]
Sniff = Callable[[Path, bytes], bool]  # (path, first bytes of the file)


@dataclass(frozen=True)
class Reader:
    format: str  # short name: "text", "markdown", "html", "docx", "pdf"…
    label: str  # what the open dialog calls these files: "Word documents"
    suffixes: tuple[str, ...]  # lower case, with the dot
    read_text: TextRead | None = None
    read_file: FileRead | None = None
    sniff: Sniff | None = None

    @property
    def binary(self) -> bool:
        """Read from the file (a binary format) rather than from decoded text."""
        return self.read_file is not None


_READERS: dict[str, Reader] = {}
_loaded = False

# Suffixes people try that no reader takes, with what to do instead.
UNSUPPORTED = {
    ".doc": "old Word .doc files are not supported; save it as .docx",
    ".rtf": "RTF files are not supported; save it as .docx or plain text",
}


def register(reader: Reader) -> Reader:
    """Add a reader (called by each format module when it is imported)."""
    if (reader.read_text is None) == (reader.read_file is None):
        raise ValueError(f"reader {reader.format}: give exactly one of read_text and read_file")
    for other in _READERS.values():
        shared = set(other.suffixes) & set(reader.suffixes)
        if other.format != reader.format and shared:
            raise ValueError(f"reader {reader.format}: {sorted(shared)} already belong to {other.format}")
    _READERS[reader.format] = reader
    return reader


def _load_all() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")


def readers() -> list[Reader]:
    """Every registered reader, by label."""
    _load_all()
    return sorted(_READERS.values(), key=lambda r: r.label.lower())


def suffixes() -> list[str]:
    """Every suffix some reader takes, sorted."""
    return sorted(s for r in readers() for s in r.suffixes)


def by_format(fmt: str) -> Reader:
    _load_all()
    return _READERS[fmt]


def for_suffix(suffix: str) -> Reader | None:
    suffix = suffix.lower()
    return next((r for r in readers() if suffix in r.suffixes), None)


def can_open(path: str | Path) -> bool:
    """Whether a file looks like something Desk reads: a registered suffix, or none at all (sniffed)."""
    suffix = Path(path).suffix.lower()
    return not suffix or for_suffix(suffix) is not None


def zip_names(path: Path) -> list[str]:
    """Member names of a zip file, or [] when it is not a readable zip (for sniffing)."""
    try:
        with zipfile.ZipFile(path) as zf:
            return zf.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return []


FALLBACK = "text"  # what a file is when nothing recognises it


def detect(path: Path, head: bytes) -> Reader:
    """The reader for a file: by suffix, else by what its first bytes look like."""
    suffix = path.suffix.lower()
    found = for_suffix(suffix) if suffix else None
    if found is not None:
        return found
    if suffix in UNSUPPORTED:
        raise LoadError(path, UNSUPPORTED[suffix])
    for reader in readers():
        if reader.sniff is not None and reader.sniff(path, head):
            return reader
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path):
                pass
        except (zipfile.BadZipFile, OSError) as err:
            raise LoadError(path, "it is a damaged zip archive, not a document") from err
        raise LoadError(path, "it is a zip archive, not a document Desk can read")
    return by_format(FALLBACK)


@contextmanager
def quiet(logger_name: str) -> Iterator[None]:
    """Keep a library's warnings about a user's broken file out of the output."""
    logger = logging.getLogger(logger_name)
    previous = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(previous)
