"""Common interface and factory of the embedded service's generators."""

from __future__ import annotations

from typing import Any, Protocol

from pyo2bias.exceptions import ConfigurationError
from pyo2bias.simservice.event import GeneratedEvent
from pyo2bias.simservice.params import SimParams

__all__ = ["KNOWN_GENERATORS", "Generator", "make_generator"]

KNOWN_GENERATORS = ("pythia8pp", "boxgen", "extkinO2")


class Generator(Protocol):
    name: str
    applies_vertex: bool  # False for continue mode: tracks keep their own vertices

    def generate(self, index: int, batch_seed: int, params: SimParams, **kw: Any) -> GeneratedEvent:
        """Event ``index`` (1-based) of a batch."""
        ...


def make_generator(name: str, params: SimParams, ext_kin_file: str = "") -> Generator:
    """A generator by its o2-sim name (``-g``)."""
    if name == "pythia8pp":
        from pyo2bias.generators.pythia8 import Pythia8Generator

        return Pythia8Generator(params)
    if name == "boxgen":
        from pyo2bias.generators.box import BoxGenerator

        return BoxGenerator()
    if name == "extkinO2":
        from pyo2bias.generators.extkin import ExtKinO2Generator

        return ExtKinO2Generator(params["GeneratorFromO2Kine.fileName"] or ext_kin_file, params)
    msg = f"-g {name}: unknown generator (the embedded service has {', '.join(KNOWN_GENERATORS)})"
    raise ConfigurationError(msg)
