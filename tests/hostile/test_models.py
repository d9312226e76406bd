"""Hostile model packages and downloads through the command line (issue 14, items 1, 3, 4, 5, 6):
a one-line error, under 10 s and 500 MB, nothing written outside the store. Servers bind 127.0.0.1."""
from __future__ import annotations

import shlex
import shutil
import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.core.mt.servers import Server, serve
from tests.hostile import files
from tests.hostile.conftest import Sandbox
from tests.hostile.runner import can_unshare_mounts

pytestmark = pytest.mark.slow


def test_decoder_yml_with_yaml_aliases(sandbox: Sandbox, tmp_path: Path) -> None:
    package = files.opus_mt_with_alias_bomb(tmp_path)
    sandbox.fails("models", "install", str(package), match="aliases", progress=True)
    assert [p for p in (sandbox.data / "models").iterdir() if p.name != ".tmp"] == []


def test_zip_of_3000_megabytes_of_zeros(sandbox: Sandbox, tmp_path: Path) -> None:
    package = files.argos_with_zeros(tmp_path, entries=3000)
    assert package.stat().st_size < 5 << 20
    sandbox.fails("models", "install", str(package), match="unpack", progress=True)
    installed = [p for p in (sandbox.data / "models").iterdir() if p.name != ".tmp"]
    assert installed == []


@pytest.fixture
def plain_server() -> Iterator[Server]:
    with serve(Server()) as state:
        yield state


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[tuple[Server, Path]]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, timeout=60)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    with serve(Server(), context) as state:
        yield state, cert


def test_catalog_id_climbing_out_of_the_store(sandbox: Sandbox, plain_server: Server) -> None:
    plain_server.files["pkg.argosmodel"] = b"never fetched"
    sandbox.env = {"DESK_CATALOG": str(files.catalog(sandbox.inputs / "catalog.json", [
        {"id": "../../escaped", "url": plain_server.url("pkg.argosmodel")}]))}
    sandbox.fails("models", "download", "../../escaped", match="not a valid model id", progress=True)
    assert plain_server.requests == []
    assert not any("escaped" in p.name for p in sandbox.root.rglob("*"))


def test_https_redirected_down_to_http(sandbox: Sandbox, tls_server: tuple[Server, Path], plain_server: Server) -> None:
    secure, cert = tls_server
    plain_server.files["pkg.argosmodel"] = b"insecure"
    secure.redirects["pkg.argosmodel"] = plain_server.url("pkg.argosmodel")
    sandbox.env = {"SSL_CERT_FILE": str(cert), "DESK_CATALOG": str(files.catalog(sandbox.inputs / "catalog.json", [
        {"id": "test-en-ar", "url": secure.url("pkg.argosmodel")}]))}
    sandbox.fails("models", "download", "test-en-ar", match="never leaves https", progress=True)
    assert plain_server.requests == []


def test_redirect_to_another_scheme(sandbox: Sandbox, plain_server: Server) -> None:
    plain_server.redirects["pkg.argosmodel"] = "ftp://127.0.0.1/pkg.argosmodel"
    sandbox.env = {"DESK_CATALOG": str(files.catalog(sandbox.inputs / "catalog.json", [
        {"id": "test-en-ar", "url": plain_server.url("pkg.argosmodel")}]))}
    sandbox.fails("models", "download", "test-en-ar", match="only downloads over http and https", progress=True)


@pytest.mark.skipif(not can_unshare_mounts(), reason="no private mount namespace here (unshare -m)")
def test_endless_download_with_no_size_on_a_small_disk(sandbox: Sandbox, plain_server: Server) -> None:
    """No size in the catalog nor from the server, a body that never ends, a 300 MB disk: stopped
    while Desk's free-space floor is kept, the .part deleted (an endless body wrote 9.3 GB before)."""
    plain_server.endless.add("pkg.argosmodel")
    sandbox.env = {"DESK_CATALOG": str(files.catalog(sandbox.inputs / "catalog.json", [
        {"id": "test-en-ar", "url": plain_server.url("pkg.argosmodel")}]))}
    q = shlex.quote(str(sandbox.data))
    small_disk = ["unshare", "-m", "sh", "-c", f"mount -t tmpfs -o size=300m none {q} && exec \"$@\"", "sh"]
    sandbox.fails("models", "download", "test-en-ar", prefix=small_disk, match="stopped and deleted", progress=True)
