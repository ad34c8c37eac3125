// pyo2bias: move one event's hits between the processes of the embedded service as bytes.
//
// A packet holds the track references, ITS, TOF and the 36 TPC sector collections, in that
// order (kHitSlots). Both ends are processes of one service, built from the same headers, so
// the fixed-size hit types travel as raw memory (they have no virtual table: ClassDefNV) and a
// TPC HitGroup as its track id and its five point arrays. The receiver copies each slot into
// the vector its tree branch points to: nothing goes through ROOT's streamers until
// TTree::Fill. The packet starts with a layout word (the sizes of the plain hit types), which
// catches a packet from a build with other hit classes; a truncated or overlong packet throws.
#ifndef PYO2BIAS_HITSTRANSFER_H
#define PYO2BIAS_HITSTRANSFER_H

#include "ITSMFTSimulation/Hit.h"
#include "SimulationDataFormat/TrackReference.h"
#include "TOFSimulation/Detector.h"
#include "TPCSimulation/Point.h"

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <type_traits>
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
static_assert(std::is_trivially_copyable<o2::TrackReference>::value, "TrackReference must be plain data");
static_assert(std::is_trivially_copyable<o2::itsmft::Hit>::value, "ITS Hit must be plain data");
static_assert(std::is_trivially_copyable<o2::tof::HitType>::value, "TOF HitType must be plain data");

constexpr std::uint64_t kLayout = 0x50480000ull << 32 | sizeof(o2::TrackReference) << 20 |
                                  sizeof(o2::itsmft::Hit) << 10 | sizeof(o2::tof::HitType);

// Appends to a caller's buffer, counting what does not fit (the size of the packet is the count).
struct Writer {
  unsigned char* out;
  long capacity;
  long n = 0;
  void put(const void* p, long size)
  {
    if (n + size <= capacity) std::memcpy(out + n, p, size);
    n += size;
  }
  void count(std::uint32_t k) { put(&k, sizeof k); }
};

struct Reader {
  const unsigned char* data;
  long n;
  long at = 0;
  const unsigned char* take(long size)
  {
    if (size < 0 || at + size > n) throw std::runtime_error("pyo2bias hits packet: truncated");
    const unsigned char* p = data + at;
    at += size;
    return p;
  }
  std::uint32_t count()
  {
    std::uint32_t k;
    std::memcpy(&k, take(sizeof k), sizeof k);
    return k;
  }
};

template <class T>
void write(Writer& w, const std::vector<T>* v)
{
  const std::uint32_t k = v ? static_cast<std::uint32_t>(v->size()) : 0;
  w.count(k);
  if (k) w.put(v->data(), static_cast<long>(k * sizeof(T)));
}

template <class T>
void writeColumn(Writer& w, const std::vector<T>& column, std::uint32_t m)
{
  w.put(column.data(), static_cast<long>(m * sizeof(T)));
}

template <class T>
void readColumn(Reader& r, std::vector<T>& column, std::uint32_t m)
{
  const unsigned char* p = r.take(static_cast<long>(m) * static_cast<long>(sizeof(T)));
  column.resize(m);
  if (m) std::memcpy(column.data(), p, m * sizeof(T));
}

// The point arrays of a TPC hit group, in packet order.
template <class Group, class F>
void eachColumn(Group& group, F&& f)
{
  f(group.mHitsXVctr);
  f(group.mHitsYVctr);
  f(group.mHitsZVctr);
  f(group.mHitsTVctr);
  f(group.mHitsEVctr);
}

inline void write(Writer& w, const std::vector<o2::tpc::HitGroup>* v)
{
  const std::uint32_t k = v ? static_cast<std::uint32_t>(v->size()) : 0;
  w.count(k);
  for (std::uint32_t g = 0; g < k; ++g) {
    const auto& group = (*v)[g];
    const std::uint32_t m = static_cast<std::uint32_t>(group.getSize());
    const std::int32_t track = group.GetTrackID();
    w.put(&track, sizeof track);
    w.count(m);
    eachColumn(group, [&](const auto& column) { writeColumn(w, column, m); });
  }
}

template <class T>
void read(Reader& r, std::vector<T>* v)
{
  const std::uint32_t k = r.count();
  const unsigned char* p = r.take(static_cast<long>(k) * static_cast<long>(sizeof(T)));
  if (v) {
    v->resize(k);
    if (k) std::memcpy(v->data(), p, k * sizeof(T));
  }
}

inline void read(Reader& r, std::vector<o2::tpc::HitGroup>* v)
{
  const std::uint32_t k = r.count();
  if (k > (r.n - r.at) / 8) throw std::runtime_error("pyo2bias hits packet: truncated");  // 8 bytes per group at least
  std::vector<o2::tpc::HitGroup> skipped;
  std::vector<o2::tpc::HitGroup>& groups = v ? *v : skipped;
  groups.resize(k);
  for (std::uint32_t g = 0; g < k; ++g) {
    std::int32_t track;
    std::memcpy(&track, r.take(sizeof track), sizeof track);
    const std::uint32_t m = r.count();
    auto& group = groups[g];
    group.SetTrackID(track);
    eachColumn(group, [&](auto& column) { readColumn(r, column, m); });
  }
}
} // namespace detail

// Size of the packet for `slots`; the bytes are written to `out` when they fit in `capacity`.
inline long packHits(const HitSlots& slots, unsigned char* out, long capacity)
{
  detail::Writer w{out, capacity};
  const std::uint64_t layout = detail::kLayout;
  w.put(&layout, sizeof layout);
  detail::write(w, slots.refs);
  detail::write(w, slots.its);
  detail::write(w, slots.tof);
  for (int k = 0; k < kTPCSectors; ++k) {
    detail::write(w, slots.tpc[k]);
  }
  return w.n;
}

// Copy the packet data[0..n) into `slots` (collections with a null pointer are skipped); an
// empty packet (an event without hits) empties every slot. A malformed packet throws.
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
  detail::Reader r{data, n};
  std::uint64_t layout;
  std::memcpy(&layout, r.take(sizeof layout), sizeof layout);
  if (layout != detail::kLayout) throw std::runtime_error("pyo2bias hits packet: written by an incompatible build");
  detail::read(r, slots.refs);
  detail::read(r, slots.its);
  detail::read(r, slots.tof);
  for (int k = 0; k < kTPCSectors; ++k) {
    detail::read(r, slots.tpc[k]);
  }
  if (r.at != n) throw std::runtime_error("pyo2bias hits packet: trailing bytes");
}

} // namespace pyo2bias

#endif
