"""Python client for TARP (Tiny Asynchronous Remote Procedure) servers.

>>> import tarp_client
>>> c = tarp_client.client("http://localhost:8080")  # doctest: +SKIP
>>> c.my_function(1, 2)  # doctest: +SKIP
3
"""

from __future__ import annotations

from .client import Client, EndpointInfo, RemoteMethod
from .errors import (
    BadRequest,
    Cancelled,
    CancelledError,
    EndpointNotFound,
    InvalidServerState,
    MethodNotAllowed,
    NotFound,
    OperationInProgress,
    PayloadTooLarge,
    ProtocolError,
    RemoteError,
    TarpConnectionError,
    TarpError,
    TimeoutError,
    Unauthorized,
    UnsupportedMediaType,
    error_class,
)
from .jobs import JobHandle, Probe
from .transport import Transport
from .values import JSError, JSRegExp, Map, TypedArray, undefined
from .web import Payload

__version__ = "0.1.0"

__all__ = [
    "BadRequest",
    "Cancelled",
    "CancelledError",
    "Client",
    "EndpointInfo",
    "EndpointNotFound",
    "InvalidServerState",
    "JSError",
    "JSRegExp",
    "JobHandle",
    "Map",
    "MethodNotAllowed",
    "NotFound",
    "OperationInProgress",
    "PayloadTooLarge",
    "Payload",
    "Probe",
    "ProtocolError",
    "RemoteError",
    "RemoteMethod",
    "TarpConnectionError",
    "TarpError",
    "TimeoutError",
    "Transport",
    "TypedArray",
    "Unauthorized",
    "UnsupportedMediaType",
    "client",
    "error_class",
    "undefined",
]


def client(
    url: str,
    token: str | None = None,
    timeout: float | None = None,
    ca: str | None = None,
) -> Client:
    """Connects to the TARP server at ``url`` and reads its endpoints (``GET /``).

    ``token``: the server's bearer token, if it has one. ``timeout``: seconds each call may take
    (none by default). ``ca``: a PEM file (or PEM text) of the CA that signed an ``https://``
    server's certificate, for self-signed or private certificates.
    """
    transport = Transport(url, token, timeout, ca)
    c = Client(transport, timeout)
    try:
        c._refresh()
    except BaseException:
        transport.close()
        raise
    return c
