"""Declarative trigger selections: the compiled C++ of every selection agrees, event by event
(and track by track), with an independent numpy evaluation of the same YAML over uproot's read
of the real 2021 O2 sample and of hand-built events whose answers are known; invalid
selections are rejected with the key path of the mistake."""

from __future__ import annotations

import operator
import re
import textwrap

import numpy as np
import pytest
import yaml

from pyo2bias.broker.selection import selection_to_cpp, validate_selection
from pyo2bias.exceptions import RunConfigError

uproot = pytest.importorskip("uproot")

# O2's SimAsService_biasing1 trigger: a pi0 at |eta| < 1 whose two photons both converted
DOUBLE_CONVERSION = yaml.safe_load(
    textwrap.dedent("""
    pdg: 111
    abs_eta: [null, 1.0]
    daughters:
      count: 2
      all:
        pdg: 22
        daughters:
          count: 2
          all: {abs_pdg: 11, process: pair, r: [null, 100]}
    """)
)

# Selections checked on the real sample; the conversions there happen at r ~ 300-400 cm.
REAL = {
    "real_pi0_central": {"pdg": 111, "eta": [-0.5, 0.5], "count": 6},
    "real_pion_pt": {"abs_pdg": 211, "pt": [0.3, 0.8], "count": ">= 6"},
    "real_secondary_conversion": {"abs_pdg": 11, "process": "pair", "primary": False,
                                  "r": [50, 200]},
    "real_conversions_ge3": {"abs_pdg": 11, "process": "pair", "r": [None, 300],
                             "count": ">= 3"},
    "real_no_conversion": {"abs_pdg": 11, "process": 5, "r": [None, 150], "count": "== 0"},
    "real_double_conversion": {**DOUBLE_CONVERSION, "daughters": {
        "count": 2, "all": {"pdg": 22, "daughters": {"count": 2, "all": {
            "abs_pdg": 11, "process": "pair", "r": [None, 350]}}}}},
    "real_one_double_conversion": {"pdg": 111, "count": "== 1", "daughters": {
        "count": "== 2", "any": {"pdg": 22, "daughters": {"count": "== 2", "all": {
            "abs_pdg": 11, "process": "pair", "r": [None, 350]}}}}},
    "real_muon_from_primary_pion": {"abs_pdg": 13, "process": "decay",
                                    "mother": {"abs_pdg": 211, "primary": True},
                                    "count": "== 0"},
    "real_electron_chain": {"abs_pdg": 11, "process": ["pair"], "mother": {
        "pdg": 22, "mother": {"pdg": 111, "daughters": {"count": "== 2", "all": {"pdg": 22}}}},
        "r": [None, 380], "count": "> 3"},
    "real_photon_energy_phi": {"pdg": 22, "energy": [0.2, None], "phi": [0, 3.14],
                               "count": "> 3"},
    "real_pion_rapidity": {"abs_pdg": 211, "y": [-0.3, 0.3], "count": "< 10"},
    "real_unconverted_photons": {"pdg": 22, "transported": True, "daughters": {"count": "== 0"},
                                 "count": ">= 5"},
    "real_nucleons": {"pdg": [2212, 2112], "p": [1, None], "count": "!= 1"},
    "real_hadronic_protons": {"pdg": 2212, "process": "hadronic", "vz": [-50, 50],
                              "count": "<= 3"},
    "real_any_of": {"any_of": [
        {"pdg": 2212, "process": "hadronic", "vz": [-50, 50], "count": "== 0"},
        {"abs_pdg": 11, "process": "pair", "r": [50, 200]}]},
    "real_all_of": {"all_of": [
        {"abs_pdg": 211, "pt": [0.3, 0.8], "count": ">= 6"},
        {"pdg": 111, "eta": [-0.5, 0.5], "count": 6}]},
}  # fmt: skip

# Hand-built events (see synthetic_events) and selections with answers known by construction.
SYNTHETIC = {
    "syn_double_conversion": DOUBLE_CONVERSION,
    "syn_compton": {"abs_pdg": 11, "process": "compton"},
    "syn_process_code": {"process": 6},
    "syn_electron_chain": {"abs_pdg": 11, "process": "pair", "count": ">= 4",
                           "mother": {"pdg": 22, "mother": {"pdg": 111, "abs_eta": [None, 1]}}},
    "syn_two_primary_pi0": {"pdg": 111, "primary": True, "count": "== 2"},
    "syn_lonely_photon": {"pdg": 22, "process": "decay", "daughters": {"count": "== 0"}},
    "syn_not_transported": {"abs_pdg": 11, "transported": False},
    "syn_empty": {"count": "== 0"},
    "syn_r_lower_edge": {"abs_pdg": 11, "r": [100, None]},
}  # fmt: skip

