// pyo2bias: one row of a track table, as numpy lays out pyo2bias.simservice.event.TRACK_DTYPE
// (fields packed, in this order), so that compiled loops can read and write tables in place.
#ifndef PYO2BIAS_TRACKROW_H
#define PYO2BIAS_TRACKROW_H

namespace pyo2bias {

#pragma pack(push, 1)
struct TrackRow {
  int pdg, mother, mother2, first, last;
  double px, py, pz, e, vx, vy, vz, t;  // GeV, cm, ns
  int prop, status;
  float weight;
};
#pragma pack(pop)
static_assert(sizeof(TrackRow) == 96, "TrackRow must match TRACK_DTYPE");

} // namespace pyo2bias

#endif
