// pyo2bias: what the broker's triggers call per event, compiled with the data model.
// - stackParticles: an event's tracks as the TParticles O2's extkinO2 continue mode hands an
//   external trigger (every track, ids and links kept, vertex in cm, time in s, process as
//   UniqueID, kToBeDone = toBeDone && inhibited);
// - callTrigger: run an O2 external trigger (o2::eventgen::Trigger) on an event's tracks;
// - leadingPt: per-event kinematics for reports (highest pT of a species in |eta| < etaMax).
#ifndef PYO2BIAS_TRIGGERGLUE_H
#define PYO2BIAS_TRIGGERGLUE_H

#include "ROOT/RVec.hxx"
#include "SimulationDataFormat/MCTrack.h"
#include "SimulationDataFormat/ParticleStatus.h"
#include "TDatabasePDG.h"
#include "TParticle.h"
#include "pyo2bias/MacroAdapters.h"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace pyo2bias {

// Pythia's diffractive states and the Pomeron, which ROOT's PDG table lacks (O2 adds them too);
// without them every TParticle of such an event warns "PDG code unknown".
inline bool addDiffractiveCodes()
{
  struct Code { int pdg; const char* name; double mass; int charge; };
  const Code codes[] = {{990, "pomeron", 0., 0},           {9900110, "rho_diffr0", 0.77549, 0},
                        {9900210, "pi_diffr+", 0.13957, 3}, {9900220, "omega_diffr", 0.78265, 0},
                        {9900330, "phi_diffr", 1.01946, 0}, {9900440, "J/psi_diffr", 3.09692, 0},
                        {9902110, "n_diffr0", 0.93957, 0},  {9902210, "p_diffr+", 0.93827, 3}};
  auto* db = TDatabasePDG::Instance();
  for (const auto& c : codes) {
    if (!db->GetParticle(c.pdg)) {
      db->AddParticle(c.name, c.name, c.mass, kFALSE, 0., c.charge, "Resonance", c.pdg);
    }
  }
  return true;
}

inline void stackParticles(const ROOT::VecOps::RVec<o2::MCTrack>& tracks, std::vector<TParticle>& out)
{
  static const bool known = addDiffractiveCodes();
  (void)known;
  auto* db = TDatabasePDG::Instance();
  out.clear();
  out.reserve(tracks.size());
  for (const auto& t : tracks) {
    if (!db->GetParticle(t.GetPdgCode())) { // any other exotic code: known, massless, neutral
      const std::string name = "pdg" + std::to_string(t.GetPdgCode());
      db->AddParticle(name.c_str(), name.c_str(), 0., kFALSE, 0., 0, "Unknown", t.GetPdgCode());
    }
    out.emplace_back(t.GetPdgCode(), t.getStatusCode().fullEncoding, t.getMotherTrackId(),
                     t.getSecondMotherTrackId(), t.getFirstDaughterTrackId(), t.getLastDaughterTrackId(),
                     t.Px(), t.Py(), t.Pz(), t.GetEnergy(), t.Vx(), t.Vy(), t.Vz(), t.T() * 1e-9);
    TParticle& p = out.back();
    p.SetUniqueID(t.getProcess());
    p.SetWeight(t.getWeight());
    p.SetBit(o2::ParticleStatus::kKeep, t.getStore());
    p.SetBit(o2::ParticleStatus::kToBeDone, t.getToBeDone() && t.getInhibited());
    p.SetBit(o2::ParticleStatus::kInhibited, t.getInhibited());
    p.SetBit(o2::ParticleStatus::kPrimary, t.isPrimary());
  }
}

inline bool callTrigger(const EventTrigger& trigger, const ROOT::VecOps::RVec<o2::MCTrack>& tracks)
{
  thread_local std::vector<TParticle> particles;
  stackParticles(tracks, particles);
  return trigger(particles);
}

// Highest pT (GeV/c) among tracks of this PDG code with |eta| < etaMax; NaN when there is none.
inline double leadingPt(const ROOT::VecOps::RVec<o2::MCTrack>& tracks, int pdg, double etaMax)
{
  double best = std::numeric_limits<double>::quiet_NaN();
  for (const auto& t : tracks) {
    if (t.GetPdgCode() == pdg && std::fabs(t.GetEta()) < etaMax && !(t.GetPt() <= best)) {
      best = t.GetPt();
    }
  }
  return best;
}

} // namespace pyo2bias

#endif
