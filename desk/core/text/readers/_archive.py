"""Reading members of zip-based documents (DOCX, ODT…) within Desk's size limits.

A zip member never yields more than the size its header declares (``zipfile`` stops there and
then fails the CRC check), so checking the declared sizes before reading bounds what a document
can unpack to, whatever its compression ratio.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from desk.core.errors import LoadError
from desk.core.text.readers import MB, ReadOptions


def open_checked(path: Path, options: ReadOptions, kind: str) -> zipfile.ZipFile:
    """The archive, once its members' unpacked size (all together) is within the limit."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, ValueError) as err:
        raise LoadError(path, f"the {kind} is damaged (it is not a readable zip archive)") from err
    total = sum(info.file_size for info in archive.infolist())
    if total > options.limits.unpacked:
        archive.close()
        raise LoadError(path, f"the {kind} unpacks to {total / MB:.0f} MB, more than the "
                              f"{options.limits.unpacked / MB:g} MB Desk reads")
    return archive


def too_much_text(path: Path, options: ReadOptions) -> LoadError:
    return LoadError(path, f"its text is larger than the {options.limits.text / MB:g} MB Desk reads")
