"""Random but fully known events, built in the tests to write and read back."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass
class Truth:
    """What was written, as numpy arrays (float32 where the file stores floats)."""

    tracks: dict[str, np.ndarray]
    event_id: int
    vertex: tuple[float, float, float]
    info: dict[str, object]
    lut: list[int]
    stats: tuple[int, int, int, int]
    refs: dict[str, np.ndarray]
    its: dict[str, np.ndarray]
    tof: dict[str, np.ndarray]
    tpc: dict[int, list[dict[str, np.ndarray]]] = field(default_factory=dict)


def build_event(ROOT, rng: np.random.Generator, event_id: int, lut: list[int]):
    n = int(rng.integers(3, 40))
    f32 = lambda a: a.astype(np.float32)  # noqa: E731
    tr = {
        "pdg": rng.choice([211, -211, 111, 22, 11, -11, 2212], n).astype(np.int32),
        "mother": rng.integers(-1, n, n).astype(np.int32),
        "mother2": np.full(n, -1, np.int32),
        "first": rng.integers(-1, n, n).astype(np.int32),
        "last": rng.integers(-1, n, n).astype(np.int32),
        "px": f32(rng.normal(0, 1, n)),
        "py": f32(rng.normal(0, 1, n)),
        "pz": f32(rng.normal(0, 3, n)),
        "vx": f32(rng.normal(0, 0.01, n)), "vy": f32(rng.normal(0, 0.01, n)),
        "vz": f32(rng.normal(0, 6, n)), "t": f32(rng.uniform(0, 10, n)),
        "prop": rng.integers(-(2**31), 2**31 - 1, n).astype(np.int32),
        "weight": f32(rng.uniform(0.5, 2, n)),
        "status": rng.integers(-5, 100, n).astype(np.int32),
    }  # fmt: skip
    tracks = ROOT.std.vector["o2::MCTrackT<float>"]()
    for i in range(n):
        t = ROOT.o2.MCTrack(
            int(tr["pdg"][i]), int(tr["mother"][i]), int(tr["mother2"][i]), int(tr["first"][i]),
            int(tr["last"][i]), float(tr["px"][i]), float(tr["py"][i]), float(tr["pz"][i]),
            float(tr["vx"][i]), float(tr["vy"][i]), float(tr["vz"][i]), float(tr["t"][i]),
            int(tr["prop"][i]),
        )  # fmt: skip
        t.setWeight(float(tr["weight"][i]))
        t.setStatusCode(int(tr["status"][i]))
        tracks.push_back(t)

    header = ROOT.o2.dataformats.MCEventHeader()
    header.SetEventID(event_id)
    vertex = tuple(float(x) for x in rng.normal(0, 1, 3))
    header.SetVertex(*vertex)
    header.SetNPrim(n)
    header.setDetId2HitBitLUT(lut)
    stats = tuple(int(x) for x in rng.integers(0, 1000, 4))
    s = header.getMCEventStats()
    s.setNHits(stats[0])
    s.setNTransportedTracks(stats[1])
    s.setNKeptTracks(stats[2])
    s.setNSteps(stats[3])
    info = {
        "generator": f"gen-{event_id}",
        "prims_total": int(n),
        "weight": float(rng.uniform()),
        "scale": float(np.float32(rng.uniform())),
    }
    header.putInfo["std::string"]("generator", info["generator"])
    header.putInfo["int"]("prims_total", info["prims_total"])
    header.putInfo["double"]("weight", info["weight"])
    header.putInfo["float"]("scale", info["scale"])

    m = int(rng.integers(0, 6))
    refs = {
        "track": rng.integers(0, n, m).astype(np.int32),
        "x": f32(rng.normal(0, 50, m)),
        "det": rng.integers(0, 4, m).astype(np.int32),
        "status": rng.integers(0, 128, m).astype(np.uint8),
    }
    refvec = ROOT.std.vector["o2::TrackReference"]()
    for i in range(m):
        refvec.push_back(ROOT.o2.TrackReference(
            int(refs["track"][i]), float(refs["x"][i]), 2.0, 3.0, 0.1, 0.2, 0.3, 10.0, 1.5,
            int(refs["det"][i]), int(refs["status"][i])))  # fmt: skip

    k = int(rng.integers(0, 5))
    its = {
        "track": rng.integers(0, n, k).astype(np.int32),
        "x": f32(rng.normal(0, 4, k)),
        "xstart": f32(rng.normal(0, 4, k)),
        "time": f32(rng.uniform(0, 2, k)),
    }
    itsvec = ROOT.std.vector["o2::itsmft::Hit"]()
    for i in range(k):
        itsvec.push_back(ROOT.o2.itsmft.Hit(
            int(its["track"][i]), 7, float(its["xstart"][i]), 0.5, 0.25,
            float(its["x"][i]), 0.5, 0.3,
            0.1, 0.2, 0.3, 0.9, float(its["time"][i]), 1e-6, 1, 4))  # fmt: skip
    j = int(rng.integers(0, 4))
    tof = {"track": rng.integers(0, n, j).astype(np.int32), "time": f32(rng.uniform(10, 20, j))}
    tofvec = ROOT.std.vector["o2::tof::HitType"]()
    for i in range(j):
        tofvec.push_back(ROOT.o2.tof.HitType(380.0, 1.0, 2.0, float(tof["time"][i]), 1e-4,
                                             int(tof["track"][i]), 3))  # fmt: skip
    tpc_truth: dict[int, list[dict[str, np.ndarray]]] = {}
    tpcvecs = {}
    for sector in sorted(set(int(x) for x in rng.integers(0, 36, 2))):
        vec = ROOT.std.vector["o2::tpc::HitGroup"]()
        groups = []
        for _ in range(int(rng.integers(1, 3))):
            track = int(rng.integers(0, n))
            pts = f32(rng.normal(100, 30, int(rng.integers(1, 6))))
            g = ROOT.o2.tpc.HitGroup(track)
            for x in pts:
                g.addHit(float(x), 1.0, 2.0, 0.5, 40.0)
            vec.push_back(g)
            groups.append({"track": np.int32(track), "x": pts})
        tpc_truth[sector] = groups
        tpcvecs[sector] = vec
    truth = Truth(tr, event_id, vertex, info, list(lut), stats, refs, its, tof, tpc_truth)
    hits = {"ITS": itsvec, "TOF": tofvec, "TPC": tpcvecs}
    return truth, tracks, header, refvec, hits
