"""Benchmark: data-model dictionary build and load, and reading a Kine file.

Prints figures, asserts nothing. Run: ``.venv/bin/python bench/bench_datamodel.py``.

- build: ACLiC compile of the dictionary into an empty cache (once per header change);
- load: a fresh process loading the cached dictionary (median of 5), against a fresh process
  that only imports ROOT (the baseline measured in the same run);
- read: per-event track counts of the real O2 sample through pyo2bias's RDataFrame, against
  uproot reading the same split branch.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REAL = HERE.parent.parent / "shared" / "data" / "o2-real-2021" / "o2sim"

IMPORT_ONLY = (
    "import time; t=time.perf_counter(); from pyo2bias.rootenv import import_root; "
    "import_root(); print(time.perf_counter()-t)"
)
LOAD = (
    "import time; from pyo2bias.rootenv import import_root; import_root(); "
    "t=time.perf_counter(); import pyo2bias; i=pyo2bias.load_datamodel(); "
    "print(time.perf_counter()-t, i.built)"
)


def run(code: str, env: dict[str, str]) -> list[str]:
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True)  # fmt: skip
    return out.stdout.split()


def main() -> None:
    cache = tempfile.mkdtemp(prefix="pyo2bias-bench-cache-")
    env = {**os.environ, "PYO2BIAS_CACHE_DIR": cache, "PYO2BIAS_DATAMODEL": "own"}
    t0 = time.perf_counter()
    first = run(LOAD, env)
    build_wall = time.perf_counter() - t0
    print(f"build  : dictionary compiled in {float(first[0]):.2f} s "
          f"(process wall {build_wall:.2f} s, built={first[1]})")  # fmt: skip
    loads = [float(run(LOAD, env)[0]) for _ in range(5)]
    imports = [float(run(IMPORT_ONLY, env)[0]) for _ in range(5)]
    print(f"load   : cached dictionary {statistics.median(loads):.3f} s median of 5 "
          f"(import ROOT alone: {statistics.median(imports):.3f} s)")  # fmt: skip
    if not (Path(f"{REAL}_Kine.root")).exists():
        print(f"read   : skipped, {REAL}_Kine.root not found")
        return
    os.environ.update(env)
    import pyo2bias

    sim = pyo2bias.open_sim(REAL)
    rdf = sim.rdf().Define("ntr", "(int)MCTrack.size()")
    rdf.AsNumpy(["ntr"])  # JIT once
    t = time.perf_counter()
    for _ in range(5):
        sim.rdf().Define("ntr", "(int)MCTrack.size()").AsNumpy(["ntr"])
    ours = (time.perf_counter() - t) / 5
    import uproot

    t = time.perf_counter()
    for _ in range(5):
        tree = uproot.open(f"{REAL}_Kine.root")["o2sim"]
        tree["MCTrack/MCTrack.mPdgCode"].array(library="np")
    theirs = (time.perf_counter() - t) / 5
    print(f"read   : 20 events, MCTrack objects via RDataFrame {ours * 1e3:.1f} ms; "
          f"uproot, one split branch {theirs * 1e3:.1f} ms "
          f"(ratio {ours / theirs:.2f})")  # fmt: skip


if __name__ == "__main__":
    main()