# per synthetic event (in order): the expected answer of each selection
SYNTHETIC_EXPECTED = {
    "syn_double_conversion": [1, 0, 0, 0, 0, 0, 1, 0, 0],
    "syn_compton": [0, 0, 0, 0, 1, 0, 0, 0, 0],
    "syn_process_code": [0, 0, 0, 0, 1, 0, 0, 0, 0],
    "syn_electron_chain": [1, 0, 1, 0, 0, 0, 1, 0, 1],
    "syn_two_primary_pi0": [0, 0, 0, 0, 0, 0, 1, 0, 0],
    "syn_lonely_photon": [0, 1, 0, 0, 0, 1, 1, 0, 0],
    "syn_not_transported": [0, 0, 1, 0, 0, 0, 0, 0, 0],
    "syn_empty": [0, 0, 0, 0, 0, 0, 0, 1, 0],
    "syn_r_lower_edge": [0, 0, 1, 0, 0, 0, 0, 0, 1],
}


# ------------------------------------------------------------------ independent evaluation
OPS = {">=": operator.ge, ">": operator.gt, "==": operator.eq, "!=": operator.ne,
       "<": operator.lt, "<=": operator.le}  # fmt: skip
PROCESS = {"primary": 0, "decay": 4, "pair": 5, "compton": 6, "hadronic": 13}
MEMBERS = {
    "pdg": "mPdgCode", "mother": "mMotherTrackId", "mother2": "mSecondMotherTrackId",
    "px": "mStartVertexMomentumX", "py": "mStartVertexMomentumY",
    "pz": "mStartVertexMomentumZ", "vx": "mStartVertexCoordinatesX",
    "vy": "mStartVertexCoordinatesY", "vz": "mStartVertexCoordinatesZ", "prop": "mProp",
}  # fmt: skip


def count_ok(count, n):
    if isinstance(count, int):
        return n >= count
    op, k = re.fullmatch(r" *(>=|<=|==|!=|>|<) *(\d+) *", count).groups()
    return OPS[op](n, int(k))


