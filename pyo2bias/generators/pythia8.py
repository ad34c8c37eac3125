"""``pythia8pp``: inelastic pp at 13.6 TeV from Pythia8 (pythia8mc), decays limited to
c*tau < 10 mm as in O2. Every event-record particle becomes a primary, in order, with its
mother/daughter links and encoded status; only final-state particles are to be transported."""

from __future__ import annotations

import logging
from typing import Any

import numpy as np

from pyo2bias.datamodel.process import Process
from pyo2bias.exceptions import ConfigurationError
from pyo2bias.simservice.event import GeneratedEvent, empty_tracks, encode_status, make_prop
from pyo2bias.simservice.params import SimParams
from pyo2bias.simservice.seeds import event_seed

__all__ = ["PYTHIA8PP_SETTINGS", "Pythia8Generator", "make_pythia"]

log = logging.getLogger(__name__)

PYTHIA8PP_SETTINGS = (
    "Beams:idA = 2212",
    "Beams:idB = 2212",
    "Beams:eCM = 13600.",
    "SoftQCD:inelastic = on",
    "ParticleDecays:limitTau0 = on",
    "ParticleDecays:tau0Max = 10.",
    "Random:setSeed = on",
)
_QUIET = (
    "Print:quiet = on",
    "Next:numberCount = 0",
    "Next:numberShowEvent = 0",
    "Next:numberShowInfo = 0",
    "Next:numberShowProcess = 0",
)
MM_PER_NS = 299.792458  # c in mm/ns: Pythia's times are in mm/c


def make_pythia(settings: tuple[str, ...] = PYTHIA8PP_SETTINGS, config_file: str = "") -> Any:
    """An initialised Pythia with ``settings`` (and an optional .cfg file), printing nothing."""
    import pythia8mc

    pythia = pythia8mc.Pythia("", False)
    for line in (*settings, *_QUIET):
        pythia.readString(line)
    if config_file and not pythia.readFile(config_file):
        msg = f"GeneratorPythia8.config: cannot read {config_file}"
        raise ConfigurationError(msg)
    if not pythia.init():
        msg = "Pythia8 initialisation failed (see the worker log)"
        raise ConfigurationError(msg)
    return pythia


class Pythia8Generator:
    name = "pythia8pp"
    applies_vertex = True

    def __init__(self, params: SimParams) -> None:
        self.pythia = make_pythia(config_file=str(params["GeneratorPythia8.config"]))
        self.version = f"{self.pythia.settings.parm('Pythia:versionNumber'):.3f}"

    def generate(self, index: int, batch_seed: int, params: SimParams, **kw: Any) -> GeneratedEvent:
        seed = event_seed(batch_seed, index)
        pythia = self.pythia
        pythia.rndm.init(seed)
        while not pythia.next():
            log.warning("Pythia8 failed to generate event %d; trying again", index)
        event = pythia.event
        # one Python call per value is what pythia8mc offers: ask only what is needed (most
        # particles have no displaced production vertex, which then reads 0)
        particles = [event[i] for i in range(1, event.size())]
        rows = [
            (p.id(), p.mother1(), p.mother2(), p.daughter1(), p.daughter2(), p.status(),
             p.statusHepMC(), p.px(), p.py(), p.pz(), p.e(), 0.0, 0.0, 0.0, 0.0)
            for p in particles
        ]  # fmt: skip
        table = np.array(rows, dtype=np.float64).reshape(-1, 15)
        for k, p in enumerate(particles):
            if p.hasVertex():
                table[k, 11:15] = (p.xProd(), p.yProd(), p.zProd(), p.tProd())
        n = len(table)
        tracks = empty_tracks(n)
        tracks["pdg"] = table[:, 0]
        # Pythia indices start at 1 (0 is the system): shift to 0-based track ids, 0 -> none
        for column, key in ((1, "mother"), (2, "mother2"), (3, "first"), (4, "last")):
            ids = table[:, column].astype(np.int32)
            tracks[key] = np.where(ids > 0, ids - 1, -1)
        single = (tracks["first"] >= 0) & (tracks["last"] < 0)
        tracks["last"][single] = tracks["first"][single]
        status = table[:, 5].astype(np.int32)
        tracks["px"], tracks["py"], tracks["pz"], tracks["e"] = table[:, 7:11].T
        tracks["vx"], tracks["vy"], tracks["vz"] = (table[:, 11:14] / 10.0).T  # mm -> cm
        tracks["t"] = table[:, 14] / MM_PER_NS
        final = status > 0
        tracks["prop"] = make_prop(Process.PRIMARY, to_be_done=final)
        tracks["status"] = encode_status(table[:, 6].astype(np.int32), status)
        tracks["weight"] = 1.0
        about = pythia.infoPython()
        info = {
            "generator": "pythia8",
            "version": self.version,
            "processCode": int(about.code()),
            "weight": float(about.weight()),
            "cross_section": float(about.sigmaGen()),  # mb, running estimate
        }
        return GeneratedEvent(index, seed, tracks, n, final.copy(), (0.0, 0.0, 0.0), info)
