"""Write O2 simulation output: ``<prefix>_Kine.root``, ``_MCHeader.root``, ``_Hits<DET>.root``.

Trees are named ``o2sim`` and branches are O2's (``MCTrack``, ``MCEventHeader.``,
``TrackRefs``, ``ITSHit``, ``TOFHit``, ``TPCHitsShiftedSector0..35``), split level 99 as in
O2's hit merger. Everything goes to ``<file>.part`` first and is renamed into place only by a
successful :meth:`SimWriter.close`; an error or an :meth:`~SimWriter.abort` leaves no file and
never touches a file already there.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from pyo2bias.datamodel.detectors import HIT_BRANCHES, TPC_SECTORS, readout_detectors
from pyo2bias.datamodel.dictionary import load_datamodel
from pyo2bias.exceptions import O2FileError
from pyo2bias.io.files import TREE_NAME, sim_files
from pyo2bias.rootenv.root import import_root

__all__ = ["SimWriter", "atomic_root_file"]

log = logging.getLogger(__name__)

SPLIT_LEVEL = 99
BASKET_SIZE = 32000


def _part(path: Path) -> Path:
    return path.with_name(path.name + ".part")


@contextlib.contextmanager
def atomic_root_file(path: Path) -> Iterator[Any]:
    """A TFile written as ``path.part`` and renamed to ``path`` when the block succeeds."""
    ROOT = import_root()
    part = _part(path)
    tfile = ROOT.TFile(str(part), "RECREATE")
    if not tfile or tfile.IsZombie():
        raise O2FileError(str(part), "cannot create file")
    try:
        yield tfile
        tfile.Write()
        tfile.Close()
        os.replace(part, path)
    except BaseException:
        tfile.Close()
        part.unlink(missing_ok=True)
        raise


class _TreeFile:
    """One output file with its ``o2sim`` tree and the C++ objects its branches point to."""

    def __init__(
        self,
        path: Path,
        branches: Sequence[tuple[str, str]],
        shared: Mapping[str, Any] | None = None,
        compression: int | None = None,
    ) -> None:
        ROOT = import_root()
        self.path = path
        self.part = _part(path)
        if compression is None:  # ROOT's default, as O2 writes
            self.tfile = ROOT.TFile(str(self.part), "RECREATE")
        else:
            self.tfile = ROOT.TFile(str(self.part), "RECREATE", "", compression)
        if not self.tfile or self.tfile.IsZombie():
            raise O2FileError(str(self.part), "cannot create file")
        self.tree = ROOT.TTree(TREE_NAME, TREE_NAME)
        self.buffers: dict[str, Any] = {}
        for name, cpp_type in branches:
            if shared and name in shared:  # an object another tree's branch fills too
                obj = shared[name]
            elif name.endswith("."):  # "MCEventHeader.": the one object branch O2 writes
                obj = ROOT.o2.dataformats.MCEventHeader()
            else:
                obj = ROOT.std.vector[cpp_type]()
            self.buffers[name] = obj
            self.tree.Branch(name, obj, BASKET_SIZE, SPLIT_LEVEL)

    def fill(self) -> None:
        self.tree.Fill()

    def finish(self) -> None:
        self.tfile.cd()
        self.tree.Write()
        self.tfile.Close()

    def discard(self) -> None:
        with contextlib.suppress(Exception):
            self.tfile.Close()
        self.part.unlink(missing_ok=True)


class SimWriter:
    """Writes events in O2's layout for one output prefix.

    >>> with SimWriter("out/batch0", modules=["PIPE", "ITS", "TPC", "TOF"]) as w:
    ...     w.fill(tracks, header, trackrefs, hits={"ITS": its_hits, "TPC": tpc_by_sector})

    ``tracks`` is a ``std::vector<o2::MCTrack>``, ``header`` an ``o2::dataformats::MCEventHeader``,
    ``trackrefs`` a ``std::vector<o2::TrackReference>``; ``hits`` maps ITS/TOF to a vector of
    their hit type, and TPC to 36 vectors of ``o2::tpc::HitGroup`` (a sequence or a dict by
    sector). Detectors without hits in an event get empty vectors. ``compression`` is a ROOT
    compression setting (e.g. 101, 501); None keeps ROOT's default, which is what O2 writes.
    """

    def __init__(
        self,
        prefix: str | Path,
        modules: Iterable[str] = ("ITS", "TPC", "TOF"),
        *,
        write_header_file: bool = True,
        compression: int | None = None,
    ) -> None:
        load_datamodel()
        self.prefix = str(prefix)
        self.detectors = tuple(d for d in readout_detectors(modules) if d in HIT_BRANCHES)
        unsupported = [d for d in readout_detectors(modules) if d not in HIT_BRANCHES]
        if unsupported:
            log.warning("no hits are written for %s (not modelled)", ", ".join(unsupported))
        files = sim_files(self.prefix)
        Path(self.prefix).parent.mkdir(parents=True, exist_ok=True)
        self._files: dict[str, _TreeFile] = {}
        self._hit_slots: Any = None
        self.n_events = 0
        try:
            self._files["Kine"] = _TreeFile(
                files.kine,
                [
                    ("MCTrack", "o2::MCTrackT<float>"),
                    ("MCEventHeader.", "o2::dataformats::MCEventHeader"),
                    ("TrackRefs", "o2::TrackReference"),
                ],
                compression=compression,
            )
            if write_header_file:  # the same header object as the Kine file's
                self._files["MCHeader"] = _TreeFile(
                    files.header,
                    [("MCEventHeader.", "o2::dataformats::MCEventHeader")],
                    shared={"MCEventHeader.": self._files["Kine"].buffers["MCEventHeader."]},
                    compression=compression,
                )
            for det in self.detectors:
                spec = HIT_BRANCHES[det]
                path = Path(f"{self.prefix}_Hits{det}.root")
                branches = [(b, spec.cpp_type) for b in spec.branches]
                self._files[det] = _TreeFile(path, branches, compression=compression)
        except BaseException:
            self.abort()
            raise

    def fill(
        self, tracks: Any, header: Any, trackrefs: Any = None, hits: Mapping[str, Any] | None = None
    ) -> None:
        """Append one event to every file. Invalid input is rejected before anything is
        filled; a failure while filling aborts the writer (no file is left inconsistent)."""
        if not self._files:
            msg = f"writer of {self.prefix} is closed"
            raise ValueError(msg)
        hits = dict(hits or {})
        unknown = set(hits) - set(self.detectors)
        if unknown:
            msg = f"hits given for {sorted(unknown)} but this writer has {list(self.detectors)}"
            raise ValueError(msg)
        tpc = _tpc_sectors(hits.get("TPC")) if "TPC" in self.detectors else {}
        try:
            self._fill(tracks, header, trackrefs, hits, tpc)
        except BaseException:
            self.abort()
            raise
        self.n_events += 1

    def event_buffers(self) -> tuple[Any, Any]:
        """The ``std::vector<o2::MCTrack>`` and ``MCEventHeader`` the next :meth:`fill_packed`
        writes (so that a caller can fill them in place instead of handing copies)."""
        kine = self._files["Kine"].buffers
        return kine["MCTrack"], kine["MCEventHeader."]

    def fill_packed(self, packet: bytes, tracks: Any = None, header: Any = None) -> None:
        """Append one event whose hits and track references come as one packet
        (``pyo2bias/HitsTransfer.h``), copied straight into the branch buffers. ``tracks``
        and ``header`` are copied in if given; otherwise :meth:`event_buffers` hold them."""
        if not self._files:
            msg = f"writer of {self.prefix} is closed"
            raise ValueError(msg)
        try:
            if tracks is not None:
                self._files["Kine"].buffers["MCTrack"].assign(tracks.begin(), tracks.end())
            if header is not None:
                _copy_header(self._files["Kine"].buffers["MCEventHeader."], header)
            slots, data = self._slots(), np.frombuffer(packet, np.uint8)  # slots declare it
            import_root().pyo2bias.unpackHits(data, len(data), slots)
            self._fill_trees()
        except BaseException:
            self.abort()
            raise
        self.n_events += 1

    def _slots(self) -> Any:
        """The branch buffers as the packet's slots (detectors not written are skipped)."""
        if self._hit_slots is None:
            ROOT = import_root()
            _declare_hits_transfer(ROOT)
            slots = ROOT.pyo2bias.HitSlots()
            slots.refs = self._files["Kine"].buffers["TrackRefs"]
            if "ITS" in self._files:
                slots.its = self._files["ITS"].buffers["ITSHit"]
            if "TOF" in self._files:
                slots.tof = self._files["TOF"].buffers["TOFHit"]
            if "TPC" in self._files:
                for k, branch in enumerate(HIT_BRANCHES["TPC"].branches):
                    slots.tpc[k] = self._files["TPC"].buffers[branch]
            self._hit_slots = slots
        return self._hit_slots

    def _set_kine(self, tracks: Any, header: Any) -> None:
        kine = self._files["Kine"].buffers
        kine["MCTrack"].assign(tracks.begin(), tracks.end())
        _copy_header(kine["MCEventHeader."], header)  # the MCHeader file's header too

    def _fill_trees(self) -> None:
        for tf in self._files.values():
            tf.fill()

    def _fill(self, tracks: Any, header: Any, trackrefs: Any, hits: dict[str, Any],
              tpc: dict[int, Any]) -> None:  # fmt: skip
        self._set_kine(tracks, header)
        _assign(self._files["Kine"].buffers["TrackRefs"], trackrefs)
        for det in self.detectors:
            tf = self._files[det]
            if det == "TPC":
                for sector, branch in enumerate(HIT_BRANCHES["TPC"].branches):
                    _assign(tf.buffers[branch], tpc.get(sector))
            else:
                _assign(tf.buffers[HIT_BRANCHES[det].branches[0]], hits.get(det))
        self._fill_trees()

    def close(self) -> dict[str, Path]:
        """Write and close every file, then move them into place (Kine last).

        Hits files of this prefix for detectors this writer does not write (left by an
        earlier simulation with other modules) are removed: a prefix holds one simulation.
        Closing twice is harmless.
        """
        if not self._files:
            return {}
        parts = self.finish()
        for det, path in sim_files(self.prefix).hits.items():
            if det not in self.detectors:
                log.warning("removing %s: not part of this output", path)
                path.unlink()
        written = {}
        for key, (part, path) in parts.items():
            os.replace(part, path)
            written[key] = path
        log.debug("wrote %d events to %s", self.n_events, self.prefix)
        return written

    def finish(self) -> dict[str, tuple[Path, Path]]:
        """Write and close every file but leave them as ``.part``: {key: (part, final)}, Kine
        last. For callers that commit several outputs together (see the event filter)."""
        order = [k for k in self._files if k != "Kine"] + ["Kine"]
        try:
            for key in order:
                self._files[key].finish()
        except BaseException:
            self.abort()
            raise
        parts = {key: (self._files[key].part, self._files[key].path) for key in order}
        self._files.clear()
        return parts

    def abort(self) -> None:
        """Drop everything written so far; files already on disk stay as they were."""
        for tf in self._files.values():
            tf.discard()
        self._files.clear()

    def __enter__(self) -> SimWriter:
        return self

    def __exit__(self, exc_type: object, *rest: object) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


_hits_transfer_declared = False


def _declare_hits_transfer(ROOT: Any) -> None:
    global _hits_transfer_declared
    if not _hits_transfer_declared:
        ROOT.gInterpreter.Declare('#include "pyo2bias/HitsTransfer.h"')
        _hits_transfer_declared = True


def _copy_header(target: Any, source: Any) -> None:
    target.__assign__(source)


def _assign(target: Any, source: Any) -> None:
    if source is None:
        target.clear()
    else:
        target.assign(source.begin(), source.end())


def _tpc_sectors(given: Any) -> dict[int, Any]:
    if given is None:
        return {}
    if isinstance(given, Mapping):
        bad = [s for s in given if not 0 <= int(s) < TPC_SECTORS]
        if bad:
            msg = f"TPC sectors must be 0..{TPC_SECTORS - 1}, got {bad}"
            raise ValueError(msg)
        return {int(s): v for s, v in given.items()}
    seq = list(given)
    if len(seq) != TPC_SECTORS:
        msg = f"TPC hits need {TPC_SECTORS} sector vectors, got {len(seq)}"
        raise ValueError(msg)
    return dict(enumerate(seq))
