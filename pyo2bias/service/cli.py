"""``pyo2bias-sim-client``: a command-line client compatible with O2's ``o2-sim-client.py``.

    pyo2bias-sim-client --startup "-j 4 -n 0 -g pythia8pp -o simservice" --block
    pyo2bias-sim-client --pid 1234 --command "-g pythia8pp -n 20 -o batch0" --block
    pyo2bias-sim-client --pid 1234 --command "--stop 1"

Like o2-sim-client.py it prints ``detached as pid N`` (the service keeps running after the
client exits), writes the service's output to ``simservice.out``/``simservice.err``, exits 2
when the command is rejected and 1 on ``O2SIM[STATE] : FAILURE``. Unlike it, it never blocks
forever: a service that dies while the client waits is reported at once (exit 1).
"""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
from collections.abc import Sequence

import psutil

from pyo2bias.exceptions import CommandRejected, ServiceBusy, ServiceError
from pyo2bias.service.backend import Backend, service_command
from pyo2bias.service.client import SimService


def _start_detached(startup: str, backend: str) -> int:
    """Start the service in its own session; this client may exit while it runs."""
    cmd = service_command(shlex.split(startup), backend)
    with open("simservice.out", "ab") as out, open("simservice.err", "ab") as err:
        proc = psutil.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                            close_fds=True, start_new_session=True)  # fmt: skip
    proc.returncode = 0  # detached on purpose: not ours to wait for
    return proc.pid


def _is_service(p: psutil.Process) -> bool:
    cmdline = p.info["cmdline"] or []
    embedded = "pyo2bias.simservice" in cmdline and "--asservice" in cmdline
    return p.info["name"] == "o2-sim" or embedded


def _find_pid() -> int | None:
    found = [p.pid for p in psutil.process_iter(["name", "cmdline"]) if _is_service(p)]
    return found[0] if len(found) == 1 else None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Control client of an o2-sim service.")
    parser.add_argument("--startup", help="start a service with these o2-sim options")
    parser.add_argument("--command", help="command for a running service (batch options)")
    parser.add_argument("--block", action="store_true", help="wait until ready / DONE")
    parser.add_argument("--pid", type=int, help="pid of the service (found if only one runs)")
    parser.add_argument("--backend", choices=[b.value for b in Backend], default="auto")
    args = parser.parse_args(argv)
    pid = args.pid
    if args.startup:
        pid = _start_detached(args.startup, args.backend)
        print("detached as pid", pid, flush=True)  # noqa: T201 - the workflow greps this line
    if pid is None:
        pid = _find_pid()
        if pid is None:
            sys.stderr.write("Cannot determine the service's pid: pass --pid\n")
            return 1
    try:
        service = SimService.attach(pid)
        if args.command:
            try:
                handle = service.submit_batch(args.command)
            except ServiceBusy as exc:
                print(f"Server busy; cannot take commands. ({exc})")  # noqa: T201
                return 0
            except CommandRejected as exc:
                print(f"Command string faulty: {exc}")  # noqa: T201
                return 2
            print("Submission successful.", flush=True)  # noqa: T201
            if args.block and "--stop" not in args.command:
                result = handle.wait()
                for line in service.notifications:
                    print(line)  # noqa: T201
                print(f"Received DONE: {result.n_events} events in {result.seconds:.1f} s")  # noqa: T201
        elif args.startup and args.block:
            service.wait_ready()
            for line in service.notifications:
                print("Received notification", line)  # noqa: T201
    except ServiceError as exc:
        sys.stderr.write(f"pyo2bias-sim-client: {exc}\n")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
