"""O2's keep rules for secondaries, on a hand-made event whose answer is written out here."""

from __future__ import annotations

import numpy as np

from pyo2bias.simservice.event import empty_tracks, make_prop
from pyo2bias.transport.pruning import keep_mask, prune

PRIMARY, DECAY, PAIR, HADRONIC, COMPTON = 0, 4, 5, 13, 6


def event():
    """0,1 primaries. 2: decay of 0; 3: pair from 1; 4: hadronic of 1 (no hits) with a hit-
    leaving daughter 5; 6: compton of 1 without hits; 7: decay of 4 (no hits) with daughter 8
    (pair) that left no hits."""
    t = empty_tracks(9)
    t["pdg"] = [211, 22, 13, 11, 2212, 211, 11, 22, 11]
    t["mother"] = [-1, -1, 0, 1, 1, 4, 1, 4, 7]
    t["first"] = [2, 3, -1, -1, 5, -1, -1, 8, -1]
    t["last"] = [2, 6, -1, -1, 7, -1, -1, 8, -1]
    t["prop"] = make_prop([PRIMARY, PRIMARY, DECAY, PAIR, HADRONIC, HADRONIC, COMPTON, DECAY, PAIR])
    hits = np.array([0, 0, 0, 0, 0, 1, 0, 0, 0], bool)
    return t, hits


def test_keep_rules():
    t, hits = event()
    keep = keep_mask(t, 2, hits)
    # 2 decay of a primary, 3 pair of a primary, 5 hits, 4 ancestor of 5; 6, 7, 8 dropped
    assert keep.tolist() == [True, True, True, True, True, True, False, False, False]
    assert keep_mask(t, 2, hits, store_secondaries=False).tolist() == [True, True] + [False] * 7
    assert keep_mask(t, 2, hits, prune_kine=False).all()


def test_links_after_pruning():
    t, hits = event()
    out, new_id = prune(t, 2, keep_mask(t, 2, hits))
    assert new_id.tolist() == [0, 1, 2, 3, 4, 5, -1, -1, -1]
    assert out["mother"].tolist() == [-1, -1, 0, 1, 1, 4]
    assert out["first"].tolist() == [2, 3, -1, -1, 5, -1]
    assert out["last"].tolist() == [2, 4, -1, -1, 5, -1]  # 1 keeps daughters 3 and 4 only


def test_renumbering_when_a_middle_track_goes():
    t, hits = event()
    hits[8] = True  # now 8 is kept, and its ancestors 7 and 4
    keep = keep_mask(t, 2, hits)
    assert keep.tolist() == [True, True, True, True, True, True, False, True, True]
    out, _ = prune(t, 2, keep)
    assert out["pdg"].tolist() == [211, 22, 13, 11, 2212, 211, 22, 11]
    assert out["mother"].tolist() == [-1, -1, 0, 1, 1, 4, 4, 6]
    assert (out["first"][4], out["last"][4]) == (5, 6)
    assert (out["first"][6], out["last"][6]) == (7, 7)
    for i, m in enumerate(out["mother"]):  # every daughter lies in its mother's range
        if m >= 0 and i >= 2:
            assert out["first"][m] <= i <= out["last"][m]
