"""Per-event summary of a kinematics file (what ``pyo2bias inspect`` prints)."""

from __future__ import annotations

from dataclasses import dataclass

from pyo2bias.io.reader import SimOutput

__all__ = ["EventSummary", "summarize"]


@dataclass(frozen=True)
class EventSummary:
    """Counts for one event; ``hits`` maps detector to its number of hit objects."""

    entry: int
    event_id: int
    vertex: tuple[float, float, float]
    n_tracks: int
    n_primaries: int
    n_transported: int
    n_inhibited: int
    n_with_hits: int
    n_trackrefs: int
    hits: dict[str, int]


def summarize(sim: SimOutput) -> list[EventSummary]:
    """One :class:`EventSummary` per event, computed in one RDataFrame pass."""
    from pyo2bias.datamodel.detectors import HIT_BRANCHES

    rdf = (
        sim.rdf()
        .Define("s_event_id", "(long)MCEventHeader.FairMCEventHeader.fEventId")
        .Define("s_vx", "(double)MCEventHeader.FairMCEventHeader.fX")
        .Define("s_vy", "(double)MCEventHeader.FairMCEventHeader.fY")
        .Define("s_vz", "(double)MCEventHeader.FairMCEventHeader.fZ")
        .Define("s_tracks", "(int)MCTrack.size()")
        .Define("s_primaries", "pyo2bias::countPrimaries(MCTrack)")
        .Define("s_transported", "pyo2bias::countTransported(MCTrack)")
        .Define("s_inhibited", "pyo2bias::countInhibited(MCTrack)")
        .Define("s_with_hits", "pyo2bias::countWithHits(MCTrack)")
    )
    has_refs = bool(sim.tree.GetBranch("TrackRefs"))
    rdf = rdf.Define("s_trackrefs", "(int)TrackRefs.size()" if has_refs else "0")
    hit_columns = {}
    for det in sim.detectors:
        sizes = " + ".join(f"{det}.{b}.size()" for b in HIT_BRANCHES[det].branches)
        column = f"s_hits_{det}"
        rdf = rdf.Define(column, f"(int)({sizes})")
        hit_columns[det] = column
    names = [
        "s_event_id", "s_vx", "s_vy", "s_vz", "s_tracks", "s_primaries", "s_transported",
        "s_inhibited", "s_with_hits", "s_trackrefs", *hit_columns.values(),
    ]  # fmt: skip
    cols = rdf.AsNumpy(names)
    out = []
    for i in range(sim.n_events):
        out.append(
            EventSummary(
                entry=i,
                event_id=int(cols["s_event_id"][i]),
                vertex=(float(cols["s_vx"][i]), float(cols["s_vy"][i]), float(cols["s_vz"][i])),
                n_tracks=int(cols["s_tracks"][i]),
                n_primaries=int(cols["s_primaries"][i]),
                n_transported=int(cols["s_transported"][i]),
                n_inhibited=int(cols["s_inhibited"][i]),
                n_with_hits=int(cols["s_with_hits"][i]),
                n_trackrefs=int(cols["s_trackrefs"][i]),
                hits={det: int(cols[c][i]) for det, c in hit_columns.items()},
            )
        )
    return out
