"""Import PyROOT once, in batch mode, without the wheel's alpha-release banner."""

from __future__ import annotations

import threading
import warnings
from types import ModuleType

from pyo2bias.exceptions import RootNotAvailableError

_lock = threading.Lock()
_root: ModuleType | None = None


def import_root() -> ModuleType:
    """Return the ``ROOT`` module, importing it (quietly, in batch mode) on first call."""
    global _root
    if _root is not None:
        return _root
    with _lock:
        if _root is None:
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", message=r"(?s).*alpha stage")
                try:
                    import ROOT
                except ImportError as exc:
                    raise RootNotAvailableError(exc) from exc
            ROOT.gROOT.SetBatch(True)
            _root = ROOT
    return _root


def root_version() -> str:
    """ROOT's version string, e.g. ``6.40.00``."""
    return str(import_root().gROOT.GetVersion())
