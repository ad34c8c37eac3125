"""What the embedded service writes: reproducibility whatever -j, Pythia primaries, transport
selection by an O2-signature macro, and continue mode. Values are checked with uproot/numpy."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import MACROS
from service_helpers import run_sim

uproot = pytest.importorskip("uproot")

TRACK_MEMBERS = (
    "mPdgCode", "mMotherTrackId", "mSecondMotherTrackId", "mFirstDaughterTrackId",
    "mLastDaughterTrackId", "mStartVertexMomentumX", "mStartVertexMomentumY",
    "mStartVertexMomentumZ", "mStartVertexCoordinatesX", "mStartVertexCoordinatesY",
    "mStartVertexCoordinatesZ", "mStartVertexCoordinatesT", "mProp", "mStatusCode",
)  # fmt: skip
HEADER = "MCEventHeader./MCEventHeader.FairMCEventHeader/MCEventHeader.FairMCEventHeader."


def kine(path):
    tree = uproot.open(path)["o2sim"]
    out = {m: tree[f"MCTrack/MCTrack.{m}"].array(library="np") for m in TRACK_MEMBERS}
    for m in ("fEventId", "fX", "fY", "fZ", "fNPrim"):
        out[m] = tree[HEADER + m].array(library="np")
    return out


def same(a, b):
    if a.keys() != b.keys():
        return False
    for key in a:
        if len(a[key]) != len(b[key]):
            return False
        for x, y in zip(a[key], b[key], strict=True):
            if not np.array_equal(x, y):
                return False
    return True


def simulate(tmp_path, name, *args):
    proc = run_sim(tmp_path, *args, "-o", name)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return kine(tmp_path / f"{name}_Kine.root")


@pytest.fixture(scope="module")
def pythia_runs(tmp_path_factory, ROOT):
    """pythia8pp, 12 events, seed 4242, with -j 1 and -j 2, plus another seed."""
    d = tmp_path_factory.mktemp("pythia")
    common = ("-g", "pythia8pp", "-n", "12", "-m", "PIPE", "ITS", "TPC", "TOF")
    return (
        d,
        simulate(d, "j1", "-j", "1", "--seed", "4242", *common),
        simulate(d, "j2", "-j", "2", "--seed", "4242", *common),
        simulate(d, "other", "-j", "2", "--seed", "4243", *common),
    )


def test_identical_output_whatever_the_worker_count(pythia_runs):
    _, j1, j2, other = pythia_runs
    assert list(j1["fEventId"]) == list(range(1, 13))
    assert same(j1, j2)
    assert not same(j1, other)


def test_boxgen_reproducible_and_seed_sensitive(tmp_path, ROOT):
    args = ("-g", "boxgen", "-n", "8", "--configKeyValues", "BoxGun.number=5;BoxGun.pdg=22")
    a = simulate(tmp_path, "a", "-j", "1", "--seed", "99", *args)
    b = simulate(tmp_path, "b", "-j", "2", "--seed", "99", *args)
    c = simulate(tmp_path, "c", "-j", "2", "--seed", "100", *args)
    assert same(a, b)
    assert not same(a, c)
    assert all(set(x[:5]) == {22} and set(x[5:]) <= {11, -11} for x in a["mPdgCode"])
    assert list(a["fNPrim"]) == [5] * 8


def test_pythia_primaries_match_bare_pythia8mc(pythia_runs):
    """Same settings and per-event seed in a bare pythia8mc: same particles, shifted by the
    event's vertex (diamond: sigma_z = 6 cm)."""
    import pythia8mc

    from pyo2bias.simservice.seeds import event_seed

    _, j1, _, _ = pythia_runs
    pythia = pythia8mc.Pythia("", False)
    for line in ("Beams:eCM = 13600.", "SoftQCD:inelastic = on", "ParticleDecays:limitTau0 = on",
                 "ParticleDecays:tau0Max = 10.", "Random:setSeed = on", "Print:quiet = on",
                 "Next:numberCount = 0"):  # fmt: skip
        pythia.readString(line)
    assert pythia.init()
    for i in range(3):
        pythia.rndm.init(event_seed(4242, i + 1))
        assert pythia.next()
        ev = pythia.event
        pdg = [ev[k].id() for k in range(1, ev.size())]
        xprod = np.array([ev[k].xProd() for k in range(1, ev.size())]) / 10.0  # mm -> cm
        n = len(pdg)  # primaries first, then the transport's secondaries
        assert j1["fNPrim"][i] == n
        np.testing.assert_array_equal(j1["mPdgCode"][i][:n], pdg)
        vx = j1["mStartVertexCoordinatesX"][i][:n].astype(np.float64) - j1["fX"][i]
        np.testing.assert_allclose(vx, xprod, atol=2e-5)
    vz = np.array(j1["fZ"])
    assert 1.0 < vz.std() < 15.0  # 12 draws of a 6 cm Gaussian


