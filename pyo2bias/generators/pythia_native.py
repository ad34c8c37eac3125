"""Pythia8 called from C++ rather than through pythia8mc's Python binding.

The binding costs about 1 ms per event on top of Pythia itself: ``nextBatch`` packs the whole
record into 39 buffers, and the decayer's per-particle calls add up. ``native/PythiaNative.cxx``
is compiled (once, cached by content) against the Pythia8 headers of the *installed* pythia8mc
and calls the very library that binding loaded, so events and decays are the same, number for
number (tests compare the two). Its C interface is loaded with ctypes: no C++ type crosses,
which matters because the pythia8mc wheel uses the old ``std::string`` ABI and ROOT the new.

Headers come from ``$PYO2BIAS_PYTHIA8_INCLUDE``, ``<venv>/include/pythia8mc-<version>``
(``dev/fetch_pythia_headers.py`` puts them there from the pythia8mc sdist) or
``$PYTHIA8_ROOT/include``. Without headers or a compiler, or with ``PYO2BIAS_PYTHIA_NATIVE=0``,
:func:`native_library` returns None and the binding is used.
"""

from __future__ import annotations

import ctypes
import hashlib
import logging
import os
import re
import shutil
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from pyo2bias.exceptions import ConfigurationError
from pyo2bias.simservice.event import TRACK_DTYPE

__all__ = ["NativePythia", "header_dir", "native_library"]

log = logging.getLogger(__name__)

_SOURCE = Path(__file__).with_name("native") / "PythiaNative.cxx"
_OLD_ABI_SYMBOL = "_ZN7Pythia86PythiaC1ESsb"  # Pythia(std::string, bool), pre-C++11 string ABI
_TRIES = 1000  # failed next() calls in a row before giving up on an event
_library: ctypes.CDLL | None = None
_tried = False


def _pythia8mc() -> tuple[Path, str]:
    import pythia8mc

    return Path(pythia8mc.__file__), metadata.version("pythia8mc")


def _header_version(pythia_h: Path) -> int | None:
    m = re.search(r"#define\s+PYTHIA_VERSION_INTEGER\s+(\d+)", pythia_h.read_text(errors="replace"))
    return int(m.group(1)) if m else None


def _version_integer(version: str) -> int:
    major, minor = version.split(".")[:2]
    return int(major) * 1000 + int(minor)  # pythia8mc 8.317.2 is Pythia 8.317: 8317


def header_dir() -> Path | None:
    """Where ``Pythia8/Pythia.h`` of the installed pythia8mc's Pythia version is, if anywhere.
    Headers of another version are passed over (class layouts differ between versions)."""
    _, version = _pythia8mc()
    wanted = _version_integer(version)
    candidates = [os.environ.get("PYO2BIAS_PYTHIA8_INCLUDE", ""),
                  str(Path(sys.prefix) / "include" / f"pythia8mc-{version}")]  # fmt: skip
    if os.environ.get("PYTHIA8_ROOT"):
        candidates.append(str(Path(os.environ["PYTHIA8_ROOT"]) / "include"))
    for c in candidates:
        header = Path(c) / "Pythia8" / "Pythia.h"
        if not c or not header.is_file():
            continue
        found = _header_version(header)
        if found == wanted:
            return Path(c)
        log.info("%s is Pythia %s, pythia8mc %s is %d: not used", header, found, version, wanted)
    return None


def _build(headers: Path, binding: Path) -> Path:
    from pyo2bias.datamodel.dictionary import support_dir
    from pyo2bias.rootenv.aclic import cache_dir, file_lock

    support = support_dir()
    compiler = os.environ.get("CXX", "g++")
    if shutil.which(compiler) is None:
        msg = f"no C++ compiler ({compiler})"
        raise FileNotFoundError(msg)
    old_abi = hasattr(ctypes.CDLL(str(binding)), _OLD_ABI_SYMBOL)
    flags = ["-O2", "-fPIC", "-shared", "-std=c++17",
             f"-D_GLIBCXX_USE_CXX11_ABI={0 if old_abi else 1}", f"-I{headers}", f"-I{support}"]
    version = subprocess.run([compiler, "--version"], capture_output=True, text=True, check=False)
    h = hashlib.sha256()
    sources = [_SOURCE, support / "pyo2bias" / "PythiaRows.h", support / "pyo2bias" / "TrackRow.h",
               headers / "Pythia8" / "Pythia.h"]
    for part in (*(f.read_text() for f in sources), " ".join(flags), version.stdout, str(binding)):
        h.update(part.encode())
        h.update(b"\0")
    directory = cache_dir() / "native" / f"pyo2bias_pythia-{h.hexdigest()[:16]}"
    library = directory / "libpyo2bias_pythia.so"
    failed = f"compiling {_SOURCE} failed; see {directory / 'build.log'}"
    with file_lock(directory.with_name(directory.name + ".lock")):
        if (directory / "COMPLETE").exists() and library.exists():
            return library
        if (directory / "FAILED").exists():  # the same inputs failed before: do not retry
            raise RuntimeError(failed)
        directory.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        log.info("compiling %s against the Pythia8 headers in %s", _SOURCE.name, headers)
        # linked against the binding's file itself, so it loads without exporting that
        # Pythia to the rest of the process (RTLD_GLOBAL)
        cmd = [compiler, *flags, str(_SOURCE), str(binding), "-o", str(library)]
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        (directory / "build.log").write_text(" ".join(cmd) + "\n" + done.stdout + done.stderr)
        if done.returncode != 0:
            (directory / "FAILED").write_text(f"{time.time()}\n")
            raise RuntimeError(failed)
        (directory / "COMPLETE").write_text(f"{time.time()}\n")
        log.info("compiled in %.1f s", time.perf_counter() - start)
    return library


