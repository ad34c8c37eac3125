// pyo2bias data model: o2::tpc::HitGroup (v1): the TPC points of one track in one sector, kept as
// parallel float vectors (x, y, z in cm, time in ns, number of electrons).
#ifndef PYO2BIAS_TPCSIMULATION_POINT_H
#define PYO2BIAS_TPCSIMULATION_POINT_H

#include "SimulationDataFormat/BaseHits.h"
#include <vector>

namespace o2 {
namespace tpc {

struct ElementalHit {
  float x = 0, y = 0, z = 0, time = 0, energyLoss = 0;
  ElementalHit() = default;
  ElementalHit(float px, float py, float pz, float t, float e) : x(px), y(py), z(pz), time(t), energyLoss(e) {}
  float GetX() const { return x; }
  float GetY() const { return y; }
  float GetZ() const { return z; }
  float GetTime() const { return time; }
  float GetEnergyLoss() const { return energyLoss; }
};

class HitGroup : public o2::BaseHit
{
 public:
  HitGroup() = default;
  explicit HitGroup(int trackID) : BaseHit(trackID) {}

  void addHit(float x, float y, float z, float time, float e)
  {
    mHitsXVctr.push_back(x);
    mHitsYVctr.push_back(y);
    mHitsZVctr.push_back(z);
    mHitsTVctr.push_back(time);
    mHitsEVctr.push_back(e);
  }
  size_t getSize() const { return mHitsXVctr.size(); }
  ElementalHit getHit(size_t i) const
  {
    return ElementalHit(mHitsXVctr[i], mHitsYVctr[i], mHitsZVctr[i], mHitsTVctr[i], mHitsEVctr[i]);
  }

  std::vector<float> mHitsXVctr;
  std::vector<float> mHitsYVctr;
  std::vector<float> mHitsZVctr;
  std::vector<float> mHitsTVctr;
  std::vector<float> mHitsEVctr;

  ClassDefNV(HitGroup, 1);
};

} // namespace tpc
} // namespace o2

#endif
