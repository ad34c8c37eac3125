"""Efficiency intervals, early-warning prediction and batch sizing of the biasing loop.

The Clopper-Pearson numbers come from ROOT; they are checked here against closed forms and an
independent inversion of the binomial CDF (``math.comb``), not against ROOT again.
"""

from __future__ import annotations

import math

import pytest

from pyo2bias.loop.stats import (
    CL68,
    CL95,
    MIN_TRIALS_TO_JUDGE,
    Efficiency,
    adaptive_batch_size,
    can_meet,
    efficiency,
    predict,
)


def binom_cdf(k: int, n: int, p: float) -> float:
    """P(X <= k) for X ~ Binomial(n, p)."""
    return sum(math.comb(n, i) * p**i * (1 - p) ** (n - i) for i in range(k + 1))


def bisect(f, lo: float = 0.0, hi: float = 1.0, steps: int = 200) -> float:
    """Root of a function that is decreasing in p on [lo, hi] (sign change assumed)."""
    for _ in range(steps):
        mid = 0.5 * (lo + hi)
        if f(mid) > 0:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def cp_reference(k: int, n: int, level: float) -> tuple[float, float]:
    """Clopper-Pearson from its definition: P(X >= k | lo) = alpha/2, P(X <= k | hi) = alpha/2."""
    half = (1 - level) / 2
    lo = 0.0 if k == 0 else bisect(lambda p: half - (1 - binom_cdf(k - 1, n, p)))
    hi = 1.0 if k == n else bisect(lambda p: binom_cdf(k, n, p) - half)
    return lo, hi


@pytest.mark.parametrize("n", [1, 10, 50, 1000])
@pytest.mark.parametrize("level", [CL68, CL95])
def test_zero_passes_closed_form(n, level):
    eff = efficiency(0, n)
    lo, hi = eff.interval68 if level == CL68 else eff.interval95
    alpha = 1 - level
    assert eff.value == 0.0
    assert lo == 0.0
    assert hi == pytest.approx(1 - (alpha / 2) ** (1 / n), rel=1e-10)


@pytest.mark.parametrize("n", [1, 10, 50, 1000])
@pytest.mark.parametrize("level", [CL68, CL95])
def test_all_pass_closed_form(n, level):
    eff = efficiency(n, n)
    lo, hi = eff.interval68 if level == CL68 else eff.interval95
    alpha = 1 - level
    assert eff.value == 1.0
    assert hi == 1.0
    assert lo == pytest.approx((alpha / 2) ** (1 / n), rel=1e-10)


@pytest.mark.parametrize(("k", "n"), [(3, 50), (1, 7), (17, 40)])
def test_mid_values_against_binomial_inversion(k, n):
    eff = efficiency(k, n)
    assert eff == Efficiency(k, n, k / n, eff.interval68, eff.interval95)
    for level, interval in ((CL68, eff.interval68), (CL95, eff.interval95)):
        ref = cp_reference(k, n, level)
        assert interval == pytest.approx(ref, rel=1e-8)
        assert interval[0] < k / n < interval[1]
    # the 95% interval contains the 68% one
    assert eff.interval95[0] < eff.interval68[0]
    assert eff.interval68[1] < eff.interval95[1]


def test_no_trials():
    eff = efficiency(0, 0)
    assert math.isnan(eff.value)
    assert eff.interval68 == (0.0, 1.0)
    assert eff.interval95 == (0.0, 1.0)


@pytest.mark.parametrize(("passed", "trials"), [(-1, 5), (6, 5), (0, -1)])
def test_bad_counts(passed, trials):
    with pytest.raises(ValueError, match="passed <= trials"):
        efficiency(passed, trials)


def test_prediction_hand_case():
    # 10 of 100 passed, 50 wanted, 20 trial events per second
    p = predict(10, 100, 50, 20.0)
    lo95, hi95 = cp_reference(10, 100, 0.95)
    assert p.remaining_events == 40
    assert p.trials_needed == pytest.approx(400.0)
    assert p.trials_needed_range == pytest.approx((40 / hi95, 40 / lo95), rel=1e-8)
    assert p.seconds_needed == pytest.approx(20.0)
    assert p.seconds_needed_range == pytest.approx((2 / hi95, 2 / lo95), rel=1e-8)
    assert p.trials_needed_range[0] < p.trials_needed < p.trials_needed_range[1]


