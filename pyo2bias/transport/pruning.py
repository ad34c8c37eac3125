"""O2's keep rules for secondaries (``[Stack] storeSecondaries``, ``pruneKine``).

The fast transport applies them in compiled code (``Engine::keepAndPrune``); these numpy
versions are their readable reference, and the tests hold the two to the same answer.

A secondary is kept if it left hits, or if it was produced by the decay or pair conversion of
a primary; every ancestor of a kept track is kept too. Primaries are always kept. Kept tracks
keep their order; mother and daughter ids are renumbered so that they stay consistent.
"""

from __future__ import annotations

import numpy as np

from pyo2bias.datamodel.process import Process
from pyo2bias.simservice.event import process_of

__all__ = ["keep_mask", "prune"]


def keep_mask(tracks: np.ndarray, n_primaries: int, has_hits: np.ndarray, *,
              store_secondaries: bool = True, prune_kine: bool = True) -> np.ndarray:  # fmt: skip
    """Which tracks O2's stack would keep."""
    n = len(tracks)
    keep = np.zeros(n, bool)
    keep[:n_primaries] = True
    if not store_secondaries:
        return keep
    if not prune_kine:
        return np.ones(n, bool)
    mother = tracks["mother"]
    secondary = np.arange(n) >= n_primaries
    from_primary = (mother >= 0) & (mother < n_primaries)
    produced = np.isin(process_of(tracks["prop"]), (Process.DECAY, Process.PAIR))
    keep |= secondary & (np.asarray(has_hits, bool) | (from_primary & produced))
    for i in np.flatnonzero(keep & secondary):  # ancestors of kept secondaries
        j = mother[i]
        while j >= n_primaries and not keep[j]:
            keep[j] = True
            j = mother[j]
    return keep


def prune(tracks: np.ndarray, n_primaries: int, keep: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The kept tracks with renumbered links, and the old -> new id map (-1: dropped).

    Links among primaries (the generator's record) are kept as they are; daughter ranges of
    tracks whose daughters are secondaries are recomputed from the kept secondaries.
    """
    n = len(tracks)
    new_id = np.full(n, -1, np.int32)
    new_id[keep] = np.arange(int(keep.sum()), dtype=np.int32)
    out = tracks[keep].copy()
    for key in ("mother", "mother2"):
        old = out[key]
        out[key] = np.where((old >= 0) & (old < n), new_id[np.clip(old, 0, n - 1)], -1)
    kept_ids = np.flatnonzero(keep)
    # daughters that are secondaries: recompute from the kept secondaries' mothers
    has_secondary_daughters = out["first"] >= n_primaries
    out["first"][has_secondary_daughters] = -1
    out["last"][has_secondary_daughters] = -1
    secondaries = np.flatnonzero(kept_ids >= n_primaries)
    for new in secondaries:
        m = out["mother"][new]
        if m < 0:
            continue
        if out["first"][m] < 0 or out["first"][m] > new:
            out["first"][m] = new
        out["last"][m] = max(out["last"][m], new)
    return out, new_id
