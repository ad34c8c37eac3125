"""``pyo2bias run CONFIG [--set key=value ...] [--resume]``: the biasing loop.

Exit codes: 0 target reached, 2 invalid configuration, 3 stopped before the target (limits,
or the early warning says they cannot be met), 130 interrupted (resume with ``--resume``).
"""

from __future__ import annotations

import argparse
import math
import sys
from typing import Any, TextIO

EXIT_CONFIG = 2
EXIT_SHORT = 3
EXIT_INTERRUPTED = 130


def register(sub: Any) -> None:
    p = sub.add_parser("run", help="run a biasing configuration to its target")
    p.add_argument("config", help="YAML run configuration, e.g. conf/pi0_double_conversion.yaml")
    p.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
                   help="override a configuration value (repeatable), e.g. --set target=5")
    p.add_argument("--resume", action="store_true",
                   help="continue the run in the output folder where it stopped")
    p.add_argument("--quiet", action="store_true", help="no progress line")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from pyo2bias.exceptions import RunConfigError
    from pyo2bias.loop.biasing import BiasingLoop

    try:
        loop = BiasingLoop.from_yaml(args.config, tuple(args.overrides))
    except RunConfigError as exc:
        sys.stderr.write(f"pyo2bias: configuration error: {exc}\n")
        return EXIT_CONFIG
    line = None if args.quiet else ProgressLine(sys.stderr)
    try:
        result = loop.run(resume=args.resume, progress=line)
    except KeyboardInterrupt:
        if line:
            line.close()
        sys.stderr.write(f"pyo2bias: interrupted; continue with: pyo2bias run {args.config} "
                         f"--resume{''.join(f' --set {o}' for o in args.overrides)}\n")
        return EXIT_INTERRUPTED
    if line:
        line.close()
    s, eff = result.summary, result.efficiency
    out = sys.stdout
    out.write(f"trial events   {s.trial_events} in {len(s.batches)} batches\n")
    out.write(f"triggered      {s.triggered} (kept {s.kept} of target {s.target})\n")
    lo, hi = eff.interval68
    lo95, hi95 = eff.interval95
    out.write(f"efficiency     {_pct(eff.value)} (68%: {_pct(lo)}-{_pct(hi)}, "
              f"95%: {_pct(lo95)}-{_pct(hi95)})\n")  # fmt: skip
    for name, n in s.trigger_counts().items():
        out.write(f"  {name:<12} {n}\n")
    out.write(f"wall time      {s.wall_seconds:.1f} s "
              f"(continuation {s.continuation_seconds:.1f} s)\n")  # fmt: skip
    out.write(f"final events   {result.files['final']}_Kine.root\n")
    out.write(f"report         {result.report.get('report')}\n")
    if s.stopped_early:
        out.write(f"stopped early  {s.stopped_early}\n")
        return EXIT_SHORT
    return 0


def _pct(x: float) -> str:
    return "n/a" if not math.isfinite(x) else f"{100 * x:.2f}%"


class ProgressLine:
    """One status line, redrawn in place on a terminal, one line per batch otherwise."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.drawn = False

    def __call__(self, p: Any) -> None:
        eff, pred = p.efficiency, p.prediction
        width = 20
        filled = int(width * min(p.kept / p.target, 1.0)) if p.target else width
        bar = "#" * filled + "." * (width - filled)
        lo, hi = eff.interval68
        eta = pred.seconds_needed
        eta_text = "?" if eta is None or not math.isfinite(eta) else f"{eta:.0f} s"
        text = (f"[{bar}] {p.kept}/{p.target} triggered | {p.trial_events} trials in "
                f"{p.batches} batches | eff {_pct(eff.value)} ({_pct(lo)}-{_pct(hi)}) | "
                f"~{_trials(pred.trials_needed)} more trials, ETA {eta_text}")  # fmt: skip
        if self.tty:
            self.stream.write("\r\033[K" + text)
        else:
            self.stream.write(text + "\n")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.tty and self.drawn:
            self.stream.write("\n")
            self.stream.flush()


def _trials(x: float) -> str:
    return "?" if not math.isfinite(x) else f"{x:.0f}"
