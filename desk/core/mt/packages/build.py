"""From a recognised package to an installed folder's manifest: the steps every format shares.

``plan`` decides the pair(s) and the name before anything slow happens (a package without
languages fails before a conversion); ``build`` lets the format lay the model out, then looks for
Marian target-language tokens (``>>ara<<``), which any Marian-born model may carry.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from desk.core.mt.manifest import Manifest
from desk.core.mt.packages.base import PackageSpec
from desk.core.mt.packages.vocab import marian_tokens, read_ct2_vocab


def plan(spec: PackageSpec, source_lang: str | None, target_lang: str | None) -> Manifest:
    """The manifest of the installed model, before its files exist (``ct2_dir`` is filled by ``build``)."""
    fmt = spec.format
    sources, targets = fmt.languages(spec, source_lang, target_lang)
    manifest = Manifest(
        format=fmt.key, ct2_dir="", source_spm=spec.source_spm, target_spm=spec.target_spm,
        source_langs=sources, target_langs=targets, name=spec.name, version=spec.version,
        license=spec.license, target_prefix=spec.target_prefix,
    )
    manifest.fingerprint = fingerprint(spec.root)
    if spec.lang_tokens:
        manifest.prefix_style, manifest.lang_tokens = "nllb", dict(spec.lang_tokens)
    if not manifest.name:
        pair = f"{_side(sources, 'multi')} → {_side(targets, 'multi')}"
        manifest.name = f"{fmt.label} {pair} {spec.version}".strip()
    return manifest


def pair_slug(manifest: Manifest) -> str:
    """"ar-en", or "mul-mul" for a multilingual model."""
    return f"{_side(manifest.source_langs, 'mul')}-{_side(manifest.target_langs, 'mul')}"


def build(spec: PackageSpec, manifest: Manifest, out: Path) -> None:
    """Lay the model out in ``out`` (which must not exist) and complete ``manifest``."""
    out.mkdir(parents=True)
    manifest.ct2_dir = spec.format.lay_out(spec, out)
    if manifest.prefix_style != "nllb":
        tokens = marian_tokens(read_ct2_vocab(out / manifest.ct2_dir)[0])
        marian = {k: v for k, v in tokens.items() if k in manifest.target_langs}
        if marian:  # multi-target Marian models want ">>ara<<" in front of the source
            manifest.prefix_style, manifest.lang_tokens = "marian", marian


_FINGERPRINT_SPAN = 8 << 20


def fingerprint(root: Path) -> str:
    """What tells two packages apart at little cost: the size and the first and last 8 MiB of the
    largest file (the weights), hashed. Two releases of one model differ there; one package does not."""
    files = [p for p in root.rglob("*") if p.is_file()]
    if not files:
        return ""
    weights = max(files, key=lambda p: (p.stat().st_size, p.name))
    size = weights.stat().st_size
    digest = hashlib.sha256(f"{weights.name}:{size}:".encode())
    with weights.open("rb") as fh:
        digest.update(fh.read(_FINGERPRINT_SPAN))
        if size > _FINGERPRINT_SPAN:
            fh.seek(max(_FINGERPRINT_SPAN, size - _FINGERPRINT_SPAN))
            digest.update(fh.read(_FINGERPRINT_SPAN))
    return digest.hexdigest()[:32]


def _side(langs: list[str], many: str) -> str:
    return langs[0] if len(langs) == 1 else many
