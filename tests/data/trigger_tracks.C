// pyo2bias tests (tests/test_triggers.py): C++ triggers whose answers the tests recompute with
// uproot and numpy.
// - pyo2bias_test::manyItsTracks: a track function (kind 2) of an event's tracks and ITS hits;
// - trigger_tracks(pdg, atLeast): an O2 external trigger (kind 1) called with arguments.
// The include guard lets several compiled trigger libraries of one process include this file:
// each library's dictionary payload is parsed by the interpreter, which would otherwise see
// the functions defined twice.
#ifndef PYO2BIAS_TEST_TRIGGER_TRACKS_C
#define PYO2BIAS_TEST_TRIGGER_TRACKS_C

#include "Generators/Trigger.h"
#include "ITSMFTSimulation/Hit.h"
#include "ROOT/RVec.hxx"
#include "SimulationDataFormat/MCTrack.h"
#include "TParticle.h"

#include <vector>

namespace pyo2bias_test
{
// More than 10 tracks with pT > 0.1 GeV/c that left at least 3 ITS hits.
bool manyItsTracks(const ROOT::VecOps::RVec<o2::MCTrack>& tracks, const ROOT::VecOps::RVec<o2::itsmft::Hit>& hits)
{
  const int n = static_cast<int>(tracks.size());
  std::vector<int> nHits(n, 0);
  for (const auto& h : hits) {
    const int id = h.GetTrackID();
    if (id >= 0 && id < n) {
      ++nHits[id];
    }
  }
  int good = 0;
  for (int i = 0; i < n; ++i) {
    good += (nHits[i] >= 3 && tracks[i].GetPt() > 0.1) ? 1 : 0;
  }
  return good > 10;
}
} // namespace pyo2bias_test

// At least `atLeast` particles of PDG code `pdg` among the event's tracks.
o2::eventgen::Trigger trigger_tracks(int pdg, int atLeast)
{
  return [pdg, atLeast](const std::vector<TParticle>& particles) -> bool {
    int found = 0;
    for (const auto& p : particles) {
      found += p.GetPdgCode() == pdg ? 1 : 0;
    }
    return found >= atLeast;
  };
}

#endif
