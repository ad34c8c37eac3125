"""``extkinO2``: events from an O2 kinematics file (``--extKinFile`` or
``GeneratorFromO2Kine.fileName``).

Normal mode pushes the file's primaries (all of them are transported, inhibited or not).
Continue mode (``GeneratorFromO2Kine.continueMode=true``) pushes every track with its ids and
links; only the tracks not yet transported (toBeDone and inhibited) are transported now, new
secondaries are appended, no new vertex is applied and the header's fields and information
are carried over (reference section 8).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from pyo2bias.exceptions import O2FileError
from pyo2bias.simservice.event import (
    INHIBITED,
    TO_BE_DONE,
    GeneratedEvent,
    prop_flag,
    set_prop_flag,
)
from pyo2bias.simservice.params import SimParams
from pyo2bias.simservice.seeds import event_seed

__all__ = ["ExtKinO2Generator", "HeaderCarry"]


@dataclass
class HeaderCarry:
    """Header content of an input event that continue mode carries into the output."""

    event_id: int
    vertex: tuple[float, float, float]
    time: float
    b: float
    info: dict[str, Any]


class ExtKinO2Generator:
    name = "extkinO2"

    def __init__(self, path: str, params: SimParams) -> None:
        from pyo2bias.io.reader import open_sim

        self.path = str(Path(path).resolve())
        prefix = self.path.removesuffix("_Kine.root")
        if prefix == self.path:
            raise O2FileError(self.path, "--extKinFile must name a <prefix>_Kine.root file")
        self.sim = open_sim(prefix, detectors=[])
        self.continue_mode = bool(params["GeneratorFromO2Kine.continueMode"])
        self.round_robin = bool(params["GeneratorFromO2Kine.roundRobin"])
        self.applies_vertex = not self.continue_mode

    def generate(self, index: int, batch_seed: int, params: SimParams, **kw: Any) -> GeneratedEvent:
        from pyo2bias.io.header import header_info
        from pyo2bias.simservice.arrays import from_mctracks

        entry = index - 1
        if entry >= self.sim.n_events:
            if not self.round_robin:
                raise O2FileError(
                    self.path,
                    f"event {index} asked but the file has {self.sim.n_events} "
                    "(set GeneratorFromO2Kine.roundRobin=true to wrap around)",
                )
            entry %= self.sim.n_events
        tree = self.sim.tree
        tree.GetEntry(entry)
        tracks = from_mctracks(tree.MCTrack)
        header = getattr(tree, "MCEventHeader.")
        info = header_info(header)
        info["forwarding-generator"] = "extkinO2"
        info["forwarding-generator_inputFile"] = self.path
        info["forwarding-generator_inputEventNumber"] = entry
        to_be_done = prop_flag(tracks["prop"], TO_BE_DONE)
        inhibited = prop_flag(tracks["prop"], INHIBITED)
        vertex = (float(header.GetX()), float(header.GetY()), float(header.GetZ()))
        if self.continue_mode:
            to_transport = to_be_done & inhibited
            n_primaries = int(header.GetNPrim()) or len(tracks)
            carry = HeaderCarry(int(header.GetEventID()), vertex, float(header.GetT()),
                                float(header.GetB()), info)  # fmt: skip
        else:
            primary = _is_primary(tracks)
            tracks = tracks[primary]
            n = len(tracks)
            for key in ("first", "last"):  # links into secondaries that are not pushed
                tracks[key] = np.where(tracks[key] < n, tracks[key], -1)
            to_transport = prop_flag(tracks["prop"], TO_BE_DONE)
            tracks["prop"] = set_prop_flag(tracks["prop"], INHIBITED, False)
            n_primaries = n
            carry = None
            vertex = (0.0, 0.0, 0.0)
        return GeneratedEvent(index, event_seed(batch_seed, index), tracks, n_primaries,
                              to_transport, vertex, info, carry)  # fmt: skip


def _is_primary(tracks: np.ndarray) -> np.ndarray:
    from pyo2bias.simservice.event import process_of

    return (process_of(tracks["prop"]) == 0) | ((tracks["mother"] < 0) & (tracks["mother2"] < 0))
