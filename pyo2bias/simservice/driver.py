"""The driver (o2-sim's top process, pid P): control socket, notifications, child processes.

It binds ``ipc:///tmp/o2sim-control-P`` (REP) and the O2SIM notification PUB, starts the
primary server, the merger and ``-j`` workers (each in its own process group), validates every
request before replying (0 accepted, 1 busy, 2 invalid), and watches its children: if one dies
it publishes ``O2SIM[STATE] : FAILURE`` and ends the service. ``--stop 1``, SIGTERM and SIGINT
end every process and remove every ``/tmp/o2sim-*-P`` socket file.

Departures from o2-sim, on purpose: every request gets a reply (a stop sent first is honoured;
a batch with ``-n 0`` completes at once with empty files) and output files are closed before
DONE is published.
"""

from __future__ import annotations

import json
import logging
import os
import pickle
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import zmq

from pyo2bias.datamodel.detectors import readout_detectors
from pyo2bias.exceptions import CommandParseError, ConfigurationError, PyO2BiasError
from pyo2bias.generators.base import KNOWN_GENERATORS
from pyo2bias.simservice import protocol
from pyo2bias.simservice.compression import output_compression
from pyo2bias.simservice.options import BatchCommand, StartupOptions, parse_batch
from pyo2bias.simservice.params import SimParams
from pyo2bias.simservice.seeds import resolve_batch_seed
from pyo2bias.simservice.sockets import pending

__all__ = ["Driver", "run_driver"]

log = logging.getLogger(__name__)

MODELLED_MODULES = ("PIPE", "ITS", "TPC", "TOF")
GRACE_S = 5.0
CHILD_CHECK_S = 0.05


@dataclass
class Batch:
    id: int
    command: BatchCommand
    seed: int
    asked: int
    finished: int = 0
    started: float = field(default_factory=time.time)


