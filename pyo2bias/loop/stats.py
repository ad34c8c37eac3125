"""Statistics of the biasing loop: trigger efficiency, early warning and the next batch size.

The loop only ever sees counts (``passed`` of ``trials`` trial events), so everything here is a
pure function of a few integers. The efficiency is a binomial proportion; its intervals are
Clopper-Pearson (exact) intervals, because the interesting cases are the awkward ones for a
normal approximation: zero passes after the first batches, or a handful of passes in
thousands of trials. ROOT computes them (``TEfficiency::ClopperPearson``), the same numbers an
analysis would quote.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass

__all__ = [
    "CL68",
    "CL95",
    "MIN_TRIALS_TO_JUDGE",
    "Efficiency",
    "Prediction",
    "adaptive_batch_size",
    "can_meet",
    "clopper_pearson",
    "efficiency",
    "predict",
]

log = logging.getLogger(__name__)

#: One Gaussian sigma (ROOT's ``TEfficiency`` default), the "68%" of the error bars.
CL68 = 0.682689492137086
#: The level used for decisions (early warning).
CL95 = 0.95
#: The loop gives up early only after this many trial events: before that, even an
#: efficiency of zero is compatible with a workable one, and a stop would be a guess.
MIN_TRIALS_TO_JUDGE = 50


def _check_counts(passed: int, trials: int) -> None:
    if trials < 0 or passed < 0 or passed > trials:
        msg = f"need 0 <= passed <= trials, got passed={passed}, trials={trials}"
        raise ValueError(msg)


def clopper_pearson(passed: int, trials: int, level: float) -> tuple[float, float]:
    """The central Clopper-Pearson interval at confidence ``level`` (e.g. ``CL68``).

    ``(0, 1)`` when there are no trials: nothing is known.
    """
    _check_counts(passed, trials)
    if not 0.0 < level < 1.0:
        msg = f"confidence level must be in (0, 1), got {level}"
        raise ValueError(msg)
    if trials == 0:
        return (0.0, 1.0)
    from pyo2bias.rootenv.root import import_root

    te = import_root().TEfficiency
    return (
        float(te.ClopperPearson(trials, passed, level, False)),
        float(te.ClopperPearson(trials, passed, level, True)),
    )


@dataclass(frozen=True)
class Efficiency:
    """``passed / trials`` with its exact 68% (one sigma) and 95% central intervals."""

    passed: int
    trials: int
    value: float  # nan when trials == 0
    interval68: tuple[float, float]
    interval95: tuple[float, float]


def efficiency(passed: int, trials: int) -> Efficiency:
    """The trigger efficiency of ``passed`` out of ``trials`` trial events."""
    _check_counts(passed, trials)
    value = passed / trials if trials else math.nan
    return Efficiency(
        passed=passed,
        trials=trials,
        value=value,
        interval68=clopper_pearson(passed, trials, CL68),
        interval95=clopper_pearson(passed, trials, CL95),
    )


@dataclass(frozen=True)
class Prediction:
    """How much more work the target needs, extrapolated from the efficiency so far.

    ``trials_needed`` uses the measured efficiency; ``trials_needed_range`` runs from the
    optimistic end (efficiency at the upper end of its 95% interval) to the pessimistic end
    (lower end; ``inf`` while that is 0). The ``seconds_*`` fields convert trial events to
    time with the observed trial rate, and are ``None`` when the rate is unknown.
    """

    passed: int
    trials: int
    target: int
    efficiency: Efficiency
    remaining_events: int  # target - passed, never negative
    trials_needed: float  # inf when the efficiency is 0, nan when there are no trials yet
    trials_needed_range: tuple[float, float]
    seconds_needed: float | None
    seconds_needed_range: tuple[float, float] | None


def _divide(remaining: int, eff: float) -> float:
    """Trial events to expect ``remaining`` passes at efficiency ``eff`` (inf if eff is 0)."""
    if remaining == 0:
        return 0.0
    if math.isnan(eff):
        return math.nan
    return remaining / eff if eff > 0 else math.inf


def predict(passed: int, trials: int, target: int, trial_rate_per_s: float | None) -> Prediction:
    """Extrapolate the trial events (and seconds) still needed to reach ``target`` passes.

    ``trial_rate_per_s`` is the observed number of trial events per second of loop time;
    ``None`` or a non-positive rate leaves the seconds unknown.
    """
    _check_counts(passed, trials)
    eff = efficiency(passed, trials)
    remaining = max(target - passed, 0)
    lo95, hi95 = eff.interval95
    central = _divide(remaining, eff.value)
    needed_range = (_divide(remaining, hi95), _divide(remaining, lo95))
    if trial_rate_per_s is not None and trial_rate_per_s > 0:
        seconds: float | None = central / trial_rate_per_s
        seconds_range: tuple[float, float] | None = (
            needed_range[0] / trial_rate_per_s,
            needed_range[1] / trial_rate_per_s,
        )
    else:
        seconds, seconds_range = None, None
    return Prediction(
        passed=passed,
        trials=trials,
        target=target,
        efficiency=eff,
        remaining_events=remaining,
        trials_needed=central,
        trials_needed_range=needed_range,
        seconds_needed=seconds,
        seconds_needed_range=seconds_range,
    )


def can_meet(prediction: Prediction, trials_left: float, seconds_left: float) -> str | None:
    """Why the target cannot be reached within the limits, or ``None`` if it still can.

    The rule is deliberately conservative, because stopping wastes everything simulated so
    far: the loop gives up only when even the *optimistic* end of the 95% interval fails,
    i.e. when ``trials_needed_range[0] > trials_left`` (trial events still allowed) or
    ``seconds_needed_range[0] > seconds_left`` (seconds still allowed; not checked when the
    rate is unknown). With a true efficiency inside the interval, the probability of a wrong
    stop is at most 2.5%. No judgement is made before ``MIN_TRIALS_TO_JUDGE`` trial events,
    so the first small batches never stop the loop. Pass ``math.inf`` for a limit that does
    not exist.
    """
    p = prediction
    if p.trials < MIN_TRIALS_TO_JUDGE or p.remaining_events == 0:
        return None
    best_trials = p.trials_needed_range[0]
    eff = p.efficiency
    measured = (
        f"{eff.passed}/{eff.trials} passed, efficiency {eff.value:.3g} "
        f"(95% CL {eff.interval95[0]:.3g}..{eff.interval95[1]:.3g})"
    )
    if best_trials > trials_left:
        return (
            f"{p.remaining_events} more triggered events need at least {best_trials:.0f} "
            f"trial events even at the optimistic efficiency, but only {trials_left:.0f} "
            f"are left ({measured})"
        )
    if p.seconds_needed_range is not None and p.seconds_needed_range[0] > seconds_left:
        return (
            f"{p.remaining_events} more triggered events need at least "
            f"{p.seconds_needed_range[0]:.0f} s even at the optimistic efficiency, but only "
            f"{seconds_left:.0f} s are left ({measured})"
        )
    return None


def adaptive_batch_size(
    passed: int, trials: int, remaining: int, current: int, lo: int, hi: int
) -> int:
    """The size of the next trial batch, aiming to finish the target in one more batch.

    ``size = ceil((remaining + sqrt(remaining)) / upper68)``, clamped to ``[lo, hi]``:

    - dividing by the *upper* end of the 68% interval, not the central value, keeps the
      batch small while the efficiency is poorly known (a few passes can overstate how
      rare the trigger is by a large factor, and a huge batch would be mostly overshoot);
      with more passes the upper end converges to the central value;
    - the ``sqrt(remaining)`` margin covers the Poisson fluctuation of the batch's own
      passes, so a well-measured efficiency finishes in one batch about 84% of the time
      with an overshoot of about ``1/sqrt(remaining)`` relative: fewer round trips to the
      service for little wasted simulation;
    - with no passes yet there is no scale to aim at: double ``current``.

    ``remaining <= 0`` returns ``lo`` (there is nothing left to aim for). Pure and
    deterministic, so a resumed run chooses the same batches.
    """
    _check_counts(passed, trials)
    if lo < 1 or hi < lo:
        msg = f"need 1 <= lo <= hi, got lo={lo}, hi={hi}"
        raise ValueError(msg)
    if remaining <= 0:
        return lo
    if passed == 0:
        size = 2 * max(current, 1)
    else:
        upper68 = clopper_pearson(passed, trials, CL68)[1]
        size = math.ceil((remaining + math.sqrt(remaining)) / upper68)
    return min(max(size, lo), hi)
