"""Open ROOT files defensively: every failure becomes an error that names the file."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pyo2bias.exceptions import NotAnO2FileError, O2FileCorruptError, O2FileNotFoundError
from pyo2bias.rootenv.root import import_root

__all__ = ["open_root_file", "require_tree"]


@contextlib.contextmanager
def quiet_root(level: int = 6001) -> Iterator[None]:
    """Silence ROOT's own error printout while we turn failures into exceptions."""
    ROOT = import_root()
    saved = ROOT.gErrorIgnoreLevel
    ROOT.gErrorIgnoreLevel = level
    try:
        yield
    finally:
        ROOT.gErrorIgnoreLevel = saved


def open_root_file(path: Path | str, what: str) -> Any:
    """Open ``path`` read-only; raise if missing, not ROOT, or truncated (recovered by ROOT)."""
    ROOT = import_root()
    path = Path(path)
    if not path.exists():
        raise O2FileNotFoundError(str(path), f"no such file (expected the {what})")
    if path.is_dir():
        raise O2FileCorruptError(str(path), f"is a directory, not the {what}")
    with quiet_root():
        try:
            tfile = ROOT.TFile.Open(str(path), "READ")
        except OSError:  # PyROOT raises instead of returning a zombie
            tfile = None
    if not tfile or tfile.IsZombie():
        with open(path, "rb") as fh:
            is_root = fh.read(4) == b"root"
        reason = "truncated or damaged ROOT file" if is_root else "not a readable ROOT file"
        raise O2FileCorruptError(str(path), f"{reason} (expected the {what})")
    if tfile.TestBit(ROOT.TFile.kRecovered):
        tfile.Close()
        raise O2FileCorruptError(
            str(path), f"truncated or not closed properly: ROOT had to recover it ({what})"
        )
    return tfile


def require_tree(tfile: Any, path: Path | str, tree: str, branches: Iterable[str]) -> Any:
    """The TTree ``tree`` of an open file, checked to have every branch in ``branches``."""
    ROOT = import_root()
    with quiet_root():
        obj = tfile.Get(tree)
    if not obj or not isinstance(obj, ROOT.TTree):
        keys = sorted({k.GetName() for k in tfile.GetListOfKeys()})
        raise NotAnO2FileError(
            str(path),
            f"no TTree {tree!r}: not O2 simulation output (keys: {', '.join(keys) or 'none'})",
        )
    names = {b.GetName() for b in obj.GetListOfBranches()}
    for branch in branches:
        if branch not in names:
            raise NotAnO2FileError(
                str(path),
                f"tree {tree!r} has no branch {branch!r} (branches: {', '.join(sorted(names))})",
            )
    return obj
