"""SimService: one o2-sim service driven from this Python process.

The client subscribes to the service's four notification channels as soon as its pid is known,
checks the whole process tree with psutil while it waits (a dead service is reported within
about a second, never a hang), and tears everything down on ``stop()``: ``--stop 1``, then
SIGTERM and SIGKILL of the tree, reaping, and removal of ``/tmp/o2sim-*-P``. Services started
by this process are also stopped at interpreter exit and on SIGINT/SIGTERM.
"""

from __future__ import annotations

import atexit
import logging
import os
import re
import shlex
import signal
import subprocess
import threading
import time
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil
import zmq

from pyo2bias.exceptions import (
    CommandParseError,
    CommandRejected,
    ServiceBusy,
    ServiceDied,
    ServiceError,
    ServiceTimeout,
)
from pyo2bias.service.backend import Backend, service_command
from pyo2bias.simservice import protocol

__all__ = ["BatchHandle", "BatchResult", "SimService"]

log = logging.getLogger(__name__)

_READY = {
    "server": re.compile(r"^PRIMSERVER.*AWAITING\sINPUT"),
    "worker": re.compile(r"^WORKER.*AWAITING\sINPUT"),
    "merger": re.compile(r"^MERGER.*AWAITING\sINPUT"),
}
_DONE = re.compile(r"^O2SIM.*DONE")
_FAILURE = re.compile(r"^O2SIM.*FAILURE")
_FINISHED = re.compile(r"^O2SIM\[INFO\] : EVENT (\d+) FINISHED")
CHECK_INTERVAL_S = 0.5
# While a batch runs, notifications (two per event) are read in bunches: waking for each one
# would cost the client more CPU than the service spends on some events.
COALESCE_S = 0.005
GRACE_S = 5.0


@dataclass(frozen=True)
class BatchResult:
    """What one batch produced."""

    command: str
    prefix: Path  # output prefix: <prefix>_Kine.root ...
    files: dict[str, Path]  # "Kine", "MCHeader", "HitsITS"... that exist
    n_events: int
    finished: list[str]  # the O2SIM ... FINISHED notifications, in arrival order
    seconds: float


@dataclass
class BatchHandle:
    """A submitted batch; ``wait()`` blocks until it is done."""

    service: SimService
    command: str
    submitted: float = field(default_factory=time.monotonic)
    result: BatchResult | None = None

    def wait(self, timeout: float | None = None) -> BatchResult:
        if self.result is None:
            self.result = self.service.wait_done(timeout)
        return self.result

    def poll(self) -> bool:
        """True once DONE arrived (reads pending notifications without blocking)."""
        if self.result is None and self.service._drain(block_s=0.0, until=_DONE):
            self.result = self.service._finish_batch()
        return self.result is not None


