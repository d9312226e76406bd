"""The model store: installed models under ``<data dir>/models/<model id>/``.

Installing is transactional: the package is copied or extracted into a private staging folder
inside the store (``.tmp/install-*``), recognised, converted if needed, validated (including a
real CTranslate2 load), and only then renamed into place. Hostile or broken packages (zip-slip
paths, absolute paths, symlinks, zip bombs, too many entries, missing files, foreign folders)
raise ``ModelError``; the staging folder is removed whatever happens, so nothing is left
half-installed and nothing is ever written outside the store.
"""
from __future__ import annotations

import logging
import os
import re
import shutil
import stat
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterator

from desk.core import paths
from desk.core.errors import DeskError, ModelError
from desk.core.jobs import CancelToken, Job, Progress, run_job
from desk.core.mt import checks, formats
from desk.core.mt.info import ModelInfo
from desk.core.mt.langcodes import normalize_lang

log = logging.getLogger(__name__)

_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,95}$")
_CHUNK = 1 << 20
_STALE_SECONDS = 24 * 3600


@dataclass
class InstallLimits:
    """What a package may contain before it is refused as absurd (tests lower these)."""

    max_total_bytes: int = 16 << 30  # uncompressed; NLLB 3.3B in float16 is ~7 GB
    max_entries: int = 10_000
    max_ratio: float = 200.0  # per zip entry, uncompressed / compressed, for entries over 1 MiB


