"""Track tables <-> O2 objects, through the C++ loops of ``pyo2bias/TrackArrays.h`` (which read
and write the tables' rows in place)."""

from __future__ import annotations

from typing import Any

import numpy as np

from pyo2bias.datamodel.dictionary import load_datamodel
from pyo2bias.rootenv.root import import_root
from pyo2bias.simservice.event import TRACK_DTYPE

__all__ = ["from_mctracks", "primary_counts", "to_mctracks", "to_tparticles"]

_declared = False


def _root() -> Any:
    global _declared
    ROOT = import_root()
    if not _declared:
        load_datamodel()
        ROOT.gInterpreter.Declare('#include "pyo2bias/TrackArrays.h"')
        _declared = True
    return ROOT


def _rows(tracks: np.ndarray) -> np.ndarray:
    """The table's rows as contiguous bytes (the C++ loops read ``TrackRow``s)."""
    if tracks.dtype != TRACK_DTYPE:
        msg = f"a track table has dtype TRACK_DTYPE, not {tracks.dtype}"
        raise TypeError(msg)
    return np.ascontiguousarray(tracks).view(np.uint8)


def to_mctracks(tracks: np.ndarray, out: Any = None) -> Any:
    """A ``std::vector<o2::MCTrack>`` with the rows of ``tracks`` (reusing ``out``)."""
    ROOT = _root()
    if out is None:
        out = ROOT.std.vector["o2::MCTrackT<float>"]()
    ROOT.pyo2bias.fillMCTracks(out, len(tracks), _rows(tracks))
    return out


def to_tparticles(tracks: np.ndarray, out: Any = None) -> Any:
    """A ``std::vector<TParticle>`` as O2's stack hands tracks to macros (time in s...)."""
    ROOT = _root()
    if out is None:
        out = ROOT.std.vector["TParticle"]()
    ROOT.pyo2bias.fillTParticles(out, len(tracks), _rows(tracks))
    return out


def from_mctracks(vector: Any) -> np.ndarray:
    """A track table from a ``std::vector<o2::MCTrack>`` (energy from PDG masses)."""
    ROOT = _root()
    tracks = np.empty(int(vector.size()), TRACK_DTYPE)
    ROOT.pyo2bias.exportMCTracks(vector, tracks.view(np.uint8))
    return tracks


_ETA_CUTS = ("1.2", "1.0", "0.8")


def primary_counts(tracks: np.ndarray, n_primaries: int) -> dict[str, int]:
    """O2's ``prims_*`` header keys: final-state (transportable) primaries within |eta| cuts
    (computed by the workers, in parallel, rather than by the merger)."""
    ROOT = _root()
    prim = tracks[:n_primaries]
    out = np.zeros(7, np.int64)
    ROOT.pyo2bias.primaryCounts(_rows(prim), len(prim), out)
    counts = {"prims_total": int(out[0])}
    for k, label in enumerate(_ETA_CUTS):
        counts[f"prims_eta_{label}"] = int(out[1 + 2 * k])
        counts[f"prims_eta_{label}_pi"] = int(out[2 + 2 * k])
    return counts
