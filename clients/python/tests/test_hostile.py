"""Bad answers from a broken or hostile server are clear client errors, never crashes or hangs."""

from __future__ import annotations

import time

import cbor2
import pytest
from fake_server import Raw, Reply, cbor_reply, envelope, fake_server, rpc_server

import tarp_client
from tarp_client import ProtocolError

GOOD = cbor2.dumps({"status": "success", "mimetype": "application/cbor", "result": [1, 2, 3]})


def call(answer: Reply | Raw, timeout: float = 10) -> object:
    """Calls RPC endpoint f of a fake server that answers ``answer``."""
    with fake_server(rpc_server(answer)) as f:
        return tarp_client.client(f.url, timeout=timeout).f()


def protocol_error(answer: Reply | Raw, match: str) -> ProtocolError:
    with pytest.raises(ProtocolError, match=match) as info:
        call(answer)
    assert not isinstance(info.value, cbor2.CBORError)
    return info.value


def test_the_good_answer_decodes() -> None:
    assert call(cbor_reply(GOOD)) == [1, 2, 3]  # so that the failures below are the bytes' fault


@pytest.mark.parametrize("cut", [1, len(GOOD) // 2, len(GOOD) - 1])
def test_a_truncated_cbor_body(cut: int) -> None:
    protocol_error(cbor_reply(GOOD[:cut]), "not valid TARP CBOR: premature end of stream")


def test_trailing_bytes() -> None:
    protocol_error(cbor_reply(GOOD + b"\x00"), "1 bytes after its CBOR item")


@pytest.mark.parametrize(
    ("tag", "content"),
    [(999, 0), (4, [1, 3]), (37, b"0123456789abcdef"), (24, b"\x01"), (55799, 0), (35, "a+")],
)
def test_tags_outside_the_tarp_table(tag: int, content: object) -> None:
    body = cbor2.dumps({"status": "success", "result": cbor2.CBORTag(tag, content)})
    protocol_error(cbor_reply(body), f"CBOR tag {tag} is not part of the TARP value mapping")


def test_enormous_nesting_is_refused_at_once() -> None:
    body = b"\xa2fstatusgsuccessfresult" + b"\x81" * 200_000 + b"\x00"
    started = time.monotonic()
    protocol_error(cbor_reply(body), "nesting depth")
    assert time.monotonic() - started < 30  # a bound against hangs, not a speed measurement


def test_enormous_nesting_in_json() -> None:
    body = b'{"status":"success","result":' + b"[" * 200_000 + b"]" * 200_000 + b"}"
    protocol_error(Reply(200, {"content-type": "application/json"}, body), "nested too deeply")


def test_declared_lengths_the_body_does_not_hold() -> None:
    protocol_error(cbor_reply(b"\x9b\x7f" + b"\xff" * 7), "not valid TARP CBOR")  # 2^63 items
    protocol_error(cbor_reply(b"\x5b\x00\x00\x00\xff\xff\xff\xff\xff"), "premature end")


def test_a_stray_break_byte() -> None:
    body = b"\xa2fstatusgsuccessfresult\x82\x01\xff"
    protocol_error(cbor_reply(body), "stray break byte")


def test_invalid_utf8_in_a_text_string() -> None:
    protocol_error(cbor_reply(b"\xa1fstatus\x62\xc3\x28"), "not valid TARP CBOR")


@pytest.mark.parametrize(
    "body",
    [b"[1, 2]", b'{"hello": 1}', b'{"status": "error"}', b'"success"', b"", b"{not json"],
)
def test_json_that_is_not_an_envelope(body: bytes) -> None:
    protocol_error(Reply(200, {"content-type": "application/json"}, body), "not")


def test_a_proxy_error_page() -> None:
    page = Reply(502, {"content-type": "text/html"}, b"<html>Bad Gateway</html>")
    error = protocol_error(page, "HTTP 502 answer .* is not a TARP envelope: <html>Bad Gateway")
    assert error.status == 502


def test_a_body_shorter_than_its_content_length() -> None:
    head = b"HTTP/1.1 200 OK\r\ncontent-type: application/cbor\r\ncontent-length: 500\r\n\r\n"
    protocol_error(Raw(head + GOOD), "cut off")


def test_an_answer_over_the_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tarp_client.transport, "MAX_ANSWER_BYTES", 1000)
    big = cbor2.dumps({"status": "success", "result": b"x" * 5000})
    protocol_error(cbor_reply(big), "declares 50.. bytes: too large")
    head = b"HTTP/1.1 200 OK\r\ncontent-type: application/cbor\r\nconnection: close\r\n\r\n"
    protocol_error(Raw(head + big), "is over 1000 bytes: too big")


def test_an_answer_that_drips_past_the_timeout() -> None:
    head = b"HTTP/1.1 200 OK\r\ncontent-type: application/cbor\r\ncontent-length: 100\r\n\r\n"
    started = time.monotonic()
    with pytest.raises(tarp_client.TimeoutError):
        call(Raw(head, dripped=b"\x00" * 100, drip=0.1), timeout=1)
    assert time.monotonic() - started < 20  # a bound against hangs, not a speed measurement


def test_a_server_that_never_answers() -> None:
    with pytest.raises(tarp_client.TimeoutError):
        call(Raw(b"", delay=10), timeout=0.5)


def test_discovery_that_is_not_a_map() -> None:
    with fake_server(lambda req: envelope([1, 2])) as f:
        with pytest.raises(ProtocolError, match="Discovery must answer a map"):
            tarp_client.client(f.url)


def test_a_job_ticket_without_an_id() -> None:
    discovery = envelope({"ASYNCRPC": [{"name": "job", "description": "", "suggested_wait": 1}]})
    ticket = cbor_reply(cbor2.dumps({"status": "success", "result": {"suggested_wait": 1}}))
    with fake_server(lambda req: discovery if req.path == "/" else ticket) as f:
        with pytest.raises(ProtocolError, match=r"Starting job\(\) did not answer a job ID"):
            tarp_client.client(f.url).job()
