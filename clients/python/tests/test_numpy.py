"""numpy arrays <-> JavaScript typed arrays (RFC 8746, little-endian), through their buffers."""

from __future__ import annotations

import numpy as np
import pytest

import tarp_client
from tarp_client.codec import encode_value

KINDS = [
    (np.int8, "Int8Array"),
    (np.uint16, "Uint16Array"),
    (np.int16, "Int16Array"),
    (np.uint32, "Uint32Array"),
    (np.int32, "Int32Array"),
    (np.uint64, "BigUint64Array"),
    (np.int64, "BigInt64Array"),
    (np.float32, "Float32Array"),
    (np.float64, "Float64Array"),
]


def test_a_float64_array_arrives_as_a_float64array_and_back(c: tarp_client.Client) -> None:
    a = np.linspace(0, 1, 1000)
    assert c.describe(a) == "Float64Array"
    back = c.echo(a)
    assert isinstance(back, np.ndarray) and back.dtype == np.float64
    np.testing.assert_array_equal(back, a)


def test_an_array_is_sent_as_its_bytes_not_as_a_list() -> None:
    a = np.arange(100_000, dtype=np.float64)
    encoded = encode_value(a)
    assert encoded[:2] == bytes([0xD8, 86])  # tag 86: Float64Array, little-endian
    assert len(encoded) == 2 + 5 + a.nbytes  # tag, byte-string header, the bytes themselves


@pytest.mark.parametrize(("dtype", "kind"), KINDS)
def test_each_dtype_maps_to_its_typed_array(c: tarp_client.Client, dtype: type, kind: str) -> None:
    a: np.ndarray = np.array([0, 1, 100], dtype=dtype)
    assert c.describe(a) == kind
    back = c.echo(a)
    assert back.dtype == np.dtype(dtype)
    np.testing.assert_array_equal(back, a)


def test_uint8_arrays_are_uint8array_and_come_back_as_bytes(c: tarp_client.Client) -> None:
    a = np.array([1, 2, 255], dtype=np.uint8)
    assert c.describe(a) == "Uint8Array"
    assert c.echo(a) == b"\x01\x02\xff"


def test_big_endian_and_strided_arrays_are_sent_right(c: tarp_client.Client) -> None:
    big = np.array([1.5, -2.0], dtype=">f8")
    np.testing.assert_array_equal(c.echo(big), [1.5, -2.0])
    strided = np.arange(10, dtype=np.int32)[::3]
    np.testing.assert_array_equal(c.echo(strided), [0, 3, 6, 9])


def test_arrays_that_arrive_are_writable(c: tarp_client.Client) -> None:
    back = c.echo(np.array([1.0, 2.0]))
    back[0] = 7.0
    assert back.tolist() == [7.0, 2.0]


def test_typed_arrays_from_the_server_arrive_as_numpy(rich_arrays: dict[str, object]) -> None:
    np.testing.assert_array_equal(rich_arrays["f64"], [1.5, -2.25, 1e300])
    assert rich_arrays["f32"].dtype == np.float32  # type: ignore[attr-defined]
    assert rich_arrays["i32"].tolist() == [-1, 2147483647]  # type: ignore[attr-defined]
    assert rich_arrays["u16"].dtype == np.uint16  # type: ignore[attr-defined]
    assert rich_arrays["i64"].tolist() == [-(2**63), 5]  # type: ignore[attr-defined]


def test_numpy_scalars_are_sent_as_numbers(c: tarp_client.Client) -> None:
    assert c.describe([np.int64(3), np.float32(1.5), np.bool_(True)]) == [
        "number",
        "number",
        "boolean",
    ]


def test_arrays_javascript_cannot_hold_are_refused(c: tarp_client.Client) -> None:
    with pytest.raises(TypeError, match="one dimension; send a.ravel"):
        c.echo(np.zeros((2, 2)))
    with pytest.raises(TypeError, match="no JavaScript typed array"):
        c.echo(np.array([True, False]))
    with pytest.raises(TypeError, match="no JavaScript typed array"):
        c.echo(np.array([1 + 2j]))


@pytest.fixture(scope="module")
def rich_arrays(server_url: str) -> dict[str, object]:
    with tarp_client.client(server_url, timeout=30) as c:
        value = c.rich()
    return {k: value[k] for k in ("f64", "f32", "i32", "u16", "i64")}
