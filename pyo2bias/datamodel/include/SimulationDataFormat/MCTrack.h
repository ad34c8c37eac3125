// pyo2bias data model: o2::MCTrackT<float> (o2::MCTrack), class version 8, O2's on-disk layout.
// Written for pyo2bias from O2's documented layout; members, names, order and version match O2
// so that files are exchanged both ways and C++ written for O2 compiles unchanged.
#ifndef PYO2BIAS_SIMULATIONDATAFORMAT_MCTRACK_H
#define PYO2BIAS_SIMULATIONDATAFORMAT_MCTRACK_H

#include "Rtypes.h"
#include "TMath.h"
#include "TParticle.h"
#include "TLorentzVector.h"
#include "TVector3.h"
#include "TMCProcess.h"

#include "SimulationDataFormat/MCGenProperties.h"
#include "SimulationDataFormat/O2DatabasePDG.h"
#include "SimulationDataFormat/ParticleStatus.h"

#include <cmath>
#include <vector>

namespace o2 {

template <class _T>
class MCTrackT
{
 public:
  static constexpr int NHITBITS = 22;

  // mProp bit layout (from the least significant bit):
  // 0 storage | 1-6 process (TMCProcess) | 7-28 hit mask | 29 reserved | 30 inhibited | 31 toBeDone
  static constexpr unsigned int kStoreBit = 0;
  static constexpr unsigned int kProcessShift = 1;
  static constexpr unsigned int kProcessMask = 0x3Fu;
  static constexpr unsigned int kHitShift = 7;
  static constexpr unsigned int kHitMask = (1u << NHITBITS) - 1u;
  static constexpr unsigned int kInhibitedBit = 30;
  static constexpr unsigned int kToBeDoneBit = 31;

  MCTrackT() = default;

  MCTrackT(Int_t pdgCode, Int_t motherId, Int_t secondMotherId, Int_t firstDaughterId, Int_t lastDaughterId,
           Double_t px, Double_t py, Double_t pz, Double_t x, Double_t y, Double_t z, Double_t t, Int_t prop)
    : mStartVertexMomentumX(px), mStartVertexMomentumY(py), mStartVertexMomentumZ(pz),
      mStartVertexCoordinatesX(x), mStartVertexCoordinatesY(y), mStartVertexCoordinatesZ(z),
      mStartVertexCoordinatesT(t), mPdgCode(pdgCode), mMotherTrackId(motherId),
      mSecondMotherTrackId(secondMotherId), mFirstDaughterTrackId(firstDaughterId),
      mLastDaughterTrackId(lastDaughterId), mProp(prop)
  {
  }

  // From a stack TParticle: time s -> ns, process from UniqueID, flags from the status bits.
  explicit MCTrackT(const TParticle& p)
    : mStartVertexMomentumX(p.Px()), mStartVertexMomentumY(p.Py()), mStartVertexMomentumZ(p.Pz()),
      mStartVertexCoordinatesX(p.Vx()), mStartVertexCoordinatesY(p.Vy()), mStartVertexCoordinatesZ(p.Vz()),
      mStartVertexCoordinatesT(p.T() * 1e9), mWeight(p.GetWeight()), mPdgCode(p.GetPdgCode()),
      mMotherTrackId(p.GetMother(0)), mSecondMotherTrackId(p.GetMother(1)),
      mFirstDaughterTrackId(p.GetFirstDaughter()), mLastDaughterTrackId(p.GetLastDaughter())
  {
    setProcess(p.GetUniqueID());
    setStore(p.TestBit(ParticleStatus::kKeep));
    setToBeDone(p.TestBit(ParticleStatus::kToBeDone));
    if (p.TestBit(ParticleStatus::kInhibited)) {
      setToBeDone(true);
      setInhibited(true);
    }
    mStatusCode = p.TestBit(ParticleStatus::kPrimary) ? p.GetStatusCode() : -1;
  }

