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
        pytest.skip("no Pythia8 headers for pythia8mc (dev/fetch_pythia_headers.py) or no g++")
    return found


def test_events_equal_the_bindings(lib):
    native = pythia_native.NativePythia(lib, (*PYTHIA8PP_SETTINGS, *_QUIET))
    binding = make_pythia()
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


def test_rows_equal_the_binding_reader(lib):
    """Every field, through the two readers (the binding's goes via nextBatch)."""
    native = pythia_native.NativePythia(lib, (*PYTHIA8PP_SETTINGS, *_QUIET))
    binding = make_pythia()
    for seed in (3, 17, 40):
        native.seed(seed)
        binding.rndm.init(seed)
        tracks, hepmc = native.next_rows()
        ref_tracks, ref_hepmc = pr.record_rows(pr.next_event(binding), binding.particleData)
        assert tracks.tobytes() == ref_tracks.tobytes()
        np.testing.assert_array_equal(hepmc, ref_hepmc)


def test_a_large_event_is_read_whole(lib):
    """Records longer than the reading buffer are read again, not cut."""
    native = pythia_native.NativePythia(lib, (*PYTHIA8PP_SETTINGS, *_QUIET))
    native.seed(5)
    full, _ = native.next_rows()
    small = pythia_native.NativePythia(lib, (*PYTHIA8PP_SETTINGS, *_QUIET))
    small._capacity = 4  # force the re-read
    small.seed(5)
    again, _ = small.next_rows()
    assert len(full) > 4
    assert again.tobytes() == full.tobytes()


def test_decays_equal_the_bindings(lib, monkeypatch):
    from pyo2bias.transport.fast import Decayer

    native = Decayer()
    assert native.native is not None
    monkeypatch.setattr(pythia_native, "_library", None)  # the binding path from here on
    binding = Decayer()
    assert binding.native is None
    rng = np.random.default_rng(7)
    species = [310, 3122, -3122, 211, -211, 321, -321, 130, 3312, -3334, 111, 3222, 13]
    n_products = 0
    for trial in range(100):
        n = int(rng.integers(1, 12))
        pdg, p3 = rng.choice(species, n).astype(np.int32), rng.normal(0, 1, (n, 3))
        native.seed(trial + 1)
        binding.seed(trial + 1)
        for a, b in zip(native.decay_arrays(pdg, p3), binding.decay_arrays(pdg, p3), strict=True):
            np.testing.assert_array_equal(a, b)
        n_products += int(native.decay_arrays(pdg, p3)[0].sum())
    assert n_products > 500
    for pdg in species:
        assert native.properties(pdg) == binding.properties(pdg)
    assert native.properties(999999999) == (0.0, 0.0, 0.0)


def test_no_headers_means_the_binding(monkeypatch, tmp_path):
    monkeypatch.setattr(pythia_native, "_tried", False)
    monkeypatch.setattr(pythia_native, "_library", None)
    monkeypatch.setattr(pythia_native, "header_dir", lambda: None)
    assert pythia_native.native_library() is None
