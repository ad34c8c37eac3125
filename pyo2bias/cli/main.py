"""Entry point of the ``pyo2bias`` command.

Exit codes: 0 success, 1 a pyo2bias error (bad file, failed compilation...; the message says
which file or key), 2 a usage error (argparse).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from pyo2bias import __version__
from pyo2bias.cli import datamodel_cmd, inspect_cmd, run_cmd
from pyo2bias.exceptions import PyO2BiasError

log = logging.getLogger("pyo2bias")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pyo2bias", description="Event biasing for the ALICE O2 simulation."
    )
    parser.add_argument("--version", action="version", version=f"pyo2bias {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run_cmd.register(sub)
    inspect_cmd.register(sub)
    datamodel_cmd.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    level = logging.WARNING - 10 * min(args.verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    try:
        return int(args.run(args) or 0)
    except PyO2BiasError as exc:
        log.debug("failure", exc_info=True)
        sys.stderr.write(f"pyo2bias: error: {exc}\n")
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
