"""What the model manager's tables show, computed without Qt: one row per installed model and one
per catalog entry and direction (best first), with quality, licence, size and speed side by side."""
from __future__ import annotations

import re
from dataclasses import dataclass

from desk.core.languages import display_name
from desk.core.mt.catalog import CatalogEntry, Score, installed_score, ranked
from desk.core.mt.info import ModelInfo
from desk.core.mt.record import read_record
from desk.core.mt.store import ModelStore
from desk.core.sizes import human_size

DIRECTIONS = (("ar", "en"), ("en", "ar"))


def pair_text(src: str, tgt: str) -> str:
    return f"{display_name(src)} → {display_name(tgt)}"


def score_text(score: Score | None) -> str:
    if score is None:
        return "not published"
    figures = " / ".join(f"{v:.1f}" if v is not None else "–" for v in (score.bleu, score.chrf))
    test = "FLORES-200" if score.test_set == "flores200-devtest" else score.test_set
    return f"{figures} ({test})"


def size_text(size: int | None) -> str:
    return human_size(size) if size else "?"


@dataclass
class InstalledRow:
    id: str
    name: str
    languages: str
    format: str
    version: str
    size: str
    published: str  # BLEU / chrF as published, per direction it serves
    default_for: str  # the directions it is the default model of (best installed by published score)


@dataclass
class CatalogRow:
    id: str
    direction: str
    name: str
    quality: str
    speed: str
    size: str
    licence: str
    installed: bool
    noncommercial: bool


def version_text(info: ModelInfo, package_version: str) -> str:
    """The version installed: the package's own, else what the download recorded (a pinned commit, short)."""
    version = package_version or str(read_record(info.path).get("version") or "")
    return version[:7] if re.fullmatch(r"[0-9a-f]{40}", version) else version or "–"


def installed_rows(store: ModelStore) -> list[InstalledRow]:
    infos = store.list()
    best: dict[str, ModelInfo | None] = {}
    for s, t in DIRECTIONS:
        candidates = store.find(s, t)
        best[f"{s}-{t}"] = next(iter(candidates), None)
    rows = []
    for info in infos:
        manifest = store.manifest(info.id)
        directions = [(s, t) for s in manifest.source_langs for t in manifest.target_langs
                      if s != t and (s, t) in DIRECTIONS]
        if info.source_lang == "multi":
            languages = f"{len(info.languages)} languages"
        else:
            languages = pair_text(info.source_lang, info.target_lang)
        label = len(directions) > 1
        published = "; ".join(score_text(installed_score(info, f"{s}-{t}")) + (f" {s}→{t}" if label else "")
                              for s, t in directions) or "not published"
        default_for = ", ".join(pair_text(*d.split("-")) for d, m in best.items() if m is not None and m.id == info.id)
        version = version_text(info, manifest.version)
        rows.append(InstalledRow(info.id, info.name or info.id, languages, info.format, version,
                                 size_text(info.size_bytes), published, default_for))
    return rows


def catalog_rows(entries: list[CatalogEntry], installed: set[str]) -> list[CatalogRow]:
    rows = []
    for direction, entry in ranked(entries):
        src, tgt = direction.split("-")
        licence = entry.license + (" (non-commercial)" if entry.noncommercial else "")
        rows.append(CatalogRow(entry.id, pair_text(src, tgt), entry.name, score_text(entry.score(direction)),
                               entry.speed_class, entry.size_text(human_size), licence, entry.id in installed,
                               entry.noncommercial))
    return rows
