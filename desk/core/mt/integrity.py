"""Checksums of installed models: recorded when a model is installed, re-checked on demand.

``install_job`` installs through the store and then records the sha256 of every installed file in
the model's record (``desk.core.mt.record``, ``file_sha256``), so ``verify_job`` (``desk models verify``) can later tell
whether a model's files are still the ones that were installed: changed, missing or added files are
reported by name. Downloads record, besides, the sha256 of what came over the network
(``desk.core.mt.download``).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from desk.core.errors import ModelError
from desk.core.jobs import CancelToken, Job, Progress
from desk.core.mt.fetch import sha256_file
from desk.core.mt.info import ModelInfo
from desk.core.mt.packages.base import MANIFEST
from desk.core.mt.record import RECORD, read_record, update_record
from desk.core.mt.store import ModelStore

log = logging.getLogger(__name__)


def _files(folder: Path) -> list[Path]:
    own = {MANIFEST, RECORD}
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.relative_to(folder).as_posix() not in own)


def hash_tree(folder: Path, cancel: CancelToken) -> Job[dict[str, str]]:
    """sha256 of every file under ``folder`` (manifest and record excepted), by path relative to it."""
    files = _files(folder)
    total = sum(f.stat().st_size for f in files)
    hashes: dict[str, str] = {}
    done = 0
    for f in files:
        hashes[f.relative_to(folder).as_posix()] = sha256_file(f, cancel)
        done += f.stat().st_size
        yield Progress(done, total, "Recording checksums")
    return hashes


def record_job(store: ModelStore, model_id: str, cancel: CancelToken | None = None, **fields: object) -> Job[ModelInfo]:
    """Record the installed files' checksums (and ``fields``) in the model's record."""
    cancel = cancel or CancelToken()
    info = store.get(model_id)
    hashes = yield from hash_tree(info.path, cancel)
    update_record(info.path, file_sha256=hashes, **fields)
    return store.get(model_id)


def install_job(
    store: ModelStore, path: Path | str, source_lang: str | None = None, target_lang: str | None = None, *,
    cancel: CancelToken | None = None, model_id: str | None = None, replace: bool = False,
    sentencepiece: Path | None = None,
) -> Job[ModelInfo]:
    """Install a package (file or folder) and record its checksums: what the CLI and the window both run."""
    cancel = cancel or CancelToken()
    info = yield from store.install_job(
        path, source_lang, target_lang, cancel=cancel, model_id=model_id, replace=replace, sentencepiece=sentencepiece
    )
    return (yield from record_job(store, info.id, cancel))


@dataclass
class VerifyReport:
    model_id: str
    checked: int = 0
    changed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    recorded: bool = True  # False: installed before Desk recorded checksums

    @property
    def ok(self) -> bool:
        return self.recorded and not (self.changed or self.missing or self.added)

    def summary(self) -> str:
        if not self.recorded:
            return f"{self.model_id}: no checksums were recorded when it was installed; reinstall it to record them."
        if self.ok:
            return f"{self.model_id}: all {self.checked} files match the checksums recorded at install."
        parts = [f"{label}: {', '.join(names)}" for label, names in
                 (("changed", self.changed), ("missing", self.missing), ("not installed by Desk", self.added)) if names]
        return f"{self.model_id}: DAMAGED ({'; '.join(parts)}). Remove it and install it again."

    def to_json(self) -> dict:
        return {"id": self.model_id, "ok": self.ok, "recorded": self.recorded, "checked": self.checked,
                "changed": self.changed, "missing": self.missing, "added": self.added}


def verify_job(store: ModelStore, model_id: str, cancel: CancelToken | None = None) -> Job[VerifyReport]:
    """Re-hash an installed model's files and compare them with the checksums recorded at install."""
    cancel = cancel or CancelToken()
    info = store.get(model_id)
    recorded = read_record(info.path).get("file_sha256")
    report = VerifyReport(model_id)
    if not isinstance(recorded, dict) or not recorded:
        report.recorded = False
        return report
    present = {f.relative_to(info.path).as_posix(): f for f in _files(info.path)}
    total = sum(f.stat().st_size for f in present.values())
    done = 0
    for name, expected in sorted(recorded.items()):
        path = present.get(name)
        if path is None:
            report.missing.append(name)
            continue
        try:
            digest = sha256_file(path, cancel)
        except OSError as err:
            raise ModelError(f"Could not read {name} of {model_id}: {err.strerror or err}") from err
        report.checked += 1
        if digest != expected:
            report.changed.append(name)
        done += path.stat().st_size
        yield Progress(done, total, f"Checking {model_id}")
    report.added = sorted(set(present) - set(recorded))
    log.info("verify %s: %s", model_id, report.summary())
    return report
