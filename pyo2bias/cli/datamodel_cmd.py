"""``pyo2bias datamodel``: load (building once if needed) the data model and say from where."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser("datamodel", help="build or locate the O2 data-model dictionary")
    p.add_argument(
        "--mode",
        choices=["auto", "o2", "own"],
        default=None,
        help="O2's libraries, pyo2bias's own, or auto (default: $PYO2BIAS_DATAMODEL)",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from pyo2bias.datamodel.dictionary import load_datamodel

    info = load_datamodel(args.mode)
    action = "compiled" if info.built else "loaded"
    sys.stdout.write(f"data model: {info.source}, {action} in {info.seconds:.2f} s\n")
    if info.library:
        sys.stdout.write(f"library: {info.library}\nkey: {info.key}\n")
    for d in info.include_dirs:
        sys.stdout.write(f"include: {d}\n")
    return 0
