// pyo2bias data model: o2::itsmft::Hit (v3), an ITS/MFT hit; mPos is the exit point,
// mPosStart the entry point, mMomentum and mE the momentum and total energy at entry.
#ifndef PYO2BIAS_ITSMFTSIMULATION_HIT_H
#define PYO2BIAS_ITSMFTSIMULATION_HIT_H

#include "SimulationDataFormat/BaseHits.h"

namespace o2 {
namespace itsmft {

class Hit : public o2::BasicXYZEHit<float, float>
{
 public:
  enum HitStatus_t {
    kTrackEntering = 0x1,
    kTrackInside = 0x1 << 1,
    kTrackExiting = 0x1 << 2,
    kTrackOut = 0x1 << 3,
    kTrackStopped = 0x1 << 4,
    kTrackAlive = 0x1 << 5
  };

  Hit() = default;
  Hit(int trackID, unsigned short detID, float xStart, float yStart, float zStart, float x, float y, float z,
      float px, float py, float pz, float eStart, float time, float eLoss, unsigned char statusStart,
      unsigned char statusEnd)
    : BasicXYZEHit<float, float>(x, y, z, time, eLoss, trackID, detID), mMomentum(px, py, pz),
      mPosStart(xStart, yStart, zStart), mE(eStart), mTrackStatusEnd(statusEnd), mTrackStatusStart(statusStart)
  {
  }

  math_utils::Point3D<float> GetPosStart() const { return mPosStart; }
  float GetStartX() const { return mPosStart.X(); }
  float GetStartY() const { return mPosStart.Y(); }
  float GetStartZ() const { return mPosStart.Z(); }
  math_utils::Vector3D<float> GetMomentum() const { return mMomentum; }
  float GetPx() const { return mMomentum.X(); }
  float GetPy() const { return mMomentum.Y(); }
  float GetPz() const { return mMomentum.Z(); }
  float GetE() const { return mE; }
  float GetTotalEnergy() const { return mE; }
  unsigned char GetStatusEnd() const { return mTrackStatusEnd; }
  unsigned char GetStatusStart() const { return mTrackStatusStart; }
  bool IsEntering() const { return mTrackStatusEnd & kTrackEntering; }
  bool IsExiting() const { return mTrackStatusEnd & kTrackExiting; }
  bool IsEnteringStart() const { return mTrackStatusStart & kTrackEntering; }

 private:
  math_utils::Vector3D<float> mMomentum;
  math_utils::Point3D<float> mPosStart;
  float mE = 0;
  unsigned char mTrackStatusEnd = 0;
  unsigned char mTrackStatusStart = 0;

  ClassDefNV(Hit, 3);
};

} // namespace itsmft
} // namespace o2

#endif
