"""``python -m pyo2bias`` is the ``pyo2bias`` command."""

from pyo2bias.cli.main import main

raise SystemExit(main())
