"""The fast transport's ALICE-like geometry: cylindrical shells (radius and half length in cm,
thickness in radiation lengths at normal incidence) and which detector leaves hits where."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["BZ_TESLA", "SHELLS", "Shell", "shells_for"]

BZ_TESLA = 0.5

PASSIVE, ITS, TPC_GAS, TOF = 0, 1, 2, 3


@dataclass(frozen=True)
class Shell:
    module: str
    r: float
    half_z: float
    x_over_x0: float
    kind: int
    r_outer: float = 0.0  # distributed material (TPC gas): outer radius
    layer: int = -1  # ITS layer


SHELLS: tuple[Shell, ...] = (
    Shell("PIPE", 1.86, 400.0, 0.0023, PASSIVE),
    *(Shell("ITS", r, 13.5, 0.0035, ITS, layer=i) for i, r in enumerate((2.24, 3.01, 3.78))),
    *(Shell("ITS", r, 42.2, 0.01, ITS, layer=3 + i) for i, r in enumerate((19.44, 24.39))),
    *(Shell("ITS", r, 73.8, 0.01, ITS, layer=5 + i) for i, r in enumerate((34.23, 39.18))),
    Shell("TPC", 80.0, 250.0, 0.01, PASSIVE),  # inner vessel
    Shell("TPC", 85.0, 250.0, 0.005, TPC_GAS, r_outer=247.0),  # gas, 0.5% over 85-247 cm
    Shell("TPC", 250.0, 250.0, 0.025, PASSIVE),  # outer vessel
    Shell("TOF", 380.0, 370.0, 0.20, TOF),
)


def shells_for(modules: list[str] | tuple[str, ...]) -> list[Shell]:
    """The shells of the modules present (-m): material exists only for modules built."""
    present = set(modules)
    return [s for s in SHELLS if s.module in present]
