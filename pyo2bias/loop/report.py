"""The run report: ``report.json`` plus three PNG plots, all written atomically.

The JSON is the machine-readable account of a run (counts, efficiency with exact intervals,
every batch record, where the wall time went); the plots are what a person looks at first:
did the triggered events grow as expected, was the efficiency stable from batch to batch, and
what did the trigger select. Every file is written under a temporary name and renamed into
place, so a reader (or a crash) never sees half a report. The plots are written before the
JSON, so a ``report.json`` that exists lists only plots that exist.

Where the wall time goes
------------------------
The loop keeps the service busy while it works: batch ``k + 1`` is simulated while the loop
evaluates the trigger on batch ``k`` and filters its events (pipelining). So the service's
simulation time overlaps the loop's own work and is *not* part of a sum that adds up to the
wall time. The loop's sequential parts are startup, waiting for DONE (the simulation time the
pipelining did not hide), trigger, filter and continuation; ``other`` is the wall time minus
those (bookkeeping, submission, checkpoints, the report itself).
"""

from __future__ import annotations

import contextlib
import itertools
import json
import logging
import math
import os
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from pyo2bias.loop.records import BatchRecord, RunSummary
from pyo2bias.loop.stats import CL68, CL95, clopper_pearson, efficiency

__all__ = [
    "CANVAS_HEIGHT",
    "CANVAS_WIDTH",
    "REPORT_VERSION",
    "build_report",
    "busy_fraction",
    "time_split",
    "write_report",
]

log = logging.getLogger(__name__)

#: Bumped when a key of report.json changes meaning or disappears.
REPORT_VERSION = 1
#: Pixel size of every PNG (set exactly with ``TCanvas::SetCanvasSize``).
CANVAS_WIDTH = 800
CANVAS_HEIGHT = 600
KINEMATICS_BINS = 50

_OVERLAP_NOTE = (
    "simulation is service time and overlaps the loop's work (batch k+1 is simulated while "
    "the trigger and filter run on batch k); the sequential parts are startup, waiting, "
    "trigger, filter and continuation, and other = wall - (those)"
)


# ---------------------------------------------------------------------------- numbers


def busy_fraction(batches: list[BatchRecord]) -> float | None:
    """Fraction of the trial phase during which the service was simulating a batch.

    The union of the ``[submitted_at, done_at]`` intervals over the trial phase (first
    submission to last DONE), so overlapping batches are not counted twice. ``None`` when
    the phase has no duration (no batches, or timestamps not recorded).
    """
    intervals = sorted((b.submitted_at, b.done_at) for b in batches if b.done_at > b.submitted_at)
    if not intervals:
        return None
    start = min(b.submitted_at for b in batches)
    end = max(b.done_at for b in batches)
    if end <= start:
        return None
    busy = 0.0
    cur_lo, cur_hi = intervals[0]
    for lo, hi in intervals[1:]:
        if lo > cur_hi:
            busy += cur_hi - cur_lo
            cur_lo, cur_hi = lo, hi
        else:
            cur_hi = max(cur_hi, hi)
    busy += cur_hi - cur_lo
    return busy / (end - start)


def time_split(summary: RunSummary) -> dict[str, float]:
    """Seconds per activity; see the module docstring for which of them overlap."""
    b = summary.batches
    split = {
        "simulation": sum(x.sim_seconds for x in b),
        "trigger": sum(x.trigger_seconds for x in b),
        "filter": sum(x.filter_seconds for x in b),
        "waiting": sum(x.wait_seconds for x in b),
        "continuation": summary.continuation_seconds,
        "startup": summary.startup_seconds,
    }
    sequential = ("startup", "waiting", "trigger", "filter", "continuation")
    split["other"] = summary.wall_seconds - sum(split[k] for k in sequential)
    if split["other"] < -1e-6:
        log.warning(
            "the loop's sequential times add up to %.3f s more than the wall time %.3f s; "
            "the records are inconsistent",
            -split["other"],
            summary.wall_seconds,
        )
    return split


