"""The protocol every model package format follows, and the file helpers they share.

A format is one module in this package holding one ``PackageFormat`` subclass that registers
itself (``registry.register``). A format says whether it recognises a folder (``claims``), reads
what the package says about itself (``read``, cheap: no conversion), lays the installed model out
(``lay_out``, where a conversion happens) and suggests an id stem. Everything between the
formats, the store and the engine is typed: ``PackageSpec`` (what was found in the package) and
``desk.core.mt.manifest.Manifest`` (what is installed).

Every metadata file is read through ``read_text_bounded`` / ``read_json``: a file larger than
``MAX_METADATA_BYTES`` is refused before it is read, so a hostile package cannot make Desk read
gigabytes of "README".
"""
from __future__ import annotations

import json
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path

from desk.core.errors import LanguagesUnknownError, ModelError
from desk.core.mt.langcodes import normalize_lang, try_normalize

MANIFEST = "desk-model.json"
MAX_METADATA_BYTES = 1 << 20  # config.json, metadata.json, decoder.yml, README.md, manifests
MAX_VOCAB_BYTES = 64 << 20  # NLLB's 256k-token vocabulary is ~4 MB
JsonValue = dict | list | str | int | float | bool | None


@dataclass
class PackageSpec:
    """What a format found in a (safely materialised) package folder."""

    format: PackageFormat
    root: Path
    source_langs: list[str] = field(default_factory=list)
    target_langs: list[str] = field(default_factory=list)
    name: str = ""
    version: str = ""
    license: str = ""
    target_prefix: str = ""
    source_spm: str = ""  # file names inside root
    target_spm: str = ""
    lang_tokens: dict[str, str] = field(default_factory=dict)  # multilingual: language -> token


class PackageFormat(ABC):
    """One package format. Subclasses set the class attributes and implement the methods."""

    key: str = ""  # written to the manifest: "argos", "opus-mt", "ctranslate2", "nllb"
    label: str = ""  # for people: "Argos Translate"
    id_prefix: str = ""  # model ids fall back to "<id_prefix or key>-<pair>"
    order: int = 50  # formats are asked in this order; a format that specialises another comes first
    preparing: str = "Preparing the model"  # progress text while ``lay_out`` runs
    # The source must end with </s> (added here when the model's config does not add it itself).
    source_eos: bool = False

    @abstractmethod
    def claims(self, root: Path, names: set[str]) -> bool:
        """True when ``root`` (whose entries are ``names``) is a package of this format."""

    @abstractmethod
    def read(self, root: Path) -> PackageSpec:
        """What the package says about itself; ModelError when required files are missing."""

    @abstractmethod
    def lay_out(self, spec: PackageSpec, out: Path) -> str:
        """Move or convert the model into ``out`` (created already); returns the CTranslate2 folder
        relative to ``out`` ("model" or ".")."""

    def languages(self, spec: PackageSpec, source: str | None, target: str | None) -> tuple[list[str], list[str]]:
        """The installed pair(s): what the package says, completed by --from/--to."""
        return apply_flag("source", spec.source_langs, source), apply_flag("target", spec.target_langs, target)

    def id_stem(self, spec: PackageSpec, pair: str, origin: Path) -> str:
        """The model id suggested for this package (the store makes it unique)."""
        stem = spec.name or (spec.root.name if spec.root.name != "src" else origin.stem)
        return slug(stem) or f"{self.id_prefix or self.key}-{pair}"


# --- helpers the formats share ------------------------------------------------------------------------


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9._]+", "-", text.lower()).strip("-._")[:96]


def require_files(root: Path, *names: str, what: str) -> None:
    missing = [n for n in names if not (root / n).exists()]
    if missing:
        raise ModelError(f"The {what} is incomplete: missing {', '.join(missing)}.")


def read_text_bounded(path: Path, what: str, limit: int = MAX_METADATA_BYTES) -> str:
    """The text of a metadata file, refused when it is larger than ``limit`` bytes."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise ModelError(
                f"The {what} {path.name} is {size:,} bytes, more than such a file can be ({limit:,}); "
                "the package is damaged or hostile."
            )
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise ModelError(f"The {what} {path.name} cannot be read: {err}") from err


def read_head(path: Path, limit: int = MAX_METADATA_BYTES) -> str:
    """The first ``limit`` bytes of a free-text file (a README), decoded leniently."""
    try:
        with path.open("rb") as fh:
            return fh.read(limit).decode("utf-8", errors="replace")
    except OSError as err:
        raise ModelError(f"{path.name} cannot be read: {err}") from err


def read_json(path: Path, what: str, limit: int = MAX_METADATA_BYTES) -> JsonValue:
    text = read_text_bounded(path, what, limit)
    try:
        return json.loads(text)
    except (json.JSONDecodeError, RecursionError) as err:
        raise ModelError(f"The {what} {path.name} cannot be read: {err}") from err


def langs_from(value: object) -> list[str]:
    """Language codes from a metadata value ("ara", "afb ara", ["en", "fr"]), normalised, deduplicated."""
    if not value:
        return []
    raw = value if isinstance(value, list) else re.split(r"[\s,+]+", str(value)[:1000])
    codes: list[str] = []
    for item in raw[:500]:
        code = try_normalize(str(item)[:40])
        if code and code not in codes:
            codes.append(code)
    return codes


def apply_flag(side: str, langs: list[str], flag: str | None) -> list[str]:
    """What the package says about one side, completed by --from/--to; the package's word wins."""
    if flag:
        try:
            code = normalize_lang(flag)
        except ValueError as err:
            raise ModelError(f"{flag!r} is not a language code (use ar, en, ...).") from err
        if langs and code not in langs:
            raise ModelError(
                f"The package says its {side} language is {', '.join(langs)}, not {code}; "
                "leave the language to the package, or check the package."
            )
        return langs or [code]
    if not langs:
        raise LanguagesUnknownError(
            f"The package does not say its {side} language: choose the source and target languages "
            "and install it again."
        )
    return langs
