"""The model catalog (``models/catalog.json``): what Desk can download, how good it is, under what licence.

Every entry names its files (one archive, or a folder published file by file), pinned addresses
(Hugging Face files by commit, never ``resolve/main``), the licence (a non-commercial one must be
accepted before download), a speed class (``base``, ``big``, ``600M``) and the scores its publisher
recorded (test set, BLEU, chrF, and where the figures come from). ``ranked`` orders entries best
first for a direction; ``rank_key`` orders installed models the same way, so the default model of
a direction is the best installed one by published score.

Nothing here touches the network or the store; ids and file paths are validated when the catalog
is read, before anything could be written under their names.
"""
from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from desk.core import paths
from desk.core.errors import DeskError, DownloadError
from desk.core.mt.info import ModelInfo
from desk.core.mt.record import read_record

log = logging.getLogger(__name__)

MODEL_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,95}$")  # the store's own rule for model folder names
SPEED_CLASSES = ("base", "big", "600M")
FLORES = "flores200-devtest"
_FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]{0,127}$")


@dataclass
class Score:
    """A publisher's figure for one direction on one test set."""

    direction: str  # "ar-en"
    test_set: str  # "flores200-devtest", "tatoeba-test-v2021-08-07", ...
    bleu: float | None = None
    chrf: float | None = None
    record: str = ""  # where the figure is published (a page or file a person can open)


@dataclass
class CatalogFile:
    """One file of a multi-file model: a CTranslate2 folder published file by file, or an archive with its
    SentencePiece model beside it (NLLB), which the store installs as the archive plus that file."""

    path: str  # where it goes inside the package folder
    url: str
    size: int | None = None
    sha256: str | None = None


@dataclass
class CatalogEntry:
    id: str
    name: str
    format: str
    source_lang: str  # "multi" for multilingual models (then ``directions`` lists the pairs)
    target_lang: str
    url: str = ""  # a single archive (.zip, .argosmodel) ...
    files: list[CatalogFile] = field(default_factory=list)  # ... or a folder, file by file
    size: int | None = None
    sha256: str | None = None
    license: str = ""
    license_url: str = ""
    noncommercial: bool = False  # the licence forbids commercial use: the user must accept it first
    speed_class: str = "base"
    version: str = ""
    directions: list[str] = field(default_factory=list)  # "ar-en"; defaults to source-target
    scores: list[Score] = field(default_factory=list)
    homepage: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        if not self.directions:
            self.directions = [f"{self.source_lang}-{self.target_lang}"]

    @property
    def total_size(self) -> int | None:
        """Bytes to download, when the catalog knows them all."""
        if self.files:
            sizes = [f.size for f in self.files]
            return sum(s for s in sizes if s) if all(sizes) else None
        return self.size

    def size_text(self, human: Callable[[int], str]) -> str:
        """The size for people: exact, at least (``551.8 MB+``: some files' sizes unknown), or ``?``."""
        if self.total_size:
            return human(self.total_size)
        known = sum(f.size or 0 for f in self.files)
        return f"{human(known)}+" if known else "?"

    def score(self, direction: str) -> Score | None:
        """The published figure for ``direction``, FLORES-200 devtest first."""
        mine = [s for s in self.scores if s.direction == direction]
        return next((s for s in mine if s.test_set == FLORES), mine[0] if mine else None)

    def to_json(self) -> dict:
        data = asdict(self)
        data["total_size"] = self.total_size
        return data


def score_key(score: Score | None) -> tuple[int, float, float]:
    """Larger is better: FLORES-200 figures first (comparable across models), then chrF, then BLEU."""
    if score is None:
        return (0, 0.0, 0.0)
    return (2 if score.test_set == FLORES else 1, score.chrf or 0.0, score.bleu or 0.0)


def check_model_id(model_id: str) -> str:
    """``model_id`` if it is a safe folder name, else DownloadError (nothing is written before this)."""
    if not isinstance(model_id, str) or not MODEL_ID.match(model_id):
        raise DownloadError(f"{model_id!r} is not a valid model id (lower-case letters, digits, '.', '-', '_').")
    return model_id