class RefEvent:
    """One event's tracks as numpy arrays, and the selection grammar evaluated on them with
    whole-array operations (mother links turned into daughter counts by bincount)."""

    def __init__(self, columns, mass):
        c = {k: np.asarray(v) for k, v in columns.items()}
        self.n = len(c["pdg"])
        self.pdg = c["pdg"].astype(np.int64)
        self.mother = c["mother"].astype(np.int64)
        px, py, pz, vx, vy, vz = (c[k].astype(np.float64) for k in
                                  ("px", "py", "pz", "vx", "vy", "vz"))  # fmt: skip
        prop = c["prop"].astype(np.int64) & 0xFFFFFFFF
        self.process = (prop >> 1) & 0x3F
        self.transported = ((prop >> 31) & 1 == 1) & ((prop >> 30) & 1 == 0)
        self.primary = (self.process == 0) | ((self.mother < 0) & (c["mother2"] < 0))
        p = np.sqrt(px**2 + py**2 + pz**2)
        e = np.sqrt(np.array([mass(int(x)) for x in self.pdg], dtype=np.float64) ** 2 + p**2)
        with np.errstate(divide="ignore", invalid="ignore"):
            eta = np.where(p != np.abs(pz), 0.5 * np.log((p + pz) / (p - pz)), 1e30)
            y = 0.5 * np.log((e + pz) / (e - pz))
        self.values = {
            "pt": np.sqrt(px**2 + py**2), "p": p, "eta": eta, "abs_eta": np.abs(eta),
            "phi": np.pi + np.arctan2(-py, -px), "y": y, "energy": e,
            "r": np.sqrt(vx**2 + vy**2), "vz": vz,
        }  # fmt: skip
        self.has_mother = (self.mother >= 0) & (self.mother < self.n)
        self.n_daughters = self._per_mother(np.ones(self.n))

    def _per_mother(self, weights):
        m = self.has_mother
        return np.bincount(self.mother[m], weights=weights[m], minlength=self.n).astype(int)

    def particles(self, sel):
        ok = np.ones(self.n, bool)
        for key, value in sel.items():
            if key in ("pdg", "abs_pdg"):
                codes = np.abs(self.pdg) if key == "abs_pdg" else self.pdg
                ok &= np.isin(codes, value if isinstance(value, list) else [value])
            elif key in self.values:
                x, (lo, hi) = self.values[key], value
                with np.errstate(invalid="ignore"):
                    lo, hi = (-np.inf if lo is None else lo), (np.inf if hi is None else hi)
                    ok &= (x >= lo) & (x < hi)
            elif key == "process":
                names = value if isinstance(value, list) else [value]
                ok &= np.isin(self.process, [PROCESS.get(v, v) for v in names])
            elif key in ("primary", "transported"):
                ok &= getattr(self, key) == value
            elif key == "daughters":
                count = value.get("count", ">= 1")
                if "all" in value:
                    matching = self._per_mother(self.particles(value["all"]).astype(float))
                    ok &= count_ok(count, self.n_daughters) & (matching == self.n_daughters)
                elif "any" in value:
                    matching = self._per_mother(self.particles(value["any"]).astype(float))
                    ok &= count_ok(count, matching)
                else:
                    ok &= count_ok(count, self.n_daughters)
            elif key == "mother":
                of_mother = self.particles(value)
                ok &= self.has_mother & of_mother[np.where(self.has_mother, self.mother, 0)]
            else:
                assert key == "count", key
        return ok

    def passes(self, sel):
        if "any_of" in sel:
            return any(self.passes(s) for s in sel["any_of"])
        if "all_of" in sel:
            return all(self.passes(s) for s in sel["all_of"])
        return bool(count_ok(sel.get("count", ">= 1"), int(self.particles(sel).sum())))


def uproot_events(path, ROOT):
    db = ROOT.TDatabasePDG.Instance()

    def mass(code):  # the PDG table O2DatabasePDG reads: only its constants are shared
        particle = db.GetParticle(code)
        return particle.Mass() if particle else 0.0

    tree = uproot.open(path)["o2sim"]
    arrays = tree.arrays([f"MCTrack/MCTrack.{m}" for m in MEMBERS.values()], library="np")
    n = tree.num_entries
    return [RefEvent({k: arrays[f"MCTrack/MCTrack.{m}"][i] for k, m in MEMBERS.items()}, mass)
            for i in range(n)]  # fmt: skip


# ------------------------------------------------------------------ synthetic events
# a track: (pdg, mother, process, (px, py, pz), (vx, vy, vz)); flags: transported unless "nt"
PI0_CENTRAL, PI0_FORWARD = (1.0, 0.0, 0.3), (1.0, 0.0, 2.2)  # eta 0.30, 1.53
AT0 = (0.0, 0.0, 0.0)  # production vertex at the origin


def pi0_family(first, pi0_p=PI0_CENTRAL, conv=((50.0, 50.0),), compton=False, flags=""):
    """A primary pi0 at index ``first``, its two photons, and e+e- pairs of the photons that
    convert: ``conv`` gives each converting photon's production radius of its pair (x, y=0)."""
    tracks = [(111, -1, 0, pi0_p, AT0, "")]
    tracks += [(22, first, 4, (0.5, 0.1, 0.1), AT0, ""), (22, first, 4, (0.5, -0.1, 0.2), AT0, "")]
    for k, radii in enumerate(conv):
        photon = first + 1 + k
        for sign, r in zip((11, -11), radii, strict=True):
            process = 6 if (compton and k == 1 and sign == 11) else 5
            tracks.append((sign, photon, process, (0.2, 0.05, 0.0), (r, 0.0, 1.0), flags))
    return tracks


