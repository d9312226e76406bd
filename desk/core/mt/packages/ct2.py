"""Plain CTranslate2 model folders (``model.bin``, ``config.json``, vocabulary files) with their
SentencePiece model(s) and an optional ``desk-model.json`` naming the languages (quickmt, and any
folder Desk installed: an installed folder is itself a valid package)."""
from __future__ import annotations

import shutil
from pathlib import Path

from desk.core.errors import ModelError
from desk.core.mt.packages import registry
from desk.core.mt.packages.base import (
    MANIFEST,
    PackageFormat,
    PackageSpec,
    langs_from,
    read_json,
    require_files,
)
from desk.core.mt.packages.vocab import find_spm


def read_ct2(fmt: PackageFormat, root: Path) -> PackageSpec:
    """What a CTranslate2 folder says about itself (its manifest, if any, and its SentencePiece files)."""
    require_files(root, "model.bin", "config.json", what="CTranslate2 model folder")
    spec = PackageSpec(fmt, root)
    manifest = root / MANIFEST
    if manifest.is_file():
        data = read_json(manifest, what="model manifest")
        if not isinstance(data, dict):
            raise ModelError(f"{MANIFEST} must be a JSON object with source_lang, target_lang and name.")
        spec.source_langs = langs_from(data.get("source_langs") or data.get("source_lang"))
        spec.target_langs = langs_from(data.get("target_langs") or data.get("target_lang"))
        spec.name = str(data.get("name") or "")[:200]
        spec.version = str(data.get("version") or "")[:40]
        spec.license = str(data.get("license") or "")[:200]
    spec.source_spm, spec.target_spm = find_spm(root)
    return spec


def move_root_files(spec: PackageSpec, out: Path) -> str:
    """Root-level files only (training leftovers in sub-folders stay behind); the model is ``out`` itself."""
    for item in spec.root.iterdir():
        if item.is_file() and item.name != MANIFEST:
            shutil.move(str(item), str(out / item.name))
    return "."


class Ct2Format(PackageFormat):
    key = "ctranslate2"
    label = "CTranslate2"
    order = 90
    id_prefix = "ct2"

    def claims(self, root: Path, names: set[str]) -> bool:
        return "model.bin" in names or "config.json" in names

    def read(self, root: Path) -> PackageSpec:
        return read_ct2(self, root)

    def lay_out(self, spec: PackageSpec, out: Path) -> str:
        return move_root_files(spec, out)


registry.register(Ct2Format())