class ModelStore:
    """Installed translation models. ``root`` defaults to ``desk.core.paths.models_dir()``."""

    def __init__(self, root: Path | None = None, limits: InstallLimits | None = None, *, check_load: bool = True) -> None:
        try:
            self.root = Path(root) if root is not None else paths.models_dir()
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise ModelError(f"The model folder cannot be used: {_os_reason(err)}") from err
        self.limits = limits or InstallLimits()
        self.check_load = check_load

    @property
    def tmp_dir(self) -> Path:
        """Private working area inside the store (staging folders, partial downloads)."""
        path = self.root / ".tmp"
        path.mkdir(exist_ok=True)
        return path

    # --- queries ----------------------------------------------------------------------------------

    def _entries(self) -> Iterator[tuple[ModelInfo, dict]]:
        for folder in sorted(self.root.iterdir()):
            if folder.name.startswith(".") or not folder.is_dir():
                continue
            try:
                manifest = formats.read_manifest(folder)
            except ModelError as err:
                log.warning("skipping %s: %s", folder, err)
                continue
            yield formats.manifest_to_info(folder, manifest), manifest

    def list(self) -> list[ModelInfo]:
        return [info for info, _ in self._entries()]

    def _load(self, model_id: str) -> tuple[ModelInfo, dict]:
        folder = self.root / model_id
        if not _ID.match(model_id) or not (folder / formats.MANIFEST).is_file():
            known = ", ".join(i.id for i in self.list()) or "none"
            raise ModelError(f"No installed model is called {model_id!r} (installed: {known}).")
        manifest = formats.read_manifest(folder)
        return formats.manifest_to_info(folder, manifest), manifest

    def get(self, model_id: str) -> ModelInfo:
        return self._load(model_id)[0]

    def find(self, source_lang: str, target_lang: str) -> list[ModelInfo]:
        """Installed models translating ``source_lang`` to ``target_lang``, best first.

        Best = a dedicated pair model before a multilingual one, then the bigger model.
        Multilingual models come back set up for this direction (prefix tokens filled in).
        """
        src, tgt = _norm(source_lang), _norm(target_lang)
        found = []
        for info, manifest in self._entries():
            if src != tgt and src in manifest["source_langs"] and tgt in manifest["target_langs"]:
                multi = len(manifest["source_langs"]) > 1 or len(manifest["target_langs"]) > 1
                found.append((multi, -info.size_bytes, info.id, formats.pair_info(info, manifest, src, tgt)))
        return [item[-1] for item in sorted(found, key=lambda item: item[:3])]

    def resolve(self, model_id: str, source_lang: str, target_lang: str) -> ModelInfo:
        """``model_id`` set up for one direction; ModelError if it does not translate that way."""
        info, manifest = self._load(model_id)
        src, tgt = _norm(source_lang), _norm(target_lang)
        if src not in manifest["source_langs"] or tgt not in manifest["target_langs"]:
            raise ModelError(f"Model {model_id} does not translate {src} to {tgt}.")
        return formats.pair_info(info, manifest, src, tgt)

    def route(self, source_lang: str, target_lang: str, pivot: str = "en") -> list[ModelInfo]:
        """Models to chain for a direction: the best direct one, else two through ``pivot``."""
        if direct := self.find(source_lang, target_lang):
            return direct[:1]
        first, second = self.find(source_lang, pivot), self.find(pivot, target_lang)
        if first and second and _norm(pivot) not in {_norm(source_lang), _norm(target_lang)}:
            return [first[0], second[0]]
        raise ModelError(
            f"No installed model translates {source_lang} to {target_lang}. "
            "Install one with 'desk models install' or 'desk models download'."
        )

    # --- install / remove -------------------------------------------------------------------------

    def install(
        self,
        path: Path | str,
        source_lang: str | None = None,
        target_lang: str | None = None,
        *,
        cancel: CancelToken | None = None,
        model_id: str | None = None,
        replace: bool = False,
    ) -> ModelInfo:
        return run_job(self.install_job(path, source_lang, target_lang, cancel=cancel, model_id=model_id, replace=replace))

    def install_job(
        self,
        path: Path | str,
        source_lang: str | None = None,
        target_lang: str | None = None,
        *,
        cancel: CancelToken | None = None,
        model_id: str | None = None,
        replace: bool = False,
    ) -> Job[ModelInfo]:
        """Install a package file (zip / .argosmodel) or folder; yields Progress, returns ModelInfo."""
        cancel = cancel or CancelToken()
        path = Path(path).expanduser()
        if not path.exists():
            raise ModelError(f"{path} does not exist.")
        if model_id is not None:
            self._check_new_id(model_id, replace)
        try:
            self._clean_stale()
            staging = Path(tempfile.mkdtemp(prefix="install-", dir=self.tmp_dir))
        except OSError as err:
            raise ModelError(f"Cannot install into the model folder: {_os_reason(err)}") from err
        try:
            src = staging / "src"
            if path.is_dir():
                yield from self._copy_tree(path, src, cancel)
            elif zipfile.is_zipfile(path):
                yield from self._extract_zip(path, src, cancel)
            else:
                raise ModelError(f"{path.name} is neither a model folder nor a zip archive (.zip, .argosmodel).")
            cancel.raise_if_cancelled()
            spec = formats.detect_package(src)
            yield Progress(0, 0, "Converting the model" if spec.format == "opus-mt" else "Preparing the model")
            out = staging / "model"
            manifest = formats.build_installed(spec, out, source_lang, target_lang)
            model_id = model_id or _derive_id(spec, manifest, path)
            self._check_new_id(model_id, replace)
            manifest.update(
                id=model_id,
                installed_from=str(path),
                installed_at=time.strftime("%Y-%m-%dT%H:%M:%S"),
                size_bytes=_du(out),
            )
            formats.write_manifest(out, manifest)
            cancel.raise_if_cancelled()
            yield Progress(0, 0, "Checking the model")
            checks.validate_installed(out, manifest, load=self.check_load)
            cancel.raise_if_cancelled()
            self._move_into_place(out, model_id, replace, staging)
            log.info("installed model %s from %s", model_id, path)
            return self.get(model_id)
        except OSError as err:  # unreadable package file, full disk, read-only store…
            raise ModelError(f"Could not install {path.name}: {_os_reason(err)}") from err
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    def remove(self, model_id: str) -> None:
        info = self.get(model_id)
        try:
            trash = Path(tempfile.mkdtemp(prefix="remove-", dir=self.tmp_dir))
            os.rename(info.path, trash / model_id)  # atomic: the model disappears from list() at once
        except OSError as err:
            raise ModelError(f"Could not remove {model_id}: {_os_reason(err)}") from err
        shutil.rmtree(trash, ignore_errors=True)
        log.info("removed model %s", model_id)

    def _check_new_id(self, model_id: str, replace: bool) -> None:
        if not _ID.match(model_id):
            raise ModelError(f"{model_id!r} is not a valid model id (lower-case letters, digits, '.', '-', '_').")
        if (self.root / model_id).exists() and not replace:
            raise ModelError(
                f"A model called {model_id} is already installed. Remove it first "
                f"('desk models remove {model_id}') or install with --replace."
            )

    def _move_into_place(self, out: Path, model_id: str, replace: bool, staging: Path) -> None:
        final = self.root / model_id
        old = staging / "old"
        if final.exists() and replace:
            os.rename(final, old)
        try:
            os.rename(out, final)
        except OSError as err:
            if old.exists() and not final.exists():
                os.rename(old, final)
            raise ModelError(f"Could not install {model_id}: {_os_reason(err)}") from err

    def _clean_stale(self) -> None:
        """Staging folders left by a crashed install (older than a day) are removed."""
        now = time.time()
        for folder in self.tmp_dir.glob("install-*"):
            try:
                if now - folder.stat().st_mtime > _STALE_SECONDS:
                    shutil.rmtree(folder, ignore_errors=True)
            except OSError:
                pass

    # --- safe materialisation ---------------------------------------------------------------------

    def _check_totals(self, entries: int, total: int, what: str) -> None:
        if entries > self.limits.max_entries:
            raise ModelError(f"{what} has {entries} files, more than a model package can have ({self.limits.max_entries}).")
        if total > self.limits.max_total_bytes:
            raise ModelError(
                f"{what} would unpack to {_human(total)}, more than the limit of {_human(self.limits.max_total_bytes)}."
            )
        free = shutil.disk_usage(self.root).free
        if total * 2 > free:  # the package, plus room for a converted copy
            raise ModelError(f"Not enough disk space: {what} needs about {_human(total * 2)}, {_human(free)} is free.")

    def _extract_zip(self, archive: Path, dest: Path, cancel: CancelToken) -> Job[None]:
        try:
            zf = zipfile.ZipFile(archive)
        except (zipfile.BadZipFile, OSError) as err:
            raise ModelError(f"{archive.name} is not a readable zip archive: {err}") from err
        with zf:
            infos = zf.infolist()
            members = [(info, _safe_member(info, archive.name, self.limits.max_ratio)) for info in infos]
            total = sum(info.file_size for info in infos)
            self._check_totals(len(infos), total, archive.name)
            dest.mkdir(parents=True)
            done = 0
            for info, parts in members:
                if not parts:
                    continue
                target = dest.joinpath(*parts)
                if info.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                try:
                    with zf.open(info) as src, open(target, "xb") as out:
                        written = 0
                        while chunk := src.read(_CHUNK):
                            written += len(chunk)
                            if written > info.file_size:  # never trust the header
                                raise ModelError(f"{archive.name}: {info.filename} is larger than it claims.")
                            out.write(chunk)
                            cancel.raise_if_cancelled()
                except FileExistsError as err:
                    raise ModelError(f"{archive.name} contains {info.filename} twice.") from err
                except DeskError:
                    raise
                except Exception as err:  # BadZipFile (CRC), zlib.error, EOFError from a corrupt stream
                    raise ModelError(f"{archive.name} is damaged ({info.filename}: {err}).") from err
                done += info.file_size
                yield Progress(done, total, f"Unpacking {archive.name}")

    def _copy_tree(self, folder: Path, dest: Path, cancel: CancelToken) -> Job[None]:
        files: list[Path] = []
        for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
            for name in dirnames + filenames:
                item = Path(dirpath) / name
                if item.is_symlink():
                    raise ModelError(
                        f"{item.relative_to(folder)} in {folder.name} is a symbolic link; Desk does not follow links "
                        "in model folders. Copy the folder with real files (for example cp -rL) and install the copy."
                    )
                if name in filenames:
                    if not stat.S_ISREG(item.lstat().st_mode):
                        raise ModelError(f"{item.relative_to(folder)} in {folder.name} is not a regular file.")
                    files.append(item)
            if len(files) > self.limits.max_entries:
                break
        total = sum(f.stat().st_size for f in files)
        self._check_totals(len(files), total, folder.name)
        dest.mkdir(parents=True)
        done = 0
        for item in files:
            target = dest / item.relative_to(folder)
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(item, "rb") as src, open(target, "xb") as out:
                while chunk := src.read(_CHUNK):
                    out.write(chunk)
                    done += len(chunk)
                    cancel.raise_if_cancelled()
            yield Progress(done, total, f"Copying {folder.name}")


