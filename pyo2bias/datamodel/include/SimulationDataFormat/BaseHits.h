// pyo2bias data model: O2's hit base classes (BaseHit, BasicXYZVHit, BasicXYZEHit), v1 each.
// mPos is the hit position in cm, mTime in ns, mHitValue the deposited energy (GeV).
#ifndef PYO2BIAS_SIMULATIONDATAFORMAT_BASEHITS_H
#define PYO2BIAS_SIMULATIONDATAFORMAT_BASEHITS_H

#include "Rtypes.h"
#include "Math/GenVector/DisplacementVector3D.h"
#include "Math/GenVector/PositionVector3D.h"

namespace o2 {
namespace math_utils {
template <typename T>
using Point3D = ROOT::Math::PositionVector3D<ROOT::Math::Cartesian3D<T>, ROOT::Math::DefaultCoordinateSystemTag>;
template <typename T>
using Vector3D = ROOT::Math::DisplacementVector3D<ROOT::Math::Cartesian3D<T>, ROOT::Math::DefaultCoordinateSystemTag>;
} // namespace math_utils

class BaseHit
{
 public:
  BaseHit() = default;
  explicit BaseHit(int id) : mTrackID(id) {}
  int GetTrackID() const { return mTrackID; }
  void SetTrackID(int id) { mTrackID = id; }

 private:
  int mTrackID = 0;
  ClassDefNV(BaseHit, 1);
};

template <typename T, typename E, typename V = float>
class BasicXYZVHit : public BaseHit
{
 public:
  BasicXYZVHit() = default;
  BasicXYZVHit(T x, T y, T z, E time, V val, int trackId, short detId)
    : BaseHit(trackId), mPos(x, y, z), mTime(time), mHitValue(val), mDetectorID(detId)
  {
  }
  T GetX() const { return mPos.X(); }
  T GetY() const { return mPos.Y(); }
  T GetZ() const { return mPos.Z(); }
  math_utils::Point3D<T> GetPos() const { return mPos; }
  E GetTime() const { return mTime; }
  V GetHitValue() const { return mHitValue; }
  short GetDetectorID() const { return mDetectorID; }
  void SetTime(E t) { mTime = t; }
  void SetHitValue(V v) { mHitValue = v; }
  void SetDetectorID(short d) { mDetectorID = d; }
  void SetPos(math_utils::Point3D<T> const& p) { mPos = p; }

 private:
  math_utils::Point3D<T> mPos;
  E mTime = 0;
  V mHitValue = 0;
  short mDetectorID = 0;
  ClassDefNV(BasicXYZVHit, 1);
};

template <typename T, typename E = float, typename V = float>
class BasicXYZEHit : public BasicXYZVHit<T, E, V>
{
 public:
  using BasicXYZVHit<T, E, V>::BasicXYZVHit;
  V GetEnergyLoss() const { return BasicXYZVHit<T, E, V>::GetHitValue(); }
  void SetEnergyLoss(V e) { BasicXYZVHit<T, E, V>::SetHitValue(e); }
  ClassDefNV(BasicXYZEHit, 1);
};

} // namespace o2

// O2 makes these available at global scope through MathUtils/Cartesian.h.
template <typename T>
using Point3D = o2::math_utils::Point3D<T>;
template <typename T>
using Vector3D = o2::math_utils::Vector3D<T>;

#endif
