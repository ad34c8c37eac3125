"""MCTrack accessors and flag bits against formulas evaluated here, independently."""

from __future__ import annotations

import math

import pytest

PION_MASS = 0.13957039  # PDG 2022, GeV
PI0_MASS = 0.1349768


def make_track(
    ROOT, pdg=211, p=(0.3, -0.4, 1.2), v=(1.0, -2.0, 3.0, 4.5), mothers=(-1, -1), prop=0
):
    return ROOT.o2.MCTrack(pdg, mothers[0], mothers[1], 5, 7, *p, *v, prop)


def test_kinematics_match_formulas(ROOT):
    px, py, pz = 0.3, -0.4, 1.2
    t = make_track(ROOT, p=(px, py, pz))
    # the track stores floats: evaluate the formulas on the same float32 values
    fx, fy, fz = t.Px(), t.Py(), t.Pz()
    assert abs(fx - px) < 1e-7
    assert abs(fz - pz) < 1e-7
    pt = math.hypot(fx, fy)
    p = math.sqrt(fx * fx + fy * fy + fz * fz)
    assert t.GetPt() == pytest.approx(pt, rel=1e-12)
    assert t.GetP() == pytest.approx(p, rel=1e-12)
    assert t.GetEta() == pytest.approx(math.asinh(fz / pt), rel=1e-12)
    phi = math.atan2(fy, fx) % (2 * math.pi)
    assert t.GetPhi() == pytest.approx(phi, rel=1e-12)
    assert 0 <= t.GetPhi() < 2 * math.pi
    assert t.GetTheta() == pytest.approx(math.acos(fz / p), rel=1e-12)
    assert t.GetMass() == pytest.approx(PION_MASS, rel=1e-6)
    energy = math.sqrt(PION_MASS**2 + p * p)
    assert t.GetEnergy() == pytest.approx(energy, rel=1e-6)
    assert t.GetRapidity() == pytest.approx(0.5 * math.log((energy + fz) / (energy - fz)), rel=1e-6)
    assert t.R() == pytest.approx(math.hypot(1.0, -2.0), rel=1e-7)
    assert (t.Vx(), t.Vy(), t.Vz(), t.T()) == (1.0, -2.0, 3.0, 4.5)


def test_eta_along_beam_is_sentinel(ROOT):
    t = make_track(ROOT, p=(0.0, 0.0, 5.0))
    assert t.GetEta() == 1e30


def test_pi0_mass(ROOT):
    assert make_track(ROOT, pdg=111).GetMass() == pytest.approx(PI0_MASS, rel=1e-6)


@pytest.mark.parametrize(
    ("process", "hitmask", "store", "inhibited", "tobedone"),
    [
        (0, 0, True, False, True),
        (5, 0b101, False, True, True),
        (13, (1 << 22) - 1 - (1 << 21), True, True, False),
    ],
)
def test_prop_bits_layout(ROOT, process, hitmask, store, inhibited, tobedone):
    t = make_track(ROOT)
    t.setProcess(process)
    t.setHitMask(hitmask)
    t.setStore(store)
    t.setInhibited(inhibited)
    t.setToBeDone(tobedone)
    expected = (int(store) | (process << 1) | (hitmask << 7) | (int(inhibited) << 30)
                | (int(tobedone) << 31))  # fmt: skip
    assert t.getProp() & 0xFFFFFFFF == expected
    assert t.getProcess() == process
    assert t.getHitMask() == hitmask
    assert t.isTransported() == (tobedone and not inhibited)
    assert t.hasHits() == (hitmask != 0)


def test_primary_and_secondary(ROOT):
    secondary = make_track(ROOT, mothers=(3, -1))
    secondary.setProcess(4)
    assert secondary.isSecondary()
    assert not secondary.isPrimary()
    # process primary wins even with a mother (generator records link primaries)
    with_mother = make_track(ROOT, mothers=(3, -1))
    assert with_mother.isPrimary()
    no_mother = make_track(ROOT)
    no_mother.setProcess(5)
    assert no_mother.isPrimary()


def test_left_trace_with_running_index_lut(ROOT):
    from pyo2bias import detid, hit_bit_lut

    lut = hit_bit_lut(["PIPE", "ITS", "TPC", "TOF"])
    # O2 adds TOF, TRD, TPC, ..., ITS: with ITS, TPC, TOF read out the bits are TOF 0, TPC 1, ITS 2
    assert lut[detid("TOF")] == 0
    assert lut[detid("TPC")] == 1
    assert lut[detid("ITS")] == 2
    assert sum(b >= 0 for b in lut) == 3
    t = make_track(ROOT)
    t.setHit(lut[detid("ITS")])
    assert t.getHitMask() == 0b100
    assert t.leftTrace(detid("ITS"), lut)
    assert not t.leftTrace(detid("TOF"), lut)
    assert not t.leftTrace(detid("TRD"), lut)  # not read out: -1 in the LUT
    assert t.getNumDet() == 1


