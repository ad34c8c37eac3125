"""Pythia8 driven from C++ (generators/native/PythiaNative.cxx) against pythia8mc's binding:
the same seeds must give the same events and the same decays, value for value."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("pythia8mc")

from pyo2bias.generators import pythia_native
from pyo2bias.generators import pythia_record as pr
from pyo2bias.generators.pythia8 import _QUIET, PYTHIA8PP_SETTINGS, make_pythia


@pytest.fixture(scope="module")
def lib():
    found = pythia_native.native_library()
    if found is None:
        if pythia_native.header_dir() is not None:
            pytest.fail("Pythia8 headers are there but the C++ interface did not build or load "
                        "(see the log and the build.log in the cache)")  # fmt: skip
        pytest.skip("no Pythia8 headers for pythia8mc (dev/fetch_pythia_headers.py)")
    return found


@pytest.fixture(scope="module")
def native(lib):
    return pythia_native.NativePythia(lib, (*PYTHIA8PP_SETTINGS, *_QUIET))


@pytest.fixture(scope="module")
def binding():
    return make_pythia()


def test_events_equal_the_bindings_accessors(native, binding):
    assert native.parm("Pythia:versionNumber") == binding.settings.parm("Pythia:versionNumber")
    sizes = []
    for seed in range(1, 21):
        native.seed(seed)
        binding.rndm.init(seed)
        tracks, hepmc = native.next_rows()
        binding.next()
        ev = binding.event
        assert len(tracks) == ev.size() - 1
        expected = np.array([(ev[k].id(), ev[k].mother1() - 1, ev[k].daughter1() - 1, ev[k].px(),
                              ev[k].e(), ev[k].zProd() / 10, ev[k].statusHepMC())
                             for k in range(1, ev.size())])  # fmt: skip
        got = np.column_stack([tracks["pdg"], tracks["mother"], tracks["first"], tracks["px"],
                               tracks["e"], tracks["vz"], hepmc])  # fmt: skip
        np.testing.assert_array_equal(got, expected)
        about = binding.infoPython()
        assert native.info() == (about.code(), about.weight(), about.sigmaGen())
        sizes.append(len(tracks))
    assert sum(sizes) > 5000  # real events, not empty records


def test_rows_equal_the_binding_reader(native, binding):
    """Every field, through the two readers (the binding's goes via nextBatch)."""
    for seed in (3, 17, 40):
        native.seed(seed)
        binding.rndm.init(seed)
        tracks, hepmc = native.next_rows()
        ref_tracks, ref_hepmc = pr.record_rows(pr.next_event(binding), binding.particleData)
        assert tracks.tobytes() == ref_tracks.tobytes()
        np.testing.assert_array_equal(hepmc, ref_hepmc)


def test_a_large_event_is_read_whole(native, monkeypatch):
    """Records longer than the reading buffer are read again, not cut."""
    native.seed(5)
    full, _ = native.next_rows()
    monkeypatch.setattr(native, "_capacity", 4)  # force the re-read
    native.seed(5)
    again, _ = native.next_rows()
    assert len(full) > 4
    assert again.tobytes() == full.tobytes()


def test_generator_gives_the_same_events_both_ways(lib, monkeypatch):
    from pyo2bias.generators.pythia8 import Pythia8Generator
    from pyo2bias.simservice.params import SimParams

    params = SimParams()
    fast = Pythia8Generator(params)
    assert fast.native is not None
    monkeypatch.setattr(pythia_native, "_library", None)  # the binding path from here on
    slow = Pythia8Generator(params)
    assert slow.native is None
    for index in (1, 2, 7):
        a, b = fast.generate(index, 42, params), slow.generate(index, 42, params)
        assert a.tracks.tobytes() == b.tracks.tobytes()
        np.testing.assert_array_equal(a.to_transport, b.to_transport)
        assert a.info == b.info


def test_decays_equal_the_bindings(lib, monkeypatch):
    """Several decay calls after one seed each: a flag left on by one call (pi+ and pi- share
    Pythia's mayDecay) would change the random sequence of the next."""
    from pyo2bias.transport.fast import Decayer

    native = Decayer()
    assert native.native is not None
    monkeypatch.setattr(pythia_native, "_library", None)  # the binding path from here on
    binding = Decayer()
    assert binding.native is None
    rng = np.random.default_rng(7)
    species = [310, 3122, -3122, 211, -211, 321, -321, 130, 3312, -3334, 111, 3222, 13, -13]
    n_products = 0
    for trial in range(60):
        native.seed(trial + 1)
        binding.seed(trial + 1)
        for _ in range(3):
            n = int(rng.integers(1, 12))
            pdg, p3 = rng.choice(species, n).astype(np.int32), rng.normal(0, 1, (n, 3))
            got, expected = native.decay_arrays(pdg, p3), binding.decay_arrays(pdg, p3)
            for a, b in zip(got, expected, strict=True):
                np.testing.assert_array_equal(a, b)
            n_products += int(got[0].sum())
    assert n_products > 500
    # pions, kaons and muons decayed above; as products they must stay undecayed
    native.seed(1)
    binding.seed(1)
    k0s = (np.array([310, 310, 310], np.int32), np.array([[0.1, 0.2, 0.3]] * 3))
    for a, b in zip(native.decay_arrays(*k0s), binding.decay_arrays(*k0s), strict=True):
        np.testing.assert_array_equal(a, b)
    for pdg in species:
        assert native.properties(pdg) == binding.properties(pdg)
    assert native.properties(999999999) == (0.0, 0.0, 0.0)


def test_headers_of_another_version_are_passed_over(tmp_path, monkeypatch):
    fake = tmp_path / "Pythia8"
    fake.mkdir()
    (fake / "Pythia.h").write_text("#define PYTHIA_VERSION_INTEGER 8311\n")
    monkeypatch.setenv("PYO2BIAS_PYTHIA8_INCLUDE", str(tmp_path))
    monkeypatch.setattr("sys.prefix", str(tmp_path / "elsewhere"))
    monkeypatch.delenv("PYTHIA8_ROOT", raising=False)
    assert pythia_native.header_dir() is None
    (fake / "Pythia.h").write_text(f"#define PYTHIA_VERSION_INTEGER {_installed()}\n")
    assert pythia_native.header_dir() == tmp_path


def _installed() -> int:
    from importlib import metadata

    major, minor = metadata.version("pythia8mc").split(".")[:2]
    return int(major) * 1000 + int(minor)


def test_no_headers_means_the_binding(monkeypatch):
    monkeypatch.setattr(pythia_native, "_tried", False)
    monkeypatch.setattr(pythia_native, "_library", None)
    monkeypatch.setattr(pythia_native, "header_dir", lambda: None)
    assert pythia_native.native_library() is None


def test_a_refused_setting_names_itself(lib):
    from pyo2bias.exceptions import ConfigurationError

    with pytest.raises(ConfigurationError, match=r"refused the setting 'Nonsense:key = 3'"):
        pythia_native.NativePythia(lib, ("Nonsense:key = 3",))


def test_a_particle_without_decays_gets_no_products(lib):
    """A photon among decaying particles: it stays as it is, the others decay as usual."""
    from pyo2bias.transport.fast import Decayer

    decayer = Decayer()
    decayer.seed(3)
    pdg = np.array([310, 22, 3122], np.int32)
    counts, species, p4 = decayer.decay_arrays(pdg, np.array([[0.3, 0.1, 0.5]] * 3))
    assert counts.tolist() == [2, 0, 2]
    assert sorted(species[:2].tolist()) in ([-211, 211], [111, 111])  # K0S -> pi pi
    assert sorted(species[2:].tolist()) in ([-211, 2212], [111, 2112])  # Lambda -> N pi
    np.testing.assert_allclose(p4[:2, :3].sum(axis=0), [0.3, 0.1, 0.5], atol=1e-9)
