"""Events written by SimWriter read back identically through pyo2bias, and uproot reads the
same member names and values from the files."""

from __future__ import annotations

import numpy as np
import pytest
from eventgen import build_event

uproot = pytest.importorskip("uproot")

MODULES = ["PIPE", "ITS", "TPC", "TOF"]
N_EVENTS = 4


@pytest.fixture(scope="module")
def written(ROOT, tmp_path_factory):
    from pyo2bias import SimWriter, hit_bit_lut

    prefix = str(tmp_path_factory.mktemp("rt") / "sim")
    rng = np.random.default_rng(20261203)
    lut = hit_bit_lut(MODULES)
    truths = []
    with SimWriter(prefix, MODULES) as writer:
        for i in range(N_EVENTS):
            truth, tracks, header, refs, hits = build_event(ROOT, rng, i + 1, lut)
            writer.fill(tracks, header, refs, hits)
            truths.append(truth)
    return prefix, truths


def test_files_and_no_leftovers(written):
    prefix, _ = written
    from pathlib import Path

    folder = Path(prefix).parent
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(
        [
            "sim_Kine.root",
            "sim_MCHeader.root",
            "sim_HitsITS.root",
            "sim_HitsTPC.root",
            "sim_HitsTOF.root",
        ]
    )


def test_uproot_sees_o2_names_and_values(written):
    prefix, truths = written
    tree = uproot.open(f"{prefix}_Kine.root")["o2sim"]
    assert (
        tree["MCTrack"].typename.replace(" ", "") == "vector<o2::MCTrackT<float>>"
    )  # as in the real O2 file
    members = {
        "pdg": "mPdgCode", "mother": "mMotherTrackId", "mother2": "mSecondMotherTrackId",
        "first": "mFirstDaughterTrackId", "last": "mLastDaughterTrackId", "prop": "mProp",
        "px": "mStartVertexMomentumX", "py": "mStartVertexMomentumY", "pz": "mStartVertexMomentumZ",
        "vx": "mStartVertexCoordinatesX", "vy": "mStartVertexCoordinatesY",
        "vz": "mStartVertexCoordinatesZ", "t": "mStartVertexCoordinatesT", "weight": "mWeight",
        "status": "mStatusCode",
    }  # fmt: skip
    for key, member in members.items():
        values = tree[f"MCTrack/MCTrack.{member}"].array(library="np")  # split level 99
        for i, truth in enumerate(truths):
            np.testing.assert_array_equal(values[i], truth.tracks[key], err_msg=member)
    ids = tree[
        "MCEventHeader./MCEventHeader.FairMCEventHeader/MCEventHeader.FairMCEventHeader.fEventId"
    ]
    np.testing.assert_array_equal(ids.array(library="np"), np.arange(1, N_EVENTS + 1))
    lut = tree["MCEventHeader./MCEventHeader.mDetId2HitBitIndex"].array(library="np")
    assert list(lut[0]) == truths[0].lut
    nhits = tree["MCEventHeader./MCEventHeader.mEventStats/MCEventHeader.mEventStats.mNOfHits"]
    assert list(nhits.array(library="np")) == [t.stats[0] for t in truths]
    ref_x = tree["TrackRefs/TrackRefs.mX"].array(library="np")
    for i, truth in enumerate(truths):
        np.testing.assert_array_equal(ref_x[i], truth.refs["x"])


def test_class_versions_on_disk(written):
    prefix, _ = written
    f = uproot.open(f"{prefix}_Kine.root")
    versions = {name: max(v) for name, v in f.file.streamers.items()}
    assert versions["o2::MCTrackT<float>"] == 8
    assert versions["o2::dataformats::MCEventHeader"] == 4
    assert versions["FairMCEventHeader"] == 2
    assert versions["o2::TrackReference"] == 1


def test_hits_files_read_by_uproot(written):
    prefix, truths = written
    its = uproot.open(f"{prefix}_HitsITS.root")["o2sim"]
    tof = uproot.open(f"{prefix}_HitsTOF.root")["o2sim"]
    tpc = uproot.open(f"{prefix}_HitsTPC.root")["o2sim"]
    assert len([k for k in tpc.keys() if "/" not in k]) == 36
    its_x = its["ITSHit/ITSHit.mPos.fCoordinates.fX"].array(library="np")
    its_x0 = its["ITSHit/ITSHit.mPosStart.fCoordinates.fX"].array(library="np")
    tof_t = tof["TOFHit/TOFHit.mTime"].array(library="np")
    for i, truth in enumerate(truths):
        np.testing.assert_array_equal(its_x[i], truth.its["x"])
        np.testing.assert_array_equal(its_x0[i], truth.its["xstart"])
        np.testing.assert_array_equal(tof_t[i], truth.tof["time"])
    for sector in range(36):
        track = tpc[f"TPCHitsShiftedSector{sector}/TPCHitsShiftedSector{sector}.mTrackID"].array(
            library="np"
        )
        for i, truth in enumerate(truths):
            expected = [g["track"] for g in truth.tpc.get(sector, [])]
            assert list(track[i]) == expected


