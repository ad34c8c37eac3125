// pyo2bias: an MCEventHeader's information store: list its keys (and stored type names), and
// fill a header with its info entries in one call (the embedded service's merger).
// O2's MCEventHeader offers getInfo/hasInfo but no way to enumerate keys; this reaches the store
// through ROOT's reflection (member names mEventInfo and mStore, the same in O2 and pyo2bias),
// so it works with either data model.
#ifndef PYO2BIAS_HEADERINFO_H
#define PYO2BIAS_HEADERINFO_H

#include "SimulationDataFormat/MCEventHeader.h"
#include "TClass.h"

#include <cstdlib>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace pyo2bias {

// (key, mangled type name) of every entry; empty if the classes lack the expected members.
inline std::vector<std::pair<std::string, std::string>> infoEntries(const o2::dataformats::MCEventHeader& h)
{
  using Store = o2::utils::RootSerializableKeyValueStore;
  std::vector<std::pair<std::string, std::string>> out;
  TClass* headerClass = TClass::GetClass("o2::dataformats::MCEventHeader");
  TClass* storeClass = TClass::GetClass("o2::utils::RootSerializableKeyValueStore");
  if (!headerClass || !storeClass || !headerClass->GetDataMember("mEventInfo") ||
      !storeClass->GetDataMember("mStore")) {
    return out;
  }
  const Long_t infoOffset = headerClass->GetDataMemberOffset("mEventInfo");
  const Long_t mapOffset = storeClass->GetDataMemberOffset("mStore");
  const char* store = reinterpret_cast<const char*>(&h) + infoOffset;
  const auto& entries = *reinterpret_cast<const std::map<std::string, Store::SerializedInfo>*>(store + mapOffset);
  for (const auto& kv : entries) {
    out.emplace_back(kv.first, kv.second.typeinfo_name);
  }
  return out;
}

// Store info entries given as text, one per line: "<type>\t<key>\t<value>", with type i (int),
// m (unsigned long), d (double), b (bool) or s (std::string); in keys and string values the
// escapes \\, \t and \n stand for a backslash, a tab and a newline (io/header.py writes them).
inline std::string unescapeInfo(const std::string& text)
{
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) {
      const char c = text[++i];
      out += c == 'n' ? '\n' : c == 't' ? '\t' : c;
    } else {
      out += text[i];
    }
  }
  return out;
}

inline void putInfoText(o2::dataformats::MCEventHeader& h, const std::string& text)
{
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::size_t tab1 = text.find('\t', start), tab2 = text.find('\t', tab1 + 1);
    if (tab1 < end && tab2 < end && tab1 == start + 1) {
      const char type = text[start];
      const std::string key = unescapeInfo(text.substr(tab1 + 1, tab2 - tab1 - 1));
      const std::string value = text.substr(tab2 + 1, end - tab2 - 1);
      switch (type) {
        case 'i': h.putInfo<int>(key, std::atoi(value.c_str())); break;
        case 'm': h.putInfo<unsigned long>(key, std::strtoul(value.c_str(), nullptr, 10)); break;
        case 'd': h.putInfo<double>(key, std::strtod(value.c_str(), nullptr)); break;
        case 'b': h.putInfo<bool>(key, value == "1"); break;
        case 's': h.putInfo<std::string>(key, unescapeInfo(value)); break;
        default: break;
      }
    }
    start = end + 1;
  }
}

// A fresh header for one simulated event: vertex {x, y, z} in cm, {time, b}, the number of
// primaries, MCEventStats {hits, transported, kept, steps}, O2's DetID -> hit-bit table and
// the info entries as text (putInfoText).
inline void fillEventHeader(o2::dataformats::MCEventHeader& h, int eventID, const double* vertex,
                            const double* timeAndB, int nPrimaries, const long* stats, const int* lut, int nLut,
                            const std::string& info)
{
  h = o2::dataformats::MCEventHeader();
  h.SetEventID(eventID);
  h.SetVertex(vertex[0], vertex[1], vertex[2]);
  h.SetTime(timeAndB[0]);
  h.SetB(timeAndB[1]);
  h.SetNPrim(nPrimaries);
  h.MarkSet(true);
  h.setDetId2HitBitLUT(std::vector<int>(lut, lut + nLut));
  auto& s = h.getMCEventStats();
  s.setNHits(stats[0]);
  s.setNTransportedTracks(stats[1]);
  s.setNKeptTracks(stats[2]);
  s.setNSteps(stats[3]);
  putInfoText(h, info);
}

} // namespace pyo2bias

#endif
