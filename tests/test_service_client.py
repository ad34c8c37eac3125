"""SimService against the embedded service: batches, errors, deaths, signals, and the original
shell workflow through the o2-sim-client.py-compatible command line."""

from __future__ import annotations

import ctypes
import glob
import os
import signal
import subprocess
import sys
import textwrap
import time

import psutil
import pytest

from pyo2bias.exceptions import CommandRejected, ServiceBusy, ServiceDied
from pyo2bias.service import SimService

uproot = pytest.importorskip("uproot")

STARTUP = [
    "-j",
    "2",
    "-n",
    "0",
    "-g",
    "boxgen",
    "-m",
    "PIPE",
    "ITS",
    "TPC",
    "TOF",
    "-o",
    "simservice",
]


def assert_nothing_left(pid, tree):
    alive = []
    for p in tree:
        try:
            if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                alive.append(p.pid)
            elif p.status() == psutil.STATUS_ZOMBIE:
                alive.append(f"zombie {p.pid}")
        except psutil.NoSuchProcess:
            pass
    assert alive == []
    assert glob.glob(f"/tmp/o2sim-*-{pid}") == []


@pytest.fixture
def service(tmp_path, ROOT):
    svc = SimService.start(STARTUP, run_dir=tmp_path, backend="embedded", ready_timeout=120)
    tree = svc.processes()
    assert len(tree) == 1 + 4  # driver, server, merger, 2 workers
    try:
        yield svc
    finally:
        svc.stop()
        assert_nothing_left(svc.pid, tree)


def test_two_batches_then_stop(service, tmp_path):
    first = service.run_batch("-g boxgen -n 5 -o batch0 --seed 3", timeout=120)
    second = service.run_batch("-g boxgen -n 3 -o batch1", timeout=120)
    assert (first.n_events, len(first.finished)) == (5, 5)
    assert first.prefix == tmp_path / "batch0"
    assert set(first.files) == {"Kine", "MCHeader", "HitsITS", "HitsTPC", "HitsTOF"}
    assert uproot.open(first.files["Kine"])["o2sim"].num_entries == 5
    assert uproot.open(second.files["Kine"])["o2sim"].num_entries == 3
    assert first.seconds > 0


def test_busy_and_rejected_name_the_command(service):
    handle = service.submit_batch("-g boxgen -n 300 -o long")
    assert handle.poll() is False  # non-blocking: still running
    with pytest.raises(ServiceBusy, match="-n 2 -o other"):
        service.submit("-n 2 -o other")
    with pytest.raises(CommandRejected, match="-n 2 -j 4"):
        service.submit("-n 2 -j 4")
    assert handle.wait(120).n_events == 300


@pytest.mark.parametrize("victim", ["worker", "driver"])
def test_death_mid_batch_is_reported_quickly(service, victim):
    tree = service.processes()
    service.submit_batch("-g boxgen -n 100000 -o long")
    time.sleep(1.0)
    if victim == "worker":
        target = next(p for p in tree if _child_role(p) == "worker")
    else:
        target = tree[0]
    start = time.monotonic()
    target.kill()
    with pytest.raises(ServiceDied) as err:
        service.wait_done(timeout=60)
    assert time.monotonic() - start < 10
    assert str(target.pid) in str(err.value)
    if victim == "worker":
        assert "worker" in str(err.value)


def test_sigint_to_the_owning_process_removes_the_service(tmp_path, ROOT):
    script = textwrap.dedent(f"""
        import sys, time
        from pyo2bias.service import SimService
        svc = SimService.start({STARTUP!r}, run_dir={str(tmp_path)!r}, backend="embedded")
        print(" ".join(str(p.pid) for p in svc.processes()), flush=True)
        time.sleep(120)
    """)
    owner = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    pids = [int(x) for x in owner.stdout.readline().split()]
    tree = [psutil.Process(p) for p in pids]
    owner.send_signal(signal.SIGINT)
    owner.wait(60)
    owner.stdout.close()
    assert owner.returncode != 0  # KeyboardInterrupt after cleanup
    psutil.wait_procs([p for p in tree if p.is_running()], timeout=10)
    assert_nothing_left(pids[0], tree)


@pytest.fixture
def subreaper():
    """Orphans of the detached service are re-parented to this process, which reaps them."""
    libc = ctypes.CDLL(None, use_errno=True)
    pr_set_child_subreaper = 36
    assert libc.prctl(pr_set_child_subreaper, 1, 0, 0, 0) == 0
    yield
    libc.prctl(pr_set_child_subreaper, 0, 0, 0, 0)


def test_original_shell_workflow(tmp_path, subreaper, ROOT):
    client = f"{sys.executable} -m pyo2bias.service"
    script = textwrap.dedent(f"""
        set -e
        CLIENT="{client}"
        ( $CLIENT --startup "{" ".join(STARTUP)}" --block ) | tee startup.log
        PID=$(grep "detached as pid" startup.log | awk '//{{print $4}}')
        echo "$PID" > pid
        for batch in 0 1; do
          $CLIENT --pid $PID --command "-g boxgen -n 4 -o batch$batch" --block
        done
        $CLIENT --pid $PID --command "--stop 1"
    """)
    proc = subprocess.run(["bash", "-c", script], cwd=tmp_path, capture_output=True, text=True,
                          timeout=300, check=False)  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    pid = int((tmp_path / "pid").read_text())
    assert "Submission successful." in proc.stdout
    for batch in (0, 1):
        assert uproot.open(tmp_path / f"batch{batch}_Kine.root")["o2sim"].num_entries == 4
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            reaped, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            reaped = 0
        if not psutil.pid_exists(pid) and not glob.glob(f"/tmp/o2sim-*-{pid}"):
            break
        time.sleep(0.2 if not reaped else 0)
    assert not psutil.pid_exists(pid)
    assert glob.glob(f"/tmp/o2sim-*-{pid}") == []


def _child_role(p):
    """The role an embedded-service child was started with (its argument after the module)."""
    cmd = p.cmdline()
    module = "pyo2bias.simservice.child"
    return cmd[cmd.index(module) + 1] if module in cmd else None