def test_hit_bit_lut_rejects_unknown_module():
    from pyo2bias import hit_bit_lut

    with pytest.raises(ValueError, match="XYZ"):
        hit_bit_lut(["ITS", "XYZ"])


def test_from_tparticle_converts_units_and_flags(ROOT):
    p = ROOT.TParticle(22, 1, 4, -1, 9, 10, 0.1, 0.2, 0.3, 0.5, 1.0, 2.0, 3.0, 2e-9)
    p.SetUniqueID(5)
    p.SetBit(ROOT.o2.kKeep)
    p.SetBit(ROOT.o2.kInhibited)
    t = ROOT.o2.MCTrack(p)
    assert t.T() == pytest.approx(2.0, rel=1e-6)  # s -> ns
    assert t.getProcess() == 5
    assert t.getStore()
    assert t.getInhibited()
    assert t.getToBeDone()
    assert t.getStatusCode().fullEncoding == -1  # not a primary: no generator status
    assert (t.getMotherTrackId(), t.getFirstDaughterTrackId(), t.getLastDaughterTrackId()) == (
        4,
        9,
        10,
    )


def test_generator_status_encoding(ROOT):
    enc = ROOT.o2.mcgenstatus.MCGenStatusEncoding(1, 91)
    word = enc.fullEncoding & 0xFFFFFFFF
    assert word == 1 | (91 << 9) | (5 << 29)
    assert ROOT.o2.mcgenstatus.getHepMCStatusCode(enc) == 1
    assert ROOT.o2.mcgenstatus.getGenStatusCode(enc) == 91
    negative = ROOT.o2.mcgenstatus.MCGenStatusEncoding(2, -62)
    assert ROOT.o2.mcgenstatus.getGenStatusCode(negative) == -62
    assert not ROOT.o2.mcgenstatus.isEncoded(1)


def test_class_versions_match_o2(ROOT):
    expected = {
        "o2::MCTrackT<float>": 8,
        "o2::TrackReference": 1,
        "o2::dataformats::MCEventHeader": 4,
        "FairMCEventHeader": 2,
        "o2::dataformats::MCEventStats": 1,
        "o2::utils::RootSerializableKeyValueStore": 2,
        "o2::itsmft::Hit": 3,
        "o2::tof::HitType": 1,
        "o2::tpc::HitGroup": 1,
        "o2::parameters::GRPObject": 8,
    }
    for name, version in expected.items():
        cls = ROOT.TClass.GetClass(name)
        assert cls, name
        assert cls.HasDictionary(), name
        assert cls.GetClassVersion() == version, name


@pytest.mark.parametrize(
    ("px", "py"), [(1, 0), (0.5, 0.5), (-0.5, 0.5), (-0.5, -0.5), (0.5, -0.5), (0, 1), (0, -1)]
)
def test_phi_in_every_quadrant(ROOT, px, py):
    t = make_track(ROOT, p=(px, py, -0.7))
    assert t.GetPhi() == pytest.approx(math.atan2(py, px) % (2 * math.pi), abs=1e-12)
    assert t.GetEta() == pytest.approx(math.asinh(-0.7 / math.hypot(px, py)), rel=1e-6)


def test_eta_backward_beam_is_sentinel(ROOT):
    assert make_track(ROOT, p=(0.0, 0.0, -3.0)).GetEta() == 1e30


def test_member_layout_matches_the_o2_reference(ROOT):
    """Persistent members, in order, as in the O2 data-model reference (sections 1-2)."""

    def members(name):
        cls = ROOT.TClass.GetClass(name)
        return [e.GetName() for e in cls.GetStreamerInfo().GetElements()]

    assert members("o2::MCTrackT<float>") == [
        "mStartVertexMomentumX", "mStartVertexMomentumY", "mStartVertexMomentumZ",
        "mStartVertexCoordinatesX", "mStartVertexCoordinatesY", "mStartVertexCoordinatesZ",
        "mStartVertexCoordinatesT", "mWeight", "mPdgCode", "mMotherTrackId",
        "mSecondMotherTrackId", "mFirstDaughterTrackId", "mLastDaughterTrackId", "mProp",
        "mStatusCode",
    ]  # fmt: skip
    assert members("o2::dataformats::MCEventHeader") == [
        "FairMCEventHeader", "mEmbeddingFileName", "mEmbeddingEventIndex", "mEventStats",
        "mDetId2HitBitIndex", "mEventInfo",
    ]  # fmt: skip
    assert members("FairMCEventHeader") == [
        "TNamed", "fRunId", "fEventId", "fX", "fY", "fZ", "fT", "fB", "fNPrim", "fIsSet",
        "fRotX", "fRotY", "fRotZ",
    ]  # fmt: skip
    assert members("o2::TrackReference") == [
        "mTrackNumber", "mX", "mY", "mZ", "mPX", "mPY", "mPZ", "mTrackLength", "mTof",
        "mUserId", "mDetectorId", "mStatus",
    ]  # fmt: skip
