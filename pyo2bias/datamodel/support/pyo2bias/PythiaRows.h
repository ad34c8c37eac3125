// pyo2bias: a Pythia8 event record (entries 1..n, as pyo2bias.generators.pythia_record reads
// them) as track-table rows, in one loop: every entry becomes a primary with 0-based links,
// vertex in cm, time in ns, toBeDone for the final state, and O2's encoded status (HepMC
// status bits 0-8, Pythia's status bits 9-18, 5 << 29).
//
// The HepMC status follows Pythia's Particle::statusHepMC: 1 final state, 4 beam, 2 a hadron,
// mu or tau that decayed normally (its first daughter, of another species, has |status|
// 91-94), else |status| for 11-200, else 0. Whether a species is a hadron comes from Pythia's
// particle data, registered with setHadron before the species is first used.
#ifndef PYO2BIAS_PYTHIAROWS_H
#define PYO2BIAS_PYTHIAROWS_H

#include "pyo2bias/TrackRow.h"

#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <unordered_map>

namespace pyo2bias {
namespace pythia {

inline std::unordered_map<int, bool>& hadrons()
{
  static std::unordered_map<int, bool> known;
  return known;
}
inline void setHadron(int pdg, bool hadron) { hadrons()[pdg] = hadron; }
inline bool knows(int pdg) { return hadrons().count(pdg) != 0; }

inline bool decaysNormally(int pdg)
{
  const int a = std::abs(pdg);
  if (a == 13 || a == 15) return true;
  const auto it = hadrons().find(pdg);
  if (it == hadrons().end()) throw std::runtime_error("pyo2bias pythiaRows: species " + std::to_string(pdg) + " not registered");
  return it->second;
}

// p4 and vertex hold 4 doubles per entry (px, py, pz, e in GeV; x, y, z in mm, t in mm/c);
// `rows` receives n TrackRows, `hepmc` the n HepMC status codes.
inline void rows(long n, const int* id, const int* status, const int* mother1, const int* mother2,
                 const int* daughter1, const int* daughter2, const double* p4, const double* vertex,
                 unsigned char* rows, int* hepmc)
{
  constexpr double kMmPerNs = 299.792458;
  constexpr int kBeam = -12;
  for (long i = 0; i < n; ++i) {
    const int st = status[i];
    const int ast = std::abs(st);
    int h = (ast >= 11 && ast <= 200) ? ast : 0;
    const int d = daughter1[i] - 1;  // 0-based first daughter
    if (st < 0 && d >= 0 && d < n && id[d] != id[i]) {
      const int dst = std::abs(status[d]);
      if (dst >= 91 && dst <= 94 && decaysNormally(id[i])) h = 2;
    }
    if (st == kBeam) h = 4;
    if (st > 0) h = 1;
    hepmc[i] = h;

    TrackRow r;
    r.pdg = id[i];
    r.mother = mother1[i] > 0 ? mother1[i] - 1 : -1;
    r.mother2 = mother2[i] > 0 ? mother2[i] - 1 : -1;
    r.first = daughter1[i] > 0 ? daughter1[i] - 1 : -1;
    r.last = daughter2[i] > 0 ? daughter2[i] - 1 : -1;
    if (r.first >= 0 && r.last < 0) r.last = r.first;
    r.px = p4[4 * i]; r.py = p4[4 * i + 1]; r.pz = p4[4 * i + 2]; r.e = p4[4 * i + 3];
    r.vx = vertex[4 * i] / 10; r.vy = vertex[4 * i + 1] / 10; r.vz = vertex[4 * i + 2] / 10;
    r.t = vertex[4 * i + 3] / kMmPerNs;
    r.prop = static_cast<int>(1u | (st > 0 ? 0x80000000u : 0u));  // stored, primary, toBeDone if final
    r.status = static_cast<int>((static_cast<unsigned>(h) & 0x1FFu) | ((static_cast<unsigned>(st) & 0x3FFu) << 9) | (5u << 29));
    r.weight = 1.f;
    std::memcpy(rows + i * sizeof(TrackRow), &r, sizeof r);
  }
}

} // namespace pythia
} // namespace pyo2bias

#endif
