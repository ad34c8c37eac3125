"""The run configuration of the biasing loop, loaded and validated at the edge.

- ``yamlload``  strict YAML: only true/false are booleans, no octal, no duplicate keys, lines kept
- ``schema``    the keys, their checks, and the frozen dataclasses the loop uses

``load_config("conf/pi0_double_conversion.yaml", ["target=5"])`` gives a :class:`RunConfig`;
every problem is a :class:`~pyo2bias.exceptions.RunConfigError` naming file, key path and line.
Nothing here imports ROOT.
"""

from pyo2bias.config.schema import (
    BatchConfig,
    GeneratorConfig,
    Limits,
    RunConfig,
    ServicesConfig,
    StepConfig,
    config_from_dict,
    load_config,
)

__all__ = [
    "BatchConfig",
    "GeneratorConfig",
    "Limits",
    "RunConfig",
    "ServicesConfig",
    "StepConfig",
    "config_from_dict",
    "load_config",
]


def __dir__() -> list[str]:
    return sorted(__all__)
