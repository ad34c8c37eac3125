"""``python -m pyo2bias.service`` is ``pyo2bias-sim-client``."""

from pyo2bias.service.cli import main

raise SystemExit(main())
