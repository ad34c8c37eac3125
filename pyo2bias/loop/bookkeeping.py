"""The run's counts stored inside the output ROOT files, so normalising needs no side file.

``<prefix>_Kine.root`` gets a tree ``pyo2bias_batches`` (one entry per trial batch: index,
seed, size, events, passed, kept, and one ``passed_<trigger>`` branch per named trigger) and
a ``TNamed`` ``pyo2bias_summary`` holding the totals and the configuration as JSON. The file
is updated through a copy that replaces it at the end, so a crash never leaves it damaged.
"""

from __future__ import annotations

import array
import json
import os
import shutil
from pathlib import Path
from typing import Any

from pyo2bias.loop.records import RunSummary
from pyo2bias.rootenv.root import import_root

__all__ = ["BATCH_TREE", "SUMMARY_KEY", "summary_json", "write_bookkeeping"]

BATCH_TREE = "pyo2bias_batches"
SUMMARY_KEY = "pyo2bias_summary"
_INT_FIELDS = ("index", "seed", "size", "n_events", "passed", "kept")


def summary_json(summary: RunSummary, config: Any = None) -> dict[str, Any]:
    """Totals a physicist needs to normalise the biased sample."""
    return {
        "target": summary.target,
        "master_seed": summary.master_seed,
        "trial_events": summary.trial_events,
        "triggered": summary.triggered,
        "kept": summary.kept,
        "trigger_counts": summary.trigger_counts(),
        "batch_seeds": [b.seed for b in summary.batches],
        "stopped_early": summary.stopped_early,
        "config": getattr(config, "raw", None),
    }


def write_bookkeeping(kine: Path, summary: RunSummary, config: Any = None) -> None:
    """Add (or replace) the bookkeeping objects in ``kine``."""
    ROOT = import_root()
    kine = Path(kine)
    part = kine.with_name(kine.name + ".book.part")
    shutil.copyfile(kine, part)
    try:
        f = ROOT.TFile.Open(str(part), "UPDATE")
        try:
            f.Delete(f"{BATCH_TREE};*")
            f.Delete(f"{SUMMARY_KEY};*")
            _batch_tree(ROOT, summary).Write()
            text = json.dumps(summary_json(summary, config), default=str)
            f.WriteObject(ROOT.TNamed(SUMMARY_KEY, text), SUMMARY_KEY)
        finally:
            f.Close()
        os.replace(part, kine)
    finally:
        part.unlink(missing_ok=True)


def _batch_tree(ROOT: Any, summary: RunSummary) -> Any:
    tree = ROOT.TTree(BATCH_TREE, "pyo2bias trial batches")
    names = sorted({n for b in summary.batches for n in b.trigger_counts})
    buffers = {name: array.array("q", [0]) for name in _INT_FIELDS}
    buffers.update({f"passed_{n}": array.array("q", [0]) for n in names})
    for name, buf in buffers.items():
        tree.Branch(name, buf, f"{name}/L")
    for b in summary.batches:
        for name in _INT_FIELDS:
            buffers[name][0] = int(getattr(b, name))
        for n in names:
            buffers[f"passed_{n}"][0] = int(b.trigger_counts.get(n, 0))
        tree.Fill()
    tree._buffers = buffers  # the branches point into them until the tree is written
    return tree
