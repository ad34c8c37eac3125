// pyo2bias data model: TParticle status bits used by O2's stack (O2 layout, own code).
#ifndef PYO2BIAS_SIMULATIONDATAFORMAT_PARTICLESTATUS_H
#define PYO2BIAS_SIMULATIONDATAFORMAT_PARTICLESTATUS_H

#include "Rtypes.h"

namespace o2 {
// Bits set on TParticle (TObject::TestBit) when tracks travel between generator, stack and files.
enum ParticleStatus {
  kKeep = BIT(14),      // the track is stored
  kDaughters = BIT(15), // the track has daughters
  kToBeDone = BIT(16),  // the track still has to be transported
  kPrimary = BIT(17),   // the track comes from the generator
  kTransport = BIT(18), // the track is to be transported
  kInhibited = BIT(19), // transport of this track was switched off
};
} // namespace o2

#endif
