"""``pyo2bias inspect PREFIX``: events, tracks and hits of a kinematics file, per event."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser("inspect", help="per-event summary of <PREFIX>_Kine.root and its hits")
    p.add_argument("prefix", help="output prefix, e.g. out/o2sim for out/o2sim_Kine.root")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from pyo2bias.io.reader import open_sim
    from pyo2bias.io.summary import summarize

    with open_sim(args.prefix) as sim:
        events = summarize(sim)
        if args.json:
            json.dump(
                {"prefix": sim.files.prefix, "events": [asdict(e) for e in events]},
                sys.stdout,
                indent=1,
            )
            sys.stdout.write("\n")
            return 0
        dets = list(sim.detectors)
        out = sys.stdout
        out.write(f"{sim.files.kine}: {sim.n_events} events; hits: {' '.join(dets) or 'none'}\n")
        head = ["entry", "event", "vz[cm]", "tracks", "primary", "transp", "inhib", "w/hits",
                "refs", *(f"hits{d}" for d in dets)]  # fmt: skip
        out.write(" ".join(f"{h:>8}" for h in head) + "\n")
        for e in events:
            row = [e.entry, e.event_id, f"{e.vertex[2]:.3f}", e.n_tracks, e.n_primaries,
                   e.n_transported, e.n_inhibited, e.n_with_hits, e.n_trackrefs,
                   *(e.hits[d] for d in dets)]  # fmt: skip
            out.write(" ".join(f"{v:>8}" for v in row) + "\n")
        total = [sum(getattr(e, k) for e in events) for k in
                 ("n_tracks", "n_primaries", "n_transported", "n_inhibited", "n_with_hits",
                  "n_trackrefs")]  # fmt: skip
        total += [sum(e.hits[d] for e in events) for d in dets]
        out.write(" ".join(f"{v:>8}" for v in ["total", "", "", *total]) + "\n")
        counts = _biasing_counts(sim.files.kine)
        if counts is not None:
            out.write(f"biasing: {counts['trial_events']} trial events, {counts['triggered']} "
                      f"triggered, {counts['kept']} kept (target {counts['target']}); "
                      f"per trigger: {counts['trigger_counts']}\n")  # fmt: skip
    return 0


def _biasing_counts(kine: Any) -> dict[str, Any] | None:
    """The loop's totals stored in the file (``pyo2bias_summary``), if it has them."""
    from pyo2bias.loop.bookkeeping import SUMMARY_KEY
    from pyo2bias.rootenv.root import import_root

    ROOT = import_root()
    f = ROOT.TFile.Open(str(kine))
    try:
        named = f.Get(SUMMARY_KEY)
        return json.loads(str(named.GetTitle())) if named else None
    finally:
        f.Close()