def _finite(x: float) -> float | None:
    """JSON has no NaN or infinity: unknown numbers are ``null``."""
    return x if math.isfinite(x) else None


def _interval(iv: tuple[float, float]) -> list[float]:
    return [float(iv[0]), float(iv[1])]


def build_report(summary: RunSummary, plots: Mapping[str, Path] | None = None) -> dict[str, Any]:
    """The content of ``report.json`` (plain JSON types only)."""
    eff = efficiency(summary.triggered, summary.trial_events)
    batches = summary.batches
    phase = (
        max(b.done_at for b in batches) - min(b.submitted_at for b in batches) if batches else 0.0
    )
    split = time_split(summary)
    return {
        "report_version": REPORT_VERSION,
        "target": summary.target,
        "master_seed": summary.master_seed,
        "trial_events": summary.trial_events,
        "triggered": summary.triggered,
        "kept": summary.kept,
        "efficiency": {
            "value": _finite(eff.value),
            "interval68": _interval(eff.interval68),
            "interval95": _interval(eff.interval95),
            "method": "Clopper-Pearson",
            "levels": {"interval68": CL68, "interval95": CL95},
        },
        "trigger_counts": summary.trigger_counts(),
        "batches": [b.to_dict() for b in batches],
        "wall_seconds": summary.wall_seconds,
        "startup_seconds": summary.startup_seconds,
        "continuation_seconds": summary.continuation_seconds,
        "trial_phase_seconds": phase,
        "time_split": split,
        "time_split_note": _OVERLAP_NOTE,
        "simulation_hidden_seconds": split["simulation"] - split["waiting"],
        "service_busy_fraction": busy_fraction(batches),
        "output": dict(summary.output),
        "plots": {name: str(path) for name, path in (plots or {}).items()},
        "stopped_early": summary.stopped_early,
    }


# ---------------------------------------------------------------------------- files


