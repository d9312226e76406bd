"""Translation models already on this computer, in other programs' folders.

``find_models`` looks (reading only) where other programs keep their models:

- Argos Translate's package folder (``$ARGOS_PACKAGES_DIR``, else
  ``$XDG_DATA_HOME/argos-translate/packages``): one folder per package with ``metadata.json``;
- LibreTranslate's (it runs on Argos packages; its container user keeps them under
  ``/home/libretranslate/.local/share/argos-translate/packages``);
- the Hugging Face hub cache (``$HF_HUB_CACHE``, ``$HF_HOME/hub``, ``~/.cache/huggingface/hub``):
  ``models--ORG--NAME/snapshots/COMMIT/`` folders holding a CTranslate2 model (quickmt, NLLB, …),
  whose files are links into the repository's ``blobs/``;
- OPUS-CAT's model folder (``%LOCALAPPDATA%/opuscat/models``, OPUS-MT Marian models, one folder each).

``install_job`` installs any of them (or any other path) the way ``desk models install`` does: a
Hugging Face snapshot is first copied with its links resolved (only links that stay inside that
repository's folder are followed), and languages the package does not state are taken from what
the folder's place says (``quickmt-ar-en``, OPUS-CAT's ``ar-en``) unless the user gave them.
"""
from __future__ import annotations

import json
import logging
import os
import re
import shutil
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

from desk.core.errors import ModelError
from desk.core.jobs import CancelToken, Job, Progress
from desk.core.mt import integrity
from desk.core.mt.info import ModelInfo
from desk.core.mt.langcodes import try_normalize
from desk.core.mt.staging import make_staging
from desk.core.mt.store import ModelStore

log = logging.getLogger(__name__)

ARGOS, LIBRE, HF, OPUSCAT = "Argos Translate", "LibreTranslate", "Hugging Face cache", "OPUS-CAT"
_PAIR = re.compile(r"(?:^|[^a-z])([a-z]{2,3})[-_]([a-z]{2,3})(?:$|[^a-z])")
_MAX_META_BYTES = 1 << 20
_MAX_ITEMS = 2000  # folders looked at per place: a huge unrelated folder cannot make the scan slow


@dataclass
class FoundModel:
    program: str  # which program's folder it is in
    path: Path  # what to install
    format: str  # "argos", "ctranslate2", "opus-mt" or "nllb"
    source_lang: str  # "" when the folder does not say; "multi" for multilingual models
    target_lang: str
    name: str
    size_bytes: int

    def to_json(self) -> dict:
        return dict(asdict(self), path=str(self.path))


def search_places(env: Mapping[str, str] | None = None, home: Path | None = None) -> list[tuple[str, Path]]:
    """(program, folder) pairs where other programs keep translation models, most specific first."""
    env = os.environ if env is None else env
    home = Path(env.get("HOME") or Path.home()) if home is None else home
    data_home = Path(env.get("XDG_DATA_HOME") or home / ".local" / "share")
    places: list[tuple[str, Path]] = []
    if env.get("ARGOS_PACKAGES_DIR"):
        places.append((ARGOS, Path(env["ARGOS_PACKAGES_DIR"])))
    places.append((ARGOS, data_home / "argos-translate" / "packages"))
    places.append((LIBRE, Path("/home/libretranslate/.local/share/argos-translate/packages")))
    if env.get("HF_HUB_CACHE"):
        places.append((HF, Path(env["HF_HUB_CACHE"])))
    if env.get("HF_HOME"):
        places.append((HF, Path(env["HF_HOME"]) / "hub"))
    places.append((HF, Path(env.get("XDG_CACHE_HOME") or home / ".cache") / "huggingface" / "hub"))
    local_appdata = Path(env["LOCALAPPDATA"]) if env.get("LOCALAPPDATA") else home / "AppData" / "Local"
    places.append((OPUSCAT, local_appdata / "opuscat" / "models"))
    seen: set[Path] = set()
    unique = []
    for program, folder in places:
        key = folder.expanduser().absolute()
        if key not in seen:
            seen.add(key)
            unique.append((program, key))
    return unique


