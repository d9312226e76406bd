"""The model catalog (``models/catalog.json``) and the user-started model download.

This is the only module in Desk that opens network connections, and only when the user asks
for a download. A download streams into ``<store>/.tmp/downloads/<name>.part``, yields Progress
in bytes, resumes with an HTTP ``Range`` request when a ``.part`` is left from an interrupted run
(and the server supports ranges; otherwise it starts again), verifies the sha256 when the catalog
has one (and reports the computed hash either way), then installs through the store.
On cancel or error the ``.part`` is kept only when the server can resume it.
"""
from __future__ import annotations

import hashlib
import http.client
import json
import logging
import shutil
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from desk import __version__
from desk.core import paths
from desk.core.durable import atomic_write
from desk.core.errors import Cancelled, DeskError, DownloadError
from desk.core.jobs import CancelToken, Job, Progress
from desk.core.mt.info import ModelInfo
from desk.core.mt.store import ModelStore

log = logging.getLogger(__name__)

_CHUNK = 1 << 16
_TIMEOUT = 30.0


@dataclass
class CatalogFile:
    """One file of a multi-file model (e.g. a CTranslate2 folder published file by file)."""

    path: str
    url: str
    size: int | None = None
    sha256: str | None = None


@dataclass
class CatalogEntry:
    id: str
    name: str
    format: str
    source_lang: str
    target_lang: str
    url: str = ""  # a single archive (.zip, .argosmodel) ...
    files: list[CatalogFile] = field(default_factory=list)  # ... or a folder, file by file
    size: int | None = None
    sha256: str | None = None
    license: str = ""
    homepage: str = ""
    note: str = ""

    def to_json(self) -> dict:
        return {
            "id": self.id, "name": self.name, "format": self.format,
            "source_lang": self.source_lang, "target_lang": self.target_lang,
            "url": self.url, "files": [f.__dict__ for f in self.files], "size": self.size,
            "sha256": self.sha256, "license": self.license, "homepage": self.homepage, "note": self.note,
        }


def load_catalog(path: Path | None = None) -> list[CatalogEntry]:
    """The known downloadable models; DeskError if the catalog file is unreadable or malformed."""
    path = path or paths.catalog_path()
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        entries = []
        for raw in data["models"]:
            files = [CatalogFile(**f) for f in raw.get("files", [])]
            known = {k: v for k, v in raw.items() if k in CatalogEntry.__dataclass_fields__ and k != "files"}
            entry = CatalogEntry(files=files, **known)
            if not entry.url and not entry.files:
                raise ValueError(f"entry {entry.id} has neither url nor files")
            for f in entry.files:
                if PurePosixPath(f.path).is_absolute() or ".." in PurePosixPath(f.path).parts:
                    raise ValueError(f"entry {entry.id}: bad file path {f.path!r}")
            entries.append(entry)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, ValueError) as err:
        raise DeskError(f"The model catalog {path} is broken: {err}") from err
    return entries


def catalog_entry(model_id: str, path: Path | None = None) -> CatalogEntry:
    entries = load_catalog(path)
    for entry in entries:
        if entry.id == model_id:
            return entry
    raise DownloadError(f"{model_id!r} is not in the model catalog (known: {', '.join(e.id for e in entries)}).")


