"""OPUS-MT / Tatoeba-MT Marian releases (``*.npz``, ``decoder.yml``, vocabulary ``.yml``,
``source.spm``, ``target.spm``, ``README.md``), converted to int8 CTranslate2 with CTranslate2's
own ``OpusMTConverter``. Both base (transformer-align) and big (tc-big) releases.

The YAML the converter reads (``decoder.yml`` and the ``special:model.yml`` config inside the
``.npz``) is checked here first with a loader that refuses aliases and anchors, after a size
bound: a few kilobytes of nested aliases would otherwise expand into gigabytes.
"""
from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import yaml

from desk.core.errors import ModelError
from desk.core.mt.packages import registry
from desk.core.mt.packages.base import (
    MAX_METADATA_BYTES,
    PackageFormat,
    PackageSpec,
    langs_from,
    read_head,
    read_text_bounded,
    require_files,
)

_README_SRC = re.compile(r"^\W*source\s+languages?(?:\(s\))?\s*:\s*(.+)$", re.IGNORECASE | re.MULTILINE)
_README_TGT = re.compile(r"^\W*target\s+languages?(?:\(s\))?\s*:\s*(.+)$", re.IGNORECASE | re.MULTILINE)
_README_URL = re.compile(r"(?:OPUS|Tatoeba)-MT-models/([A-Za-z_+]+)-([A-Za-z_+]+)/", re.IGNORECASE)
_TITLE = re.compile(r"^#\s*(\S+?)(?:\.zip)?(?:\s.*)?$", re.MULTILINE)
_NPZ_CONFIG = "special:model.yml.npy"


class _AliasRefused(yaml.YAMLError):
    pass


class _NoAliasLoader(yaml.SafeLoader):
    """A safe loader that refuses anchors and aliases (model YAML never needs them)."""

    def compose_node(self, parent: yaml.Node | None, index: int | yaml.Node | None) -> yaml.Node | None:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _AliasRefused("aliases")
        return super().compose_node(parent, index)


def load_yaml(text: str, what: str) -> object:
    """Parse model YAML without aliases; ModelError with a short message on any problem."""
    loader = _NoAliasLoader(text)
    try:
        return loader.get_single_data()
    except _AliasRefused:
        raise ModelError(
            f"{what} uses YAML aliases or anchors, which model files never need; Desk refuses it."
        ) from None
    except yaml.YAMLError as err:
        reason = str(err).splitlines()[0][:200]
        raise ModelError(f"{what} cannot be read: {reason}") from err
    finally:
        loader.dispose()


class OpusMtFormat(PackageFormat):
    key = "opus-mt"
    label = "OPUS-MT"
    order = 20
    preparing = "Converting the model"

    def claims(self, root: Path, names: set[str]) -> bool:
        return "decoder.yml" in names or any(n.endswith(".npz") for n in names)

    def read(self, root: Path) -> PackageSpec:
        require_files(root, "decoder.yml", "source.spm", "target.spm", what="OPUS-MT model")
        spec = PackageSpec(self, root, source_spm="source.spm", target_spm="target.spm", license="CC-BY-4.0")
        readme = root / "README.md"
        text = read_head(readme) if readme.is_file() else ""
        src, tgt = _README_SRC.search(text), _README_TGT.search(text)
        if src and tgt:
            spec.source_langs, spec.target_langs = langs_from(src.group(1)), langs_from(tgt.group(1))
        elif url := _README_URL.search(text):  # older READMEs only link the release: .../ar-en/opus-....zip
            spec.source_langs, spec.target_langs = langs_from(url.group(1)), langs_from(url.group(2))
        title = _TITLE.search(text)
        spec.version = title.group(1)[:80] if title else ""
        return spec

    def lay_out(self, spec: PackageSpec, out: Path) -> str:
        convert_opus_mt(spec.root, out / "model")
        for name in ("source.spm", "target.spm", "README.md", "LICENSE"):
            if (spec.root / name).is_file():
                shutil.copy2(spec.root / name, out / name)
        return "model"

    def id_stem(self, spec: PackageSpec, pair: str, origin: Path) -> str:
        return f"opus-mt-{pair}"


def convert_opus_mt(src: Path, out: Path) -> None:
    """Convert a Marian (OPUS-MT) release to CTranslate2, int8, with CTranslate2's own converter."""
    from ctranslate2.converters import OpusMTConverter

    config = load_yaml(read_text_bounded(src / "decoder.yml", "OPUS-MT file"), "The OPUS-MT decoder.yml")
    if not isinstance(config, dict) or not isinstance(config.get("models"), list) or not config["models"] \
            or not isinstance(config.get("vocabs"), list) or not config["vocabs"]:
        raise ModelError("The OPUS-MT decoder.yml does not list 'models' and 'vocabs'.")
    for ref in [*config["models"], *config["vocabs"]]:
        if not isinstance(ref, str):
            raise ModelError("The OPUS-MT decoder.yml lists something other than file names.")
        if len(ref) > 255:
            raise ModelError(f"The OPUS-MT decoder.yml names a file no system can hold ({ref[:60]!r}…).")
        if "/" in ref or "\\" in ref or ref.startswith("."):
            raise ModelError(f"The OPUS-MT decoder.yml points outside the package: {ref[:200]!r}.")
        if not (src / ref).is_file():
            raise ModelError(f"The OPUS-MT model is incomplete: missing {ref[:200]}.")
    _check_npz_config(src / config["models"][0])
    try:
        OpusMTConverter(str(src)).convert(str(out), quantization="int8")
    except Exception as err:  # the converter raises whatever numpy/yaml/its checks raise
        raise ModelError(f"The OPUS-MT model could not be converted: {str(err)[:300]}") from err


def _check_npz_config(npz: Path) -> None:
    """The Marian config stored in the .npz is YAML too: bounded and alias-free before the converter reads it."""
    try:
        with zipfile.ZipFile(npz) as zf:
            info = zf.getinfo(_NPZ_CONFIG)
            if info.file_size > MAX_METADATA_BYTES:
                raise ModelError(
                    f"The OPUS-MT weights {npz.name} carry a {info.file_size:,}-byte config; Desk refuses it."
                )
            raw = zf.read(info)
    except KeyError:
        raise ModelError(f"The OPUS-MT weights {npz.name} have no Marian configuration (special:model.yml).") from None
    except (zipfile.BadZipFile, OSError, EOFError) as err:
        raise ModelError(
            f"The OPUS-MT model could not be converted: {npz.name} is not a readable .npz ({err})."
        ) from err
    # .npy header, then int8 bytes of the YAML text (NUL-terminated)
    body = raw.split(b"\n", 1)[1] if raw.startswith(b"\x93NUMPY") and b"\n" in raw else raw
    text = body.rstrip(b"\0").decode("utf-8", errors="replace")
    config = load_yaml(text, f"The Marian configuration in {npz.name}")
    if not isinstance(config, dict):
        raise ModelError(f"The Marian configuration in {npz.name} is not a mapping.")


registry.register(OpusMtFormat())