def _safe_member(info: zipfile.ZipInfo, archive: str, max_ratio: float) -> tuple[str, ...]:
    """The path parts of a zip entry, or ModelError if the entry is hostile."""
    name = info.filename.replace("\\", "/")
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise ModelError(f"{archive} contains a symbolic link ({info.filename}); Desk refuses such packages.")
    if "\0" in name or name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        raise ModelError(f"{archive} contains an absolute path ({info.filename!r}); Desk refuses such packages.")
    parts = PurePosixPath(name).parts
    if ".." in parts:
        raise ModelError(f"{archive} contains a path escaping its folder ({info.filename!r}); Desk refuses such packages.")
    if info.flag_bits & 0x1:
        raise ModelError(f"{archive} is encrypted.")
    if info.file_size > (1 << 20) and info.file_size > max_ratio * max(1, info.compress_size):
        raise ModelError(f"{archive} looks like a zip bomb ({info.filename} is compressed more than {max_ratio:.0f}:1).")
    return tuple(p for p in parts if p not in {"", "."})


def _derive_id(spec: formats.PackageSpec, manifest: dict, origin: Path) -> str:
    def side(langs: list[str]) -> str:
        return langs[0] if len(langs) == 1 else "mul"

    pair = f"{side(manifest['source_langs'])}-{side(manifest['target_langs'])}"
    if manifest["format"] == "argos":
        return _slug(f"argos-{pair}-{spec.version}" if spec.version else f"argos-{pair}")
    if manifest["format"] == "opus-mt":
        return f"opus-mt-{pair}"
    stem = spec.name or (spec.root.name if spec.root.name != "src" else origin.stem)
    return _slug(stem) or f"{'nllb' if manifest['format'] == 'nllb' else 'ct2'}-{pair}"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9._]+", "-", text.lower()).strip("-._")[:96]


def _norm(code: str) -> str:
    try:
        return normalize_lang(code)
    except ValueError as err:
        raise ModelError(f"{code!r} is not a language code (use ar, en, ...).") from err


def _os_reason(err: OSError) -> str:
    """"Permission denied (/path)" rather than "[Errno 13] Permission denied: '/path'"."""
    reason = err.strerror or str(err)
    return f"{reason} ({err.filename})" if err.filename else reason


def _du(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def _human(size: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"
