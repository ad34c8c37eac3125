// pyo2bias: per-event counts over an event's tracks, for RDataFrame Defines and `pyo2bias inspect`.
// Compiled into the data-model library, so using them costs no JIT beyond the Define call itself.
#ifndef PYO2BIAS_EVENTSUMMARY_H
#define PYO2BIAS_EVENTSUMMARY_H

#include "ROOT/RVec.hxx"
#include "SimulationDataFormat/MCTrack.h"

namespace pyo2bias {

using Tracks = ROOT::VecOps::RVec<o2::MCTrack>;

inline int countPrimaries(const Tracks& t)
{
  int n = 0;
  for (const auto& x : t) {
    n += x.isPrimary();
  }
  return n;
}

// Tracks flagged for transport (toBeDone and not inhibited).
inline int countTransported(const Tracks& t)
{
  int n = 0;
  for (const auto& x : t) {
    n += x.isTransported();
  }
  return n;
}

// Primaries whose transport was switched off (inhibited): what a continuation still has to do.
inline int countInhibited(const Tracks& t)
{
  int n = 0;
  for (const auto& x : t) {
    n += x.getInhibited();
  }
  return n;
}

inline int countWithHits(const Tracks& t)
{
  int n = 0;
  for (const auto& x : t) {
    n += x.hasHits();
  }
  return n;
}

inline int countPdg(const Tracks& t, int pdg)
{
  int n = 0;
  for (const auto& x : t) {
    n += (x.GetPdgCode() == pdg);
  }
  return n;
}

} // namespace pyo2bias

#endif
