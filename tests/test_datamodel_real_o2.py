"""The real 2021 O2 files (MCTrack v4, header v3), read through pyo2bias's own classes by
schema evolution, agree with an independent read of the split branches by uproot."""

from __future__ import annotations

import numpy as np
import pytest

uproot = pytest.importorskip("uproot")

pytestmark = pytest.mark.realdata


@pytest.fixture(scope="module")
def upr(real_prefix):
    tree = uproot.open(f"{real_prefix}_Kine.root")["o2sim"]
    arrays = tree.arrays(
        [
            "MCTrack.mPdgCode",
            "MCTrack.mMotherTrackId",
            "MCTrack.mSecondMotherTrackId",
            "MCTrack.mFirstDaughterTrackId",
            "MCTrack.mLastDaughterTrackId",
            "MCTrack.mProp",
            "MCTrack.mStartVertexCoordinatesX",
            "MCTrack.mStartVertexCoordinatesY",
            "MCTrack.mStartVertexCoordinatesZ",
            "MCTrack.mStartVertexCoordinatesT",
            "MCTrack.mStartVertexMomentumX",
            "MCTrack.mStartVertexMomentumY",
            "MCTrack.mStartVertexMomentumZ",
        ],
        library="np",
    )
    return {k.split(".", 1)[1]: v for k, v in arrays.items()}


@pytest.fixture(scope="module")
def ours(ROOT, real_prefix):
    """Per event, the accessor values of every track, read by pyo2bias."""
    from pyo2bias import open_sim

    sim = open_sim(real_prefix)
    events = []
    for entry in range(sim.n_events):
        sim.tree.GetEntry(entry)
        tracks = sim.tree.MCTrack
        events.append(
            {
                "pdg": np.array([t.GetPdgCode() for t in tracks]),
                "mother": np.array([t.getMotherTrackId() for t in tracks]),
                "mother2": np.array([t.getSecondMotherTrackId() for t in tracks]),
                "first": np.array([t.getFirstDaughterTrackId() for t in tracks]),
                "last": np.array([t.getLastDaughterTrackId() for t in tracks]),
                "vx": np.array([t.Vx() for t in tracks]),
                "vy": np.array([t.Vy() for t in tracks]),
                "vz": np.array([t.Vz() for t in tracks]),
                "t": np.array([t.T() for t in tracks]),
                "px": np.array([t.Px() for t in tracks]),
                "process": np.array([t.getProcess() for t in tracks]),
                "hitmask": np.array([t.getHitMask() for t in tracks]),
                "store": np.array([t.getStore() for t in tracks]),
                "tobedone": np.array([t.getToBeDone() for t in tracks]),
                "inhibited": np.array([t.getInhibited() for t in tracks]),
                "primary": np.array([t.isPrimary() for t in tracks]),
                "leftITS": np.array([t.leftTrace(0, list(range(18))) for t in tracks]),
            }
        )
    header = getattr(sim.tree, "MCEventHeader.")
    sim.tree.GetEntry(0)
    first_header = (header.GetEventID(), header.GetNPrim())
    yield events, first_header, sim.n_events
    sim.close()


def test_event_and_track_counts(upr, ours):
    events, _, n_events = ours
    assert n_events == len(upr["mPdgCode"]) == 20
    assert [len(e["pdg"]) for e in events] == [len(a) for a in upr["mPdgCode"]]


@pytest.mark.parametrize(
    ("ours_key", "member"),
    [
        ("pdg", "mPdgCode"),
        ("mother", "mMotherTrackId"),
        ("mother2", "mSecondMotherTrackId"),
        ("first", "mFirstDaughterTrackId"),
        ("last", "mLastDaughterTrackId"),
    ],
)
def test_ids_match_uproot(upr, ours, ours_key, member):
    events, _, _ = ours
    for i, event in enumerate(events):
        np.testing.assert_array_equal(event[ours_key], upr[member][i])


def test_vertices_and_momenta_match_uproot(upr, ours):
    events, _, _ = ours
    for i, event in enumerate(events):
        for key, member in [
            ("vx", "mStartVertexCoordinatesX"),
            ("vy", "mStartVertexCoordinatesY"),
            ("vz", "mStartVertexCoordinatesZ"),
            ("t", "mStartVertexCoordinatesT"),
            ("px", "mStartVertexMomentumX"),
        ]:
            np.testing.assert_array_equal(event[key], upr[member][i].astype(np.float64))


def test_property_bits_match_independent_decoding(upr, ours):
    """mProp decoded here with plain integer arithmetic (layout of the O2 reference)."""
    events, _, _ = ours
    for i, event in enumerate(events):
        prop = upr["mProp"][i].astype(np.int64) & 0xFFFFFFFF
        np.testing.assert_array_equal(event["store"], (prop & 1) == 1)
        np.testing.assert_array_equal(event["process"], (prop >> 1) & 0x3F)
        np.testing.assert_array_equal(event["hitmask"], (prop >> 7) & 0x3FFFFF)
        np.testing.assert_array_equal(event["inhibited"], ((prop >> 30) & 1) == 1)
        np.testing.assert_array_equal(event["tobedone"], ((prop >> 31) & 1) == 1)
        # 2021 file: the hit bit is the DetID itself (ITS = 0)
        np.testing.assert_array_equal(event["leftITS"], ((prop >> 7) & 1) == 1)
        both_mothers_none = (upr["mMotherTrackId"][i] < 0) & (upr["mSecondMotherTrackId"][i] < 0)
        np.testing.assert_array_equal(
            event["primary"], (((prop >> 1) & 0x3F) == 0) | both_mothers_none
        )