def test_header_primary_counts_match_the_kine(pythia_runs, ROOT):
    """O2's prims_* keys (final-state primaries within |eta| cuts, made by the workers) against
    counts made here with numpy from the Kine file's tracks."""
    from pyo2bias import header_info

    d, j1, _, _ = pythia_runs
    f = ROOT.TFile.Open(str(d / "j1_Kine.root"))
    tree = f.Get("o2sim")
    seen = np.zeros(3, np.int64)
    for i in range(len(j1["fNPrim"])):
        n = int(j1["fNPrim"][i])
        tree.GetEntry(i)
        info = header_info(getattr(tree, "MCEventHeader."))
        final = (j1["mProp"][i][:n].astype(np.int64) & (1 << 31)) != 0
        px, py, pz = (j1[f"mStartVertexMomentum{a}"][i][:n].astype(np.float64) for a in "XYZ")
        pt = np.hypot(px, py)
        with np.errstate(divide="ignore", invalid="ignore"):  # pt = 0: |eta| infinite
            eta = np.abs(np.arcsinh(np.where(pt > 0, pz / pt, np.inf)))
        pion = np.abs(j1["mPdgCode"][i][:n]) == 211
        assert info["prims_total"] == final.sum()
        for cut in ("1.2", "1.0", "0.8"):
            assert info[f"prims_eta_{cut}"] == (final & (eta < float(cut))).sum()
            assert info[f"prims_eta_{cut}_pi"] == (final & pion & (eta < float(cut))).sum()
        seen += np.array([info["prims_eta_0.8_pi"], info["prims_eta_0.8"], info["prims_total"]])
    f.Close()
    assert 0 < seen[0] < seen[1] < seen[2]  # the cuts and the pion test did select


def _expected_pi0_transport(pdg, mother, first, px, py, pz, prop):
    """Independent: final-state primaries descending from a pi0 with |eta| < 1."""
    prop = prop.astype(np.int64) & 0xFFFFFFFF
    final = ((prop >> 31) & 1) == 1
    pt = np.hypot(px, py)
    eta = np.arcsinh(np.divide(pz, pt, out=np.full(len(pt), np.inf), where=pt > 0))
    central_pi0 = (pdg == 111) & (np.abs(eta) < 1.0)
    expected = np.zeros(len(pdg), bool)
    for i in range(len(pdg)):
        if not final[i]:
            continue
        j, steps = i, 0
        while j >= 0 and steps < len(pdg):
            if central_pi0[j]:
                expected[i] = True
                break
            j, steps = mother[j], steps + 1
    return final, expected


@pytest.fixture(scope="module")
def selective(tmp_path_factory, ROOT):
    d = tmp_path_factory.mktemp("selective")
    kv = ("Stack.transportPrimary=external;"
          f"Stack.transportPrimaryFileName={MACROS / 'transport_pi0.macro'};"
          "Stack.transportPrimaryFuncName=transport_pi0()")  # fmt: skip
    step1 = simulate(d, "step1", "-j", "2", "-g", "pythia8pp", "-n", "6", "--seed", "77",
                     "--configKeyValues", kv)  # fmt: skip
    continue_mode = "GeneratorFromO2Kine.continueMode=true"
    step2 = simulate(d, "step2", "-j", "2", "-g", "extkinO2", "--extKinFile", "step1_Kine.root",
                     "-n", "6", "--configKeyValues", continue_mode)  # fmt: skip
    return step1, step2


def _flags(prop):
    prop = prop.astype(np.int64) & 0xFFFFFFFF
    return ((prop >> 31) & 1) == 1, ((prop >> 30) & 1) == 1


