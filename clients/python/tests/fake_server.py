"""A tiny in-process HTTP server that answers what a test tells it to, byte for byte.

It stands in for a broken or hostile TARP server (truncated CBOR, non-envelopes, endless
answers), and records each request so that tests can see exactly what the client sent.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Union


@dataclass
class Request:
    """One request as the fake server received it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Reply:
    """An HTTP answer: status, headers, body."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


@dataclass
class Raw:
    """Bytes written to the socket as they are (status line included), then the socket closed."""

    data: bytes
    dripped: bytes = b""  # sent after data, one byte at a time (an answer that never finishes)
    drip: float = 0.1  # seconds between the dripped bytes
    delay: float = 0.0  # seconds of silence before the first byte


Answer = Union[Reply, Raw]
Handler = Callable[[Request], Answer]


def envelope(result: Any, mimetype: str = "application/json") -> Reply:
    """A JSON success envelope."""
    body = {"status": "success", "mimetype": mimetype, "result": result}
    return Reply(200, {"content-type": "application/json"}, json.dumps(body).encode())


def discovery(rpc: list[str] = (), get: list[str] = ()) -> Reply:  # type: ignore[assignment]
    """The discovery envelope of a server with these RPC and GET endpoints."""
    return envelope(
        {
            "RPC": [{"name": n, "description": f"{n} (fake)", "params": ["x"]} for n in rpc],
            "GET": [{"name": n, "description": n, "query_params": None} for n in get],
            "POST": [],
            "ASYNCRPC": [],
            "protocol": 1,
        }
    )


def cbor_reply(body: bytes, status: int = 200) -> Reply:
    """A CBOR answer with exactly these bytes."""
    return Reply(status, {"content-type": "application/cbor"}, body)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    def _serve(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        request = Request(
            self.command,
            self.path,
            {k.lower(): v for k, v in self.headers.items()},
            self.rfile.read(length),
        )
        fake: FakeServer = self.server.fake  # type: ignore[attr-defined]
        fake.requests.append(request)
        answer = fake.handler(request)
        if isinstance(answer, Raw):
            self._write_raw(answer)
            return
        self.send_response(answer.status)
        headers = {"content-length": str(len(answer.body)), **answer.headers}
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(answer.body)

    def _write_raw(self, answer: Raw) -> None:
        try:
            time.sleep(answer.delay)
            self.wfile.write(answer.data)
            self.wfile.flush()
            for i in range(len(answer.dripped)):
                time.sleep(answer.drip)
                self.wfile.write(answer.dripped[i : i + 1])
                self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass  # the client gave up first
        self.close_connection = True

    do_GET = do_POST = do_DELETE = _serve


class FakeServer:
    """The fake server's state: the handler answering requests, and the requests it got."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.requests: list[Request] = []
        self.url = ""


@contextmanager
def fake_server(handler: Handler) -> Iterator[FakeServer]:
    """Serves ``handler`` on a free loopback port while the block runs."""
    fake = FakeServer(handler)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    httpd.block_on_close = False  # a handler still dripping bytes must not hold the test up
    httpd.fake = fake  # type: ignore[attr-defined]
    fake.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        httpd.shutdown()
        httpd.server_close()


def rpc_server(answer: Answer, name: str = "f") -> Callable[[Request], Answer]:
    """A handler: discovery lists RPC endpoint ``name``; every other request gets ``answer``."""
    return lambda req: discovery(rpc=[name]) if req.path == "/" else answer
