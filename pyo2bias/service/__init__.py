"""Drive o2-sim services from Python: start, submit batches, watch, tear down.

:class:`SimService` starts the real ``o2-sim`` or pyo2bias's embedded service (same protocol),
subscribes to its four notification channels, and always cleans up: on ``stop()``, at the end
of a ``with`` block, at interpreter exit and on SIGINT/SIGTERM of the owning process.
"""

from pyo2bias.service.backend import Backend, service_command
from pyo2bias.service.client import BatchHandle, BatchResult, SimService

__all__ = ["Backend", "BatchHandle", "BatchResult", "SimService", "service_command"]
