"""Async endpoints: job handles, progress, long-polling, waitCycle, cancel."""

from __future__ import annotations

import time
import urllib.parse

import cbor2
import numpy as np
import pytest
from fake_server import Reply, cbor_reply, fake_server

import tarp_client
from tarp_client import JobHandle, Probe

STATUSES = {"queued", "in_progress", "completed", "failed", "cancelled"}


def test_an_async_endpoint_returns_a_handle_and_its_result(c: tarp_client.Client) -> None:
    handle = c.slow_add(1, 2)
    assert isinstance(handle, JobHandle) and isinstance(handle.ID, str) and handle.ID
    assert handle.status() in STATUSES
    assert handle.wait() == 3
    assert handle.status() == "completed"
    assert handle.wait() == 3  # results can be fetched again


def test_progress_reaches_the_callback(c: tarp_client.Client) -> None:
    seen: list[Probe] = []
    assert c.slow_add(2, 3).wait(on_progress=seen.append, progress_interval=0.05) == 5
    fractions = [p.progress for p in seen if p.progress is not None]
    assert len(fractions) >= 2 and fractions == sorted(fractions)
    assert any(p.message and p.message.startswith("step ") for p in seen)
    assert all(p.status in STATUSES for p in seen)
    assert all(a != b for a, b in zip(seen, seen[1:]))  # called on changes only


def test_probe_tells_status_progress_and_message(c: tarp_client.Client) -> None:
    handle = c.endless()
    try:
        probe = _until(handle, lambda p: p.message is not None)
        assert probe.status == "in_progress" and probe.suggested_wait == 0.5
        assert probe.progress == 0 and probe.message == "running until cancelled"
    finally:
        handle.cancel()


def test_cancel_stops_the_job_and_wait_raises_cancelled(c: tarp_client.Client) -> None:
    handle = c.endless()
    after = handle.cancel()
    assert after.status == "cancelled" and handle.status() == "cancelled"
    with pytest.raises(tarp_client.Cancelled) as info:
        handle.wait()
    assert info.value.job_id == handle.ID and info.value.status == 409


def test_a_failed_job_raises_its_error(c: tarp_client.Client) -> None:
    handle = c.job_fail()
    with pytest.raises(tarp_client.error_class("RangeError"), match="failed on purpose"):
        handle.wait()
    assert handle.status() == "failed"


def test_wait_times_out_without_stopping_the_job(c: tarp_client.Client) -> None:
    handle = c.endless()
    try:
        with pytest.raises(tarp_client.TimeoutError, match="did not end within 0.3 s"):
            handle.wait(timeout=0.3)
        assert handle.status() == "in_progress"
    finally:
        handle.cancel()


def test_wait_cycle_gives_none_while_running_then_the_result(c: tarp_client.Client) -> None:
    handle = c.endless()
    try:
        assert handle.waitCycle() is None
        assert handle.wait_cycle() is None
    finally:
        handle.cancel()
    done = c.job_echo("ready")
    results = [done.waitCycle() for _ in range(20)]
    assert "ready" in results


def test_a_job_can_be_reattached_by_id(c: tarp_client.Client) -> None:
    handle = c.slow_add(10, 20)
    again = c._job(handle.ID)
    assert again.ID == handle.ID and again.wait() == 30
    with pytest.raises(TypeError):
        c._job("")


def test_job_results_are_rich_values(c: tarp_client.Client) -> None:
    value = {"a": np.arange(3.0), "s": {1, 2}, "big": 2**70}
    back = c.job_echo(value).wait()
    assert isinstance(back["a"], np.ndarray)  # CBOR: a JSON answer would hold a list
    np.testing.assert_array_equal(back["a"], value["a"])
    assert back["s"] == {1, 2} and back["big"] == 2**70


def test_wait_long_polls_with_cbor_accepted() -> None:
    ticket = {
        "status": "success",
        "mimetype": "application/cbor",
        "result": {"ID": "j1", "suggested_wait": 7},
    }
    running = Reply(
        503,
        {"content-type": "application/json", "retry-after": "0"},
        b'{"status":"error","type":"OperationInProgress","message":"m","retry_after":0}',
    )
    done = cbor_reply(cbor2.dumps({"status": "success", "result": 42}))
    gets: list[str] = []

    def handler(req):  # type: ignore[no-untyped-def]
        if req.path == "/":
            return Reply(
                200,
                {"content-type": "application/json"},
                b'{"status":"success","mimetype":"application/json","result":'
                b'{"ASYNCRPC":[{"name":"job","description":"","suggested_wait":7}]}}',
            )
        if req.method == "POST":
            return cbor_reply(cbor2.dumps(ticket))
        gets.append(req.path)
        return running if len(gets) < 3 else done

    with fake_server(handler) as f:
        assert tarp_client.client(f.url).job().wait(timeout=60) == 42
        accept = f.requests[-1].headers["accept"]
    assert accept == "application/cbor, application/json"
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(gets[0]).query)
    assert query["UUID"] == ["j1"] and float(query["wait"][0]) > 1  # held by the server


def _until(handle: JobHandle, ok, seconds: float = 10) -> Probe:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while True:
        probe = handle.probe()
        if ok(probe) or time.monotonic() > deadline:
            return probe
        time.sleep(0.05)


def test_a_quick_job_comes_back_with_its_start(
    c: tarp_client.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    request = c._tarp.request

    def spy(method: str, path: str, what: str, **options: object) -> object:
        asked.append(f"{method} {path}")
        return request(method, path, what, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(c._tarp, "request", spy)
    value = {"a": np.arange(3.0), "big": 2**70}
    handle = c.job_echo(value)
    back = handle.wait()
    np.testing.assert_array_equal(back["a"], value["a"])  # exact values, as from asyncGet
    assert back["big"] == 2**70 and handle.waitCycle() is back
    assert asked == ["POST /job_echo?wait=0.005"]  # no second request
    asked.clear()
    with pytest.raises(tarp_client.RemoteError):  # a quick failure is asked for, and raised
        c.job_fail().wait()
    assert [a.split("?")[0] for a in asked] == ["POST /job_fail", "GET /asyncGet"]
