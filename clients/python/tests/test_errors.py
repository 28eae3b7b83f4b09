"""Remote errors arrive as exceptions named by the envelope's type."""

from __future__ import annotations

import json

import pytest
from fake_server import Reply, fake_server, rpc_server

import tarp_client
from tarp_client import RemoteError, error_class


def test_a_thrown_error_is_raised_as_its_class(c: tarp_client.Client) -> None:
    with pytest.raises(RemoteError) as info:
        c.fail_range(-1)
    e = info.value
    assert type(e).__name__ == "RangeError"
    assert type(e) is error_class("RangeError")  # the same class every time, so it can be caught
    assert e.type == "RangeError" and e.status == 500
    assert e.message == "x must be positive, got -1"
    assert str(e) == "x must be positive, got -1"


def test_the_class_can_be_caught_by_name(c: tarp_client.Client) -> None:
    with pytest.raises(error_class("RangeError")):
        c.fail_range(0)


def test_operation_in_progress_keeps_the_exact_retry_after(c: tarp_client.Client) -> None:
    with pytest.raises(tarp_client.OperationInProgress) as info:
        c.busy()
    assert info.value.retry_after == 2.5  # the header has whole seconds; the envelope the rest
    assert info.value.status == 503 and info.value.message == "still warming up"


def test_invalid_server_state(c: tarp_client.Client) -> None:
    with pytest.raises(tarp_client.InvalidServerState) as info:
        c.no_sample()
    assert info.value.status == 503 and info.value.message == "no sample is loaded"
    assert isinstance(info.value, RemoteError)


def test_bad_request(c: tarp_client.Client) -> None:
    with pytest.raises(tarp_client.BadRequest) as info:
        c.refuse()
    assert info.value.status == 400 and info.value.type == "BadRequest"


def test_an_unknown_job_is_not_found(c: tarp_client.Client) -> None:
    with pytest.raises(tarp_client.NotFound) as info:
        c._job("no-such-job").wait()
    assert info.value.status == 404 and "no-such-job" in info.value.message
    assert not isinstance(info.value, AttributeError)


def test_a_refused_request_is_bad_request(c: tarp_client.Client) -> None:
    answer = c._tarp.request(
        "POST", "/add", "test", headers={"content-type": "application/cbor"}, body=b"\xff\xff"
    )
    with pytest.raises(tarp_client.BadRequest):
        tarp_client.transport.result_of(answer, "test")


def test_the_wrong_method_is_method_not_allowed(c: tarp_client.Client) -> None:
    answer = c._tarp.request("GET", "/add", "test")
    with pytest.raises(tarp_client.MethodNotAllowed) as info:
        tarp_client.transport.result_of(answer, "test")
    assert info.value.status == 405


def test_a_type_that_is_no_identifier_is_a_remote_error() -> None:
    envelope = {"status": "error", "type": "not an identifier", "message": "m"}
    reply = Reply(500, {"content-type": "application/json"}, json.dumps(envelope).encode())
    with fake_server(rpc_server(reply)) as f, pytest.raises(RemoteError) as info:
        tarp_client.client(f.url).f()
    assert type(info.value) is RemoteError
    assert info.value.type == "not an identifier" and str(info.value) == "not an identifier: m"


def test_a_missing_retry_after_falls_back_to_the_header() -> None:
    body = b'{"status":"error","type":"OperationInProgress","message":"wait"}'
    reply = Reply(503, {"content-type": "application/json", "retry-after": "4"}, body)
    with (
        fake_server(rpc_server(reply)) as f,
        pytest.raises(tarp_client.OperationInProgress) as info,
    ):
        tarp_client.client(f.url).f()
    assert info.value.retry_after == 4.0


def test_remote_stacks_are_kept_when_the_server_sends_them() -> None:
    body = b'{"status":"error","type":"TypeError","message":"m","stack":"at f (x.ts:1)"}'
    with fake_server(rpc_server(Reply(500, {"content-type": "application/json"}, body))) as f:
        with pytest.raises(error_class("TypeError")) as info:
            tarp_client.client(f.url).f()
    assert info.value.remote_stack == "at f (x.ts:1)"
    assert not isinstance(info.value, TypeError)  # a remote TypeError is not a local one


def test_every_client_error_is_a_tarp_error() -> None:
    for cls in (
        tarp_client.RemoteError,
        tarp_client.ProtocolError,
        tarp_client.TarpConnectionError,
        tarp_client.TimeoutError,
        tarp_client.Cancelled,
    ):
        assert issubclass(cls, tarp_client.TarpError)
    assert issubclass(tarp_client.Cancelled, RemoteError)
    assert tarp_client.CancelledError is tarp_client.Cancelled
