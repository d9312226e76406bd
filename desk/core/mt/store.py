"""The model store: installed models under ``<data dir>/models/<model id>/``.

Installing is transactional: the package is copied or extracted into a private staging folder
inside the store (``.tmp/install-*``), recognised, converted if needed, validated (including a
real CTranslate2 load), and only then renamed into place. Hostile or broken packages (zip-slip
paths, absolute paths, symlinks, zip bombs, too many entries, missing files, foreign folders)
raise ``ModelError``; the staging folder is removed whatever happens, so nothing is left
half-installed and nothing is ever written outside the store.
"""
from __future__ import annotations

import builtins
import dataclasses
import logging
import os
import re
import shutil
import sys
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from desk.core import paths
from desk.core.errors import AlreadyInstalledError, ModelError, NoModelError
from desk.core.jobs import CancelToken, Job, Progress, run_job
from desk.core.mt import catalog, checks
from desk.core.mt.info import ModelInfo
from desk.core.mt.langcodes import normalize_lang
from desk.core.mt.manifest import (
    Manifest,
    manifest_to_info,
    pair_info,
    read_manifest,
    write_manifest,
)
from desk.core.mt.packages import build, registry
from desk.core.mt.packages.base import MANIFEST, PackageSpec, slug
from desk.core.mt.probe import probe_direction
from desk.core.mt.staging import clean_stale, make_staging
from desk.core.mt.unpack import InstallLimits, copy_tree, extract_zip

log = logging.getLogger(__name__)

_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,95}$")


