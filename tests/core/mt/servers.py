"""HTTP(S) servers on 127.0.0.1 for download tests (never the internet).

``serve`` runs one; the fixtures ``server`` and ``https_server`` (tests/core/mt/conftest.py) serve
``Server.files`` by path over http, with knobs: Range support,
cutting responses short, no Content-Length, redirects (``Server.redirects``: path → Location) and
endless bodies (``Server.endless``: paths that stream zeros until the client gives up or a bound is
reached). ``https_server`` does the same over https with a certificate made for the test (openssl),
trusted through ``SSL_CERT_FILE``.
"""
from __future__ import annotations

import socket
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ENDLESS_BOUND = 1 << 30  # an "endless" body still stops here, so a broken client cannot hang the test


@dataclass
class Server:
    """Serves ``files`` by path. Knobs: range support, cutting the next N responses short, redirects."""

    files: dict[str, bytes] = field(default_factory=dict)
    ranges: bool = True
    cut_next: int = 0  # cut this many upcoming responses after half of the body
    send_length: bool = True  # False: no Content-Length, the body ends when the connection closes
    redirects: dict[str, str] = field(default_factory=dict)
    endless: set[str] = field(default_factory=set)
    requests: list[dict] = field(default_factory=list)
    port: int = 0
    scheme: str = "http"

    def url(self, path: str) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}/{path}"


def _handler(server: Server) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # keep test output clean
            pass

        def do_HEAD(self) -> None:
            self._answer(head=True)

        def do_GET(self) -> None:
            self._answer(head=False)

        def _answer(self, head: bool) -> None:
            path = self.path.lstrip("/")
            server.requests.append({"path": path, "range": self.headers.get("Range"), "method": self.command})
            if path in server.redirects:
                self.send_response(302)
                self.send_header("Location", server.redirects[path])
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if path in server.endless:
                self.send_response(200)
                self.end_headers()
                if not head:
                    self._stream_zeros()
                return
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
            if head:
                return
            if server.cut_next > 0:
                server.cut_next -= 1
                self.wfile.write(chunk[: len(chunk) // 2])
                self.wfile.flush()
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            self.wfile.write(chunk)

        def _stream_zeros(self) -> None:
            block = bytes(1 << 16)
            sent = 0
            try:
                while sent < ENDLESS_BOUND:
                    self.wfile.write(block)
                    sent += len(block)
            except OSError:  # the client hung up: what a capped download does
                pass
            self.close_connection = True

    return Handler


@contextmanager
def serve(state: Server, context: ssl.SSLContext | None = None) -> Iterator[Server]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    if context is not None:
        httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
        state.scheme = "https"
    httpd.daemon_threads = True
    state.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
