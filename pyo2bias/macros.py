"""Compile a C++ macro written for O2 once, load it, and hand what it returns to Python.

O2 loads transport and trigger macros (``o2::data::Stack::TransportFcn f()``,
``o2::eventgen::Trigger f()``) through ROOT's interpreter with O2's headers known, so such
macros often include nothing. pyo2bias compiles them with ACLiC behind a generated wrapper that
includes the data model first and ends with an entry function calling the macro's function (as
O2's ``funcName``, e.g. ``transportPDG(321)``). The wrapper includes the macro where it is, so
its own relative includes work and compiler messages name its file and line. The library is
cached by content (the macro, the local files it includes, the data model): an unchanged macro
is never compiled again, in this process or the next.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from pyo2bias.datamodel.dictionary import load_datamodel
from pyo2bias.exceptions import MacroCompileError, O2FileNotFoundError
from pyo2bias.rootenv.aclic import CompiledLibrary, compile_cached
from pyo2bias.rootenv.root import import_root

__all__ = ["LoadedMacro", "load_macro"]

_PRELUDE_OWN = '#include "pyo2bias/DataModel.h"\n'
_PRELUDE_O2 = (
    '#include "SimulationDataFormat/MCTrack.h"\n'
    '#include "DetectorsBase/Stack.h"\n'
    '#include "Generators/Trigger.h"\n'
)
_LOCAL_INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"', re.M)
# O2's funcName: a function name, optionally with its call arguments ("transportPDG(321)")
_CALL = re.compile(r"^\s*(?P<name>[A-Za-z_]\w*)\s*(?P<args>\(.*\))?\s*$", re.S)
_adapters_declared = False
_loaded_keys: dict[tuple[Path, str], str] = {}  # (macro, call) -> content key loaded in-process


class LoadedMacro:
    """A compiled macro. :attr:`result` is what its function returned, wrapped so that Python
    can call it: a transport function becomes ``pyo2bias::TransportSelector``, a trigger
    ``pyo2bias::EventTrigger`` (each callable like the function it holds)."""

    def __init__(self, path: Path, call: str, entry: str, library: CompiledLibrary) -> None:
        self.path = path
        self.call = call
        self.entry = entry
        self.library = library
        self._result: Any = None

    @property
    def result(self) -> Any:
        """The macro function's return value (the function is called once, then cached)."""
        if self._result is None:
            self._result = getattr(import_root(), self.entry)()
        return self._result

    def __repr__(self) -> str:
        return f"LoadedMacro({str(self.path)!r}, call={self.call!r})"


def load_macro(path: str | Path, function: str | None = None) -> LoadedMacro:
    """Compile (once, cached) and load the macro at ``path``.

    ``function`` is what to call, as O2's ``funcName``: a name, or a name with arguments
    (``"transportPDG(321)"``); default the file's stem with no arguments, as in O2. A macro
    that does not compile raises :class:`~pyo2bias.exceptions.MacroCompileError` naming its
    file and line.
    """
    global _adapters_declared
    path = Path(path).resolve()
    if not path.is_file():
        raise O2FileNotFoundError(str(path), "no such macro file")
    call = function or f"{path.stem}()"
    match = _CALL.match(call)
    if not match:
        msg = f"{path}: cannot call {call!r}: expected NAME or NAME(ARGS)"
        raise ValueError(msg)
    call = f"{match['name']}{match['args'] or '()'}"
    info = load_datamodel()
    prelude = _PRELUDE_OWN if info.source == "own" else _PRELUDE_O2
    head = prelude + f'#include "{path}"\n'
    entry = "pyo2bias_macro_" + hashlib.sha256(f"{path}\0{call}".encode()).hexdigest()[:16]
    tail = (
        '#include "pyo2bias/MacroAdapters.h"\n'
        f"decltype(pyo2bias::wrap({call})) {entry}() {{ return pyo2bias::wrap({call}); }}\n"
    )
    sources = _local_sources(path)
    fingerprint = hashlib.sha256("\0".join(sources).encode()).hexdigest()
    previous = _loaded_keys.get((path, call))
    if previous is not None and previous != fingerprint:
        msg = (
            f"{path} (or a file it includes) changed after it was loaded in this process; "
            "ROOT cannot replace compiled code in a running interpreter: restart the process "
            "to use the new version (it will be compiled then, once)"
        )
        raise MacroCompileError(str(path), "", [msg])
    library = compile_cached(
        "macro_" + re.sub(r"\W", "_", path.stem),
        head + tail,
        key_parts=[info.key or info.source, *sources],
        origin=str(path),
        error=MacroCompileError,
        generated_after=head.count("\n"),
        generated_label=f"<pyo2bias call of {call}>",
    )
    ROOT = import_root()
    if not _adapters_declared:  # lets Python see the holder classes' operator()
        ROOT.gInterpreter.Declare('#include "pyo2bias/MacroAdapters.h"')
        _adapters_declared = True
    _loaded_keys[(path, call)] = fingerprint
    return LoadedMacro(path, call, entry, library)


def _local_sources(path: Path, seen: set[Path] | None = None) -> list[str]:
    """The macro's text and that of the local files it includes (recursively): the cache key."""
    seen = seen if seen is not None else set()
    if path in seen or not path.is_file():
        return []
    seen.add(path)
    text = path.read_text(errors="replace")
    parts = [f"{path}\n{text}"]
    for name in _LOCAL_INCLUDE.findall(text):
        parts += _local_sources((path.parent / name).resolve(), seen)
    return parts
