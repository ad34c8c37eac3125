"""o2-sim's service protocol on the wire: endpoints, notification texts, reply codes.

Facts from ../shared/reference/o2sim-service-protocol.md (sections 2-4): all endpoints are IPC
sockets in /tmp named after the driver's pid P; notifications are single text frames
``ORIGIN[TOPIC] : message``; a control reply is one 4-byte little-endian int.
"""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass

__all__ = [
    "REPLY_BUSY",
    "REPLY_OK",
    "REPLY_PARSE_ERROR",
    "Endpoints",
    "decode_reply",
    "encode_reply",
    "socket_files",
]

REPLY_OK = 0
REPLY_BUSY = 1
REPLY_PARSE_ERROR = 2

# notification texts
AWAITING = "AWAITING INPUT"
SETUP_COMPLETED = "SETUP COMPLETED"
PRIMSERVER_AWAITING = f"PRIMSERVER[STATUS] : {AWAITING}"
MERGER_AWAITING = f"MERGER[STATUS] : {AWAITING}"
O2SIM_DONE = "O2SIM[STATE] : DONE"
O2SIM_FAILURE = "O2SIM[STATE] : FAILURE"


def worker_status(index: int, status: str) -> str:
    return f"WORKER{index}[STATUS] : {status}"


def event_distributed(k: int) -> str:
    return f"O2SIM[INFO] : EVENT {k} DISTRIBUTED"


def event_finished(event_id: int, asked: int, finished: int) -> str:
    return f"O2SIM[INFO] : EVENT {event_id} FINISHED {asked} {finished}"


# A subscriber connecting to an IPC endpoint that was just bound needs a moment before it
# receives anything (ZeroMQ's "slow joiner"); a process waits this long after binding its PUB
# before its first notification, so that clients started with it do not miss it.
SUBSCRIBER_GRACE_S = 1.0


def settle(bound_at: float) -> None:
    """Sleep until ``SUBSCRIBER_GRACE_S`` after ``bound_at`` (a ``time.monotonic()``)."""
    import time

    left = bound_at + SUBSCRIBER_GRACE_S - time.monotonic()
    if left > 0:
        time.sleep(left)


def orphaned(driver_pid: int) -> bool:
    """True when the driver is gone (a child was re-parented): the child must exit."""
    return os.getppid() != driver_pid


def encode_reply(code: int) -> bytes:
    return int(code).to_bytes(4, "little", signed=True)


def decode_reply(frame: bytes) -> int:
    return int.from_bytes(frame, "little", signed=True)


@dataclass(frozen=True)
class Endpoints:
    """The IPC addresses of the service whose driver has pid ``pid``."""

    pid: int

    def _ipc(self, name: str) -> str:
        return f"ipc:///tmp/o2sim-{name}-{self.pid}"

    # public: what clients use (names as in O2)
    @property
    def control(self) -> str:
        return self._ipc("control")

    @property
    def notifications(self) -> str:
        return self._ipc("notifications")

    @property
    def primary_notifications(self) -> str:
        return self._ipc("primary-notifications")

    @property
    def merger_notifications(self) -> str:
        return self._ipc("merger-notifications")

    @property
    def worker_notifications(self) -> str:
        return self._ipc("worker-notifications")

    @property
    def all_notifications(self) -> tuple[str, str, str, str]:
        return (
            self.notifications,
            self.primary_notifications,
            self.merger_notifications,
            self.worker_notifications,
        )

    # internal: between the service's own processes
    @property
    def worker_internal(self) -> str:
        return self._ipc("workerinternal")

    @property
    def primary_get(self) -> str:
        return self._ipc("primary-get")

    @property
    def merger_data(self) -> str:
        return self._ipc("hitmerger-simdata")

    @property
    def server_commands(self) -> str:
        return self._ipc("servercmd")

    @property
    def merger_commands(self) -> str:
        return self._ipc("mergercmd")

    @property
    def driver_internal(self) -> str:
        return self._ipc("driverinternal")


def socket_files(pid: int) -> list[str]:
    """Socket files in /tmp that belong to the service of driver ``pid``."""
    return sorted(glob.glob(f"/tmp/o2sim-*-{pid}"))


def remove_socket_files(pid: int) -> None:
    for path in socket_files(pid):
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
