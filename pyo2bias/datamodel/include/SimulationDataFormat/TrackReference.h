// pyo2bias data model: o2::TrackReference (v1) and o2::SimTrackStatus, O2's on-disk layout.
// A track reference marks where a track crossed a detector boundary (cm, GeV/c, ns).
#ifndef PYO2BIAS_SIMULATIONDATAFORMAT_TRACKREFERENCE_H
#define PYO2BIAS_SIMULATIONDATAFORMAT_TRACKREFERENCE_H

#include "Rtypes.h"
#include <cmath>

namespace o2 {

class SimTrackStatus
{
 public:
  enum Bits : unsigned char {
    kTrackEntering = 1,
    kTrackInside = 2,
    kTrackExiting = 4,
    kTrackOut = 8,
    kTrackStopped = 16,
    kTrackAlive = 32,
    kTrackNew = 64
  };
  SimTrackStatus() = default;
  explicit SimTrackStatus(unsigned char s) : mStatus(s) {}
  unsigned char getStatus() const { return mStatus; }
  bool isEntering() const { return mStatus & kTrackEntering; }
  bool isInside() const { return mStatus & kTrackInside; }
  bool isExiting() const { return mStatus & kTrackExiting; }
  bool isOut() const { return mStatus & kTrackOut; }
  bool isStopped() const { return mStatus & kTrackStopped; }
  bool isAlive() const { return mStatus & kTrackAlive; }
  bool isNew() const { return mStatus & kTrackNew; }

  unsigned char mStatus = 0;
  ClassDefNV(SimTrackStatus, 1);
};

class TrackReference
{
 public:
  TrackReference() = default;
  TrackReference(int trackId, float x, float y, float z, float px, float py, float pz, float length,
                 float tof, int detectorId, unsigned char status, int userId = 0)
    : mTrackNumber(trackId), mX(x), mY(y), mZ(z), mPX(px), mPY(py), mPZ(pz), mTrackLength(length),
      mTof(tof), mUserId(userId), mDetectorId(detectorId), mStatus(status)
  {
  }

  int getTrackID() const { return mTrackNumber; }
  void setTrackID(int id) { mTrackNumber = id; }
  float X() const { return mX; }
  float Y() const { return mY; }
  float Z() const { return mZ; }
  float Px() const { return mPX; }
  float Py() const { return mPY; }
  float Pz() const { return mPZ; }
  float R() const { return std::sqrt(mX * mX + mY * mY); }
  float Pt() const { return std::sqrt(mPX * mPX + mPY * mPY); }
  float P() const { return std::sqrt(mPX * mPX + mPY * mPY + mPZ * mPZ); }
  float getLength() const { return mTrackLength; }
  float getTime() const { return mTof; }
  int getUserId() const { return mUserId; }
  int getDetectorId() const { return mDetectorId; }
  const SimTrackStatus& getTrackStatus() const { return mStatus; }

 private:
  int mTrackNumber = 0;
  float mX = 0, mY = 0, mZ = 0;
  float mPX = 0, mPY = 0, mPZ = 0;
  float mTrackLength = 0;
  float mTof = 0;
  int mUserId = 0;
  int mDetectorId = -1;
  SimTrackStatus mStatus;

  ClassDefNV(TrackReference, 1);
};

} // namespace o2

#endif
