"""Pythia's event record as numpy columns, filled in C++ in one call per event.

pythia8mc reads a particle one Python call per value: for a 13.6 TeV pp event of ~800 entries
that costs more than generating the event. Its batch interface (``Pythia.nextBatch``, Pythia's
"Awkward" interface) instead fills one column buffer per field in C++ and hands them, with a
JSON form that names them, to ``awkward.from_buffers``. :func:`next_event` generates the event
with ``nextBatch(1)`` while ``awkward`` is a stand-in module that returns the buffers as they
are, so the columns arrive without any per-particle or per-array Python work.

The HepMC status, which the batch interface does not carry, follows Pythia's documented
convention (:func:`hepmc_status`). :func:`check_against_accessors` compares every column with
Pythia's own per-particle accessors; the generator runs it on its first event.
"""

from __future__ import annotations

import json
import logging
import sys
import types
from dataclasses import dataclass
from typing import Any

import numpy as np

from pyo2bias.exceptions import ConfigurationError

__all__ = ["EventRecord", "check_against_accessors", "hepmc_status", "next_event"]

log = logging.getLogger(__name__)

_INT_FIELDS = ("id", "status", "mother1", "mother2", "daughter1", "daughter2")
_MOMENTUM = ("px", "py", "pz", "e")
_NORMAL_DECAY_PRODUCTS = (91, 94)  # |status| of products of a normal (or external) decay
_BEAM = -12


@dataclass
class EventRecord:
    """Entries 1..size-1 of ``pythia.event`` (entry 0, the system, is left out)."""

    id: np.ndarray
    status: np.ndarray
    mother1: np.ndarray
    mother2: np.ndarray
    daughter1: np.ndarray
    daughter2: np.ndarray
    p: np.ndarray  # (n, 4): px, py, pz, e in GeV
    vertex: np.ndarray  # (n, 4): x, y, z in mm, t in mm/c; zero where Pythia set none
    has_vertex: np.ndarray

    def __len__(self) -> int:
        return len(self.id)


class _Buffers(types.ModuleType):
    """Stands in for ``awkward`` during ``nextBatch``: keeps what it is handed."""

    def __init__(self) -> None:
        super().__init__("awkward")
        self.handed: tuple[str, int, dict[str, Any]] | None = None

    def from_buffers(self, form: str, length: int, container: dict[str, Any], *_a: Any,
                     **_kw: Any) -> None:  # fmt: skip
        self.handed = (form, length, container)


@dataclass(frozen=True)
class _Layout:
    """Where each column of the record is in the container, from the JSON form."""

    offsets: str
    columns: dict[str, tuple[str, np.dtype]]  # field -> (buffer key, dtype)
    vertex_index: str
    vertex: tuple[tuple[str, np.dtype], ...]


def _layout(form_json: str) -> _Layout:
    form = json.loads(form_json)
    try:
        prt = form["contents"]["prt"]
        fields = prt["content"]["contents"]

        def numpy_column(node: dict[str, Any]) -> tuple[str, np.dtype]:
            return f"{node['form_key']}-data", np.dtype(node["primitive"])

        columns = {name: numpy_column(fields[name]) for name in _INT_FIELDS}
        for name in _MOMENTUM:
            columns[name] = numpy_column(fields["p"]["contents"][name])
        vprod = fields["vProd"]
        vertex = tuple(numpy_column(vprod["content"]["contents"][k]) for k in _MOMENTUM)
        return _Layout(f"{prt['form_key']}-offsets", columns, f"{vprod['form_key']}-index",
                       vertex)  # fmt: skip
    except (KeyError, TypeError) as err:
        msg = (f"pythia8mc nextBatch: unexpected event form (missing {err}); this pythia8mc "
               "version is not supported by the fast event-record reader")  # fmt: skip
        raise ConfigurationError(msg) from err


_layouts: dict[str, _Layout] = {}


def _column(container: dict[str, Any], key: str, dtype: np.dtype) -> np.ndarray:
    return np.frombuffer(memoryview(container[key]), dtype=dtype)


def _next_batch(pythia: Any) -> tuple[str, int, dict[str, Any]]:
    shim = _Buffers()
    saved = sys.modules.get("awkward")
    sys.modules["awkward"] = shim
    try:
        pythia.nextBatch(1)
    finally:
        if saved is None:
            del sys.modules["awkward"]
        else:
            sys.modules["awkward"] = saved
    if shim.handed is None:
        msg = "pythia8mc nextBatch returned no buffers (no batch interface in this build?)"
        raise ConfigurationError(msg)
    return shim.handed


