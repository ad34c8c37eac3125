"""The ``pyo2bias`` command: a thin layer over the library (one module per subcommand)."""
