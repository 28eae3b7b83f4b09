"""Token authentication and HTTPS with a private CA, against real servers."""

from __future__ import annotations

import secrets
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import tarp_server

import tarp_client

TOKEN = secrets.token_urlsafe(32)


@pytest.fixture(scope="module")
def token_url() -> Iterator[str]:
    with tarp_server(TARP_TEST_TOKEN=TOKEN) as url:
        yield url


def test_the_right_token_is_let_in(token_url: str) -> None:
    with tarp_client.client(token_url, token=TOKEN, timeout=30) as c:
        assert c.add(1, 2) == 3
        assert c.slow_add(1, 1).wait() == 2  # job routes carry the token too
        assert c.get_data()[0] == "application/json"


@pytest.mark.parametrize("token", [None, "wrong-token"])
def test_no_token_or_a_wrong_one_is_unauthorized(token_url: str, token: str | None) -> None:
    with pytest.raises(tarp_client.Unauthorized) as info:
        tarp_client.client(token_url, token=token, timeout=30)
    assert info.value.status == 401 and info.value.type == "Unauthorized"


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A throw-away CA and a certificate it signed for 127.0.0.1 (made with openssl)."""
    d = tmp_path_factory.mktemp("tls")
    _openssl(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-subj",
        "/CN=TARP test CA",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
        cwd=d,
    )
    _openssl(
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=localhost",
        cwd=d,
    )
    (d / "ext.cnf").write_text(
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n"
        "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n"
    )
    _openssl(
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "2",
        "-out",
        "server.pem",
        "-extfile",
        "ext.cnf",
        cwd=d,
    )
    return d


@pytest.fixture(scope="module")
def https_url(certificates: Path) -> Iterator[str]:
    env = {
        "TARP_TEST_CERT": str(certificates / "server.pem"),
        "TARP_TEST_KEY": str(certificates / "server.key"),
    }
    with tarp_server(**env) as url:
        assert url.startswith("https://")
        yield url


def test_https_with_the_ca_file(https_url: str, certificates: Path) -> None:
    with tarp_client.client(https_url, ca=str(certificates / "ca.pem"), timeout=30) as c:
        assert c.add(2, 3) == 5


def test_https_with_the_ca_as_pem_text(https_url: str, certificates: Path) -> None:
    pem = (certificates / "ca.pem").read_text()
    with tarp_client.client(https_url, ca=pem, timeout=30) as c:
        assert c.echo("over TLS") == "over TLS"


def test_https_without_the_ca_is_refused_with_the_fix(https_url: str) -> None:
    with pytest.raises(tarp_client.TarpConnectionError, match=r"not trusted .*ca="):
        tarp_client.client(https_url, timeout=30)


def test_a_ca_that_is_neither_a_file_nor_pem_is_refused() -> None:
    with pytest.raises(ValueError, match="neither a PEM file nor PEM text"):
        tarp_client.client("https://127.0.0.1:1", ca="/no/such/ca.pem")
