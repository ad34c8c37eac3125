"""Make O2's data-model classes available to ROOT in this process.

Inside an O2 environment (``O2_ROOT`` set and O2's libraries loadable) O2's own dictionaries
are loaded and pyo2bias declares nothing. Elsewhere pyo2bias's headers (same class names,
members and versions as O2) are compiled once by ACLiC into the cache and loaded from there.
``PYO2BIAS_DATAMODEL=auto|o2|own`` overrides the choice.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Literal

from pyo2bias.exceptions import O2EnvironmentError
from pyo2bias.rootenv.aclic import add_include_dir, compile_cached
from pyo2bias.rootenv.root import import_root

__all__ = ["DataModelInfo", "include_dir", "load_datamodel", "support_dir"]

log = logging.getLogger(__name__)

Source = Literal["own", "o2"]
_O2_LIBRARIES = (
    "libO2CommonUtils",
    "libO2DetectorsCommonDataFormats",
    "libO2SimulationDataFormat",
    "libO2DataFormatsParameters",
    "libO2ITSMFTSimulation",
    "libO2TOFSimulation",
    "libO2TPCSimulation",
    "libO2DetectorsBase",
    "libO2Generators",
)
_DICT_NAME = "pyo2bias_datamodel"
_lock = threading.Lock()
_info: DataModelInfo | None = None


@dataclass(frozen=True)
class DataModelInfo:
    """Which data model is loaded, from where, and whether this process had to compile it."""

    source: Source
    include_dirs: tuple[Path, ...]
    library: Path | None  # pyo2bias's dictionary library (None inside O2)
    key: str | None  # cache key of that library
    built: bool  # True when this process compiled the dictionary
    seconds: float


def include_dir() -> Path:
    """pyo2bias's replicas of O2's headers, in O2's layout (``SimulationDataFormat/...``).

    Only on the include path outside O2.
    """
    return Path(str(resources.files("pyo2bias.datamodel") / "include"))


def support_dir() -> Path:
    """pyo2bias's own C++ helpers (``pyo2bias/...``); on the include path in both modes."""
    return Path(str(resources.files("pyo2bias.datamodel") / "support"))


def _header_files() -> list[tuple[Path, Path]]:
    return sorted(
        (root, p)
        for root in (include_dir(), support_dir())
        for p in root.rglob("*")
        if p.suffix in {".h", ".cxx"}
    )


def _o2_available() -> bool:
    if not os.environ.get("O2_ROOT"):
        return False
    ROOT = import_root()
    return bool(ROOT.gSystem.DynamicPathName("libO2SimulationDataFormat", True))


def _load_o2() -> DataModelInfo:
    ROOT = import_root()
    start = time.perf_counter()
    o2_root = Path(os.environ["O2_ROOT"])
    for lib in _O2_LIBRARIES:
        if ROOT.gSystem.Load(lib) < 0:
            msg = f"O2 library {lib} cannot be loaded (O2_ROOT={o2_root}); is the environment set?"
            raise O2EnvironmentError(msg)
    dirs = [o2_root / "include"]
    fair = os.environ.get("FAIRROOT_ROOT")
    if fair:
        dirs += [Path(fair) / "include", Path(fair) / "include" / "fairroot"]
    dirs = [d for d in dirs if d.is_dir()] + [support_dir()]
    for d in dirs:
        add_include_dir(d)
    # pyo2bias's helpers that use only O2's own API (RDataFrame summaries, header info)
    ROOT.gInterpreter.Declare('#include "pyo2bias/EventSummary.h"')
    return DataModelInfo("o2", tuple(dirs), None, None, False, time.perf_counter() - start)


def _load_own() -> DataModelInfo:
    ROOT = import_root()
    inc = include_dir()
    dirs = [inc, support_dir()]
    if not Path(str(ROOT.gROOT.GetIncludeDir()), "TMCProcess.h").exists():
        dirs.append(inc / "compat")  # ROOT built without VMC: our TMCProcess codes
    for d in dirs:
        add_include_dir(d)
    key_parts = [f"{p.relative_to(root)}\n{p.read_text()}" for root, p in _header_files()]
    source = (support_dir() / "pyo2bias" / "DataModelDict.cxx").read_text()
    lib = compile_cached(_DICT_NAME, source, key_parts=key_parts)
    return DataModelInfo("own", tuple(dirs), lib.library, lib.key, lib.built, lib.seconds)


def load_datamodel(mode: str | None = None) -> DataModelInfo:
    """Load the O2 data model into ROOT (once per process) and say where it came from.

    ``mode``: ``"auto"`` (default; O2's libraries when available, else pyo2bias's own),
    ``"o2"`` (O2's or an error) or ``"own"``. Defaults to ``$PYO2BIAS_DATAMODEL``.
    """
    global _info
    mode = mode or os.environ.get("PYO2BIAS_DATAMODEL", "auto")
    if mode not in {"auto", "o2", "own"}:
        msg = f"PYO2BIAS_DATAMODEL must be auto, o2 or own, not {mode!r}"
        raise ValueError(msg)
    with _lock:
        if _info is not None:
            if mode != "auto" and mode != _info.source:
                msg = f"data model already loaded from {_info.source!r}; cannot switch to {mode!r}"
                raise O2EnvironmentError(msg)
            return _info
        if mode == "o2" or (mode == "auto" and _o2_available()):
            if mode == "o2" and not _o2_available():
                msg = (
                    "PYO2BIAS_DATAMODEL=o2 but O2_ROOT is unset or "
                    "libO2SimulationDataFormat is not found"
                )
                raise O2EnvironmentError(msg)
            _info = _load_o2()
        else:
            _info = _load_own()
        log.info("data model: %s (%.2f s)", _info.source, _info.seconds)
        return _info
