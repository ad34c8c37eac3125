"""The embedded service's fast transport: compiled propagation, Pythia8 for in-flight decays.

:class:`FastTransport` hands an event's tracks to the compiled engine (FastTransport.cxx,
built once), lets Pythia8 (process level off) decay the particles the engine stopped at their
decay points, repeats until nothing is left to decay, applies O2's keep rules, and returns the
kept tracks with their hits and track references serialised for the merger.
"""

from __future__ import annotations

import logging
import math
from typing import Any

import numpy as np

from pyo2bias.datamodel.detectors import hit_bit_lut
from pyo2bias.datamodel.dictionary import load_datamodel, support_dir
from pyo2bias.generators.pythia_native import NativePythia, native_library
from pyo2bias.rootenv.aclic import compile_cached
from pyo2bias.rootenv.root import import_root
from pyo2bias.simservice.event import TRACK_DTYPE, GeneratedEvent, TransportedEvent
from pyo2bias.transport.geometry import BZ_TESLA, shells_for

__all__ = ["Decayer", "FastTransport", "deserialize_hits"]

log = logging.getLogger(__name__)

_CONVERSION_PRODUCTS = np.array([11, -11, 22])
_ENGINE_HEADERS = ("FastTransport.h", "FastTransportImpl.h", "HitsTransfer.h", "TrackRow.h")
_ROW_BYTES = 96  # sizeof(pyo2bias::TrackRow): the engine reads and writes table rows directly
if TRACK_DTYPE.itemsize != _ROW_BYTES:  # pragma: no cover - a layout change must update both
    msg = f"TRACK_DTYPE has {TRACK_DTYPE.itemsize} bytes per row, TrackRow {_ROW_BYTES}"
    raise ImportError(msg)
_HIT_TYPES = {"ITS": "o2::itsmft::Hit", "TOF": "o2::tof::HitType", "TPC": "o2::tpc::HitGroup"}


def _engine_api() -> Any:
    """Compile (once, cached) and load the engine; return ``ROOT.pyo2bias.transport``."""
    ROOT = import_root()
    info = load_datamodel()
    support = support_dir() / "pyo2bias"
    source = (support / "FastTransport.cxx").read_text()
    # the engine's own headers count even where the data model is O2's (info.key is then None)
    headers = [(support / name).read_text() for name in _ENGINE_HEADERS]
    compile_cached("pyo2bias_fasttransport", source,
                   key_parts=[info.key or info.source, *headers])  # fmt: skip
    ROOT.gInterpreter.Declare('#include "pyo2bias/FastTransport.h"')
    return ROOT.pyo2bias.transport


