"""CBOR both ways by TARP's value table, on cbor2 with TARP's tags added.

``encode`` writes exactly the tags the server accepts; ``decode`` builds only the types in the
table and turns anything malformed, truncated, too deep or foreign into :class:`ProtocolError`.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Callable, Mapping
from typing import Any

import cbor2

from ._encode import encode_value
from ._typed import TAGS, decode_typed
from .errors import ProtocolError
from .values import JSError, JSRegExp

__all__ = ["MAX_DEPTH", "decode", "encode_value"]

#: Deepest nesting an answer may have (containers and tags), as cbor2 counts it.
MAX_DEPTH = 400

_ERROR_NAMES = {
    "Error",
    "EvalError",
    "RangeError",
    "ReferenceError",
    "SyntaxError",
    "TypeError",
    "URIError",
}
# Tags cbor2 decodes by itself that are not in TARP's table.
_FOREIGN_TAGS = (4, 5, 25, 30, 35, 36, 37, 52, 54, 100, 256, 260, 261, 1004, 55799)
_BREAK = cbor2.loads(b"\xff")  # what cbor2 leaves for a stray "break" byte
_CONTAINERS = (list, tuple, dict, set, frozenset, cbor2.frozendict)


def _decode_epoch(value: Any, immutable: bool) -> dt.datetime | None:
    """Tag 1: a Date. An invalid Date (NaN) or one Python cannot hold becomes None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError("tag 1 (a Date) must hold a number of seconds")
    if not math.isfinite(value):
        return None
    try:
        return dt.datetime.fromtimestamp(value, dt.timezone.utc)
    except (OverflowError, ValueError, OSError):
        return None


def _decode_generic(value: Any, immutable: bool) -> Any:
    """Tag 27: ``[type name, ...fields]`` for errors, RegExp, ArrayBuffer, DataView, boxes."""
    if not isinstance(value, (list, tuple)) or not value or not isinstance(value[0], str):
        raise ValueError("tag 27 must hold an array [type name, ...fields]")
    name, fields = value[0], list(value[1:])
    if name in _ERROR_NAMES:
        options = fields[1] if len(fields) > 1 else None
        cause = options.get("cause") if isinstance(options, Mapping) else None
        return JSError(name, str(fields[0]) if fields else "", cause)
    if name == "RegExp" and fields and isinstance(fields[0], str):
        flags = fields[1] if len(fields) > 1 and isinstance(fields[1], str) else ""
        return JSRegExp(fields[0], flags)
    if name in ("ArrayBuffer", "DataView") and fields and isinstance(fields[0], bytes):
        if immutable:
            return fields[0]
        buffer = bytearray(fields[0])
        return buffer if name == "ArrayBuffer" else memoryview(buffer)
    if name in ("Number", "String", "Boolean") and fields:
        return fields[0]
    raise ValueError(f'tag 27 type "{name}" is not part of the TARP value mapping')


@cbor2.shareable_decoder
def _decode_map(immutable: bool) -> tuple[Any, Callable[[Any], Any]]:
    """Tag 259: a Map, as a dict (filled in place, so that cycles through it work)."""
    target: dict[Any, Any] = {}

    def fill(value: Any) -> Any:
        if not isinstance(value, (dict, cbor2.frozendict)):
            raise ValueError("tag 259 (a Map) must hold a map")
        if immutable:
            return cbor2.frozendict(value)
        target.update(value)
        return target

    return target, fill


def _refuse(tag: int) -> Callable[[Any, bool], Any]:
    def refuse(value: Any, immutable: bool) -> Any:
        raise ValueError(f"CBOR tag {tag} is not part of the TARP value mapping")

    return refuse


def _typed(tag: int) -> Callable[[Any, bool], Any]:
    return lambda value, immutable: decode_typed(tag, value, immutable)


def _unknown_tag(tag: cbor2.CBORTag, immutable: bool) -> Any:
    raise ValueError(f"CBOR tag {tag.tag} is not part of the TARP value mapping")


_SEMANTIC: dict[int, Any] = {
    1: _decode_epoch,
    27: _decode_generic,
    259: _decode_map,
    **{tag: _typed(tag) for tag in TAGS},
    **{tag: _refuse(tag) for tag in _FOREIGN_TAGS},
}


def decode(data: bytes, what: str) -> Any:
    """Decodes one CBOR item that must fill ``data``; ``what`` names the answer in errors."""
    fp = io.BytesIO(data)
    try:
        decoder = cbor2.CBORDecoder(
            fp, semantic_decoders=_SEMANTIC, tag_hook=_unknown_tag, max_depth=MAX_DEPTH
        )
        value = decoder.decode()
    except (cbor2.CBORError, ValueError, TypeError, OverflowError, RecursionError) as e:
        raise ProtocolError(f"{what} is not valid TARP CBOR: {_reason(e)}") from e
    if fp.tell() != len(data):
        extra = len(data) - fp.tell()
        raise ProtocolError(f"{what} has {extra} bytes after its CBOR item")
    if _has_break(value):
        raise ProtocolError(f"{what} is not valid TARP CBOR: a stray break byte (0xff)")
    return value


def _reason(e: BaseException) -> str:
    parts = [str(e) or type(e).__name__]
    cause = e.__cause__ or e.__context__
    if cause is not None and str(cause) not in parts[0]:
        parts.append(str(cause) or type(cause).__name__)
    if "unhashable" in parts[-1]:
        parts.append(
            "a map key or set member is an object the value also holds elsewhere, which "
            "a Python dict or set cannot hold (send a copy of it as the key)"
        )
    return ": ".join(parts)


def _has_break(value: Any) -> bool:
    """True when cbor2 left its break marker anywhere in ``value`` (walked without recursion)."""
    if value is _BREAK:
        return True
    seen: set[int] = set()
    stack = [value]
    while stack:
        item = stack.pop()
        if not isinstance(item, _CONTAINERS) or id(item) in seen:
            continue
        seen.add(id(item))
        children = (
            [*item.keys(), *item.values()] if isinstance(item, (dict, cbor2.frozendict)) else item
        )
        for child in children:
            if child is _BREAK:
                return True
            if isinstance(child, _CONTAINERS):
                stack.append(child)
    return False
