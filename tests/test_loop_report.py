"""report.json values against hand-computed numbers, and the PNG plots of the run report."""

from __future__ import annotations

import json
import math
import struct

import numpy as np
import pytest

from pyo2bias.loop.records import BatchRecord, RunSummary
from pyo2bias.loop.report import CANVAS_HEIGHT, CANVAS_WIDTH, busy_fraction, write_report
from pyo2bias.loop.stats import CL68, CL95

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def three_batches() -> list[BatchRecord]:
    # batch 1 is submitted at 2.5 s, before batch 0 is DONE at 3 s (pipelined service)
    return [
        BatchRecord(index=0, seed=11, size=100, n_events=100, passed=0, kept=0,
                    trigger_counts={"pi0": 0, "gamma": 1},
                    submitted_at=1.0, done_at=3.0, sim_seconds=2.0, wait_seconds=2.0,
                    trigger_seconds=0.5, filter_seconds=0.1),
        BatchRecord(index=1, seed=12, size=100, n_events=100, passed=2, kept=2,
                    trigger_counts={"pi0": 2, "gamma": 3},
                    submitted_at=2.5, done_at=5.0, sim_seconds=2.5, wait_seconds=1.0,
                    trigger_seconds=0.4, filter_seconds=0.2),
        BatchRecord(index=2, seed=13, size=200, n_events=200, passed=9, kept=8,
                    trigger_counts={"pi0": 9, "gamma": 4},
                    submitted_at=6.0, done_at=9.0, sim_seconds=3.0, wait_seconds=2.5,
                    trigger_seconds=0.6, filter_seconds=0.3),
    ]  # fmt: skip


def summary(batches: list[BatchRecord] | None = None, **kw) -> RunSummary:
    args = dict(
        target=10, master_seed=42, batches=three_batches() if batches is None else batches,
        wall_seconds=20.0, continuation_seconds=4.0, startup_seconds=3.0,
        output={"filtered": "out/filtered", "final": "out/final"},
    )  # fmt: skip
    args.update(kw)
    return RunSummary(**args)


def png_size(path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE
    assert data[12:16] == b"IHDR"  # the first chunk, as the format requires
    return struct.unpack(">II", data[16:24])


def test_report_json_values(tmp_path):
    s = summary()
    paths = write_report(s, tmp_path, plots=False)
    assert paths == {"report": tmp_path / "report.json"}
    r = json.loads(paths["report"].read_text())

    assert r["target"] == 10
    assert r["master_seed"] == 42
    assert r["trial_events"] == 100 + 100 + 200
    assert r["triggered"] == 0 + 2 + 9
    assert r["kept"] == 10
    assert r["trigger_counts"] == {"pi0": 11, "gamma": 8}
    assert r["efficiency"]["value"] == pytest.approx(11 / 400)
    lo68, hi68 = r["efficiency"]["interval68"]
    lo95, hi95 = r["efficiency"]["interval95"]
    assert lo95 < lo68 < 11 / 400 < hi68 < hi95
    assert r["efficiency"]["levels"] == {"interval68": CL68, "interval95": CL95}

    # every field of every batch, readable back into the dataclass
    assert [BatchRecord.from_dict(b) for b in r["batches"]] == s.batches

    # busy: [1, 5] (batches 0 and 1 overlap) and [6, 9] -> 7 s of the 8 s from 1 to 9
    assert r["trial_phase_seconds"] == pytest.approx(8.0)
    assert r["service_busy_fraction"] == pytest.approx(7 / 8)

    split = r["time_split"]
    assert split["simulation"] == pytest.approx(2.0 + 2.5 + 3.0)
    assert split["waiting"] == pytest.approx(2.0 + 1.0 + 2.5)
    assert split["trigger"] == pytest.approx(0.5 + 0.4 + 0.6)
    assert split["filter"] == pytest.approx(0.1 + 0.2 + 0.3)
    assert split["startup"] == 3.0
    assert split["continuation"] == 4.0
    # other = wall - sequential parts (startup, waiting, trigger, filter, continuation)
    assert split["other"] == pytest.approx(20.0 - (3.0 + 5.5 + 1.5 + 0.6 + 4.0))
    assert r["simulation_hidden_seconds"] == pytest.approx(7.5 - 5.5)
    assert "overlap" in r["time_split_note"]

    assert r["wall_seconds"] == 20.0
    assert r["startup_seconds"] == 3.0
    assert r["continuation_seconds"] == 4.0
    assert r["output"] == {"filtered": "out/filtered", "final": "out/final"}
    assert r["plots"] == {}
    assert r["stopped_early"] is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]  # no .tmp left


