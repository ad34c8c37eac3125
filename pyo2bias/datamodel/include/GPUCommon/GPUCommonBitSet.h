// pyo2bias data model: o2::gpu::gpustd::bitset<N>, the 32-bit detector mask O2 persists in the GRP.
#ifndef PYO2BIAS_GPUCOMMON_BITSET_H
#define PYO2BIAS_GPUCOMMON_BITSET_H

#include "Rtypes.h"

namespace o2 {
namespace gpu {
namespace gpustd {

template <unsigned int N>
class bitset
{
  static_assert(N <= 32, "one 32-bit word only");

 public:
  bitset() = default;
  bitset(unsigned int value) : v(value) {}
  bool test(unsigned int i) const { return (v >> i) & 1u; }
  bitset& set(unsigned int i, bool val = true)
  {
    v = val ? (v | (1u << i)) : (v & ~(1u << i));
    return *this;
  }
  bitset& reset(unsigned int i) { return set(i, false); }
  bool any() const { return v != 0; }
  bool none() const { return v == 0; }
  unsigned int count() const { return __builtin_popcount(v); }
  unsigned long to_ulong() const { return v; }
  bitset operator&(bitset o) const { return bitset(v & o.v); }
  bitset operator|(bitset o) const { return bitset(v | o.v); }
  bitset operator^(bitset o) const { return bitset(v ^ o.v); }
  bitset operator~() const { return bitset(~v); }
  bitset& operator&=(bitset o) { v &= o.v; return *this; }
  bitset& operator|=(bitset o) { v |= o.v; return *this; }
  bool operator==(bitset o) const { return v == o.v; }
  bool operator!=(bitset o) const { return v != o.v; }

  unsigned int v = 0;
  ClassDefNV(bitset, 1); // version 1 as in O2 files
};

} // namespace gpustd
} // namespace gpu
} // namespace o2

#endif