def synthetic_events():
    return [
        pi0_family(0, conv=((50.0, 50.0), (60.0, 60.0))),  # 0: passes
        pi0_family(0, conv=((50.0, 50.0),)),  # 1: the second photon does not convert
        pi0_family(0, conv=((50.0, 50.0), (150.0, 150.0)), flags="nt"),  # 2: one at r = 150
        pi0_family(0, pi0_p=PI0_FORWARD, conv=((50.0, 50.0), (60.0, 60.0))),  # 3: eta 1.5
        pi0_family(0, conv=((50.0, 50.0), (60.0, 60.0)), compton=True),  # 4: e- from Compton
        [(111, -1, 0, PI0_CENTRAL, AT0, ""), (22, 0, 4, (0.5, 0, 0), AT0, ""),  # 5: Dalitz pi0
         (11, 0, 4, (0.2, 0, 0), AT0, ""), (-11, 0, 4, (0.2, 0, 0), AT0, "")],
        shuffled_two_pi0(),  # 6: the second pi0 passes; tracks in reverse order
        [],  # 7: empty event
        pi0_family(0, conv=((50.0, 50.0), (60.0, 100.0))),  # 8: r = 100 exactly: not < 100
    ]


def shuffled_two_pi0():
    """Two pi0 families (first fails: one photon unconverted; second passes) with the tracks
    in reverse order, so that daughters come before mothers."""
    tracks = pi0_family(0, conv=((50.0, 50.0),)) + pi0_family(5, conv=((40, 40), (30, 30)))
    n = len(tracks)
    return [(pdg, -1 if m < 0 else n - 1 - m, proc, p, v, f)
            for pdg, m, proc, p, v, f in reversed(tracks)]  # fmt: skip


def write_synthetic(ROOT, prefix):
    from pyo2bias import SimWriter

    with SimWriter(prefix, ["ITS"]) as writer:
        for number, event in enumerate(synthetic_events(), 1):
            tracks = ROOT.std.vector["o2::MCTrackT<float>"]()
            for pdg, mother, process, p, v, flags in event:
                prop = 1 | (process << 1) | (0 if "nt" in flags else 1 << 31)
                prop -= (1 << 32) if prop >= 1 << 31 else 0
                # daughter-range fields deliberately empty: selections use the mother links
                tracks.push_back(ROOT.o2.MCTrack(pdg, mother, -1, -1, -1, *p, *v, 0.0, prop))
            header = ROOT.o2.dataformats.MCEventHeader()
            header.SetEventID(number)
            writer.fill(tracks, header)


# ------------------------------------------------------------------ compiled selections
@pytest.fixture(scope="module")
def compiled(ROOT):
    """Every selection of this module in one ACLiC library, plus per selection a function
    giving the per-track answer of its (top-level) particle selection."""
    from pyo2bias import load_datamodel
    from pyo2bias.exceptions import MacroCompileError
    from pyo2bias.rootenv.aclic import compile_cached

    info = load_datamodel()
    parts = ['#include "pyo2bias/DataModel.h"\n']
    for name, spec in {**REAL, **SYNTHETIC}.items():
        parts.append(selection_to_cpp(name, spec))
        if not ({"any_of", "all_of"} & spec.keys()):
            parts.append(
                f"ROOT::RVec<int> mask_{name}(const ROOT::RVec<o2::MCTrack>& tracks)\n"
                f"{{\n  pyo2bias::selection::{name}::Event ev(tracks);\n"
                "  ROOT::RVec<int> out(ev.n);\n"
                f"  for (int i = 0; i < ev.n; ++i) out[i] = "
                f"pyo2bias::selection::{name}::particle0(ev, i);\n"
                "  return out;\n}\n"
            )
    compile_cached("test_selection", "\n".join(parts), key_parts=[info.key or info.source],
                   error=MacroCompileError)  # fmt: skip
    return ROOT


def run_compiled(ROOT, prefix, names):
    """{name: per-event bool} and {name: per-event per-track mask}, in one event loop."""
    from pyo2bias import open_sim

    with open_sim(prefix, detectors=[]) as sim:
        rdf = sim.rdf()
        columns = []
        for name in names:
            rdf = rdf.Define(f"pass_{name}", f"{name}(MCTrack)")
            columns.append(f"pass_{name}")
            if not ({"any_of", "all_of"} & {**REAL, **SYNTHETIC}[name].keys()):
                rdf = rdf.Define(f"mask_{name}", f"mask_{name}(MCTrack)")
                columns.append(f"mask_{name}")
        cols = rdf.AsNumpy(columns)
    passes = {n: np.asarray(cols[f"pass_{n}"], dtype=bool) for n in names}
    masks = {n: [np.asarray(list(m), dtype=bool) for m in cols[f"mask_{n}"]]
             for n in names if f"mask_{n}" in cols}  # fmt: skip
    return passes, masks


