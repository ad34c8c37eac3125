"""The merger: collects transported events from the workers and writes them, in order.

Events arrive in any order; they are written as event 1, 2, ... n of the batch. The events
written after each wake-up are reported to the driver in one message (it publishes
``EVENT k FINISHED`` for each); after the last one the files are closed
(unlike o2-sim, before DONE is published) and ``MERGER[STATUS] : AWAITING INPUT`` follows.
"""

from __future__ import annotations

import logging
import pickle
from pathlib import Path
from typing import Any

import numpy as np
import zmq

from pyo2bias.datamodel.detectors import hit_bit_lut
from pyo2bias.io.header import encode_info
from pyo2bias.io.writer import SimWriter
from pyo2bias.rootenv.root import import_root
from pyo2bias.simservice import protocol
from pyo2bias.simservice.arrays import to_mctracks
from pyo2bias.simservice.event import TransportedEvent
from pyo2bias.simservice.sockets import ChildSockets, pending

log = logging.getLogger(__name__)

_declared = False


def _declare() -> None:
    global _declared
    if not _declared:
        import_root().gInterpreter.Declare('#include "pyo2bias/HeaderInfo.h"')
        _declared = True


class BatchWriter:
    """Writes one batch's events in order to ``<out>_Kine.root`` and friends."""

    def __init__(self, batch: dict[str, Any], modules: list[str],
                 compression: int | None = None) -> None:  # fmt: skip
        self.batch_id = batch["batch"]
        self.n = batch["n"]
        self.next = 1
        self.pending: dict[int, TransportedEvent] = {}
        self.lut = np.array(hit_bit_lut(modules), np.int32)
        out = batch["out_prefix"]
        if batch.get("out_dir"):
            Path(batch["out_dir"]).mkdir(parents=True, exist_ok=True)
            out = str(Path(batch["out_dir"]) / out)
        self.writer = SimWriter(out, modules, compression=compression)
        _declare()

    def add(self, event: TransportedEvent) -> list[int]:
        """Store ``event``; write every event that is now next in line; return their ids."""
        self.pending[event.index] = event
        written = []
        while self.next in self.pending:
            self._write(self.pending.pop(self.next))
            written.append(self.next)
            self.next += 1
        return written

    @property
    def complete(self) -> bool:
        return self.next > self.n

    def _write(self, event: TransportedEvent) -> None:
        ROOT = import_root()
        carry = event.header_source
        tracks, header = self.writer.event_buffers()
        to_mctracks(event.tracks, tracks)
        ROOT.pyo2bias.fillEventHeader(
            header, event.index, np.asarray(event.vertex, np.float64),
            np.array([carry.time, carry.b] if carry is not None else [0.0, 0.0]),
            event.n_primaries, np.asarray(event.stats, np.int64), self.lut, len(self.lut),
            encode_info(event.info),  # the worker put O2's prims_* counts first
        )  # fmt: skip
        self.writer.fill_packed(event.hits)

    def close(self) -> None:
        self.writer.close()

    def abort(self) -> None:
        self.writer.abort()


def run_merger(settings: dict[str, Any]) -> int:
    ep = protocol.Endpoints(settings["driver_pid"])
    modules = list(settings["modules"])
    socks = ChildSockets.open(ep, notifications=ep.merger_notifications, inbox_kind=zmq.PULL,
                              inbox=ep.merger_data, commands=ep.merger_commands)  # fmt: skip
    pub, data, commands, driver = socks.pub, socks.inbox, socks.commands, socks.driver
    poller, bound_at = socks.poller, socks.bound_at
    current: BatchWriter | None = None
    early: dict[int, list[TransportedEvent]] = {}  # events that overtook their batch command
    from pyo2bias.datamodel.dictionary import load_datamodel

    load_datamodel()  # before announcing readiness: the first batch must not wait for it
    protocol.settle(bound_at)
    pub.send_string(protocol.MERGER_AWAITING)
    try:
        while True:
            events = dict(poller.poll(500))
            if protocol.orphaned(settings["driver_pid"]):
                log.error("driver %d is gone: exiting", settings["driver_pid"])
                return 1
            if commands in events:
                cmd = pickle.loads(commands.recv())
                if cmd["kind"] == "stop":
                    log.info("stop received")
                    break
                current = BatchWriter(cmd, modules, settings.get("compression"))
                log.info("batch %d: writing %d events to %s", cmd["batch"], cmd["n"],
                         current.writer.prefix)  # fmt: skip
                early_events = early.pop(current.batch_id, [])
                written = [i for event in early_events for i in current.add(event)]
                if written:
                    driver.send(pickle.dumps(("finished", current.batch_id, written)))
            if data in events:
                written = []
                for frame in pending(data, limit=8):  # a few events: one report for them
                    batch_id, event = pickle.loads(frame)
                    if current is None or batch_id != current.batch_id:
                        early.setdefault(batch_id, []).append(event)
                        continue
                    written += current.add(event)
                if written:
                    driver.send(pickle.dumps(("finished", current.batch_id, written)))
            if current is not None and current.complete:
                current.close()
                driver.send(pickle.dumps(("done", current.batch_id)))
                current = None
                pub.send_string(protocol.MERGER_AWAITING)
    finally:
        if current is not None:
            current.abort()
        socks.close(linger_ms=1000)
    return 0


__all__ = ["BatchWriter", "run_merger"]
