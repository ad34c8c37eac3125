// pyo2bias: move ROOT-streamable objects (hit vectors) between processes as bytes.
#ifndef PYO2BIAS_HITSTRANSFER_H
#define PYO2BIAS_HITSTRANSFER_H

#include "TBufferFile.h"
#include "TClass.h"

#include <cstring>
#include <typeinfo>

namespace pyo2bias {

// Serialised size of `obj`; the bytes are copied to `out` when they fit in `capacity`.
template <class T>
long serialize(const T& obj, unsigned char* out, long capacity)
{
  TBufferFile buffer(TBuffer::kWrite);
  buffer.WriteObjectAny(&obj, TClass::GetClass(typeid(T)));
  const long n = buffer.Length();
  if (n <= capacity) {
    std::memcpy(out, buffer.Buffer(), n);
  }
  return n;
}

// Replace `obj` by the object serialised in data[0..n).
template <class T>
void deserialize(T& obj, const unsigned char* data, long n)
{
  TBufferFile buffer(TBuffer::kRead, n, reinterpret_cast<char*>(const_cast<unsigned char*>(data)), kFALSE);
  T* read = static_cast<T*>(buffer.ReadObjectAny(TClass::GetClass(typeid(T))));
  if (read) {
    obj = std::move(*read);
    delete read;
  }
}

} // namespace pyo2bias

#endif
