"""The user-started model download: refuse early, size and space first, fetch, verify, install, record.

This (with ``desk.core.mt.fetch``) is the only code in Desk that opens network connections, and only
when the user asks for a download. In order, before the first byte of a model arrives:

1. the catalog id is checked as a safe folder name, a licence that must be accepted (non-commercial)
   is refused unless accepted, and a model already installed under that id is refused (unless
   replacing) — nothing is written or fetched before these;
2. the size comes from the catalog, else from the server (HEAD), and is reported; the free disk
   space must hold the download, its unpacking and a margin;
3. each file streams into ``<store>/.tmp/downloads/`` (resumable, capped by the declared size, stopped
   when the disk gets nearly full; see ``fetch``), its sha256 is checked against the catalog or, when
   the catalog has none, computed;
4. the store installs it (a folder of one archive plus its SentencePiece model, as NLLB is published,
   installs as the archive with that file beside ``model.bin``); the model's record
   (``desk.core.mt.record``) keeps the catalog id, the published scores, the licence acceptance, the
   download's addresses and sha256, and the sha256 of every installed file (``desk.core.mt.integrity``,
   re-checked by ``desk models verify``).

Partial downloads abandoned for more than three days are removed when the next download starts.
"""
from __future__ import annotations

import logging
import shutil
import time
import urllib.parse
from dataclasses import asdict, dataclass
from pathlib import Path, PurePosixPath

from desk.core.errors import DownloadError, LicenceNotAcceptedError
from desk.core.jobs import CancelToken, Job, Progress
from desk.core.mt import fetch, integrity
from desk.core.mt.catalog import CatalogEntry, check_model_id
from desk.core.mt.info import ModelInfo
from desk.core.mt.store import ModelStore
from desk.core.sizes import human_size

log = logging.getLogger(__name__)

ABANDONED_SECONDS = 3 * 24 * 3600
UNKNOWN_SIZE_CAP = 4 << 30  # a download whose size nobody declares stops here (NLLB 1.3B int8 is ~1.4 GB)


@dataclass
class _Item:
    url: str
    dest: Path
    sha256: str | None
    size: int | None  # declared by the catalog or the server


def licence_notice(entry: CatalogEntry) -> str:
    """What a person must read and accept before downloading ``entry``; empty when nothing is needed."""
    if not entry.noncommercial:
        return ""
    where = f" Read it at {entry.license_url}." if entry.license_url else ""
    return (f"{entry.name} is published under {entry.license}: it may be used for non-commercial purposes "
            f"only. Download it only if your use is non-commercial.{where}")


def download_job(
    entry: CatalogEntry,
    store: ModelStore,
    *,
    cancel: CancelToken | None = None,
    url_override: str | None = None,
    replace: bool = False,
    accept_licence: bool = False,
) -> Job[ModelInfo]:
    """Download ``entry`` (from ``url_override`` if given), verify it, install it as ``entry.id`` and record it."""
    cancel = cancel or CancelToken()
    check_model_id(entry.id)
    if entry.noncommercial and not accept_licence:
        raise LicenceNotAcceptedError(licence_notice(entry) + " Desk downloads it once you accept the licence.")
    store.check_can_install(entry.id, replace)
    downloads = store.tmp_dir / "downloads"
    downloads.mkdir(exist_ok=True)
    clean_abandoned(downloads, keep=entry.id)

    items, target = _plan(entry, downloads, url_override)
    hashes: dict[str, str] = {}
    sizes: dict[str, int] = {}
    try:
        if any(i.size is None for i in items):
            yield Progress(0, 0, f"Asking the server for the size of {entry.name}")
        for item in items:
            if item.size is None and not item.dest.exists():
                item.size = fetch.remote_size(item.url)
        total = sum(i.size for i in items if i.size) if all(i.size for i in items) else None
        _check_space(entry, items, downloads)
        yield Progress(0, total or 0, f"{entry.name}: {human_size(total) if total else 'size unknown'} to download",
                       payload={"size": total})
        for item in items:
            label = entry.name if len(items) == 1 else f"{entry.name}: {item.dest.name}"
            if item.dest.is_file():  # finished (and verified) by an earlier, interrupted run
                hashes[item.dest.name] = fetch.sha256_file(item.dest, cancel)
                continue
            cap = int(item.size * 1.05) + (1 << 20) if item.size else _unknown_cap(downloads)
            hashes[item.dest.name] = yield from fetch.fetch(item.url, item.dest, item.sha256, cancel, label, cap)
        sizes = {i.dest.name: i.dest.stat().st_size for i in items}
    except BaseException:
        if target.is_dir() and not any(target.rglob("*.part")):  # nothing left to resume
            shutil.rmtree(target, ignore_errors=True)
        raise
    multi = entry.source_lang == "multi"
    try:
        info = yield from store.install_job(  # a folder of one archive + SentencePiece files installs as NLLB's
            target, None if multi else entry.source_lang, None if multi else entry.target_lang,
            cancel=cancel, model_id=entry.id, replace=replace,
        )
    finally:  # verified download: installed now, or refused by the store; keep nothing either way
        if target.is_dir():
            shutil.rmtree(target, ignore_errors=True)
        else:
            target.unlink(missing_ok=True)
    if len(items) == 1:
        store.record_sha256(info.id, hashes[items[0].dest.name])
    record = {
        "catalog_id": entry.id, "version": entry.version or store.manifest(info.id).version,
        "license": entry.license, "license_accepted": bool(entry.noncommercial and accept_licence),
        "published_scores": [asdict(s) for s in entry.scores], "speed_class": entry.speed_class,
        "download": [{"name": i.dest.name, "url": i.url, "size": sizes[i.dest.name],
                      "sha256": hashes[i.dest.name], "verified": bool(i.sha256)} for i in items],
        "downloaded_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
    }
    return (yield from integrity.record_job(store, info.id, cancel, **record))


