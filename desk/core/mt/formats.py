"""Model packages: recognise a format, read its language pair, convert it, validate the result.

Formats Desk installs (all end up as a CTranslate2 model plus SentencePiece model(s)):

- ``argos``: an Argos Translate package (``metadata.json``, ``model/`` in CTranslate2 format,
  ``sentencepiece.model``; a ``stanza/`` folder is ignored);
- ``opus-mt``: an OPUS-MT / Tatoeba-MT Marian release (``*.npz``, ``decoder.yml``, vocab ``.yml``,
  ``source.spm``, ``target.spm``, ``README.md``), converted with CTranslate2's ``OpusMTConverter``;
- ``ctranslate2``: a plain CTranslate2 folder (``model.bin``, ``config.json``, vocabulary files) with
  its SentencePiece model(s) and an optional ``desk-model.json`` manifest naming the languages;
- ``nllb``: a multilingual CTranslate2 folder whose vocabulary holds tokens like ``arb_Arab``.

The functions here work on folders that the store has already copied or extracted safely
(``desk.core.mt.store``); they never touch anything outside the folders they are given.
"""
from __future__ import annotations

import json
import logging
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desk.core.errors import ModelError
from desk.core.mt.langcodes import is_canonical, normalize_lang, try_normalize
from desk.core.mt.info import ModelInfo

log = logging.getLogger(__name__)

MANIFEST = "desk-model.json"
MANIFEST_VERSION = 1
CT2_VOCAB_FILES = (
    ("shared_vocabulary.json",),
    ("shared_vocabulary.txt",),
    ("source_vocabulary.json", "target_vocabulary.json"),
    ("source_vocabulary.txt", "target_vocabulary.txt"),
)
# SentencePiece file names seen in the wild, as (source, target) pairs; a single shared model last.
SPM_PAIRS = (
    ("src.spm.model", "tgt.spm.model"),
    ("source.spm", "target.spm"),
    ("source.model", "target.model"),
    ("spm.src.model", "spm.tgt.model"),
)
SPM_SHARED = ("sentencepiece.model", "sentencepiece.bpe.model", "spm.model", "joint.spm.model", "spm.vocab.model")
_NLLB_TOKEN = re.compile(r"^([a-z]{3})_([A-Z][a-z]{3})$")
_MARIAN_TOKEN = re.compile(r"^>>([A-Za-z_]{2,12})<<$")
_SKIP_NAMES = {"__MACOSX", ".DS_Store"}


@dataclass
class PackageSpec:
    """What ``detect_package`` found in a (safely materialised) package folder."""

    format: str  # "argos" | "opus-mt" | "ctranslate2" (nllb is decided after reading the vocabulary)
    root: Path
    source_langs: list[str] = field(default_factory=list)
    target_langs: list[str] = field(default_factory=list)
    name: str = ""
    version: str = ""
    license: str = ""
    target_prefix: str = ""
    source_spm: str = ""  # file names inside root (ctranslate2 / argos)
    target_spm: str = ""


# --- detection ----------------------------------------------------------------------------------


def find_package_root(folder: Path) -> Path:
    """The folder holding the package files: ``folder`` itself or its single top-level sub-folder."""
    current = folder
    for _ in range(3):
        if _looks_like_package(current):
            return current
        entries = [p for p in current.iterdir() if p.name not in _SKIP_NAMES and not p.name.startswith(".")]
        dirs = [p for p in entries if p.is_dir()]
        if len(dirs) == 1 and all(p.is_dir() or p.suffix.lower() in {".md", ".txt"} for p in entries):
            current = dirs[0]
            continue
        break
    return current


def _looks_like_package(folder: Path) -> bool:
    names = {p.name for p in folder.iterdir()}
    return bool(
        {"metadata.json", "decoder.yml", "model.bin"} & names
        or any(n.endswith(".npz") for n in names)
        or ("model" in names and (folder / "model" / "model.bin").exists())
    )


def detect_package(folder: Path) -> PackageSpec:
    """Recognise the package format in ``folder`` and read what it says about itself."""
    root = find_package_root(folder)
    names = {p.name for p in root.iterdir()}
    if "metadata.json" in names or (root / "model" / "model.bin").is_file():
        return _detect_argos(root)
    if "decoder.yml" in names or any(n.endswith(".npz") for n in names):
        return _detect_opus_mt(root)
    if "model.bin" in names or "config.json" in names:
        return _detect_ct2(root)
    inner = sorted(n for n in names if n.lower().endswith((".zip", ".argosmodel")))
    if inner:
        raise ModelError(
            f"This archive holds another package ({', '.join(inner)}), not the model files themselves; "
            "unpack it and install that file instead."
        )
    raise ModelError(
        "This is not a translation model Desk knows. Expected an Argos Translate package (.argosmodel), "
        "an OPUS-MT / Tatoeba-MT release (zip or folder with decoder.yml and a .npz file) or a "
        "CTranslate2 model folder (model.bin, config.json)."
    )


