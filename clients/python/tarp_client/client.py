"""The client: discovery (``GET /``), and the server's endpoints as methods.

The client's own helpers start with ``_`` (as namedtuple's ``_asdict`` does), so they never hide
an endpoint; an endpoint whose name starts with ``_`` or is not an identifier is ``c["name"]``.
"""

from __future__ import annotations

import inspect
import keyword
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, cast

from ._encode import encode_value
from .errors import EndpointNotFound, ProtocolError
from .jobs import JobHandle
from .transport import Transport, result_of
from .web import decode_web_answer, encode_body, encode_query

_KINDS = (("RPC", "rpc"), ("ASYNCRPC", "async"), ("GET", "get"), ("POST", "post"))
_CBOR = "application/cbor"
# Seconds a job's start waits for the job to end: a job done by then comes back with its result,
# and its handle's wait() needs no second request (the server's ``?wait=``).
_SUBMIT_WAIT = 0.005
_NO_BODY: Any = object()


class RemoteMethod(Protocol):
    """An endpoint as a method: callable, with what discovery says about it."""

    description: str
    params: list[str] | None
    kind: str

    def __call__(self, *args: Any, **kwargs: Any) -> Any: ...


@dataclass(frozen=True)
class EndpointInfo:
    """What discovery says about one endpoint: kind ``rpc``, ``async``, ``get`` or ``post``."""

    name: str
    kind: str
    description: str = ""
    params: list[str] | None = None
    entry: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)