def test_primaries_are_ten_pions_with_o2_flag_word(upr, ours):
    """The sample's README: ten charged pions per event; O2 reference: primaries read 0x80000381."""
    events, (event_id, n_prim), _ = ours
    assert (event_id, n_prim) == (1, 10)
    for event in events:
        prim = event["primary"]
        assert prim.sum() == 10
        assert set(np.abs(event["pdg"][prim])) == {211}
    prop0 = int(upr["mProp"][0][0]) & 0xFFFFFFFF
    assert prop0 == 0x80000381


def test_header_matches_uproot(ROOT, real_prefix):
    from pyo2bias import open_sim

    tree = uproot.open(f"{real_prefix}_Kine.root")["o2sim"]
    ids = tree[
        "MCEventHeader./MCEventHeader.FairMCEventHeader/MCEventHeader.FairMCEventHeader.fEventId"
    ]
    nprim = tree[
        "MCEventHeader./MCEventHeader.FairMCEventHeader/MCEventHeader.FairMCEventHeader.fNPrim"
    ]
    expected_ids = ids.array(library="np")
    expected_nprim = nprim.array(library="np")
    with open_sim(real_prefix) as sim:
        cols = sim.rdf().AsNumpy(
            ["MCEventHeader.FairMCEventHeader.fEventId", "MCEventHeader.FairMCEventHeader.fNPrim"]
        )
    np.testing.assert_array_equal(cols["MCEventHeader.FairMCEventHeader.fEventId"], expected_ids)
    np.testing.assert_array_equal(cols["MCEventHeader.FairMCEventHeader.fNPrim"], expected_nprim)
    np.testing.assert_array_equal(expected_ids, np.arange(1, 21))


def test_its_hits_as_friend_match_uproot(ROOT, real_prefix):
    from pyo2bias import open_sim

    hits = uproot.open(f"{real_prefix}_HitsITS.root")["o2sim"]
    track_ids = hits["ITSHit/ITSHit.mTrackID"].array(library="np")
    xs = hits["ITSHit/ITSHit.mPos.fCoordinates.fX"].array(library="np")
    with open_sim(real_prefix) as sim:
        assert sim.detectors == ("ITS", "TOF")
        cols = sim.rdf().AsNumpy(["ITS.ITSHit.mTrackID", "ITS.ITSHit.mPos.fCoordinates.fX"])
    for i in range(20):
        np.testing.assert_array_equal(np.asarray(cols["ITS.ITSHit.mTrackID"][i]), track_ids[i])
        np.testing.assert_array_equal(np.asarray(cols["ITS.ITSHit.mPos.fCoordinates.fX"][i]), xs[i])


def test_grp_readout_matches_uproot(ROOT, real_prefix):
    from pyo2bias import DETECTORS, read_grp

    grp_file = uproot.open(f"{real_prefix}_grp.root")
    mask = int(grp_file["GRP"].member("mDetsReadout").member("v"))
    expected = tuple(d for i, d in enumerate(DETECTORS) if (mask >> i) & 1)
    info = read_grp(f"{real_prefix}_grp.root")
    assert info.key == "GRP"
    assert info.readout == expected
    assert "ITS" in info.readout


def test_momenta_y_z_match_uproot(upr, real_prefix, ROOT):
    from pyo2bias import open_sim

    with open_sim(real_prefix) as sim:
        for i in (0, 7, 19):
            sim.tree.GetEntry(i)
            tracks = sim.tree.MCTrack
            np.testing.assert_array_equal([t.Py() for t in tracks], upr["mStartVertexMomentumY"][i])
            np.testing.assert_array_equal([t.Pz() for t in tracks], upr["mStartVertexMomentumZ"][i])


def test_streamer_checksums_match_the_real_file(ROOT, real_prefix, tmp_path):
    """Classes stored at the same version in the real file and in ours have the same layout
    checksum: files written by pyo2bias are what O2 itself would write for them."""
    from eventgen import build_event

    from pyo2bias import SimWriter, hit_bit_lut

    _, tracks, header, refs, hits = build_event(ROOT, np.random.default_rng(5), 1,
                                                hit_bit_lut(["ITS", "TOF"]))  # fmt: skip
    with SimWriter(tmp_path / "c", ["ITS", "TOF"]) as w:
        w.fill(tracks, header, refs, {"ITS": hits["ITS"], "TOF": hits["TOF"]})

    def checksums(path):
        f = ROOT.TFile.Open(str(path))
        out = {(i.GetName(), i.GetClassVersion()): i.GetCheckSum()
               for i in f.GetStreamerInfoList() if i.GetName() != "listOfRules"}  # fmt: skip
        f.Close()
        return out

    compared = 0
    for suffix in ("_Kine.root", "_HitsITS.root", "_HitsTOF.root"):
        real, ours = checksums(f"{real_prefix}{suffix}"), checksums(f"{tmp_path / 'c'}{suffix}")
        for key in real.keys() & ours.keys():
            if key[0].startswith(("o2::", "FairMC", "ROOT::Math")):
                assert real[key] == ours[key], key
                compared += 1
    assert compared >= 10
