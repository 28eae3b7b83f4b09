"""Synchronous RPC: discovery, calling endpoints as methods, help(), kwargs, timeouts."""

from __future__ import annotations

import inspect
import pydoc
import socket

import cbor2
import pytest
from fake_server import cbor_reply, discovery, fake_server, rpc_server

import tarp_client


def test_calls_an_endpoint_as_a_method(c: tarp_client.Client) -> None:
    result = c.add(1, 2)
    assert result == 3
    assert type(result) is int


def test_help_shows_the_description_and_parameters(c: tarp_client.Client) -> None:
    text = pydoc.plain(pydoc.render_doc(c.add))
    assert "add(x, y)" in text
    assert "Adds x and y." in text
    assert str(inspect.signature(c.add)) == "(x, y)"
    assert c.add.description == "Adds x and y."
    assert c.add.params == ["x", "y"]
    assert c.add.kind == "rpc"


def test_a_rest_parameter_shows_as_star_args(c: tarp_client.Client) -> None:
    assert str(inspect.signature(c.count_args)) == "(*args)"
    assert c.count_args(1, 2, 3) == 3


def test_endpoints_are_listed_and_reachable_by_name(c: tarp_client.Client) -> None:
    names = {e.name: e.kind for e in c._endpoints()}
    assert names["add"] == "rpc" and names["slow_add"] == "async"
    assert names["get_data"] == "get" and names["record"] == "post"
    assert "add" in dir(c) and "record" in dir(c)
    assert c["add"](2, 3) == 5
    assert c._call("add", 4, 5) == 9
    assert c._url.startswith("http://127.0.0.1:")


def test_an_unknown_name_is_not_found_and_an_attribute_error(c: tarp_client.Client) -> None:
    with pytest.raises(tarp_client.EndpointNotFound) as info:
        c.no_such_function(1)
    assert isinstance(info.value, tarp_client.NotFound)
    assert isinstance(info.value, AttributeError)
    assert 'no endpoint named "no_such_function"' in str(info.value)
    assert "add (rpc)" in str(info.value)
    assert hasattr(c, "add") and not hasattr(c, "no_such_function")


def test_a_function_returning_nothing_gives_none(c: tarp_client.Client) -> None:
    assert c.nothing() is None


def test_an_argument_that_cannot_be_sent_fails_before_sending(c: tarp_client.Client) -> None:
    with pytest.raises(TypeError, match=r"Cannot call echo\(\): a object cannot be sent"):
        c.echo(object())


def test_kwargs_travel_in_the_request_body() -> None:
    with fake_server(rpc_server(cbor_reply(cbor2.dumps({"status": "success", "result": 7})))) as f:
        c = tarp_client.client(f.url)
        assert c.f(1, y=2, z=[3]) == 7
        request = f.requests[-1]
    assert request.method == "POST" and request.path == "/f"
    assert request.headers["content-type"] == "application/cbor"
    assert request.headers["accept"] == "application/cbor"
    assert cbor2.loads(request.body) == {"args": [1], "kwargs": {"y": 2, "z": [3]}}


def test_kwargs_bind_by_name_on_the_real_server(c: tarp_client.Client) -> None:
    assert c.add(1, y=2) == 3
    assert c.add(y=2, x=40) == 42
    with pytest.raises(tarp_client.RemoteError) as info:
        c.add(1, z=2)
    assert info.value.status == 400
    assert 'no parameter named "z"' in str(info.value) and "x, y" in str(info.value)


def test_without_kwargs_the_body_has_args_only() -> None:
    with fake_server(rpc_server(cbor_reply(cbor2.dumps({"status": "success", "result": 1})))) as f:
        tarp_client.client(f.url).f("a")
        assert cbor2.loads(f.requests[-1].body) == {"args": ["a"]}


def test_the_client_timeout_raises_timeout_error(server_url: str) -> None:
    with tarp_client.client(server_url, timeout=0.3) as c:
        with pytest.raises(tarp_client.TimeoutError) as info:
            c.sleepy(3000)
        assert isinstance(info.value, TimeoutError)  # the built-in one too
        assert c.sleepy(10) == 10


def test_with_gives_a_client_with_another_timeout(c: tarp_client.Client) -> None:
    with pytest.raises(tarp_client.TimeoutError):
        c._with(timeout=0.2).sleepy(3000)
    assert c.sleepy(300) == 300  # the original client keeps its own timeout


def test_a_server_that_is_not_there_is_a_connection_error() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # bound but not listening: connections are refused
        with pytest.raises(tarp_client.TarpConnectionError) as info:
            tarp_client.client(f"http://127.0.0.1:{port}")
    assert isinstance(info.value, ConnectionError)
    assert f"127.0.0.1:{port}" in str(info.value)


def test_connected_says_whether_the_server_answers(c: tarp_client.Client) -> None:
    assert c._connected() is True
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        gone = tarp_client.Client(
            tarp_client.Transport(f"http://127.0.0.1:{s.getsockname()[1]}", None, 1, None), 1
        )
        assert gone._connected() is False


def test_a_url_that_is_not_http_is_refused() -> None:
    with pytest.raises(ValueError, match="not a TARP server URL"):
        tarp_client.client("ftp://localhost:8080")


def test_an_endpoint_added_later_is_found_by_reading_discovery_again() -> None:
    names = ["f"]
    ok = cbor_reply(cbor2.dumps({"status": "success", "result": "g answered"}))
    with fake_server(lambda req: discovery(rpc=list(names)) if req.path == "/" else ok) as f:
        c = tarp_client.client(f.url)
        names.append("g")  # the server restarted with another endpoint
        assert c.g() == "g answered"
        assert [r.path for r in f.requests] == ["/", "/", "/g"]


def test_underscore_names_never_reach_the_server() -> None:
    with fake_server(rpc_server(cbor_reply(b""))) as f:
        c = tarp_client.client(f.url)
        assert not hasattr(c, "_repr_html_") and not hasattr(c, "__wrapped__")
        assert len(f.requests) == 1  # discovery only
