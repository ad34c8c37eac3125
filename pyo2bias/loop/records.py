"""What the biasing loop measured: one record per trial batch and one summary per run.

Plain dataclasses, so the report, the checkpoint and the Python API share one description.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["BatchRecord", "RunSummary"]


@dataclass
class BatchRecord:
    """One trial batch of service 1, from submission to its filtered events."""

    index: int  # 0, 1, ...
    seed: int  # the batch's --seed, derived from the master seed
    size: int  # trial events requested (-n)
    n_events: int  # events found in the batch's files
    passed: int  # events passing the combined trigger
    kept: int  # of those, appended to the output (fewer only in the last batch)
    trigger_counts: dict[str, int] = field(default_factory=dict)  # per named trigger
    submitted_at: float = 0.0  # seconds since the run started
    done_at: float = 0.0  # DONE received
    sim_seconds: float = 0.0  # submission to DONE (service busy)
    wait_seconds: float = 0.0  # time the loop blocked waiting for DONE
    trigger_seconds: float = 0.0  # trigger evaluation
    filter_seconds: float = 0.0  # appending the kept events

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BatchRecord:
        return cls(**data)


@dataclass
class RunSummary:
    """The whole run: counts, efficiency, timings and where the output is."""

    target: int
    master_seed: int
    batches: list[BatchRecord] = field(default_factory=list)
    wall_seconds: float = 0.0
    continuation_seconds: float = 0.0  # step 2 (service 2)
    startup_seconds: float = 0.0  # services up
    output: dict[str, str] = field(default_factory=dict)  # "filtered", "final", "report"...
    stopped_early: str | None = None  # why the loop gave up before the target, if it did

    @property
    def trial_events(self) -> int:
        return sum(b.n_events for b in self.batches)

    @property
    def triggered(self) -> int:
        return sum(b.passed for b in self.batches)

    @property
    def kept(self) -> int:
        return sum(b.kept for b in self.batches)

    def trigger_counts(self) -> dict[str, int]:
        total: dict[str, int] = {}
        for b in self.batches:
            for name, n in b.trigger_counts.items():
                total[name] = total.get(name, 0) + n
        return total
