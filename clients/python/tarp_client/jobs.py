"""Handles on asynchronous jobs: wait (long-polling), status, probe, waitCycle, cancel."""

from __future__ import annotations

import time
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .errors import Cancelled, OperationInProgress, ProtocolError, TimeoutError
from .transport import Transport, envelope_result, parse_envelope, raise_for_error, result_of

# Each long-poll asks for at most this long (servers hold a request at most 30 s by default).
MAX_POLL = 25.0
# How much longer than its long-poll a request may take before it counts as lost.
GRACE = 5.0
_ACCEPT = {"accept": "application/cbor, application/json"}


@dataclass(frozen=True)
class Probe:
    """A job's state: ``status`` (queued, in_progress, completed, failed or cancelled),
    ``suggested_wait`` in seconds, and the ``progress`` (0 to 1) and ``message`` it reported."""

    status: str
    suggested_wait: float
    progress: float | None = None
    message: str | None = None

    @classmethod
    def parse(cls, value: Any) -> Probe:
        """The probe in a ``/asyncProbe`` result; ProtocolError when it is not one."""
        if not isinstance(value, Mapping) or not isinstance(value.get("status"), str):
            raise ProtocolError(f"A job probe must be a map with a status, not {value!r:.200}")
        wait, progress, message = (value.get(k) for k in ("suggested_wait", "progress", "message"))
        return cls(
            status=value["status"],
            suggested_wait=float(wait) if isinstance(wait, (int, float)) else 1.0,
            progress=float(progress) if isinstance(progress, (int, float)) else None,
            message=message if isinstance(message, str) else None,
        )


class JobHandle:
    """A job running on the server, as calling an async endpoint returns it.

    ``ID`` is the job's ID: ``client._job(ID)`` makes a handle on it from any process.
    """

    def __init__(
        self,
        transport: Transport,
        job_id: str,
        timeout: float | None,
        suggested_wait: float | None = None,
    ) -> None:
        self.ID = job_id
        self._transport = transport
        self._timeout = timeout
        self._suggested_wait = suggested_wait
        # (result,) when the job's start answered it (the job ended within the start's wait).
        self._completed: tuple[Any] | None = None
        self._quoted = urllib.parse.quote(job_id, safe="")

    def __repr__(self) -> str:
        return f"<JobHandle {self.ID}>"

    def probe(self) -> Probe:
        """The job's status, suggested wait, progress and message."""
        return self._probe(self._timeout)

    def status(self) -> str:
        """``"queued"``, ``"in_progress"``, ``"completed"``, ``"failed"`` or ``"cancelled"``."""
        return self.probe().status

    def cancel(self) -> Probe:
        """Cancels the job (a job that has ended is left as it is); returns its probe after."""
        what = f"cancelling of job {self.ID}"
        answer = self._transport.request(
            "DELETE", f"/jobs/{self._quoted}", what, timeout=self._timeout
        )
        return Probe.parse(result_of(answer, what))

    def wait(
        self,
        timeout: float | None = None,
        on_progress: Callable[[Probe], Any] | None = None,
        progress_interval: float = 0.25,
    ) -> Any:
        """The job's result, learned within moments of its end (the client long-polls).

        Raises the job's error (a RemoteError named by its type) if it failed, :class:`Cancelled`
        if it was cancelled, and :class:`TimeoutError` after ``timeout`` seconds; neither stops
        the job. ``on_progress(probe)`` is called whenever the status, progress or message
        changes (checked every ``progress_interval`` seconds).
        """
        if self._completed is not None and on_progress is None:
            return self._completed[0]
        deadline = None if timeout is None else time.monotonic() + timeout
        last: Probe | None = None
        while True:
            if on_progress is not None:
                probe = self._probe(self._timeout)
                if probe != last:
                    on_progress(probe)
                last = probe
            left = float("inf") if deadline is None else deadline - time.monotonic()
            if left <= 0:
                raise self._timed_out(timeout)
            poll = min(left, MAX_POLL, progress_interval if on_progress else MAX_POLL)
            try:
                done, value = self._get(poll, min(poll + GRACE, left + 1))
            except TimeoutError:
                if deadline is not None and time.monotonic() >= deadline:
                    raise self._timed_out(timeout) from None
                raise
            if done:
                return value
            pause = value if deadline is None else min(value, deadline - time.monotonic())
            if pause > 0:
                time.sleep(pause)

    def waitCycle(self) -> Any:  # noqa: N802 (the original TARP's name)
        """The result if the job ends within one suggested wait, else None after waiting it."""
        if self._completed is not None:
            return self._completed[0]
        if self._suggested_wait is None:
            self._suggested_wait = self.probe().suggested_wait
        seconds = max(0.0, self._suggested_wait)
        done, value = self._get(seconds, seconds + GRACE)
        if done:
            return value
        # A server that cannot long-poll answers at once: wait out the suggested time here.
        pause = min(value, seconds)
        if pause > 0:
            time.sleep(pause)
        return None

    wait_cycle = waitCycle

    def _timed_out(self, timeout: float | None) -> TimeoutError:
        return TimeoutError(f"Job {self.ID} did not end within {timeout} s; it is still running.")

    def _probe(self, timeout: float | None) -> Probe:
        what = f"probe of job {self.ID}"
        path = f"/asyncProbe?UUID={self._quoted}"
        answer = self._transport.request("GET", path, what, timeout=timeout)
        probe = Probe.parse(result_of(answer, what))
        if self._suggested_wait is None:
            self._suggested_wait = probe.suggested_wait
        return probe

    def _get(self, seconds: float, http_timeout: float) -> tuple[bool, Any]:
        """One GET /asyncGet held up to ``seconds``: (True, result) or (False, retry_after)."""
        what = f"wait for job {self.ID}"
        wait = f"&wait={round(seconds, 3)}" if seconds > 0 else ""
        answer = self._transport.request(
            "GET",
            f"/asyncGet?UUID={self._quoted}{wait}",
            what,
            headers=_ACCEPT,
            timeout=http_timeout,
        )
        envelope = parse_envelope(answer, what)
        if envelope["status"] == "success":
            return True, envelope_result(envelope)
        try:
            raise_for_error(envelope, answer)
        except OperationInProgress as e:
            if answer.status == 503:
                return False, e.retry_after
            raise
        except Cancelled as e:
            e.job_id = self.ID
            raise
        raise AssertionError("raise_for_error raises for every error envelope")
