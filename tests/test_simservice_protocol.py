"""The embedded service on the wire, driven by a raw ZeroMQ client written here."""

from __future__ import annotations

import os
import re
import signal
import stat
import time

import pytest
from service_helpers import RawService

uproot = pytest.importorskip("uproot")

BUSY, OK, PARSE_ERROR = 1, 0, 2


@pytest.fixture
def service(tmp_path, ROOT):
    svc = RawService(tmp_path, "-j", "2", "-n", "0", "-g", "boxgen", "-m", "PIPE", "ITS", "TPC",
                     "TOF", "-o", "simservice")  # fmt: skip
    try:
        svc.wait_ready()
        yield svc
    finally:
        svc.close()


def test_batch_busy_parse_error_and_stop(service, tmp_path):
    assert service.command("-g boxgen -n 6 -o batch0 --seed 11") == OK
    assert service.command("-g boxgen -n 2 -o other") == BUSY  # dropped, not queued
    assert service.command("-n 2 -j 4") == PARSE_ERROR  # startup-only option
    assert service.command("-n 2 positional") == PARSE_ERROR
    assert service.command("-n 2 --configKeyValues Stack.nope=1") == PARSE_ERROR
    got = service.wait_for(r"^O2SIM\[STATE\] : DONE$")
    distributed = [int(m.split()[3]) for m in got if m.endswith("DISTRIBUTED")]
    finished = [m for m in got if "FINISHED" in m]
    assert sorted(distributed) == [1, 2, 3, 4, 5, 6]
    assert finished == [f"O2SIM[INFO] : EVENT {i} FINISHED 6 {i}" for i in range(1, 7)]
    assert any(re.fullmatch(r"PRIMSERVER\[STATUS\] : AWAITING INPUT", m) for m in got)
    kine = uproot.open(tmp_path / "batch0_Kine.root")["o2sim"]
    ids = kine[
        "MCEventHeader./MCEventHeader.FairMCEventHeader/MCEventHeader.FairMCEventHeader.fEventId"
    ]
    assert list(ids.array(library="np")) == [1, 2, 3, 4, 5, 6]
    assert not (tmp_path / "other_Kine.root").exists()
    # the service stays up: a second batch
    assert service.command("-g boxgen -n 2 -o batch1") == OK
    service.wait_for(r"^O2SIM\[STATE\] : DONE$")
    assert uproot.open(tmp_path / "batch1_Kine.root")["o2sim"].num_entries == 2
    assert service.stop() == 0
    assert service.leftovers() == ([], [])


def test_startup_messages_and_files(service, tmp_path):
    expected = {"WORKER0[STATUS] : SETUP COMPLETED", "WORKER1[STATUS] : SETUP COMPLETED"}
    missing = [re.escape(m) for m in expected - set(service.messages)]
    if missing:  # readiness needs one worker; the other may still be setting up
        service.wait_for(*missing, timeout=60)
    assert expected <= set(service.messages)
    for name in ["grp.root", "configuration.ini", "serverlog", "workerlog0", "mergerlog"]:
        assert (tmp_path / f"simservice_{name}").exists(), name
    grp = uproot.open(tmp_path / "simservice_grp.root")["ccdb_object"]
    assert int(grp.member("mDetsReadout").member("v")) == 0b1011  # ITS 0, TPC 1, TOF 3
    sockets = [f"/tmp/o2sim-{n}-{service.pid}" for n in ("control", "notifications")]
    for path in sockets:  # owner-only: no other user can send commands
        assert stat.S_IMODE(os.stat(path).st_mode) & 0o077 == 0
    assert stat.S_IMODE(os.stat(tmp_path / "simservice_serverlog").st_mode) & 0o077 == 0
    assert len([p for p in service.tree[1:]]) == 2 + 2  # server, merger, 2 workers
    assert service.stop() == 0


def test_stop_first_and_empty_batch_get_replies(service, tmp_path):
    assert service.command("-n 0 -o empty") == OK  # o2-sim would wedge here
    service.wait_for(r"^O2SIM\[STATE\] : DONE$", timeout=30)
    assert uproot.open(tmp_path / "empty_Kine.root")["o2sim"].num_entries == 0
    assert service.stop() == 0
    assert service.leftovers() == ([], [])


def test_stop_as_very_first_command(tmp_path, ROOT):
    svc = RawService(tmp_path, "-j", "1", "-n", "0", "-g", "boxgen", "-o", "s")
    try:
        svc.wait_ready()
        assert svc.stop() == 0
        assert svc.leftovers() == ([], [])
    finally:
        svc.close()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_signal_tears_everything_down(service, signum):
    os.kill(service.pid, signum)
    assert service.proc.wait(30) == 1
    assert service.leftovers() == ([], [])


def test_dead_worker_is_a_failure(service):
    worker = next(p for p in service.tree[1:] if _child_role(p) == "worker")
    assert service.command("-g boxgen -n 200000 -o long") == OK
    time.sleep(0.5)
    worker.kill()
    got = service.wait_for(r"^O2SIM\[STATE\] : FAILURE$", timeout=20)
    assert got[-1] == "O2SIM[STATE] : FAILURE"
    assert service.proc.wait(30) == 1
    assert service.leftovers() == ([], [])


def test_children_exit_when_the_driver_is_killed(service):
    children = [p for p in service.tree[1:]]
    os.kill(service.pid, signal.SIGKILL)
    service.proc.wait(10)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(p.is_running() for p in children):
        time.sleep(0.2)
    assert [p.pid for p in children if p.is_running()] == []


def _child_role(p):
    """The role an embedded-service child was started with (its argument after the module)."""
    cmd = p.cmdline()
    module = "pyo2bias.simservice.child"
    return cmd[cmd.index(module) + 1] if module in cmd else None


def test_chunks_shrink_to_single_events_at_the_end_of_a_batch():
    from pyo2bias.simservice.server import MAX_CHUNK, chunk_size

    assert chunk_size(1000, 2) == MAX_CHUNK
    assert chunk_size(20, 2) == 2  # a quarter of a worker's share
    assert chunk_size(7, 2) == 1
    assert chunk_size(1, 8) == 1
    left, handed = 300, []
    while left:  # two workers asking in turn take every event once, ending with single events
        size = chunk_size(left, 2)
        handed.append(size)
        left -= size
    assert sum(handed) == 300
    assert handed[0] == MAX_CHUNK
    assert handed[-8:] == [1] * 8
