"""The codec on its own: bytes the TypeScript side writes, and the fallbacks without numpy."""

from __future__ import annotations

import array
import re
import struct
from typing import Any

import numpy as np
import pytest

import tarp_client
from tarp_client import JSRegExp, Map, TypedArray, _typed
from tarp_client.codec import decode, encode_value


def js(hex_bytes: str) -> Any:
    """Decodes CBOR bytes captured from the server's encoder (cbor-x)."""
    return decode(bytes.fromhex(hex_bytes), "test bytes")


def test_a_map_that_contains_itself_is_rebuilt() -> None:
    # new Map([["me", <itself>]]) as the server writes it: tag 28 around tag 259.
    value = js("d81cd90103a1626d65d81d190000")
    assert value["me"] is value


def test_a_map_shared_twice_is_one_dict() -> None:
    first, second = js("82d81cd90103a10102d81d190000")  # [m, m] with m = new Map([[1, 2]])
    assert first is second and first == {1: 2}


def test_a_map_key_shared_with_the_rest_of_the_value_is_explained() -> None:
    # const k = [1]; [k, new Map([[k, "v"]])]: the key is a reference (tag 29) to a list.
    with pytest.raises(tarp_client.ProtocolError, match="holds elsewhere, which a Python dict"):
        js("82d81c8101d90103a1d81d1900006176")


def test_an_invalid_date_is_none() -> None:
    assert js("c1f97e00") is None  # tag 1 around NaN: new Date(NaN)


def test_big_endian_typed_arrays_are_read() -> None:
    data = struct.pack(">2d", 1.5, -2.0)
    value = decode(bytes([0xD8, 82, 0x50]) + data, "test")  # tag 82: float64, big-endian
    assert value.dtype == np.float64 and value.tolist() == [1.5, -2.0]


def test_a_typed_array_of_partial_elements_is_a_protocol_error() -> None:
    with pytest.raises(tarp_client.ProtocolError, match="not whole 8-byte elements"):
        decode(bytes([0xD8, 86, 0x43, 1, 2, 3]), "test")


def test_typed_arrays_as_set_members_are_hashable_wrappers() -> None:
    value = decode(encode_value({TypedArray("Float64Array", struct.pack("<d", 1.0))}), "test")
    assert value == {TypedArray("Float64Array", struct.pack("<d", 1.0))}


def test_without_numpy_typed_arrays_are_array_arrays(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_typed, "np", None)
    f64 = decode(encode_value(TypedArray.from_values("Float64Array", [1.5, 2])), "test")
    assert isinstance(f64, array.array) and f64.typecode == "d" and f64.tolist() == [1.5, 2.0]
    i64 = decode(encode_value(TypedArray.from_values("BigInt64Array", [-(2**63)])), "test")
    assert isinstance(i64, array.array) and i64.tolist() == [-(2**63)]
    f16 = decode(encode_value(TypedArray.from_values("Float16Array", [0.5])), "test")
    assert f16 == TypedArray("Float16Array", struct.pack("<e", 0.5)) and f16.tolist() == [0.5]


def test_array_arrays_are_sent_as_typed_arrays() -> None:
    encoded = encode_value(array.array("d", [1.0, 2.0]))
    assert encoded[:2] == bytes([0xD8, 86])
    assert decode(encoded, "test").tolist() == [1.0, 2.0]
    assert encode_value(array.array("i", [1]))[:2] == bytes([0xD8, 78])  # Int32Array


def test_float16_arrays_with_numpy() -> None:
    value = decode(encode_value(np.array([0.5, -1], dtype=np.float16)), "test")
    assert value.dtype == np.float16 and value.tolist() == [0.5, -1.0]


def test_float128_arrays_are_kept_as_bytes() -> None:
    value = decode(bytes([0xD8, 87, 0x50]) + bytes(16), "test")
    assert value == TypedArray("Float128Array", bytes(16))
    with pytest.raises(ValueError, match="no Python element type"):
        value.tolist()


def test_map_wrapper_lookup_and_equality() -> None:
    m = Map([([1, 2], "list"), ("a", 1)])
    assert m[[1, 2]] == "list" and m["a"] == 1 and len(m) == 2
    assert list(m) == [[1, 2], "a"]
    assert Map({"a": 1}) == {"a": 1} and m != {"a": 1}
    with pytest.raises(KeyError):
        m["missing"]
    assert encode_value(Map({"a": 1}))[:3] == bytes([0xD9, 0x01, 0x03])  # tag 259


def test_a_dict_with_string_keys_is_an_object_and_other_keys_make_a_map() -> None:
    assert encode_value({"a": 1}) == bytes.fromhex("a1616101")
    assert encode_value({1: 2})[:3] == bytes([0xD9, 0x01, 0x03])


def test_regexp_conversions() -> None:
    assert JSRegExp.from_pattern(re.compile("a.b", re.I | re.S)) == JSRegExp("a.b", "is")
    assert JSRegExp("^x$", "m").compile().findall("x\nx") == ["x", "x"]
    assert str(JSRegExp("a+", "g")) == "/a+/g"


def test_an_unknown_tag_27_type_is_a_protocol_error() -> None:
    with pytest.raises(tarp_client.ProtocolError, match='tag 27 type "Function" is not part'):
        decode(bytes.fromhex("d81b8268" + b"Function".hex() + "00"), "test")


def test_undefined_round_trips_inside_values() -> None:
    assert decode(encode_value([tarp_client.undefined]), "test") == [tarp_client.undefined]