class Decayer:
    """Pythia8 with the process level off: decays particles with Pythia's own decay tables.

    Driven from C++ when available (:mod:`pyo2bias.generators.pythia_native`), else through
    pythia8mc's binding; the two give the same decays."""

    def __init__(self) -> None:
        settings = ("ProcessLevel:all = off", "ParticleDecays:limitTau0 = off",
                    "Print:quiet = on", "Next:numberCount = 0", "Next:numberShowEvent = 0",
                    "Random:setSeed = on")  # fmt: skip
        lib = native_library()
        self.native = NativePythia(lib, settings) if lib else None
        if self.native:
            return
        import pythia8mc

        pythia = pythia8mc.Pythia("", False)
        for line in settings:
            pythia.readString(line)
        if not pythia.init():
            msg = "Pythia8 decayer failed to initialise"
            raise RuntimeError(msg)
        self.pythia = pythia
        self.data = pythia.particleData
        self._mass: dict[int, float] = {}

    def properties(self, pdg: int) -> tuple[float, float, float]:
        """(charge in e, mass in GeV, c*tau in cm; 0 when stable)."""
        if self.native:
            return self.native.properties(pdg)
        if not self.data.isParticle(pdg):
            return 0.0, 0.0, 0.0
        ctau_mm = float(self.data.tau0(pdg))
        return float(self.data.charge(pdg)), float(self.data.m0(pdg)), ctau_mm / 10.0

    def seed(self, seed: int) -> None:
        if self.native:
            self.native.seed(seed)
        else:
            self.pythia.rndm.init(seed)

    def decay_arrays(
        self, pdg: np.ndarray, p3: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Decay each particle (pdg (n,), momenta (n, 3) in GeV) on its own, in one Pythia
        event: (direct daughters per particle, their pdg codes, their (px, py, pz, e) as
        (m, 4))."""
        if self.native:
            return self.native.decay(pdg, p3)
        made = self._binding_decay(list(zip(pdg.tolist(), *p3.T.tolist(), strict=True)))
        counts = np.array([len(products) for products in made], np.int32)
        flat = np.array([p for products in made for p in products]).reshape(-1, 5)
        return counts, flat[:, 0].astype(np.int32), np.ascontiguousarray(flat[:, 1:5])

    def _mass_of(self, pdg: int) -> float:
        m = self._mass.get(pdg)
        if m is None:
            m = self._mass[pdg] = float(self.data.m0(pdg))
        return m

    def _binding_decay(
        self, decays: list[tuple[int, float, float, float]]
    ) -> list[list[tuple[int, float, float, float, float]]]:
        """Through pythia8mc's binding: the products (pdg, px, py, pz, e) of each decay (pdg,
        px, py, pz), in one Pythia event; each particle decays on its own; only its direct
        daughters are returned."""
        event = self.pythia.event
        event.reset()
        for pdg, px, py, pz in decays:
            m = self._mass_of(pdg)
            e = math.sqrt(px * px + py * py + pz * pz + m * m)
            event.append(pdg, 91, 0, 0, px, py, pz, e, m)
        # Only these species decay, and only during this call: a flag left on would make Pythia
        # decay such particles among later products too, so the random sequence (and the
        # output) would depend on which events this worker happened to transport before.
        species = {pdg for pdg, *_ in decays}
        may_decay = {pdg: self.data.mayDecay(pdg) for pdg in species}
        for pdg in species:
            self.data.mayDecay(pdg, True)
        try:
            ok = self.pythia.next()
        finally:
            for pdg, flag in may_decay.items():
                self.data.mayDecay(pdg, flag)
        if not ok:
            if len(decays) > 1:  # find the one Pythia cannot decay; the others go on
                return [self._binding_decay([d])[0] for d in decays]
            log.warning("Pythia could not decay %d", decays[0][0])
            return [[]]
        products = []
        for k in range(1, len(decays) + 1):
            daughters = [event[j] for j in event[k].daughterList()]
            products.append([(d.id(), d.px(), d.py(), d.pz(), d.e()) for d in daughters])
        return products


class FastTransport:
    """The transport step of the embedded service's workers (see the module docstring)."""

    def __init__(self, modules: list[str] | tuple[str, ...], *, bz: float = BZ_TESLA,
                 store_secondaries: bool = True, prune_kine: bool = True) -> None:  # fmt: skip
        self.api = _engine_api()
        self.engine = self.api.create(bz)
        for s in shells_for(modules):
            self.api.addShell(self.engine, s.r, s.r_outer, s.half_z, s.x_over_x0, s.kind, s.layer)
        lut = np.array(hit_bit_lut(modules), dtype=np.int32)
        self.api.setHitBits(self.engine, lut, len(lut))
        self.decayer = Decayer()
        self.store_secondaries = store_secondaries
        self.prune_kine = prune_kine
        self._known: set[int] = set()

    def _ensure(self, pdgs: np.ndarray) -> None:
        for pdg in set(pdgs.tolist()) - self._known:
            self.api.setParticle(self.engine, pdg, *self.decayer.properties(pdg))
            self._known.add(pdg)

    def _add(self, tracks: np.ndarray, transport: np.ndarray) -> None:
        if tracks.dtype != TRACK_DTYPE or len(transport) != len(tracks):  # rows go in as bytes
            msg = (f"track table of dtype {tracks.dtype}, {len(tracks)} rows, "
                   f"{len(transport)} transport flags: expected TRACK_DTYPE, one flag per row")
            raise ValueError(msg)
        self._ensure(tracks["pdg"])
        rows = np.ascontiguousarray(tracks).view(np.uint8)
        flags = np.ascontiguousarray(transport, dtype=np.uint8)
        self.api.addRows(self.engine, len(tracks), rows, flags)

    def transport(self, event: GeneratedEvent, rng: np.random.Generator) -> TransportedEvent:
        self.propagate(event, rng)
        api, engine = self.api, self.engine
        transported, steps = int(api.transported(engine)), int(api.steps(engine))
        kept = api.keepAndPrune(engine, len(event.tracks), self.store_secondaries,
                                self.prune_kine)  # fmt: skip
        tracks = np.empty(kept, TRACK_DTYPE)
        api.exportRows(engine, tracks.view(np.uint8))
        stats = (int(api.nHits(engine)), transported, kept, steps)
        return TransportedEvent(
            index=event.index, tracks=tracks, n_primaries=event.n_primaries, vertex=event.vertex,
            info=dict(event.info), hits=self._packed_hits(), stats=stats,
            header_source=event.header_source,
        )  # fmt: skip

    def propagate(self, event: GeneratedEvent, rng: np.random.Generator) -> None:
        """Transport ``event`` in the engine, decays included; the engine then holds every
        track made (see :meth:`unpruned`), before the keep rules."""
        api, engine = self.api, self.engine
        seeds = rng.integers(1, 900_000_000, 2)
        api.newEvent(engine, int(seeds[0]))
        self.decayer.seed(int(seeds[1]))
        self._ensure(_CONVERSION_PRODUCTS)
        self._add(event.tracks, event.to_transport)  # flags finished as finish_event does
        while True:
            api.run(engine)
            n = api.nDecays(engine)
            if n == 0:
                break
            self._decay_pending(n)

    def unpruned(self) -> tuple[np.ndarray, np.ndarray]:
        """Every track in the engine (hit bits in ``prop``) and whether it left hits: what the
        keep rules see (:func:`pyo2bias.transport.pruning.keep_mask` is their reference)."""
        n = int(self.api.nTracks(self.engine))
        tracks, has_hits = np.empty(n, TRACK_DTYPE), np.zeros(n, np.uint8)
        self.api.exportRows(self.engine, tracks.view(np.uint8))
        self.api.hitFlags(self.engine, has_hits)
        return tracks, has_hits.astype(bool)

    def _decay_pending(self, n: int) -> None:
        """Decay the particles the engine stopped (in one Pythia event) and hand it the
        products, which start where their mother stopped."""
        track, pdg = np.zeros(n, np.int32), np.zeros(n, np.int32)
        where = np.zeros((7, n))  # x, y, z, t, px, py, pz at the decay points
        self.api.getDecays(self.engine, track, pdg, *where)
        counts, species, p4 = self.decayer.decay_arrays(pdg, where[4:].T)
        if not counts.any():
            return
        self._ensure(species)
        self.api.addDecayProducts(self.engine, counts, species, p4)

    def _packed_hits(self) -> bytes:
        """The event's hits and track references as one packet (see HitsTransfer.h)."""
        global _buffer
        n = int(self.api.packHits(self.engine, _buffer, len(_buffer)))
        if n > len(_buffer):
            _buffer = np.empty(2 * n, np.uint8)
            self.api.packHits(self.engine, _buffer, len(_buffer))
        return _buffer[:n].tobytes()

    def __del__(self) -> None:
        try:
            self.api.destroy(self.engine)
        except Exception:  # noqa: BLE001 - interpreter shutdown
            pass


_buffer = np.empty(1 << 20, np.uint8)  # reused: grows to the largest event's packet


def deserialize_hits(packet: bytes) -> tuple[dict[str, Any], Any]:
    """A hits packet as vectors: ({"ITS": ..., "TOF": ..., "TPC": [36 sectors]}, refs)."""
    ROOT = import_root()
    ROOT.gInterpreter.Declare('#include "pyo2bias/HitsTransfer.h"')
    slots = ROOT.pyo2bias.HitSlots()
    refs = ROOT.std.vector["o2::TrackReference"]()
    hits: dict[str, Any] = {det: ROOT.std.vector[kind]() for det, kind in _HIT_TYPES.items()
                            if det != "TPC"}  # fmt: skip
    hits["TPC"] = [ROOT.std.vector[_HIT_TYPES["TPC"]]() for _ in range(36)]
    slots.refs, slots.its, slots.tof = refs, hits["ITS"], hits["TOF"]
    for k, sector in enumerate(hits["TPC"]):
        slots.tpc[k] = sector
    data = np.frombuffer(packet, np.uint8)
    ROOT.pyo2bias.unpackHits(data, len(data), slots)
    return hits, refs
