"""``boxgen``: particles of one species, uniform in eta, momentum and phi (BoxGun.* keys)."""

from __future__ import annotations

from typing import Any

import numpy as np

from pyo2bias.datamodel.process import Process
from pyo2bias.simservice.event import GeneratedEvent, empty_tracks, encode_status, make_prop
from pyo2bias.simservice.params import SimParams
from pyo2bias.simservice.seeds import event_rng, event_seed

__all__ = ["BoxGenerator", "pdg_mass"]

_masses: dict[int, float] = {}


def pdg_mass(pdg: int) -> float:
    """PDG mass in GeV (ROOT's TDatabasePDG), cached."""
    if pdg not in _masses:
        from pyo2bias.rootenv import import_root

        particle = import_root().TDatabasePDG.Instance().GetParticle(pdg)
        if not particle:
            msg = f"BoxGun.pdg: unknown PDG code {pdg}"
            raise ValueError(msg)
        _masses[pdg] = float(particle.Mass())
    return _masses[pdg]


class BoxGenerator:
    name = "boxgen"
    applies_vertex = True

    def generate(self, index: int, batch_seed: int, params: SimParams, **kw: Any) -> GeneratedEvent:
        rng = event_rng(batch_seed, index, stream=1)
        n = int(params["BoxGun.number"])
        pdg = int(params["BoxGun.pdg"])
        eta = rng.uniform(*params["BoxGun.eta"], n)
        p = rng.uniform(*params["BoxGun.prange"], n)
        phi = np.radians(rng.uniform(*params["BoxGun.phirange"], n))
        pt = p / np.cosh(eta)
        tracks = empty_tracks(n)
        tracks["pdg"] = pdg
        tracks["px"] = pt * np.cos(phi)
        tracks["py"] = pt * np.sin(phi)
        tracks["pz"] = pt * np.sinh(eta)
        tracks["e"] = np.sqrt(p * p + pdg_mass(pdg) ** 2)
        tracks["prop"] = make_prop(Process.PRIMARY, to_be_done=True)
        tracks["status"] = encode_status(1, 0)
        tracks["weight"] = 1.0
        info = {"generator": "boxgen", "generator_description": f"box of {n} x pdg {pdg}"}
        return GeneratedEvent(
            index, event_seed(batch_seed, index), tracks, n, np.ones(n, bool), (0.0, 0.0, 0.0), info
        )