def test_read_back_through_pyo2bias(ROOT, written):
    from pyo2bias import header_info, open_sim

    prefix, truths = written
    with open_sim(prefix) as sim:
        assert sim.n_events == N_EVENTS
        assert sim.detectors == ("ITS", "TPC", "TOF")
        for i, truth in enumerate(truths):
            sim.tree.GetEntry(i)
            tracks = sim.tree.MCTrack
            assert [t.GetPdgCode() for t in tracks] == list(truth.tracks["pdg"])
            assert [t.getProp() for t in tracks] == list(truth.tracks["prop"])
            np.testing.assert_array_equal([t.getWeight() for t in tracks], truth.tracks["weight"])
            header = getattr(sim.tree, "MCEventHeader.")
            assert header.GetEventID() == truth.event_id
            # Double32_t members are stored as 32-bit floats on disk (as in O2)
            vertex = (header.GetX(), header.GetY(), header.GetZ())
            np.testing.assert_array_equal(np.float32(vertex), np.float32(truth.vertex))
            assert list(header.getDetId2HitBitLUT()) == truth.lut
            info = header_info(header)
            assert info.keys() == truth.info.keys()
            assert info["generator"] == truth.info["generator"]
            assert info["prims_total"] == truth.info["prims_total"]
            assert info["weight"] == truth.info["weight"]
            assert info["scale"] == pytest.approx(truth.info["scale"], rel=1e-7)
            groups = getattr(sim.tree, "TPCHitsShiftedSector" + str(min(truth.tpc)))
            first = truth.tpc[min(truth.tpc)][0]
            np.testing.assert_array_equal(np.asarray(groups[0].mHitsXVctr), first["x"])


def test_mcheader_file_has_only_the_header(written):
    prefix, truths = written
    tree = uproot.open(f"{prefix}_MCHeader.root")["o2sim"]
    assert [k for k in tree.keys() if "/" not in k] == ["MCEventHeader."]
    assert tree.num_entries == len(truths)


def test_abort_leaves_existing_output_untouched(ROOT, written, tmp_path):
    import shutil

    from pyo2bias import SimWriter, hit_bit_lut

    prefix, _ = written
    target = tmp_path / "copy"
    for suffix in [
        "_Kine.root",
        "_MCHeader.root",
        "_HitsITS.root",
        "_HitsTPC.root",
        "_HitsTOF.root",
    ]:
        shutil.copy(f"{prefix}{suffix}", f"{target}{suffix}")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    rng = np.random.default_rng(1)
    _, tracks, header, refs, hits = build_event(ROOT, rng, 1, hit_bit_lut(MODULES))

    def crash_mid_write() -> None:
        with SimWriter(str(target), MODULES) as w:
            w.fill(tracks, header, refs, hits)
            msg = "injected crash mid-write"
            raise RuntimeError(msg)

    with pytest.raises(RuntimeError, match="injected"):
        crash_mid_write()
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert after == before  # no .part left, nothing overwritten


def test_grp_round_trip(ROOT, tmp_path):
    from pyo2bias import read_grp, write_grp

    path = write_grp(tmp_path / "s_grp.root", ["PIPE", "ITS", "TPC", "TOF"], run=300000)
    info = read_grp(path)
    assert (info.key, info.readout, info.run) == ("ccdb_object", ("ITS", "TPC", "TOF"), 300000)
    grp = uproot.open(path)["ccdb_object"]
    assert int(grp.member("mDetsReadout").member("v")) == (1 << 0) | (1 << 1) | (1 << 3)


def test_info_text_stores_what_put_info_stores(ROOT):
    """The merger's one-call header info (encode_info + putInfoText) against put_info, key by
    key, including escapes, numpy scalars, large and negative ints and non-finite doubles."""
    from pyo2bias.io.header import encode_info, header_info, put_info

    ROOT.gInterpreter.Declare('#include "pyo2bias/HeaderInfo.h"')
    info = {
        "generator": "pythia8", "odd\tkey": "two\nlines \\ and a tab\t", "n": -5,
        "big": 2**40, "huge": -(2**63), "w": 0.1, "inf": float("inf"), "flag": True,
        "np_float": np.float64(1.5), "np_int": np.int64(7), "empty": "",
    }  # fmt: skip
    via_text = ROOT.o2.dataformats.MCEventHeader()
    ROOT.pyo2bias.putInfoText(via_text, encode_info(info))
    one_by_one = ROOT.o2.dataformats.MCEventHeader()
    for key, value in info.items():
        put_info(one_by_one, key, float(value) if isinstance(value, np.floating) else value)
    got, expected = header_info(via_text), header_info(one_by_one)
    assert got == expected
    assert got["odd\tkey"] == "two\nlines \\ and a tab\t"
    assert got["np_float"] == 1.5
    assert got["big"] == 2**40
