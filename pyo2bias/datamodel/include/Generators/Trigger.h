// pyo2bias include shim for O2's Generators/Trigger.h: the function types an external-trigger
// macro returns. Trigger sees the event's particles; DeepTrigger sees the generator itself.
#ifndef PYO2BIAS_GENERATORS_TRIGGER_H
#define PYO2BIAS_GENERATORS_TRIGGER_H

#include "TParticle.h"
#include <functional>
#include <string>
#include <vector>

namespace o2 {
namespace eventgen {

typedef std::function<bool(const std::vector<TParticle>&)> Trigger;
typedef std::function<bool(void*, std::string)> DeepTrigger;

} // namespace eventgen
} // namespace o2

#endif