@pytest.fixture(scope="module")
def real(compiled, real_prefix):
    events = uproot_events(f"{real_prefix}_Kine.root", compiled)
    passes, masks = run_compiled(compiled, real_prefix, list(REAL))
    return events, passes, masks


@pytest.fixture(scope="module")
def synthetic(compiled, tmp_path_factory):
    prefix = str(tmp_path_factory.mktemp("selection") / "syn")
    write_synthetic(compiled, prefix)
    events = uproot_events(f"{prefix}_Kine.root", compiled)
    passes, masks = run_compiled(compiled, prefix, list(SYNTHETIC))
    return events, passes, masks


# ------------------------------------------------------------------ real O2 sample
@pytest.mark.realdata
@pytest.mark.parametrize("name", list(REAL))
def test_real_sample_matches_numpy(real, name):
    events, passes, masks = real
    assert len(events) == 20
    expected = np.array([e.passes(REAL[name]) for e in events])
    np.testing.assert_array_equal(passes[name], expected, err_msg=name)
    if name in masks:
        for i, event in enumerate(events):
            np.testing.assert_array_equal(masks[name][i], event.particles(REAL[name]),
                                          err_msg=f"{name}, event {i}")  # fmt: skip


@pytest.mark.realdata
def test_real_selections_discriminate(real):
    """Each selection passes some events and fails others (so agreement means something),
    except the combinations, whose parts already do."""
    events, passes, _ = real
    for name, result in passes.items():
        assert 0 < result.sum() < len(events), (name, result)


@pytest.mark.realdata
def test_reference_evaluation_by_hand(real):
    """The numpy reference itself, for two selections written out directly."""
    events, passes, _ = real
    tree_pi0 = [int(((e.pdg == 111) & (e.values["eta"] >= -0.5) & (e.values["eta"] < 0.5)).sum())
                for e in events]  # fmt: skip
    np.testing.assert_array_equal(passes["real_pi0_central"], np.array(tree_pi0) >= 6)
    n_conv = [int(((np.abs(e.pdg) == 11) & (e.process == 5) & (e.values["r"] < 150)).sum())
              for e in events]  # fmt: skip
    np.testing.assert_array_equal(passes["real_no_conversion"], np.array(n_conv) == 0)


# ------------------------------------------------------------------ synthetic events
@pytest.mark.parametrize("name", list(SYNTHETIC))
def test_synthetic_events_give_the_known_answers(synthetic, name):
    events, passes, masks = synthetic
    expected = np.array(SYNTHETIC_EXPECTED[name], dtype=bool)
    np.testing.assert_array_equal(passes[name], expected, err_msg=f"{name} (compiled)")
    np.testing.assert_array_equal([e.passes(SYNTHETIC[name]) for e in events], expected,
                                  err_msg=f"{name} (numpy reference)")  # fmt: skip
    for i, event in enumerate(events):
        np.testing.assert_array_equal(masks[name][i], event.particles(SYNTHETIC[name]))


def test_synthetic_double_conversion_tracks(synthetic):
    """In the reversed event (12 tracks) only the second pi0, written at 5 and now at
    12 - 1 - 5 = 6, passes: its photons (now 5 and 4) come before it, their pairs before them."""
    events, _, masks = synthetic
    event = events[6]
    assert np.nonzero(masks["syn_double_conversion"][6])[0].tolist() == [6]
    assert np.nonzero(event.mother == 6)[0].tolist() == [4, 5]
    assert event.n_daughters[[4, 5]].tolist() == [2, 2]
    assert np.nonzero(masks["syn_two_primary_pi0"][6])[0].tolist() == [6, 11]


