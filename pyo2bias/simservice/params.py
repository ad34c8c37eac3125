"""O2's configurable parameters (``[Group] key=value`` INI files and ``--configKeyValues``).

The groups the embedded service models are declared here with O2's names, types and defaults;
their keys are validated strictly (an unknown key or a wrong type names the key). Groups it
does not model (e.g. ``align-geom``) are accepted, kept and written to the configuration file,
but have no effect; a warning says so.
"""

from __future__ import annotations

import configparser
import copy
import logging
import re
from pathlib import Path
from typing import Any

from pyo2bias.exceptions import ConfigurationError

__all__ = ["DEFAULTS", "SimParams"]

log = logging.getLogger(__name__)

DEFAULTS: dict[str, dict[str, Any]] = {
    # interaction diamond (cm): sigma_x = sigma_y = 10 um, sigma_z = 6 cm
    "Diamond": {"position": [0.0, 0.0, 0.0], "width": [0.001, 0.001, 6.0]},
    # box generator: particles per event, pseudorapidity, momentum (GeV/c) and phi (deg) ranges
    "BoxGun": {
        "pdg": 211,
        "number": 10,
        "eta": [-1.0, 1.0],
        "prange": [0.1, 5.0],
        "phirange": [0.0, 360.0],
    },
    "Stack": {
        "transportPrimary": "all",
        "transportPrimaryFileName": "",
        "transportPrimaryFuncName": "",
        "transportPrimaryInvert": False,
        "storeSecondaries": True,
        "pruneKine": True,
    },
    "GeneratorFromO2Kine": {
        "skipNonTrackable": True,
        "continueMode": False,
        "roundRobin": False,
        "fileName": "",
    },
    "TriggerExternal": {"fileName": "", "funcName": ""},
    "GeneratorPythia8": {"config": ""},
}
_TRANSPORT_MODES = {"all", "none", "barrel", "external"}
_KEY = re.compile(r"^(?P<group>[\w-]+)\.(?P<key>\w+)(?:\[(?P<index>\d+)\])?$")


def _convert(group: str, key: str, current: Any, text: str) -> Any:
    where = f"{group}.{key}"
    text = text.strip()
    try:
        if isinstance(current, bool):
            low = text.lower()
            if low in {"1", "true", "on", "yes"}:
                return True
            if low in {"0", "false", "off", "no"}:
                return False
            raise ValueError(text)
        if isinstance(current, int):
            return int(text)
        if isinstance(current, float):
            return float(text)
    except ValueError:
        kind = type(current).__name__
        msg = f"{where}: expected {kind}, got {text!r}"
        raise ConfigurationError(msg) from None
    return text


class SimParams:
    """The effective parameters of a simulation, updated from INI files and key=value strings
    (both cumulative, as in O2's server)."""

    def __init__(self) -> None:
        self.values: dict[str, dict[str, Any]] = copy.deepcopy(DEFAULTS)
        self.unmodelled: dict[str, dict[str, str]] = {}

    def copy(self) -> SimParams:
        other = SimParams()
        other.values = copy.deepcopy(self.values)
        other.unmodelled = copy.deepcopy(self.unmodelled)
        return other

    def __getitem__(self, dotted: str) -> Any:
        group, key = dotted.split(".", 1)
        return self.values[group][key]

    def set(self, dotted: str, text: str, *, origin: str = "--configKeyValues") -> None:
        m = _KEY.match(dotted.strip())
        if not m:
            msg = f"{origin}: {dotted!r} is not Group.key or Group.key[i]"
            raise ConfigurationError(msg)
        group, key, index = m["group"], m["key"], m["index"]
        if group not in self.values:
            if group not in self.unmodelled:
                log.warning("parameter group %s is not modelled by the embedded service", group)
            self.unmodelled.setdefault(group, {})[key if index is None else f"{key}[{index}]"] = (
                text
            )
            return
        known = self.values[group]
        if key not in known:
            msg = f"{origin}: unknown key {group}.{key} (known: {', '.join(sorted(known))})"
            raise ConfigurationError(msg)
        current = known[key]
        if isinstance(current, list):
            if index is None:
                items = [s for s in re.split(r"[,\s]+", text.strip().strip("{}")) if s]
                if len(items) != len(current):
                    msg = f"{origin}: {group}.{key} needs {len(current)} values, got {text!r}"
                    raise ConfigurationError(msg)
                known[key] = [_convert(group, key, current[0], s) for s in items]
            else:
                i = int(index)
                if i >= len(current):
                    msg = f"{origin}: {group}.{key}[{i}] out of range (size {len(current)})"
                    raise ConfigurationError(msg)
                current[i] = _convert(group, key, current[i], text)
        elif index is not None:
            msg = f"{origin}: {group}.{key} is not an array"
            raise ConfigurationError(msg)
        else:
            known[key] = _convert(group, key, current, text)
        self._check(group, key, origin)

    def _check(self, group: str, key: str, origin: str) -> None:
        if group == "Stack" and key == "transportPrimary":
            mode = self.values["Stack"]["transportPrimary"]
            if mode not in _TRANSPORT_MODES:
                allowed = ", ".join(sorted(_TRANSPORT_MODES))
                msg = f"{origin}: Stack.transportPrimary must be one of {allowed}, not {mode!r}"
                raise ConfigurationError(msg)

    def update_from_string(self, text: str) -> None:
        """``"A.b=1;C.d[2]=3"`` (O2's --configKeyValues)."""
        for item in text.split(";"):
            if not item.strip():
                continue
            if "=" not in item:
                msg = f"--configKeyValues: {item!r} has no '='"
                raise ConfigurationError(msg)
            dotted, value = item.split("=", 1)
            self.set(dotted, value)

    def update_from_file(self, path: str | Path) -> None:
        """An O2 INI file (``[Group]`` sections of ``key=value``)."""
        path = Path(path)
        if not path.is_file():
            msg = f"--configFile: {path}: no such file"
            raise ConfigurationError(msg)
        parser = configparser.ConfigParser(interpolation=None, strict=True)
        parser.optionxform = str  # keys are case-sensitive
        try:
            parser.read(path)
        except configparser.Error as exc:
            msg = f"--configFile: {path}: {exc}".replace("\n", " ")
            raise ConfigurationError(msg) from None
        for section in parser.sections():
            for key, value in parser.items(section):
                self.set(f"{section}.{key}", value, origin=str(path))

    def to_ini(self) -> str:
        """The effective parameters as an INI text (O2 writes ``<prefix>_configuration.ini``)."""
        lines = []
        for group, items in {**self.values, **self.unmodelled}.items():
            lines.append(f"[{group}]")
            for key, value in items.items():
                if isinstance(value, list):
                    value = ",".join(str(v) for v in value)
                elif isinstance(value, bool):
                    value = "true" if value else "false"
                lines.append(f"{key}={value}")
            lines.append("")
        return "\n".join(lines)
