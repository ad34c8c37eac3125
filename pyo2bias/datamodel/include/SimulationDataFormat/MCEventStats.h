// pyo2bias data model: o2::dataformats::MCEventStats (v1), per-event transport counters.
#ifndef PYO2BIAS_SIMULATIONDATAFORMAT_MCEVENTSTATS_H
#define PYO2BIAS_SIMULATIONDATAFORMAT_MCEVENTSTATS_H

#include "Rtypes.h"

namespace o2 {
namespace dataformats {

class MCEventStats
{
 public:
  void setNHits(int n) { mNOfHits = n; }
  int getNHits() const { return mNOfHits; }
  void setNTransportedTracks(int n) { mNOfTransportedTracks = n; }
  int getNTransportedTracks() const { return mNOfTransportedTracks; }
  void setNKeptTracks(int n) { mNOfKeptTracks = n; }
  int getNKeptTracks() const { return mNOfKeptTracks; }
  void setNSteps(int n) { mNOfSteps = n; }
  int getNSteps() const { return mNOfSteps; }
  void add(MCEventStats const& o)
  {
    mNOfHits += o.mNOfHits;
    mNOfTransportedTracks += o.mNOfTransportedTracks;
    mNOfKeptTracks += o.mNOfKeptTracks;
    mNOfSteps += o.mNOfSteps;
  }

 private:
  int mNOfHits = 0;
  int mNOfTransportedTracks = 0;
  int mNOfKeptTracks = 0;
  int mNOfSteps = 0;

  ClassDefNV(MCEventStats, 1);
};

} // namespace dataformats
} // namespace o2

#endif
