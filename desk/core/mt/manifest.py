"""The manifest of an installed model (``desk-model.json``): one typed record between the package
formats, the store and the engine.

Its JSON keys are stable (folders installed by earlier Desk versions read the same). The singular
``source_lang`` / ``target_lang`` are written too, so an installed folder is itself a valid
CTranslate2 package with a manifest that another Desk can install.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from desk.core.errors import ModelError
from desk.core.mt.info import ModelInfo
from desk.core.mt.packages import registry
from desk.core.mt.packages.base import MANIFEST, read_json

MANIFEST_VERSION = 1
PREFIX_STYLES = ("", "nllb", "marian")  # how language tokens address a direction


@dataclass
class Manifest:
    format: str  # a registered package format key
    ct2_dir: str  # folder holding model.bin, relative to the installed folder ("model" or ".")
    source_spm: str  # SentencePiece file names, relative to the installed folder
    target_spm: str
    source_langs: list[str]
    target_langs: list[str]
    id: str = ""
    name: str = ""
    version: str = ""
    license: str = ""
    target_prefix: str = ""  # a token the package itself forces at the start of every output
    # "nllb": source and target tokens by language; "marian": a target token in front of the source
    prefix_style: str = ""
    lang_tokens: dict[str, str] = field(default_factory=dict)
    installed_from: str = ""
    installed_at: str = ""
    size_bytes: int = 0
    sha256: str = ""  # of the downloaded file, when Desk downloaded it
    fingerprint: str = ""  # of the package's weights as installed from (tells two releases apart)
    warnings: list[str] = field(default_factory=list)  # what the post-install probe noticed
    desk_manifest: int = MANIFEST_VERSION

    @property
    def multilingual(self) -> bool:
        return len(self.source_langs) > 1 or len(self.target_langs) > 1

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {f.name: getattr(self, f.name) for f in fields(self)}
        data["source_lang"] = self.source_langs[0] if len(self.source_langs) == 1 else "multi"
        data["target_lang"] = self.target_langs[0] if len(self.target_langs) == 1 else "multi"
        return data

    @classmethod
    def from_json(cls, data: object, where: str) -> Manifest:
        """A manifest from parsed JSON; ModelError when it is not one Desk wrote or it is damaged."""
        if not isinstance(data, dict) or not all(isinstance(data.get(k), str) for k in ("id", "ct2_dir")):
            raise ModelError(f"{where} is not a model installed by Desk.")
        try:
            manifest = cls(
                format=_text(data, "format", "ctranslate2"),
                ct2_dir=_text(data, "ct2_dir"),
                source_spm=_text(data, "source_spm"),
                target_spm=_text(data, "target_spm"),
                source_langs=_texts(data, "source_langs"),
                target_langs=_texts(data, "target_langs"),
                id=_text(data, "id"),
                name=_text(data, "name"),
                version=_text(data, "version"),
                license=_text(data, "license"),
                target_prefix=_text(data, "target_prefix"),
                prefix_style=_text(data, "prefix_style"),
                lang_tokens=_tokens(data.get("lang_tokens")),
                installed_from=_text(data, "installed_from"),
                installed_at=_text(data, "installed_at"),
                size_bytes=_int(data.get("size_bytes")),
                sha256=_text(data, "sha256"),
                fingerprint=_text(data, "fingerprint"),
                warnings=_texts(data, "warnings"),
            )
        except (TypeError, ValueError) as err:
            raise ModelError(f"{where} has a damaged manifest ({err}).") from err
        if manifest.prefix_style not in PREFIX_STYLES:
            raise ModelError(f"{where} has a damaged manifest (prefix_style {manifest.prefix_style[:20]!r}).")
        for rel in (manifest.ct2_dir, manifest.source_spm, manifest.target_spm):
            if rel.startswith(("/", "\\")) or ".." in Path(rel).parts:
                raise ModelError(f"{where} has a manifest pointing outside its folder ({rel[:100]!r}).")
        return manifest


def _text(data: dict, key: str, default: str = "") -> str:
    value = data.get(key, default)
    if value is None:
        return default
    if not isinstance(value, (str, int, float)):
        raise TypeError(f"{key} is not text")
    return str(value)


def _texts(data: dict, key: str) -> list[str]:
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError(f"{key} is not a list of text")
    return list(value)


def _tokens(value: object) -> dict[str, str]:
    if not value:
        return {}
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise TypeError("lang_tokens is not a mapping of language to token")
    return dict(value)


def _int(value: object) -> int:
    if value in (None, ""):
        return 0
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise TypeError("size_bytes is not a number")
    return int(value)


def read_manifest(folder: Path) -> Manifest:
    return Manifest.from_json(read_json(folder / MANIFEST, what="installed model manifest"), folder.name)


def write_manifest(folder: Path, manifest: Manifest) -> None:
    text = json.dumps(manifest.to_json(), ensure_ascii=False, indent=2) + "\n"
    (folder / MANIFEST).write_text(text, encoding="utf-8")


def manifest_to_info(folder: Path, manifest: Manifest) -> ModelInfo:
    """What the engine needs to run an installed model; a pair model comes set up for its direction."""
    sources, targets = manifest.source_langs, manifest.target_langs
    info = ModelInfo(
        id=manifest.id,
        source_lang=sources[0] if len(sources) == 1 else "multi",
        target_lang=targets[0] if len(targets) == 1 else "multi",
        format=manifest.format,
        path=folder,
        ct2_dir=(folder / manifest.ct2_dir).resolve(),
        source_spm=folder / manifest.source_spm,
        target_spm=folder / manifest.target_spm,
        size_bytes=manifest.size_bytes,
        name=manifest.name or manifest.id,
        license=manifest.license,
        languages=sorted(set(sources) | set(targets)) if manifest.multilingual else [],
        target_prefix=manifest.target_prefix,
        target_tokens=dict(manifest.lang_tokens) if manifest.prefix_style == "nllb" else {},
        source_eos=registry.get(manifest.format).source_eos,
        warnings=list(manifest.warnings),
    )
    if len(sources) == 1 and len(targets) == 1:
        info = pair_info(info, manifest, sources[0], targets[0])
    return info


def pair_info(info: ModelInfo, manifest: Manifest, src: str, tgt: str) -> ModelInfo:
    """``info`` set up for one direction: language tokens become source/target prefixes."""
    tokens = manifest.lang_tokens
    if manifest.prefix_style == "nllb":
        return replace(info, source_prefix=tokens.get(src, ""), target_prefix=tokens.get(tgt, ""))
    if manifest.prefix_style == "marian" and tgt in tokens:
        return replace(info, source_prefix=tokens[tgt])
    return info