def require_files(root: Path, *names: str, what: str) -> None:
    missing = [n for n in names if not (root / n).exists()]
    if missing:
        raise ModelError(f"The {what} is incomplete: missing {', '.join(missing)}.")


def read_json(path: Path, what: str) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ModelError(f"The {what} {path.name} cannot be read: {err}") from err


def _detect_argos(root: Path) -> PackageSpec:
    require_files(root, "metadata.json", "model/model.bin", "model/config.json", "sentencepiece.model", what="Argos package")
    meta = read_json(root / "metadata.json", what="Argos package file")
    if not isinstance(meta, dict):
        raise ModelError("The Argos package's metadata.json is not a JSON object.")
    spec = PackageSpec("argos", root, source_spm="sentencepiece.model", target_spm="sentencepiece.model")
    spec.source_langs = _langs_from(meta.get("from_code"))
    spec.target_langs = _langs_from(meta.get("to_code"))
    spec.version = str(meta.get("package_version") or "")
    spec.name = str(meta.get("name") or "")
    spec.license = str(meta.get("license") or "")
    spec.target_prefix = str(meta.get("target_prefix") or "")
    return spec


def _langs_from(value: Any) -> list[str]:
    if not value:
        return []
    raw = value if isinstance(value, list) else re.split(r"[\s,+]+", str(value))
    codes: list[str] = []
    for item in raw:
        code = try_normalize(str(item))
        if code and code not in codes:
            codes.append(code)
    return codes


_README_SRC = re.compile(r"^\W*source\s+languages?(?:\(s\))?\s*:\s*(.+)$", re.I | re.M)
_README_TGT = re.compile(r"^\W*target\s+languages?(?:\(s\))?\s*:\s*(.+)$", re.I | re.M)
_README_URL = re.compile(r"(?:OPUS|Tatoeba)-MT-models/([A-Za-z_+]+)-([A-Za-z_+]+)/", re.I)


def _detect_opus_mt(root: Path) -> PackageSpec:
    require_files(root, "decoder.yml", "source.spm", "target.spm", what="OPUS-MT model")
    spec = PackageSpec("opus-mt", root, source_spm="source.spm", target_spm="target.spm", license="CC-BY-4.0")
    readme = root / "README.md"
    text = readme.read_text(encoding="utf-8", errors="replace") if readme.is_file() else ""
    src, tgt = _README_SRC.search(text), _README_TGT.search(text)
    if src and tgt:
        spec.source_langs, spec.target_langs = _langs_from(src.group(1)), _langs_from(tgt.group(1))
    elif url := _README_URL.search(text):  # older READMEs only link the release: .../ar-en/opus-....zip
        spec.source_langs, spec.target_langs = _langs_from(url.group(1)), _langs_from(url.group(2))
    title = re.search(r"^#\s*(\S+?)(?:\.zip)?(?:\s.*)?$", text, re.M)
    spec.version = title.group(1) if title else ""
    return spec


def _detect_ct2(root: Path) -> PackageSpec:
    require_files(root, "model.bin", "config.json", what="CTranslate2 model folder")
    spec = PackageSpec("ctranslate2", root)
    manifest = root / MANIFEST
    if manifest.is_file():
        data = read_json(manifest, what="model manifest")
        if not isinstance(data, dict):
            raise ModelError(f"{MANIFEST} must be a JSON object with source_lang, target_lang and name.")
        spec.source_langs = _langs_from(data.get("source_langs") or data.get("source_lang"))
        spec.target_langs = _langs_from(data.get("target_langs") or data.get("target_lang"))
        spec.name = str(data.get("name") or "")
        spec.license = str(data.get("license") or "")
    spec.source_spm, spec.target_spm = _find_spm(root)
    return spec


def _find_spm(root: Path) -> tuple[str, str]:
    for src, tgt in SPM_PAIRS:
        if (root / src).is_file() and (root / tgt).is_file():
            return src, tgt
    for name in SPM_SHARED:
        if (root / name).is_file():
            return name, name
    raise ModelError(
        "No SentencePiece model found beside model.bin (expected src.spm.model/tgt.spm.model, "
        "source.spm/target.spm or sentencepiece.model)."
    )


