// pyo2bias: list the keys (and stored type names) of an MCEventHeader's information store.
// O2's MCEventHeader offers getInfo/hasInfo but no way to enumerate keys; this reaches the store
// through ROOT's reflection (member names mEventInfo and mStore, the same in O2 and pyo2bias),
// so it works with either data model.
#ifndef PYO2BIAS_HEADERINFO_H
#define PYO2BIAS_HEADERINFO_H

#include "SimulationDataFormat/MCEventHeader.h"
#include "TClass.h"

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

} // namespace pyo2bias

#endif
