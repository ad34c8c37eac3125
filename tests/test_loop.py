"""The biasing loop end to end on the embedded service: exactly the target, every kept event
passes the trigger (re-evaluated here with uproot), continuation completes what step 1 left,
same seed gives the same files, Ctrl-C + --resume gives the uninterrupted run's output, and
no service process or socket survives. Values are checked with uproot/numpy."""

from __future__ import annotations

import glob
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import psutil
import pytest
import yaml
from conftest import MACROS

uproot = pytest.importorskip("uproot")

THRESHOLD = 70  # pi0 per pythia8pp event (all eta): about 20% of events pass
MEMBERS = ("mPdgCode", "mMotherTrackId", "mFirstDaughterTrackId", "mLastDaughterTrackId",
           "mStartVertexMomentumX", "mStartVertexMomentumZ", "mStartVertexCoordinatesX",
           "mStartVertexCoordinatesZ", "mProp")  # fmt: skip
EXPRESSION = f"Sum(MCTrack.mPdgCode == 111) >= {THRESHOLD}"
INHIBITED, TO_BE_DONE = 1 << 30, 1 << 31


def config(tmp: Path, name: str, **over) -> dict:
    data = {
        "output": str(tmp / name),
        "target": 8,
        "seed": 2024,
        "batch": {"size": 10},
        "services": {"backend": "embedded", "workers": 2, "timeout_seconds": 300},
        "step1": {"transport": str(MACROS / "transport_pi0.macro"),
                  "transport_function": "transport_pi0"},
        "trigger": {
            "definitions": {"many_pi0": {"expression": EXPRESSION}},
            "values": {"lead": "pyo2bias::leadingPt(MCTrack, 111, 1.0)"},
        },
        "report": {"plots": False},
    }
    data.update(over)
    return data


def write_config(tmp: Path, name: str, **over) -> Path:
    path = tmp / f"{name}.yaml"
    path.write_text(yaml.safe_dump(config(tmp, name, **over)))
    return path


def service_leftovers(folder: Path) -> list[str]:
    """Service processes whose working directory is under ``folder``, and their sockets."""
    found = []
    for p in psutil.process_iter(["pid", "cmdline", "status"]):
        try:
            cmd = " ".join(p.info["cmdline"] or [])
            if "pyo2bias.simservice" in cmd and str(folder) in p.cwd():
                if p.info["status"] != psutil.STATUS_ZOMBIE:
                    found.append(f"process {p.pid}: {cmd}")
                found += glob.glob(f"/tmp/o2sim-*-{p.pid}")
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return found


def kine(prefix: Path) -> dict[str, np.ndarray]:
    tree = uproot.open(f"{prefix}_Kine.root")["o2sim"]
    return {m: tree[f"MCTrack/MCTrack.{m}"].array(library="np") for m in MEMBERS}


def same_content(a: dict, b: dict) -> bool:
    for m in a:
        if len(a[m]) != len(b[m]):
            return False
        if not all(np.array_equal(x, y) for x, y in zip(a[m], b[m], strict=True)):
            return False
    return True


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    from pyo2bias.config import config_from_dict
    from pyo2bias.loop import BiasingLoop

    tmp = tmp_path_factory.mktemp("loop")
    result = BiasingLoop(config_from_dict(config(tmp, "ref"))).run()
    assert service_leftovers(tmp) == []
    return tmp, result


def test_exactly_the_target_and_every_event_passes(reference):
    tmp, result = reference
    s = result.summary
    assert s.kept == 8
    assert result.reached_target
    final, filtered = kine(tmp / "ref" / "final"), kine(tmp / "ref" / "filtered")
    assert len(final["mPdgCode"]) == len(filtered["mPdgCode"]) == 8
    for pdg in final["mPdgCode"]:  # the trigger, re-evaluated independently
        assert np.sum(pdg == 111) >= THRESHOLD
    # the trial batches, read independently: passes per batch and the first 8 kept in order
    passes = []
    for b in s.batches:
        pdg = uproot.open(tmp / "ref" / "trials" / f"trial_{b.index:05d}_Kine.root")["o2sim"][
            "MCTrack/MCTrack.mPdgCode"].array(library="np")  # fmt: skip
        flags = [int(np.sum(x == 111) >= THRESHOLD) for x in pdg]
        assert b.passed == sum(flags) == b.trigger_counts["many_pi0"]
        passes += [(b.index, i) for i, f in enumerate(flags) if f]
    assert s.triggered == len(passes) >= 8
    assert sum(b.kept for b in s.batches) == 8
    header = uproot.open(tmp / "ref" / "filtered_Kine.root")["o2sim"]
    assert list(header["MCEventHeader./MCEventHeader.FairMCEventHeader/MCEventHeader."
                       "FairMCEventHeader.fEventId"].array(library="np")) == list(range(1, 9))


def test_continuation_transports_the_rest_and_nothing_twice(reference):
    tmp, _ = reference
    final, filtered = kine(tmp / "ref" / "final"), kine(tmp / "ref" / "filtered")
    for ev in range(8):
        n = len(filtered["mPdgCode"][ev])
        before = filtered["mProp"][ev].astype(np.int64) & 0xFFFFFFFF
        after = final["mProp"][ev].astype(np.int64) & 0xFFFFFFFF
        for m in ("mPdgCode", "mStartVertexMomentumX", "mMotherTrackId"):
            assert np.array_equal(final[m][ev][:n], filtered[m][ev][:n])  # kept as they were
        waiting = (before & INHIBITED) != 0
        assert waiting.any()  # step 1 left primaries for step 2
        assert not (after & INHIBITED).any()  # none is left untransported
        mothers = final["mMotherTrackId"][ev]
        for i in range(n, len(mothers)):  # new secondaries descend from waiting tracks only
            j = i
            while j >= n:
                j = mothers[j]
            assert j >= 0, f"event {ev}: track {i} has no ancestor among the input tracks"
            assert waiting[j], f"event {ev}: track {i} descends from transported track {j}"