def find_models(places: list[tuple[str, Path]] | None = None) -> list[FoundModel]:
    """Models found in ``places`` (default: ``search_places()``); unreadable folders are skipped."""
    found: list[FoundModel] = []
    for program, folder in places if places is not None else search_places():
        try:
            if not folder.is_dir():
                continue
            scan = {ARGOS: _argos, LIBRE: _argos, HF: _hf_cache, OPUSCAT: _opuscat}[program]
            found.extend(scan(program, folder))
        except OSError as err:
            log.warning("cannot look into %s: %s", folder, err)
    return found


def _children(folder: Path) -> Iterator[Path]:
    for n, item in enumerate(sorted(folder.iterdir())):
        if n >= _MAX_ITEMS:
            log.warning("%s holds more than %d entries; the rest were not looked at", folder, _MAX_ITEMS)
            return
        if item.is_dir() and not item.name.startswith("."):
            yield item


def _argos(program: str, folder: Path) -> Iterator[FoundModel]:
    for pkg in _children(folder):
        meta = _read_json(pkg / "metadata.json")
        if meta is None or not (pkg / "model" / "model.bin").is_file():
            continue
        src, tgt = _code(meta.get("from_code")), _code(meta.get("to_code"))
        version = str(meta.get("package_version") or "")
        name = f"{program} {meta.get('from_name') or src} → {meta.get('to_name') or tgt} {version}".strip()
        yield FoundModel(program, pkg, "argos", src, tgt, name, _size(pkg))


def _hf_cache(program: str, folder: Path) -> Iterator[FoundModel]:
    for repo in _children(folder):
        if not repo.name.startswith("models--"):
            continue
        snapshot = _latest_snapshot(repo)
        if snapshot is None or not (snapshot / "model.bin").exists() or not (snapshot / "config.json").exists():
            continue  # not a CTranslate2 model (transformers weights, datasets, …)
        repo_name = repo.name[len("models--"):].replace("--", "/")
        if "nllb" in repo_name.lower():
            src = tgt = "multi"
            fmt = "nllb"
        else:
            src, tgt = _pair_in(repo_name.split("/")[-1])
            fmt = "ctranslate2"
        yield FoundModel(program, snapshot, fmt, src, tgt, repo_name, _size(snapshot, repo))


def _latest_snapshot(repo: Path) -> Path | None:
    """The snapshot ``refs/main`` points at, else the most recent one."""
    snapshots = repo / "snapshots"
    if not snapshots.is_dir():
        return None
    ref = repo / "refs" / "main"
    try:
        commit = ref.read_text(encoding="ascii").strip() if ref.is_file() else ""
    except (OSError, UnicodeDecodeError):
        commit = ""
    if re.fullmatch(r"[0-9a-f]{40}", commit) and (snapshots / commit).is_dir():
        return snapshots / commit
    candidates = [p for p in snapshots.iterdir() if p.is_dir()]
    return max(candidates, key=lambda p: p.stat().st_mtime) if candidates else None


def _opuscat(program: str, folder: Path) -> Iterator[FoundModel]:
    """OPUS-CAT keeps each model in its own folder, possibly grouped by language pair."""
    stack = [(folder, 0)]
    while stack:
        current, depth = stack.pop()
        for item in _children(current):
            if (item / "decoder.yml").is_file() and any(item.glob("*.npz")):
                src, tgt = _readme_pair(item / "README.md")
                if not src:
                    src, tgt = _pair_in(item.relative_to(folder).as_posix())
                yield FoundModel(program, item, "opus-mt", src, tgt, f"{program} {item.name}", _size(item))
            elif depth < 2:
                stack.append((item, depth + 1))


def _readme_pair(readme: Path) -> tuple[str, str]:
    try:
        text = readme.read_text(encoding="utf-8", errors="replace")[:_MAX_META_BYTES] if readme.is_file() else ""
    except OSError:
        return "", ""
    src = re.search(r"source\s+languages?(?:\(s\))?\s*:\s*(\S+)", text, re.I)
    tgt = re.search(r"target\s+languages?(?:\(s\))?\s*:\s*(\S+)", text, re.I)
    return (_code(src.group(1)), _code(tgt.group(1))) if src and tgt else ("", "")


