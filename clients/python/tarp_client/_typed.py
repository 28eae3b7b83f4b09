"""Typed arrays (RFC 8746 tags 64-87) to and from numpy arrays, ``array.array`` or TypedArray.

Arrays are sent little-endian (the tags JavaScript's typed arrays use). numpy arrays go through
their buffer, never through Python lists.
"""

from __future__ import annotations

import array
import sys
from typing import Any

from .values import TypedArray

__all__ = ["KIND_TAGS", "TAGS", "decode_typed", "encode_typed", "np"]

try:
    import numpy as np
except ImportError:  # numpy is optional
    np = None  # type: ignore[assignment]

# tag -> (JavaScript kind, numpy dtype string); dtype None: numpy has no such type.
TAGS: dict[int, tuple[str, str | None]] = {
    64: ("Uint8Array", "u1"),
    65: ("Uint16Array", ">u2"),
    66: ("Uint32Array", ">u4"),
    67: ("BigUint64Array", ">u8"),
    68: ("Uint8ClampedArray", None),
    69: ("Uint16Array", "<u2"),
    70: ("Uint32Array", "<u4"),
    71: ("BigUint64Array", "<u8"),
    72: ("Int8Array", "i1"),
    73: ("Int16Array", ">i2"),
    74: ("Int32Array", ">i4"),
    75: ("BigInt64Array", ">i8"),
    77: ("Int16Array", "<i2"),
    78: ("Int32Array", "<i4"),
    79: ("BigInt64Array", "<i8"),
    80: ("Float16Array", ">f2"),
    81: ("Float32Array", ">f4"),
    82: ("Float64Array", ">f8"),
    83: ("Float128BEArray", None),
    84: ("Float16Array", "<f2"),
    85: ("Float32Array", "<f4"),
    86: ("Float64Array", "<f8"),
    87: ("Float128Array", None),
}
_BIG_ENDIAN_TAGS = {65, 66, 67, 73, 74, 75, 80, 81, 82, 83}
# The little-endian tag of each kind: the one this client sends.
KIND_TAGS: dict[str, int] = {
    kind: tag for tag, (kind, _) in TAGS.items() if tag not in _BIG_ENDIAN_TAGS
}
_ITEMSIZE = {"Float128BEArray": 16, "Float128Array": 16}
# (numpy dtype kind, itemsize) -> JavaScript kind
_NUMPY_KINDS = {
    ("u", 1): "Uint8Array",
    ("u", 2): "Uint16Array",
    ("u", 4): "Uint32Array",
    ("u", 8): "BigUint64Array",
    ("i", 1): "Int8Array",
    ("i", 2): "Int16Array",
    ("i", 4): "Int32Array",
    ("i", 8): "BigInt64Array",
    ("f", 2): "Float16Array",
    ("f", 4): "Float32Array",
    ("f", 8): "Float64Array",
}


def decode_typed(tag: int, data: Any, hashable: bool) -> Any:
    """The Python value of typed array ``tag`` holding ``data`` (a byte string)."""
    if not isinstance(data, bytes):
        raise ValueError(f"tag {tag} (a typed array) must hold a byte string")
    kind, dtype = TAGS[tag]
    itemsize = _ITEMSIZE.get(kind) or (int(dtype[-1]) if dtype else 1)
    if len(data) % itemsize:
        raise ValueError(f"a {kind} of {len(data)} bytes is not whole {itemsize}-byte elements")
    if tag == 64:
        return data
    if dtype is None or hashable:
        return TypedArray(kind, _little_endian(data, itemsize, tag))
    if np is not None:
        raw = np.frombuffer(data, dtype=np.dtype(dtype))
        return raw.astype(raw.dtype.newbyteorder("="))  # a writable native-order copy
    return _to_array(kind, _little_endian(data, itemsize, tag))


def _little_endian(data: bytes, itemsize: int, tag: int) -> bytes:
    if tag not in _BIG_ENDIAN_TAGS or itemsize == 1:
        return data
    return b"".join(data[i : i + itemsize][::-1] for i in range(0, len(data), itemsize))


def _to_array(kind: str, data: bytes) -> Any:
    """An ``array.array`` for ``kind`` (little-endian ``data``), or a TypedArray if none fits."""
    wrapped = TypedArray(kind, data)
    code = _array_code(kind[0] == "F", kind.startswith(("Int", "BigInt")), wrapped.itemsize)
    if code is None:
        return wrapped
    out = array.array(code, data)
    if sys.byteorder == "big":
        out.byteswap()
    return out


def _array_code(is_float: bool, signed: bool, itemsize: int) -> str | None:
    codes = "fd" if is_float else ("bhilq" if signed else "BHILQ")
    for code in codes:
        if array.array(code).itemsize == itemsize:
            return code
    return None


def encode_typed(value: Any) -> tuple[int, bytes] | None:
    """``(tag, little-endian bytes)`` for a numpy array, ``array.array`` or TypedArray; or None."""
    if isinstance(value, TypedArray):
        if value.kind not in KIND_TAGS:
            raise TypeError(f"TypedArray kind {value.kind!r} is not a JavaScript typed array")
        return KIND_TAGS[value.kind], value.data
    if isinstance(value, array.array):
        return _encode_array(value)
    if np is not None and isinstance(value, np.ndarray):
        return _encode_numpy(value)
    return None


def _encode_array(value: array.array[Any]) -> tuple[int, bytes]:
    if value.typecode in ("u", "w"):
        raise TypeError("an array.array of characters cannot be sent; send a str")
    is_float = value.typecode in "fd"
    signed = value.typecode in "bhilq"
    kind = _kind_of("f" if is_float else ("i" if signed else "u"), value.itemsize)
    if sys.byteorder == "big":
        value = array.array(value.typecode, value)
        value.byteswap()
    return KIND_TAGS[kind], value.tobytes()


def _encode_numpy(value: Any) -> tuple[int, bytes]:
    if value.ndim != 1:
        raise TypeError(
            f"a {value.ndim}-dimensional numpy array cannot be sent: JavaScript's typed arrays "
            "have one dimension; send a.ravel() and the shape separately"
        )
    kind = _kind_of(value.dtype.kind, value.dtype.itemsize)
    little = value.astype(value.dtype.newbyteorder("<"), copy=False)
    return KIND_TAGS[kind], little.tobytes()


def _kind_of(dtype_kind: str, itemsize: int) -> str:
    kind = _NUMPY_KINDS.get((dtype_kind, itemsize))
    if kind is None:
        raise TypeError(
            f"an array of {dtype_kind}{itemsize} elements has no JavaScript typed array; "
            "convert it (e.g. a.astype(numpy.float64), or numpy.uint8 for booleans)"
        )
    return kind
