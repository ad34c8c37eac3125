"""The primary server: hands out the events of a batch to workers, a few at a time.

Workers generate and transport the events themselves (each event is fully determined by the
batch seed and its index), so the server only tracks what is left to hand out; this keeps
generation parallel. It publishes ``PRIMSERVER[STATUS] : AWAITING INPUT`` whenever it runs out
of work, and tells the driver which events it just distributed.
"""

from __future__ import annotations

import logging
import pickle
import time
from typing import Any

import zmq

from pyo2bias.simservice import protocol
from pyo2bias.simservice.sockets import ChildSockets

log = logging.getLogger(__name__)


MAX_CHUNK = 8
STOP_QUIET_S = 3.0  # longer than a chunk of events takes: a busy worker still gets its stop
CHUNK_SHARE = 4  # a chunk is at most 1/(CHUNK_SHARE * workers) of the events left


def chunk_size(left: int, workers: int) -> int:
    """How many consecutive events one request gets: several while many are left (each
    message costs the service's processes more CPU than some events do), down to one at the
    end of a batch so that the workers finish together."""
    return max(1, min(MAX_CHUNK, left // (CHUNK_SHARE * max(1, workers))))


def run_server(settings: dict[str, Any]) -> int:
    ep = protocol.Endpoints(settings["driver_pid"])
    workers = int(settings.get("workers", 1))
    socks = ChildSockets.open(ep, notifications=ep.primary_notifications, inbox_kind=zmq.REP,
                              inbox=ep.primary_get, commands=ep.server_commands)  # fmt: skip
    pub, work, commands, driver = socks.pub, socks.inbox, socks.commands, socks.driver
    poller, bound_at = socks.poller, socks.bound_at

    batch: dict[str, Any] | None = None
    next_index = 1
    stopping = False
    stopped, last_request = 0, time.monotonic()  # stop replies sent; when a worker last asked
    # announced when the first worker asks for work: by then every client has subscribed
    idle_announced = False
    try:
        while True:
            events = dict(poller.poll(500))
            if protocol.orphaned(settings["driver_pid"]):
                log.error("driver %d is gone: exiting", settings["driver_pid"])
                return 1
            if commands in events:
                cmd = pickle.loads(commands.recv())
                if cmd["kind"] == "stop":
                    stopping = True
                    log.info("stop received")
                elif cmd["kind"] == "batch":
                    batch, next_index, idle_announced = cmd, 1, False
                    log.info("batch %d: %d events of %s", cmd["batch"], cmd["n"], cmd["generator"])
                    if cmd["n"] == 0:
                        pub.send_string(protocol.PRIMSERVER_AWAITING)
                        idle_announced = True
            if work in events:
                request = pickle.loads(work.recv())
                last_request = time.monotonic()
                if stopping:
                    work.send(pickle.dumps({"kind": "stop"}))
                    stopped += 1
                elif batch is not None and next_index <= batch["n"]:
                    size = chunk_size(batch["n"] - next_index + 1, workers)
                    indices = list(range(next_index, next_index + size))
                    work.send(pickle.dumps({**batch, "kind": "work", "indices": indices}))
                    driver.send(pickle.dumps(("distributed", batch["batch"], indices)))
                    log.debug("events %s to worker %s", indices, request.get("worker"))
                    next_index += size
                else:
                    work.send(pickle.dumps({"kind": "idle"}))
                    if not idle_announced:
                        protocol.settle(bound_at)
                        pub.send_string(protocol.PRIMSERVER_AWAITING)
                        idle_announced = True
            if stopping and (stopped >= workers or time.monotonic() - last_request > STOP_QUIET_S):
                break  # every worker got its stop (or none asked for a while: they are gone)
    finally:
        socks.close()
    return 0


__all__ = ["chunk_size", "run_server"]
