"""Encoding Python values as TARP CBOR: cbor2's encoder with TARP's tags and nothing else."""

from __future__ import annotations

import array
import collections
import datetime as dt
import fractions
import ipaddress
import re
import uuid
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import cbor2

from ._typed import encode_typed, np
from .errors import RemoteError
from .values import JSError, JSRegExp, Map

# Python exceptions whose JavaScript error keeps the same name; others are sent as "Error".
_SAME_NAME_ERRORS = {
    TypeError: "TypeError",
    SyntaxError: "SyntaxError",
    ReferenceError: "ReferenceError",
}
_JS_ERROR_NAMES = {
    "Error",
    "EvalError",
    "RangeError",
    "ReferenceError",
    "SyntaxError",
    "TypeError",
    "URIError",
}


def _encode_dict(encoder: cbor2.CBOREncoder, value: Mapping[Any, Any]) -> None:
    """An object when every key is a string, else a Map (tag 259), so that keys keep types."""
    if not all(isinstance(key, str) for key in value):
        encoder.encode_length(6, 259)
    encoder.encode_map(value)


@cbor2.shareable_encoder
def _encode_shared_dict(encoder: cbor2.CBOREncoder, value: Mapping[Any, Any]) -> None:
    """The same, for values with cycles: tag 28 goes outside tag 259 (as JavaScript writes it),
    so the map is written here rather than by encode_map, which would mark it a second time."""
    if not all(isinstance(key, str) for key in value):
        encoder.encode_length(6, 259)
    encoder.encode_length(5, len(value))
    for key, item in value.items():
        encoder.encode(key)
        encoder.encode(item)


def _encode_int(encoder: cbor2.CBOREncoder, value: int) -> None:
    """JavaScript reads an 8-byte CBOR integer as a BigInt, and an int the client sends as a
    number must stay a number there: beyond 32 bits and up to 2**53 it goes as a float64, which
    holds it exactly. Larger ints go as integers and arrive as BigInt."""
    if (value >= 2**32 or value < -(2**32)) and abs(value) <= 2**53:
        encoder.encode_float(float(value))
    else:
        encoder.encode_int(value)


def _encode_datetime(encoder: cbor2.CBOREncoder, value: dt.datetime) -> None:
    """Tag 1, seconds since the epoch; a naive datetime is local time (as .timestamp() says)."""
    encoder.encode_semantic(1, value.timestamp())


def _encode_date(encoder: cbor2.CBOREncoder, value: dt.date) -> None:
    """A date is sent as a Date at midnight UTC (what JavaScript makes of "2024-01-02")."""
    midnight = dt.datetime.combine(value, dt.time(), tzinfo=dt.timezone.utc)
    encoder.encode_semantic(1, midnight.timestamp())


def _encode_generic(encoder: cbor2.CBOREncoder, fields: list[Any]) -> None:
    encoder.encode_semantic(27, fields)


def _refuse(encoder: cbor2.CBOREncoder, value: Any) -> None:
    raise TypeError(
        f"a {type(value).__name__} has no TARP value; convert it first (float(x) or str(x))"
    )


_DICTS = (dict, collections.OrderedDict, collections.defaultdict, collections.Counter)
_ENCODERS: dict[type, Any] = {
    int: _encode_int,
    **{cls: _encode_dict for cls in _DICTS},
    Map: lambda e, v: _encode_map(e, v),
    array.array: lambda e, v: _encode_typed(e, v),
    dt.datetime: _encode_datetime,
    dt.date: _encode_date,
    re.Pattern: lambda e, v: _encode_generic(e, ["RegExp", *_regexp_fields(v)]),
    bytearray: lambda e, v: _encode_generic(e, ["ArrayBuffer", bytes(v)]),
    memoryview: lambda e, v: _encode_generic(e, ["DataView", v.tobytes()]),
    **{
        cls: _refuse
        for cls in (
            Decimal,
            fractions.Fraction,
            uuid.UUID,
            complex,
            ipaddress.IPv4Address,
            ipaddress.IPv6Address,
            ipaddress.IPv4Network,
            ipaddress.IPv6Network,
            ipaddress.IPv4Interface,
            ipaddress.IPv6Interface,
        )
    },
}


_SHARING_ENCODERS: dict[type, Any] = {**_ENCODERS, **{cls: _encode_shared_dict for cls in _DICTS}}


def _regexp_fields(pattern: re.Pattern[str]) -> list[str]:
    regexp = JSRegExp.from_pattern(pattern)
    return [regexp.source, regexp.flags]


def _error_fields(error: BaseException) -> list[Any]:
    if isinstance(error, JSError):
        name, message, cause = error.name, error.message, error.cause
    elif isinstance(error, RemoteError):
        name = error.type if error.type in _JS_ERROR_NAMES else "Error"
        message, cause = error.message, error.__cause__
    else:
        name = next((n for c, n in _SAME_NAME_ERRORS.items() if isinstance(error, c)), "Error")
        message, cause = str(error), error.__cause__
    return [name, message] if cause is None else [name, message, {"cause": cause}]


def _encode_map(encoder: cbor2.CBOREncoder, value: Map) -> None:
    """Tag 259 around the pairs, written one by one (the keys need not be hashable)."""
    encoder.encode_length(6, 259)
    encoder.encode_length(5, len(value))
    for key, item in value.pairs():
        encoder.encode(key)
        encoder.encode(item)


def _encode_typed(encoder: cbor2.CBOREncoder, value: Any) -> None:
    encoder.encode_semantic(*encode_typed(value))  # type: ignore[misc]


def _default(encoder: cbor2.CBOREncoder, value: Any) -> None:
    """Types cbor2 does not know: typed arrays, Map, errors, RegExp, numpy scalars, Mappings."""
    typed = encode_typed(value)
    if typed is not None:
        encoder.encode_semantic(*typed)
    elif isinstance(value, Map):
        _encode_map(encoder, value)
    elif isinstance(value, BaseException):
        _encode_generic(encoder, _error_fields(value))
    elif isinstance(value, JSRegExp):
        _encode_generic(encoder, ["RegExp", value.source, value.flags])
    elif np is not None and isinstance(value, np.generic):
        encoder.encode(value.item())
    elif isinstance(value, Mapping):
        _encode_dict(encoder, dict(value))
    else:
        raise TypeError(
            f"a {type(value).__name__} cannot be sent: TARP sends the values of its README's "
            "table (dict, list, str, int, float, bytes, datetime, set, numpy arrays, …)"
        )


def encode_value(value: Any) -> bytes:
    """The CBOR for ``value``. Raises TypeError saying what cannot be sent.

    Values are written without shared references unless they contain a cycle; then every
    container is marked shareable (tags 28/29), which the server rebuilds with the cycle.
    """
    try:
        try:
            return cbor2.dumps(value, encoders=_ENCODERS, default=_default)
        except cbor2.CBOREncodeValueError as e:
            if "cyclic" not in str(e):
                raise
            return cbor2.dumps(
                value, encoders=_SHARING_ENCODERS, default=_default, value_sharing=True
            )
    except (cbor2.CBOREncodeError, TypeError, ValueError, RecursionError) as e:
        raise TypeError(_why(e)) from e


def _why(e: BaseException) -> str:
    while e.__cause__ is not None or e.__context__ is not None:
        if isinstance(e, TypeError) and not isinstance(e, cbor2.CBOREncodeError):
            break
        e = e.__cause__ or e.__context__  # type: ignore[assignment]
    return str(e) or type(e).__name__
