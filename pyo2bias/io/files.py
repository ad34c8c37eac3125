"""File names of O2 simulation output for a prefix (o2::base::NameConf conventions)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pyo2bias.datamodel.detectors import DETECTORS

__all__ = ["SimFiles", "sim_files"]

TREE_NAME = "o2sim"


@dataclass(frozen=True)
class SimFiles:
    """Paths of the files o2-sim writes for one output prefix."""

    prefix: str
    kine: Path
    header: Path
    grp: Path
    hits: dict[str, Path] = field(default_factory=dict)  # only files that exist


def sim_files(prefix: str | Path) -> SimFiles:
    """The files of ``prefix`` (``/path/o2sim`` -> ``/path/o2sim_Kine.root``...).

    ``hits`` lists the ``<prefix>_Hits<DET>.root`` files present on disk.
    """
    prefix = str(prefix)
    for suffix in ("_Kine.root", "_MCHeader.root"):  # a file name given for its prefix
        prefix = prefix.removesuffix(suffix)
    hits = {}
    for det in DETECTORS:
        path = Path(f"{prefix}_Hits{det}.root")
        if path.exists():
            hits[det] = path
    return SimFiles(
        prefix=prefix,
        kine=Path(f"{prefix}_Kine.root"),
        header=Path(f"{prefix}_MCHeader.root"),
        grp=Path(f"{prefix}_grp.root"),
        hits=hits,
    )
