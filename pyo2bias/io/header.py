"""Read the typed key/value information of an ``MCEventHeader`` into a Python dict."""

from __future__ import annotations

import ctypes
from typing import Any

__all__ = ["encode_info", "header_info", "put_info"]

# Itanium-ABI mangled typeid names, as O2's RootSerializableKeyValueStore records them.
_TYPES = {
    "i": "int",
    "j": "unsigned int",
    "l": "long",
    "m": "unsigned long",
    "x": "long long",
    "y": "unsigned long long",
    "f": "float",
    "d": "double",
    "b": "bool",
    "NSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEE": "std::string",
}


def header_info(header: Any) -> dict[str, Any]:
    """Every info entry of an ``o2::dataformats::MCEventHeader`` whose type is a number, a
    bool or a string; other types are returned as ``(mangled type name, None)``."""
    from pyo2bias.rootenv.root import import_root

    ROOT = import_root()
    _declare(ROOT)
    out: dict[str, Any] = {}
    valid = ctypes.c_bool(False)
    for entry in ROOT.pyo2bias.infoEntries(header):
        key, mangled = str(entry.first), str(entry.second)
        cpp = _TYPES.get(mangled)
        if cpp is None:
            out[key] = (mangled, None)
            continue
        value = header.getInfo[cpp](key, valid)
        out[key] = str(value) if cpp == "std::string" else value
    return out


_declared = False


def _declare(ROOT: Any) -> None:
    global _declared
    if not _declared:  # works with O2's classes too: only reflection and O2's own API
        ROOT.gInterpreter.Declare('#include "pyo2bias/HeaderInfo.h"')
        _declared = True


def put_info(header: Any, key: str, value: Any) -> None:
    """Store a Python bool, int, float or str in the header's info (as O2's C++ types)."""
    if isinstance(value, bool):
        header.putInfo["bool"](key, value)
    elif isinstance(value, int):
        if -(2**31) <= value < 2**31:
            header.putInfo["int"](key, value)
        else:
            header.putInfo["unsigned long"](key, value & ((1 << 64) - 1))
    elif isinstance(value, float):
        header.putInfo["double"](key, value)
    elif isinstance(value, str):
        header.putInfo["std::string"](key, value)
    # other types (e.g. unreadable entries of an input header) are not carried over


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def encode_info(info: dict[str, Any]) -> str:
    """Info entries as the text ``pyo2bias::putInfoText`` (HeaderInfo.h) stores in one call,
    with the C++ types :func:`put_info` would choose."""
    lines = []
    for key, value in info.items():
        if isinstance(value, bool):
            kind, text = "b", "1" if value else "0"
        elif isinstance(value, int):
            small = -(2**31) <= value < 2**31
            value = int(value)  # plain digits, also for int subclasses
            kind, text = ("i", str(value)) if small else ("m", str(value & ((1 << 64) - 1)))
        elif isinstance(value, float):
            kind, text = "d", repr(float(value))  # repr of numpy scalars is not a number
        elif isinstance(value, str):
            kind, text = "s", _escape(value)
        else:  # as put_info: other types are not carried over
            continue
        lines.append(f"{kind}\t{_escape(key)}\t{text}")
    return "\n".join(lines)