  // --- identity and links
  Int_t GetPdgCode() const { return mPdgCode; }
  Int_t getMotherTrackId() const { return mMotherTrackId; }
  Int_t getSecondMotherTrackId() const { return mSecondMotherTrackId; }
  Int_t getFirstDaughterTrackId() const { return mFirstDaughterTrackId; }
  Int_t getLastDaughterTrackId() const { return mLastDaughterTrackId; }
  void SetMotherTrackId(Int_t id) { mMotherTrackId = id; }
  void SetSecondMotherTrackId(Int_t id) { mSecondMotherTrackId = id; }
  void SetFirstDaughterTrackId(Int_t id) { mFirstDaughterTrackId = id; }
  void SetLastDaughterTrackId(Int_t id) { mLastDaughterTrackId = id; }

  // --- start vertex (cm, ns) and momentum (GeV/c)
  Double_t GetStartVertexMomentumX() const { return mStartVertexMomentumX; }
  Double_t GetStartVertexMomentumY() const { return mStartVertexMomentumY; }
  Double_t GetStartVertexMomentumZ() const { return mStartVertexMomentumZ; }
  Double_t GetStartVertexCoordinatesX() const { return mStartVertexCoordinatesX; }
  Double_t GetStartVertexCoordinatesY() const { return mStartVertexCoordinatesY; }
  Double_t GetStartVertexCoordinatesZ() const { return mStartVertexCoordinatesZ; }
  Double_t GetStartVertexCoordinatesT() const { return mStartVertexCoordinatesT; }
  Double_t Px() const { return mStartVertexMomentumX; }
  Double_t Py() const { return mStartVertexMomentumY; }
  Double_t Pz() const { return mStartVertexMomentumZ; }
  Double_t Vx() const { return mStartVertexCoordinatesX; }
  Double_t Vy() const { return mStartVertexCoordinatesY; }
  Double_t Vz() const { return mStartVertexCoordinatesZ; }
  Double_t T() const { return mStartVertexCoordinatesT; }
  Double_t R2() const { return Vx() * Vx() + Vy() * Vy(); }
  Double_t R() const { return std::sqrt(R2()); }
  void GetMomentum(TVector3& m) const { m.SetXYZ(Px(), Py(), Pz()); }
  void GetStartVertex(TVector3& v) const { v.SetXYZ(Vx(), Vy(), Vz()); }
  void Get4Momentum(TLorentzVector& m) const { m.SetXYZT(Px(), Py(), Pz(), GetEnergy()); }

  // --- kinematics (double precision from the stored floats)
  Double_t GetPt() const { return std::sqrt(Px() * Px() + Py() * Py()); }
  Double_t GetP() const { return std::sqrt(Px() * Px() + Py() * Py() + Pz() * Pz()); }
  Double_t GetPhi() const { return TMath::Pi() + std::atan2(-Py(), -Px()); } // [0, 2pi], as O2
  Double_t GetTheta() const { return Pz() == 0 ? TMath::PiOver2() : std::acos(Pz() / GetP()); }
  Double_t GetTgl() const { return Pz() / GetPt(); }
  Double_t GetEta() const
  {
    const double p = GetP();
    const double pz = Pz();
    return (p != std::fabs(pz)) ? 0.5 * std::log((p + pz) / (p - pz)) : 1.e30;
  }
  Double_t GetMass() const
  {
    bool ok = false;
    return O2DatabasePDG::Mass(mPdgCode, ok);
  }
  Double_t GetEnergy() const
  {
    const double m = GetMass();
    return std::sqrt(m * m + Px() * Px() + Py() * Py() + Pz() * Pz());
  }
  Double_t GetRapidity() const
  {
    const double e = GetEnergy();
    return 0.5 * std::log((e + Pz()) / (e - Pz()));
  }

  // --- weight and generator status
  _T getWeight() const { return mWeight; }
  void setWeight(_T w) { mWeight = w; }
  o2::mcgenstatus::MCGenStatusEncoding getStatusCode() const { return o2::mcgenstatus::MCGenStatusEncoding(mStatusCode); }
  void setStatusCode(int s) { mStatusCode = s; }

