// pyo2bias data model: o2::utils::RootSerializableKeyValueStore (v2), O2's on-disk layout.
// A map from key to a serialised value: trivial types are stored as raw bytes tagged with their
// mangled typeid name; other types (e.g. std::string) go through TBufferFile with their TClass.
#ifndef PYO2BIAS_COMMONUTILS_ROOTSERIALIZABLEKEYVALUESTORE_H
#define PYO2BIAS_COMMONUTILS_ROOTSERIALIZABLEKEYVALUESTORE_H

#include "Rtypes.h"
#include "TBufferFile.h"
#include "TClass.h"

#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <type_traits>
#include <typeindex>
#include <typeinfo>
#include <vector>

namespace o2 {
namespace utils {

class RootSerializableKeyValueStore
{
 public:
  struct SerializedInfo {
    SerializedInfo() = default;
    SerializedInfo(const char* data, int n, TClass const* c, std::string const& tname)
      : N(n), bufferptr(new char[n > 0 ? n : 1]), cl(c), typeinfo_name(tname)
    {
      std::memcpy(bufferptr, data, n);
    }
    SerializedInfo(SerializedInfo const& o) : N(o.N), bufferptr(nullptr), cl(o.cl), typeinfo_name(o.typeinfo_name)
    {
      if (o.bufferptr) {
        bufferptr = new char[N > 0 ? N : 1];
        std::memcpy(bufferptr, o.bufferptr, N);
      }
    }
    SerializedInfo& operator=(SerializedInfo const& o)
    {
      if (this != &o) {
        SerializedInfo tmp(o);
        std::swap(N, tmp.N);
        std::swap(bufferptr, tmp.bufferptr);
        std::swap(cl, tmp.cl);
        std::swap(typeinfo_name, tmp.typeinfo_name);
        objcache.reset();
      }
      return *this;
    }
    ~SerializedInfo() { delete[] bufferptr; }

    std::shared_ptr<void> objcache; //! deserialised object (class types), built on first access
    Int_t N = 0;
    char* bufferptr = nullptr; //[N] serialised value
    TClass const* cl = nullptr;
    std::string typeinfo_name;
    ClassDefNV(SerializedInfo, 1);
  };

  enum class GetState { kOK = 0, kNOSUCHKEY = 1, kWRONGTYPE = 2, kNOTCLASS = 3 };

  static const char* getStateString(GetState s)
  {
    static const char* names[] = {"ok", "no such key", "wrong type", "no TClass"};
    return static_cast<int>(s) < 4 ? names[static_cast<int>(s)] : nullptr;
  }

  template <typename T>
  void put(std::string const& key, T const& value)
  {
    static_assert(!std::is_pointer<T>::value, "store values, not pointers");
    mStore.erase(key);
    const std::string tname = std::type_index(typeid(T)).name();
    if constexpr (std::is_trivial<T>::value) {
      mStore.emplace(key, SerializedInfo(reinterpret_cast<const char*>(&value), sizeof(T), nullptr, tname));
    } else {
      TClass* c = TClass::GetClass(typeid(T));
      if (!c) {
        return; // no dictionary: nothing can be stored (as in O2)
      }
      TBufferFile buf(TBuffer::kWrite);
      buf.WriteObjectAny(&value, c);
      mStore.emplace(key, SerializedInfo(buf.Buffer(), buf.Length(), c, tname));
    }
  }

  template <typename T>
  const T* get(std::string const& key, GetState& state) const
  {
    auto it = mStore.find(key);
    if (it == mStore.end()) {
      state = GetState::kNOSUCHKEY;
      return nullptr;
    }
    SerializedInfo& info = const_cast<SerializedInfo&>(it->second);
    if constexpr (std::is_trivial<T>::value) {
      if (info.typeinfo_name != std::type_index(typeid(T)).name() || info.N != static_cast<Int_t>(sizeof(T))) {
        state = GetState::kWRONGTYPE;
        return nullptr;
      }
      state = GetState::kOK;
      return reinterpret_cast<const T*>(info.bufferptr);
    } else {
      TClass* c = TClass::GetClass(typeid(T));
      if (!c) {
        state = GetState::kNOTCLASS;
        return nullptr;
      }
      if (!info.cl || std::strcmp(c->GetName(), info.cl->GetName()) != 0) {
        state = GetState::kWRONGTYPE;
        return nullptr;
      }
      if (!info.objcache) {
        TBufferFile buf(TBuffer::kRead, info.N, info.bufferptr, kFALSE);
        buf.Reset();
        T* obj = static_cast<T*>(buf.ReadObjectAny(c));
        info.objcache = std::shared_ptr<void>(obj, [](void* p) { delete static_cast<T*>(p); });
      }
      state = GetState::kOK;
      return static_cast<const T*>(info.objcache.get());
    }
  }

  template <typename T>
  const T* get(std::string const& key) const
  {
    GetState s;
    return get<T>(key, s);
  }

  // Reference to the value; on error a default-constructed T and the error in state.
  template <typename T>
  const T& getRef(std::string const& key, GetState& state) const
  {
    const T* p = get<T>(key, state);
    static const T fallback{};
    return p ? *p : fallback;
  }

  bool has(std::string const& key) const { return mStore.count(key) > 0; }
  void clear() { mStore.clear(); }
  void copyFrom(RootSerializableKeyValueStore const& other) { mStore = other.mStore; }
  size_t size() const { return mStore.size(); }
  std::vector<std::string> keys() const
  {
    std::vector<std::string> k;
    for (auto const& kv : mStore) {
      k.push_back(kv.first);
    }
    return k;
  }
  // Mangled type name of the stored value ("" if absent); lets generic code pick the right get<T>.
  std::string typeName(std::string const& key) const
  {
    auto it = mStore.find(key);
    return it == mStore.end() ? std::string() : it->second.typeinfo_name;
  }

 private:
  std::map<std::string, SerializedInfo> mStore;

  ClassDefNV(RootSerializableKeyValueStore, 2);
};

} // namespace utils
} // namespace o2

#endif