class Driver:
    def __init__(self, opts: StartupOptions, cwd: Path | None = None) -> None:
        self.opts = opts
        self.cwd = cwd or Path.cwd()
        self.pid = os.getpid()
        self.ep = protocol.Endpoints(self.pid)
        self.modules = list(MODELLED_MODULES if opts.modules == ("all",) else opts.modules)
        self.readout = readout_detectors(self.modules)  # validates the names
        self.compression = output_compression()
        self.params = SimParams()
        if opts.config_file:
            self.params.update_from_file(opts.config_file)
        if opts.config_key_values:
            self.params.update_from_string(opts.config_key_values)
        self.children: dict[str, subprocess.Popen[bytes]] = {}
        self.logs: list[IO[bytes]] = []
        self.batch: Batch | None = None
        self.n_batches = 0
        self.stop_code: int | None = None
        self.ctx = zmq.Context()
        self.sockets: dict[str, zmq.Socket] = {}

    # ----------------------------------------------------------------- setup
    def start(self) -> None:
        prefix = self.cwd / self.opts.out_prefix
        from pyo2bias.io.grp import write_grp

        write_grp(f"{prefix}_grp.root", self.modules)
        Path(f"{prefix}_configuration.ini").write_text(self.params.to_ini())
        self._bind()
        settings = {"driver_pid": self.pid}
        self._spawn("server", {**settings, "workers": self.opts.workers}, f"{prefix}_serverlog")
        merger = {**settings, "modules": self.modules, "compression": self.compression}
        self._spawn("merger", merger, f"{prefix}_mergerlog")
        worker_log = f"{prefix}_workerlog0"  # o2-sim's workers share one log
        for i in range(self.opts.workers):
            self._spawn(f"worker{i}", {**settings, "index": i, "generator": self.opts.generator,
                                       "modules": self.modules,
                                       "params": pickle.dumps(self.params).hex()}, worker_log,
                        role="worker")  # fmt: skip
        log.info("service %d: %d workers, modules %s, readout %s", self.pid, self.opts.workers,
                 " ".join(self.modules), " ".join(self.readout))  # fmt: skip

    def _bind(self) -> None:
        kinds = {
            "control": (zmq.REP, self.ep.control),
            "pub": (zmq.PUB, self.ep.notifications),
            "worker_pub": (zmq.PUB, self.ep.worker_notifications),
            "worker_relay": (zmq.PULL, self.ep.worker_internal),
            "internal": (zmq.PULL, self.ep.driver_internal),
            "server_cmd": (zmq.PUSH, self.ep.server_commands),
            "merger_cmd": (zmq.PUSH, self.ep.merger_commands),
        }
        for name, (kind, address) in kinds.items():
            sock = self.ctx.socket(kind)
            sock.bind(address)
            self.sockets[name] = sock

    def _spawn(self, name: str, settings: dict[str, Any], log_path: str, role: str = "") -> None:
        out = open(log_path, "ab")
        self.logs.append(out)
        cmd = [
            sys.executable,
            "-m",
            "pyo2bias.simservice.child",
            role or name,
            json.dumps(settings),
        ]
        self.children[name] = subprocess.Popen(
            cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            cwd=self.cwd, process_group=0,
        )  # fmt: skip

    # ----------------------------------------------------------------- loop
    def run(self) -> int:
        signal.signal(signal.SIGTERM, self._on_signal)
        signal.signal(signal.SIGINT, self._on_signal)
        try:
            self.start()
            if self.opts.n_events > 0 or not self.opts.asservice:
                self._start_batch(self.opts.first_batch())
            poller = zmq.Poller()
            for name in ("control", "worker_relay", "internal"):
                poller.register(self.sockets[name], zmq.POLLIN)
            relay, internal = self.sockets["worker_relay"], self.sockets["internal"]
            checked = 0.0
            while self.stop_code is None:
                ready = dict(poller.poll(100))
                if relay in ready:
                    for frame in pending(relay):
                        self._publish(frame.decode(), "worker_pub")
                if internal in ready:
                    for frame in pending(internal):
                        self._on_internal(pickle.loads(frame))
                if self.sockets["control"] in ready:
                    self._on_control(self.sockets["control"].recv())
                now = time.monotonic()
                # not per message (they come in bursts), but always before leaving the loop
                if now - checked > CHILD_CHECK_S or self.stop_code is not None:
                    self._check_children()
                    checked = now
        except PyO2BiasError as exc:
            log.error("%s", exc)
            self._publish(protocol.O2SIM_FAILURE)
            self.stop_code = 1
        finally:
            self.shutdown()
        return self.stop_code or 0

    def _publish(self, text: str, socket: str = "pub") -> None:
        self.sockets[socket].send_string(text)
        log.debug("published %s", text)

    def _on_signal(self, signum: int, frame: object) -> None:
        log.warning("signal %d: stopping", signum)
        self.stop_code = 1

    def _on_control(self, frame: bytes) -> None:
        text = frame.decode(errors="replace")
        try:
            cmd = parse_batch(text)
        except CommandParseError as exc:
            log.warning("rejected %r: %s", text, exc)
            self.sockets["control"].send(protocol.encode_reply(protocol.REPLY_PARSE_ERROR))
            return
        try:  # a request that can never run gets 2, busy or not
            params = None if cmd.stop else self._validated_params(cmd)
        except (ConfigurationError, PyO2BiasError) as exc:
            log.warning("rejected %r: %s", text, exc)
            self.sockets["control"].send(protocol.encode_reply(protocol.REPLY_PARSE_ERROR))
            return
        if self.batch is not None:
            log.info("busy: dropped %r", text)
            self.sockets["control"].send(protocol.encode_reply(protocol.REPLY_BUSY))
            return
        if params is None:
            self.sockets["control"].send(protocol.encode_reply(protocol.REPLY_OK))
            log.info("stop requested")
            self.stop_code = 0
            return
        self.params = params  # parameters accumulate over batches, as in o2-sim's server
        self.sockets["control"].send(protocol.encode_reply(protocol.REPLY_OK))
        self._start_batch(cmd, validated=True)

    def _validated_params(self, cmd: BatchCommand) -> SimParams:
        params = self.params.copy()
        if cmd.config_file:
            params.update_from_file(cmd.config_file)
        if cmd.config_key_values:
            params.update_from_string(cmd.config_key_values)
        if cmd.generator not in KNOWN_GENERATORS:
            msg = f"-g {cmd.generator}: unknown generator ({', '.join(KNOWN_GENERATORS)})"
            raise ConfigurationError(msg)
        if cmd.generator == "extkinO2":
            path = Path(params["GeneratorFromO2Kine.fileName"] or cmd.ext_kin_file)
            if not (self.cwd / path).is_file():
                msg = f"--extKinFile {path}: no such file"
                raise ConfigurationError(msg)
        return params

    def _start_batch(self, cmd: BatchCommand, validated: bool = False) -> None:
        if not validated:
            self.params = self._validated_params(cmd)
        self.n_batches += 1
        seed = resolve_batch_seed(cmd.seed)
        self.batch = Batch(self.n_batches, cmd, seed, cmd.n_events)
        ext = self.params["GeneratorFromO2Kine.fileName"] or cmd.ext_kin_file
        common = {"kind": "batch", "batch": self.batch.id, "n": cmd.n_events}
        self.sockets["merger_cmd"].send(pickle.dumps(
            {**common, "out_prefix": cmd.out_prefix, "out_dir": cmd.out_dir}))  # fmt: skip
        self.sockets["server_cmd"].send(pickle.dumps(
            {**common, "generator": cmd.generator, "seed": seed, "params": self.params,
             "ext_kin_file": str(self.cwd / ext)}))  # fmt: skip
        log.info("batch %d: %r, seed %d", self.batch.id, cmd.text or "startup", seed)

    def _on_internal(self, message: tuple[Any, ...]) -> None:
        kind, batch_id = message[0], message[1]
        batch = self.batch
        if batch is None or batch_id != batch.id:
            log.error("message %r for batch %s, current %s", message, batch_id, batch)
            return
        if kind == "distributed":  # a chunk of events handed to one worker
            for event_id in message[2]:
                self._publish(protocol.event_distributed(event_id))
        elif kind == "finished":  # events written in order by the merger
            for event_id in message[2]:
                batch.finished += 1
                self._publish(protocol.event_finished(event_id, batch.asked, batch.finished))
        elif kind == "done":
            log.info("batch %d done in %.2f s", batch.id, time.time() - batch.started)
            self.batch = None
            self._publish(protocol.O2SIM_DONE)
            if not self.opts.asservice:
                self.stop_code = 0

    def _check_children(self) -> None:
        for name, proc in self.children.items():
            code = proc.poll()
            if code is not None:
                log.error(
                    "%s (pid %d) exited with code %d: the service fails", name, proc.pid, code
                )
                self._publish(protocol.O2SIM_FAILURE)
                self.stop_code = 1
                return

    # ----------------------------------------------------------------- teardown
    def shutdown(self) -> None:
        """Stop the children (politely, then SIGTERM, then SIGKILL), reap them, remove sockets."""
        try:
            self._stop_children()
        finally:
            for sock in self.sockets.values():
                sock.close(linger=0)
            self.ctx.term()
            for out in self.logs:
                out.close()
            protocol.remove_socket_files(self.pid)
            log.info("service %d stopped", self.pid)

    def _stop_children(self) -> None:
        for name in ("server_cmd", "merger_cmd"):
            sock = self.sockets.get(name)
            if sock is not None:
                try:
                    sock.send(pickle.dumps({"kind": "stop"}), zmq.NOBLOCK)
                except zmq.Again:
                    pass  # that child is gone already
        self._wait_children(GRACE_S)
        for sig in (signal.SIGTERM, signal.SIGKILL):
            alive = [p for p in self.children.values() if p.poll() is None]
            if not alive:
                break
            for proc in alive:
                try:
                    os.killpg(proc.pid, sig)
                except ProcessLookupError:
                    pass
            self._wait_children(GRACE_S)

    def _wait_children(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        for proc in self.children.values():
            remaining = max(0.0, deadline - time.monotonic())
            try:
                proc.wait(remaining)
            except subprocess.TimeoutExpired:
                pass


def run_driver(opts: StartupOptions) -> int:
    """Run the service in this process until it stops; the exit code of o2-sim."""
    os.umask(0o077)  # socket files and logs: owner only
    try:
        driver = Driver(opts)
    except PyO2BiasError as exc:
        log.error("%s", exc)
        return 1
    return driver.run()