def next_event(pythia: Any) -> EventRecord:
    """Generate the next event (retrying failures, as ``while not next()``) and read it."""
    form, length, container = _next_batch(pythia)
    while length == 0:  # the one try failed: the batch came back empty
        log.warning("Pythia8 failed to generate an event; trying again")
        form, length, container = _next_batch(pythia)
    layout = _layouts.get(form)
    if layout is None:
        layout = _layouts[form] = _layout(form)
    offsets = _column(container, layout.offsets, np.dtype(np.int64))
    lo, hi = int(offsets[0]) + 1, int(offsets[1])  # skip entry 0 (the system)
    cols = {k: _column(container, key, dt)[lo:hi] for k, (key, dt) in layout.columns.items()}
    index = _column(container, layout.vertex_index, np.dtype(np.int32))[lo:hi]
    has_vertex = index >= 0
    vertex = np.zeros((hi - lo, 4))
    if has_vertex.any():
        content = np.stack([_column(container, key, dt) for key, dt in layout.vertex], axis=1)
        vertex[has_vertex] = content[index[has_vertex]]
    p = np.stack([cols[k] for k in _MOMENTUM], axis=1).astype(np.float64)
    ints = {k: cols[k].astype(np.int32) for k in _INT_FIELDS}
    return EventRecord(p=p, vertex=vertex, has_vertex=has_vertex, **ints)


def hepmc_status(record: EventRecord, is_hadron: Any) -> np.ndarray:
    """HepMC status codes by Pythia's documented convention (``Particle::statusHepMC``).

    1 final state; 4 incoming beam; 2 a hadron, mu or tau that decayed normally (its first
    daughter is a decay product, status 91-94, of another species); otherwise |status| for
    intermediate codes 11-200, and 0. ``is_hadron(pdg)`` answers from Pythia's particle data.
    """
    status = record.status
    out = np.where((np.abs(status) >= 11) & (np.abs(status) <= 200), np.abs(status), 0)
    d1 = record.daughter1 - 1  # 0-based; entry 0 (the system) is not in the record
    has_daughter = (d1 >= 0) & (d1 < len(record))
    d1c = np.where(has_daughter, d1, 0)
    dau_status = np.abs(record.status[d1c])
    species, inverse = np.unique(record.id, return_inverse=True)
    hadron = np.array([bool(is_hadron(int(pdg))) for pdg in species], dtype=bool)[inverse]
    decayable = hadron | np.isin(np.abs(record.id), (13, 15))
    normal = (has_daughter & decayable & (record.id[d1c] != record.id)
              & (dau_status >= _NORMAL_DECAY_PRODUCTS[0])
              & (dau_status <= _NORMAL_DECAY_PRODUCTS[1]))  # fmt: skip
    out = np.where(normal & (status < 0), 2, out)
    out = np.where(status == _BEAM, 4, out)
    return np.where(status > 0, 1, out).astype(np.int32)


def check_against_accessors(pythia: Any, record: EventRecord, hepmc: np.ndarray) -> None:
    """Compare ``record`` with ``pythia.event`` read through Pythia's accessors; raise if any
    value differs (an unsupported pythia8mc build would otherwise give wrong events)."""
    event = pythia.event
    if event.size() - 1 != len(record):
        msg = f"fast event-record reader: {len(record)} entries, Pythia has {event.size() - 1}"
        raise ConfigurationError(msg)
    for k in range(len(record)):
        prt = event[k + 1]
        expect = (prt.id(), prt.status(), prt.mother1(), prt.mother2(), prt.daughter1(),
                  prt.daughter2(), prt.statusHepMC())  # fmt: skip
        got = (record.id[k], record.status[k], record.mother1[k], record.mother2[k],
               record.daughter1[k], record.daughter2[k], hepmc[k])  # fmt: skip
        vertex = (prt.xProd(), prt.yProd(), prt.zProd(), prt.tProd())
        if (tuple(int(v) for v in got) != expect
                or not np.array_equal(record.p[k], (prt.px(), prt.py(), prt.pz(), prt.e()))
                or bool(record.has_vertex[k]) != prt.hasVertex()
                or (prt.hasVertex() and not np.array_equal(record.vertex[k], vertex))):  # fmt: skip
            msg = (f"fast event-record reader disagrees with Pythia's accessors at entry "
                   f"{k + 1} (id {prt.id()}): got {got}, Pythia says {expect}")  # fmt: skip
            raise ConfigurationError(msg)
