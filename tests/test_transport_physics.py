"""The fast transport against formulas evaluated here: conversion probabilities, decay lengths,
helix radius, TPC sectors, TOF times, and the bookkeeping of secondaries."""

from __future__ import annotations

import math

import numpy as np
import pytest

MODULES = ["PIPE", "ITS", "TPC", "TOF"]
C_CM_PER_NS = 29.9792458
# X/X0 of the shells inside R = 100 cm, and the TPC gas between 85 and 100 cm (0.5% over 162 cm)
X_INSIDE_100 = 0.0023 + 3 * 0.0035 + 4 * 0.01 + 0.01 + 0.005 * 15 / 162


@pytest.fixture(scope="module")
def transport(ROOT):
    from pyo2bias.transport.fast import FastTransport

    return FastTransport(MODULES)


def box_event(pdg, n, eta, p, seed=1, phi=(0.0, 360.0)):
    from pyo2bias.generators.box import BoxGenerator
    from pyo2bias.simservice.params import SimParams

    params = SimParams()
    params.update_from_string(
        f"BoxGun.pdg={pdg};BoxGun.number={n};BoxGun.eta[0]={eta};BoxGun.eta[1]={eta};"
        f"BoxGun.prange[0]={p};BoxGun.prange[1]={p};BoxGun.phirange[0]={phi[0]};"
        f"BoxGun.phirange[1]={phi[1]}"
    )
    return BoxGenerator().generate(1, seed, params)


def run(transport, event, seed=7):
    from pyo2bias.simservice.seeds import event_rng
    from pyo2bias.transport.fast import deserialize_hits

    out = transport.transport(event, event_rng(seed, 1, 3))
    hits, refs = deserialize_hits(out.hits)
    return out, hits, refs


def process(prop):
    return (prop.astype(np.int64) >> 1) & 0x3F


@pytest.mark.parametrize("eta", [0.0, 0.8])
def test_photon_conversion_probability(transport, eta):
    n = 20000
    out, _, _ = run(transport, box_event(22, n, eta, 1.0))
    t = out.tracks
    photons = t[:n]
    converted = photons["first"] >= 0
    r = np.hypot(t["vx"][photons["first"][converted]], t["vy"][photons["first"][converted]])
    observed = np.count_nonzero(r < 100.0) / n
    expected = 1 - math.exp(-7 / 9 * X_INSIDE_100 * math.cosh(eta))  # path factor 1/sin(theta)
    sigma = math.sqrt(expected * (1 - expected) / n)
    assert abs(observed - expected) < 3 * sigma, (observed, expected, sigma)


def test_k0s_decay_radius_is_exponential(transport):
    n = 5000
    mass, ctau = 0.497611, 2.6844  # GeV, cm (PDG)
    out, _, _ = run(transport, box_event(310, n, 0.0, 1.0))
    t = out.tracks
    k0s = t[:n]
    decayed = k0s["first"] >= 0
    first = k0s["first"][decayed]
    assert np.all(process(t["prop"][first]) == 4)  # decay products, process kPDecay
    r = np.hypot(t["vx"][first], t["vy"][first])
    length = (1.0 / mass) * ctau  # beta*gamma*c*tau at p = 1 GeV, eta = 0
    assert decayed.mean() > 0.99
    assert abs(r.mean() - length) < 3 * length / math.sqrt(len(r))
    assert abs(np.mean(r < length) - (1 - math.exp(-1))) < 3 * math.sqrt(0.23 / len(r))


def fit_circle(x, y):
    """Algebraic (Kasa) circle fit: the radius."""
    a = np.column_stack([x, y, np.ones_like(x)])
    b = x * x + y * y
    cx, cy, c = np.linalg.lstsq(a, b, rcond=None)[0]
    return math.sqrt(c + cx * cx / 4 + cy * cy / 4)


def test_helix_radius_from_its_hits(transport):
    pt = 1.0
    _out, hits, _ = run(transport, box_event(211, 20, 0.0, pt))
    radius_cm = pt / (0.3 * 0.5) * 100  # R = pT / (0.3 B)
    its = hits["ITS"]
    by_track: dict[int, list[tuple[float, float]]] = {}
    for h in its:
        by_track.setdefault(h.GetTrackID(), []).append((h.GetStartX(), h.GetStartY()))
    fitted = [fit_circle(*np.array(pts).T) for pts in by_track.values() if len(pts) == 7]
    assert len(fitted) >= 15
    np.testing.assert_allclose(fitted, radius_cm, rtol=0.01)


