// pyo2bias data model: o2::detectors::DetID, ALICE detector identifiers (ITS 0 ... FOC 17).
#ifndef PYO2BIAS_DETECTORSCOMMONDATAFORMATS_DETID_H
#define PYO2BIAS_DETECTORSCOMMONDATAFORMATS_DETID_H

#include "GPUCommon/GPUCommonBitSet.h"
#include <cstring>
#include <string>

namespace o2 {
namespace detectors {

class DetID
{
 public:
  typedef int ID;
  using mask_t = o2::gpu::gpustd::bitset<32>;

  static constexpr ID ITS = 0, TPC = 1, TRD = 2, TOF = 3, PHS = 4, CPV = 5, EMC = 6, HMP = 7, MFT = 8,
                      MCH = 9, MID = 10, ZDC = 11, FT0 = 12, FV0 = 13, FDD = 14, TST = 15, CTP = 16,
                      FOC = 17, First = ITS, Last = FOC;
  static constexpr int nDetectors = Last + 1;

  DetID(ID id) : mID(id) {}
  // By name, e.g. DetID("TOF"); an unknown name gives -1.
  DetID(const char* name) : mID(nameToID(name)) {}

  operator ID() const { return mID; }
  ID getID() const { return mID; }
  mask_t getMask() const { return getMask(mID); }
  const char* getName() const { return getName(mID); }

  static mask_t getMask(ID id) { return (id >= First && id <= Last) ? mask_t(1u << id) : mask_t(0u); }
  static const char* getName(ID id) { return (id >= First && id <= Last) ? names()[id] : "NONE"; }
  static ID nameToID(const char* name)
  {
    for (int i = First; i <= Last; ++i) {
      if (std::strcmp(name, names()[i]) == 0) {
        return i;
      }
    }
    return -1;
  }

 private:
  static const char* const* names()
  {
    static const char* const n[nDetectors] = {"ITS", "TPC", "TRD", "TOF", "PHS", "CPV",
                                                 "EMC", "HMP", "MFT", "MCH", "MID", "ZDC",
                                                 "FT0", "FV0", "FDD", "TST", "CTP", "FOC"};
    return n;
  }
  ID mID = -1;
};

} // namespace detectors
} // namespace o2

#endif
