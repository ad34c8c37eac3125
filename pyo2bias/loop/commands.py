"""The o2-sim command lines the loop sends: the two startups, a trial batch, the continuation.

Kept apart from the loop so that what goes over the wire can be read (and tested) in one place.
Facts: O2's SimAsService_biasing1 run.sh; ``[Stack]`` is read at startup (O2's stack lives in
the workers), generator keys go with each batch.
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from pathlib import Path

from pyo2bias.config import RunConfig

__all__ = ["continuation_command", "startup_args", "trial_command"]

_BUILTIN_TRANSPORT = ("all", "none", "barrel")


def _key_values(*groups: Mapping[str, object]) -> str:
    merged: dict[str, object] = {}
    for group in groups:
        merged.update(group)
    return ";".join(f"{k}={_text(v)}" for k, v in merged.items())


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _transport_keys(config: RunConfig) -> dict[str, object]:
    transport = config.step1.transport or "all"
    if transport in _BUILTIN_TRANSPORT:
        return {"Stack.transportPrimary": transport}
    function = config.step1.transport_function or Path(transport).stem
    return {
        "Stack.transportPrimary": "external",
        "Stack.transportPrimaryFileName": transport,
        "Stack.transportPrimaryFuncName": function,
    }


def startup_args(config: RunConfig, service: int) -> list[str]:
    """Startup of service 1 (partial transport) or 2 (continuation), as an argument list."""
    step = config.step1 if service == 1 else config.step2
    args = ["-j", str(config.services.workers), "-n", "0", "-m", *config.services.modules,
            "-o", f"simservice{service}"]  # fmt: skip
    if service == 1:
        args += ["-g", config.generator.name]
        keys = _key_values(_transport_keys(config), step.config_key_values)
    else:
        keys = _key_values({"GeneratorFromO2Kine.continueMode": True}, step.config_key_values)
    if step.config_file is not None:
        args += ["--configFile", str(step.config_file)]
    args += ["--configKeyValues", keys]
    return args


def trial_command(config: RunConfig, prefix: Path, size: int, seed: int) -> str:
    """One trial batch of service 1."""
    parts = ["-g", config.generator.name, "-n", str(size), "-o", str(prefix), "--seed", str(seed)]
    if config.step1.config_file is not None:
        parts += ["--configFile", str(config.step1.config_file)]
    keys = _key_values(config.generator.config_key_values, config.step1.config_key_values)
    if keys:
        parts += ["--configKeyValues", keys]
    return shlex.join(parts)


def continuation_command(config: RunConfig, kine: Path, n: int, prefix: Path, seed: int) -> str:
    """Service 2 finishes the remaining primaries of the kept events (extkinO2 continue mode)."""
    parts = ["-g", "extkinO2", "--extKinFile", str(kine), "-n", str(n), "-o", str(prefix),
             "--seed", str(seed)]  # fmt: skip
    if config.step2.config_file is not None:
        parts += ["--configFile", str(config.step2.config_file)]
    keys = _key_values({"GeneratorFromO2Kine.continueMode": True}, config.step2.config_key_values)
    parts += ["--configKeyValues", keys]
    return shlex.join(parts)
