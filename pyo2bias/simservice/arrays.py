"""Track tables <-> O2 objects, through the C++ loops of ``pyo2bias/TrackArrays.h``."""

from __future__ import annotations

from typing import Any

import numpy as np

from pyo2bias.datamodel.dictionary import load_datamodel
from pyo2bias.rootenv.root import import_root
from pyo2bias.simservice.event import TRACK_DTYPE, empty_tracks

__all__ = ["from_mctracks", "to_mctracks", "to_tparticles"]

_FIELDS = TRACK_DTYPE.names
_declared = False


def _root() -> Any:
    global _declared
    ROOT = import_root()
    if not _declared:
        load_datamodel()
        ROOT.gInterpreter.Declare('#include "pyo2bias/TrackArrays.h"')
        _declared = True
    return ROOT


def _columns(ROOT: Any, tracks: np.ndarray) -> tuple[Any, list[np.ndarray]]:
    keep = [np.ascontiguousarray(tracks[name]) for name in _FIELDS]  # must outlive the call
    return ROOT.pyo2bias.trackColumns(*keep), keep


def to_mctracks(tracks: np.ndarray, out: Any = None) -> Any:
    """A ``std::vector<o2::MCTrack>`` with the rows of ``tracks`` (reusing ``out``)."""
    ROOT = _root()
    if out is None:
        out = ROOT.std.vector["o2::MCTrackT<float>"]()
    cols, _keep = _columns(ROOT, tracks)
    ROOT.pyo2bias.fillMCTracks(out, len(tracks), cols)
    return out


def to_tparticles(tracks: np.ndarray, out: Any = None) -> Any:
    """A ``std::vector<TParticle>`` as O2's stack hands tracks to macros (time in s...)."""
    ROOT = _root()
    if out is None:
        out = ROOT.std.vector["TParticle"]()
    cols, _keep = _columns(ROOT, tracks)
    ROOT.pyo2bias.fillTParticles(out, len(tracks), cols)
    return out


def from_mctracks(vector: Any) -> np.ndarray:
    """A track table from a ``std::vector<o2::MCTrack>`` (energy from PDG masses)."""
    ROOT = _root()
    tracks = empty_tracks(int(vector.size()))
    columns = {name: np.zeros(len(tracks), dtype=TRACK_DTYPE[name]) for name in _FIELDS}
    cols = ROOT.pyo2bias.trackOutColumns(*columns.values())
    ROOT.pyo2bias.exportMCTracks(vector, cols)
    for name, arr in columns.items():
        tracks[name] = arr
    return tracks