def test_efficiency_interval_closed_form_zero_passes(tmp_path):
    # a run that gave up: no trial event passed in 400
    batches = three_batches()
    for b in batches:
        b.passed = b.kept = 0
    s = summary(batches, stopped_early="cannot reach the target")
    r = json.loads(write_report(s, tmp_path, plots=False)["report"].read_text())
    n = 400
    for key, level in (("interval68", CL68), ("interval95", CL95)):
        lo, hi = r["efficiency"][key]
        assert lo == 0.0
        assert hi == pytest.approx(1 - ((1 - level) / 2) ** (1 / n), rel=1e-10)
    assert r["efficiency"]["value"] == 0.0
    assert r["stopped_early"] == "cannot reach the target"


def test_no_batches_is_valid_json(tmp_path):
    paths = write_report(summary([]), tmp_path, plots=True)  # nothing to plot
    assert paths == {"report": tmp_path / "report.json"}
    r = json.loads(paths["report"].read_text())  # strict JSON: NaN would be written as null
    assert r["efficiency"]["value"] is None
    assert r["efficiency"]["interval95"] == [0.0, 1.0]
    assert r["service_busy_fraction"] is None
    assert r["trial_events"] == 0
    assert r["batches"] == []


@pytest.mark.parametrize(
    ("intervals", "expected"),
    [
        ([(0, 10)], 1.0),
        ([(0, 2), (4, 10)], 8 / 10),
        ([(0, 5), (1, 3), (4, 8), (9, 10)], 9 / 10),  # nested and chained overlaps
    ],
)
def test_busy_fraction(intervals, expected):
    batches = [
        BatchRecord(index=i, seed=i, size=1, n_events=1, passed=0, kept=0,
                    submitted_at=lo, done_at=hi)
        for i, (lo, hi) in enumerate(intervals)
    ]  # fmt: skip
    assert busy_fraction(batches) == pytest.approx(expected)


def test_plots(tmp_path):
    rng = np.random.default_rng(1)
    everything = rng.exponential(1.5, size=400)
    everything[::7] = np.nan  # events without a pi0
    triggered = everything[np.nan_to_num(everything) > 3.0]
    kin = {"leading_pi0_pt": (everything, triggered)}
    paths = write_report(summary(), tmp_path, kinematics=kin)
    assert set(paths) == {"report", "cumulative", "efficiency", "kinematics"}
    for name in ("cumulative", "efficiency", "kinematics"):
        png = paths[name]
        assert png == tmp_path / f"{name}.png"
        assert png.stat().st_size > 5000  # axes, titles, markers: not an empty image
        assert png_size(png) == (CANVAS_WIDTH, CANVAS_HEIGHT)
    r = json.loads(paths["report"].read_text())
    assert r["plots"] == {k: str(v) for k, v in paths.items() if k != "report"}
    # only the final files: temporaries were renamed away
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "cumulative.png",
        "efficiency.png",
        "kinematics.png",
        "report.json",
    ]


def test_plots_without_kinematics_and_rewrite(tmp_path):
    paths = write_report(summary(), tmp_path, kinematics={})
    assert set(paths) == {"report", "cumulative", "efficiency"}
    # all-NaN kinematics: nothing to draw, no plot
    paths = write_report(summary(), tmp_path, kinematics={"x": (np.full(5, math.nan), [])})
    assert "kinematics" not in paths
    assert not (tmp_path / "kinematics.png").exists()
    # several quantities share one canvas (one pad each)
    kin = {"a": (np.arange(10.0), np.arange(5.0)), "b": (np.ones(3), np.ones(1))}
    paths = write_report(summary(), tmp_path, kinematics=kin)
    assert png_size(paths["kinematics"]) == (CANVAS_WIDTH, CANVAS_HEIGHT)


def test_plots_false_writes_only_json(tmp_path):
    kin = {"leading_pi0_pt": (np.arange(10.0), np.arange(3.0))}
    paths = write_report(summary(), tmp_path / "new", kinematics=kin, plots=False)
    assert paths == {"report": tmp_path / "new" / "report.json"}
    assert [p.name for p in (tmp_path / "new").iterdir()] == ["report.json"]
