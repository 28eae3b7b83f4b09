"""Python types for the JavaScript values that have no exact Python counterpart.

Most values map onto built-in types (see the README's table); these wrappers carry the rest so
that they survive a round trip: a ``Map`` whose keys Python cannot hash, a typed array without
numpy (or of a kind numpy lacks), a JavaScript error object, and a ``RegExp``.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import cbor2

#: JavaScript's ``undefined`` inside a value (a top-level ``undefined`` result becomes ``None``).
undefined = cbor2.undefined

# struct format letters (little-endian) of each typed array kind; Float128 has none.
_FORMATS: dict[str, str] = {
    "Uint8Array": "B",
    "Uint8ClampedArray": "B",
    "Int8Array": "b",
    "Uint16Array": "H",
    "Int16Array": "h",
    "Uint32Array": "I",
    "Int32Array": "i",
    "BigUint64Array": "Q",
    "BigInt64Array": "q",
    "Float16Array": "e",
    "Float32Array": "f",
    "Float64Array": "d",
}


class Map(Mapping[Any, Any]):
    """A JavaScript ``Map`` kept as ``(key, value)`` pairs, so that any key works.

    Maps arrive as plain dicts when Python can hash their keys; use this class to send a ``Map``
    whose keys a dict cannot hold (lists, dicts), or to send a ``Map`` rather than an object when
    all keys are strings. Lookup compares keys with ``==``, in insertion order.
    """

    def __init__(self, pairs: Mapping[Any, Any] | Iterable[tuple[Any, Any]] = ()) -> None:
        items = pairs.items() if isinstance(pairs, Mapping) else pairs
        self._pairs: list[tuple[Any, Any]] = [(k, v) for k, v in items]

    def __getitem__(self, key: Any) -> Any:
        for k, v in self._pairs:
            if k is key or k == key:
                return v
        raise KeyError(key)

    def __iter__(self) -> Iterator[Any]:
        return (k for k, _ in self._pairs)

    def __len__(self) -> int:
        return len(self._pairs)

    def pairs(self) -> list[tuple[Any, Any]]:
        """The ``(key, value)`` pairs in insertion order."""
        return list(self._pairs)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Map):
            return self._pairs == other._pairs
        if isinstance(other, Mapping):
            try:
                return len(self) == len(other) and all(
                    k in other and other[k] == v for k, v in self._pairs
                )
            except TypeError:  # a key the other mapping cannot hash is not in it
                return False
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Map({self._pairs!r})"


@dataclass(frozen=True)
class TypedArray:
    """A JavaScript typed array as its kind and its little-endian bytes.

    Typed arrays arrive as numpy arrays when numpy is installed, else as ``array.array``; this
    class carries the kinds neither has (``Uint8ClampedArray``, ``Float16Array`` without numpy)
    and typed arrays used as map keys or set members (which must be hashable).
    """

    kind: str
    data: bytes

    @classmethod
    def from_values(cls, kind: str, values: Iterable[float]) -> TypedArray:
        """Packs numbers into a typed array of ``kind``, e.g. ``("Float32Array", [1.5, 2])``."""
        fmt = _format(kind)
        items = list(values)
        return cls(kind, struct.pack(f"<{len(items)}{fmt}", *items))

    @property
    def itemsize(self) -> int:
        """Bytes per element."""
        return struct.calcsize(_format(self.kind))

    def __len__(self) -> int:
        return len(self.data) // self.itemsize

    def tolist(self) -> list[Any]:
        """The elements as Python numbers."""
        return list(struct.unpack(f"<{len(self)}{_format(self.kind)}", self.data))


def _format(kind: str) -> str:
    try:
        return _FORMATS[kind]
    except KeyError:
        raise ValueError(f"{kind} has no Python element type; its bytes are in .data") from None


class JSError(Exception):
    """A JavaScript error object sent as a value (not thrown): ``name``, ``message``, ``cause``.

    Sending any Python exception sends an error object: ``TypeError``, ``SyntaxError`` and
    ``ReferenceError`` keep their names, other exceptions arrive as ``Error`` (as with
    ``structuredClone``).
    """

    def __init__(self, name: str, message: str = "", cause: Any = None) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message
        self.cause = cause

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, JSError):
            return NotImplemented
        return (self.name, self.message, self.cause) == (other.name, other.message, other.cause)

    def __hash__(self) -> int:
        return hash((self.name, self.message))

    def __repr__(self) -> str:
        cause = "" if self.cause is None else f", cause={self.cause!r}"
        return f"JSError({self.name!r}, {self.message!r}{cause})"


@dataclass(frozen=True)
class JSRegExp:
    """A JavaScript ``RegExp``: its source and flags (``/a+b/gi`` is ``JSRegExp("a+b", "gi")``).

    JavaScript and Python regular expressions differ in details, so this is not compiled on
    arrival; ``compile()`` tries. A Python ``re.Pattern`` is sent as a ``RegExp``.
    """

    source: str
    flags: str = ""

    def compile(self) -> re.Pattern[str]:
        """Compiles the source with Python's ``re`` (flags ``i``, ``m``, ``s``; others ignored)."""
        flags = 0
        for letter, flag in (("i", re.IGNORECASE), ("m", re.MULTILINE), ("s", re.DOTALL)):
            if letter in self.flags:
                flags |= flag
        return re.compile(self.source, flags)

    @classmethod
    def from_pattern(cls, pattern: re.Pattern[str]) -> JSRegExp:
        """The ``RegExp`` for a compiled Python pattern."""
        letters = [("i", re.IGNORECASE), ("m", re.MULTILINE), ("s", re.DOTALL)]
        return cls(pattern.pattern, "".join(a for a, f in letters if pattern.flags & f))

    def __str__(self) -> str:
        return f"/{self.source}/{self.flags}"
