// pyo2bias data model: o2::tof::HitType (v1), a TOF hit (position cm, time ns, energy loss GeV).
// Only the hit type of O2's TOF Detector.h; the detector class itself is not part of the model.
#ifndef PYO2BIAS_TOFSIMULATION_DETECTOR_H
#define PYO2BIAS_TOFSIMULATION_DETECTOR_H

#include "SimulationDataFormat/BaseHits.h"

namespace o2 {
namespace tof {

class HitType : public o2::BasicXYZEHit<float>
{
 public:
  using BasicXYZEHit<float>::BasicXYZEHit;
  ClassDefNV(HitType, 1);
};

} // namespace tof
} // namespace o2

#endif
