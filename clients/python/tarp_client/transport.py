"""The one place that talks HTTP: requests, deadlines, size limits and envelopes.

Every failure leaves here as one of the client's exceptions: the server unreachable is
:class:`TarpConnectionError`, a call out of time :class:`TimeoutError`, an answer that is not
valid TARP :class:`ProtocolError`, and an error envelope the :class:`RemoteError` it describes.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import cbor2
import requests
import urllib3

from . import codec
from .errors import ProtocolError, TarpConnectionError, TimeoutError, error_from_envelope

#: Largest answer the client reads (a larger one is a ProtocolError, not an exhausted memory).
MAX_ANSWER_BYTES = 1 << 30
_CHUNK = 1 << 16
# An answer that ends before its declared length, or whose encoding is broken.
_BROKEN_ANSWER = (
    requests.exceptions.ChunkedEncodingError,
    requests.exceptions.ContentDecodingError,
)


@dataclass
class Answer:
    """One HTTP answer, read whole."""

    status: int
    headers: Mapping[str, str]
    body: bytes

    @property
    def content_type(self) -> str:
        """The Content-Type header ("" when there is none)."""
        return self.headers.get("content-type", "")

    @property
    def essence(self) -> str:
        """The media type without parameters, lower case: ``application/json``."""
        return self.content_type.split(";", 1)[0].strip().lower()


def is_json(essence: str) -> bool:
    """True for ``application/json`` and ``*+json``."""
    return essence == "application/json" or essence.endswith("+json")


def is_cbor(essence: str) -> bool:
    """True for ``application/cbor`` and ``*+cbor``."""
    return essence == "application/cbor" or essence.endswith("+cbor")


class Transport:
    """A keep-alive HTTP session with one TARP server."""

    def __init__(self, url: str, token: str | None, timeout: float | None, ca: str | None) -> None:
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"{url!r} is not a TARP server URL: use http://host:port or https://…")
        self.url = url.rstrip("/")
        self.timeout = timeout
        self.max_answer_bytes = MAX_ANSWER_BYTES
        self.session = requests.Session()
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"
        # Given with each request: requests lets REQUESTS_CA_BUNDLE override session.verify.
        self.verify: str | bool = _ca_file(self, ca) if ca else True

    def close(self) -> None:
        """Closes the kept-alive connections."""
        self.session.close()

    def request(
        self,
        method: str,
        path: str,
        what: str,
        *,
        headers: Mapping[str, str] | None = None,
        body: bytes | None = None,
        timeout: float | None = None,
    ) -> Answer:
        """Sends one request and reads the whole answer within ``timeout`` seconds (if any)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        try:
            res = self.session.request(
                method,
                self.url + path,
                data=body,
                headers=dict(headers or {}),
                timeout=timeout,
                stream=True,
                verify=self.verify,
            )
            with res:
                return Answer(res.status_code, res.headers, self._read(res, deadline, what))
        except requests.exceptions.Timeout as e:
            raise TimeoutError(f"The {what} timed out after {timeout} s.") from e
        except requests.exceptions.SSLError as e:
            raise TarpConnectionError(
                f"Cannot reach the TARP server at {self.url}: its TLS certificate is not "
                f"trusted ({e}). Pass its CA: client(url, ca='ca.pem').",
                self.url,
            ) from e
        except (
            requests.exceptions.ChunkedEncodingError,
            requests.exceptions.ContentDecodingError,
        ) as e:
            raise ProtocolError(f"The answer to the {what} was cut off or garbled: {e}") from e
        except requests.exceptions.RequestException as e:
            raise TarpConnectionError(
                f"Cannot reach the TARP server at {self.url}: {e}. Is it running, and is the "
                "URL right?",
                self.url,
            ) from e

    def _read(self, res: requests.Response, deadline: float | None, what: str) -> bytes:
        """The whole body, read as it arrives (read1), so that the deadline and size limit hold
        for an answer that drips in or never ends."""
        declared = res.headers.get("content-length", "")
        limit = self.max_answer_bytes
        if declared.isdigit() and int(declared) > limit:
            raise ProtocolError(f"The answer to the {what} declares {declared} bytes: too large.")
        chunks: list[bytes] = []
        size = 0
        try:
            while chunk := res.raw.read1(_CHUNK, decode_content=True):
                size += len(chunk)
                if size > limit:
                    raise ProtocolError(f"The answer to the {what} is over {limit} bytes: too big.")
                if deadline is not None and time.monotonic() > deadline:
                    raise requests.exceptions.Timeout()
                chunks.append(chunk)
        except urllib3.exceptions.ReadTimeoutError as e:
            raise requests.exceptions.Timeout() from e
        except urllib3.exceptions.HTTPError as e:  # IncompleteRead, broken connection, bad gzip
            raise requests.exceptions.ChunkedEncodingError(e) from e
        return b"".join(chunks)


def _ca_file(owner: object, ca: str) -> str:
    """``ca`` as a file path for requests: a path as it is, PEM text written to a temp file."""
    if "-----BEGIN" not in ca:
        if not os.path.isfile(ca):
            raise ValueError(f"ca={ca!r} is neither a PEM file nor PEM text")
        return ca
    fd, path = tempfile.mkstemp(prefix="tarp-ca-", suffix=".pem")
    with os.fdopen(fd, "w") as f:
        f.write(ca)
    weakref.finalize(owner, os.unlink, path)
    return path


def parse_envelope(answer: Answer, what: str) -> dict[str, Any]:
    """The answer's envelope (success or error), or ProtocolError saying why it is none."""
    body: Any = None
    essence = answer.essence
    if is_cbor(essence):
        body = codec.decode(answer.body, f"The answer to the {what}")
    elif is_json(essence):
        body = _parse_json(answer.body, what)
    status = body.get("status") if isinstance(body, dict) else None
    if status == "success" or (status == "error" and isinstance(body.get("type"), str)):
        return body  # type: ignore[no-any-return]
    text = answer.body[:200].decode("utf-8", "replace") or "(empty)"
    raise ProtocolError(
        f"The HTTP {answer.status} answer to the {what} is not a TARP envelope: {text}",
        status=answer.status,
    )


def _parse_json(body: bytes, what: str) -> Any:
    try:
        return json.loads(body)
    except (ValueError, RecursionError) as e:
        reason = "nested too deeply" if isinstance(e, RecursionError) else str(e)
        raise ProtocolError(f"The answer to the {what} is not valid JSON: {reason}") from e


def raise_for_error(envelope: Mapping[str, Any], answer: Answer) -> None:
    """Raises the RemoteError an error envelope describes (nothing for a success)."""
    if envelope.get("status") == "error":
        raise error_from_envelope(envelope, answer.status, answer.headers.get("retry-after"))


def envelope_result(envelope: Mapping[str, Any]) -> Any:
    """A success envelope's ``result``; ``undefined`` (a function that returned nothing) is None."""
    result = envelope.get("result")
    return None if result is cbor2.undefined else result


def result_of(answer: Answer, what: str) -> Any:
    """The ``result`` of a success envelope; raises what an error envelope says."""
    envelope = parse_envelope(answer, what)
    raise_for_error(envelope, answer)
    return envelope_result(envelope)