# --- building the installed folder ------------------------------------------------------------------


def build_installed(spec: PackageSpec, out: Path, source_lang: str | None, target_lang: str | None) -> dict:
    """Lay out the installed model in ``out`` (which must not exist) and return its manifest."""
    manifest: dict[str, Any] = {
        "desk_manifest": MANIFEST_VERSION, "format": spec.format, "name": spec.name, "version": spec.version,
        "license": spec.license, "source_spm": spec.source_spm, "target_spm": spec.target_spm,
        "target_prefix": spec.target_prefix, "lang_tokens": {}, "prefix_style": "",
    }
    # The pair first, so a package without languages fails before any slow conversion.
    nllb = nllb_tokens(read_ct2_vocab(spec.root)[-1]) if spec.format == "ctranslate2" else {}
    if len(nllb) >= 2:
        manifest.update(format="nllb", prefix_style="nllb", lang_tokens=nllb)
        sources, targets = sorted(nllb), sorted(nllb)
    else:
        sources = _apply_flag("source", spec.source_langs, source_lang)
        targets = _apply_flag("target", spec.target_langs, target_lang)

    out.mkdir(parents=True)
    if spec.format == "argos":
        shutil.move(str(spec.root / "model"), str(out / "model"))
        for name in ("sentencepiece.model", "metadata.json", "README.md", "LICENSE"):
            if (spec.root / name).is_file():
                shutil.move(str(spec.root / name), str(out / name))
        ct2_dir = "model"
    elif spec.format == "opus-mt":
        convert_opus_mt(spec.root, out / "model")
        for name in ("source.spm", "target.spm", "README.md", "LICENSE"):
            if (spec.root / name).is_file():
                shutil.copy2(spec.root / name, out / name)
        ct2_dir = "model"
    else:  # plain CTranslate2: root-level files only (skip training leftovers in sub-folders)
        for item in spec.root.iterdir():
            if item.is_file() and item.name != MANIFEST:
                shutil.move(str(item), str(out / item.name))
        ct2_dir = "."
    manifest["ct2_dir"] = ct2_dir

    if manifest["format"] != "nllb":
        marian = {k: v for k, v in marian_tokens(read_ct2_vocab(out / ct2_dir)[0]).items() if k in targets}
        if marian:  # multi-target Marian models want ">>ara<<" in front of the source
            manifest.update(prefix_style="marian", lang_tokens=marian)
    manifest.update(
        source_langs=sources, target_langs=targets,
        # singular forms too, so an installed folder is itself a valid CTranslate2 folder + manifest
        source_lang=sources[0] if len(sources) == 1 else "multi",
        target_lang=targets[0] if len(targets) == 1 else "multi",
    )
    if not manifest["name"]:
        pair = f"{manifest['source_lang']} → {manifest['target_lang']}"
        label = {"argos": "Argos Translate", "opus-mt": "OPUS-MT", "nllb": "NLLB"}.get(manifest["format"], "CTranslate2")
        manifest["name"] = f"{label} {pair} {spec.version}".strip()
    return manifest


def _apply_flag(side: str, langs: list[str], flag: str | None) -> list[str]:
    """What the package says about one side, completed by --from/--to; the package's word wins."""
    if flag:
        try:
            code = normalize_lang(flag)
        except ValueError as err:
            raise ModelError(f"{flag!r} is not a language code (use ar, en, ...).") from err
        if langs and code not in langs:
            raise ModelError(
                f"The package says its {side} language is {', '.join(langs)}, not {code}; "
                "leave out the language flag or check the package."
            )
        return langs or [code]
    if not langs:
        raise ModelError(
            f"The package does not say its {side} language. Give the pair with --from and --to "
            "(for example --from ar --to en)."
        )
    return langs


