"""The biasing loop: trial batches to exactly the target, continuation, report.

``BiasingLoop.from_yaml(path).run()`` is the Python entry point; ``pyo2bias run`` the command.
"""

from pyo2bias.loop.biasing import BiasingLoop, LoopResult, Progress
from pyo2bias.loop.records import BatchRecord, RunSummary

__all__ = ["BatchRecord", "BiasingLoop", "LoopResult", "Progress", "RunSummary"]
