"""Production-process codes stored in MCTrack (VMC's TMCProcess values)."""

from __future__ import annotations

from enum import IntEnum

__all__ = ["Process"]


class Process(IntEnum):
    """The TMCProcess codes pyo2bias writes and selections most often test."""

    PRIMARY = 0
    DECAY = 4
    PAIR = 5
    COMPTON = 6
    PHOTOELECTRIC = 7
    BREMSSTRAHLUNG = 8
    DELTA_RAY = 9
    ANNIHILATION = 10
    HADRONIC = 13
