"""Missing, truncated and foreign files give errors that name the file; the CLI exits 1."""

from __future__ import annotations

import shutil
import subprocess
import sys

import numpy as np
import pytest
from eventgen import build_event

from pyo2bias.exceptions import (
    NotAnO2FileError,
    O2FileCorruptError,
    O2FileError,
    O2FileNotFoundError,
)


@pytest.fixture
def small_output(ROOT, tmp_path):
    from pyo2bias import SimWriter, hit_bit_lut

    prefix = tmp_path / "good"
    rng = np.random.default_rng(7)
    with SimWriter(prefix, ["ITS", "TOF"]) as w:
        for i in range(30):
            _, tracks, header, refs, hits = build_event(
                ROOT, rng, i + 1, hit_bit_lut(["ITS", "TOF"])
            )
            hits.pop("TPC")
            w.fill(tracks, header, refs, hits)
    return prefix


def test_missing_kine_file_is_named(ROOT, tmp_path):
    from pyo2bias import open_sim

    with pytest.raises(O2FileNotFoundError) as err:
        open_sim(tmp_path / "nothing")
    assert str(tmp_path / "nothing_Kine.root") in str(err.value)
    assert isinstance(err.value, FileNotFoundError)


def test_truncated_file_is_reported(ROOT, small_output, tmp_path):
    from pyo2bias import open_sim

    kine = tmp_path / "cut_Kine.root"
    data = (small_output.parent / "good_Kine.root").read_bytes()
    kine.write_bytes(data[: len(data) // 2])
    with pytest.raises(O2FileCorruptError, match=r"cut_Kine\.root.*truncated"):
        open_sim(tmp_path / "cut")


def test_text_file_is_not_root(ROOT, tmp_path):
    from pyo2bias import open_sim

    (tmp_path / "txt_Kine.root").write_text("this is not a ROOT file\n")
    with pytest.raises(O2FileCorruptError, match=r"txt_Kine\.root: not a readable ROOT file"):
        open_sim(tmp_path / "txt")


def test_root_file_without_o2sim_tree(ROOT, tmp_path):
    from pyo2bias import open_sim

    f = ROOT.TFile(str(tmp_path / "other_Kine.root"), "RECREATE")
    ROOT.TTree("events", "not o2").Write()
    f.Close()
    with pytest.raises(NotAnO2FileError, match=r"other_Kine.root: no TTree 'o2sim'.*events"):
        open_sim(tmp_path / "other")


def test_o2sim_tree_without_mctrack(ROOT, tmp_path):
    from pyo2bias import open_sim

    f = ROOT.TFile(str(tmp_path / "nomc_Kine.root"), "RECREATE")
    t = ROOT.TTree("o2sim", "o2sim")
    x = np.zeros(1, dtype=np.int32)
    t.Branch("x", x, "x/I")
    t.Fill()
    t.Write()
    f.Close()
    with pytest.raises(
        NotAnO2FileError, match=r"nomc_Kine\.root: tree 'o2sim' has no branch 'MCTrack'"
    ):
        open_sim(tmp_path / "nomc")


def test_hits_from_another_simulation(ROOT, small_output, tmp_path, real_prefix):
    from pyo2bias import open_sim

    for name in ["good_Kine.root", "good_HitsITS.root"]:
        shutil.copy(small_output.parent / name, tmp_path / name.replace("good", "mix"))
    shutil.copy(f"{real_prefix}_HitsITS.root", tmp_path / "mix_HitsITS.root")  # 20 events, not 30
    with pytest.raises(NotAnO2FileError, match=r"mix_HitsITS\.root: 20 events but .* has 30"):
        open_sim(tmp_path / "mix")


def test_requested_hits_missing(ROOT, small_output):
    from pyo2bias import open_sim

    with pytest.raises(O2FileNotFoundError, match=r"good_HitsTPC\.root"):
        open_sim(small_output, detectors=["TPC"])


def test_cli_error_exit_code_and_message(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "pyo2bias", "inspect", str(tmp_path / "absent")],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert proc.returncode == 1
    assert f"{tmp_path / 'absent'}_Kine.root: no such file" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_errors_share_one_base():
    from pyo2bias import PyO2BiasError

    assert issubclass(O2FileError, PyO2BiasError)
    assert issubclass(NotAnO2FileError, O2FileError)