class SimService:
    """A running o2-sim service (started here, or attached to by pid)."""

    def __init__(self, pid: int, *, run_dir: Path, proc: Any = None, owned: bool = True) -> None:
        self.pid = pid
        self.run_dir = run_dir
        self.endpoints = protocol.Endpoints(pid)
        self._proc = proc  # psutil.Popen when this process started it
        self._owned = owned
        self._ctx = zmq.Context()
        self._sub = self._ctx.socket(zmq.SUB)
        self._sub.setsockopt_string(zmq.SUBSCRIBE, "")
        for address in self.endpoints.all_notifications:
            self._sub.connect(address)
        self.notifications: list[str] = []
        self._tree: dict[int, psutil.Process] = {}
        self._roles: dict[int, str] = {}  # pid -> "driver", "worker 1234"..., taken while alive
        self._batch: BatchHandle | None = None
        self._finished: list[str] = []
        self._stopped = False
        if owned:
            _register(self)

    # ------------------------------------------------------------ construction
    @classmethod
    def start(
        cls,
        args: Sequence[str] | str,
        *,
        run_dir: str | Path = ".",
        backend: Backend | str = Backend.AUTO,
        ready_timeout: float = 300.0,
        env: dict[str, str] | None = None,
    ) -> SimService:
        """Start a service with o2-sim's startup ``args`` and wait until it is ready.

        stdout/stderr go to ``simservice.out``/``simservice.err`` in ``run_dir``.
        """
        run_dir = Path(run_dir).resolve()
        run_dir.mkdir(parents=True, exist_ok=True)
        argv = shlex.split(args) if isinstance(args, str) else list(args)
        cmd = service_command(argv, backend)
        with (
            open(run_dir / "simservice.out", "ab") as out,
            open(run_dir / "simservice.err", "ab") as err,
        ):
            proc = psutil.Popen(cmd, cwd=run_dir, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                start_new_session=True, env=env)  # fmt: skip
        service = cls(proc.pid, run_dir=run_dir, proc=proc, owned=True)
        log.info("started service %d: %s", proc.pid, " ".join(cmd))
        try:
            service.wait_ready(ready_timeout)
        except BaseException:
            service.stop()
            raise
        return service

    @classmethod
    def attach(
        cls, pid: int, *, run_dir: str | Path | None = None, owned: bool = False
    ) -> SimService:
        """Drive a service started elsewhere (e.g. by ``o2-sim-client.py --startup``)."""
        if not psutil.pid_exists(pid):
            msg = f"no process {pid} to attach to"
            raise ServiceDied(msg)
        cwd = Path(run_dir) if run_dir else Path(psutil.Process(pid).cwd())
        service = cls(pid, run_dir=cwd, owned=owned)
        service._refresh_tree()
        return service

    # ------------------------------------------------------------ readiness
    def wait_ready(self, timeout: float = 300.0) -> None:
        """Block until server, a worker and the merger await input (raise on FAILURE/death)."""
        seen: set[str] = set()
        deadline = time.monotonic() + timeout
        while len(seen) < len(_READY):
            for msg in self._read(deadline):
                for who, pattern in _READY.items():
                    if pattern.search(msg):
                        seen.add(who)
            self._refresh_tree()
        log.info("service %d ready", self.pid)

    # ------------------------------------------------------------ commands
    def request(self, command: str, timeout: float = 10.0) -> int:
        """Send one control request; the raw reply code (0, 1, 2)."""
        req = self._ctx.socket(zmq.REQ)
        req.connect(self.endpoints.control)
        try:
            req.send_string(command)
            deadline = time.monotonic() + timeout
            while not req.poll(int(CHECK_INTERVAL_S * 1000)):
                self._check_alive(f"waiting for the reply to {command!r}")
                if time.monotonic() > deadline:
                    msg = f"service {self.pid}: no reply to {command!r} within {timeout:.0f} s"
                    raise ServiceTimeout(msg)
            return protocol.decode_reply(req.recv())
        finally:
            req.close(linger=0)

    def submit(self, command: str, timeout: float = 10.0) -> None:
        """Send a batch command; raise ServiceBusy (1) or CommandRejected (2)."""
        code = self.request(command, timeout)
        if code == protocol.REPLY_BUSY:
            msg = f"service {self.pid} is busy; command dropped: {command!r}"
            raise ServiceBusy(msg)
        if code == protocol.REPLY_PARSE_ERROR:
            msg = f"service {self.pid} rejected {command!r} (see {self.run_dir / 'simservice.out'})"
            raise CommandRejected(msg)
        if code != protocol.REPLY_OK:
            msg = f"service {self.pid}: unknown reply {code} to {command!r}"
            raise ServiceError(msg)

    def submit_batch(self, command: str) -> BatchHandle:
        """Submit now, wait later (``handle.wait()``): the caller may work meanwhile."""
        if self._batch is not None and self._batch.result is None:
            msg = f"service {self.pid}: batch {self._batch.command!r} is still running"
            raise ServiceBusy(msg)
        self._finished = []
        self.submit(command)
        self._batch = BatchHandle(self, command)
        return self._batch

    def run_batch(self, command: str, timeout: float | None = None) -> BatchResult:
        return self.submit_batch(command).wait(timeout)

    def wait_done(self, timeout: float | None = None) -> BatchResult:
        """Block until ``O2SIM[STATE] : DONE`` of the current batch."""
        if self._batch is None:
            msg = f"service {self.pid}: no batch submitted"
            raise ServiceError(msg)
        deadline = None if timeout is None else time.monotonic() + timeout
        if not self._drain(block_s=None, until=_DONE, deadline=deadline):
            msg = f"service {self.pid}: batch {self._batch.command!r} not done within {timeout} s"
            raise ServiceTimeout(msg)
        return self._finish_batch()

    def _finish_batch(self) -> BatchResult:
        from pyo2bias.simservice.options import parse_batch

        batch = self._batch
        assert batch is not None
        try:
            cmd = parse_batch(batch.command)
            base = self.run_dir / (cmd.out_dir or "") / cmd.out_prefix
            n_events = cmd.n_events
        except CommandParseError:
            base, n_events = self.run_dir / "o2sim", len(self._finished)
        files = {p.name.removeprefix(base.name + "_").removesuffix(".root"): p
                 for p in base.parent.glob(f"{base.name}_*.root")}  # fmt: skip
        result = BatchResult(batch.command, base, files, n_events, list(self._finished),
                             time.monotonic() - batch.submitted)  # fmt: skip
        batch.result = result
        return result

    # ------------------------------------------------------------ notifications
    def _read(self, deadline: float | None, block_s: float | None = CHECK_INTERVAL_S) -> list[str]:
        """Notifications arriving within one check interval; raises on FAILURE or death."""
        got: list[str] = []
        wait = CHECK_INTERVAL_S if block_s is None else block_s
        if self._sub.poll(int(wait * 1000)):
            while True:
                try:
                    msg = self._sub.recv_string(zmq.NOBLOCK)
                except zmq.Again:
                    break
                self.notifications.append(msg)
                got.append(msg)
                if _FINISHED.search(msg):
                    self._finished.append(msg)
                if _FAILURE.search(msg):
                    self._check_alive("after FAILURE", grace=2.0)
                    msg = f"service {self.pid} published FAILURE (see {self.run_dir})"
                    raise ServiceDied(msg)
        if not got:
            self._check_alive("waiting for notifications")
        if deadline is not None and time.monotonic() > deadline and not got:
            msg = f"service {self.pid}: timeout (last notifications: {self.notifications[-3:]})"
            raise ServiceTimeout(msg)
        return got

    def _drain(self, *, block_s: float | None, until: re.Pattern[str],
               deadline: float | None = None) -> bool:  # fmt: skip
        while True:
            got = self._read(deadline, block_s)
            for msg in got:
                if until.search(msg):
                    return True
            if block_s == 0.0:
                return False
            if got:
                time.sleep(COALESCE_S)
            if deadline is not None and time.monotonic() > deadline:
                return False

    # ------------------------------------------------------------ liveness
    def _refresh_tree(self) -> None:
        try:
            root = psutil.Process(self.pid)
            for p in [root, *root.children(recursive=True)]:
                if p.pid not in self._tree and (p.pid == self.pid or _is_service_process(p, root)):
                    self._tree[p.pid] = p
                    self._roles[p.pid] = "driver" if p.pid == self.pid else _role(p)
        except psutil.NoSuchProcess:
            pass

    def processes(self) -> list[psutil.Process]:
        """The service's process tree as last seen (driver first)."""
        self._refresh_tree()
        return list(self._tree.values())

    def _check_alive(self, doing: str, grace: float = 0.0) -> None:
        deadline = time.monotonic() + grace
        while True:
            dead = [p for p in self._tree.values() if not _running(p)]
            if self._proc is not None and self._proc.poll() is not None:
                dead.insert(0, self._proc)
            if dead or time.monotonic() >= deadline:
                break
            time.sleep(0.1)
        if dead:
            names = ", ".join(f"{self._roles.get(p.pid, 'process')} {p.pid}" for p in dead)
            msg = f"service {self.pid}: {names} died ({doing}; logs in {self.run_dir})"
            raise ServiceDied(msg)
        if not self._tree and not psutil.pid_exists(self.pid):
            msg = f"service {self.pid} is gone ({doing})"
            raise ServiceDied(msg)

    # ------------------------------------------------------------ teardown
    def stop(self, timeout: float = 30.0) -> None:
        """End the service and everything it started; remove its socket files. Idempotent."""
        if self._stopped:
            return
        self._stopped = True
        self._refresh_tree()
        try:
            if _running_pid(self.pid):
                try:
                    code = self.request("--stop 1", timeout=5.0)
                    if code != protocol.REPLY_OK:
                        log.warning("service %d answered %d to --stop", self.pid, code)
                except ServiceError as exc:
                    log.warning("service %d: %s", self.pid, exc)
                self._wait_exit(timeout)
        finally:
            self._kill_tree()
            self._sub.close(linger=0)
            self._ctx.term()
            protocol.remove_socket_files(self.pid)
            _unregister(self)
            log.info("service %d stopped", self.pid)

    def _wait_exit(self, timeout: float) -> None:
        try:
            if self._proc is not None:
                self._proc.wait(timeout)
            else:
                psutil.Process(self.pid).wait(timeout)
        except (psutil.TimeoutExpired, psutil.NoSuchProcess):
            pass

    def _kill_tree(self) -> None:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            alive = [p for p in self._tree.values() if _running(p)]
            if not alive:
                break
            for p in alive:
                try:
                    p.send_signal(sig)
                except psutil.NoSuchProcess:
                    pass
            psutil.wait_procs(alive, timeout=GRACE_S)
        if self._proc is not None:
            try:
                self._proc.wait(GRACE_S)  # reap: no zombie
            except psutil.TimeoutExpired:
                self._proc.kill()
                self._proc.wait(GRACE_S)

    def __enter__(self) -> SimService:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"SimService(pid={self.pid}, run_dir={str(self.run_dir)!r})"


