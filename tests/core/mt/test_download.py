"""Catalog and downloads, against an HTTP server the test runs on 127.0.0.1 (never the internet)."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import time
from pathlib import Path

import pytest

from desk.core.errors import (
    AlreadyInstalledError,
    Cancelled,
    DeskError,
    DownloadError,
    LicenceNotAcceptedError,
)
from desk.core.jobs import CancelToken, Progress, run_job
from desk.core.mt.catalog import CatalogEntry, CatalogFile
from desk.core.mt.download import ABANDONED_SECONDS, download_job
from desk.core.mt.fetch import MIN_FREE_BYTES
from desk.core.mt.integrity import verify_job
from desk.core.mt.record import read_record
from desk.core.mt.store import ModelStore
from tests import mtfactory as factory
from tests.core.mt.servers import Server


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = factory.build_argos_package(tmp_path_factory.mktemp("pkg") / "pkg.argosmodel", "ar", "en")
    return path.read_bytes()


def entry_for(
    server: Server, data: bytes, *, sha: str | None = "auto", path: str = "translate-ar_en-1_0.argosmodel"
) -> CatalogEntry:
    server.files[path] = data
    return CatalogEntry(
        id="argos-ar-en-test", name="Test Argos ar-en", format="argos", source_lang="ar", target_lang="en",
        url=server.url(path), size=len(data), sha256=hashlib.sha256(data).hexdigest() if sha == "auto" else sha,
    )


def downloads(store: ModelStore) -> list[str]:
    folder = store.root / ".tmp" / "downloads"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


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
    digest = next(p.payload for p in seen if isinstance(p.payload, dict) and "sha256" in p.payload)
    assert digest == {"sha256": hashlib.sha256(package).hexdigest(), "verified": True}
    assert downloads(store) == []


def test_unknown_hash_is_computed_and_reported(server: Server, package: bytes) -> None:
    store = ModelStore()
    seen: list[Progress] = []
    run_job(download_job(entry_for(server, package, sha=None), store), seen.append)
    report = next(p for p in seen if isinstance(p.payload, dict) and "sha256" in p.payload)
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
    assert server.requests == [
        {"path": "translate-ar_en-1_0.argosmodel", "range": f"bytes={len(package)}-", "method": "GET"}
    ]


@pytest.mark.parametrize("ranges", [True, False])
def test_cancel_keeps_part_only_when_resumable(server: Server, package: bytes, ranges: bool) -> None:
    store = ModelStore()
    server.ranges = ranges
    entry = entry_for(server, package * 4, sha=None)  # big enough for several chunks
    cancel = CancelToken()
    job = download_job(entry, store, cancel=cancel)
    first = next(p for p in job if p.message.startswith("Downloading"))
    assert first.done < first.total
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
        digest = hashlib.sha256(f.read_bytes()).hexdigest()
        files.append(CatalogFile(f.name, server.url(f"quick/{f.name}"), f.stat().st_size, digest))
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


# --- trust: refusals before the first byte, sizes, space, records --------------------------------


def test_non_commercial_licence_must_be_accepted_first(server: Server, package: bytes) -> None:
    store = ModelStore()
    entry = entry_for(server, package)
    entry.license, entry.noncommercial = "CC-BY-NC-4.0", True
    with pytest.raises(LicenceNotAcceptedError, match="non-commercial purposes only"):
        run_job(download_job(entry, store))
    assert server.requests == [] and downloads(store) == [] and store.list() == []
    info = run_job(download_job(entry, store, accept_licence=True))
    record = read_record(info.path)
    assert record["license_accepted"] is True and record["license"] == "CC-BY-NC-4.0"


def test_installed_model_is_refused_before_any_request(server: Server, package: bytes) -> None:
    store = ModelStore()
    entry = entry_for(server, package)
    run_job(download_job(entry, store))
    server.requests.clear()
    with pytest.raises(AlreadyInstalledError, match="already installed"):
        run_job(download_job(entry, store))
    assert server.requests == []  # nothing fetched before refusing
    assert run_job(download_job(entry, store, replace=True)).id == entry.id


def test_hostile_catalog_id_writes_nothing(server: Server, package: bytes, tmp_path: Path) -> None:
    store = ModelStore()
    entry = entry_for(server, package)
    entry.id = "../../escaped"
    with pytest.raises(DownloadError, match="not a valid model id"):
        run_job(download_job(entry, store))
    assert server.requests == [] and not (store.root / ".tmp" / "downloads").exists()
    assert not any(p.name.startswith("escaped") for p in store.root.parent.rglob("*"))


def test_size_comes_from_the_server_before_the_first_byte(server: Server, package: bytes) -> None:
    store = ModelStore()
    entry = entry_for(server, package, sha=None)
    entry.size = None
    seen: list[Progress] = []
    run_job(download_job(entry, store), seen.append)
    assert [r["method"] for r in server.requests] == ["HEAD", "GET"]
    announced = next(p for p in seen if isinstance(p.payload, dict) and "size" in p.payload)
    assert announced.payload["size"] == len(package) and "to download" in announced.message


def test_not_enough_disk_space_is_refused_before_starting(
    server: Server, package: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = ModelStore()
    entry = entry_for(server, package)
    real = shutil.disk_usage
    monkeypatch.setattr(shutil, "disk_usage", lambda p: real(p)._replace(free=MIN_FREE_BYTES + len(package)))
    with pytest.raises(DownloadError, match="Not enough disk space .* is free"):
        run_job(download_job(entry, store))
    assert server.requests == [] and downloads(store) == [] and store.list() == []


def test_sha256_computed_on_download_is_recorded_and_verified(server: Server, package: bytes) -> None:
    store = ModelStore()
    info = run_job(download_job(entry_for(server, package, sha=None), store))
    record = read_record(info.path)
    [download] = record["download"]
    assert download["sha256"] == hashlib.sha256(package).hexdigest() and download["verified"] is False
    assert download["size"] == len(package) and record["catalog_id"] == info.id
    assert store.manifest(info.id).sha256 == download["sha256"]
    assert record["file_sha256"] and all(len(h) == 64 for h in record["file_sha256"].values())
    assert run_job(verify_job(store, info.id)).ok


def test_abandoned_partial_downloads_are_removed(server: Server, package: bytes) -> None:
    store = ModelStore()
    folder = store.root / ".tmp" / "downloads"
    folder.mkdir(parents=True)
    old, recent = folder / "other-model.zip.part", folder / "third-model.zip.part"
    old.write_bytes(b"x" * 100)
    recent.write_bytes(b"y" * 100)
    stale = time.time() - ABANDONED_SECONDS - 60
    os.utime(old, (stale, stale))
    run_job(download_job(entry_for(server, package), store))
    assert not old.exists() and recent.exists()


def test_archive_plus_separate_file_is_unpacked_together(server: Server, tmp_path: Path) -> None:
    """NLLB's layout: a CTranslate2 zip, and its SentencePiece model as a separate file beside it."""
    names = ("sentencepiece.model", "sentencepiece.model")
    folder = factory.build_ct2_folder(tmp_path / "ct2", "ar", "en", spm_names=names, joint=True)
    spm = (folder / "sentencepiece.model").read_bytes()
    (folder / "sentencepiece.model").unlink()
    archive = factory.zip_folder(folder, tmp_path / "model_ct2.zip", top="model_ct2").read_bytes()
    server.files.update({"m/model_ct2.zip": archive, "m/spm.model": spm})
    entry = CatalogEntry("multi-part", "Multi part", "ctranslate2", "ar", "en", files=[
        CatalogFile("model_ct2.zip", server.url("m/model_ct2.zip"), len(archive), hashlib.sha256(archive).hexdigest()),
        CatalogFile("sentencepiece.model", server.url("m/spm.model")),
    ])
    store = ModelStore()
    info = run_job(download_job(entry, store))
    assert (info.source_spm.name, info.source_spm.read_bytes()) == ("sentencepiece.model", spm)
    assert {d["name"] for d in read_record(info.path)["download"]} == {"model_ct2.zip", "sentencepiece.model"}
    assert downloads(store) == []


def test_space_is_checked_with_the_sizes_known_when_some_are_not(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """NLLB's layout: the archive's size is published, its SentencePiece file's is not (no length either)."""
    server.endless.add("m/spm.model")  # HEAD says nothing about the size
    entry = CatalogEntry("two-files", "Two files", "ctranslate2", "ar", "en", files=[
        CatalogFile("model.zip", server.url("m/model.zip"), size=3 << 30),
        CatalogFile("sentencepiece.model", server.url("m/spm.model")),
    ])
    real = shutil.disk_usage
    monkeypatch.setattr(shutil, "disk_usage", lambda p: real(p)._replace(free=4 << 30))
    store = ModelStore()
    with pytest.raises(DownloadError, match="it is at least 3.0 GB, .* about at least 9.2 GB; 4.0 GB is free"):
        run_job(download_job(entry, store))
    assert [r["method"] for r in server.requests] == ["HEAD"]  # nothing downloaded
    assert downloads(store) == []
