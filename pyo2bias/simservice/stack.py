"""O2's ``[Stack] transportPrimary``: which primaries are transported in this run.

Modes: ``all``, ``none``, ``barrel`` (|eta| < 2) and ``external`` (a compiled macro returning
``o2::data::Stack::TransportFcn``, loaded once at startup). Only primaries still to be done are
offered; a rejected one is written with toBeDone and inhibited set, as O2 does. ``Invert``
negates the function's answer (O2 negates the function object instead, inhibiting everything:
that bug is not reproduced).
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np

from pyo2bias.exceptions import ConfigurationError
from pyo2bias.simservice.event import INHIBITED, GeneratedEvent, set_prop_flag
from pyo2bias.simservice.params import SimParams

__all__ = ["PrimarySelection"]

log = logging.getLogger(__name__)


class PrimarySelection:
    """The transport selection of a service, built once from its startup parameters."""

    def __init__(self, params: SimParams) -> None:
        self.mode = str(params["Stack.transportPrimary"])
        self.invert = bool(params["Stack.transportPrimaryInvert"])
        self.selector: Any = None
        if self.mode == "external":
            from pyo2bias.macros import load_macro

            path = str(params["Stack.transportPrimaryFileName"])
            if not path:
                msg = "Stack.transportPrimary=external needs Stack.transportPrimaryFileName"
                raise ConfigurationError(msg)
            func = str(params["Stack.transportPrimaryFuncName"]) or None
            self.selector = load_macro(path, func).result
            log.info("transport selection: %s from %s", func or "default function", path)

    def apply(self, event: GeneratedEvent) -> None:
        """Restrict ``event.to_transport`` to the selected primaries; flag the others."""
        candidates = event.to_transport.copy()
        candidates[event.n_primaries :] = False
        if self.mode == "all" or not candidates.any():
            return
        tracks = event.tracks
        if self.mode == "none":
            keep = np.zeros(len(tracks), bool)
        elif self.mode == "barrel":
            pt = np.hypot(tracks["px"], tracks["py"])
            with np.errstate(divide="ignore", invalid="ignore"):
                eta = np.arcsinh(np.where(pt > 0, tracks["pz"] / pt, np.inf))
            keep = candidates & (np.abs(eta) < 2.0)
        else:
            from pyo2bias.rootenv.root import import_root
            from pyo2bias.simservice.arrays import to_tparticles

            primaries = to_tparticles(tracks[: event.n_primaries])
            cand = np.ascontiguousarray(candidates[: event.n_primaries], dtype=np.uint8)
            out = np.zeros(event.n_primaries, dtype=np.uint8)
            import_root().pyo2bias.selectPrimaries(self.selector, primaries, cand, self.invert, out)
            keep = np.zeros(len(tracks), bool)
            keep[: event.n_primaries] = out.astype(bool)
        if self.invert and self.mode != "external":
            keep = candidates & ~keep
        rejected = candidates & ~keep
        tracks["prop"] = set_prop_flag(tracks["prop"], INHIBITED, rejected | _inhibited(tracks))
        event.to_transport = event.to_transport & ~rejected


def _inhibited(tracks: np.ndarray) -> np.ndarray:
    from pyo2bias.simservice.event import prop_flag

    return prop_flag(tracks["prop"], INHIBITED)
