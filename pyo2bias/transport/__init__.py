"""Transport: what happens to the tracks of an event between generator and files.

:class:`~pyo2bias.transport.base.Transport` is the interface the service's workers call; the
detector transport (geometry, field, conversions, decays, hits) plugs in behind it.
"""

from pyo2bias.transport.base import PrimaryOnlyTransport, Transport, finish_event
from pyo2bias.transport.pruning import keep_mask, prune

__all__ = ["PrimaryOnlyTransport", "Transport", "finish_event", "keep_mask", "prune"]
