"""ALICE detector identifiers, hit-file layout and the DetID -> hit-bit table.

Facts from O2 (DetID.h, SimTraits.h, build_geometry.C): DetIDs are fixed (ITS 0 ... FOC 17);
since 2023-09 the MCTrack hit bit of a detector is a running index over the detectors that are
read out, taken in the order build_geometry adds them; older files used the DetID itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "DETECTORS",
    "HIT_BRANCHES",
    "PASSIVE_MODULES",
    "TPC_SECTORS",
    "HitBranchSpec",
    "detid",
    "hit_bit_lut",
    "readout_detectors",
]

DETECTORS: tuple[str, ...] = (
    "ITS", "TPC", "TRD", "TOF", "PHS", "CPV", "EMC", "HMP", "MFT",
    "MCH", "MID", "ZDC", "FT0", "FV0", "FDD", "TST", "CTP", "FOC",
)  # fmt: skip

# Order in which O2's geometry builder adds sensitive detectors: this is the hit-bit order.
_HIT_BIT_ORDER: tuple[str, ...] = (
    "TOF", "TRD", "TPC", "ITS", "MFT", "MCH", "MID", "EMC",
    "PHS", "CPV", "FT0", "FV0", "FDD", "HMP", "ZDC", "FOC",
)  # fmt: skip

# Modules without hits (structures and magnets); accepted by -m but never read out.
PASSIVE_MODULES: frozenset[str] = frozenset(
    {"CAVE", "PIPE", "MAG", "DIPO", "ABSO", "SHIL", "FRAME", "COMP", "HALL"}
)

TPC_SECTORS = 36


@dataclass(frozen=True)
class HitBranchSpec:
    """Where a detector's hits live in ``<prefix>_Hits<DET>.root``."""

    detector: str
    branches: tuple[str, ...]
    cpp_type: str  # element type of the std::vector stored in each branch


HIT_BRANCHES: dict[str, HitBranchSpec] = {
    "ITS": HitBranchSpec("ITS", ("ITSHit",), "o2::itsmft::Hit"),
    "TOF": HitBranchSpec("TOF", ("TOFHit",), "o2::tof::HitType"),
    "TPC": HitBranchSpec(
        "TPC", tuple(f"TPCHitsShiftedSector{i}" for i in range(TPC_SECTORS)), "o2::tpc::HitGroup"
    ),
}


def detid(name: str) -> int:
    """DetID of a detector name, e.g. ``detid("TOF") == 3``."""
    try:
        return DETECTORS.index(name)
    except ValueError:
        msg = f"unknown detector {name!r}; known detectors: {', '.join(DETECTORS)}"
        raise ValueError(msg) from None


def readout_detectors(modules: Iterable[str]) -> list[str]:
    """The detectors read out for an o2-sim ``-m`` module list, in DetID order.

    Passive modules (PIPE, MAG...) are accepted and dropped; an unknown name is an error.
    """
    found = set()
    for module in modules:
        if module in PASSIVE_MODULES:
            continue
        detid(module)  # validates
        found.add(module)
    return sorted(found, key=DETECTORS.index)


def hit_bit_lut(modules: Iterable[str]) -> list[int]:
    """O2's DetID -> hit-bit table for these modules (-1 for detectors not read out)."""
    active = set(readout_detectors(modules))
    lut = [-1] * len(DETECTORS)
    bit = 0
    for name in _HIT_BIT_ORDER:
        if name in active:
            lut[detid(name)] = bit
            bit += 1
    return lut
