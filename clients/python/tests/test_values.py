"""Values both ways by the README's CBOR table, against the real server."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

import cbor2
import pytest

import tarp_client
from tarp_client import JSError, JSRegExp, Map, TypedArray

UTC = dt.timezone.utc


@pytest.fixture(scope="module")
def rich(server_url: str) -> dict[str, Any]:
    with tarp_client.client(server_url, timeout=30) as c:
        value = c.rich()
    assert isinstance(value, dict)
    return value


def test_numbers_strings_and_bignums_arrive(rich: dict[str, Any]) -> None:
    assert rich["int"] == 42 and type(rich["int"]) is int
    assert rich["negative"] == -7
    assert rich["float"] == 1.5
    assert math.isnan(rich["nan"]) and rich["inf"] == -math.inf
    assert rich["big"] == 2**70 and rich["negbig"] == -(2**70)
    assert rich["small_bigint"] == 5
    assert rich["text"] == "héllo ✓"
    assert rich["yes"] is True and rich["nothing"] is None
    assert rich["undef"] is tarp_client.undefined


def test_dates_bytes_maps_and_sets_arrive(rich: dict[str, Any]) -> None:
    assert rich["date"] == dt.datetime(2024, 1, 2, 3, 4, 5, 678000, tzinfo=UTC)
    assert rich["bytes"] == b"\x00\x01\xff"
    assert rich["map"] == {"a": 1, 2: "two"}
    assert rich["map_array_key"] == {(1, 2): "pair"}  # an array key becomes a tuple
    assert rich["set"] == {1, "x"}


def test_tag_27_values_arrive_as_their_python_types(rich: dict[str, Any]) -> None:
    assert rich["regexp"] == JSRegExp("a+b", "gi")
    assert rich["regexp"].compile().search("xAAB")
    assert rich["error"] == JSError("RangeError", "too big", "because")
    assert isinstance(rich["error"], Exception)
    assert rich["type_error"].name == "TypeError" and rich["type_error"].message == "wrong type"
    assert rich["buffer"] == bytearray(b"\x09\x08") and type(rich["buffer"]) is bytearray
    assert isinstance(rich["view"], memoryview) and rich["view"].tobytes() == b"\x07"
    assert rich["boxed"] == "boxed"


def test_shared_references_and_cycles_arrive(rich: dict[str, Any]) -> None:
    first, second = rich["shared"]
    assert first is second and first == {"n": 1}
    assert rich["cycle"]["self"] is rich["cycle"] and rich["cycle"]["name"] == "loop"


def test_typed_arrays_of_kinds_numpy_lacks_arrive_wrapped(rich: dict[str, Any]) -> None:
    assert rich["clamped"] == TypedArray("Uint8ClampedArray", b"\x07\xff")
    assert rich["clamped"].tolist() == [7, 255]


@pytest.mark.parametrize(
    ("value", "js_type"),
    [
        ({"a": 1}, {"a": "number"}),
        ([1, "x"], ["number", "string"]),
        ({1: "x"}, "Map"),  # a dict with non-string keys is a Map, so the keys keep their types
        (Map({"a": 1}), "Map"),
        (Map([([1, 2], "pair")]), "Map"),  # keys a dict cannot hold
        ({1, 2}, "Set"),
        (frozenset([1]), "Set"),
        (b"\x01", "Uint8Array"),
        (bytearray(b"\x01"), "ArrayBuffer"),
        (memoryview(b"\x01"), "DataView"),
        (dt.datetime(2024, 1, 2, tzinfo=UTC), "Date"),
        (dt.date(2024, 1, 2), "Date"),
        (2**70, "bigint"),
        (-(2**70), "bigint"),
        (1.5, "number"),
        (True, "boolean"),
        (None, "null"),
        (tarp_client.undefined, "undefined"),
        (JSError("RangeError", "r"), "RangeError"),
        (TypeError("t"), "TypeError"),
        (ValueError("v"), "Error"),
        (re.compile("a+", re.I), "RegExp"),
        (JSRegExp("a", "g"), "RegExp"),
        (TypedArray("Uint8ClampedArray", b"\x01"), "Uint8ClampedArray"),
    ],
)
def test_python_values_arrive_as_javascript_types(
    c: tarp_client.Client, value: Any, js_type: Any
) -> None:
    assert c.describe(value) == js_type


@pytest.mark.parametrize(
    "value",
    [
        {"a": [1, 2.5, "x", None, True], "b": {"c": {}}},
        {1: "x", "y": 2, (1, 2): "pair"},
        {1, 2, 3},
        2**70,
        -(2**100),
        2**63 - 1,
        b"\x00\xff",
        bytearray(b"ab"),
        dt.datetime(2024, 1, 2, 3, 4, 5, 678000, tzinfo=UTC),
        JSError("RangeError", "bad", {"why": [1]}),
        JSRegExp("a+b", "gi"),
        "héllo ✓",
        [],
        {},
    ],
)
def test_values_survive_a_round_trip(c: tarp_client.Client, value: Any) -> None:
    assert c.echo(value) == value


def test_a_map_with_list_keys_comes_back_with_tuple_keys(c: tarp_client.Client) -> None:
    back = c.echo(Map([([1, 2], "list key"), ({"a": 1}, "dict key")]))
    assert back[(1, 2)] == "list key"
    assert back[cbor2.frozendict({"a": 1})] == "dict key"


def test_negative_zero_survives(c: tarp_client.Client) -> None:
    assert math.copysign(1, c.echo(-0.0)) == -1


def test_a_naive_datetime_is_local_time(c: tarp_client.Client) -> None:
    naive = dt.datetime(2024, 6, 1, 12, 30)
    assert c.echo(naive) == naive.astimezone(UTC)


def test_a_date_is_midnight_utc(c: tarp_client.Client) -> None:
    assert c.echo(dt.date(2024, 1, 2)) == dt.datetime(2024, 1, 2, tzinfo=UTC)


def test_python_exceptions_keep_their_cause(c: tarp_client.Client) -> None:
    try:
        raise TypeError("outer") from ValueError("inner")
    except TypeError as e:
        back = c.echo(e)
    assert back == JSError("TypeError", "outer", JSError("Error", "inner"))


def test_a_cycle_is_sent_as_a_cycle(c: tarp_client.Client) -> None:
    node: dict[str, Any] = {"name": "loop"}
    node["self"] = node
    assert c.is_cycle(node) is True
    back = c.echo(node)
    assert back["self"] is back
    items: list[Any] = [1]
    items.append(items)
    echoed = c.echo(items)
    assert echoed[1] is echoed


def test_shared_objects_are_copies_unless_the_value_has_a_cycle(c: tarp_client.Client) -> None:
    shared = {"n": 1}
    assert c.same_object([shared, shared]) is False  # sent as copies, as JSON would
    loop: list[Any] = []
    loop.append(loop)
    assert c.same_object([shared, shared, loop]) is True  # a cycle turns sharing on


def test_types_without_a_tarp_value_are_refused(c: tarp_client.Client) -> None:
    import decimal

    with pytest.raises(TypeError, match="Decimal has no TARP value"):
        c.echo(decimal.Decimal("1.5"))
    with pytest.raises(TypeError, match="complex has no TARP value"):
        c.echo(1j)


@pytest.mark.parametrize("big", [2**32, 2**40, -(2**40), 2**53 - 2])
def test_ints_beyond_32_bits_arrive_as_numbers_not_bigints(c: tarp_client.Client, big: int) -> None:
    # JavaScript reads an 8-byte CBOR integer as a BigInt, and BigInt + number throws: the client
    # sends such ints as exact float64 numbers.
    assert c.add(big, 1) == big + 1
    assert c.describe(big) == "number"
