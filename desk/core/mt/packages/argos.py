"""Argos Translate packages (``.argosmodel``): ``metadata.json``, ``model/`` in CTranslate2 format,
one joint ``sentencepiece.model``; a ``stanza/`` folder (sentence splitting) is ignored."""
from __future__ import annotations

import shutil
from pathlib import Path

from desk.core.errors import ModelError
from desk.core.mt.packages import registry
from desk.core.mt.packages.base import (
    PackageFormat,
    PackageSpec,
    langs_from,
    read_json,
    require_files,
    slug,
)


class ArgosFormat(PackageFormat):
    key = "argos"
    label = "Argos Translate"
    order = 10

    def claims(self, root: Path, names: set[str]) -> bool:
        return "metadata.json" in names or (root / "model" / "model.bin").is_file()

    def read(self, root: Path) -> PackageSpec:
        require_files(root, "metadata.json", "model/model.bin", "model/config.json", "sentencepiece.model",
                      what="Argos package")
        meta = read_json(root / "metadata.json", what="Argos package file")
        if not isinstance(meta, dict):
            raise ModelError("The Argos package's metadata.json is not a JSON object.")
        return PackageSpec(
            self, root,
            source_langs=langs_from(meta.get("from_code")),
            target_langs=langs_from(meta.get("to_code")),
            name=str(meta.get("name") or "")[:200],
            version=str(meta.get("package_version") or "")[:40],
            license=str(meta.get("license") or "")[:200],
            target_prefix=str(meta.get("target_prefix") or "")[:40],
            source_spm="sentencepiece.model",
            target_spm="sentencepiece.model",
        )

    def lay_out(self, spec: PackageSpec, out: Path) -> str:
        shutil.move(str(spec.root / "model"), str(out / "model"))
        for name in ("sentencepiece.model", "metadata.json", "README.md", "LICENSE"):
            if (spec.root / name).is_file():
                shutil.move(str(spec.root / name), str(out / name))
        return "model"

    def id_stem(self, spec: PackageSpec, pair: str, origin: Path) -> str:
        return slug(f"argos-{pair}-{spec.version}" if spec.version else f"argos-{pair}")


registry.register(ArgosFormat())
