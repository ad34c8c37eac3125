// pyo2bias data model: o2::parameters::GRPObject (v8): run parameters, chiefly which detectors
// are read out. o2-sim writes it to <prefix>_grp.root under the key "ccdb_object" (older: "GRP").
#ifndef PYO2BIAS_DATAFORMATSPARAMETERS_GRPOBJECT_H
#define PYO2BIAS_DATAFORMATSPARAMETERS_GRPOBJECT_H

#include "Rtypes.h"
#include "TFile.h"
#include "DetectorsCommonDataFormats/DetID.h"

#include <climits>
#include <memory>
#include <string>

namespace o2 {
namespace parameters {

class GRPObject
{
 public:
  using timePoint = long;
  using DetID = o2::detectors::DetID;

  GRPObject() = default;

  bool isDetReadOut(DetID id) const { return (mDetsReadout & id.getMask()).any(); }
  void addDetReadOut(DetID id) { mDetsReadout |= id.getMask(); }
  void remDetReadOut(DetID id) { mDetsReadout &= ~id.getMask(); }
  DetID::mask_t getDetsReadOut() const { return mDetsReadout; }
  void setDetsReadOut(DetID::mask_t m) { mDetsReadout = m; }
  bool isDetContinuousReadOut(DetID id) const { return (mDetsContinuousRO & id.getMask()).any(); }
  void addDetContinuousReadOut(DetID id) { mDetsContinuousRO |= id.getMask(); }
  bool isDetTriggers(DetID id) const { return (mDetsTrigger & id.getMask()).any(); }
  void addDetTrigger(DetID id) { mDetsTrigger |= id.getMask(); }

  timePoint getTimeStart() const { return mTimeStart; }
  void setTimeStart(timePoint t) { mTimeStart = t; }
  timePoint getTimeEnd() const { return mTimeEnd; }
  void setTimeEnd(timePoint t) { mTimeEnd = t; }
  float getL3Current() const { return mL3Current; }
  void setL3Current(float v) { mL3Current = v; }
  float getDipoleCurrent() const { return mDipoleCurrent; }
  void setDipoleCurrent(float v) { mDipoleCurrent = v; }
  bool getFieldUniformity() const { return mUniformField; }
  void setFieldUniformity(bool v) { mUniformField = v; }
  float getBeamEnergyPerZ() const { return mBeamEnergyPerZ; }
  void setBeamEnergyPerZ(float v) { mBeamEnergyPerZ = v; }
  int getRun() const { return mRun; }
  void setRun(int r) { mRun = r; }
  bool isMC() const { return mIsMC; }
  void setIsMC(bool v = true) { mIsMC = v; }

  // Reads the GRP from a file, under "ccdb_object" or the older "GRP"; nullptr if absent.
  static GRPObject* loadFrom(const std::string& fileName)
  {
    std::unique_ptr<TFile> f(TFile::Open(fileName.c_str(), "READ"));
    if (!f || f->IsZombie()) {
      return nullptr;
    }
    for (const char* key : {"ccdb_object", "GRP"}) {
      if (auto* grp = f->Get<GRPObject>(key)) {
        return grp;
      }
    }
    return nullptr;
  }

 private:
  timePoint mTimeStart = 0;
  timePoint mTimeEnd = LONG_MAX;
  uint32_t mFirstOrbit = 0;
  uint32_t mNHBFPerTF = 256;
  DetID::mask_t mDetsReadout;
  DetID::mask_t mDetsContinuousRO;
  DetID::mask_t mDetsTrigger;
  float mCrossingAngle = 0.f;
  float mL3Current = 0.f;
  float mDipoleCurrent = 0.f;
  bool mUniformField = false;
  float mBeamEnergyPerZ = 0.f;
  int8_t mNominalL3Field = 0;         //! derived from mL3Current
  bool mNominalL3FieldValid = false;  //!
  bool mIsMC = false;
  int mBeamAZ[2] = {0, 0};
  int mRun = 0;
  int mFill = 0;
  std::string mDataPeriod = "";
  std::string mLHCState = "";

  ClassDefNV(GRPObject, 8);
};

} // namespace parameters
} // namespace o2

#endif
