"""Open one prefix of O2 simulation output as an RDataFrame (kinematics + hits as friends)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pyo2bias.datamodel.detectors import HIT_BRANCHES
from pyo2bias.datamodel.dictionary import load_datamodel
from pyo2bias.exceptions import NotAnO2FileError, O2FileNotFoundError
from pyo2bias.io.files import TREE_NAME, SimFiles, sim_files
from pyo2bias.io.rootfile import open_root_file, require_tree
from pyo2bias.rootenv.root import import_root

__all__ = ["KINE_BRANCHES", "SimOutput", "open_sim"]

log = logging.getLogger(__name__)

KINE_BRANCHES = ("MCTrack", "MCEventHeader.")
MCTRACK_TYPE = "vector<o2::MCTrackT<float> >"


@dataclass
class SimOutput:
    """An opened prefix: the kinematics tree with one friend tree per hits file.

    Friend columns are reachable as ``<DET>.<branch>`` (e.g. ``ITS.ITSHit``) and, when the name
    is unique, as the bare branch name. Keep this object alive while using :meth:`rdf`.
    """

    files: SimFiles
    n_events: int
    detectors: tuple[str, ...]
    tree: Any = field(repr=False)
    _handles: list[Any] = field(default_factory=list, repr=False)

    def rdf(self) -> Any:
        """A new ``ROOT.RDataFrame`` over the events (one row per event).

        In string expressions use the header's split columns
        (``MCEventHeader.FairMCEventHeader.fEventId``): the trailing dot of O2's
        ``MCEventHeader.`` branch cannot be used there.
        """
        ROOT = import_root()
        return ROOT.RDataFrame(self.tree)

    def close(self) -> None:
        """Close every file (the RDataFrames made from it become unusable)."""
        for handle in self._handles:
            handle.Close()
        self._handles.clear()

    def __enter__(self) -> SimOutput:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_sim(prefix: str | Path, detectors: Iterable[str] | None = None) -> SimOutput:
    """Open ``<prefix>_Kine.root`` with the ``<prefix>_Hits<DET>.root`` trees as friends.

    ``detectors``: hits to attach (default: every hits file present for ITS, TPC, TOF). A
    missing, truncated or non-O2 file raises an :class:`~pyo2bias.exceptions.O2FileError`
    naming it; so do hits trees whose event count differs from the kinematics.
    """
    load_datamodel()
    files = sim_files(prefix)
    kine_file = open_root_file(files.kine, "kinematics file of an O2 simulation")
    handles = [kine_file]
    tree = require_tree(kine_file, files.kine, TREE_NAME, KINE_BRANCHES)
    branch_type = tree.GetBranch("MCTrack").GetClassName()
    if str(branch_type).replace(" ", "") != MCTRACK_TYPE.replace(" ", ""):
        raise NotAnO2FileError(
            str(files.kine), f"branch 'MCTrack' holds {branch_type}, expected {MCTRACK_TYPE}"
        )
    n_events = int(tree.GetEntries())
    if detectors is None:
        wanted = [d for d in files.hits if d in HIT_BRANCHES]
    else:
        wanted = list(detectors)
    for det in wanted:
        if det not in HIT_BRANCHES:
            msg = f"no hits layout known for detector {det!r} (known: {', '.join(HIT_BRANCHES)})"
            raise ValueError(msg)
        path = files.hits.get(det, Path(f"{files.prefix}_Hits{det}.root"))
        if not path.exists():
            raise O2FileNotFoundError(str(path), f"no such file (hits of {det} were requested)")
        hits_file = open_root_file(path, f"{det} hits file")
        handles.append(hits_file)
        hits_tree = require_tree(hits_file, path, TREE_NAME, HIT_BRANCHES[det].branches)
        if hits_tree.GetEntries() != n_events:
            raise NotAnO2FileError(
                str(path),
                f"{hits_tree.GetEntries()} events but {files.kine} has {n_events}: "
                "not the hits of the same simulation",
            )
        tree.AddFriend(hits_tree, det)
    log.debug("opened %s: %d events, hits %s", files.prefix, n_events, wanted)
    return SimOutput(files, n_events, tuple(wanted), tree, handles)
