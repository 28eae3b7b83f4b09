"""Fixtures: a real TARP server (tests/fixtures/python_server.ts, run by Deno) and its clients."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import pytest

import tarp_client

ROOT = Path(__file__).resolve().parents[3]  # the repository: clients/python/tests/ is 3 below
SERVER = ROOT / "tests" / "fixtures" / "python_server.ts"
_SERVING = re.compile(r"\(((?:http|https)://\S+?)/?\)")
START_TIMEOUT = 120.0  # seconds; the first run may have to load the npm packages


@contextmanager
def tarp_server(**env: str) -> Iterator[str]:
    """Runs the fixture server (port 0) with extra environment ``env``; yields its URL."""
    deno = shutil.which("deno")
    assert deno, "deno is not on PATH: the Python client's tests need it to run a TARP server"
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(
        [deno, "run", "-A", str(SERVER)],
        cwd=ROOT,
        env={**os.environ, "NO_COLOR": "1", **env},
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
    )
    try:
        yield _wait_for_url(proc, log)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def _wait_for_url(proc: subprocess.Popen[str], log: IO[bytes]) -> str:
    """Reads the server's stdout up to its "Serving HTTP on … (<url>/)" line, then drains it."""
    found: list[str] = []
    ready = threading.Event()

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:  # keeps reading so that the server never blocks on a full pipe
            match = _SERVING.search(line)
            if match and not found:
                found.append(match.group(1))
                ready.set()
        ready.set()

    threading.Thread(target=read, daemon=True).start()
    ready.wait(START_TIMEOUT)
    if not found:
        proc.kill()
        proc.wait()
        log.seek(0)
        raise RuntimeError(f"{SERVER.name} printed no URL: {log.read().decode()[-2000:]}")
    return found[0]


@pytest.fixture(scope="session")
def server_url() -> Iterator[str]:
    """The URL of the fixture server (one for the whole test session)."""
    with tarp_server() as url:
        yield url


@pytest.fixture
def c(server_url: str) -> Iterator[tarp_client.Client]:
    """A client of the fixture server, with a generous timeout so that no test can hang."""
    with tarp_client.client(server_url, timeout=30) as client:
        yield client