def test_tpc_hit_groups_carry_their_sector(transport):
    _out, hits, _ = run(transport, box_event(-211, 200, 0.5, 0.8))
    n_points = 0
    for sector, groups in enumerate(hits["TPC"]):
        for g in groups:
            x, y, z = (np.asarray(v) for v in (g.mHitsXVctr, g.mHitsYVctr, g.mHitsZVctr))
            phi = np.arctan2(y, x) % (2 * math.pi)
            expected = (phi // (2 * math.pi / 18)).astype(int) % 18 + np.where(z < 0, 18, 0)
            assert np.all(expected == sector)
            n_points += len(x)
    assert n_points > 200 * 100  # most tracks cross most of the 152 pad rows


def test_tof_time_is_path_over_beta_c(transport):
    pt, eta, mass = 1.0, 0.3, 0.13957039
    _, hits, _ = run(transport, box_event(211, 50, eta, pt * math.cosh(eta)))
    radius = pt / (0.299792458 * 0.5) * 100  # the exact constant: R[m] = pT / (c[1e9 m/s] B)
    arc = 2 * radius * math.asin(380.0 / (2 * radius))  # helix from the axis to r = 380 cm
    path = arc * math.cosh(eta)
    p = pt * math.cosh(eta)
    beta = p / math.hypot(p, mass)
    times = np.array([h.GetTime() for h in hits["TOF"] if h.GetTrackID() < 50])  # the pions
    assert len(times) >= 40  # a few pions decay before TOF
    np.testing.assert_allclose(times, path / (beta * C_CM_PER_NS), rtol=1e-5)


def test_secondaries_bookkeeping_and_hit_bits(transport):
    from pyo2bias import detid, hit_bit_lut

    n = 3000
    out, hits, refs = run(transport, box_event(22, n, 0.2, 2.0))
    t = out.tracks
    lut = hit_bit_lut(MODULES)
    n_secondary = len(t) - n
    assert n_secondary > 100
    for i in range(n, len(t)):
        m = t["mother"][i]
        assert 0 <= m < i
        assert t["first"][m] <= i <= t["last"][m]
        assert process(t["prop"][i : i + 1])[0] in (4, 5)
    with_its = {h.GetTrackID() for h in hits["ITS"]}
    with_tof = {h.GetTrackID() for h in hits["TOF"]}
    hitmask = (t["prop"].astype(np.int64) >> 7) & 0x3FFFFF
    for i in range(len(t)):
        assert bool(hitmask[i] >> lut[detid("ITS")] & 1) == (i in with_its)
        assert bool(hitmask[i] >> lut[detid("TOF")] & 1) == (i in with_tof)
    # keep rules: a kept secondary left hits, or was made by decay/pair of a primary, or is an
    # ancestor of such a track
    with_hits = with_its | with_tof | {g.GetTrackID() for s in hits["TPC"] for g in s}
    needed = set()
    for i in range(n, len(t)):
        if i in with_hits or t["mother"][i] < n:
            j = i
            while j >= n:
                needed.add(j)
                j = t["mother"][j]
    assert needed == set(range(n, len(t)))
    ids = [r.getTrackID() for r in refs]
    assert ids == sorted(ids)
    assert {r.getDetectorId() for r in refs} <= {0, 1, 3}


def test_in_flight_decays_conserve_energy_and_momentum(transport):
    """K0S and K+ decaying in the same rounds: each decay's direct products carry their
    mother's energy, pz and transverse momentum (the field only turns the mother's pT). Only
    the primaries' decays: further down, pruning drops products without hits (neutrinos)."""
    from pyo2bias.simservice.event import GeneratedEvent

    k0s, kplus = box_event(310, 300, 0.3, 1.5), box_event(321, 300, -0.3, 0.8, seed=2)
    tracks = np.concatenate([k0s.tracks, kplus.tracks])
    event = GeneratedEvent(1, 1, tracks, len(tracks), np.ones(len(tracks), bool), (0, 0, 0))
    out, _, _ = run(transport, event)
    t = out.tracks
    decayed = np.flatnonzero(t["first"][: len(tracks)] >= 0)
    by_mother = {310: 0, 321: 0}
    for m in decayed:
        d = np.arange(t["first"][m], t["last"][m] + 1)
        if not np.all(process(t["prop"][d]) == 4):
            continue  # a photon conversion
        assert np.all(t["mother"][d] == m)
        # the decayer takes the mass from Pythia's table, the box generator from ROOT's
        np.testing.assert_allclose(t["e"][d].sum(), t["e"][m], rtol=1e-5)
        np.testing.assert_allclose(t["pz"][d].sum(), t["pz"][m], atol=1e-6)
        pt_sum = math.hypot(t["px"][d].sum(), t["py"][d].sum())
        np.testing.assert_allclose(pt_sum, math.hypot(t["px"][m], t["py"][m]), rtol=1e-6)
        by_mother[int(t["pdg"][m])] += 1
    assert by_mother[310] > 250  # c*tau 2.7 cm: nearly all decay inside the detector
    assert by_mother[321] > 30  # c*tau 3.7 m: some decay before leaving


@pytest.mark.parametrize(("store", "prune_kine"),
                         [(True, True), (True, False), (False, True), (False, False)])  # fmt: skip
def test_compiled_keep_rules_match_the_reference(transport, store, prune_kine):
    """The engine's keep rules and renumbering (compiled) against pyo2bias.transport.pruning
    (numpy, checked by hand in test_pruning.py), on pythia8pp events with full transport."""
    from pyo2bias.generators.pythia8 import Pythia8Generator
    from pyo2bias.simservice.params import SimParams
    from pyo2bias.simservice.seeds import event_rng
    from pyo2bias.transport.pruning import keep_mask, prune

    params = SimParams()
    gen = Pythia8Generator(params)
    transport.store_secondaries, transport.prune_kine = store, prune_kine
    try:
        dropped = 0
        for index in range(1, 7):
            event = gen.generate(index, 11, params)
            transport.propagate(event, event_rng(11, index, 3))
            everything, has_hits = transport.unpruned()
            before = hit_track_ids(transport._packed_hits())
            n_input = len(event.tracks)
            keep = keep_mask(everything, n_input, has_hits, store_secondaries=store,
                             prune_kine=prune_kine)  # fmt: skip
            expected, new_id = prune(everything, n_input, keep)
            out = transport.transport(event, event_rng(11, index, 3))
            assert out.tracks.tobytes() == expected.tobytes()
            after = hit_track_ids(out.hits)
            assert sorted(after["ITS"]) == sorted(new_id[before["ITS"]].tolist())
            assert sorted(after["TOF"]) == sorted(new_id[before["TOF"]].tolist())
            assert sorted(after["refs"]) == after["refs"]  # references grouped by track
            assert sorted(after["refs"]) == sorted(new_id[before["refs"]].tolist())
            assert sorted(after["TPC"]) == sorted(new_id[before["TPC"]].tolist())
            dropped += len(everything) - len(expected)
        assert dropped > 0 if (store and prune_kine) or not store else dropped == 0
    finally:
        transport.store_secondaries, transport.prune_kine = True, True


def hit_track_ids(packet):
    """Track ids of the ITS and TOF hits and of the track references in a hits packet."""
    from pyo2bias.transport.fast import deserialize_hits

    hits, refs = deserialize_hits(packet)
    return {"ITS": [h.GetTrackID() for h in hits["ITS"]],
            "TOF": [h.GetTrackID() for h in hits["TOF"]],
            "TPC": [g.GetTrackID() for sector in hits["TPC"] for g in sector],
            "refs": [r.getTrackID() for r in refs]}  # fmt: skip


def test_hits_packet_roundtrip_and_corruption(transport):
    """A packet carries every hit value; a damaged one raises instead of being misread."""
    from pyo2bias.transport.fast import deserialize_hits

    out, hits, refs = run(transport, box_event(211, 20, 0.3, 0.8))
    groups = [g for sector in hits["TPC"] for g in sector]
    assert len(hits["ITS"]) > 50
    assert len(groups) > 10
    assert len(refs) > 20
    points = sum(g.getSize() for g in groups)
    assert points > 1000  # about 150 pad rows per pion
    x = np.concatenate([np.asarray(g.mHitsXVctr) for g in groups])
    assert np.all(np.isfinite(x))
    assert 0 < np.abs(x).max() < 250
    good = out.hits
    for damaged in (good[:-3], good + b"\0", b"\x01" + good[1:]):  # cut, overlong, wrong layout
        with pytest.raises(Exception, match="hits packet"):
            deserialize_hits(damaged)
    # no references, ITS or TOF hits, then a TPC sector claiming 4e9 groups: refused before
    # anything is allocated for them
    huge = good[:8] + bytes(12) + (0xFFFFFFFF).to_bytes(4, "little")
    with pytest.raises(Exception, match="truncated"):
        deserialize_hits(huge)
    empty = good[:8] + bytes(4 * 39)  # every slot empty: a valid packet
    hits0, refs0 = deserialize_hits(empty)
    assert hits0["ITS"].size() == 0
    assert refs0.size() == 0
