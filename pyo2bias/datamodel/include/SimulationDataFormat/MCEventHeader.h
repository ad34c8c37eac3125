// pyo2bias data model: o2::dataformats::MCEventHeader (v4), O2's on-disk layout.
// Carries the event id and vertex (FairMCEventHeader), transport counters, the DetID -> hit-bit
// table used to decode MCTrack hit masks, and a typed key/value store of event information.
#ifndef PYO2BIAS_SIMULATIONDATAFORMAT_MCEVENTHEADER_H
#define PYO2BIAS_SIMULATIONDATAFORMAT_MCEVENTHEADER_H

#include "FairMCEventHeader.h"
#include "SimulationDataFormat/MCEventStats.h"
#include "CommonUtils/RootSerializableKeyValueStore.h"

#include <string>
#include <vector>

namespace o2 {
namespace dataformats {

class MCEventHeader : public FairMCEventHeader
{
 public:
  MCEventHeader() = default;
  MCEventHeader(const MCEventHeader&) = default;
  MCEventHeader& operator=(const MCEventHeader&) = default;
  ~MCEventHeader() override = default;

  void setEmbeddingFileName(std::string const& v) { mEmbeddingFileName = v; }
  std::string const& getEmbeddingFileName() const { return mEmbeddingFileName; }
  void setEmbeddingEventIndex(Int_t v) { mEmbeddingEventIndex = v; }
  int getEmbeddedIndex() const { return mEmbeddingEventIndex; }

  template <typename T>
  void putInfo(std::string const& key, T const& value)
  {
    mEventInfo.put<T>(key, value);
  }
  bool hasInfo(std::string const& key) const { return mEventInfo.has(key); }
  template <typename T>
  const T& getInfo(std::string const& key, bool& isvalid) const
  {
    o2::utils::RootSerializableKeyValueStore::GetState state;
    const T& ref = mEventInfo.getRef<T>(key, state);
    isvalid = (state == o2::utils::RootSerializableKeyValueStore::GetState::kOK);
    return ref;
  }
  void clearInfo() { mEventInfo.clear(); }
  void copyInfoFrom(MCEventHeader const& other) { mEventInfo.copyFrom(other.mEventInfo); }
  o2::utils::RootSerializableKeyValueStore const& getInfoStore() const { return mEventInfo; }

  MCEventStats& getMCEventStats() { return mEventStats; }
  MCEventStats const& getMCEventStats() const { return mEventStats; }
  void setDetId2HitBitLUT(std::vector<int> const& v) { mDetId2HitBitIndex = v; }
  std::vector<int> const& getDetId2HitBitLUT() const { return mDetId2HitBitIndex; }

  void Reset() override
  {
    FairMCEventHeader::Reset();
    mEmbeddingFileName.clear();
    mEmbeddingEventIndex = 0;
    mEventStats = MCEventStats{};
    mEventInfo.clear();
  }

 protected:
  std::string mEmbeddingFileName;
  Int_t mEmbeddingEventIndex = 0;
  MCEventStats mEventStats{};
  std::vector<int> mDetId2HitBitIndex;
  o2::utils::RootSerializableKeyValueStore mEventInfo;

  ClassDefOverride(MCEventHeader, 4);
};

} // namespace dataformats
} // namespace o2

#endif