def test_transport_macro_marks_exactly_central_pi0_descendants(selective):
    step1, _ = selective
    n_selected = 0
    for i in range(6):
        final, expected = _expected_pi0_transport(
            step1["mPdgCode"][i], step1["mMotherTrackId"][i], step1["mFirstDaughterTrackId"][i],
            step1["mStartVertexMomentumX"][i], step1["mStartVertexMomentumY"][i],
            step1["mStartVertexMomentumZ"][i], step1["mProp"][i],
        )  # fmt: skip
        to_be_done, inhibited = _flags(step1["mProp"][i])
        transported = to_be_done & ~inhibited
        np.testing.assert_array_equal(transported, expected)
        np.testing.assert_array_equal(inhibited, final & ~expected)
        n_selected += expected.sum()
    assert n_selected > 10  # about 6 central pi0 per event, two photons each


def test_continue_mode_transports_the_rest_once(selective):
    step1, step2 = selective
    new_secondaries = 0
    for i in range(6):
        n1 = len(step1["mPdgCode"][i])
        for member in ("mPdgCode", "mMotherTrackId", "mStatusCode", "mStartVertexCoordinatesZ"):
            np.testing.assert_array_equal(step2[member][i][:n1], step1[member][i])  # kept as is
        done1, inhibited1 = _flags(step1["mProp"][i])
        done2, inhibited2 = _flags(step2["mProp"][i][:n1])
        assert not inhibited2.any()  # nothing left untransported
        np.testing.assert_array_equal(done2, done1)
        # tracks transported in step 1 got no new daughters: nothing is transported twice
        before = done1 & ~inhibited1
        for member in ("mFirstDaughterTrackId", "mLastDaughterTrackId"):
            np.testing.assert_array_equal(step2[member][i][:n1][before], step1[member][i][before])
        mothers = step2["mMotherTrackId"][i][n1:]
        assert np.all(~before[mothers[mothers < n1]])  # new tracks descend from step-2 work
        new_secondaries += len(mothers)
    assert new_secondaries > 0
    assert list(step2["fEventId"]) == list(range(1, 7))
    np.testing.assert_array_equal(step2["fZ"], step1["fZ"])  # no new vertex in continue mode


def _compression_of(path):
    import ROOT as R

    f = R.TFile.Open(str(path))
    try:
        return f.GetCompressionSettings()
    finally:
        f.Close()


def test_output_compression_default_override_and_bad_value(tmp_path, ROOT, monkeypatch):
    """ZSTD 1 by default, O2's zlib 1 on request, the same events either way; a bad value is
    refused at startup, naming the variable, before anything is written."""
    args = ("-g", "boxgen", "-n", "3", "--seed", "5", "-m", "PIPE", "ITS", "TPC", "TOF",
            "--configKeyValues", "BoxGun.number=4;BoxGun.pdg=211")  # fmt: skip
    monkeypatch.delenv("PYO2BIAS_SIM_COMPRESSION", raising=False)
    zstd = simulate(tmp_path, "zstd", *args)
    monkeypatch.setenv("PYO2BIAS_SIM_COMPRESSION", "101")
    zlib = simulate(tmp_path, "zlib", *args)
    for suffix in ("Kine", "MCHeader", "HitsITS", "HitsTPC", "HitsTOF"):
        assert _compression_of(tmp_path / f"zstd_{suffix}.root") == 501
        assert _compression_of(tmp_path / f"zlib_{suffix}.root") == 101
    assert same(zstd, zlib)
    monkeypatch.setenv("PYO2BIAS_SIM_COMPRESSION", "zstd")
    proc = run_sim(tmp_path, *args, "-o", "bad")
    assert proc.returncode == 1
    assert "PYO2BIAS_SIM_COMPRESSION='zstd'" in proc.stdout + proc.stderr
    assert not list(tmp_path.glob("bad_*.root"))


@pytest.mark.parametrize(
    ("text", "value"), [("", 501), ("0", 0), ("101", 101), ("505", 505), ("404", 404)]
)
def test_output_compression_values(text, value):
    from pyo2bias.simservice.compression import output_compression

    assert output_compression({"PYO2BIAS_SIM_COMPRESSION": text}) == value


@pytest.mark.parametrize("text", ["zstd", "-1", "100", "300", "510", "901", "1.5", "5010"])
def test_output_compression_rejects(text):
    from pyo2bias.exceptions import ConfigurationError
    from pyo2bias.simservice.compression import output_compression

    with pytest.raises(ConfigurationError, match="PYO2BIAS_SIM_COMPRESSION"):
        output_compression({"PYO2BIAS_SIM_COMPRESSION": text})
