"""O2's simulation data model in ROOT: classes, detectors, and how to load them.

The C++ headers under ``include/`` declare O2's classes (``o2::MCTrack``, ``MCEventHeader``,
``TrackReference``, hits, ``GRPObject``) with O2's names, members and class versions, plus the
function types O2 macros return. :func:`load_datamodel` makes them available to ROOT.
"""

from pyo2bias.datamodel.detectors import (
    DETECTORS,
    HIT_BRANCHES,
    PASSIVE_MODULES,
    TPC_SECTORS,
    HitBranchSpec,
    detid,
    hit_bit_lut,
    readout_detectors,
)
from pyo2bias.datamodel.dictionary import DataModelInfo, include_dir, load_datamodel
from pyo2bias.datamodel.process import Process

__all__ = [
    "DETECTORS",
    "HIT_BRANCHES",
    "PASSIVE_MODULES",
    "TPC_SECTORS",
    "DataModelInfo",
    "HitBranchSpec",
    "Process",
    "detid",
    "hit_bit_lut",
    "include_dir",
    "load_datamodel",
    "readout_detectors",
]
