"""A raw ZeroMQ client for the embedded service, written for the tests (not pyo2bias's client)."""

from __future__ import annotations

import glob
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import zmq

CHANNELS = (
    "notifications",
    "primary-notifications",
    "merger-notifications",
    "worker-notifications",
)


def service_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "pyo2bias.simservice", *args]


def run_sim(cwd: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """o2-sim without --asservice: simulate and exit."""
    return subprocess.run(service_command(*args), cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, check=False)  # fmt: skip


class RawService:
    def __init__(self, cwd: Path, *args: str) -> None:
        self.cwd = cwd
        self.out = open(cwd / "simservice.out", "w")
        self.proc = subprocess.Popen(service_command(*args, "--asservice", "1"), cwd=cwd,
                                     stdout=self.out, stderr=subprocess.STDOUT)  # fmt: skip
        self.pid = self.proc.pid
        self.ctx = zmq.Context()
        self.sub = self.ctx.socket(zmq.SUB)
        self.sub.setsockopt_string(zmq.SUBSCRIBE, "")
        for name in CHANNELS:
            self.sub.connect(f"ipc:///tmp/o2sim-{name}-{self.pid}")
        self.messages: list[str] = []
        self.tree: list[psutil.Process] = []

    def next_message(self, timeout: float) -> str | None:
        if self.sub.poll(int(timeout * 1000)):
            msg = self.sub.recv_string()
            self.messages.append(msg)
            return msg
        return None

    def wait_for(self, *patterns: str, timeout: float = 120) -> list[str]:
        """Messages until each regex in ``patterns`` matched one (raises on FAILURE/timeout)."""
        todo = [re.compile(p) for p in patterns]
        got: list[str] = []
        deadline = time.monotonic() + timeout
        while todo:
            left = deadline - time.monotonic()
            if left <= 0:
                msg = f"timeout waiting for {[p.pattern for p in todo]}; got {got}"
                raise TimeoutError(msg)
            m = self.next_message(min(left, 1.0))
            if m is None:
                continue
            got.append(m)
            if "FAILURE" in m and not any(p.search(m) for p in todo):
                msg = f"service failed: {got}"
                raise RuntimeError(msg)
            todo = [p for p in todo if not p.search(m)]
        return got

    def wait_ready(self, timeout: float = 120) -> None:
        self.wait_for(
            r"^PRIMSERVER\[STATUS\] : AWAITING INPUT$",
            r"^WORKER\d+\[STATUS\] : AWAITING INPUT$",
            r"^MERGER\[STATUS\] : AWAITING INPUT$",
            timeout=timeout,
        )
        self.snapshot()

    def snapshot(self) -> None:
        """Remember the service's process tree (to check later that none of it survives)."""
        if self.proc.poll() is None:
            root = self.proc_handle()
            known = {p.pid for p in self.tree}
            self.tree += [p for p in [root, *root.children(recursive=True)] if p.pid not in known]

    def proc_handle(self) -> psutil.Process:
        return psutil.Process(self.pid)

    def command(self, text: str, timeout: float = 10) -> int | None:
        req = self.ctx.socket(zmq.REQ)
        req.connect(f"ipc:///tmp/o2sim-control-{self.pid}")
        try:
            req.send_string(text)
            if req.poll(int(timeout * 1000)):
                return int.from_bytes(req.recv(), "little")
            return None
        finally:
            req.close(linger=0)

    def stop(self, timeout: float = 30) -> int:
        reply = self.command("--stop 1")
        assert reply == 0, f"stop replied {reply}"
        return self.proc.wait(timeout)

    def close(self) -> None:
        """Whatever happened: no process and no socket of this service may survive."""
        self.snapshot()
        if self.proc.poll() is None:
            os.kill(self.pid, signal.SIGKILL)
            self.proc.wait(10)
        for p in self.tree:
            if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                p.kill()
        self.sub.close(linger=0)
        self.ctx.term()
        self.out.close()
        for path in glob.glob(f"/tmp/o2sim-*-{self.pid}"):
            os.unlink(path)

    def leftovers(self) -> tuple[list[int], list[str]]:
        alive = [p.pid for p in self.tree if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
        return alive, glob.glob(f"/tmp/o2sim-*-{self.pid}")
