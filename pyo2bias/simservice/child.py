"""Entry point of the service's child processes: ``python -m pyo2bias.simservice.child ROLE``.

The driver passes the role's settings as one JSON argument; stdout/stderr of the child are the
log file the driver opened for it (``<prefix>_serverlog``, ``_workerlog0``, ``_mergerlog``).
"""

from __future__ import annotations

import json
import logging
import signal
import sys


def main(argv: list[str]) -> int:
    role, settings = argv[0], json.loads(argv[1])
    logging.basicConfig(
        level=logging.INFO,
        format=f"%(asctime)s {role}{settings.get('index', '')} %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the driver decides when children stop
    if role == "server":
        from pyo2bias.simservice.server import run_server

        return run_server(settings)
    if role == "worker":
        from pyo2bias.simservice.worker import run_worker

        return run_worker(settings)
    if role == "merger":
        from pyo2bias.simservice.merger import run_merger

        return run_merger(settings)
    sys.stderr.write(f"unknown role {role!r}\n")
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