def native_library() -> ctypes.CDLL | None:
    """The compiled C interface to pythia8mc's Pythia, or None (the reason is logged once)."""
    global _library, _tried
    if _tried:
        return _library
    _tried = True
    if os.environ.get("PYO2BIAS_PYTHIA_NATIVE", "1") == "0":
        return None
    try:
        binding, version = _pythia8mc()
    except (ImportError, metadata.PackageNotFoundError):
        return None  # no pythia8mc: the binding path reports it where Pythia is needed
    headers = header_dir()
    if headers is None:
        log.info("no Pythia8 headers for pythia8mc (run dev/fetch_pythia_headers.py): Pythia8 "
                 "is driven through its Python binding")  # fmt: skip
        return None
    try:
        library = _build(headers, binding)
        loaded = _declare(ctypes.CDLL(str(library)))
        built_for, installed = loaded.p8_header_version(), _version_integer(version)
        if built_for != installed:  # header_dir checks this; a stale cache must not slip by
            msg = f"{library} was built for Pythia {built_for}, pythia8mc is {installed}"
            raise RuntimeError(msg)
        _library = loaded
    except (OSError, RuntimeError) as err:
        log.warning("Pythia8 C++ interface unavailable (%s): using the Python binding", err)
        _library = None
    return _library


def _declare(lib: ctypes.CDLL) -> ctypes.CDLL:
    vp, cp, ip, dp = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_double
    signatures: dict[str, tuple[Any, list[Any]]] = {
        "p8_error": (cp, [vp]),
        "p8_create": (vp, [cp]),
        "p8_destroy": (None, [vp]),
        "p8_read_string": (ip, [vp, cp]),
        "p8_read_file": (ip, [vp, cp]),
        "p8_init": (ip, [vp]),
        "p8_seed": (None, [vp, ip]),
        "p8_parm": (dp, [vp, cp]),
        "p8_next_rows": (ctypes.c_long, [vp, ip, vp, vp, ctypes.c_long, vp]),
        "p8_info": (None, [vp, vp, vp, vp]),
        "p8_properties": (ip, [vp, ip, vp, vp, vp]),
        "p8_decay": (ctypes.c_long, [vp, ip, vp, vp, vp, ctypes.c_long, vp, vp, vp]),
        "p8_header_version": (ip, []),
    }
    for name, (restype, argtypes) in signatures.items():
        fn = getattr(lib, name)
        fn.restype, fn.argtypes = restype, argtypes
    return lib


def _ptr(a: np.ndarray) -> int:
    return a.__array_interface__["data"][0]


