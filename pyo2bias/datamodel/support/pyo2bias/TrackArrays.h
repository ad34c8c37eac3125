// pyo2bias: move tracks between track tables (numpy rows, TrackRow.h) and O2 objects in one
// C++ loop, so that no per-track Python call is needed: MCTrack vectors for the writer,
// TParticle vectors for transport and trigger functions, and back.
#ifndef PYO2BIAS_TRACKARRAYS_H
#define PYO2BIAS_TRACKARRAYS_H

#include "SimulationDataFormat/MCTrack.h"
#include "SimulationDataFormat/ParticleStatus.h"
#include "TParticle.h"
#include "pyo2bias/TrackRow.h"

#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace pyo2bias {

// Row i of a track table given as its bytes (numpy's TRACK_DTYPE rows, see TrackRow.h).
inline TrackRow rowAt(const unsigned char* rows, std::size_t i)
{
  TrackRow r;
  std::memcpy(&r, rows + i * sizeof(TrackRow), sizeof r);
  return r;
}

// Replace `out` by the MCTracks of the table.
inline void fillMCTracks(std::vector<o2::MCTrack>& out, std::size_t n, const unsigned char* rows)
{
  out.clear();
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const TrackRow c = rowAt(rows, i);
    out.emplace_back(c.pdg, c.mother, c.mother2, c.first, c.last, c.px, c.py, c.pz, c.vx, c.vy, c.vz, c.t, c.prop);
    out.back().setStatusCode(c.status);
    out.back().setWeight(c.weight);
  }
}

// Replace `out` by TParticles as O2's stack gives them to transport and trigger functions:
// vertex in cm, time in s, process as UniqueID, status bits from the MCTrack flags.
inline void fillTParticles(std::vector<TParticle>& out, std::size_t n, const unsigned char* rows)
{
  out.clear();
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const TrackRow c = rowAt(rows, i);
    const o2::MCTrack track(c.pdg, c.mother, c.mother2, c.first, c.last, c.px, c.py, c.pz, c.vx, c.vy, c.vz, c.t,
                            c.prop);
    out.emplace_back(c.pdg, c.status, c.mother, c.mother2, c.first, c.last, c.px, c.py, c.pz, c.e, c.vx, c.vy,
                     c.vz, c.t * 1e-9);
    TParticle& p = out.back();
    p.SetUniqueID(track.getProcess());
    p.SetWeight(c.weight);
    p.SetBit(o2::ParticleStatus::kKeep, track.getStore());
    p.SetBit(o2::ParticleStatus::kToBeDone, track.getToBeDone() && !track.getInhibited());
    p.SetBit(o2::ParticleStatus::kInhibited, track.getInhibited());
    p.SetBit(o2::ParticleStatus::kPrimary, track.isPrimary());
  }
}

// The MCTracks as table rows (`rows` holds at least tracks.size() of them).
inline void exportMCTracks(const std::vector<o2::MCTrack>& tracks, unsigned char* rows)
{
  for (std::size_t i = 0; i < tracks.size(); ++i) {
    const auto& x = tracks[i];
    const TrackRow r{x.GetPdgCode(), x.getMotherTrackId(), x.getSecondMotherTrackId(), x.getFirstDaughterTrackId(),
                     x.getLastDaughterTrackId(), x.Px(), x.Py(), x.Pz(), x.GetEnergy(), x.Vx(), x.Vy(), x.Vz(), x.T(),
                     x.getProp(), x.getStatusCode().fullEncoding, x.getWeight()};
    std::memcpy(rows + i * sizeof(TrackRow), &r, sizeof r);
  }
}

// O2's prims_* header counts of the first n rows (the primaries): final-state (toBeDone)
// tracks in all, and within |eta| < 1.2, 1.0, 0.8, all and charged pions only. `out` gets
// total, then (all, pions) for each cut.
inline void primaryCounts(const unsigned char* rows, std::size_t n, long* out)
{
  constexpr double kCuts[3] = {1.2, 1.0, 0.8};
  for (int k = 0; k < 7; ++k) out[k] = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const TrackRow c = rowAt(rows, i);
    if (!(static_cast<unsigned int>(c.prop) & 0x80000000u)) continue;
    ++out[0];
    const double pt = std::hypot(c.px, c.py);
    const double eta = std::abs(std::asinh(pt > 0 ? c.pz / pt : HUGE_VAL));
    const bool pion = std::abs(c.pdg) == 211;
    for (int k = 0; k < 3; ++k) {
      if (eta < kCuts[k]) {
        ++out[1 + 2 * k];
        if (pion) ++out[2 + 2 * k];
      }
    }
  }
}

} // namespace pyo2bias

#endif
