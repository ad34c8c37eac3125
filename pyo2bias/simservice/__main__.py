"""``python -m pyo2bias.simservice`` (also ``pyo2bias-sim``): o2-sim's command line."""

from __future__ import annotations

import logging
import sys

from pyo2bias.exceptions import CommandParseError


def main(argv: list[str] | None = None) -> int:
    from pyo2bias.simservice.driver import run_driver
    from pyo2bias.simservice.options import parse_startup

    logging.basicConfig(level=logging.INFO, format="%(asctime)s o2sim %(levelname)s %(message)s",
                        stream=sys.stdout)  # fmt: skip
    try:
        opts = parse_startup(sys.argv[1:] if argv is None else argv)
    except CommandParseError as exc:
        sys.stderr.write(f"pyo2bias-sim: error: {exc}\n")
        return 2
    return run_driver(opts)


if __name__ == "__main__":
    raise SystemExit(main())