def _running(p: psutil.Process) -> bool:
    try:
        return p.is_running() and p.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _running_pid(pid: int) -> bool:
    try:
        return _running(psutil.Process(pid))
    except psutil.NoSuchProcess:
        return False


MIN_AGE_S = 1.0  # a fork about to exec a helper is not a process of the service


def _is_service_process(p: psutil.Process, driver: psutil.Process) -> bool:
    """Processes of the service itself (same program as the driver, or o2-sim's runners), not
    short-lived helpers such as a compiler or a shell started by one of them (nor the instant
    between such a helper's fork and its exec, when it still looks like its parent)."""
    try:
        name = p.name()
        settled = time.time() - p.create_time() >= MIN_AGE_S
        return settled and (name == driver.name() or name.startswith("o2-sim"))
    except psutil.Error:
        return False


def _role(p: psutil.Process) -> str:
    """server, worker, merger (embedded service) or the executable's name (o2-sim's)."""
    try:
        cmdline = p.cmdline()
    except psutil.Error:
        return "process"
    if "pyo2bias.simservice.child" in cmdline:
        i = cmdline.index("pyo2bias.simservice.child")
        return cmdline[i + 1] if i + 1 < len(cmdline) else "process"
    return Path(cmdline[0]).name if cmdline else "process"


# ---------------------------------------------------------------- process-wide cleanup
_services: weakref.WeakSet[SimService] = weakref.WeakSet()
_lock = threading.Lock()
_handlers_installed = False
_previous: dict[int, Any] = {}


def _register(service: SimService) -> None:
    global _handlers_installed
    with _lock:
        _services.add(service)
        if not _handlers_installed and threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGINT, signal.SIGTERM):
                _previous[signum] = signal.signal(signum, _on_signal)
            atexit.register(stop_all)
            _handlers_installed = True


def _unregister(service: SimService) -> None:
    with _lock:
        _services.discard(service)


def stop_all() -> None:
    """Stop every service this process started (interpreter exit, signals)."""
    for service in list(_services):
        try:
            service.stop(timeout=10.0)
        except Exception:
            log.exception("stopping service %d", service.pid)


def _on_signal(signum: int, frame: Any) -> None:
    log.warning("signal %d: stopping %d service(s)", signum, len(_services))
    stop_all()
    previous = _previous.get(signum)
    if callable(previous):
        previous(signum, frame)
    elif signum == signal.SIGINT:
        raise KeyboardInterrupt
    else:
        os._exit(128 + signum)
