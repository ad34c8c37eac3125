"""The ROOT compression setting the embedded service writes its output files with.

O2 writes with ROOT's default, zlib level 1 (setting 101). The embedded service defaults to
ZSTD level 1 (501): on pythia8pp events with full transport the files come out the same size
(58 kB per event either way), while the merger spends 0.14 ms per event compressing instead of
3.3 ms (measured here, README "Output compression"); with a fast transport the merger's
compression, not the transport, would otherwise bound the service. ROOT reads ZSTD since 6.20;
uproot needs the ``zstandard`` package. ``PYO2BIAS_SIM_COMPRESSION=101`` writes as O2 does.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from pyo2bias.exceptions import ConfigurationError

__all__ = ["COMPRESSION_ENV", "DEFAULT_COMPRESSION", "output_compression"]

COMPRESSION_ENV = "PYO2BIAS_SIM_COMPRESSION"
DEFAULT_COMPRESSION = 501
_ALGORITHMS = {1: "zlib", 2: "lzma", 4: "lz4", 5: "zstd"}  # ROOT::RCompressionSetting


def output_compression(environ: Mapping[str, str] | None = None) -> int:
    """The setting (100 * algorithm + level, or 0 for none) from the environment."""
    text = (os.environ if environ is None else environ).get(COMPRESSION_ENV, "").strip()
    if not text:
        return DEFAULT_COMPRESSION
    algorithms = ", ".join(f"{a} {name}" for a, name in _ALGORITHMS.items())
    problem = (f"{COMPRESSION_ENV}={text!r}: expected 0 (none) or 100 * algorithm + level "
               f"with algorithm {algorithms} and level 1-9, e.g. 101 (O2's) or 501")  # fmt: skip
    if not text.isdigit():
        raise ConfigurationError(problem)
    value = int(text)
    if value != 0 and (value // 100 not in _ALGORITHMS or not 1 <= value % 100 <= 9):
        raise ConfigurationError(problem)
    return value