def _pair_in(text: str) -> tuple[str, str]:
    """The language pair a name spells (``quickmt-ar-en``, ``ar-en/opus-2019``), or ("", "")."""
    for match in _PAIR.finditer(text.lower()):
        src, tgt = _code(match.group(1)), _code(match.group(2))
        if src and tgt and src != tgt:
            return src, tgt
    return "", ""


def _code(value: object) -> str:
    return (try_normalize(str(value)) or "") if value else ""


def _read_json(path: Path) -> dict | None:
    try:
        if not path.is_file() or path.stat().st_size > _MAX_META_BYTES:
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _size(folder: Path, inside: Path | None = None) -> int:
    """Bytes of the files under ``folder``, following links only when they stay inside ``inside``."""
    total = 0
    for path in folder.rglob("*"):
        target = _resolved(path, inside) if path.is_symlink() else path
        if target is not None and target.is_file():
            total += target.stat().st_size
    return total


def _resolved(link: Path, inside: Path | None) -> Path | None:
    if inside is None:
        return None
    target = link.resolve()
    return target if target.is_relative_to(inside.resolve()) else None


# --- installing ----------------------------------------------------------------------------------


def describe(path: Path) -> FoundModel | None:
    """What the folder's place says about ``path`` (a found model), or None."""
    path = path.expanduser().absolute()
    for program, folder in search_places():
        if path.is_relative_to(folder):
            return next((m for m in find_models([(program, folder)]) if m.path == path), None)
    hub = _hf_repo_of(path)
    if hub is not None:
        return next((m for m in _hf_cache(HF, hub.parent) if m.path == path), None)
    return None


def _hf_repo_of(path: Path) -> Path | None:
    """``…/models--ORG--NAME`` when ``path`` is one of its snapshots."""
    if path.parent.name == "snapshots" and path.parent.parent.name.startswith("models--"):
        return path.parent.parent
    return None


def install_job(
    store: ModelStore, path: Path | str, source_lang: str | None = None, target_lang: str | None = None, *,
    cancel: CancelToken | None = None, replace: bool = False, sentencepiece: Path | None = None,
) -> Job[ModelInfo]:
    """Install a package from anywhere (a found model, a file, a folder) and record its checksums.

    ``sentencepiece``: a SentencePiece model published apart from the model (NLLB's)."""
    cancel = cancel or CancelToken()
    path = Path(path).expanduser()
    known = describe(path) if path.is_dir() else None
    if known is not None and known.source_lang not in {"", "multi"}:
        source_lang = source_lang or known.source_lang
        target_lang = target_lang or known.target_lang
    repo = _hf_repo_of(path.absolute())
    if repo is None or not any(p.is_symlink() for p in path.rglob("*")):
        return (yield from integrity.install_job(
            store, path, source_lang, target_lang, cancel=cancel, replace=replace, sentencepiece=sentencepiece
        ))
    copy_root = make_staging(store.tmp_dir, "found-")
    try:
        copy = copy_root / repo.name[len("models--"):].split("--")[-1]
        yield from _copy_resolving(path, copy, repo, cancel)
        return (yield from integrity.install_job(
            store, copy, source_lang, target_lang, cancel=cancel, replace=replace, sentencepiece=sentencepiece
        ))
    finally:
        shutil.rmtree(copy_root, ignore_errors=True)


def _copy_resolving(snapshot: Path, dest: Path, repo: Path, cancel: CancelToken) -> Job[None]:
    """Copy a Hugging Face snapshot with its links resolved; a link leaving the repository is refused."""
    files = sorted(p for p in snapshot.rglob("*") if p.is_file() or p.is_symlink())
    total = _size(snapshot, repo)
    done = 0
    for item in files:
        source = _resolved(item, repo) if item.is_symlink() else item
        if source is None or not source.is_file():
            raise ModelError(
                f"{item.relative_to(snapshot)} in the Hugging Face cache points outside its repository folder; "
                "Desk does not follow such links."
            )
        target = dest / item.relative_to(snapshot)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        done += source.stat().st_size
        cancel.raise_if_cancelled()
        yield Progress(done, total, f"Copying {snapshot.parent.parent.name[len('models--'):]}")
