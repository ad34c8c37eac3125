"""Append the selected events of simulation batches to one output prefix, crash-safely.

Each append rewrites the output files as ``.part`` files (the events already there, then the
newly selected ones with event ids continuing 1..N and their provenance in the header), then
commits them together: a journal names the files, the current files are kept as ``.prev``,
the ``.part`` files are moved into place, and the journal is removed last. If anything stops
half-way, the next :class:`EventFilter` on that prefix rolls back to the ``.prev`` files: the
output is as it was before that append, never half-written.

A caller's checkpoint (``state``, JSON) can ride in the same commit as ``<output>.state.json``,
so that what the output holds and what the checkpoint says can never disagree.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from pyo2bias.datamodel.detectors import HIT_BRANCHES
from pyo2bias.exceptions import NotAnO2FileError
from pyo2bias.io.files import sim_files
from pyo2bias.io.header import put_info
from pyo2bias.io.reader import open_sim
from pyo2bias.io.writer import SimWriter
from pyo2bias.rootenv.root import import_root

__all__ = ["AppendResult", "EventFilter"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AppendResult:
    source: str
    selected: list[int]  # entries of the batch that were appended
    total: int  # events in the output afterwards


class EventFilter:
    """Accumulates selected events of batches into ``<output>_Kine.root`` and friends."""

    def __init__(self, output: str | Path) -> None:
        self.output = str(output)
        Path(self.output).parent.mkdir(parents=True, exist_ok=True)
        self.journal = Path(f"{self.output}.commit.json")
        self.recover()

    # ------------------------------------------------------------ public
    @property
    def n_events(self) -> int:
        kine = sim_files(self.output).kine
        if not kine.exists():
            return 0
        with open_sim(self.output, detectors=[]) as sim:
            return sim.n_events

    @property
    def state_path(self) -> Path:
        return Path(f"{self.output}.state.json")

    def read_state(self) -> dict[str, Any] | None:
        """The checkpoint committed with the output, if any (after :meth:`recover`)."""
        if not self.state_path.exists():
            return None
        return json.loads(self.state_path.read_text())

    def commit_state(self, state: dict[str, Any]) -> None:
        """Commit a checkpoint alone (a batch that selected nothing)."""
        self._commit([self._state_part(state)])

    def append(self, batch: str | Path, mask: Sequence[bool] | np.ndarray,
               provenance: dict[str, Any] | None = None,
               state: dict[str, Any] | None = None) -> AppendResult:  # fmt: skip
        """Append the events of ``batch`` where ``mask`` is true (one flag per event);
        ``state`` is committed with them (see the module doc)."""
        with open_sim(batch) as source:
            mask = np.asarray(mask, dtype=bool)
            if mask.shape != (source.n_events,):
                kine, n = source.files.kine, source.n_events
                msg = f"mask has {mask.size} flags but {kine} has {n} events"
                raise ValueError(msg)
            selected = [int(i) for i in np.flatnonzero(mask)]
            if not selected:
                if state is not None:
                    self.commit_state(state)
                return AppendResult(str(batch), [], self.n_events)
            detectors = list(source.detectors)
            existing = open_sim(self.output, detectors=detectors) if self._exists() else None
            try:
                if existing is not None and set(existing.detectors) != set(detectors):
                    raise NotAnO2FileError(
                        str(source.files.kine),
                        f"hits of {detectors} but {self.output} holds {list(existing.detectors)}",
                    )
                writer = SimWriter(self.output, ["PIPE", *detectors])
                try:
                    n = 0
                    if existing is not None:
                        for entry in range(existing.n_events):
                            n += 1
                            self._copy(existing, entry, writer, n, None)
                    for entry in selected:
                        n += 1
                        info = {"pyo2bias_source": str(source.files.prefix),
                                "pyo2bias_source_entry": entry, **(provenance or {})}  # fmt: skip
                        self._copy(source, entry, writer, n, info)
                    parts = writer.finish()
                except BaseException:
                    writer.abort()
                    raise
            finally:
                if existing is not None:
                    existing.close()
        pairs = list(parts.values())
        if state is not None:
            pairs.append(self._state_part(state))
        self._commit(pairs)
        log.info("appended %d of %d events of %s: %d in %s", len(selected), mask.size, batch, n,
                 self.output)  # fmt: skip
        return AppendResult(str(batch), selected, n)

    def recover(self) -> None:
        """Undo an append that stopped before its commit finished (see the module doc)."""
        if self.journal.exists():
            pairs = [(Path(p), Path(f)) for p, f in json.loads(self.journal.read_text())]
            log.warning("%s: an append was interrupted; restoring the previous output", self.output)
            for part, final in pairs:
                prev = _prev(final)
                if prev.exists():
                    os.replace(prev, final)
                elif final.exists():  # it did not exist before that append
                    final.unlink()
                part.unlink(missing_ok=True)
            self.journal.unlink()
        for leftover in Path(self.output).parent.glob(f"{Path(self.output).name}_*.root.part"):
            leftover.unlink()  # written, never committed
        for leftover in Path(self.output).parent.glob(f"{Path(self.output).name}_*.root.prev"):
            leftover.unlink()  # committed: the journal was gone
        for suffix in (".part", ".prev"):
            Path(f"{self.state_path}{suffix}").unlink(missing_ok=True)

    # ------------------------------------------------------------ internals
    def _state_part(self, state: dict[str, Any]) -> tuple[Path, Path]:
        part = Path(f"{self.state_path}.part")
        with open(part, "w") as f:
            json.dump(state, f, indent=1)
            f.flush()
            os.fsync(f.fileno())
        return part, self.state_path

    def _exists(self) -> bool:
        return sim_files(self.output).kine.exists()

    def _commit(self, pairs: list[tuple[Path, Path]]) -> None:
        tmp = self.journal.with_suffix(".tmp")
        tmp.write_text(json.dumps([[str(p), str(f)] for p, f in pairs]))
        os.replace(tmp, self.journal)  # from here on, recover() rolls back
        for _, final in pairs:
            if final.exists():
                os.link(final, _prev(final))
        for part, final in pairs:
            os.replace(part, final)
        self.journal.unlink()  # committed
        for _, final in pairs:
            _prev(final).unlink(missing_ok=True)

    @staticmethod
    def _copy(sim: Any, entry: int, writer: SimWriter, event_id: int,
              info: dict[str, Any] | None) -> None:  # fmt: skip
        ROOT = import_root()
        tree = sim.tree
        tree.GetEntry(entry)
        header = ROOT.o2.dataformats.MCEventHeader(getattr(tree, "MCEventHeader."))
        if info is not None:
            put_info(header, "pyo2bias_source_event", int(header.GetEventID()))
            for key, value in info.items():
                put_info(header, key, value)
        header.SetEventID(event_id)
        refs = tree.TrackRefs if tree.GetBranch("TrackRefs") else None
        hits: dict[str, Any] = {}
        for det in sim.detectors:
            branches = HIT_BRANCHES[det].branches
            values = [getattr(tree, b) for b in branches]
            hits[det] = values if det == "TPC" else values[0]
        writer.fill(tree.MCTrack, header, refs, hits)


def _prev(path: Path) -> Path:
    return path.with_name(path.name + ".prev")