def download_job(
    entry: CatalogEntry,
    store: ModelStore,
    *,
    cancel: CancelToken | None = None,
    url_override: str | None = None,
    replace: bool = False,
) -> Job[ModelInfo]:
    """Download ``entry`` (from ``url_override`` if given), verify it and install it as ``entry.id``."""
    cancel = cancel or CancelToken()
    downloads = store.tmp_dir / "downloads"
    downloads.mkdir(exist_ok=True)
    if entry.files and not url_override:
        target = downloads / entry.id
        target.mkdir(exist_ok=True)
        try:
            for f in entry.files:
                if (target / f.path).is_file():  # finished (and verified) by an earlier, interrupted run
                    continue
                yield from _fetch(f.url, target / f.path, f.sha256, cancel, f"{entry.name}: {f.path}",
                                  _max_bytes(f.size, store))
        except (DeskError, OSError):
            if not any(target.rglob("*.part")):  # nothing left to resume: clean up the whole folder
                shutil.rmtree(target, ignore_errors=True)
            raise
    else:
        url = url_override or entry.url
        suffix = "".join(PurePosixPath(urllib.parse.urlparse(url).path).suffixes[-1:]) or ".zip"
        target = downloads / f"{entry.id}{suffix}"
        yield from _fetch(url, target, entry.sha256, cancel, entry.name, _max_bytes(entry.size, store))
    try:
        return (yield from store.install_job(
            target, entry.source_lang, entry.target_lang, cancel=cancel, model_id=entry.id, replace=replace
        ))
    finally:  # verified download: installed now, or refused by the store; keep nothing either way
        if target.is_dir():
            shutil.rmtree(target, ignore_errors=True)
        else:
            target.unlink(missing_ok=True)


def _max_bytes(size: int | None, store: ModelStore) -> int:
    """The most a download may bring: the catalog's size with a little slack, else the store's limit."""
    return int(size * 1.05) + (1 << 20) if size else store.limits.max_total_bytes


def _fetch(url: str, dest: Path, expected_sha: str | None, cancel: CancelToken, label: str, max_bytes: int) -> Job[str]:
    """Download ``url`` to ``dest`` via ``dest.part`` (resuming it if possible); returns the sha256.

    A server sending more than ``max_bytes`` (a wrong address, a hostile server) is cut off."""
    scheme = urllib.parse.urlparse(url).scheme
    if scheme not in {"http", "https"}:
        raise DownloadError(f"Cannot download {url}: only http and https addresses are supported.")
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(dest.name + ".part")
    state_file = dest.with_name(dest.name + ".part.json")
    state = _read_state(state_file)
    if part.exists() and state.get("url") != url:
        part.unlink()  # a leftover from another address: start again
    offset = part.stat().st_size if part.exists() else 0

    resp = _open(url, offset, state)
    resumable = bool(state.get("resumable"))
    done = total = offset
    if resp is not None:  # None: the .part is already complete
        done, total, resumable = yield from _stream(resp, part, state_file, offset, url, cancel, label, max_bytes)
    yield Progress(done, total or done, f"Downloading {label}")

    yield Progress(0, 0, f"Verifying {label}")
    try:
        digest = _sha256(part, cancel)
    except Cancelled:
        _discard_unless(resumable, part, state_file)
        raise
    if expected_sha and digest != expected_sha.lower():
        _discard_unless(False, part, state_file)
        raise DownloadError(
            f"The download of {label} is corrupt or not the expected file: sha256 {digest}, expected {expected_sha}. "
            "It was deleted; try again later or from another address."
        )
    verdict = "verified" if expected_sha else "not in the catalog, so not verified"
    log.info("%s: sha256 %s (%s)", label, digest, verdict)
    yield Progress(done, total or done, f"sha256 {digest} ({verdict})", payload={"sha256": digest, "verified": bool(expected_sha)})
    part.replace(dest)
    state_file.unlink(missing_ok=True)
    return digest


