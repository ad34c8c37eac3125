// pyo2bias: move tracks between column arrays (numpy) and O2 objects in one C++ loop, so that
// no per-track Python call is needed: MCTrack vectors for the writer, TParticle vectors for
// transport and trigger functions, and back.
#ifndef PYO2BIAS_TRACKARRAYS_H
#define PYO2BIAS_TRACKARRAYS_H

#include "SimulationDataFormat/MCTrack.h"
#include "SimulationDataFormat/ParticleStatus.h"
#include "TParticle.h"

#include <cstddef>
#include <vector>

namespace pyo2bias {

// Column pointers of a track table (numpy structured array fields, made contiguous).
struct TrackColumns {
  const int* pdg;
  const int* mother;
  const int* mother2;
  const int* first;
  const int* last;
  const double* px;
  const double* py;
  const double* pz;
  const double* e;
  const double* vx;
  const double* vy;
  const double* vz;
  const double* t; // ns
  const int* prop;
  const int* status;
  const float* weight;
};

// Built from Python with one call (PyROOT keeps a size per pointer member it has seen, so the
// members are not assigned one by one from Python).
inline TrackColumns trackColumns(const int* pdg, const int* mother, const int* mother2, const int* first,
                                 const int* last, const double* px, const double* py, const double* pz,
                                 const double* e, const double* vx, const double* vy, const double* vz,
                                 const double* t, const int* prop, const int* status, const float* weight)
{
  return TrackColumns{pdg, mother, mother2, first, last, px, py, pz, e, vx, vy, vz, t, prop, status, weight};
}

// Replace `out` by the MCTracks of the table.
inline void fillMCTracks(std::vector<o2::MCTrack>& out, std::size_t n, const TrackColumns& c)
{
  out.clear();
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    out.emplace_back(c.pdg[i], c.mother[i], c.mother2[i], c.first[i], c.last[i], c.px[i], c.py[i], c.pz[i],
                     c.vx[i], c.vy[i], c.vz[i], c.t[i], c.prop[i]);
    out.back().setStatusCode(c.status[i]);
    out.back().setWeight(c.weight[i]);
  }
}

// Replace `out` by TParticles as O2's stack gives them to transport and trigger functions:
// vertex in cm, time in s, process as UniqueID, status bits from the MCTrack flags.
inline void fillTParticles(std::vector<TParticle>& out, std::size_t n, const TrackColumns& c)
{
  out.clear();
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const o2::MCTrack track(c.pdg[i], c.mother[i], c.mother2[i], c.first[i], c.last[i], c.px[i], c.py[i],
                            c.pz[i], c.vx[i], c.vy[i], c.vz[i], c.t[i], c.prop[i]);
    out.emplace_back(c.pdg[i], c.status[i], c.mother[i], c.mother2[i], c.first[i], c.last[i], c.px[i],
                     c.py[i], c.pz[i], c.e[i], c.vx[i], c.vy[i], c.vz[i], c.t[i] * 1e-9);
    TParticle& p = out.back();
    p.SetUniqueID(track.getProcess());
    p.SetWeight(c.weight[i]);
    p.SetBit(o2::ParticleStatus::kKeep, track.getStore());
    p.SetBit(o2::ParticleStatus::kToBeDone, track.getToBeDone() && !track.getInhibited());
    p.SetBit(o2::ParticleStatus::kInhibited, track.getInhibited());
    p.SetBit(o2::ParticleStatus::kPrimary, track.isPrimary());
  }
}

// Writable column pointers, for exporting MCTracks into a table of at least tracks.size() rows.
struct TrackOutColumns {
  int* pdg;
  int* mother;
  int* mother2;
  int* first;
  int* last;
  double* px;
  double* py;
  double* pz;
  double* e;
  double* vx;
  double* vy;
  double* vz;
  double* t;
  int* prop;
  int* status;
  float* weight;
};

inline TrackOutColumns trackOutColumns(int* pdg, int* mother, int* mother2, int* first, int* last, double* px,
                                       double* py, double* pz, double* e, double* vx, double* vy, double* vz,
                                       double* t, int* prop, int* status, float* weight)
{
  return TrackOutColumns{pdg, mother, mother2, first, last, px, py, pz, e, vx, vy, vz, t, prop, status, weight};
}

inline void exportMCTracks(const std::vector<o2::MCTrack>& tracks, const TrackOutColumns& c)
{
  for (std::size_t i = 0; i < tracks.size(); ++i) {
    const auto& x = tracks[i];
    c.pdg[i] = x.GetPdgCode();
    c.mother[i] = x.getMotherTrackId();
    c.mother2[i] = x.getSecondMotherTrackId();
    c.first[i] = x.getFirstDaughterTrackId();
    c.last[i] = x.getLastDaughterTrackId();
    c.px[i] = x.Px();
    c.py[i] = x.Py();
    c.pz[i] = x.Pz();
    c.e[i] = x.GetEnergy();
    c.vx[i] = x.Vx();
    c.vy[i] = x.Vy();
    c.vz[i] = x.Vz();
    c.t[i] = x.T();
    c.prop[i] = x.getProp();
    c.status[i] = x.getStatusCode().fullEncoding;
    c.weight[i] = x.getWeight();
  }
}

} // namespace pyo2bias

#endif