class Client:
    """A connection to one TARP server; its endpoints are methods (``c.my_function(1, 2)``)."""

    def __init__(self, transport: Transport, timeout: float | None) -> None:
        self._tarp = transport
        self._tarp_timeout = timeout
        # Shared with the clients _with() makes, so that a refresh reaches them all.
        self._tarp_endpoints: dict[str, EndpointInfo] = {}
        self._tarp_methods: dict[str, RemoteMethod] = {}

    def __getattr__(self, name: str) -> RemoteMethod:
        # Names starting with "_" are probed by Python and IPython (_repr_html_, __wrapped__…):
        # only a listed endpoint answers them, without asking the server again.
        if name.startswith("_") and name not in self.__dict__.get("_tarp_endpoints", {}):
            raise AttributeError(name)
        return self._tarp_method(name)

    def __getitem__(self, name: str) -> RemoteMethod:
        return self._tarp_method(name)

    def __dir__(self) -> list[str]:
        helpers = [n for n in type(self).__dict__ if n.startswith("_") and not n.startswith("__")]
        names = [n for n in self._tarp_endpoints if n.isidentifier()]
        return sorted({*names, *(h for h in helpers if not h.startswith("_tarp"))})

    def __repr__(self) -> str:
        return f"<tarp_client.Client {self._tarp.url} ({len(self._tarp_endpoints)} endpoints)>"

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self._close()

    # The helpers. -----------------------------------------------------------------------------

    @property
    def _url(self) -> str:
        """The server's base URL."""
        return self._tarp.url

    def _endpoints(self) -> list[EndpointInfo]:
        """Every endpoint discovery listed."""
        return list(self._tarp_endpoints.values())

    def _refresh(self) -> None:
        """Reads discovery again (after the server restarted with other endpoints, say)."""
        answer = self._tarp.request("GET", "/", "discovery", timeout=self._tarp_timeout)
        doc = result_of(answer, "discovery")
        if not isinstance(doc, Mapping):
            raise ProtocolError(f"Discovery must answer a map of endpoint lists, not {doc!r:.200}")
        endpoints: dict[str, EndpointInfo] = {}
        for key, kind in _KINDS:
            for entry in doc.get(key) or []:
                if isinstance(entry, Mapping) and isinstance(entry.get("name"), str):
                    endpoints[entry["name"]] = _info(entry, kind)
        self._tarp_endpoints.clear()
        self._tarp_endpoints.update(endpoints)
        self._tarp_methods.clear()

    def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        """Calls an endpoint by name."""
        return self._tarp_method(name)(*args, **kwargs)

    def _job(self, job_id: str) -> JobHandle:
        """A handle on an existing job, by its ID (started by another process, say)."""
        if not isinstance(job_id, str) or not job_id:
            raise TypeError("_job(job_id) takes the job's ID, a non-empty string")
        return JobHandle(self._tarp, job_id, self._tarp_timeout)

    def _with(self, timeout: float | None) -> Client:
        """The same client with another timeout (seconds) for the calls made through it."""
        other = Client(self._tarp, timeout)
        other._tarp_endpoints = self._tarp_endpoints  # shared: a refresh reaches both
        return other

    def _connected(self) -> bool:
        """True when the server answers its health check (``GET /health``); never raises."""
        try:
            return self._tarp.request("GET", "/health", "health check", timeout=5).status == 200
        except Exception:
            return False

    def _close(self) -> None:
        """Closes the kept-alive connections."""
        self._tarp.close()

    # Calling endpoints. -----------------------------------------------------------------------

    def _tarp_method(self, name: str) -> RemoteMethod:
        method = self._tarp_methods.get(name)
        if method is None:
            if name not in self._tarp_endpoints:
                self._refresh()  # the server may have restarted with other endpoints
            if name not in self._tarp_endpoints:
                known = ", ".join(f"{e.name} ({e.kind})" for e in self._tarp_endpoints.values())
                raise EndpointNotFound(
                    f'The server at {self._tarp.url} has no endpoint named "{name}". '
                    f"It has: {known or 'nothing'}.",
                    status=404,
                )
            method = _make_method(self, self._tarp_endpoints[name])
            self._tarp_methods[name] = method
        return method

    def _tarp_invoke(self, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        info = self._tarp_endpoints.get(name)
        if info is None:  # gone from a refreshed discovery: refresh, or raise EndpointNotFound
            self._tarp_method(name)
            info = self._tarp_endpoints[name]
        path = "/" + urllib.parse.quote(name, safe="")
        if info.kind in ("get", "post"):
            return self._tarp_call_web(info, path, args, kwargs)
        if info.kind == "rpc":
            return self._tarp_call_rpc(name, path, args, kwargs)
        result = self._tarp_call_rpc(name, f"{path}?wait={_SUBMIT_WAIT}", args, kwargs)
        job_id = result.get("ID") if isinstance(result, Mapping) else None
        if not isinstance(job_id, str) or not job_id:
            raise ProtocolError(f"Starting {name}() did not answer a job ID: {result!r:.200}")
        wait = result.get("suggested_wait")
        wait = float(wait) if isinstance(wait, (int, float)) else None
        handle = JobHandle(self._tarp, job_id, self._tarp_timeout, wait)
        if result.get("status") == "completed":
            handle._completed = (result.get("result"),)
        return handle

    def _tarp_call_rpc(
        self, name: str, path: str, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> Any:
        """POST /name with ``{"args": [...], "kwargs": {...}}`` in CBOR; the result."""
        message: dict[str, Any] = {"args": list(args)}
        if kwargs:
            message["kwargs"] = kwargs
        try:
            body = encode_value(message)
        except TypeError as e:
            raise TypeError(f"Cannot call {name}(): {e}") from None
        headers = {"content-type": _CBOR, "accept": _CBOR}
        what = f"call to {name}()"
        answer = self._tarp.request(
            "POST", path, what, headers=headers, body=body, timeout=self._tarp_timeout
        )
        return result_of(answer, what)

    def _tarp_call_web(
        self, info: EndpointInfo, path: str, args: tuple[Any, ...], params: dict[str, Any]
    ) -> tuple[str, Any]:
        most = 1 if info.kind == "get" else 2
        if len(args) > most:
            how = "(query, **params)" if info.kind == "get" else "(body, query, **params)"
            raise TypeError(f"{info.name}() is a {info.kind.upper()} endpoint: call it as {how}")
        if info.kind == "get":
            body, query = _NO_BODY, (args[0] if args else None)
        else:
            body, query = (args[0] if args else _NO_BODY), (args[1] if len(args) > 1 else None)
        search = encode_query(info.name, query, params)
        data: bytes | None = None
        headers: dict[str, str] = {}
        if body is not _NO_BODY and body is not None:
            data, content_type = encode_body(body)
            headers["content-type"] = content_type
        answer = self._tarp.request(
            info.kind.upper(),
            path + (f"?{search}" if search else ""),
            f"call to {info.name}()",
            headers=headers,
            body=data,
            timeout=self._tarp_timeout,
        )
        return decode_web_answer(answer, f"call to {info.name}()")


def _info(entry: Mapping[str, Any], kind: str) -> EndpointInfo:
    params = entry.get("params")
    if not (isinstance(params, list) and all(isinstance(p, str) for p in params)):
        params = None
    description = entry.get("description")
    return EndpointInfo(
        name=entry["name"],
        kind=kind,
        description=description if isinstance(description, str) else "",
        params=params,
        entry=dict(entry),
    )


def _make_method(client: Client, info: EndpointInfo) -> RemoteMethod:
    """A function calling the endpoint, whose ``help()`` shows its description and parameters."""

    def call(*args: Any, **kwargs: Any) -> Any:
        return client._tarp_invoke(info.name, args, kwargs)

    method = cast(RemoteMethod, call)
    call.__name__ = call.__qualname__ = info.name
    call.__doc__ = _docstring(info)
    call.__signature__ = _signature(info)  # type: ignore[attr-defined]
    method.description = info.description
    method.params = info.params
    method.kind = info.kind
    return method


def _docstring(info: EndpointInfo) -> str:
    lines = [info.description or "(no description)", ""]
    entry = info.entry
    if info.kind == "rpc":
        lines.append("Remote procedure (synchronous RPC).")
    elif info.kind == "async":
        wait = entry.get("suggested_wait")
        lines.append(f"Asynchronous RPC: returns a JobHandle (suggested wait {wait} s).")
    else:
        lines.append(f"Web {info.kind.upper()} endpoint: returns (mimetype, data).")
        if isinstance(entry.get("query_params"), (list, dict)):
            lines.append(f"Query parameters: {_describe_params(entry['query_params'])}.")
        if entry.get("payload_mimetype"):
            lines.append(f"Body: {entry['payload_mimetype']}.")
    return "\n".join(lines)


def _describe_params(params: list[Any] | dict[str, Any]) -> str:
    if isinstance(params, dict):
        return "; ".join(f"{k}: {v}" for k, v in params.items())
    return ", ".join(str(p) for p in params)


def _signature(info: EndpointInfo) -> inspect.Signature:
    P = inspect.Parameter
    if info.kind in ("get", "post"):
        names = ["query"] if info.kind == "get" else ["body", "query"]
        given = [P(n, P.POSITIONAL_ONLY, default=None) for n in names]
        return inspect.Signature([*given, P("params", P.VAR_KEYWORD)])
    if info.params is None:
        return inspect.Signature([P("args", P.VAR_POSITIONAL), P("kwargs", P.VAR_KEYWORD)])
    params = []
    for name in info.params:
        bare = name[3:] if name.startswith("...") else name
        if not bare.isidentifier() or keyword.iskeyword(bare):
            return inspect.Signature([P("args", P.VAR_POSITIONAL), P("kwargs", P.VAR_KEYWORD)])
        kind = P.VAR_POSITIONAL if name.startswith("...") else P.POSITIONAL_OR_KEYWORD
        params.append(P(bare, kind))
    return inspect.Signature(params)