def convert_opus_mt(src: Path, out: Path) -> None:
    """Convert a Marian (OPUS-MT) release to CTranslate2, int8, with CTranslate2's own converter."""
    import yaml
    from ctranslate2.converters import OpusMTConverter

    try:
        config = yaml.safe_load((src / "decoder.yml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        raise ModelError(f"The OPUS-MT decoder.yml cannot be read: {err}") from err
    if not isinstance(config, dict) or not config.get("models") or not config.get("vocabs"):
        raise ModelError("The OPUS-MT decoder.yml does not list 'models' and 'vocabs'.")
    for ref in [*config["models"], *config["vocabs"]]:
        ref = str(ref)
        if "/" in ref or "\\" in ref or ref.startswith("."):
            raise ModelError(f"The OPUS-MT decoder.yml points outside the package: {ref!r}.")
        if not (src / ref).is_file():
            raise ModelError(f"The OPUS-MT model is incomplete: missing {ref}.")
    try:
        OpusMTConverter(str(src)).convert(str(out), quantization="int8")
    except Exception as err:  # the converter raises whatever numpy/yaml/its checks raise
        raise ModelError(f"The OPUS-MT model could not be converted: {err}") from err


# --- vocabularies and validation ------------------------------------------------------------------


def read_ct2_vocab(ct2_dir: Path) -> list[list[str]]:
    """The CTranslate2 vocabularies: [shared] or [source, target]."""
    for names in CT2_VOCAB_FILES:
        if all((ct2_dir / n).is_file() for n in names):
            return [_read_vocab_file(ct2_dir / n) for n in names]
    raise ModelError("The CTranslate2 model has no vocabulary file (shared_vocabulary.json or source/target_vocabulary).")


def _read_vocab_file(path: Path) -> list[str]:
    try:
        if path.suffix == ".json":
            tokens = json.loads(path.read_text(encoding="utf-8"))
        else:
            tokens = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ModelError(f"The model vocabulary {path.name} cannot be read: {err}") from err
    if not isinstance(tokens, list) or not tokens or not all(isinstance(t, str) for t in tokens):
        raise ModelError(f"The model vocabulary {path.name} is not a list of tokens.")
    return tokens


def nllb_tokens(vocab: list[str]) -> dict[str, str]:
    """NLLB-style language tokens (``arb_Arab``) in a vocabulary, by normalised language code."""
    found: dict[str, str] = {}
    for token in vocab:
        if _NLLB_TOKEN.match(token):
            code = try_normalize(token)
            if code and (code not in found or is_canonical(token) and not is_canonical(found[code])):
                found[code] = token
    return found


def marian_tokens(vocab: list[str]) -> dict[str, str]:
    """Marian target-language tokens (``>>ara<<``) by normalised code; exact ISO 639-3 forms win."""
    found: dict[str, str] = {}
    for token in vocab:
        m = _MARIAN_TOKEN.match(token)
        code = try_normalize(m.group(1)) if m else None
        if code and (code not in found or is_canonical(token) and not is_canonical(found[code])):
            found[code] = token
    return found


# --- manifest <-> ModelInfo -----------------------------------------------------------------------


def read_manifest(folder: Path) -> dict:
    data = read_json(folder / MANIFEST, what="installed model manifest")
    if not isinstance(data, dict) or "id" not in data or "ct2_dir" not in data:
        raise ModelError(f"{folder.name} is not a model installed by Desk.")
    return data


def write_manifest(folder: Path, manifest: dict) -> None:
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def manifest_to_info(folder: Path, manifest: dict) -> ModelInfo:
    sources, targets = manifest.get("source_langs") or [], manifest.get("target_langs") or []
    info = ModelInfo(
        id=manifest["id"],
        source_lang=sources[0] if len(sources) == 1 else "multi",
        target_lang=targets[0] if len(targets) == 1 else "multi",
        format=manifest.get("format", "ctranslate2"),
        path=folder,
        ct2_dir=(folder / manifest["ct2_dir"]).resolve(),
        source_spm=folder / manifest["source_spm"],
        target_spm=folder / manifest["target_spm"],
        size_bytes=int(manifest.get("size_bytes") or 0),
        name=manifest.get("name") or manifest["id"],
        license=manifest.get("license", ""),
        languages=sorted(set(sources) | set(targets)) if len(sources) > 1 or len(targets) > 1 else [],
        target_prefix=manifest.get("target_prefix", ""),
    )
    if len(sources) == 1 and len(targets) == 1:
        info = pair_info(info, manifest, sources[0], targets[0])
    return info


def pair_info(info: ModelInfo, manifest: dict, src: str, tgt: str) -> ModelInfo:
    """``info`` set up for one direction: language tokens become source/target prefixes."""
    from dataclasses import replace

    tokens = manifest.get("lang_tokens") or {}
    style = manifest.get("prefix_style", "")
    if style == "nllb":
        return replace(info, source_prefix=tokens.get(src, ""), target_prefix=tokens.get(tgt, ""))
    if style == "marian" and tgt in tokens:
        return replace(info, source_prefix=tokens[tgt])
    return info