def _plan(entry: CatalogEntry, downloads: Path, url_override: str | None) -> tuple[list[_Item], Path]:
    """The files to fetch and where: one archive, or a folder ``downloads/<id>/`` file by file."""
    if entry.files and not url_override:
        target = downloads / entry.id
        target.mkdir(exist_ok=True)
        return [_Item(f.url, target / f.path, f.sha256, f.size) for f in entry.files], target
    url = url_override or entry.url
    fetch.check_scheme(url)
    suffix = "".join(PurePosixPath(urllib.parse.urlparse(url).path).suffixes[-1:]) or ".zip"
    if not suffix[1:].isalnum():
        suffix = ".zip"
    target = downloads / f"{entry.id}{suffix}"
    return [_Item(url, target, entry.sha256, entry.size)], target


def _check_space(entry: CatalogEntry, items: list[_Item], downloads: Path) -> None:
    """Refuse before the first byte when the disk cannot hold the download, its unpacking and a margin
    (with the sizes that are known when some are not: then the need is "at least")."""
    total = sum(i.size or 0 for i in items)
    if not total:
        return
    have = sum(i.dest.with_name(i.dest.name + ".part").stat().st_size
               for i in items if i.dest.with_name(i.dest.name + ".part").exists())
    needed = (total - have) + 2 * total + fetch.MIN_FREE_BYTES  # the download, unpacked + converted, a margin
    free = fetch.free_bytes(downloads)
    if free < needed:
        at_least = "" if all(i.size for i in items) else "at least "
        raise DownloadError(
            f"Not enough disk space to download {entry.name}: it is {at_least}{human_size(total)}, and with "
            f"unpacking and a safety margin it needs about {at_least}{human_size(needed)}; {human_size(free)} "
            "is free. Free some space and try again."
        )


def _unknown_cap(downloads: Path) -> int:
    return max(0, min(UNKNOWN_SIZE_CAP, fetch.free_bytes(downloads) - fetch.MIN_FREE_BYTES))


def clean_abandoned(downloads: Path, keep: str = "", max_age: float = ABANDONED_SECONDS) -> list[str]:
    """Remove partial downloads nobody resumed for ``max_age`` seconds (except those of ``keep``)."""
    removed = []
    now = time.time()
    for path in downloads.iterdir():
        if keep and (path.name == keep or path.name.startswith(f"{keep}.")):
            continue
        try:
            if now - path.stat().st_mtime <= max_age:
                continue
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            removed.append(path.name)
        except OSError as err:
            log.warning("could not remove the abandoned download %s: %s", path, err)
    if removed:
        log.info("removed abandoned partial downloads: %s", ", ".join(removed))
    return removed
