"""Benchmark: the embedded service with the fast transport, against bare Pythia8 generation.

Prints figures, asserts nothing. Run: ``.venv/bin/python bench/bench_transport.py [N]``.

- bare: pythia8mc ``next()`` with pythia8pp's settings, events/s, in this process;
- service: pythia8pp batches of N events with full transport and with the pi0-only transport
  selection (macros/transport_pi0.macro), at -j 1 and -j 2 (startup excluded);
- trigger: fraction of pi0-selected events passing the double-conversion trigger (a pi0 at
  |eta| < 1 whose two photons both converted to e+e- at R < 100 cm), computed with uproot.
"""

from __future__ import annotations

import math
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
TRANSPORT_PI0 = HERE.parent / "macros" / "transport_pi0.macro"
MODULES = "PIPE ITS TPC TOF"


def bare_rate(n: int) -> float:
    from pyo2bias.generators.pythia8 import make_pythia

    pythia = make_pythia()
    start = time.perf_counter()
    for i in range(n):
        pythia.rndm.init(i + 1)
        pythia.next()
    return n / (time.perf_counter() - start)


def service_rate(workers: int, selective: bool, n: int, run_dir: Path) -> tuple[float, Path]:
    from pyo2bias.service import SimService

    startup = f"-j {workers} -n 0 -g pythia8pp -m {MODULES} -o simservice"
    if selective:
        startup += (" --configKeyValues Stack.transportPrimary=external;"
                    f"Stack.transportPrimaryFileName={TRANSPORT_PI0};"
                    "Stack.transportPrimaryFuncName=transport_pi0()")  # fmt: skip
    with SimService.start(startup, run_dir=run_dir, backend="embedded") as svc:
        svc.run_batch("-g pythia8pp -n 20 -o warmup --seed 1")  # first-event costs
        result = svc.run_batch(f"-g pythia8pp -n {n} -o bench --seed 2")
    return n / result.seconds, result.files["Kine"]


def _converted(ev: tuple[np.ndarray, ...], g: int) -> bool:
    """Photon g converted to e+e- (pair production) with both produced at R < 100 cm."""
    pdg, d1, d2, proc, r = ev
    a, b = d1[g], d2[g]
    return bool(pdg[g] == 22 and a >= 0 and b - a == 1 and {pdg[a], pdg[b]} == {11, -11}
                and proc[a] == 5 and proc[b] == 5 and r[a] < 100 and r[b] < 100)  # fmt: skip


def double_conversion_fraction(kine: Path) -> tuple[int, int]:
    import uproot

    tree = uproot.open(kine)["o2sim"]
    members = ("mPdgCode", "mFirstDaughterTrackId", "mLastDaughterTrackId", "mProp",
               "mStartVertexMomentumX", "mStartVertexMomentumY", "mStartVertexMomentumZ",
               "mStartVertexCoordinatesX", "mStartVertexCoordinatesY")  # fmt: skip
    cols = tree.arrays([f"MCTrack.{m}" for m in members], library="np")
    c = {k.split(".")[1]: v for k, v in cols.items()}
    passed = 0
    for i in range(len(c["mPdgCode"])):
        pdg = c["mPdgCode"][i]
        d1, d2 = c["mFirstDaughterTrackId"][i], c["mLastDaughterTrackId"][i]
        proc = (c["mProp"][i].astype(np.int64) >> 1) & 0x3F
        r = np.hypot(c["mStartVertexCoordinatesX"][i], c["mStartVertexCoordinatesY"][i])
        pt = np.hypot(c["mStartVertexMomentumX"][i], c["mStartVertexMomentumY"][i])
        eta = np.arcsinh(np.divide(c["mStartVertexMomentumZ"][i], pt, out=np.zeros_like(pt),
                                   where=pt > 0))  # fmt: skip

        ev = (pdg, d1, d2, proc, r)
        for k in np.flatnonzero((pdg == 111) & (np.abs(eta) < 1) & (pt > 0)):
            if (
                d1[k] >= 0
                and d2[k] - d1[k] == 1
                and _converted(ev, d1[k])
                and _converted(ev, d2[k])
            ):
                passed += 1
                break
    return passed, len(c["mPdgCode"])


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    bare = bare_rate(n)
    print(f"bare pythia8mc generation: {bare:7.1f} events/s (one core)")
    kine_pi0 = None
    with tempfile.TemporaryDirectory() as tmp:
        for selective in (False, True):
            rates = {}
            for workers in (1, 2):
                run_dir = Path(tmp) / f"{'pi0' if selective else 'full'}-j{workers}"
                rates[workers], kine = service_rate(workers, selective, n, run_dir)
                if selective and workers == 2:
                    kine_pi0 = kine
            label = "pi0-only transport" if selective else "full transport    "
            print(f"{label}: -j 1 {rates[1]:6.1f} ev/s ({rates[1] / bare:.2f} x bare), "
                  f"-j 2 {rates[2]:6.1f} ev/s ({rates[2] / rates[1]:.2f} x -j 1)")  # fmt: skip
        if kine_pi0 is not None:
            trig_n = 5 * n
            _rate, kine = service_rate(2, True, trig_n, Path(tmp) / "trigger")
            passed, total = double_conversion_fraction(kine)
            frac = passed / total
            err = math.sqrt(frac * (1 - frac) / total)
            print(f"double-conversion trigger (pi0-only transport): {passed}/{total} = "
                  f"{100 * frac:.2f} +- {100 * err:.2f} % of events")  # fmt: skip


if __name__ == "__main__":
    main()
