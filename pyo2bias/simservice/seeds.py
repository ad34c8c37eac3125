"""Seeds: one batch seed, and from it one independent seed per event.

An event's seed depends only on the batch seed and the event's index, never on which worker
simulates it, so output is identical whatever ``-j``. ``--seed 0`` draws a random batch seed;
any 64-bit value is accepted and mapped into Pythia's range for its generator.
"""

from __future__ import annotations

import os

import numpy as np

__all__ = ["PYTHIA_MAX_SEED", "derive_seed", "event_rng", "event_seed", "resolve_batch_seed"]

PYTHIA_MAX_SEED = 900_000_000  # Pythia's Random:seed must be in [0, 900000000]
_MASK64 = (1 << 64) - 1


def resolve_batch_seed(seed: int) -> int:
    """The batch seed actually used: ``seed`` as unsigned 64-bit, or random when 0."""
    if seed == 0:
        return int.from_bytes(os.urandom(8), "little") or 1
    return seed & _MASK64


def _splitmix64(x: int) -> int:
    x = (x + 0x9E3779B97F4A7C15) & _MASK64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK64
    return x ^ (x >> 31)


def event_seed(batch_seed: int, index: int) -> int:
    """Pythia seed (1..900000000) of event ``index`` of a batch."""
    mixed = _splitmix64(_splitmix64(batch_seed & _MASK64) ^ (index & _MASK64))
    return 1 + mixed % PYTHIA_MAX_SEED


def event_rng(batch_seed: int, index: int, stream: int = 0) -> np.random.Generator:
    """A numpy generator for event ``index``; ``stream`` separates uses (vertex, transport)."""
    return np.random.Generator(
        np.random.PCG64(np.random.SeedSequence([batch_seed & _MASK64, index, stream]))
    )


def derive_seed(base: int, *indices: int) -> int:
    """A seed in 1..2**62 for ``indices`` (e.g. a batch number) under a master seed: the same
    inputs always give the same seed, neighbouring inputs unrelated ones."""
    x = _splitmix64(base & _MASK64)
    for i in indices:
        x = _splitmix64(x ^ (i & _MASK64))
    return 1 + x % (1 << 62)
