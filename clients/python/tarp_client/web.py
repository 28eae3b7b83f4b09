"""Web endpoints: the query string and body going out, ``(mimetype, data)`` coming back.

As in the original TARP client: keyword arguments (or a dict) are the query, the first positional
argument of a POST endpoint is its body, and the answer is a ``(mimetype, data)`` tuple: the
envelope's result, or the raw bytes of a raw payload.
"""

from __future__ import annotations

import array
import base64
import datetime as dt
import json
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ._typed import np
from .transport import Answer, is_json, parse_envelope, raise_for_error
from .values import JSError, Map, TypedArray

RAW_PAYLOAD_HEADER = "x-tarp-payload"
_QUERY_TYPES = (str, int, float)


@dataclass(frozen=True)
class Payload:
    """A request body with its own Content-Type: ``c.upload(Payload(csv_text, "text/csv"))``."""

    data: bytes | str
    mimetype: str


def encode_query(name: str, query: Mapping[str, Any] | None, params: Mapping[str, Any]) -> str:
    """The percent-encoded query string of ``query`` and keyword ``params`` (None values left out).

    Values are strings, numbers and booleans (``true``/``false``), or lists of them for repeated
    keys; nothing in a value can add another parameter.
    """
    if query is not None and not isinstance(query, Mapping):
        raise TypeError(f"{name}(): the query must be a dict such as {{'lower': 0}}, not {query!r}")
    pairs: list[tuple[str, str]] = []
    for key, value in {**(query or {}), **params}.items():
        if value is None:
            continue
        for item in value if isinstance(value, (list, tuple)) else [value]:
            pairs.append((str(key), _query_text(name, str(key), item)))
    return urllib.parse.urlencode(pairs)


def _query_text(name: str, key: str, value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, _QUERY_TYPES):
        return str(value)
    raise TypeError(
        f"{name}(): query value {key!r} must be a str, number or bool (or a list of them), "
        f"not a {type(value).__name__}"
    )


def encode_body(body: Any) -> tuple[bytes, str]:
    """``(bytes, content type)`` for a body: str as text, bytes as bytes, the rest as JSON."""
    if isinstance(body, Payload):
        data = body.data.encode("utf-8") if isinstance(body.data, str) else bytes(body.data)
        return data, body.mimetype
    if isinstance(body, str):
        return body.encode("utf-8"), "text/plain; charset=utf-8"
    if isinstance(body, (bytes, bytearray, memoryview)):
        return bytes(body), "application/octet-stream"
    try:
        text = json.dumps(body, default=_json_default, allow_nan=False, ensure_ascii=False)
    except ValueError as e:
        raise TypeError(f"the body cannot be sent as JSON: {e} (send None instead)") from e
    return text.encode("utf-8"), "application/json"


def _json_default(value: Any) -> Any:
    """The JSON mapping of the README for values JSON has no type for."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return list(value)
    if isinstance(value, Map):
        return [list(pair) for pair in value.pairs()]
    if isinstance(value, (TypedArray, array.array)) or (
        np is not None and isinstance(value, (np.ndarray, np.generic))
    ):
        return value.tolist()
    if isinstance(value, JSError):
        return {"name": value.name, "message": value.message}
    raise TypeError(f"a {type(value).__name__} cannot be sent in a JSON body")


def decode_web_answer(answer: Answer, what: str) -> tuple[str, Any]:
    """``(mimetype, data)`` for an answer, or raises the error it carries."""
    if not 200 <= answer.status < 300 or answer.headers.get(RAW_PAYLOAD_HEADER) != "raw":
        envelope = _as_envelope(answer, what)
        if envelope is not None:
            raise_for_error(envelope, answer)
            return str(envelope.get("mimetype", "")), envelope.get("result")
    return answer.content_type, answer.body


def _as_envelope(answer: Answer, what: str) -> dict[str, Any] | None:
    """The envelope of an answer that is one; None for a 2xx answer that is a payload.

    Servers that do not mark raw payloads (``x-tarp-payload: raw``) are read by shape: a 2xx
    JSON answer with the envelope's fields is an envelope, any other 2xx answer a payload.
    """
    if 200 <= answer.status < 300:
        if not is_json(answer.essence):
            return None
        try:
            body = json.loads(answer.body)
        except (ValueError, RecursionError):
            return None
        if not isinstance(body, dict):
            return None
        success = body.get("status") == "success" and "mimetype" in body
        if not (success or (body.get("status") == "error" and isinstance(body.get("type"), str))):
            return None
    return parse_envelope(answer, what)
