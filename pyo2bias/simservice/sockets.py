"""The sockets every service child (server, merger) opens, in one place."""

from __future__ import annotations

import time
from dataclasses import dataclass

import zmq

from pyo2bias.simservice.protocol import Endpoints

__all__ = ["ChildSockets", "pending"]


def pending(sock: zmq.Socket, limit: int = 1000) -> list[bytes]:
    """The messages waiting on ``sock`` (at least one: it polled ready), at most ``limit``:
    read in one go, since each wake-up costs more CPU here than the messages themselves."""
    frames = [sock.recv()]
    while len(frames) < limit:
        try:
            frames.append(sock.recv(zmq.NOBLOCK))
        except zmq.Again:
            break
    return frames


@dataclass
class ChildSockets:
    """A child's notification PUB, its bound inbox (REP or PULL), the driver's command PULL and
    a PUSH to the driver; ``poller`` watches inbox and commands."""

    ctx: zmq.Context
    pub: zmq.Socket
    inbox: zmq.Socket
    commands: zmq.Socket
    driver: zmq.Socket
    poller: zmq.Poller
    bound_at: float  # when pub was bound (see protocol.settle)

    @classmethod
    def open(cls, ep: Endpoints, *, notifications: str, inbox_kind: int, inbox: str,
             commands: str) -> ChildSockets:  # fmt: skip
        ctx = zmq.Context()
        pub = ctx.socket(zmq.PUB)
        pub.bind(notifications)
        bound_at = time.monotonic()
        box = ctx.socket(inbox_kind)
        box.bind(inbox)
        cmd = ctx.socket(zmq.PULL)
        cmd.connect(commands)
        driver = ctx.socket(zmq.PUSH)
        driver.connect(ep.driver_internal)
        poller = zmq.Poller()
        poller.register(box, zmq.POLLIN)
        poller.register(cmd, zmq.POLLIN)
        return cls(ctx, pub, box, cmd, driver, poller, bound_at)

    def close(self, linger_ms: int = 0) -> None:
        for sock in (self.pub, self.inbox, self.commands, self.driver):
            sock.close(linger=linger_ms)
        self.ctx.term()
