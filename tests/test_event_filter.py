"""The event filter: exactly the selected events, in order, renumbered, with their hits and
provenance; a crash injected mid-append leaves the previous output as it was."""

from __future__ import annotations

import os

import numpy as np
import pytest
from eventgen import build_event

uproot = pytest.importorskip("uproot")

MODULES = ["ITS", "TPC", "TOF"]
HEADER = "MCEventHeader./MCEventHeader.FairMCEventHeader/MCEventHeader.FairMCEventHeader."


def make_batch(ROOT, prefix, n, seed):
    from pyo2bias import SimWriter, hit_bit_lut

    rng = np.random.default_rng(seed)
    truths = []
    with SimWriter(prefix, MODULES) as w:
        for i in range(n):
            truth, tracks, header, refs, hits = build_event(ROOT, rng, i + 1, hit_bit_lut(MODULES))
            w.fill(tracks, header, refs, hits)
            truths.append(truth)
    return truths


def read(prefix):
    kine = uproot.open(f"{prefix}_Kine.root")["o2sim"]
    its = uproot.open(f"{prefix}_HitsITS.root")["o2sim"]
    return {
        "pdg": kine["MCTrack/MCTrack.mPdgCode"].array(library="np"),
        "mother": kine["MCTrack/MCTrack.mMotherTrackId"].array(library="np"),
        "ids": kine[HEADER + "fEventId"].array(library="np"),
        "refx": kine["TrackRefs/TrackRefs.mX"].array(library="np"),
        "its_x": its["ITSHit/ITSHit.mPos.fCoordinates.fX"].array(library="np"),
        "n_tpc": uproot.open(f"{prefix}_HitsTPC.root")["o2sim"].num_entries,
        "n_header": uproot.open(f"{prefix}_MCHeader.root")["o2sim"].num_entries,
    }


@pytest.fixture
def batches(ROOT, tmp_path):
    a = make_batch(ROOT, tmp_path / "batch0", 5, 1)
    b = make_batch(ROOT, tmp_path / "batch1", 4, 2)
    return tmp_path, a, b


def test_filter_keeps_exactly_the_selected_events(ROOT, batches):
    from pyo2bias import header_info, open_sim
    from pyo2bias.broker import EventFilter

    d, _a, b = batches
    f = EventFilter(d / "filtered")
    assert f.append(d / "batch0", [False, True, False, True, False], {"batch_seed": 77}).total == 2
    assert f.append(d / "batch1", [True, False, False, True]).total == 4
    assert f.append(d / "batch1", [False] * 4).total == 4  # nothing selected: nothing written
    out, src0, src1 = read(d / "filtered"), read(d / "batch0"), read(d / "batch1")
    picks = [(src0, 1), (src0, 3), (src1, 0), (src1, 3)]
    assert list(out["ids"]) == [1, 2, 3, 4]
    assert out["n_tpc"] == out["n_header"] == 4
    for k, (src, entry) in enumerate(picks):
        for key in ("pdg", "mother", "refx", "its_x"):  # links unchanged within an event
            np.testing.assert_array_equal(out[key][k], src[key][entry])
    with open_sim(d / "filtered") as sim:
        infos = []
        for k in range(4):
            sim.tree.GetEntry(k)
            infos.append(header_info(getattr(sim.tree, "MCEventHeader.")))
    assert infos[0]["pyo2bias_source"] == str(d / "batch0")
    assert (infos[0]["pyo2bias_source_entry"], infos[0]["pyo2bias_source_event"]) == (1, 2)
    assert infos[0]["batch_seed"] == 77
    assert (infos[3]["pyo2bias_source_entry"], infos[3]["pyo2bias_source_event"]) == (3, 4)
    assert infos[3]["generator"] == b[3].info["generator"]  # the source's own info is kept
    assert sorted(p.name for p in d.glob("filtered*")) == [
        "filtered_HitsITS.root", "filtered_HitsTOF.root", "filtered_HitsTPC.root",
        "filtered_Kine.root", "filtered_MCHeader.root",
    ]  # fmt: skip


def test_mask_of_the_wrong_length(ROOT, batches):
    from pyo2bias.broker import EventFilter

    d, _, _ = batches
    with pytest.raises(ValueError, match=r"mask has 3 flags but .*batch0_Kine\.root has 5 events"):
        EventFilter(d / "f").append(d / "batch0", [True] * 3)


def crash_on_part_replace(monkeypatch, module, crash_after):
    """Make the filter's ``os.replace`` die (KeyboardInterrupt) on its ``crash_after``-th
    ``.part`` file; returns the real ``os.replace`` to put back."""
    calls = {"n": 0}
    real_replace = os.replace

    def dying_replace(src, dst):
        if str(src).endswith(".part"):
            if calls["n"] == crash_after:
                msg = "injected crash"
                raise KeyboardInterrupt(msg)
            calls["n"] += 1
        return real_replace(src, dst)

    monkeypatch.setattr(module.os, "replace", dying_replace)
    return real_replace


@pytest.mark.parametrize("crash_after", [0, 2, 4])
def test_crash_mid_append_leaves_the_previous_output(ROOT, batches, monkeypatch, crash_after):
    from pyo2bias.broker import EventFilter
    from pyo2bias.broker import filter as filter_module

    d, _, _ = batches
    EventFilter(d / "out").append(d / "batch0", [True, False, True, False, False])
    before = {p.name: p.read_bytes() for p in d.glob("out_*")}
    real_replace = crash_on_part_replace(monkeypatch, filter_module, crash_after)
    with pytest.raises(KeyboardInterrupt):
        EventFilter(d / "out").append(d / "batch1", [True, True, False, False])
    monkeypatch.setattr(filter_module.os, "replace", real_replace)
    EventFilter(d / "out")  # the next run recovers
    after = {p.name: p.read_bytes() for p in d.glob("out_*")}
    assert after == before
    assert list(read(d / "out")["ids"]) == [1, 2]


@pytest.mark.parametrize("crash_after", [0, 3, 5])
def test_checkpoint_commits_with_the_events(ROOT, batches, monkeypatch, crash_after):
    """The caller's state rides in the same commit: after a crash at any point both the
    events and the state are those of the previous append."""
    from pyo2bias.broker import EventFilter
    from pyo2bias.broker import filter as filter_module

    d, _, _ = batches
    f = EventFilter(d / "ck")
    f.append(d / "batch0", [True, False, True, False, False], state={"batch": 0})
    assert f.read_state() == {"batch": 0}
    f.append(d / "batch0", [False] * 5, state={"batch": 1})  # nothing selected: state alone
    assert f.read_state() == {"batch": 1}
    assert list(read(d / "ck")["ids"]) == [1, 2]
    real_replace = crash_on_part_replace(monkeypatch, filter_module, crash_after)
    with pytest.raises(KeyboardInterrupt):
        EventFilter(d / "ck").append(d / "batch1", [True, True, False, False], state={"batch": 2})
    monkeypatch.setattr(filter_module.os, "replace", real_replace)
    again = EventFilter(d / "ck")
    assert again.read_state() == {"batch": 1}
    assert list(read(d / "ck")["ids"]) == [1, 2]
