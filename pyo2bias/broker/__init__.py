"""The broker: what happens to a batch after the service wrote it.

:class:`~pyo2bias.broker.filter.EventFilter` appends the selected events of each batch to one
output prefix, crash-safely.
"""

from pyo2bias.broker.filter import AppendResult, EventFilter

__all__ = ["AppendResult", "EventFilter"]