class ModelStore:
    """Installed translation models. ``root`` defaults to ``desk.core.paths.models_dir()``."""

    def __init__(
        self, root: Path | None = None, limits: InstallLimits | None = None, *, check_load: bool = True
    ) -> None:
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

    def _entries(self) -> Iterator[tuple[ModelInfo, Manifest]]:
        for folder in sorted(self.root.iterdir()):
            if folder.name.startswith(".") or not folder.is_dir():
                continue
            try:
                manifest = read_manifest(folder)
            except ModelError as err:
                log.warning("skipping %s: %s", folder, err)
                continue
            yield manifest_to_info(folder, manifest), manifest

    def list(self) -> list[ModelInfo]:
        return [info for info, _ in self._entries()]

    def _load(self, model_id: str) -> tuple[ModelInfo, Manifest]:
        folder = self.root / model_id
        if not _ID.match(model_id) or not (folder / MANIFEST).is_file():
            known = ", ".join(i.id for i in self.list()) or "none"
            raise ModelError(f"No installed model is called {model_id!r} (installed: {known}).")
        manifest = read_manifest(folder)
        return manifest_to_info(folder, manifest), manifest

    def get(self, model_id: str) -> ModelInfo:
        return self._load(model_id)[0]

    def find(self, source_lang: str, target_lang: str) -> builtins.list[ModelInfo]:
        """Installed models translating ``source_lang`` to ``target_lang``, best first.

        Best = the best published score (``catalog.rank_key``), then a dedicated pair model before a
        multilingual one, then the bigger model.
        Multilingual models come back set up for this direction (prefix tokens filled in).
        """
        src, tgt = _norm(source_lang), _norm(target_lang)
        found = []
        for info, manifest in self._entries():
            if src != tgt and src in manifest.source_langs and tgt in manifest.target_langs:
                rank = catalog.rank_key(info, src, tgt)
                pair = pair_info(info, manifest, src, tgt)
                found.append((rank, manifest.multilingual, -info.size_bytes, info.id, pair))
        return [item[-1] for item in sorted(found, key=lambda item: item[:4])]

    def resolve(self, model_id: str, source_lang: str, target_lang: str) -> ModelInfo:
        """``model_id`` set up for one direction; ModelError if it does not translate that way."""
        info, manifest = self._load(model_id)
        src, tgt = _norm(source_lang), _norm(target_lang)
        if src not in manifest.source_langs or tgt not in manifest.target_langs:
            raise ModelError(f"Model {model_id} does not translate {src} to {tgt}.")
        return pair_info(info, manifest, src, tgt)

    def route(self, source_lang: str, target_lang: str, pivot: str = "en") -> builtins.list[ModelInfo]:
        """Models to chain for a direction: the best direct one, else two through ``pivot``."""
        if direct := self.find(source_lang, target_lang):
            return direct[:1]
        first, second = self.find(source_lang, pivot), self.find(pivot, target_lang)
        if first and second and _norm(pivot) not in {_norm(source_lang), _norm(target_lang)}:
            return [first[0], second[0]]
        raise NoModelError(
            f"No installed model translates {source_lang} to {target_lang}. "
            "Install one from a file you have, or download one from the model catalog."
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
        sentencepiece: Path | None = None,
    ) -> ModelInfo:
        return run_job(self.install_job(
            path, source_lang, target_lang, cancel=cancel, model_id=model_id, replace=replace,
            sentencepiece=sentencepiece,
        ))

    def install_job(
        self,
        path: Path | str,
        source_lang: str | None = None,
        target_lang: str | None = None,
        *,
        cancel: CancelToken | None = None,
        model_id: str | None = None,
        replace: bool = False,
        sentencepiece: Path | None = None,
    ) -> Job[ModelInfo]:
        """Install a package file (zip / .argosmodel) or folder; yields Progress, returns ModelInfo.

        ``sentencepiece``: a SentencePiece model published apart from the model (NLLB's), placed
        beside ``model.bin``. A folder holding one model archive and its SentencePiece file (as a
        download leaves them) installs the same way.
        """
        cancel = cancel or CancelToken()
        path = Path(path).expanduser()
        if not path.exists():
            raise ModelError(f"{path} does not exist.")
        if sentencepiece is not None and not Path(sentencepiece).is_file():
            raise ModelError(f"The SentencePiece model {sentencepiece} does not exist.")
        if model_id is not None:
            self._check_new_id(model_id, replace)
        try:
            self._clean_stale()
            staging = make_staging(self.tmp_dir, "install-")
        except OSError as err:
            raise ModelError(f"Cannot install into the model folder: {_os_reason(err)}") from err
        try:
            src = staging / "src"
            yield from self._materialise(path, src, cancel)
            yield from self._unwrap(src, staging / "inner", cancel)
            if sentencepiece is not None:
                shutil.copyfile(sentencepiece, registry.find_package_root(src) / Path(sentencepiece).name)
            cancel.raise_if_cancelled()
            spec = registry.detect_package(src)
            manifest = build.plan(spec, source_lang, target_lang)
            with self._claim(model_id or self._new_id(spec, manifest, path, replace), replace) as new_id:
                yield Progress(0, 0, spec.format.preparing)
                out = staging / "model"
                build.build(spec, manifest, out)
                manifest.id, manifest.installed_from = new_id, str(path)
                manifest.installed_at, manifest.size_bytes = time.strftime("%Y-%m-%dT%H:%M:%S"), _du(out)
                write_manifest(out, manifest)
                cancel.raise_if_cancelled()
                yield Progress(0, 0, "Checking the model")
                checks.validate_installed(out, manifest, load=self.check_load)
                if self.check_load and (warning := probe_direction(manifest_to_info(out, manifest))):
                    log.warning("model %s: %s", new_id, warning)
                    manifest.warnings = [warning]
                    write_manifest(out, manifest)
                cancel.raise_if_cancelled()
                self._move_into_place(out, new_id, replace, staging)
            log.info("installed model %s from %s", new_id, path)
            return self.get(new_id)
        except OSError as err:  # unreadable package file, full disk, read-only store…
            raise ModelError(f"Could not install {path.name}: {_os_reason(err)}") from err
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    def _materialise(self, path: Path, dest: Path, cancel: CancelToken) -> Job[None]:
        if path.is_dir():
            yield from copy_tree(path, dest, self.limits, self.root, cancel)
        elif zipfile.is_zipfile(path):
            yield from extract_zip(path, dest, self.limits, self.root, cancel)
        else:
            raise ModelError(f"{path.name} is neither a model folder nor a zip archive (.zip, .argosmodel).")

    def _unwrap(self, src: Path, inner: Path, cancel: CancelToken) -> Job[None]:
        """A folder holding one model archive plus SentencePiece files: the archive's content, with them."""
        files = [p for p in src.iterdir() if not p.name.startswith(".")]
        archives = [p for p in files if p.suffix.lower() == ".zip"]
        rest = [p for p in files if p not in archives]
        if len(archives) != 1 or not rest or not all(p.is_file() and p.suffix in {".model", ".spm"} for p in rest):
            return
        yield from extract_zip(archives[0], inner, self.limits, self.root, cancel)
        root = registry.find_package_root(inner)
        for spm in rest:
            shutil.move(str(spm), str(root / spm.name))
        archives[0].unlink()
        shutil.rmtree(src)
        os.rename(inner, src)

    def _new_id(self, spec: PackageSpec, manifest: Manifest, origin: Path, replace: bool) -> str:
        """The format's id for the package; when a different package holds it (another version, a big
        model beside a base one, other weights), the version goes into the id, then a number, so both
        install side by side. The same package (same weights fingerprint) keeps its id: "already installed"."""
        base = spec.format.id_stem(spec, build.pair_slug(manifest), origin)
        candidates = [base]
        if manifest.version:
            candidates.append(slug(f"{base}-{manifest.version}"))
        candidates += [f"{base}-{n}" for n in range(2, 100)]
        for candidate in candidates:
            if replace or not (self.root / candidate).exists():
                return candidate
            try:
                held = read_manifest(self.root / candidate)
            except ModelError:
                continue
            if _same_package(held, manifest):
                return candidate  # the same package: "already installed"
        return base

    @contextmanager
    def _claim(self, model_id: str, replace: bool) -> Iterator[str]:
        """Hold ``model_id`` for this install, so that a second Desk installing it at the same time
        is told so instead of failing later on the half-finished folder."""
        self._check_new_id(model_id, replace)
        lock = self.tmp_dir / f"{model_id}.lock"
        fd = os.open(lock, os.O_CREAT | os.O_RDWR, 0o644)
        try:
            if not _try_lock(fd):
                raise ModelError(
                    f"The model {model_id} is being installed by another Desk process right now; "
                    "wait for it to finish, then look for it among the installed models."
                )
            try:
                self._check_new_id(model_id, replace)  # the other process may have finished meanwhile
                yield model_id
            finally:
                lock.unlink(missing_ok=True)
        finally:
            os.close(fd)

    def remove(self, model_id: str) -> None:
        info = self.get(model_id)
        try:
            trash = make_staging(self.tmp_dir, "remove-")
            os.rename(info.path, trash / model_id)  # atomic: the model disappears from list() at once
        except OSError as err:
            raise ModelError(f"Could not remove {model_id}: {_os_reason(err)}") from err
        shutil.rmtree(trash, ignore_errors=True)
        log.info("removed model %s", model_id)

    def _check_new_id(self, model_id: str, replace: bool) -> None:
        if not _ID.match(model_id):
            raise ModelError(f"{model_id!r} is not a valid model id (lower-case letters, digits, '.', '-', '_').")
        if (self.root / model_id).exists() and not replace:
            raise AlreadyInstalledError(model_id)

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
            if not replace and final.exists():
                raise ModelError(
                    f"The model {model_id} was installed by another Desk process meanwhile; it is ready to use."
                ) from err
            raise ModelError(f"Could not install {model_id}: {_os_reason(err)}") from err

    def _clean_stale(self) -> None:
        """Working folders of stopped Desk processes (or older than a day) are removed."""
        clean_stale(self.tmp_dir)

    # --- records (catalog downloads, checksums) ---------------------------------------------------

    def manifest(self, model_id: str) -> Manifest:
        """The installed model's manifest."""
        return self._load(model_id)[1]

    def record_sha256(self, model_id: str, sha256: str) -> None:
        """Record in the manifest the sha256 of the file the model was downloaded as."""
        info, manifest = self._load(model_id)
        try:
            write_manifest(info.path, dataclasses.replace(manifest, sha256=sha256))
        except OSError as err:
            raise ModelError(f"Could not record details of {model_id}: {_os_reason(err)}") from err

    def check_can_install(self, model_id: str, replace: bool = False) -> None:
        """Refuse, before any work, an id that is invalid or (without ``replace``) already installed."""
        self._check_new_id(model_id, replace)


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


def _try_lock(fd: int) -> bool:
    """Take an exclusive, non-blocking lock on an open file; False when another process holds it."""
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _same_package(held: Manifest, new: Manifest) -> bool:
    """Same weights when both fingerprints are known; else (installed by an older Desk) same release."""
    if held.fingerprint and new.fingerprint:
        return held.fingerprint == new.fingerprint
    return (held.format, held.name, held.version, held.source_langs, held.target_langs) == (
        new.format, new.name, new.version, new.source_langs, new.target_langs
    )
