// pyo2bias include shim for O2's DetectorsBase/Stack.h: only the type a selective-transport macro
// returns. A macro `o2::data::Stack::TransportFcn f()` is called once per primary with the
// primary and the primaries pushed before it (indexed by track id); false = do not transport.
#ifndef PYO2BIAS_DETECTORSBASE_STACK_H
#define PYO2BIAS_DETECTORSBASE_STACK_H

#include "TParticle.h"
#include <functional>
#include <vector>

namespace o2 {
namespace data {

class Stack
{
 public:
  typedef std::function<bool(const TParticle& p, const std::vector<TParticle>& particles)> TransportFcn;
};

} // namespace data
} // namespace o2

#endif