def test_prediction_edges():
    p = predict(0, 200, 10, None)
    assert p.trials_needed == math.inf
    assert p.trials_needed_range[1] == math.inf
    assert p.trials_needed_range[0] == pytest.approx(10 / (1 - 0.025 ** (1 / 200)), rel=1e-8)
    assert p.seconds_needed is None
    assert p.seconds_needed_range is None
    done = predict(12, 100, 10, 5.0)  # target already passed
    assert done.remaining_events == 0
    assert done.trials_needed == 0
    assert done.trials_needed_range == (0, 0)
    assert done.seconds_needed == 0
    assert math.isnan(predict(0, 0, 10, 1.0).trials_needed)  # nothing measured yet


def test_can_meet_reasons_and_none():
    # 1 in 1000: even at the optimistic 95% end (~0.0056) 999 more need ~180k trials
    p = predict(1, 1000, 1000, 100.0)
    reason = can_meet(p, trials_left=10_000, seconds_left=math.inf)
    assert reason is not None
    assert "trial events" in reason
    assert "10000" in reason
    # plenty of trials, but not enough time: ~1800 s needed optimistically
    reason = can_meet(p, trials_left=math.inf, seconds_left=600.0)
    assert reason is not None
    assert " s " in reason
    assert can_meet(p, trials_left=math.inf, seconds_left=math.inf) is None
    # a workable case: 10% efficiency, 40 more in 10000 trials and an hour
    assert can_meet(predict(10, 100, 50, 20.0), 10_000, 3600.0) is None
    # unknown rate: time limit not judged
    assert can_meet(predict(1, 1000, 1000, None), math.inf, 1.0) is None
    # target reached: nothing to judge
    assert can_meet(predict(5, 100, 5, 1.0), 0, 0.0) is None


def test_min_trials_rule():
    assert MIN_TRIALS_TO_JUDGE == 50
    # zero passes with no budget at all: still no verdict below MIN_TRIALS_TO_JUDGE
    for trials in (0, 1, MIN_TRIALS_TO_JUDGE - 1):
        assert can_meet(predict(0, trials, 100, 10.0), 0, 0.0) is None
    assert can_meet(predict(0, MIN_TRIALS_TO_JUDGE, 100, 10.0), 0, 0.0) is not None


def test_adaptive_batch_size_doubles_without_passes_and_clamps():
    assert adaptive_batch_size(0, 0, 100, 10, 5, 1000) == 20
    assert adaptive_batch_size(0, 300, 100, 800, 5, 1000) == 1000  # clamped to hi
    assert adaptive_batch_size(0, 0, 100, 1, 5, 1000) == 5  # clamped to lo
    assert adaptive_batch_size(5, 50, 0, 100, 5, 1000) == 5  # nothing remaining
    assert adaptive_batch_size(50, 100, 1, 100, 10, 1000) == 10  # tiny need -> lo
    with pytest.raises(ValueError, match="lo <= hi"):
        adaptive_batch_size(1, 10, 10, 10, 100, 10)


def test_adaptive_batch_size_value_and_growth():
    upper68 = cp_reference(10, 100, CL68)[1]
    size = adaptive_batch_size(10, 100, 100, 50, 1, 10**6)
    assert size == math.ceil(110 / upper68)
    assert size < 1100  # smaller than the central guess while the efficiency is uncertain
    # same efficiency, more statistics: the batch grows towards (100 + 10) / 0.1
    sizes = [adaptive_batch_size(k, 10 * k, 100, 50, 1, 10**6) for k in (10, 100, 1000, 10000)]
    assert sizes == sorted(sizes)
    assert len(set(sizes)) == 4
    assert sizes[-1] == pytest.approx(1100, rel=0.02)
    # pure: same inputs, same answer
    assert adaptive_batch_size(10, 100, 100, 50, 1, 10**6) == size
