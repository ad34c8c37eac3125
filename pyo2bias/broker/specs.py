"""How a trigger is described, before anything is compiled: one dataclass per kind.

The run configuration builds these; :class:`~pyo2bias.broker.engine.TriggerEngine` compiles
them once and evaluates them on every batch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "ExpressionTrigger",
    "MacroTrigger",
    "SelectionTrigger",
    "TrackFunctionTrigger",
    "TriggerSetup",
    "TriggerSpec",
]


@dataclass(frozen=True)
class MacroTrigger:
    """Kind 1: an O2 external-trigger macro returning ``o2::eventgen::Trigger``, used unchanged.

    ``function`` is O2's ``funcName`` (a name, or a call such as ``trigger(3)``); default the
    file's stem, as in O2.
    """

    name: str
    path: Path
    function: str | None = None


@dataclass(frozen=True)
class TrackFunctionTrigger:
    """Kind 2: a C++ function of the event's tracks, e.g.
    ``bool f(const ROOT::RVec<o2::MCTrack>& tracks)``; ``columns`` are its arguments in order
    (further columns such as ``ITS.ITSHit`` give it hits)."""

    name: str
    path: Path
    function: str
    columns: tuple[str, ...] = ("MCTrack",)


@dataclass(frozen=True)
class ExpressionTrigger:
    """Kind 3: an RDataFrame expression over branches, e.g. ``Sum(MCTrack.mPdgCode == 111) > 2``."""

    name: str
    expression: str


@dataclass(frozen=True)
class SelectionTrigger:
    """Kind 4: a declarative particle selection (see :mod:`pyo2bias.broker.selection`)."""

    name: str
    selection: dict[str, Any]


TriggerSpec = MacroTrigger | TrackFunctionTrigger | ExpressionTrigger | SelectionTrigger


@dataclass(frozen=True)
class TriggerSetup:
    """Named triggers, how they combine, and per-event values to record.

    ``logic`` combines trigger names with ``and``/``or``/``not`` and parentheses; empty means
    the OR of all triggers (O2's only mode). ``values`` maps a name to an RDataFrame
    expression giving one number per event (e.g. the leading pi0 pT).
    """

    triggers: tuple[TriggerSpec, ...]
    logic: str = ""
    values: dict[str, str] = field(default_factory=dict)
