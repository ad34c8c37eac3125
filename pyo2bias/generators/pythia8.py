"""``pythia8pp``: inelastic pp at 13.6 TeV from Pythia8 (pythia8mc), decays limited to
c*tau < 10 mm as in O2. Every event-record particle becomes a primary, in order, with its
mother/daughter links and encoded status; only final-state particles are to be transported.
Pythia is driven from C++ when its headers are at hand (:mod:`pyo2bias.generators.pythia_native`),
else through pythia8mc's binding, the record then read in one call
(:mod:`pyo2bias.generators.pythia_record`); both give the same events."""

from __future__ import annotations

import logging
from typing import Any

from pyo2bias.exceptions import ConfigurationError
from pyo2bias.generators.pythia_native import NativePythia, native_library
from pyo2bias.generators.pythia_record import check_against_accessors, next_event, record_rows
from pyo2bias.simservice.event import GeneratedEvent
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
        config = str(params["GeneratorPythia8.config"])
        lib = native_library()
        self.native = NativePythia(lib, (*PYTHIA8PP_SETTINGS, *_QUIET), config) if lib else None
        self.pythia = None if self.native else make_pythia(config_file=config)
        parm = self.native.parm if self.native else self.pythia.settings.parm
        self.version = f"{parm('Pythia:versionNumber'):.3f}"
        self._checked = False

    def generate(self, index: int, batch_seed: int, params: SimParams, **kw: Any) -> GeneratedEvent:
        seed = event_seed(batch_seed, index)
        if self.native:
            self.native.seed(seed)
            tracks, hepmc = self.native.next_rows()  # retries failed events, as next() would
            code, weight, sigma = self.native.info()
        else:
            pythia = self.pythia
            pythia.rndm.init(seed)
            record = next_event(pythia)  # retries failed events, as ``while not next()`` would
            tracks, hepmc = record_rows(record, pythia.particleData)
            if not self._checked:  # the fast reader, once, against Pythia's own accessors
                check_against_accessors(pythia, record, hepmc)
                self._checked = True
            about = pythia.infoPython()
            code, weight, sigma = int(about.code()), float(about.weight()), float(about.sigmaGen())
        n = len(tracks)
        final = hepmc == 1
        info = {
            "generator": "pythia8",
            "version": self.version,
            "processCode": code,
            "weight": weight,
            "cross_section": sigma,  # mb, running estimate
        }
        return GeneratedEvent(index, seed, tracks, n, final, (0.0, 0.0, 0.0), info)
