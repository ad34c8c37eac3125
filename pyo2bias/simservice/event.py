"""An event on its way through the service: a table of tracks in MCTrack's order and units.

The track table is a numpy structured array (one row per track, O2's order: primaries first,
then kept secondaries); ``prop`` uses MCTrack's bit layout. Tables travel between processes
pickled, and become ``std::vector<o2::MCTrack>`` only in the merger.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = [
    "INHIBITED",
    "STORE",
    "TO_BE_DONE",
    "TRACK_DTYPE",
    "GeneratedEvent",
    "TransportedEvent",
    "empty_tracks",
    "encode_status",
    "make_prop",
    "process_of",
    "prop_flag",
    "set_prop_flag",
]

TRACK_DTYPE = np.dtype(
    [
        ("pdg", "i4"), ("mother", "i4"), ("mother2", "i4"), ("first", "i4"), ("last", "i4"),
        ("px", "f8"), ("py", "f8"), ("pz", "f8"), ("e", "f8"),  # GeV
        ("vx", "f8"), ("vy", "f8"), ("vz", "f8"), ("t", "f8"),  # cm, ns
        ("prop", "i4"), ("status", "i4"), ("weight", "f4"),
    ]
)  # fmt: skip

STORE = 1 << 0
INHIBITED = 1 << 30
TO_BE_DONE = 1 << 31  # the sign bit of the stored int32
_PROCESS_SHIFT = 1
_PROCESS_MASK = 0x3F
_HIT_SHIFT = 7


def make_prop(
    process: np.ndarray | int,
    *,
    store: np.ndarray | bool = True,
    to_be_done: np.ndarray | bool = False,
    inhibited: np.ndarray | bool = False,
    hitmask: np.ndarray | int = 0,
) -> np.ndarray:
    """MCTrack's ``mProp`` words (int32) from their fields (vectorised)."""
    word = (
        np.asarray(store, dtype=np.int64) * STORE
        | (np.asarray(process, dtype=np.int64) & _PROCESS_MASK) << _PROCESS_SHIFT
        | (np.asarray(hitmask, dtype=np.int64) & 0x3FFFFF) << _HIT_SHIFT
        | np.asarray(inhibited, dtype=np.int64) * INHIBITED
        | np.asarray(to_be_done, dtype=np.int64) * TO_BE_DONE
    )
    return np.atleast_1d(word).astype(np.uint32).view(np.int32)


def prop_flag(prop: np.ndarray, flag: int) -> np.ndarray:
    """True where ``flag`` (STORE, INHIBITED, TO_BE_DONE) is set."""
    return (np.asarray(prop).astype(np.int64) & 0xFFFFFFFF & flag) != 0


def set_prop_flag(prop: np.ndarray, flag: int, value: np.ndarray | bool) -> np.ndarray:
    word = np.asarray(prop).astype(np.int64) & 0xFFFFFFFF
    word = np.where(np.asarray(value, dtype=bool), word | flag, word & ~flag)
    return word.astype(np.uint32).view(np.int32)


def encode_status(hepmc: np.ndarray | int, generator: np.ndarray | int) -> np.ndarray:
    """O2's encoded generator status: HepMC status bits 0-8, generator status 9-18, 5 << 29."""
    word = (
        (np.asarray(hepmc, dtype=np.int64) & 0x1FF)
        | ((np.asarray(generator, dtype=np.int64) & 0x3FF) << 9)
        | (5 << 29)
    )
    return np.atleast_1d(word).astype(np.uint32).view(np.int32)


def empty_tracks(n: int = 0) -> np.ndarray:
    tracks = np.zeros(n, dtype=TRACK_DTYPE)
    for key in ("mother", "mother2", "first", "last"):
        tracks[key] = -1
    return tracks


def process_of(prop: np.ndarray) -> np.ndarray:
    return (prop.astype(np.int64) >> _PROCESS_SHIFT) & _PROCESS_MASK


@dataclass
class GeneratedEvent:
    """What a generator produced for event ``index`` (1-based within the batch)."""

    index: int
    seed: int
    tracks: np.ndarray  # TRACK_DTYPE; primaries (continue mode: every input track)
    n_primaries: int
    to_transport: np.ndarray  # bool per track: transport it in this run
    vertex: tuple[float, float, float]
    info: dict[str, Any] = field(default_factory=dict)
    header_source: Any = None  # continue mode: input header fields to carry over


@dataclass
class TransportedEvent:
    """What a worker hands to the merger for one event."""

    index: int
    tracks: np.ndarray
    n_primaries: int
    vertex: tuple[float, float, float]
    info: dict[str, Any]
    hits: bytes = b""  # hits and track references, one packet (pyo2bias/HitsTransfer.h)
    stats: tuple[int, int, int, int] = (0, 0, 0, 0)  # hits, transported, kept, steps
    time_ns: float = 0.0
    header_source: Any = None  # continue mode: the input header's fields
