"""Web endpoints: (mimetype, data) tuples, queries, bodies, raw payloads."""

from __future__ import annotations

import base64
import datetime as dt
import inspect
import pydoc

import numpy as np
import pytest

import tarp_client
from tarp_client import Payload


def test_a_get_endpoint_answers_a_mimetype_and_data(c: tarp_client.Client) -> None:
    assert c.get_data() == ("application/json", {"x": [0, 1, 2], "y": [0, 0.5, 1]})


def test_keyword_arguments_are_the_query(c: tarp_client.Client) -> None:
    mimetype, params = c.query_echo(lower=0, upper=3.14159)
    assert mimetype == "application/json"
    assert params == {"lower": "0", "upper": "3.14159"}


def test_a_dict_is_the_query_too_and_keywords_join_it(c: tarp_client.Client) -> None:
    _, params = c.query_echo({"lower": 1}, upper=2)
    assert params == {"lower": "1", "upper": "2"}


def test_query_values_are_percent_encoded_and_lists_repeat(c: tarp_client.Client) -> None:
    _, params = c.query_echo(tag=["a", "b&c=d"], text="x + y é", ok=True, no=False, gone=None)
    assert params == {"tag": ["a", "b&c=d"], "text": "x + y é", "ok": "true", "no": "false"}


def test_a_query_value_that_is_not_a_scalar_is_refused(c: tarp_client.Client) -> None:
    with pytest.raises(TypeError, match="query value 'when' must be a str"):
        c.query_echo(when=dt.date(2024, 1, 1))
    with pytest.raises(TypeError, match="the query must be a dict"):
        c.query_echo(5)
    with pytest.raises(TypeError, match="GET endpoint: call it as"):
        c.query_echo({}, {})


def test_a_raw_png_payload_arrives_as_bytes(c: tarp_client.Client) -> None:
    mimetype, png = c.get_plot()
    assert mimetype == "image/png"
    assert isinstance(png, bytes) and png.startswith(b"\x89PNG\r\n\x1a\n") and b"IHDR" in png


def test_a_raw_text_payload_arrives_as_bytes_too(c: tarp_client.Client) -> None:
    assert c.raw_text() == ("text/plain; charset=utf-8", "héllo".encode())


def test_strings_and_bytes_in_envelopes(c: tarp_client.Client) -> None:
    assert c.get_text() == ("text/plain", "plain words")
    mimetype, data = c.get_bytes()
    assert mimetype == "application/octet-stream"
    assert base64.b64decode(data) == b"\x01\x02\x03"  # base64 in the envelope, as the seed did


@pytest.mark.parametrize(
    ("body", "kind", "echoed"),
    [
        ({"value": 1.5}, "Object", {"value": 1.5}),
        ([1, "a"], "Array", [1, "a"]),
        (7, "number", 7),
        ("some text", "string", "some text"),
        (b"\x00\x01", "Uint8Array", base64.b64encode(b"\x00\x01").decode()),
        (Payload("a,b\n1,2\n", "text/csv"), "string", "a,b\n1,2\n"),
        (Payload(b"\x05", "application/x-thing"), "Uint8Array", "BQ=="),
        (
            {"when": dt.date(2024, 1, 2), "raw": b"\x01", "xs": np.arange(2.0)},
            "Object",
            {"when": "2024-01-02", "raw": "AQ==", "xs": [0.0, 1.0]},
        ),
    ],
)
def test_a_post_body_is_encoded_by_its_type(
    c: tarp_client.Client, body: object, kind: str, echoed: object
) -> None:
    mimetype, answer = c.record(body, unit="mm")
    assert mimetype == "application/json"
    assert answer == {"params": {"unit": "mm"}, "kind": kind, "body": echoed}


def test_a_post_without_body_sends_none(c: tarp_client.Client) -> None:
    assert c.record() == ("application/json", {"params": {}, "kind": "undefined"})
    assert c.record(None, {"q": 1})[1] == {"params": {"q": "1"}, "kind": "undefined"}


def test_web_errors_are_raised(c: tarp_client.Client) -> None:
    with pytest.raises(tarp_client.OperationInProgress) as info:
        c.get_busy()
    assert info.value.retry_after == 1.5 and info.value.message == "data not ready"


def test_a_nan_in_a_json_body_is_refused_before_sending(c: tarp_client.Client) -> None:
    with pytest.raises(TypeError, match="cannot be sent as JSON"):
        c.record({"x": float("nan")})


def test_help_shows_web_endpoints(c: tarp_client.Client) -> None:
    text = pydoc.plain(pydoc.render_doc(c.query_echo))
    assert "query_echo(query=None, /, **params)" in text
    assert "lower: the lower bound" in text
    assert str(inspect.signature(c.record)) == "(body=None, query=None, /, **params)"
    assert "Body: application/json" in pydoc.plain(pydoc.render_doc(c.record))
