"""One file over HTTP(S): redirects never leave https nor go to another scheme; the disk never fills up."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desk.core.errors import DownloadError
from desk.core.jobs import CancelToken, run_job
from desk.core.mt import fetch
from tests.core.mt.servers import Server


def get(url: str, dest: Path, max_bytes: int = 1 << 20) -> str:
    return run_job(fetch.fetch(url, dest, None, CancelToken(), "test file", max_bytes))


def test_http_redirect_to_another_scheme_is_refused(server: Server, tmp_path: Path) -> None:
    server.redirects["model.zip"] = "ftp://127.0.0.1/model.zip"
    with pytest.raises(DownloadError, match="on to a ftp: address .* only downloads over http and https"):
        get(server.url("model.zip"), tmp_path / "model.zip")
    server.redirects["file.zip"] = "file:///etc/passwd"
    with pytest.raises(DownloadError, match="on to a file: address"):
        get(server.url("file.zip"), tmp_path / "file.zip")
    assert list(tmp_path.iterdir()) == []


def test_https_redirect_down_to_http_is_refused(https_server: Server, server: Server, tmp_path: Path) -> None:
    server.files["model.zip"] = b"plain http body"
    https_server.files["same.zip"] = b"secure body"
    https_server.redirects["model.zip"] = server.url("model.zip")
    https_server.redirects["moved.zip"] = https_server.url("same.zip")
    with pytest.raises(DownloadError, match=r"secure \(https\) address on to an insecure one"):
        get(https_server.url("model.zip"), tmp_path / "model.zip")
    assert server.requests == []  # the insecure address was never contacted
    with pytest.raises(DownloadError, match="insecure"):
        fetch.remote_size(https_server.url("model.zip"))
    # https -> https is fine, and so is http -> https.
    get(https_server.url("moved.zip"), tmp_path / "moved.zip")
    assert (tmp_path / "moved.zip").read_bytes() == b"secure body"
    server.redirects["up.zip"] = https_server.url("same.zip")
    get(server.url("up.zip"), tmp_path / "up.zip")
    assert (tmp_path / "up.zip").read_bytes() == b"secure body"


def test_endless_body_stops_when_the_disk_gets_nearly_full(
    server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No size anywhere, a body that never ends: stopped by the free-space check, .part deleted."""
    server.endless.add("endless.zip")
    dest = tmp_path / "endless.zip"
    part = tmp_path / "endless.zip.part"
    budget = fetch.MIN_FREE_BYTES + (24 << 20)  # the disk "has" 24 MB above the floor
    real = shutil.disk_usage
    monkeypatch.setattr(shutil, "disk_usage", lambda p: real(p)._replace(
        free=budget - (part.stat().st_size if part.exists() else 0)))
    with pytest.raises(DownloadError, match="disk is nearly full .* partial download was deleted"):
        get(server.url("endless.zip"), dest, max_bytes=1 << 40)
    assert list(tmp_path.iterdir()) == []


def test_endless_body_is_cut_at_the_cap(server: Server, tmp_path: Path) -> None:
    server.endless.add("endless.zip")
    with pytest.raises(DownloadError, match="larger than expected"):
        get(server.url("endless.zip"), tmp_path / "endless.zip", max_bytes=3 << 20)
    assert list(tmp_path.iterdir()) == []


def test_remote_size(server: Server) -> None:
    server.files["x.bin"] = bytes(12345)
    assert fetch.remote_size(server.url("x.bin")) == 12345
    with pytest.raises(DownloadError, match="404"):
        fetch.remote_size(server.url("missing.bin"))
    server.endless.add("streamed.bin")  # no Content-Length
    assert fetch.remote_size(server.url("streamed.bin")) is None
