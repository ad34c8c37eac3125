// pyo2bias data model: generator status encoding of O2 (bits 0-8 HepMC, 9-18 generator,
// 29-31 "is encoded" marker, which must read 5).
#ifndef PYO2BIAS_SIMULATIONDATAFORMAT_MCGENPROPERTIES_H
#define PYO2BIAS_SIMULATIONDATAFORMAT_MCGENPROPERTIES_H

namespace o2 {
namespace mcgenstatus {

constexpr unsigned int isEncodedValue = 5;

// A 32-bit status word; accessors sign-extend the HepMC and generator fields like O2's bit-fields.
struct MCGenStatusEncoding {
  int fullEncoding = 0;

  MCGenStatusEncoding() = default;
  MCGenStatusEncoding(int enc) : fullEncoding(enc) {}
  MCGenStatusEncoding(int hepmcStatus, int genStatus)
  {
    unsigned int w = (static_cast<unsigned int>(hepmcStatus) & 0x1FFu) |
                     ((static_cast<unsigned int>(genStatus) & 0x3FFu) << 9) | (isEncodedValue << 29);
    fullEncoding = static_cast<int>(w);
  }
  int hepmc() const { return signExtend(static_cast<unsigned int>(fullEncoding) & 0x1FFu, 9); }
  int gen() const { return signExtend((static_cast<unsigned int>(fullEncoding) >> 9) & 0x3FFu, 10); }
  unsigned int isEncoded() const { return static_cast<unsigned int>(fullEncoding) >> 29; }

 private:
  static int signExtend(unsigned int v, int bits)
  {
    unsigned int sign = 1u << (bits - 1);
    return static_cast<int>((v ^ sign)) - static_cast<int>(sign);
  }
};

inline bool isEncoded(MCGenStatusEncoding s) { return s.isEncoded() == isEncodedValue; }
inline bool isEncoded(int s) { return isEncoded(MCGenStatusEncoding(s)); }
inline int getHepMCStatusCode(MCGenStatusEncoding s) { return isEncoded(s) ? s.hepmc() : s.fullEncoding; }
inline int getGenStatusCode(MCGenStatusEncoding s) { return isEncoded(s) ? s.gen() : s.fullEncoding; }
inline int getHepMCStatusCode(int s) { return getHepMCStatusCode(MCGenStatusEncoding(s)); }
inline int getGenStatusCode(int s) { return getGenStatusCode(MCGenStatusEncoding(s)); }

} // namespace mcgenstatus
} // namespace o2

#endif