def test_report_and_counts_inside_the_root_files(reference):
    tmp, result = reference
    report = json.loads((tmp / "ref" / "report.json").read_text())
    s = result.summary
    assert report["trial_events"] == s.trial_events == 10 * len(s.batches)
    assert report["triggered"] == s.triggered
    lo, hi = report["efficiency"]["interval95"]
    assert lo < s.triggered / s.trial_events < hi
    for prefix in ("filtered", "final"):
        f = uproot.open(tmp / "ref" / f"{prefix}_Kine.root")
        batches = f["pyo2bias_batches"].arrays(library="np")
        assert list(batches["passed_many_pi0"]) == [b.passed for b in s.batches]
        assert int(batches["kept"].sum()) == 8
        summary = json.loads(f["pyo2bias_summary"].member("fTitle"))
        assert summary["trial_events"] == s.trial_events
        assert summary["batch_seeds"] == [b.seed for b in s.batches]


def test_inspect_shows_the_counts(reference, capsys):
    from pyo2bias.cli.main import main

    tmp, result = reference
    assert main(["inspect", str(tmp / "ref" / "final")]) == 0
    out = capsys.readouterr().out
    s = result.summary
    assert f"biasing: {s.trial_events} trial events, {s.triggered} triggered, 8 kept" in out


def test_same_seed_same_files(reference, tmp_path):
    from pyo2bias.config import config_from_dict
    from pyo2bias.loop import BiasingLoop

    tmp, _ = reference
    BiasingLoop(config_from_dict(config(tmp_path, "again"))).run()
    for prefix in ("filtered", "final"):
        assert same_content(kine(tmp / "ref" / prefix), kine(tmp_path / "again" / prefix))
    assert service_leftovers(tmp_path) == []


def test_ctrl_c_then_resume_equals_uninterrupted(reference, tmp_path):
    tmp, ref = reference
    cfg = write_config(tmp_path, "cut")
    state = tmp_path / "cut" / "filtered.state.json"
    cmd = [sys.executable, "-m", "pyo2bias", "run", str(cfg), "--quiet"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        if state.exists() and len(json.loads(state.read_text())["batches"]) >= 2:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before it could be interrupted"
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "--resume" in err
    assert service_leftovers(tmp_path) == []
    done = json.loads(state.read_text())
    assert done["phase"] == "trials"
    assert len(done["batches"]) < len(ref.summary.batches)
    again = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert again.returncode == 1
    assert "already holds a run" in again.stderr
    resumed = subprocess.run([*cmd, "--resume"], capture_output=True, text=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    for prefix in ("filtered", "final"):
        assert same_content(kine(tmp / "ref" / prefix), kine(tmp_path / "cut" / prefix))
    # the wall time counts the interrupted process too, so the time split stays consistent
    report = json.loads((tmp_path / "cut" / "report.json").read_text())
    assert report["wall_seconds"] > done["wall_seconds"] > 0
    assert "inconsistent" not in resumed.stderr
    # resuming a finished run runs nothing and reports the run's own wall time
    finished = subprocess.run([*cmd, "--resume"], capture_output=True, text=True, timeout=600)
    assert finished.returncode == 0, finished.stderr
    again_report = json.loads((tmp_path / "cut" / "report.json").read_text())
    assert again_report["wall_seconds"] == report["wall_seconds"]
    assert "inconsistent" not in finished.stderr
    assert service_leftovers(tmp_path) == []


def test_cli_exit_codes_for_bad_config_and_short_run(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("target: 0\ntrigger: {definitions: {a: {expression: 'true'}}}\n"
                   "step1: {transport: all}\n")  # fmt: skip
    proc = subprocess.run([sys.executable, "-m", "pyo2bias", "run", str(bad)],
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert proc.returncode == 2
    assert f"{bad}:1: target:" in proc.stderr
    # a trigger nothing passes, and a trial budget of 60 events: stops short with exit 3
    short = write_config(tmp_path, "short", target=2, limits={"max_trial_events": 60},
                         trigger={"definitions": {"never": {"expression": "false"}}})  # fmt: skip
    proc = subprocess.run([sys.executable, "-m", "pyo2bias", "run", str(short), "--quiet"],
                          capture_output=True, text=True, timeout=600)  # fmt: skip
    assert proc.returncode == 3, proc.stderr
    assert "stopped early" in proc.stdout
    report = json.loads((tmp_path / "short" / "report.json").read_text())
    assert report["trial_events"] <= 60
    assert report["kept"] == 0
    assert service_leftovers(tmp_path) == []
    assert os.path.exists(tmp_path / "short" / "filtered.state.json")


def test_shipped_config_every_final_event_double_converted(tmp_path):
    """conf/pi0_double_conversion.yaml (target cut to 2): each final event has a central pi0
    whose photons both converted within 100 cm, by the numpy reading of the files."""
    from test_triggers import dconv_by_daughter_range, read_events

    from pyo2bias.loop import BiasingLoop

    out = tmp_path / "pi0"
    conf = Path(__file__).resolve().parents[1] / "conf" / "pi0_double_conversion.yaml"
    result = BiasingLoop.from_yaml(conf, (f"output={out}", "target=2", "report.plots=false")).run()
    assert result.summary.kept == 2
    for prefix in ("filtered", "final"):
        events = read_events(str(out / prefix))
        assert len(events) == 2
        assert all(dconv_by_daughter_range(ev) for ev in events)
    assert service_leftovers(tmp_path) == []
