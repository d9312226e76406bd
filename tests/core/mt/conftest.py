"""Fixtures of the model tests: HTTP and HTTPS servers on 127.0.0.1 (see servers.py), one package of
each format (support.py)."""
from __future__ import annotations

import shutil
import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.core.mt.servers import Server, serve
from tests.core.mt.support import build_packages


@pytest.fixture
def server() -> Iterator[Server]:
    with serve(Server()) as state:
        yield state


@pytest.fixture
def https_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    """An https server on 127.0.0.1 whose certificate (made here) the client trusts via SSL_CERT_FILE."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    with serve(Server(), context) as state:
        yield state


@pytest.fixture(scope="session")
def pkgs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One package of each format, built once (tests install copies into their own stores)."""
    return build_packages(tmp_path_factory.mktemp("packages"))