def _check_file_path(entry_id: str, path: str) -> None:
    if not all(_FILE_NAME.match(part) for part in path.split("/")):  # no "", ".", "..", "/x", "a\\b"
        raise ValueError(f"entry {entry_id}: bad file path {path!r}")


def _entry(raw: dict) -> CatalogEntry:
    files = [CatalogFile(**f) for f in raw.get("files", [])]
    scores = [Score(**s) for s in raw.get("scores", [])]
    known = {k: v for k, v in raw.items() if k in CatalogEntry.__dataclass_fields__ and k not in {"files", "scores"}}
    entry = CatalogEntry(files=files, scores=scores, **known)
    check_model_id(entry.id)
    if not entry.url and not entry.files:
        raise ValueError(f"entry {entry.id} has neither url nor files")
    for f in entry.files:
        _check_file_path(entry.id, f.path)
    if entry.speed_class not in SPEED_CLASSES:
        classes = ", ".join(SPEED_CLASSES)
        raise ValueError(f"entry {entry.id}: speed class {entry.speed_class!r} is not one of {classes}")
    for sha in [entry.sha256, *(f.sha256 for f in entry.files)]:
        if sha is not None and not re.fullmatch(r"[0-9a-f]{64}", sha):
            raise ValueError(f"entry {entry.id}: {sha!r} is not a sha256")
    return entry


_cache: dict[Path, tuple[float, list[CatalogEntry]]] = {}


def load_catalog(path: Path | None = None) -> list[CatalogEntry]:
    """The known downloadable models; DeskError if the catalog file is unreadable or malformed."""
    path = Path(path or paths.catalog_path())
    try:
        mtime = path.stat().st_mtime
        if path in _cache and _cache[path][0] == mtime:
            return list(_cache[path][1])
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = [_entry(raw) for raw in data["models"]]
        ids = [e.id for e in entries]
        if len(ids) != len(set(ids)):
            raise ValueError("an id appears twice")
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, ValueError, DownloadError) as err:
        raise DeskError(f"The model catalog {path} is broken: {err}") from err
    _cache[path] = (mtime, entries)
    return list(entries)


def catalog_entry(model_id: str, path: Path | None = None) -> CatalogEntry:
    entries = load_catalog(path)
    for entry in entries:
        if entry.id == model_id:
            return entry
    raise DownloadError(f"{model_id!r} is not in the model catalog (known: {', '.join(e.id for e in entries)}).")


def ranked(entries: list[CatalogEntry]) -> list[tuple[str, CatalogEntry]]:
    """(direction, entry) for every direction of every entry, grouped by direction, best first."""
    rows = [(d, e) for e in entries for d in e.directions]
    return sorted(rows, key=lambda row: (row[0], tuple(-x for x in score_key(row[1].score(row[0]))), row[1].id))


def installed_score(info: ModelInfo, direction: str, path: Path | None = None) -> Score | None:
    """The published score of an installed model: recorded at download, else its catalog entry's (same id)."""
    record = read_record(info.path)
    recorded = [Score(**s) for s in record.get("published_scores") or [] if isinstance(s, dict)]
    if recorded:
        mine = [s for s in recorded if s.direction == direction]
        return next((s for s in mine if s.test_set == FLORES), mine[0] if mine else None)
    wanted = record.get("catalog_id") or info.id
    try:
        entry = next((e for e in load_catalog(path) if e.id == wanted), None)
    except DeskError as err:
        log.warning("%s", err)
        return None
    return entry.score(direction) if entry else None


def rank_key(info: ModelInfo, source_lang: str, target_lang: str) -> tuple[float, ...]:
    """Sort key for installed models of one direction: smaller is better (best published score first)."""
    return tuple(-x for x in score_key(installed_score(info, f"{source_lang}-{target_lang}")))
