"""The registry of package formats: each format module registers itself on import.

``detect_package`` asks the formats in their ``order`` (Argos, OPUS-MT, NLLB, then the plain
CTranslate2 folder that NLLB specialises) which one claims a folder.
"""
from __future__ import annotations

from pathlib import Path

from desk.core.errors import ModelError
from desk.core.mt.packages.base import PackageFormat, PackageSpec

_FORMATS: dict[str, PackageFormat] = {}
_SKIP_NAMES = {"__MACOSX", ".DS_Store"}


def register(fmt: PackageFormat) -> PackageFormat:
    if fmt.key in _FORMATS:
        raise ValueError(f"package format {fmt.key!r} registered twice")
    _FORMATS[fmt.key] = fmt
    for key in sorted(_FORMATS, key=lambda k: _FORMATS[k].order):  # keep the dict in asking order
        _FORMATS[key] = _FORMATS.pop(key)
    return fmt


def formats() -> list[PackageFormat]:
    return list(_FORMATS.values())


def get(key: str) -> PackageFormat:
    """The format called ``key``; ModelError for a manifest naming a format Desk does not know."""
    try:
        return _FORMATS[key]
    except KeyError:
        raise ModelError(f"Unknown model format {key[:40]!r}; this Desk knows {', '.join(_FORMATS)}.") from None


def find_package_root(folder: Path) -> Path:
    """The folder holding the package files: ``folder`` itself or its single top-level sub-folder."""
    current = folder
    for _ in range(3):
        names = {p.name for p in current.iterdir()}
        if any(fmt.claims(current, names) for fmt in _FORMATS.values()):
            return current
        entries = [p for p in current.iterdir() if p.name not in _SKIP_NAMES and not p.name.startswith(".")]
        dirs = [p for p in entries if p.is_dir()]
        if len(dirs) == 1 and all(p.is_dir() or p.suffix.lower() in {".md", ".txt"} for p in entries):
            current = dirs[0]
            continue
        break
    return current


def detect_package(folder: Path) -> PackageSpec:
    """Recognise the package format in ``folder`` and read what it says about itself."""
    root = find_package_root(folder)
    names = {p.name for p in root.iterdir()}
    for fmt in _FORMATS.values():
        if fmt.claims(root, names):
            return fmt.read(root)
    inner = sorted(n for n in names if n.lower().endswith((".zip", ".argosmodel")))
    if inner:
        shown = ", ".join(inner[:5]) + (", …" if len(inner) > 5 else "")
        raise ModelError(
            f"This archive holds another package ({shown}), not the model files themselves; "
            "unpack it and install that file instead."
        )
    raise ModelError(
        "This is not a translation model Desk knows. Expected an Argos Translate package (.argosmodel), "
        "an OPUS-MT / Tatoeba-MT release (zip or folder with decoder.yml and a .npz file) or a "
        "CTranslate2 model folder (model.bin, config.json)."
    )
