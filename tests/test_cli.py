"""``pyo2bias inspect`` on the real O2 sample, checked against uproot."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

uproot = pytest.importorskip("uproot")


def test_inspect_json_matches_uproot(real_prefix):
    proc = subprocess.run([sys.executable, "-m", "pyo2bias", "inspect", "--json", real_prefix],
                          capture_output=True, text=True, timeout=300, check=True)  # fmt: skip
    events = json.loads(proc.stdout)["events"]
    kine = uproot.open(f"{real_prefix}_Kine.root")["o2sim"]
    pdg = kine["MCTrack/MCTrack.mPdgCode"].array(library="np")
    prop = kine["MCTrack/MCTrack.mProp"].array(library="np")
    mother = kine["MCTrack/MCTrack.mMotherTrackId"].array(library="np")
    its = uproot.open(f"{real_prefix}_HitsITS.root")["o2sim"]["ITSHit/ITSHit.mTrackID"].array(
        library="np"
    )
    assert [e["event_id"] for e in events] == list(range(1, 21))
    for i, e in enumerate(events):
        p = prop[i].astype(np.int64) & 0xFFFFFFFF
        assert e["n_tracks"] == len(pdg[i])
        primary = (((p >> 1) & 0x3F) == 0) | (mother[i] < 0)
        assert e["n_primaries"] == int(primary.sum())
        assert e["n_with_hits"] == int((((p >> 7) & 0x3FFFFF) != 0).sum())
        assert e["hits"]["ITS"] == len(its[i])


def test_inspect_table(real_prefix):
    proc = subprocess.run([sys.executable, "-m", "pyo2bias", "inspect", real_prefix],
                          capture_output=True, text=True, timeout=300, check=True)  # fmt: skip
    lines = proc.stdout.splitlines()
    assert "20 events; hits: ITS TOF" in lines[0]
    assert len(lines) == 1 + 1 + 20 + 1
    assert lines[-1].split()[:2] == ["total", "10871"]


def test_usage_error_exit_code():
    proc = subprocess.run([sys.executable, "-m", "pyo2bias", "frobnicate"],
                          capture_output=True, text=True, timeout=60, check=False)  # fmt: skip
    assert proc.returncode == 2
