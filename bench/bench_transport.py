"""Benchmark: the embedded service with the fast transport, against bare Pythia8 generation.

Prints figures, asserts nothing. Run: ``.venv/bin/python bench/bench_transport.py [N] [ROUNDS]``.

- bare: pythia8mc ``next()`` with pythia8pp's settings, events/s, in this process;
- service: pythia8pp batches of N events with full transport and with the pi0-only transport
  selection (macros/transport_pi0.macro), at -j 1 and -j 2 (startup excluded), writing with
  the service's default compression (ZSTD 1); full transport once more writing as O2 does
  (zlib 1, PYO2BIAS_SIM_COMPRESSION=101);
- bare pair: two bare Pythia processes at once against one, the machine's own limit for
  -j 2 / -j 1 (on 2 cores the service's merger competes for the same cores on top of that);
- trigger: fraction of pi0-selected events passing the double-conversion trigger (a pi0 at
  |eta| < 1 whose two photons both converted to e+e- at R < 100 cm), computed with uproot.

The machine's speed drifts by tens of percent over minutes here (a shared VM), so each service
batch is bracketed by bare measurements and compared with their mean; -j 1 and -j 2 alternate,
with both services kept running, and the figures are medians over ROUNDS rounds.
"""

from __future__ import annotations

import math
import os
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
TRANSPORT_PI0 = HERE.parent / "macros" / "transport_pi0.macro"
MODULES = "PIPE ITS TPC TOF"


class Bare:
    """Bare pythia8mc generation with pythia8pp's settings (one Pythia, reseeded per event)."""

    def __init__(self) -> None:
        from pyo2bias.generators.pythia8 import make_pythia

        self.pythia = make_pythia()
        self.seed = 0
        self.rate(20)  # first-event costs

    def rate(self, n: int) -> float:
        start = time.perf_counter()
        for _ in range(n):
            self.seed += 1
            self.pythia.rndm.init(self.seed)
            self.pythia.next()
        return n / (time.perf_counter() - start)


def _bare_worker(conn: Any) -> None:
    """A process with its own Pythia: generates the number of events it is sent, replies ev/s."""
    bare = Bare()
    conn.send("ready")
    while (n := conn.recv()) > 0:
        conn.send(bare.rate(n))


def bare_pair_scaling(n: int, rounds: int) -> float:
    """The machine's own ceiling for -j 2 / -j 1: two bare Pythia processes at once against one
    (median over rounds of total rate / single rate). No service software is involved."""
    import multiprocessing as mp

    ctx = mp.get_context("spawn")
    pipes = [ctx.Pipe() for _ in range(2)]
    procs = [ctx.Process(target=_bare_worker, args=(child,)) for _, child in pipes]
    for proc in procs:
        proc.start()
    try:
        for parent, _ in pipes:
            parent.recv()
        ratios = []
        for _ in range(rounds):
            pipes[0][0].send(n)
            single = pipes[0][0].recv()
            for parent, _ in pipes:
                parent.send(n)
            pair = sum(parent.recv() for parent, _ in pipes)
            ratios.append(pair / single)
        return statistics.median(ratios)
    finally:
        for parent, _ in pipes:
            try:
                parent.send(0)
            except OSError:  # that process died: the error that brought us here matters
                pass
        for proc in procs:
            proc.join(30)
            if proc.is_alive():
                proc.kill()
                proc.join()


def start_service(stack: ExitStack, workers: int, selective: bool, run_dir: Path) -> Any:
    from pyo2bias.service import SimService

    startup = f"-j {workers} -n 0 -g pythia8pp -m {MODULES} -o simservice"
    if selective:
        startup += (" --configKeyValues Stack.transportPrimary=external;"
                    f"Stack.transportPrimaryFileName={TRANSPORT_PI0};"
                    "Stack.transportPrimaryFuncName=transport_pi0()")  # fmt: skip
    svc = stack.enter_context(SimService.start(startup, run_dir=run_dir, backend="embedded"))
    svc.run_batch("-g pythia8pp -n 20 -o warmup --seed 1")  # first-event costs
    return svc


def measure(bare: Bare, n: int, rounds: int, selective: bool, run_dir: Path) -> dict[str, float]:
    """Median figures over ``rounds``: rates, per-worker fraction of bare, -j 2 / -j 1."""
    figures: dict[str, list[float]] = {"j1": [], "j2": [], "bare": [], "eff1": [], "eff2": []}
    with ExitStack() as stack:
        services = {j: start_service(stack, j, selective, run_dir / f"j{j}") for j in (1, 2)}
        before = bare.rate(n // 2)
        for r in range(rounds):
            for j, svc in services.items():
                result = svc.run_batch(f"-g pythia8pp -n {n} -o bench{r} --seed {r + 2}")
                after = bare.rate(n // 2)
                reference = (before + after) / 2  # the machine's speed around this batch
                rate = n / result.seconds
                figures[f"j{j}"].append(rate)
                figures["bare"].append(reference)
                figures[f"eff{j}"].append(rate / j / reference)
                before = after
        kine = result.files["Kine"]
    out = {k: statistics.median(v) for k, v in figures.items()}
    out["scaling"] = statistics.median(
        2 * e2 / e1 for e1, e2 in zip(figures["eff1"], figures["eff2"], strict=True)
    )
    out["kine"] = kine  # type: ignore[assignment]
    return out


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
    from pyo2bias.simservice.compression import COMPRESSION_ENV, output_compression

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    default = output_compression()
    bare = Bare()
    print(f"{n} events per batch, median of {rounds} rounds; each batch against the bare "
          "pythia8mc rate measured around it (one core)")  # fmt: skip
    runs = (("full transport    ", False, default), ("pi0-only transport", True, default),
            ("full, zlib-1 (O2) ", False, 101))  # fmt: skip
    pair = bare_pair_scaling(n, rounds)
    print(f"bare pythia8mc, two processes at once: {pair:.2f} x one process (this machine's "
          "ceiling for -j 2 / -j 1, before any service cost)")  # fmt: skip
    kine_pi0 = None
    with tempfile.TemporaryDirectory() as tmp:
        for label, selective, compression in runs:
            os.environ[COMPRESSION_ENV] = str(compression)
            run_dir = Path(tmp) / f"{'pi0' if selective else 'full'}-{compression}"
            f = measure(bare, n, rounds, selective, run_dir)
            if selective:
                kine_pi0 = f["kine"]
            print(f"{label}: bare {f['bare']:5.1f} ev/s; -j 1 {f['j1']:5.1f} ev/s = "
                  f"{f['eff1']:.2f} x bare; -j 2 {f['j2']:5.1f} ev/s = {f['eff2']:.2f} x bare "
                  f"per worker, {f['scaling']:.2f} x -j 1; compression {compression}")  # fmt: skip
        os.environ[COMPRESSION_ENV] = str(default)
        if kine_pi0 is not None:
            passed, total = double_conversion_fraction(kine_pi0)
            with ExitStack() as stack:
                svc = start_service(stack, 2, True, Path(tmp) / "trigger")
                result = svc.run_batch(f"-g pythia8pp -n {5 * n} -o trigger --seed 99")
                more, more_total = double_conversion_fraction(result.files["Kine"])
            passed, total = passed + more, total + more_total
            frac = passed / total
            err = math.sqrt(frac * (1 - frac) / total)
            print(f"double-conversion trigger (pi0-only transport): {passed}/{total} = "
                  f"{100 * frac:.2f} +- {100 * err:.2f} % of events")  # fmt: skip


if __name__ == "__main__":
    main()
