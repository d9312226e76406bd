"""Output writers behind one registry: one module per format, each registering itself.

A writer has a key (``"docx"``), a label for people ("Word document"), the file suffixes it
writes (the first one is the one suggested) and ``render(document) -> bytes``. The brief dialog's
format list, the comparison export and ``desk brief --format`` are built from :func:`writers`;
adding a format is one module here plus its import at the bottom of this file.

The format of a file follows its name: :func:`writer_for_path` picks the writer from the suffix,
and a suffix no writer knows is an error, so "Plain text" is never written into ``brief.docx``.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desk.core.brief.document import ClipboardContent, Document
from desk.core.durable import save_file
from desk.core.errors import DeskError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Writer:
    key: str
    label: str
    suffixes: tuple[str, ...]  # lower case, with the dot; the first is the default
    render: Callable[[Document], bytes]

    @property
    def suffix(self) -> str:
        return self.suffixes[0]

    @property
    def file_filter(self) -> str:
        """A file dialog filter, e.g. ``"Word document (*.docx)"``."""
        return f"{self.label} ({' '.join('*' + s for s in self.suffixes)})"


_REGISTRY: dict[str, Writer] = {}


def register(writer: Writer) -> Writer:
    if writer.key in _REGISTRY:
        raise ValueError(f"writer {writer.key!r} registered twice")
    _REGISTRY[writer.key] = writer
    return writer


def writers() -> list[Writer]:
    """Every registered writer, in registration order."""
    return list(_REGISTRY.values())


def formats() -> tuple[str, ...]:
    return tuple(_REGISTRY)


def writer(key: str) -> Writer:
    """The writer for a format key (``docx``), a label-ish alias (``markdown``) or a suffix (``.md``)."""
    wanted = key.lower().strip()
    found = _REGISTRY.get(wanted)
    if found is None:
        dotted = wanted if wanted.startswith(".") else "." + wanted
        found = next((w for w in _REGISTRY.values() if dotted in w.suffixes or w.label.lower() == wanted), None)
    if found is None:
        raise DeskError(f"Unknown export format {key!r}; choose one of {', '.join(_REGISTRY)}")
    return found


def writer_for_path(path: Path) -> Writer | None:
    """The writer whose suffixes include the file's suffix, or None."""
    suffix = Path(path).suffix.lower()
    return next((w for w in _REGISTRY.values() if suffix in w.suffixes), None)


def format_for_path(path: Path, fmt: str | None = None) -> str:
    """The export format of ``path``: its suffix decides; ``fmt`` applies to a name no writer claims.

    A suffix that contradicts ``fmt`` (plain text asked for ``brief.docx``) is an error rather than
    a file whose name lies about its content; with no ``fmt``, a suffix no writer knows is one too.
    """
    by_suffix = writer_for_path(path)
    if fmt:
        chosen = writer(fmt)
        if by_suffix is not None and by_suffix is not chosen:
            raise DeskError(
                f"{Path(path).name!r} is named like {by_suffix.label} but {chosen.label} was asked for; "
                f"name it {Path(path).stem}{chosen.suffix} or choose {by_suffix.label}"
            )
        return chosen.key
    if by_suffix is None:
        known = ", ".join(s for w in _REGISTRY.values() for s in w.suffixes)
        raise DeskError(f"Cannot tell the export format from {Path(path).name!r}; use one of {known}")
    return by_suffix.key


def with_suffix(path: Path, fmt: str) -> Path:
    """``path`` named for format ``fmt``: its suffix replaced when it belongs to another format."""
    path, chosen = Path(path), writer(fmt)
    if path.suffix.lower() in chosen.suffixes:
        return path
    if writer_for_path(path) is not None:
        return path.with_suffix(chosen.suffix)
    return path.with_name(path.name + chosen.suffix)


_UNSAFE_IN_NAMES = re.compile(r'[<>:"/\\|?*\x00-\x1f\u200e\u200f\u202a-\u202e\u2066-\u2069]+')
MAX_STEM_CHARS = 120


def file_stem(title: str, fallback: str = "brief") -> str:
    """A clean, complete file name (without suffix) for a document called ``title``.

    Characters no file system accepts (``/ \\ : * ? " < > |``, controls, bidi controls) become a
    space or go; the words are kept whole, up to :data:`MAX_STEM_CHARS` characters, cut at a word.
    "International Coalition to End Mission in Iraq, Keep Going in Syria" stays as it is.
    """
    stem = " ".join(_UNSAFE_IN_NAMES.sub(" ", title).split()).strip(" .")
    if len(stem) > MAX_STEM_CHARS:
        stem = stem[:MAX_STEM_CHARS].rsplit(" ", 1)[0].rstrip(" .,;:،؛-")
    return stem or fallback


def render(doc: Document, fmt: str) -> bytes:
    """The document in format ``fmt``, as the bytes of the file."""
    return writer(fmt).render(doc)


def write_document(doc: Document, path: Path, fmt: str | None = None) -> Path:
    """Export ``doc`` to ``path`` (format from the suffix; ``fmt`` when the name has none). Atomic."""
    path = Path(path)
    if not path.suffix and fmt:
        path = with_suffix(path, fmt)
    data = render(doc, format_for_path(path, fmt))
    save_file(path, data, DeskError)
    log.info("exported %s (%d bytes)", path, len(data))
    return path


def clipboard_content(doc: Document) -> ClipboardContent:
    from desk.core.brief.writers.html import render_html
    from desk.core.brief.writers.text import render_text

    return ClipboardContent(text=render_text(doc), html=render_html(doc))


# The formats, in the order dialogs list them. Each module calls register() when imported.
from desk.core.brief.writers import docx, html, markdown, text  # noqa: E402,F401