  // --- property bits
  Int_t getProp() const { return mProp; }
  int getProcess() const { return static_cast<int>((prop() >> kProcessShift) & kProcessMask); }
  void setProcess(int proc) { setField(kProcessShift, kProcessMask, static_cast<unsigned int>(proc)); }
  bool getStore() const { return testBit(kStoreBit); }
  void setStore(bool f) { setBit(kStoreBit, f); }
  bool getToBeDone() const { return testBit(kToBeDoneBit); }
  void setToBeDone(bool f) { setBit(kToBeDoneBit, f); }
  bool getInhibited() const { return testBit(kInhibitedBit); }
  void setInhibited(bool f) { setBit(kInhibitedBit, f); }
  bool isTransported() const { return getToBeDone() && !getInhibited(); }
  bool isPrimary() const
  {
    return getProcess() == kPPrimary || (mMotherTrackId < 0 && mSecondMotherTrackId < 0);
  }
  bool isSecondary() const { return !isPrimary(); }

  // Hit mask, sign-extended from 22 bits like O2's bit-field.
  Int_t getHitMask() const
  {
    const unsigned int raw = (prop() >> kHitShift) & kHitMask;
    const unsigned int sign = 1u << (NHITBITS - 1);
    return static_cast<int>(raw ^ sign) - static_cast<int>(sign);
  }
  void setHitMask(Int_t m) { setField(kHitShift, kHitMask, static_cast<unsigned int>(m)); }
  void setHit(Int_t bit) { setHitMask(getHitMask() | (1 << bit)); }
  bool hasHits() const { return ((prop() >> kHitShift) & kHitMask) != 0; }
  bool leftTraceGivenBitField(int bit) const { return ((prop() >> (kHitShift + bit)) & 1u) != 0; }
  // Did detector detId see this track? detIdToBit is the LUT stored in the MCEventHeader.
  bool leftTrace(Int_t detId, std::vector<int> const& detIdToBit) const
  {
    if (detId < 0 || detId >= static_cast<Int_t>(detIdToBit.size())) {
      return false;
    }
    const int bit = detIdToBit[detId];
    return bit >= 0 && leftTraceGivenBitField(bit);
  }
  int getNumDet() const
  {
    int n = 0;
    for (int i = 0; i < NHITBITS; ++i) {
      n += leftTraceGivenBitField(i) ? 1 : 0;
    }
    return n;
  }

 private:
  unsigned int prop() const { return static_cast<unsigned int>(mProp); }
  bool testBit(unsigned int b) const { return ((prop() >> b) & 1u) != 0; }
  void setBit(unsigned int b, bool f)
  {
    const unsigned int v = f ? (prop() | (1u << b)) : (prop() & ~(1u << b));
    mProp = static_cast<Int_t>(v);
  }
  void setField(unsigned int shift, unsigned int mask, unsigned int value)
  {
    const unsigned int v = (prop() & ~(mask << shift)) | ((value & mask) << shift);
    mProp = static_cast<Int_t>(v);
  }

  _T mStartVertexMomentumX = 0, mStartVertexMomentumY = 0, mStartVertexMomentumZ = 0;
  _T mStartVertexCoordinatesX = 0, mStartVertexCoordinatesY = 0, mStartVertexCoordinatesZ = 0,
     mStartVertexCoordinatesT = 0;
  _T mWeight = 0;
  Int_t mPdgCode = 0;
  Int_t mMotherTrackId = -1;
  Int_t mSecondMotherTrackId = -1;
  Int_t mFirstDaughterTrackId = -1;
  Int_t mLastDaughterTrackId = -1;
  Int_t mProp = 0;
  Int_t mStatusCode = 0;

  ClassDefNV(MCTrackT, 8);
};

using MCTrack = MCTrackT<float>;

} // namespace o2

#endif