class NativePythia:
    """One Pythia8 instance driven through the C interface (see the module docstring)."""

    def __init__(self, lib: ctypes.CDLL, settings: tuple[str, ...], config_file: str = "") -> None:
        binding, _ = _pythia8mc()  # its xmldoc, where the binding finds it
        default = binding.parent.parent.parent.parent / "share" / "Pythia8" / "xmldoc"
        xml = os.environ.get("PYTHIA8DATA") or str(default)
        self.lib = lib
        self.handle = lib.p8_create(xml.encode())
        if not self.handle:
            msg = f"Pythia8 (C++ interface) could not be created with xmldoc {xml}"
            raise ConfigurationError(msg)
        for line in settings:
            if not lib.p8_read_string(self.handle, line.encode()):
                msg = f"Pythia8 refused the setting {line!r} {self._error()}"
                raise ConfigurationError(msg.strip())
        if config_file and not lib.p8_read_file(self.handle, config_file.encode()):
            msg = f"GeneratorPythia8.config: cannot read {config_file} {self._error()}"
            raise ConfigurationError(msg.strip())
        if not lib.p8_init(self.handle):
            msg = (f"Pythia8 initialisation failed (xmldoc {xml}; Pythia's own messages are in "
                   f"the worker log) {self._error()}")  # fmt: skip
            raise ConfigurationError(msg.strip())
        self._row_bytes = TRACK_DTYPE.itemsize  # pyo2bias::TrackRow, the rows' layout in C++
        self._reserve_rows(2048)
        self._failed = np.zeros(1, np.int32)
        self._info = np.zeros(3, np.float64)
        self._code = np.zeros(1, np.int32)
        self._out = (_ptr(self._failed), _ptr(self._code), _ptr(self._info), _ptr(self._info[1:]))
        self._reserve_decays(64)

    def _reserve_rows(self, capacity: int) -> None:
        self._capacity = capacity
        self._rows = np.empty(capacity * self._row_bytes, np.uint8)
        self._hepmc = np.empty(capacity, np.int32)
        self._rows_at = (_ptr(self._rows), _ptr(self._hepmc))

    def _reserve_decays(self, n: int) -> None:
        """Buffers for up to ``n`` decaying particles (no decay table has over 8 products)."""
        self._decays = n
        self._counts = np.zeros(n, np.int32)
        self._species = np.empty(16 * n, np.int32)
        self._p4 = np.empty((16 * n, 4))
        self._decays_at = (_ptr(self._counts), _ptr(self._species), _ptr(self._p4))

    def _error(self) -> str:
        return (self.lib.p8_error(self.handle) or b"").decode(errors="replace")

    def parm(self, key: str) -> float:
        return float(self.lib.p8_parm(self.handle, key.encode()))

    def seed(self, seed: int) -> None:
        self.lib.p8_seed(self.handle, int(seed))

    def next_rows(self) -> tuple[np.ndarray, np.ndarray]:
        """Generate the next event (retrying failures, as ``while not next()``, but raising
        after 1000 in a row): its entries 1..n as primaries (``TRACK_DTYPE``) and their HepMC
        status codes."""
        lib, tries = self.lib, _TRIES
        while True:
            n = lib.p8_next_rows(self.handle, tries, *self._rows_at, self._capacity,
                                 self._out[0])  # fmt: skip
            if n == -1:
                msg = f"Pythia8 failed to generate an event {_TRIES} times in a row"
                raise RuntimeError(msg)
            if n == -2:
                msg = f"Pythia8 event generation: {self._error()}"
                raise RuntimeError(msg)
            if self._failed[0]:
                log.warning("Pythia8 failed to generate an event %d time(s); tried again",
                            int(self._failed[0]))  # fmt: skip
            if n <= self._capacity:
                break
            self._reserve_rows(2 * n)  # read the same event again, with room for it
            tries = 0
        tracks = self._rows[: n * self._row_bytes].view(TRACK_DTYPE).copy()
        return tracks, self._hepmc[:n].copy()

    def info(self) -> tuple[int, float, float]:
        """(process code, weight, running cross-section estimate in mb) of the last event."""
        self.lib.p8_info(self.handle, *self._out[1:])
        return int(self._code[0]), float(self._info[0]), float(self._info[1])

    def properties(self, pdg: int) -> tuple[float, float, float]:
        """(charge in e, mass in GeV, c*tau in cm; 0 when stable or unknown)."""
        out = np.zeros(3)
        if self.lib.p8_properties(self.handle, int(pdg), _ptr(out), _ptr(out[1:]),
                                  _ptr(out[2:])) == -2:  # fmt: skip
            msg = f"Pythia8 particle data of {pdg}: {self._error()}"
            raise RuntimeError(msg)
        return float(out[0]), float(out[1]), float(out[2]) / 10.0

    def decay(self, pdg: np.ndarray, p3: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Decay each particle (pdg, momentum (n, 3) in GeV) on its own, in one Pythia event:
        (daughters per particle, their pdg codes, their (px, py, pz, e))."""
        n = len(pdg)
        pdg = np.ascontiguousarray(pdg, np.int32)
        p3 = np.ascontiguousarray(p3, np.float64)
        if n > self._decays:
            self._reserve_decays(2 * n)
        capacity = 16 * self._decays
        total = self.lib.p8_decay(self.handle, n, _ptr(pdg), _ptr(p3), self._decays_at[0],
                                  capacity, *self._decays_at[1:], self._out[0])  # fmt: skip
        if total < 0:
            detail = "too many products" if total == -1 else self._error()
            msg = f"Pythia8 decays of {pdg.tolist()}: {detail}"
            raise RuntimeError(msg)
        if self._failed[0]:
            log.warning("Pythia could not decay %d of %d particles", int(self._failed[0]), n)
        return self._counts[:n].copy(), self._species[:total].copy(), self._p4[:total].copy()

    def __del__(self) -> None:
        handle, self.handle = getattr(self, "handle", None), None
        if handle:
            self.lib.p8_destroy(handle)
