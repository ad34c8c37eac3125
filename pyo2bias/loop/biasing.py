"""The biasing loop: trial batches until exactly ``target`` events triggered, then continuation.

One process drives everything: service 1 simulates trial batches with partial transport,
the :class:`~pyo2bias.broker.engine.TriggerEngine` (compiled once) evaluates each batch, the
:class:`~pyo2bias.broker.filter.EventFilter` appends the kept events, and service 2 finishes
transporting them (extkinO2 continue mode).

Reproducible and resumable by construction: a batch's size and seed are decided from the
records of the batches before it (never from timings), seeds derive from the master seed,
and the checkpoint (records, the next batch's plan, per-event values) is committed together
with the output files, so ``resume`` after a crash or Ctrl-C re-runs exactly the batch that
was lost and the final output equals that of an uninterrupted run.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from pyo2bias.broker.engine import BatchTriggers, TriggerEngine
from pyo2bias.broker.filter import EventFilter
from pyo2bias.config import RunConfig, load_config
from pyo2bias.exceptions import LoopError
from pyo2bias.loop import commands, stats
from pyo2bias.loop.bookkeeping import write_bookkeeping
from pyo2bias.loop.records import BatchRecord, RunSummary
from pyo2bias.loop.report import write_report
from pyo2bias.service.client import BatchHandle, SimService
from pyo2bias.simservice.seeds import derive_seed

__all__ = ["BiasingLoop", "LoopResult", "Progress"]

log = logging.getLogger(__name__)

STATE_VERSION = 1
_CONTINUATION_STREAM = 1 << 40  # seed index of the continuation batch (apart from trials)


@dataclass(frozen=True)
class Progress:
    """What the loop knows after each batch (for a progress line or a notebook)."""

    batches: int
    trial_events: int
    triggered: int
    kept: int
    target: int
    efficiency: stats.Efficiency
    prediction: stats.Prediction
    elapsed: float


@dataclass
class LoopResult:
    """A finished run: counts, efficiency, timings, where the files are."""

    summary: RunSummary
    efficiency: stats.Efficiency
    files: dict[str, Path]
    report: dict[str, Path] = field(default_factory=dict)

    @property
    def reached_target(self) -> bool:
        return self.summary.kept == self.summary.target

    def open_final(self) -> Any:
        """The final (continued) events, opened with :func:`pyo2bias.open_sim`; use ``.rdf()``."""
        from pyo2bias.io.reader import open_sim

        return open_sim(self.files["final"])


@dataclass
class _Plan:
    index: int
    size: int
    seed: int

    def to_dict(self) -> dict[str, int]:
        return {"index": self.index, "size": self.size, "seed": self.seed}


class BiasingLoop:
    """``BiasingLoop.from_yaml("conf/pi0_double_conversion.yaml").run()``."""

    def __init__(self, config: RunConfig) -> None:
        self.config = config
        self.out = Path(config.output).resolve()
        self.filtered = self.out / "filtered"
        self.final = self.out / "final"
        self.trials_dir = self.out / "trials"

    @classmethod
    def from_yaml(cls, path: str | Path, overrides: tuple[str, ...] = ()) -> BiasingLoop:
        return cls(load_config(path, overrides))

    # ------------------------------------------------------------ the run
    def run(self, *, resume: bool = False,
            progress: Callable[[Progress], None] | None = None) -> LoopResult:  # fmt: skip
        """Run (or, with ``resume``, continue) to the target; services are always stopped."""
        start = time.monotonic()
        state = self._open(resume)
        # wall time spent on this run by earlier processes (resume), counted in every total
        self._wall_before, self._started = float(state.get("previous_wall", 0.0)), start
        finished_before = state["phase"] == "done"
        engine = TriggerEngine(self.config.trigger)  # compile errors before any service starts
        services: list[SimService] = []
        try:
            if state["phase"] == "trials":
                self._trials(state, engine, services, start, progress)
            if state["phase"] == "continuation":
                self._continue(state, services)
        finally:
            for service in services:
                service.stop()
        summary = self._summary(state)
        if finished_before:  # nothing was run now: the run's own wall time (if recorded)
            summary.wall_seconds = float(state.get("wall_seconds", self._wall_so_far()))
        else:
            self._checkpoint(state)  # the run's final wall time, as a later resume reports it
            summary.wall_seconds = state["wall_seconds"]
        return self._finish(state, summary)

    def _wall_so_far(self) -> float:
        return self._wall_before + time.monotonic() - self._started

    def _checkpoint(self, state: dict[str, Any]) -> None:
        """Commit ``state`` with the wall time so far, which a resumed run starts from."""
        state["wall_seconds"] = self._wall_so_far()
        self.filter.commit_state(state)

    def _open(self, resume: bool) -> dict[str, Any]:
        self.trials_dir.mkdir(parents=True, exist_ok=True)
        self.filter = EventFilter(self.filtered)  # rolls back an interrupted append
        state = self.filter.read_state()
        if state is None:
            if any(self.trials_dir.iterdir()) and not resume:
                msg = (f"{self.out} holds a run without a checkpoint; remove it or choose "
                       "another output")  # fmt: skip
                raise LoopError(msg)
            return self._fresh_state()
        if not resume:
            msg = (f"{self.out} already holds a run ({state['phase']}); pass --resume to continue "
                   "it, or remove the folder / choose another output")  # fmt: skip
            raise LoopError(msg)
        if state.get("config") != self._config_record():
            msg = (f"{self.out}: the configuration differs from the one this run started with "
                   f"(stored in {self.filter.state_path}); resume needs the same configuration")
            raise LoopError(msg)
        log.info("resuming %s after batch %d (%s)", self.out, len(state["batches"]) - 1,
                 state["phase"])  # fmt: skip
        state["previous_wall"] = float(state.get("wall_seconds", state.get("previous_wall", 0.0)))
        return state

    def _config_record(self) -> dict[str, Any]:
        return json.loads(json.dumps(self.config.raw, default=str))

    def _fresh_state(self) -> dict[str, Any]:
        b = self.config.batch
        first = b.initial if b.size == "adaptive" else int(b.size)
        first = min(first, self.config.limits.max_trial_events)
        return {
            "version": STATE_VERSION,
            "config": self._config_record(),
            "phase": "trials",
            "batches": [],
            "next": _Plan(0, first, derive_seed(self.config.seed, 0)).to_dict(),
            "values": {name: {"all": [], "kept": []} for name in self.config.trigger.values},
            "kept": 0,
            "stopped_early": None,
            "previous_wall": 0.0,
            "continuation": None,
        }

    # ------------------------------------------------------------ step 1: trial batches
    def _trials(self, state: dict[str, Any], engine: TriggerEngine, services: list[SimService],
                start: float, progress: Callable[[Progress], None] | None) -> None:  # fmt: skip
        cfg = self.config
        svc1 = self._start_service(1)
        services.append(svc1)
        t0 = time.monotonic()
        plan = _Plan(**state["next"])
        pending: tuple[_Plan, BatchHandle] | None = (plan, self._submit(svc1, plan, t0))
        while pending is not None:
            plan, handle = pending
            wait_start = time.monotonic()
            result = handle.wait(cfg.services.timeout_seconds)
            done = time.monotonic()
            record = BatchRecord(index=plan.index, seed=plan.seed, size=plan.size, n_events=0,
                                 passed=0, kept=0, submitted_at=handle.submitted - t0,
                                 done_at=done - t0, sim_seconds=result.seconds,
                                 wait_seconds=done - wait_start)  # fmt: skip
            # pipelining: the next batch simulates while this one is triggered and filtered,
            # unless this one may well complete the target (then it would be wasted)
            pending = None
            ahead = self._plan_next(state, speculative=plan)
            if ahead is not None:
                pending = (ahead, self._submit(svc1, ahead, t0))
            triggers = engine.evaluate(result.prefix)
            self._record(state, record, triggers)
            if pending is None and state["phase"] == "trials":
                ahead = self._plan_next(state)
                if ahead is not None:
                    pending = (ahead, self._submit(svc1, ahead, t0))
            state["next"] = pending[0].to_dict() if pending else None
            self._commit(state, record, result.prefix)
            if progress is not None:
                progress(self._progress(state, start))
        svc1.stop()  # a batch still running is not needed any more

    def _submit(self, service: SimService, plan: _Plan, t0: float) -> BatchHandle:
        prefix = self.trials_dir / f"trial_{plan.index:05d}"
        handle = service.submit_batch(commands.trial_command(self.config, prefix, plan.size,
                                                             plan.seed))  # fmt: skip
        log.info("batch %d submitted: %d events, seed %d", plan.index, plan.size, plan.seed)
        return handle

    def _record(self, state: dict[str, Any], record: BatchRecord, triggers: BatchTriggers) -> None:
        record.n_events = triggers.n_events
        record.passed = triggers.passed
        record.trigger_counts = triggers.counts
        record.trigger_seconds = triggers.seconds
        need = self.config.target - state["kept"]
        record.kept = min(record.passed, need)
        state["_mask"] = _first_n(triggers.mask, record.kept)
        for name, values in triggers.values.items():
            state["values"][name]["all"] += [float(v) for v in values]
            state["values"][name]["kept"] += [float(v) for v in values[state["_mask"]]]
        state["kept"] += record.kept
        state["batches"].append(record.to_dict())
        if state["kept"] >= self.config.target:
            state["phase"] = "continuation"
        else:
            reason = self._give_up_reason(state)
            if reason is not None:
                log.warning("stopping early: %s", reason)
                state["stopped_early"] = reason
                state["phase"] = "continuation"

    def _commit(self, state: dict[str, Any], record: BatchRecord, prefix: Path) -> None:
        mask = state.pop("_mask")
        t = time.perf_counter()
        provenance = {"pyo2bias_batch": record.index, "pyo2bias_batch_seed": record.seed}
        self.filter.append(prefix, mask, provenance, state=state)
        record.filter_seconds = time.perf_counter() - t
        state["batches"][-1] = record.to_dict()
        self._checkpoint(state)  # the filter time too (the events are already in)

    def _plan_next(self, state: dict[str, Any], speculative: _Plan | None = None) -> _Plan | None:
        """The next batch, or None when no further batch is needed (or allowed).

        With ``speculative`` (a batch simulated but not yet evaluated), plan only if even an
        optimistic efficiency (68% upper bound) leaves the target unmet after that batch.
        """
        if state["phase"] != "trials":
            return None
        cfg = self.config
        trials = sum(b["n_events"] for b in state["batches"])
        passed = sum(b["passed"] for b in state["batches"])
        remaining = cfg.target - state["kept"]
        in_flight = 0
        index = len(state["batches"])
        if speculative is not None:
            eff = stats.efficiency(passed, trials)
            optimistic = eff.interval68[1] if trials else 1.0
            if remaining - optimistic * speculative.size <= 0:
                return None
            in_flight = speculative.size
            index = speculative.index + 1
        left = cfg.limits.max_trial_events - trials - in_flight
        if left <= 0:
            return None
        if cfg.batch.size == "adaptive":
            if speculative is not None:
                current = speculative.size
            else:
                current = state["batches"][-1]["size"] if state["batches"] else cfg.batch.initial
            size = stats.adaptive_batch_size(passed, trials, remaining, current, cfg.batch.min,
                                             cfg.batch.max)  # fmt: skip
        else:
            size = int(cfg.batch.size)
        return _Plan(index, min(size, left), derive_seed(cfg.seed, index))

    def _give_up_reason(self, state: dict[str, Any]) -> str | None:
        cfg = self.config
        trials = sum(b["n_events"] for b in state["batches"])
        passed = sum(b["passed"] for b in state["batches"])
        elapsed = state["batches"][-1]["done_at"] if state["batches"] else 0.0
        rate = trials / elapsed if elapsed > 0 else None
        pred = stats.predict(passed, trials, cfg.target, rate)
        trials_left = cfg.limits.max_trial_events - trials
        seconds_left = cfg.limits.max_wall_seconds - elapsed - state.get("previous_wall", 0.0)
        reason = stats.can_meet(pred, trials_left, seconds_left)
        if reason is None and trials_left <= 0:
            reason = f"max_trial_events ({cfg.limits.max_trial_events}) reached"
        return reason

    def _progress(self, state: dict[str, Any], start: float) -> Progress:
        trials = sum(b["n_events"] for b in state["batches"])
        passed = sum(b["passed"] for b in state["batches"])
        elapsed = time.monotonic() - start
        phase = state["batches"][-1]["done_at"] if state["batches"] else 0.0  # trials so far
        rate = trials / phase if phase > 0 else None
        return Progress(len(state["batches"]), trials, passed, state["kept"], self.config.target,
                        stats.efficiency(passed, trials),
                        stats.predict(state["kept"], trials, self.config.target, rate)
                        if trials else stats.predict(0, 0, self.config.target, None),
                        elapsed)  # fmt: skip

    # ------------------------------------------------------------ step 2: continuation
    def _continue(self, state: dict[str, Any], services: list[SimService]) -> None:
        kept = state["kept"]
        t = time.monotonic()
        if kept > 0:
            svc2 = self._start_service(2)
            services.append(svc2)
            seed = derive_seed(self.config.seed, _CONTINUATION_STREAM)
            command = commands.continuation_command(
                self.config, Path(f"{self.filtered}_Kine.root"), kept, self.final, seed
            )
            svc2.run_batch(command, self.config.services.timeout_seconds)
            svc2.stop()
        state["continuation"] = {"seconds": time.monotonic() - t, "events": kept}
        state["phase"] = "done"
        self._checkpoint(state)

    def _start_service(self, which: int) -> SimService:
        cfg = self.config
        return SimService.start(
            commands.startup_args(cfg, which),
            run_dir=self.out / f"service{which}",
            backend=cfg.services.backend,
            ready_timeout=cfg.services.timeout_seconds,
        )

    # ------------------------------------------------------------ results
    def _summary(self, state: dict[str, Any]) -> RunSummary:
        summary = RunSummary(target=self.config.target, master_seed=self.config.seed,
                             batches=[BatchRecord.from_dict(b) for b in state["batches"]],
                             stopped_early=state.get("stopped_early"))  # fmt: skip
        cont = state.get("continuation") or {}
        summary.continuation_seconds = float(cont.get("seconds", 0.0))
        summary.output = {"filtered": str(self.filtered), "final": str(self.final),
                          "folder": str(self.out)}  # fmt: skip
        return summary

    def _finish(self, state: dict[str, Any], summary: RunSummary) -> LoopResult:
        files = {"filtered": self.filtered, "final": self.final, "folder": self.out}
        for prefix in (self.filtered, self.final):
            kine = Path(f"{prefix}_Kine.root")
            if kine.exists():
                write_bookkeeping(kine, summary, self.config)
        kinematics = {name: (np.array(v["all"], float), np.array(v["kept"], float))
                      for name, v in state["values"].items()}  # fmt: skip
        report = write_report(summary, self.out, kinematics, plots=self.config.report_plots)
        return LoopResult(summary, stats.efficiency(summary.triggered, summary.trial_events),
                          files, report)  # fmt: skip


def _first_n(mask: np.ndarray, n: int) -> np.ndarray:
    """``mask`` with only its first ``n`` true entries kept (exactly the target, in order)."""
    out = np.zeros_like(mask, dtype=bool)
    out[np.flatnonzero(mask)[:n]] = True
    return out

