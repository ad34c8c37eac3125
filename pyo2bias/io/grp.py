"""The GRP object: which detectors a simulation read out (``<prefix>_grp.root``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pyo2bias.datamodel.detectors import DETECTORS, detid, readout_detectors
from pyo2bias.datamodel.dictionary import load_datamodel
from pyo2bias.exceptions import NotAnO2FileError
from pyo2bias.io.rootfile import open_root_file, quiet_root
from pyo2bias.io.writer import atomic_root_file
from pyo2bias.rootenv.root import import_root

__all__ = ["GRPInfo", "read_grp", "write_grp"]

GRP_KEYS = ("ccdb_object", "GRP")  # o2-sim writes the first; files before 2022 the second


@dataclass(frozen=True)
class GRPInfo:
    """What pyo2bias needs from a GRP: the detectors read out, and the run number."""

    path: Path
    key: str
    readout: tuple[str, ...]
    run: int


def write_grp(path: str | Path, modules: Iterable[str], *, run: int = 0) -> Path:
    """Write a GRPObject with the readout detectors of ``modules`` under ``ccdb_object``."""
    ROOT = import_root()
    load_datamodel()
    grp = ROOT.o2.parameters.GRPObject()
    for det in readout_detectors(modules):
        grp.addDetReadOut(ROOT.o2.detectors.DetID(detid(det)))
    grp.setRun(run)
    grp.setIsMC(True)
    path = Path(path)
    with atomic_root_file(path) as tfile:
        tfile.WriteObjectAny(grp, "o2::parameters::GRPObject", GRP_KEYS[0])
    return path


def read_grp(path: str | Path) -> GRPInfo:
    """Read a GRP file (key ``ccdb_object`` or ``GRP``)."""
    ROOT = import_root()
    load_datamodel()
    path = Path(path)
    tfile = open_root_file(path, "GRP file")
    try:
        for key in GRP_KEYS:
            if not tfile.GetKey(key):
                continue
            with quiet_root():
                grp = tfile.Get(key)
            if isinstance(grp, ROOT.o2.parameters.GRPObject):
                dets = tuple(
                    d for d in DETECTORS if grp.isDetReadOut(ROOT.o2.detectors.DetID(detid(d)))
                )
                return GRPInfo(path, key, dets, int(grp.getRun()))
        raise NotAnO2FileError(str(path), f"no GRPObject under the keys {', '.join(GRP_KEYS)}")
    finally:
        tfile.Close()
