"""Failure paths: rejected input leaves no trace, stale files do not leak into an output, a
damaged cache entry heals, macros see their own directory."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest
from eventgen import build_event

uproot = pytest.importorskip("uproot")

MODULES = ["ITS", "TPC", "TOF"]


def one_event(ROOT, seed=3):
    from pyo2bias import hit_bit_lut

    return build_event(ROOT, np.random.default_rng(seed), 1, hit_bit_lut(MODULES))[1:]


def test_rejected_fill_leaves_nothing(ROOT, tmp_path):
    from pyo2bias import SimWriter

    tracks, header, refs, hits = one_event(ROOT)
    writer = SimWriter(tmp_path / "x", MODULES)
    writer.fill(tracks, header, refs, hits)
    with pytest.raises(ValueError, match="TRD"):
        writer.fill(tracks, header, refs, {**hits, "TRD": hits["ITS"]})
    with pytest.raises(ValueError, match="36 sector vectors"):
        writer.fill(tracks, header, refs, {**hits, "TPC": [hits["TPC"][min(hits["TPC"])]]})
    writer.fill(tracks, header, refs, hits)  # still usable: nothing half-filled
    writer.close()
    writer.close()  # harmless
    n = {p.name: uproot.open(p)["o2sim"].num_entries for p in tmp_path.glob("x_*.root")}
    assert n == {f"x_{s}.root": 2 for s in ["Kine", "MCHeader", "HitsITS", "HitsTPC", "HitsTOF"]}
    with pytest.raises(ValueError, match="closed"):
        writer.fill(tracks, header, refs, hits)


def test_stale_hits_files_are_removed(ROOT, tmp_path):
    from pyo2bias import SimWriter, open_sim

    tracks, header, refs, hits = one_event(ROOT)
    with SimWriter(tmp_path / "p", MODULES) as w:
        w.fill(tracks, header, refs, hits)
    with SimWriter(tmp_path / "p", ["ITS"]) as w:
        w.fill(tracks, header, refs, {"ITS": hits["ITS"]})
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "p_HitsITS.root", "p_Kine.root", "p_MCHeader.root",
    ]  # fmt: skip
    with open_sim(tmp_path / "p") as sim:
        assert sim.detectors == ("ITS",)


def test_inspect_without_trackrefs_and_by_file_name(ROOT, tmp_path):
    from pyo2bias import open_sim, summarize

    f = ROOT.TFile(str(tmp_path / "n_Kine.root"), "RECREATE")
    t = ROOT.TTree("o2sim", "o2sim")
    tracks, header, _, _ = one_event(ROOT)
    t.Branch("MCTrack", tracks)
    t.Branch("MCEventHeader.", header)
    t.Fill()
    t.Write()
    f.Close()
    with open_sim(tmp_path / "n_Kine.root") as sim:  # a file name works as its prefix
        (event,) = summarize(sim)
    assert event.n_trackrefs == 0
    assert event.n_tracks == tracks.size()


PROBE = (
    "import pyo2bias, ROOT; m = pyo2bias.load_macro({path!r}); "
    "p = ROOT.TParticle({pdg}, 1, -1, -1, -1, -1, 1., 0., 0., 1., 0., 0., 0., 0.); "
    "print(m.library.built, bool(m.result(p, ROOT.std.vector['TParticle']())))"
)


def probe(path, pdg):
    out = subprocess.run([sys.executable, "-c", PROBE.format(path=str(path), pdg=pdg)],
                         capture_output=True, text=True, check=True, timeout=300,
                         env=os.environ.copy())  # fmt: skip
    return out.stdout.split()[-2:]


def test_macro_relative_include_and_its_cache_key(ROOT, tmp_path):
    from pyo2bias import MacroCompileError, load_macro

    (tmp_path / "cuts.h").write_text("constexpr int kPdg = 22;\n")
    macro = tmp_path / "sel.macro"
    macro.write_text(
        '#include "cuts.h"\n'
        "o2::data::Stack::TransportFcn sel()\n"
        "{\n"
        "  return [](const TParticle& p, const std::vector<TParticle>&) {\n"
        "    return p.GetPdgCode() == kPdg;\n"
        "  };\n"
        "}\n"
    )
    loaded = load_macro(macro)
    photon = ROOT.TParticle(22, 1, -1, -1, -1, -1, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0)
    assert loaded.result(photon, ROOT.std.vector["TParticle"]())
    assert probe(macro, 22) == ["False", "True"]  # another process: from the cache
    (tmp_path / "cuts.h").write_text("constexpr int kPdg = 11;\n")
    with pytest.raises(MacroCompileError, match="changed after it was loaded"):
        load_macro(macro)  # this process cannot swap compiled code
    assert probe(macro, 11) == ["True", "True"]  # the included file is part of the key
    assert probe(macro, 22) == ["False", "False"]


def test_damaged_cache_entry_heals(ROOT, tmp_path):
    """A cached library that no longer loads is rebuilt (in fresh processes: a library mapped
    by this process must not be damaged under it)."""
    from pyo2bias.rootenv.aclic import cache_dir

    macro = tmp_path / "heal.macro"
    macro.write_text(
        "o2::data::Stack::TransportFcn heal()\n"
        "{ return [](const TParticle& p, const std::vector<TParticle>&) {\n"
        "    return p.GetPdgCode() > 0; }; }\n"
    )
    assert probe(macro, 22) == ["True", "True"]
    library = max(cache_dir().glob("lib/macro_heal-*/libmacro_heal_*.so"),
                  key=lambda p: p.stat().st_mtime)  # fmt: skip
    library.write_bytes(library.read_bytes()[:1000])
    assert probe(macro, 22) == ["True", "True"]  # rebuilt, not a permanent failure
    assert probe(macro, -22) == ["False", "False"]
