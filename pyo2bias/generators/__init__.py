"""Event generators of the embedded service (o2-sim's ``-g``): pythia8pp, boxgen, extkinO2.

Each generator turns (batch seed, event index, parameters) into the primaries of one event,
deterministically: the same inputs give the same event in whichever process runs it.
"""

from pyo2bias.generators.base import Generator, make_generator

__all__ = ["Generator", "make_generator"]
