"""Compile a C++ macro written for O2 once, load it, and hand its function to Python.

O2 loads transport and trigger macros (``o2::data::Stack::TransportFcn f()``,
``o2::eventgen::Trigger f()``) through ROOT's interpreter, with O2's headers known, so such
macros often include nothing. pyo2bias compiles them with ACLiC behind a generated wrapper that
includes the whole data model first; compiler messages are mapped back to the macro's own file
and line. The library is cached by content: an unchanged macro is never compiled again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyo2bias.datamodel.dictionary import load_datamodel
from pyo2bias.exceptions import MacroCompileError, O2FileNotFoundError
from pyo2bias.rootenv.aclic import CompiledLibrary, compile_cached
from pyo2bias.rootenv.root import import_root

__all__ = ["LoadedMacro", "load_macro"]

_PRELUDE = '#include "pyo2bias/DataModel.h"\n'
_O2_PRELUDE = (
    '#include "SimulationDataFormat/MCTrack.h"\n'
    '#include "DetectorsBase/Stack.h"\n'
    '#include "Generators/Trigger.h"\n'
)
_CALL = re.compile(r"^\s*([A-Za-z_]\w*)\s*(\((.*)\))?\s*$")


@dataclass(frozen=True)
class LoadedMacro:
    """A compiled macro; ``function`` is the C++ function named after it (or as asked)."""

    path: Path
    function_name: str
    library: CompiledLibrary

    @property
    def function(self) -> Any:
        return getattr(import_root(), self.function_name)

    def call(self, *args: Any) -> Any:
        """Call the macro's function, e.g. to get the ``std::function`` it returns."""
        return self.function(*args)


def load_macro(path: str | Path, function: str | None = None) -> LoadedMacro:
    """Compile (once, cached) and load the macro at ``path``.

    ``function`` defaults to the file's stem, as O2 does (``transport_pi0.macro`` ->
    ``transport_pi0``). A macro that does not compile raises
    :class:`~pyo2bias.exceptions.MacroCompileError` naming its file and line.
    """
    path = Path(path).resolve()
    if not path.is_file():
        raise O2FileNotFoundError(str(path), "no such macro file")
    info = load_datamodel()
    name = function or path.stem
    if not _CALL.match(name):
        msg = f"{path}: function name {name!r} is not a C++ identifier"
        raise ValueError(msg)
    prelude = _PRELUDE if info.source == "own" else _O2_PRELUDE
    text = path.read_text()
    source = prelude + text + ("" if text.endswith("\n") else "\n")
    lib_name = "macro_" + re.sub(r"\W", "_", path.stem)
    library = compile_cached(
        lib_name,
        source,
        key_parts=[info.key or info.source, str(path)],
        origin=str(path),
        line_offset=prelude.count("\n"),
        error=MacroCompileError,
    )
    if not hasattr(import_root(), name):
        msg = f"{path}: compiled, but defines no function {name!r}"
        raise MacroCompileError(str(path), str(library.directory / "build.log"), [msg])
    return LoadedMacro(path, name, library)