def _atomic_write_text(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


@contextlib.contextmanager
def _quiet_root(ROOT: Any) -> Iterator[None]:
    """Silence ``Info in <TCanvas::Print>: png file ... has been created``."""
    old = ROOT.gErrorIgnoreLevel
    ROOT.gErrorIgnoreLevel = max(old, ROOT.kWarning)
    try:
        yield
    finally:
        ROOT.gErrorIgnoreLevel = old


_names = itertools.count()


def _unique(stem: str) -> str:
    """ROOT object names must not collide (ROOT would replace or warn)."""
    return f"pyo2bias_report_{stem}_{os.getpid()}_{next(_names)}"


def _new_canvas(ROOT: Any, title: str) -> Any:
    c = ROOT.TCanvas(_unique("canvas"), title, CANVAS_WIDTH, CANVAS_HEIGHT)
    # the constructor's size includes window decorations; this sets the pixels exactly
    c.SetCanvasSize(CANVAS_WIDTH, CANVAS_HEIGHT)
    c.SetGrid()
    return c


def _save_png(ROOT: Any, canvas: Any, path: Path) -> None:
    """``SaveAs`` to a temporary ``.png`` beside ``path`` (ROOT picks the format by the
    suffix), then rename it into place."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".png", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        canvas.Modified()
        canvas.Update()
        with _quiet_root(ROOT):
            canvas.SaveAs(str(tmp))
        if tmp.stat().st_size == 0:
            msg = f"ROOT wrote nothing to {tmp}"
            raise OSError(msg)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _frame(canvas: Any, x: tuple[float, float], y: tuple[float, float], titles: str) -> Any:
    return canvas.DrawFrame(x[0], y[0], x[1], y[1], titles)


# ---------------------------------------------------------------------------- plots


def _plot_cumulative(ROOT: Any, summary: RunSummary, path: Path) -> None:
    trials = np.concatenate([[0.0], np.cumsum([b.n_events for b in summary.batches])])
    passed = np.concatenate([[0.0], np.cumsum([b.passed for b in summary.batches])])
    keep: list[Any] = []
    c = _new_canvas(ROOT, "cumulative")
    try:
        xmax = max(float(trials[-1]), 1.0) * 1.05
        ymax = max(float(passed[-1]), float(summary.target), 1.0) * 1.15
        keep.append(
            _frame(
                c,
                (0.0, xmax),
                (0.0, ymax),
                "Triggered vs trial events;cumulative trial events;cumulative triggered events",
            )
        )
        g = ROOT.TGraph(len(trials), trials.astype(np.float64), passed.astype(np.float64))
        g.SetMarkerStyle(20)
        g.SetMarkerColor(ROOT.kBlue + 1)
        g.SetLineColor(ROOT.kBlue + 1)
        g.SetLineWidth(2)
        g.Draw("PL SAME")
        line = ROOT.TLine(0.0, summary.target, xmax, summary.target)
        line.SetLineColor(ROOT.kRed + 1)
        line.SetLineStyle(2)
        line.SetLineWidth(2)
        line.Draw()
        leg = ROOT.TLegend(0.15, 0.75, 0.5, 0.88)
        leg.AddEntry(g, "triggered events", "lp")
        leg.AddEntry(line, f"target ({summary.target})", "l")
        leg.Draw()
        keep += [g, line, leg]
        _save_png(ROOT, c, path)
    finally:
        c.Close()


def _plot_efficiency(ROOT: Any, summary: RunSummary, path: Path) -> None:
    rows = [b for b in summary.batches if b.n_events > 0]
    x = np.array([float(b.index) for b in rows])
    y = np.array([b.passed / b.n_events for b in rows])
    ivs = [clopper_pearson(b.passed, b.n_events, CL68) for b in rows]
    ylo = y - np.array([iv[0] for iv in ivs])
    yhi = np.array([iv[1] for iv in ivs]) - y
    zeros = np.zeros(len(rows))
    total = efficiency(summary.triggered, summary.trial_events)
    keep: list[Any] = []
    c = _new_canvas(ROOT, "efficiency")
    try:
        xlo = float(x.min()) - 0.5 if len(rows) else -0.5
        xhi = float(x.max()) + 0.5 if len(rows) else 0.5
        top = max([iv[1] for iv in ivs] + [total.interval68[1], 1e-3])
        keep.append(
            _frame(
                c,
                (xlo, xhi),
                (0.0, min(top * 1.3, 1.05)),
                "Trigger efficiency per batch (Clopper-Pearson 68%);batch index;efficiency",
            )
        )
        band = ROOT.TBox(xlo, total.interval68[0], xhi, total.interval68[1])
        band.SetFillColorAlpha(ROOT.kOrange, 0.35)
        band.SetLineWidth(0)
        band.Draw()
        leg = ROOT.TLegend(0.5, 0.75, 0.88, 0.88)
        if math.isfinite(total.value):
            line = ROOT.TLine(xlo, total.value, xhi, total.value)
            line.SetLineColor(ROOT.kOrange + 7)
            line.SetLineWidth(2)
            line.Draw()
            leg.AddEntry(line, f"overall {total.value:.3g} (68% band)", "l")
            keep.append(line)
        if len(rows):
            g = ROOT.TGraphAsymmErrors(len(rows), x, y, zeros, zeros, ylo, yhi)
            g.SetMarkerStyle(20)
            g.SetMarkerColor(ROOT.kBlue + 1)
            g.SetLineColor(ROOT.kBlue + 1)
            g.Draw("P SAME")
            leg.AddEntry(g, "batches", "pe")
            keep.append(g)
        leg.Draw()
        c.RedrawAxis()
        keep += [band, leg]
        _save_png(ROOT, c, path)
    finally:
        c.Close()


def _finite_values(values: Any) -> np.ndarray:
    a = np.asarray(values, dtype=np.float64).ravel()
    return a[np.isfinite(a)]


def _plot_kinematics(ROOT: Any, kinematics: Mapping[str, tuple[Any, Any]], path: Path) -> bool:
    """All vs triggered, normalised to unit area, one pad per name. False if nothing to draw."""
    data = {}
    for name, (all_values, triggered_values) in kinematics.items():
        a, t = _finite_values(all_values), _finite_values(triggered_values)
        if a.size == 0 and t.size == 0:
            log.warning("kinematics %r has no finite values; not plotted", name)
            continue
        data[name] = (a, t)
    if not data:
        return False
    keep: list[Any] = []
    c = _new_canvas(ROOT, "kinematics")
    try:
        ncols = math.ceil(math.sqrt(len(data)))
        nrows = math.ceil(len(data) / ncols)
        if len(data) > 1:
            c.Divide(ncols, nrows)
        for pad_no, (name, (a, t)) in enumerate(data.items(), start=1):
            pad = c.cd(pad_no) if len(data) > 1 else c.cd()
            both = np.concatenate([a, t])
            lo, hi = float(both.min()), float(both.max())
            if hi <= lo:
                lo, hi = lo - 0.5, hi + 0.5
            edges = np.linspace(lo, hi, KINEMATICS_BINS + 1)
            hists = []
            contents = []
            for label, values, color in (
                ("all trial events", a, ROOT.kBlue + 1),
                ("triggered events", t, ROOT.kRed + 1),
            ):
                counts, _ = np.histogram(values, bins=edges)
                norm = counts / values.size if values.size else counts.astype(np.float64)
                titles = f"{name};{name};fraction of events"
                h = ROOT.TH1D(_unique("h"), titles, KINEMATICS_BINS, lo, hi)
                h.SetDirectory(ROOT.nullptr)
                for i, v in enumerate(norm, start=1):
                    h.SetBinContent(i, float(v))
                h.SetLineColor(color)
                h.SetLineWidth(2)
                h.SetStats(False)
                hists.append((h, f"{label} ({values.size})"))
                contents.append(norm[norm > 0])
            positive = np.concatenate(contents)
            top = float(positive.max()) if positive.size else 1.0
            logy = positive.size > 0 and top / float(positive.min()) > 100.0
            if logy:
                pad.SetLogy()
            for h, _ in hists:
                h.SetMaximum(top * (30.0 if logy else 1.3))
                if logy:
                    h.SetMinimum(float(positive.min()) * 0.5)
            first, _ = hists[0]
            first.SetTitle(f"{name}: all vs triggered (normalised)")
            first.Draw("HIST")
            hists[1][0].Draw("HIST SAME")
            leg = ROOT.TLegend(0.5, 0.75, 0.88, 0.88)
            for h, label in hists:
                leg.AddEntry(h, label, "l")
            leg.Draw()
            keep += [h for h, _ in hists] + [leg]
        _save_png(ROOT, c, path)
    finally:
        c.Close()
    return True


def write_report(
    summary: RunSummary,
    folder: Path,
    kinematics: dict[str, tuple[np.ndarray, np.ndarray]] | None = None,
    plots: bool = True,
) -> dict[str, Path]:
    """Write ``report.json`` (and, with ``plots``, the PNGs) into ``folder``.

    ``kinematics`` maps a quantity's name (e.g. ``"leading_pi0_pt"``) to its values for all
    trial events and for the triggered ones; NaN values (events without the particle) are
    left out. Returns what was written, under the keys ``"report"``, ``"cumulative"``,
    ``"efficiency"`` and ``"kinematics"`` (the plots only when they were drawn: no batches,
    no plots of batches; no kinematics, no kinematics plot).
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    if plots:
        from pyo2bias.rootenv.root import import_root

        ROOT = import_root()
        if summary.batches:
            _plot_cumulative(ROOT, summary, folder / "cumulative.png")
            written["cumulative"] = folder / "cumulative.png"
            _plot_efficiency(ROOT, summary, folder / "efficiency.png")
            written["efficiency"] = folder / "efficiency.png"
        else:
            log.info("no trial batches: no cumulative or efficiency plot")
        if kinematics and _plot_kinematics(ROOT, kinematics, folder / "kinematics.png"):
            written["kinematics"] = folder / "kinematics.png"
    report = build_report(summary, plots=written)
    path = folder / "report.json"
    _atomic_write_text(path, json.dumps(report, indent=2, allow_nan=False) + "\n")
    log.info("report written to %s (%d plots)", path, len(written))
    return {"report": path, **written}