# ------------------------------------------------------------------ validation
@pytest.mark.parametrize(
    ("spec", "key", "fragment"),
    [
        ({"pdgg": 11}, "select.pdgg", "allowed here: pdg, abs_pdg"),
        ({"daughters": {"all": {"foo": 1}}}, "select.daughters.all.foo", "unknown key"),
        ({"daughters": {"cnt": 2}}, "select.daughters.cnt", "count, all, any"),
        ({"mother": {"count": 1}}, "select.mother.count", "top level"),
        ({"pt": [2.0, 1.0]}, "select.pt", "empty range"),
        ({"eta": [1, 1]}, "select.eta", "empty range"),
        ({"r": [100]}, "select.r", "[lo, hi]"),
        ({"vz": ["a", 1]}, "select.vz", "numbers or null"),
        ({"p": [True, 2]}, "select.p", "numbers or null"),
        ({"pt": [0, float("inf")]}, "select.pt", "null"),
        ({"count": "about 3"}, "select.count", "bad count"),
        ({"count": "=> 2"}, "select.count", "bad count"),
        ({"count": "2"}, "select.count", "bad count"),
        ({"count": -1}, "select.count", "negative"),
        ({"count": "< 0"}, "select.count", "never"),
        ({"count": 1.5}, "select.count", "int"),
        ({"daughters": {"count": ">> 1"}}, "select.daughters.count", "bad count"),
        ({"process": "conversion"}, "select.process", "known: primary, decay, pair"),
        ({"process": ["pair", "fission?"]}, "select.process", "unknown process"),
        ({"process": 77}, "select.process", "TMCProcess"),
        ({"pdg": "pion"}, "select.pdg", "PDG code"),
        ({"pdg": []}, "select.pdg", "empty"),
        ({"abs_pdg": -11}, "select.abs_pdg", "give 11"),
        ({"primary": "yes"}, "select.primary", "true or false"),
        ({"daughters": {"all": {}, "any": {}}}, "select.daughters", "not both"),
        ({"daughters": [22]}, "select.daughters", "mapping"),
        ({"any_of": [{"pdg": 22}], "count": 2}, "select.any_of", "only key"),
        ({"any_of": []}, "select.any_of", "non-empty list"),
        ({"all_of": [{"pdg": 22}, {"ptt": [1, 2]}]}, "select.all_of[1].ptt", "unknown key"),
        ({"mother": {"any_of": [{}]}}, "select.mother.any_of", "alone, at the top level"),
    ],
)
def test_invalid_selections_name_the_key(spec, key, fragment):
    with pytest.raises(RunConfigError) as info:
        validate_selection(spec)
    assert info.value.key == key
    assert info.value.path == "<selection>"
    assert fragment in info.value.problem, info.value.problem
    with pytest.raises(RunConfigError):  # generation validates first
        selection_to_cpp("f", spec)


def test_where_prefixes_the_key_path():
    with pytest.raises(RunConfigError) as info:
        validate_selection({"daughters": {"all": {"process": "?"}}}, where="triggers.conv.select")
    assert info.value.key == "triggers.conv.select.daughters.all.process"
    assert "triggers.conv.select.daughters.all.process" in str(info.value)


def test_valid_selections_pass_validation():
    for spec in [*REAL.values(), *SYNTHETIC.values(), {}, {"pt": [None, None]},
                 {"process": ["primary", "Decay", "brem", 13], "phi": [0, 3]}]:  # fmt: skip
        validate_selection(spec)
    with pytest.raises(RunConfigError):
        validate_selection([{"pdg": 22}])  # not a mapping


@pytest.mark.parametrize("name", ["2fast", "double-conv", "int", "o2", "ROOT", "", "__x"])
def test_bad_function_names(name):
    with pytest.raises(ValueError, match="not usable"):
        selection_to_cpp(name, {"pdg": 22})


def test_generated_code_is_readable():
    code = selection_to_cpp("doubleConversion", DOUBLE_CONVERSION)
    lines = code.splitlines()
    # the YAML it came from, as comments at the top
    assert "//   pdg: 111" in lines
    assert "//           process: pair" in lines
    assert "//           r: [null, 100]" in lines
    # one predicate per (nested) particle selection, in the function's own namespace
    assert "namespace doubleConversion {" in code
    bodies = [line for line in lines if re.fullmatch(r"bool particle\d+\(Event& ev, int i\)", line)]
    assert len(bodies) == 3
    assert "// select.daughters.all.daughters.all" in lines
    assert "bool doubleConversion(const ROOT::RVec<o2::MCTrack>& tracks)" in lines
    assert "return false;  // process: pair" in code
    assert "if (!(r < 100.0)) return false;  // r: [null, 100.0)" in code
    # nothing of an unused feature: no memo for a selection without 'mother'
    assert "memo.assign" not in code
    assert "memo.assign(1," in selection_to_cpp("m", {"mother": {"pdg": 22}})
