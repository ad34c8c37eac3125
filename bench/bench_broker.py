"""Benchmark: triggering a batch in the long-lived process vs a fresh ROOT process per batch.

Prints figures, asserts nothing. Run: ``.venv/bin/python bench/bench_broker.py [BATCHES] [N]``.

The original workflow starts ``root -b -q broker.macro`` for every batch; its cost is a ROOT
start, loading the (cached) macro and the trigger set-up. Here the same trigger
(macros/trigger_pi0.macro, the double-conversion trigger) is evaluated on the same batches:

- in-process: one :class:`~pyo2bias.broker.engine.TriggerEngine`, batch after batch (first
  batch separately: it builds and jit-compiles the RDataFrame graph once);
- fresh process: a new Python + ROOT process per batch that sets up the engine from the warm
  compile cache and evaluates that one batch (what a per-batch ``root -b -q`` pays).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
MACROS = HERE.parent / "macros"
SETUP = (
    "from pathlib import Path\n"
    "from pyo2bias.broker.engine import TriggerEngine\n"
    "from pyo2bias.broker.specs import MacroTrigger, TriggerSetup\n"
    f"macro = Path({str(MACROS / 'trigger_pi0.macro')!r})\n"
    "engine = TriggerEngine(TriggerSetup((MacroTrigger('dconv', macro, 'trigger_pi0'),)))\n"
)


def make_batches(folder: Path, batches: int, n: int) -> list[Path]:
    keys = ("Stack.transportPrimary=external;"
            f"Stack.transportPrimaryFileName={MACROS / 'transport_pi0.macro'};"
            "Stack.transportPrimaryFuncName=transport_pi0")  # fmt: skip
    out = []
    for i in range(batches):
        prefix = folder / f"batch{i}"
        subprocess.run([sys.executable, "-m", "pyo2bias.simservice", "-j", "2", "-n", str(n),
                        "-g", "pythia8pp", "-m", "PIPE", "ITS", "TPC", "TOF", "--seed",
                        str(i + 1), "-o", str(prefix), "--configKeyValues", keys],
                       check=True, capture_output=True, cwd=folder)  # fmt: skip
        out.append(prefix)
    return out


def main() -> None:
    batches = int(sys.argv[1]) if len(sys.argv) > 1 else 6
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    with tempfile.TemporaryDirectory() as tmp:
        prefixes = make_batches(Path(tmp), batches, n)
        ns: dict = {}
        t = time.perf_counter()
        exec(SETUP, ns)  # set-up in this process (compiles on a cold cache)
        setup_s = time.perf_counter() - t
        engine = ns["engine"]
        times, passed = [], []
        for prefix in prefixes:
            result = engine.evaluate(prefix)
            times.append(result.seconds)
            passed.append(result.passed)
        fresh = []
        for prefix in prefixes:
            code = SETUP + f"engine.evaluate({str(prefix)!r})\n"
            t = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
            fresh.append(time.perf_counter() - t)
    later = statistics.mean(times[1:]) if len(times) > 1 else float("nan")
    print(f"{batches} batches of {n} pythia8pp events (pi0-only transport); passed: {passed}")
    print(f"in-process set-up (once):         {setup_s:7.3f} s")
    print(f"in-process first batch:           {times[0]:7.3f} s (builds + jits the graph)")
    print(f"in-process later batches (mean):  {later:7.3f} s   RDataFrame JIT phases: "
          f"{engine.jit_phases}")
    print(f"fresh process per batch (mean):   {statistics.mean(fresh):7.3f} s")
    print(f"ratio fresh / in-process:         {statistics.mean(fresh) / later:7.1f}x")


if __name__ == "__main__":
    main()
