"""HTTP for the user-started model download: sizes before the first byte, one file into ``.part``, resumed.

``remote_size`` asks the server (HEAD) what a file weighs. ``fetch`` streams a file into
``<dest>.part``, resuming with an HTTP ``Range`` request when a ``.part`` is left from an interrupted
run (and the server supports ranges), cuts the body off past ``max_bytes`` or when the disk gets
nearly full, verifies the sha256 when one is expected and returns the computed one. On cancel or
error the ``.part`` is kept only when the server can resume it. Redirects may go from http to https
but never leave https once there, and never go to another scheme (``ftp:``, ``file:``).
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
from pathlib import Path
from typing import IO

from desk import __version__
from desk.core.durable import atomic_write
from desk.core.errors import Cancelled, DeskError, DownloadError
from desk.core.jobs import CancelToken, Job, Progress
from desk.core.sizes import human_size

log = logging.getLogger(__name__)

_CHUNK = 1 << 16
_TIMEOUT = 30.0
_SPACE_CHECK_EVERY = 8 << 20  # bytes written between two free-space checks
MIN_FREE_BYTES = 256 << 20  # a download stops before the disk has less than this left


class _SchemeGuard(urllib.request.HTTPRedirectHandler):
    """Follows redirects only within http/https, and never from https down to http."""

    def http_error_302(
        self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: http.client.HTTPMessage
    ) -> http.client.HTTPResponse | None:
        newurl = headers.get("location") or headers.get("uri") or ""
        old = urllib.parse.urlparse(req.full_url).scheme
        new = urllib.parse.urlparse(urllib.parse.urljoin(req.full_url, newurl)).scheme
        if new not in {"http", "https"}:
            raise DownloadError(
                f"The server sent the download of {req.full_url} on to a {new or 'strange'}: address ({newurl}); "
                "Desk only downloads over http and https, so it stopped."
            )
        if old == "https" and new != "https":
            raise DownloadError(
                f"The server sent the download of {req.full_url} from a secure (https) address on to an insecure "
                f"one ({newurl}); Desk never leaves https once there, so it stopped."
            )
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


_opener = urllib.request.build_opener(_SchemeGuard())


def check_scheme(url: str) -> None:
    if urllib.parse.urlparse(url).scheme not in {"http", "https"}:
        raise DownloadError(f"Cannot download {url}: only http and https addresses are supported.")


def free_bytes(folder: Path) -> int:
    return shutil.disk_usage(folder).free


def remote_size(url: str) -> int | None:
    """What the server says ``url`` weighs (HEAD, redirects followed), or None if it does not say."""
    check_scheme(url)
    request = urllib.request.Request(url, method="HEAD", headers=_headers())
    try:
        with _opener.open(request, timeout=_TIMEOUT) as resp:
            length = resp.headers.get("Content-Length", "")
            return int(length) if length.isdigit() else None
    except urllib.error.HTTPError as err:
        if err.code == 404:
            raise DownloadError(f"The model is not at {url} any more (HTTP 404 not found).") from err
        return None  # some servers refuse HEAD; the size then comes with the download itself
    except urllib.error.URLError as err:
        raise DownloadError(f"Cannot download {url}: {_reason(err.reason)}.") from err
    except (OSError, http.client.HTTPException) as err:
        raise DownloadError(f"Cannot download {url}: {_reason(err)}.") from err


def fetch(
    url: str, dest: Path, expected_sha: str | None, cancel: CancelToken, label: str, max_bytes: int,
    min_free: int = MIN_FREE_BYTES,
) -> Job[str]:
    """Download ``url`` to ``dest`` via ``dest.part`` (resuming it if possible); returns the sha256."""
    check_scheme(url)
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
        done, total, resumable = yield from _stream(
            resp, part, state_file, offset, url, cancel, label, max_bytes, min_free
        )
    yield Progress(done, total or done, f"Downloading {label}")

    yield Progress(0, 0, f"Verifying {label}")
    try:
        digest = sha256_file(part, cancel)
    except Cancelled:
        _discard_unless(resumable, part, state_file)
        raise
    if expected_sha and digest != expected_sha.lower():
        _discard_unless(False, part, state_file)
        raise DownloadError(
            f"The download of {label} is corrupt or not the expected file: sha256 {digest}, expected {expected_sha}. "
            "It was deleted; try again later or from another address."
        )
    verdict = "verified" if expected_sha else "not in the catalog, so not verified; recorded with the model"
    log.info("%s: sha256 %s (%s)", label, digest, verdict)
    yield Progress(done, total or done, f"sha256 {digest} ({verdict})",
                   payload={"sha256": digest, "verified": bool(expected_sha)})
    part.replace(dest)
    state_file.unlink(missing_ok=True)
    return digest


def _stream(
    resp: http.client.HTTPResponse, part: Path, state_file: Path, offset: int, url: str, cancel: CancelToken,
    label: str, max_bytes: int, min_free: int,
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
        done, last, next_check = offset, 0.0, 0
        try:
            with open(part, "ab" if offset else "wb") as out:
                while True:
                    cancel.raise_if_cancelled()
                    if done >= next_check:
                        _check_room(part.parent, min_free, label)
                        next_check = done + _SPACE_CHECK_EVERY
                    chunk = resp.read(_CHUNK)
                    if not chunk:
                        break
                    done += len(chunk)
                    if done > max_bytes:
                        raise _Stop(_too_large(label, url, done, max_bytes))
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
        except _Stop as err:
            _discard_unless(False, part, state_file)
            raise DownloadError(str(err)) from None
        except (OSError, http.client.HTTPException) as err:
            _discard_unless(resumable, part, state_file)
            again = "Run the download again to resume it." if resumable else "Run the download again."
            raise DownloadError(
                f"The download of {label} was interrupted after {done:,} bytes ({_reason(err)}). {again}"
            ) from err
    return done, total, resumable


class _Stop(Exception):
    """Internal: the body ran past the allowed size or the disk filled up (turned into a DownloadError)."""


def _check_room(folder: Path, min_free: int, label: str) -> None:
    free = free_bytes(folder)
    if free < min_free:
        raise _Stop(
            f"The download of {label} was stopped: the disk is nearly full ({human_size(free)} free, Desk keeps at "
            f"least {human_size(min_free)}). The partial download was deleted; free some space and try again."
        )


def _too_large(label: str, url: str, size: int, max_bytes: int) -> str:
    return (f"The download of {label} from {url} is larger than expected ({size:,} bytes, at most {max_bytes:,}); "
            "it was stopped and deleted. Check the address.")


def _headers() -> dict[str, str]:
    return {"User-Agent": f"desk/{__version__}", "Accept-Encoding": "identity"}


def _open(url: str, offset: int, state: dict) -> http.client.HTTPResponse | None:
    """The response for ``url`` from ``offset``; None when a 416 says the .part is already whole."""
    headers = _headers()
    if offset:
        headers["Range"] = f"bytes={offset}-"
        if state.get("etag"):
            headers["If-Range"] = state["etag"]
    try:
        return _opener.open(urllib.request.Request(url, headers=headers), timeout=_TIMEOUT)
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
    except DeskError:
        raise
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


def sha256_file(path: Path, cancel: CancelToken | None = None) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
            if cancel is not None:
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
