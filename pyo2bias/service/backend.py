"""Which program runs the service: O2's ``o2-sim`` or pyo2bias's embedded service."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Sequence
from enum import StrEnum

__all__ = ["Backend", "resolve_backend", "service_command"]


class Backend(StrEnum):
    AUTO = "auto"
    O2 = "o2"
    EMBEDDED = "embedded"


def resolve_backend(backend: Backend | str = Backend.AUTO) -> Backend:
    """``auto`` means O2 when ``o2-sim`` is on PATH and ``O2_ROOT`` is set, else embedded."""
    backend = Backend(backend)
    if backend is Backend.AUTO:
        has_o2 = shutil.which("o2-sim") is not None and bool(os.environ.get("O2_ROOT"))
        return Backend.O2 if has_o2 else Backend.EMBEDDED
    return backend


def service_command(args: Sequence[str], backend: Backend | str = Backend.AUTO) -> list[str]:
    """The argument list that starts a service with o2-sim's startup ``args``."""
    args = list(args)
    if "--asservice" not in args:
        args += ["--asservice", "1"]
    if resolve_backend(backend) is Backend.O2:
        return ["o2-sim", *args]
    return [sys.executable, "-m", "pyo2bias.simservice", *args]