def _stream(
    resp: http.client.HTTPResponse, part: Path, state_file: Path, offset: int, url: str, cancel: CancelToken, label: str,
    max_bytes: int,
) -> Job[tuple[int, int, bool]]:
    """Write the response body to ``part`` (appending after ``offset`` on a 206); (done, total, resumable)."""
    with resp:
        if not (offset and resp.status == 206 and _range_start(resp) == offset):
            offset = 0  # no range support, or the file changed: start again
        resumable = resp.status == 206 or resp.headers.get("Accept-Ranges", "").lower() == "bytes"
        length = resp.headers.get("Content-Length")
        total = offset + int(length) if length and length.isdigit() else 0
        if total > max_bytes:
            _discard_unless(False, part, state_file)
            raise DownloadError(_too_large(label, url, total, max_bytes))
        _write_state(state_file, {"url": url, "etag": resp.headers.get("ETag"), "resumable": resumable})
        done, last = offset, 0.0
        try:
            with open(part, "ab" if offset else "wb") as out:
                while True:
                    cancel.raise_if_cancelled()
                    chunk = resp.read(_CHUNK)
                    if not chunk:
                        break
                    done += len(chunk)
                    if done > max_bytes:
                        raise _Oversized(_too_large(label, url, done, max_bytes))
                    out.write(chunk)
                    now = time.monotonic()
                    if now - last > 0.1:
                        last = now
                        yield Progress(done, total, f"Downloading {label}")
            if total and done < total:
                raise http.client.IncompleteRead(b"", total - done)
        except Cancelled:
            _discard_unless(resumable, part, state_file)
            raise
        except _Oversized as err:
            _discard_unless(False, part, state_file)
            raise DownloadError(str(err)) from None
        except (OSError, http.client.HTTPException) as err:
            _discard_unless(resumable, part, state_file)
            again = "Run the download again to resume it." if resumable else "Run the download again."
            raise DownloadError(
                f"The download of {label} was interrupted after {done} bytes ({_reason(err)}). {again}"
            ) from err
    return done, total, resumable


class _Oversized(Exception):
    """Internal: the body ran past the allowed size (turned into a DownloadError)."""


def _too_large(label: str, url: str, size: int, max_bytes: int) -> str:
    return (f"The download of {label} from {url} is larger than expected ({size:,} bytes, at most {max_bytes:,}); "
            "it was stopped and deleted. Check the address.")


def _open(url: str, offset: int, state: dict) -> http.client.HTTPResponse | None:
    """The response for ``url`` from ``offset``; None when a 416 says the .part is already whole."""
    headers = {"User-Agent": f"desk/{__version__}", "Accept-Encoding": "identity"}
    if offset:
        headers["Range"] = f"bytes={offset}-"
        if state.get("etag"):
            headers["If-Range"] = state["etag"]
    try:
        return urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=_TIMEOUT)
    except urllib.error.HTTPError as err:
        if err.code == 416 and offset:
            if err.headers.get("Content-Range", "").strip() == f"bytes */{offset}":
                return None
            return _open(url, 0, {})  # the .part is not a prefix of this file any more: start again
        if err.code == 404:
            raise DownloadError(f"The model is not at {url} any more (HTTP 404 not found).") from err
        raise DownloadError(f"The server refused the download of {url} (HTTP {err.code} {err.reason}).") from err
    except urllib.error.URLError as err:
        raise DownloadError(f"Cannot download {url}: {_reason(err.reason)}.") from err
    except (OSError, http.client.HTTPException) as err:
        raise DownloadError(f"Cannot download {url}: {_reason(err)}.") from err


def _reason(err: object) -> str:
    if isinstance(err, socket.gaierror):
        return "no network connection (the server name cannot be resolved)"
    if isinstance(err, ConnectionRefusedError):
        return "connection refused; check the network connection and the address"
    if isinstance(err, (TimeoutError, socket.timeout)):
        return "the server did not answer in time"
    if isinstance(err, OSError) and err.errno in {101, 113, 10051, 10065}:  # network / host unreachable
        return "no network connection"
    if isinstance(err, http.client.IncompleteRead):
        return "the connection closed early"
    if isinstance(err, ConnectionResetError):
        return "the connection was reset"
    return str(err) or type(err).__name__


def _range_start(resp: http.client.HTTPResponse) -> int:
    value = resp.headers.get("Content-Range", "")  # "bytes 100-999/1000"
    try:
        return int(value.split()[1].split("-")[0])
    except (IndexError, ValueError):
        return -1


def _sha256(path: Path, cancel: CancelToken) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
            cancel.raise_if_cancelled()
    return digest.hexdigest()


def _read_state(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _write_state(path: Path, state: dict) -> None:
    atomic_write(path, json.dumps(state).encode("utf-8"))  # a crash never leaves a torn state file


def _discard_unless(keep: bool, part: Path, state_file: Path) -> None:
    if not keep:
        part.unlink(missing_ok=True)
        state_file.unlink(missing_ok=True)
