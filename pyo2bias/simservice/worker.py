"""A worker: asks the server for events, generates and transports them, sends them on.

Setup (once): the startup generator and the transport selection macro are initialised, then
``WORKER<i>[STATUS] : SETUP COMPLETED``. Each event's random numbers come from the batch seed
and the event index only, so the output does not depend on which worker ran it.
"""

from __future__ import annotations

import logging
import pickle
import time
from typing import Any

import zmq

from pyo2bias.generators import Generator, make_generator
from pyo2bias.simservice import protocol
from pyo2bias.simservice.arrays import primary_counts
from pyo2bias.simservice.event import GeneratedEvent
from pyo2bias.simservice.params import SimParams
from pyo2bias.simservice.seeds import event_rng
from pyo2bias.simservice.stack import PrimarySelection
from pyo2bias.transport import Transport
from pyo2bias.transport.fast import FastTransport

log = logging.getLogger(__name__)

IDLE_POLL_S = 0.02
VERTEX_STREAM = 2
TRANSPORT_STREAM = 3


class EventMaker:
    """Generators (cached by name and input, as o2-sim caches them), vertex, selection."""

    def __init__(self, startup_params: SimParams, modules: list[str]) -> None:
        self.selection = PrimarySelection(startup_params)
        self.transport: Transport = FastTransport(
            modules,
            store_secondaries=bool(startup_params["Stack.storeSecondaries"]),
            prune_kine=bool(startup_params["Stack.pruneKine"]),
        )
        self._generators: dict[tuple[str, str, bool], Generator] = {}

    def generator(self, name: str, params: SimParams, ext_kin_file: str) -> Generator:
        key = (name, "", False)
        if name == "extkinO2":  # a new input file or mode needs a new reader
            key = (name, ext_kin_file, bool(params["GeneratorFromO2Kine.continueMode"]))
        if key not in self._generators:
            self._generators[key] = make_generator(name, params, ext_kin_file)
        return self._generators[key]

    def make(self, work: dict[str, Any]) -> Any:
        params: SimParams = work["params"]
        gen = self.generator(work["generator"], params, work["ext_kin_file"])
        index, seed = work["index"], work["seed"]
        event: GeneratedEvent = gen.generate(index, seed, params)
        if gen.applies_vertex:
            rng = event_rng(seed, index, VERTEX_STREAM)
            vertex = rng.normal(params["Diamond.position"], params["Diamond.width"])
            for axis, key in enumerate(("vx", "vy", "vz")):
                event.tracks[key] += vertex[axis]
            event.vertex = tuple(float(v) for v in vertex)
        self.selection.apply(event)
        start = time.perf_counter()
        done = self.transport.transport(event, event_rng(seed, index, TRANSPORT_STREAM))
        done.time_ns = (time.perf_counter() - start) * 1e9
        done.info = {**primary_counts(done.tracks, done.n_primaries), **done.info,
                     "batch_seed": int(seed), "event_seed": int(event.seed)}  # fmt: skip
        done.header_source = event.header_source
        return done


def run_worker(settings: dict[str, Any]) -> int:
    index = settings["index"]
    ep = protocol.Endpoints(settings["driver_pid"])
    ctx = zmq.Context()
    notify = ctx.socket(zmq.PUSH)
    notify.connect(ep.worker_internal)
    server = ctx.socket(zmq.REQ)
    server.connect(ep.primary_get)
    merger = ctx.socket(zmq.PUSH)
    merger.connect(ep.merger_data)

    def status(text: str) -> None:
        notify.send_string(protocol.worker_status(index, text))

    try:
        params: SimParams = pickle.loads(bytes.fromhex(settings["params"]))
        maker = EventMaker(params, list(settings["modules"]))
        if settings.get("generator") == "pythia8pp":  # o2-sim initialises the startup generator
            maker.generator("pythia8pp", params, "")
        status(protocol.SETUP_COMPLETED)
        busy = True  # announce AWAITING after the first empty answer
        streak = False  # this worker made an event since its last empty answer
        ask = pickle.dumps({"worker": index})
        server.send(ask)
        while True:
            while not server.poll(500):
                if protocol.orphaned(settings["driver_pid"]):
                    log.error("driver %d is gone: exiting", settings["driver_pid"])
                    return 1
            reply = pickle.loads(server.recv())
            if reply["kind"] == "stop":
                log.info("stop received")
                break
            if reply["kind"] == "idle":
                if busy:
                    status(protocol.AWAITING)
                    busy = False
                streak = False
                time.sleep(IDLE_POLL_S)
                server.send(ask)
                continue
            # After its first event, a worker asks for more work before making the last event
            # of its chunk: the answer is then waiting when that event is done. Not before its
            # first event, so that the workers waking from their idle poll share a batch's
            # first events.
            busy = True
            indices = reply["indices"]
            prefetched = False
            for k, event_index in enumerate(indices):
                if streak and k == len(indices) - 1:
                    server.send(ask)
                    prefetched = True
                event = maker.make({**reply, "index": event_index})
                merger.send(pickle.dumps((reply["batch"], event), protocol=pickle.HIGHEST_PROTOCOL))
                streak = True
            if not prefetched:
                server.send(ask)
    finally:
        for sock in (notify, server, merger):
            sock.close(linger=2000)  # deliver what was sent
        ctx.term()
    return 0


__all__ = ["EventMaker", "run_worker"]
