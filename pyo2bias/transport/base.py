"""The transport interface of the embedded service's workers."""

from __future__ import annotations

from typing import Protocol

import numpy as np

from pyo2bias.simservice.event import (
    INHIBITED,
    TO_BE_DONE,
    GeneratedEvent,
    TransportedEvent,
    set_prop_flag,
)

__all__ = ["PrimaryOnlyTransport", "Transport", "finish_event"]


class Transport(Protocol):
    """Transports the tracks of ``event`` marked ``to_transport``; returns every track to keep
    (input tracks first, in order, then new secondaries), hits and track references."""

    def transport(self, event: GeneratedEvent, rng: np.random.Generator) -> TransportedEvent: ...


def finish_event(event: GeneratedEvent) -> np.ndarray:
    """The input tracks with their final flags: transported now -> toBeDone, not inhibited."""
    tracks = event.tracks.copy()
    now = event.to_transport
    tracks["prop"] = set_prop_flag(tracks["prop"], TO_BE_DONE, now | _flag(tracks, TO_BE_DONE))
    tracks["prop"] = set_prop_flag(tracks["prop"], INHIBITED, ~now & _flag(tracks, INHIBITED))
    return tracks


def _flag(tracks: np.ndarray, flag: int) -> np.ndarray:
    from pyo2bias.simservice.event import prop_flag

    return prop_flag(tracks["prop"], flag)


class PrimaryOnlyTransport:
    """No detector: tracks to transport leave the world unchanged, nothing is produced.

    The place-holder of the service's transport step until the detector transport lands: it
    records the tracks and their flags exactly as a real transport would, with no hits.
    """

    def transport(self, event: GeneratedEvent, rng: np.random.Generator) -> TransportedEvent:
        tracks = finish_event(event)
        n_transported = int(event.to_transport.sum())
        return TransportedEvent(
            index=event.index,
            tracks=tracks,
            n_primaries=event.n_primaries,
            vertex=event.vertex,
            info=dict(event.info),
            stats=(0, n_transported, len(tracks), n_transported),
        )
