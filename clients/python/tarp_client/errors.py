"""The exceptions the client raises.

A failure the server reports is a :class:`RemoteError` whose class name is the envelope's
``type``: ``OperationInProgress``, ``NotFound``, ``RangeError``, … (classes for types not listed
here are made on first use; :func:`error_class` returns the class for a name, to catch it).
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any


class TarpError(Exception):
    """Base class of every exception this client raises."""


class RemoteError(TarpError):
    """A failure the server reported: its ``type``, ``message`` and HTTP ``status``."""

    def __init__(
        self,
        message: str,
        *,
        type: str | None = None,
        status: int | None = None,
        remote_stack: str | None = None,
    ) -> None:
        super().__init__(message)
        self.type: str = type or builtins.type(self).__name__
        self.message = message
        self.status = status
        #: The server's stack trace, when it sends them (``exposeStack: true``).
        self.remote_stack = remote_stack

    def __str__(self) -> str:
        if builtins.type(self).__name__ == self.type:
            return self.message
        return f"{self.type}: {self.message}"


class OperationInProgress(RemoteError):
    """The work is still running (HTTP 503): try again after ``retry_after`` seconds."""

    def __init__(self, message: str, *, retry_after: float = 1.0, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.retry_after = retry_after


class InvalidServerState(RemoteError):
    """The server cannot answer in its current state (HTTP 503)."""


class BadRequest(RemoteError):
    """The server refused the request's input (HTTP 400)."""


class Unauthorized(RemoteError):
    """The server needs a token, or another one: ``client(url, token=...)`` (HTTP 401)."""


class NotFound(RemoteError):
    """No endpoint of that name, or an unknown or expired job (HTTP 404)."""


class EndpointNotFound(NotFound, AttributeError):
    """Discovery lists no endpoint of the name asked for (an ``AttributeError`` too)."""


class MethodNotAllowed(RemoteError):
    """The endpoint does not take that HTTP method (HTTP 405)."""


class Cancelled(RemoteError):
    """The job was cancelled; it has no result (HTTP 409)."""

    def __init__(self, message: str, *, job_id: str = "", **kw: Any) -> None:
        super().__init__(message, **kw)
        self.job_id = job_id


#: The name of the same error in the TypeScript client.
CancelledError = Cancelled


class PayloadTooLarge(RemoteError):
    """The request body is larger than the server accepts (HTTP 413)."""


class UnsupportedMediaType(RemoteError):
    """The server cannot read the request body's type (HTTP 415)."""


class ProtocolError(RemoteError):
    """The server's answer is not valid TARP: truncated or malformed, or not an envelope."""


class TarpConnectionError(TarpError, ConnectionError):
    """The server cannot be reached (refused, unknown host, TLS failure, connection lost)."""

    def __init__(self, message: str, url: str) -> None:
        super().__init__(message)
        self.url = url


class TimeoutError(TarpError, builtins.TimeoutError):
    """A call or a wait ran out of time (also a built-in ``TimeoutError``)."""


_CLASSES: dict[str, type[RemoteError]] = {
    cls.__name__: cls
    for cls in (
        RemoteError,
        OperationInProgress,
        InvalidServerState,
        BadRequest,
        Unauthorized,
        NotFound,
        MethodNotAllowed,
        Cancelled,
        PayloadTooLarge,
        UnsupportedMediaType,
        ProtocolError,
    )
}


def error_class(type_name: str) -> type[RemoteError]:
    """The exception class for a remote error type, e.g. ``error_class("RangeError")``.

    The same name always gives the same class, so it can be caught. A name that is not a Python
    identifier gives :class:`RemoteError` itself (its ``type`` attribute still says the name).
    """
    cls = _CLASSES.get(type_name)
    if cls is None:
        if not type_name.isidentifier() or type_name.startswith("_"):
            return RemoteError
        doc = f"The remote error type {type_name!r} (a RemoteError)."
        cls = builtins.type(type_name, (RemoteError,), {"__module__": __name__, "__doc__": doc})
        _CLASSES[type_name] = cls
    return cls


def error_from_envelope(
    envelope: Mapping[str, Any], status: int, retry_header: str | None
) -> RemoteError:
    """The exception for an error envelope ``{"status": "error", "type", "message", …}``."""
    type_name = str(envelope.get("type") or "RemoteError")
    message = str(envelope.get("message") or "")
    stack = envelope.get("stack")
    kw: dict[str, Any] = {
        "type": type_name,
        "status": status,
        "remote_stack": stack if isinstance(stack, str) else None,
    }
    cls = error_class(type_name)
    if cls is OperationInProgress:
        return OperationInProgress(message, retry_after=_retry_after(envelope, retry_header), **kw)
    return cls(message, **kw)


def _retry_after(envelope: Mapping[str, Any], header: str | None) -> float:
    exact = envelope.get("retry_after")
    if isinstance(exact, (int, float)) and not isinstance(exact, bool) and exact >= 0:
        return float(exact)
    try:
        return max(0.0, float(header)) if header is not None else 1.0
    except ValueError:
        return 1.0
