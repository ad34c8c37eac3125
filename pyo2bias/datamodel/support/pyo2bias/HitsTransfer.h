// pyo2bias: move ROOT-streamable objects (hit vectors) between processes as bytes.
//
// One event's hits travel as one packet: the track references, ITS, TOF and the 36 TPC sector
// vectors, in that order (kHitSlots), streamed back to back into one buffer. The receiver
// streams each slot straight into the object its tree branch points to, so nothing is copied
// again on the way to TTree::Fill.
#ifndef PYO2BIAS_HITSTRANSFER_H
#define PYO2BIAS_HITSTRANSFER_H

#include "ITSMFTSimulation/Hit.h"
#include "SimulationDataFormat/TrackReference.h"
#include "TBufferFile.h"
#include "TClass.h"
#include "TOFSimulation/Detector.h"
#include "TPCSimulation/Point.h"

#include <cstring>
#include <typeinfo>
#include <vector>

namespace pyo2bias {

constexpr int kTPCSectors = 36;
constexpr int kHitSlots = 3 + kTPCSectors;  // refs, ITS, TOF, TPC sectors 0..35

// One event's hit collections; a null pointer stands for an empty (or unwanted) collection.
struct HitSlots {
  std::vector<o2::TrackReference>* refs = nullptr;
  std::vector<o2::itsmft::Hit>* its = nullptr;
  std::vector<o2::tof::HitType>* tof = nullptr;
  std::vector<std::vector<o2::tpc::HitGroup>*> tpc = std::vector<std::vector<o2::tpc::HitGroup>*>(kTPCSectors);
};

namespace detail {
template <class T>
void stream(TBufferFile& buffer, std::vector<T>* v)
{
  static TClass* cl = TClass::GetClass(typeid(std::vector<T>));
  if (buffer.IsWriting()) {
    std::vector<T> none;
    buffer.StreamObject(v ? v : &none, cl);
  } else if (v) {
    v->clear();
    buffer.StreamObject(v, cl);
  } else {
    std::vector<T> skipped;
    buffer.StreamObject(&skipped, cl);
  }
}

inline void eachSlot(TBufferFile& buffer, const HitSlots& s)
{
  stream(buffer, s.refs);
  stream(buffer, s.its);
  stream(buffer, s.tof);
  for (int k = 0; k < kTPCSectors; ++k) {
    stream(buffer, s.tpc[k]);
  }
}
} // namespace detail

// Size of the packet for `slots`; the bytes are copied to `out` when they fit in `capacity`.
inline long packHits(const HitSlots& slots, unsigned char* out, long capacity)
{
  TBufferFile buffer(TBuffer::kWrite, 1 << 16);
  detail::eachSlot(buffer, slots);
  const long n = buffer.Length();
  if (n <= capacity) {
    std::memcpy(out, buffer.Buffer(), n);
  }
  return n;
}

// Stream the packet data[0..n) into `slots` (collections with a null pointer are skipped);
// an empty packet (an event without hits) empties every slot.
inline void unpackHits(const unsigned char* data, long n, const HitSlots& slots)
{
  if (n == 0) {
    if (slots.refs) slots.refs->clear();
    if (slots.its) slots.its->clear();
    if (slots.tof) slots.tof->clear();
    for (auto* v : slots.tpc) {
      if (v) v->clear();
    }
    return;
  }
  TBufferFile buffer(TBuffer::kRead, n, reinterpret_cast<char*>(const_cast<unsigned char*>(data)), kFALSE);
  detail::eachSlot(buffer, slots);
}

} // namespace pyo2bias

#endif
