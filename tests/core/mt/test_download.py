"""Catalog and downloads, against an HTTP server the test runs on 127.0.0.1 (never the internet)."""
from __future__ import annotations

import hashlib
import json
import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import pytest

from desk.core.errors import Cancelled, DeskError, DownloadError
from desk.core.jobs import CancelToken, Progress, run_job
from desk.core.mt.download import CatalogEntry, CatalogFile, catalog_entry, download_job, load_catalog
from desk.core.mt.store import ModelStore
from tests import mtfactory as factory


@dataclass
class Server:
    """Serves ``files`` by path. Knobs: range support, cutting the next N responses short."""

    files: dict[str, bytes] = field(default_factory=dict)
    ranges: bool = True
    cut_next: int = 0  # cut this many upcoming responses after half of the body
    send_length: bool = True  # False: no Content-Length, the body ends when the connection closes
    requests: list[dict] = field(default_factory=list)
    port: int = 0

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}"


def _handler(server: Server) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # keep test output clean
            pass

        def do_GET(self) -> None:  # noqa: N802 (http.server API)
            path = self.path.lstrip("/")
            server.requests.append({"path": path, "range": self.headers.get("Range")})
            body = server.files.get(path)
            if body is None:
                self.send_error(404, "Not Found")
                return
            start, status = 0, 200
            rng = self.headers.get("Range")
            if server.ranges and rng and rng.startswith("bytes="):
                start = int(rng[6:].split("-")[0])
                if start >= len(body):
                    self.send_response(416)
                    self.send_header("Content-Range", f"bytes */{len(body)}")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                status = 206
            chunk = body[start:]
            self.send_response(status)
            if server.send_length:
                self.send_header("Content-Length", str(len(chunk)))
            self.send_header("Content-Type", "application/zip")
            if server.ranges:
                self.send_header("Accept-Ranges", "bytes")
            if status == 206:
                self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
            self.end_headers()
            if server.cut_next > 0:
                server.cut_next -= 1
                self.wfile.write(chunk[: len(chunk) // 2])
                self.wfile.flush()
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            self.wfile.write(chunk)

    return Handler


@pytest.fixture
def server() -> Iterator[Server]:
    state = Server()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield state
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = factory.build_argos_package(tmp_path_factory.mktemp("pkg") / "pkg.argosmodel", "ar", "en")
    return path.read_bytes()


def entry_for(server: Server, data: bytes, *, sha: str | None = "auto", path: str = "translate-ar_en-1_0.argosmodel") -> CatalogEntry:
    server.files[path] = data
    return CatalogEntry(
        id="argos-ar-en-test", name="Test Argos ar-en", format="argos", source_lang="ar", target_lang="en",
        url=server.url(path), size=len(data), sha256=hashlib.sha256(data).hexdigest() if sha == "auto" else sha,
    )


def downloads(store: ModelStore) -> list[str]:
    folder = store.root / ".tmp" / "downloads"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# --- catalog ----------------------------------------------------------------------------------


def test_shipped_catalog_is_well_formed() -> None:
    entries = load_catalog()
    ids = [e.id for e in entries]
    assert len(ids) == len(set(ids)) >= 6
    pairs = {(e.source_lang, e.target_lang) for e in entries}
    assert {("ar", "en"), ("en", "ar")} <= pairs
    assert {e.format for e in entries} <= {"argos", "opus-mt", "ctranslate2", "nllb"}
    for e in entries:
        urls = [e.url] if e.url else [f.url for f in e.files]
        assert urls and all(u.startswith("https://") for u in urls), e.id
        for sha in [e.sha256, *(f.sha256 for f in e.files)]:
            assert sha is None or (len(sha) == 64 and int(sha, 16) >= 0)
        assert e.license and e.name
        if e.sha256 is None and not e.files:
            assert "not verified" in e.note  # honest about unverified hashes


def test_catalog_lookup_and_broken_catalog(tmp_path: Path) -> None:
    assert catalog_entry("opus-mt-ar-en").format == "opus-mt"
    with pytest.raises(DownloadError, match="not in the model catalog"):
        catalog_entry("no-such-model")
    broken = tmp_path / "catalog.json"
    broken.write_text(json.dumps({"models": [{"id": "x", "name": "x", "format": "argos", "source_lang": "ar", "target_lang": "en"}]}))
    with pytest.raises(DeskError, match="neither url nor files"):
        load_catalog(broken)
    broken.write_text("{oops")
    with pytest.raises(DeskError, match="catalog .* is broken"):
        load_catalog(broken)


# --- downloads --------------------------------------------------------------------------------


def test_download_verifies_and_installs(server: Server, package: bytes) -> None:
    store = ModelStore()
    entry = entry_for(server, package)
    seen: list[Progress] = []
    info = run_job(download_job(entry, store), seen.append)
    assert info.id == "argos-ar-en-test" and (info.source_lang, info.target_lang) == ("ar", "en")
    assert [m.id for m in store.list()] == ["argos-ar-en-test"]
    byte_steps = [p for p in seen if p.message.startswith("Downloading")]
    assert byte_steps[-1].done == byte_steps[-1].total == len(package)
    digest = next(p.payload for p in seen if isinstance(p.payload, dict))
    assert digest == {"sha256": hashlib.sha256(package).hexdigest(), "verified": True}
    assert downloads(store) == []


def test_unknown_hash_is_computed_and_reported(server: Server, package: bytes) -> None:
    store = ModelStore()
    seen: list[Progress] = []
    run_job(download_job(entry_for(server, package, sha=None), store), seen.append)
    report = next(p for p in seen if isinstance(p.payload, dict))
    assert report.payload == {"sha256": hashlib.sha256(package).hexdigest(), "verified": False}
    assert "not verified" in report.message


def test_checksum_mismatch_is_refused_and_cleaned(server: Server, package: bytes) -> None:
    store = ModelStore()
    entry = entry_for(server, package, sha="0" * 64)
    with pytest.raises(DownloadError, match="sha256 .* expected 0000"):
        run_job(download_job(entry, store))
    assert store.list() == [] and downloads(store) == []


def test_404_is_a_clear_error(server: Server) -> None:
    store = ModelStore()
    entry = CatalogEntry("gone", "Gone", "argos", "ar", "en", url=server.url("missing.argosmodel"))
    with pytest.raises(DownloadError, match="404"):
        run_job(download_job(entry, store))
    assert downloads(store) == []


def test_connection_refused_is_a_clear_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    entry = CatalogEntry("x", "X", "argos", "ar", "en", url=f"http://127.0.0.1:{port}/x.argosmodel")
    with pytest.raises(DownloadError, match="connection refused"):
        run_job(download_job(entry, ModelStore()))


def test_only_http_urls() -> None:
    entry = CatalogEntry("x", "X", "argos", "ar", "en", url="file:///etc/passwd")
    with pytest.raises(DownloadError, match="only http and https"):
        run_job(download_job(entry, ModelStore()))


def test_interrupted_download_resumes_with_range(server: Server, package: bytes) -> None:
    store = ModelStore()
    entry = entry_for(server, package)
    server.cut_next = 1
    with pytest.raises(DownloadError, match="interrupted .* resume"):
        run_job(download_job(entry, store))
    part = store.root / ".tmp" / "downloads" / "argos-ar-en-test.argosmodel.part"
    assert part.is_file() and 0 < part.stat().st_size < len(package)
    kept = part.stat().st_size
    info = run_job(download_job(entry, store))
    assert info.id == "argos-ar-en-test"
    assert server.requests[-1]["range"] == f"bytes={kept}-"
    assert downloads(store) == []


def test_server_without_range_support_restarts(server: Server, package: bytes) -> None:
    store = ModelStore()
    entry = entry_for(server, package)
    server.ranges = False
    server.cut_next = 1
    with pytest.raises(DownloadError, match="interrupted"):
        run_job(download_job(entry, store))
    assert downloads(store) == []  # not resumable: nothing kept
    # A stale .part from elsewhere: the server ignores Range, the download starts over and verifies.
    folder = store.root / ".tmp" / "downloads"
    (folder / "argos-ar-en-test.argosmodel.part").write_bytes(b"stale bytes")
    (folder / "argos-ar-en-test.argosmodel.part.json").write_text(json.dumps({"url": entry.url, "resumable": True}))
    assert run_job(download_job(entry, store)).id == "argos-ar-en-test"
    assert server.requests[-1]["range"] == "bytes=11-"
    assert downloads(store) == []


def test_complete_part_is_not_downloaded_again(server: Server, package: bytes) -> None:
    store = ModelStore()
    entry = entry_for(server, package)
    folder = store.root / ".tmp" / "downloads"
    folder.mkdir(parents=True)
    (folder / "argos-ar-en-test.argosmodel.part").write_bytes(package)
    (folder / "argos-ar-en-test.argosmodel.part.json").write_text(json.dumps({"url": entry.url, "resumable": True}))
    assert run_job(download_job(entry, store)).id == "argos-ar-en-test"
    assert server.requests == [{"path": "translate-ar_en-1_0.argosmodel", "range": f"bytes={len(package)}-"}]


@pytest.mark.parametrize("ranges", [True, False])
def test_cancel_keeps_part_only_when_resumable(server: Server, package: bytes, ranges: bool) -> None:
    store = ModelStore()
    server.ranges = ranges
    entry = entry_for(server, package * 4, sha=None)  # big enough for several chunks
    cancel = CancelToken()
    job = download_job(entry, store, cancel=cancel)
    first = next(job)
    assert first.message.startswith("Downloading") and first.done < first.total
    cancel.cancel()
    with pytest.raises(Cancelled):
        for _ in job:
            pass
    expected = ["argos-ar-en-test.argosmodel.part", "argos-ar-en-test.argosmodel.part.json"] if ranges else []
    assert downloads(store) == expected
    assert store.list() == []


def test_bad_package_after_good_download_leaves_nothing(server: Server) -> None:
    store = ModelStore()
    entry = entry_for(server, b"PK\x05\x06" + bytes(18))  # a valid, empty zip
    with pytest.raises(DeskError, match="not a translation model"):
        run_job(download_job(entry, store))
    assert store.list() == [] and downloads(store) == []


def test_url_override_and_multi_file_entries(server: Server, tmp_path: Path, package: bytes) -> None:
    folder = factory.build_ct2_folder(tmp_path / "quick", "ar", "en", spm_names=("src.spm.model", "tgt.spm.model"))
    files = []
    for f in sorted(folder.iterdir()):
        server.files[f"quick/{f.name}"] = f.read_bytes()
        files.append(CatalogFile(f.name, server.url(f"quick/{f.name}"), f.stat().st_size, hashlib.sha256(f.read_bytes()).hexdigest()))
    entry = CatalogEntry("quickmt-ar-en", "quickmt ar-en", "ctranslate2", "ar", "en", files=files)
    store = ModelStore()
    info = run_job(download_job(entry, store))
    assert (info.id, info.format, info.source_lang, info.target_lang) == ("quickmt-ar-en", "ctranslate2", "ar", "en")
    assert (info.path / "model.bin").read_bytes() == (folder / "model.bin").read_bytes()
    assert downloads(store) == []
    # --url: the same archive from a mirror, still checked against the catalog hash.
    mirror = entry_for(server, package, path="mirror/pkg.argosmodel")
    mirror.url = "https://example.invalid/never-used.argosmodel"
    info = run_job(download_job(mirror, store, url_override=server.url("mirror/pkg.argosmodel")))
    assert info.id == "argos-ar-en-test"
    assert server.requests[-1]["path"] == "mirror/pkg.argosmodel"


def test_failed_multi_file_download_without_resume_leaves_nothing(server: Server, tmp_path: Path) -> None:
    server.ranges = False
    server.files["quick/config.json"] = b"{}"
    server.files["quick/model.bin"] = bytes(200_000)
    files = [
        CatalogFile("config.json", server.url("quick/config.json")),
        CatalogFile("model.bin", server.url("quick/model.bin")),
        CatalogFile("src.spm.model", server.url("quick/src.spm.model")),  # 404
    ]
    entry = CatalogEntry("quick-broken", "quick", "ctranslate2", "ar", "en", files=files)
    store = ModelStore()
    with pytest.raises(DownloadError, match="404"):
        run_job(download_job(entry, store))
    assert downloads(store) == [] and store.list() == []


def test_offline_is_reported_as_no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_dns(*args: object, **kwargs: object) -> None:
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    entry = CatalogEntry("x", "X", "argos", "ar", "en", url="https://models.example.org/x.argosmodel")
    with pytest.raises(DownloadError, match="no network connection"):
        run_job(download_job(entry, ModelStore()))


@pytest.mark.parametrize("announce", [True, False], ids=["content-length", "streamed"])
def test_download_larger_than_the_catalog_says_is_stopped(server: Server, package: bytes, announce: bool) -> None:
    """A wrong address or a hostile server sending far more than the catalog's size: stopped, deleted."""
    store = ModelStore()
    entry = entry_for(server, package, sha=None)
    server.files[entry.url.rsplit("/", 1)[1]] = package * 8  # 8x what the catalog announces
    server.send_length = announce  # without Content-Length it must be cut off while streaming
    with pytest.raises(DownloadError, match="larger than expected"):
        run_job(download_job(entry, store))
    assert store.list() == [] and downloads(store) == []
