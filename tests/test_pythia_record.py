"""The fast reader of Pythia's event record (nextBatch column buffers) against Pythia's own
per-particle accessors, read independently here."""

from __future__ import annotations

import sys

import numpy as np
import pytest

pythia8mc = pytest.importorskip("pythia8mc")

from pyo2bias.exceptions import ConfigurationError  # noqa: E402
from pyo2bias.generators import pythia_record as pr  # noqa: E402


@pytest.fixture(scope="module")
def pythia():
    from pyo2bias.generators.pythia8 import make_pythia

    return make_pythia()


def _accessor_table(pythia):
    ev = pythia.event
    rows = []
    for k in range(1, ev.size()):
        p = ev[k]
        rows.append((p.id(), p.status(), p.mother1(), p.mother2(), p.daughter1(), p.daughter2(),
                     p.statusHepMC(), p.px(), p.py(), p.pz(), p.e(), p.hasVertex(), p.xProd(),
                     p.yProd(), p.zProd(), p.tProd()))  # fmt: skip
    return rows


def test_columns_and_hepmc_status_equal_the_accessors(pythia):
    n_vertices = n_hepmc2 = n_entries = 0
    for seed in range(1, 31):
        pythia.rndm.init(seed)
        record = pr.next_event(pythia)
        tracks, hepmc = pr.record_rows(record, pythia.particleData)
        rows = _accessor_table(pythia)
        _check_track_rows(tracks, rows)
        assert len(record) == len(rows)
        n_entries += len(rows)
        for k, row in enumerate(rows):
            ints = (record.id[k], record.status[k], record.mother1[k], record.mother2[k],
                    record.daughter1[k], record.daughter2[k], hepmc[k])  # fmt: skip
            assert tuple(int(v) for v in ints) == row[:7], (seed, k)
            assert tuple(record.p[k]) == row[7:11]
            assert bool(record.has_vertex[k]) == row[11]
            if row[11]:
                assert tuple(record.vertex[k]) == row[12:16]
                n_vertices += 1
            else:
                assert not record.vertex[k].any()
        n_hepmc2 += int((hepmc == 2).sum())
    assert n_entries > 10_000  # ~800 entries per 13.6 TeV event
    assert n_vertices > 0  # the rules that could go wrong were exercised
    assert n_hepmc2 > 0


def _check_track_rows(tracks, rows):
    """The primaries made from the record, against the accessors' values converted here."""
    acc = np.array([r[:7] for r in rows], dtype=np.int64)
    pid, status, m1, m2, d1, d2, hepmc = acc.T
    np.testing.assert_array_equal(tracks["pdg"], pid)
    np.testing.assert_array_equal(tracks["mother"], np.where(m1 > 0, m1 - 1, -1))
    np.testing.assert_array_equal(tracks["mother2"], np.where(m2 > 0, m2 - 1, -1))
    first = np.where(d1 > 0, d1 - 1, -1)
    last = np.where(d2 > 0, d2 - 1, np.where(first >= 0, first, -1))  # one daughter: last = first
    np.testing.assert_array_equal(tracks["first"], first)
    np.testing.assert_array_equal(tracks["last"], last)
    real = np.array([r[7:11] + r[12:16] for r in rows])
    for k, key in enumerate(("px", "py", "pz", "e")):
        np.testing.assert_array_equal(tracks[key], real[:, k])
    for k, key in enumerate(("vx", "vy", "vz")):
        np.testing.assert_array_equal(tracks[key], real[:, 4 + k] / 10.0)  # mm -> cm
    np.testing.assert_array_equal(tracks["t"], real[:, 7] / 299.792458)  # mm/c -> ns
    word = tracks["status"].astype(np.int64) & 0xFFFFFFFF
    np.testing.assert_array_equal(word & 0x1FF, hepmc)
    np.testing.assert_array_equal((word >> 9) & 0x3FF, status & 0x3FF)
    assert np.all(word >> 29 == 5)
    prop = tracks["prop"].astype(np.int64) & 0xFFFFFFFF
    np.testing.assert_array_equal(prop, np.where(status > 0, 1 | 1 << 31, 1))  # store, toBeDone
    assert np.all(tracks["weight"] == 1.0)


def test_same_event_as_next(pythia):
    """nextBatch(1) after the same reseed gives the event next() gives."""
    pythia.rndm.init(77)
    assert pythia.next()
    expected = _accessor_table(pythia)
    pythia.rndm.init(77)
    record = pr.next_event(pythia)
    assert [int(x) for x in record.id] == [row[0] for row in expected]
    np.testing.assert_array_equal(record.p, np.array([row[7:11] for row in expected]))


def test_the_check_catches_a_wrong_value(pythia):
    pythia.rndm.init(5)
    record = pr.next_event(pythia)
    hepmc = pr.record_rows(record, pythia.particleData)[1]
    pr.check_against_accessors(pythia, record, hepmc)  # agrees as read
    record.p = record.p.copy()
    record.p[6, 2] += 1e-9
    with pytest.raises(ConfigurationError, match="entry 7"):
        pr.check_against_accessors(pythia, record, hepmc)


def test_awkward_module_is_left_as_it_was(pythia):
    before = sys.modules.get("awkward")
    pr.next_event(pythia)
    assert sys.modules.get("awkward") is before


def test_an_unknown_form_is_refused():
    with pytest.raises(ConfigurationError, match="unexpected event form"):
        pr._layout('{"contents": {"prt": {"form_key": "node1"}}}')


def test_a_failed_event_is_generated_again(pythia, caplog):
    """When nextBatch's one try fails it hands an empty batch: the reader tries again, as
    ``while not pythia.next()`` did."""

    class FailsOnce:
        def __init__(self, real):
            self.real, self.calls = real, 0

        def nextBatch(self, n):  # pythia8mc's name
            self.calls += 1
            if self.calls == 1:
                sys.modules["awkward"].from_buffers('{"contents": {}}', 0, {})
                return None
            return self.real.nextBatch(n)

    pythia.rndm.init(11)
    expected = [int(x) for x in pr.next_event(pythia).id]
    flaky = FailsOnce(pythia)
    pythia.rndm.init(11)
    with caplog.at_level("WARNING", logger="pyo2bias.generators.pythia_record"):
        record = pr.next_event(flaky)
    assert flaky.calls == 2
    assert [int(x) for x in record.id] == expected
    assert "trying again" in caplog.text
