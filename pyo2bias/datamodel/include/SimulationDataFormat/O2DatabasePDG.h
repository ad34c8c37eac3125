// pyo2bias data model: PDG masses for MCTrack (ROOT's TDatabasePDG; O2 adds a few exotics).
#ifndef PYO2BIAS_SIMULATIONDATAFORMAT_O2DATABASEPDG_H
#define PYO2BIAS_SIMULATIONDATAFORMAT_O2DATABASEPDG_H

#include "TDatabasePDG.h"
#include "TParticlePDG.h"

namespace o2 {
class O2DatabasePDG
{
 public:
  // Mass in GeV/c^2; success is false (and the mass 0) for a code the database does not know.
  static double Mass(int pdg, bool& success)
  {
    const TParticlePDG* p = TDatabasePDG::Instance()->GetParticle(pdg);
    success = (p != nullptr);
    return p ? p->Mass() : 0.;
  }
};
} // namespace o2

#endif
