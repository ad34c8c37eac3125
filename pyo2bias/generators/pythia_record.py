"""Pythia's event record as numpy columns, filled in C++ in one call per event.

pythia8mc reads a particle one Python call per value: for a 13.6 TeV pp event of ~800 entries
that costs more than generating the event. Its batch interface (``Pythia.nextBatch``, Pythia's
"Awkward" interface) instead fills one column buffer per field in C++ and hands them, with a
JSON form that names them, to ``awkward.from_buffers``. :func:`next_event` generates the event
with ``nextBatch(1)`` while ``awkward`` is a stand-in module that returns the buffers as they
are, so the columns arrive without any per-particle or per-array Python work.

:func:`record_rows` turns a record into primaries in one compiled loop, with the HepMC status
(which the batch interface does not carry) by Pythia's documented convention.
:func:`check_against_accessors` compares every column and that status with Pythia's own
per-particle accessors; the generator runs it on its first event.
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

__all__ = ["EventRecord", "check_against_accessors", "next_event", "record_rows"]

log = logging.getLogger(__name__)

_INT_FIELDS = ("id", "status", "mother1", "mother2", "daughter1", "daughter2")
_MOMENTUM = ("px", "py", "pz", "e")


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


def record_rows(record: EventRecord, particle_data: Any) -> tuple[np.ndarray, np.ndarray]:
    """The record as primaries (a track table, ``TRACK_DTYPE``) and its HepMC status codes,
    made in one compiled loop (``pyo2bias/PythiaRows.h``, which states the conventions).

    Species seen for the first time are registered with their hadron flag from
    ``particle_data`` (Pythia's), which the HepMC status of decayed particles needs.
    """
    from pyo2bias.simservice.event import TRACK_DTYPE

    rows_api = _rows_api()
    for pdg in set(np.unique(record.id).tolist()) - _registered:
        rows_api.setHadron(pdg, bool(particle_data.isHadron(pdg)))
        _registered.add(pdg)
    n = len(record)
    tracks, hepmc = np.empty(n, TRACK_DTYPE), np.empty(n, np.int32)
    rows_api.rows(n, record.id, record.status, record.mother1, record.mother2, record.daughter1,
                  record.daughter2, np.ascontiguousarray(record.p),
                  np.ascontiguousarray(record.vertex), tracks.view(np.uint8), hepmc)  # fmt: skip
    return tracks, hepmc


_registered: set[int] = set()  # species whose hadron flag the compiled loop knows


def _rows_api() -> Any:
    global _rows
    if _rows is None:
        from pyo2bias.datamodel.dictionary import load_datamodel
        from pyo2bias.rootenv.root import import_root

        load_datamodel()  # puts pyo2bias's support headers on the include path
        ROOT = import_root()
        ROOT.gInterpreter.Declare('#include "pyo2bias/PythiaRows.h"')
        _rows = ROOT.pyo2bias.pythia
    return _rows


_rows: Any = None


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
