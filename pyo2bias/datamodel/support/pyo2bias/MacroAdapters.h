// pyo2bias: Python-callable holders for the std::function types O2 macros return.
// PyROOT cannot bind std::function<bool(const TParticle&, ...)> (it mangles the type name), so
// pyo2bias wraps what a macro returns in one of these classes, each called like the function
// it holds. The std::function stays private, out of PyROOT's sight.
#ifndef PYO2BIAS_MACROADAPTERS_H
#define PYO2BIAS_MACROADAPTERS_H

#include "DetectorsBase/Stack.h"
#include "Generators/Trigger.h"
#include "TParticle.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace pyo2bias {

class TransportSelector;
class EventTrigger;
class DeepEventTrigger;
TransportSelector wrap(o2::data::Stack::TransportFcn f);
EventTrigger wrap(o2::eventgen::Trigger f);
DeepEventTrigger wrap(o2::eventgen::DeepTrigger f);

// Selective transport: true = transport this primary.
class TransportSelector
{
 public:
  bool operator()(const TParticle& p, const std::vector<TParticle>& primariesSoFar) const
  {
    return (*mFn)(p, primariesSoFar);
  }
  bool valid() const { return mFn && static_cast<bool>(*mFn); }

 private:
  friend TransportSelector wrap(o2::data::Stack::TransportFcn f);
  std::shared_ptr<const o2::data::Stack::TransportFcn> mFn;
};

// External trigger: true = keep the event.
class EventTrigger
{
 public:
  bool operator()(const std::vector<TParticle>& particles) const { return (*mFn)(particles); }
  bool valid() const { return mFn && static_cast<bool>(*mFn); }

 private:
  friend EventTrigger wrap(o2::eventgen::Trigger f);
  std::shared_ptr<const o2::eventgen::Trigger> mFn;
};

// Deep trigger: sees the generator object itself (e.g. a Pythia8::Pythia* named "pythia8").
class DeepEventTrigger
{
 public:
  bool operator()(void* generator, const std::string& name) const { return (*mFn)(generator, name); }
  bool valid() const { return mFn && static_cast<bool>(*mFn); }

 private:
  friend DeepEventTrigger wrap(o2::eventgen::DeepTrigger f);
  std::shared_ptr<const o2::eventgen::DeepTrigger> mFn;
};

inline TransportSelector wrap(o2::data::Stack::TransportFcn f)
{
  TransportSelector s;
  s.mFn = std::make_shared<const o2::data::Stack::TransportFcn>(std::move(f));
  return s;
}
inline EventTrigger wrap(o2::eventgen::Trigger f)
{
  EventTrigger t;
  t.mFn = std::make_shared<const o2::eventgen::Trigger>(std::move(f));
  return t;
}
inline DeepEventTrigger wrap(o2::eventgen::DeepTrigger f)
{
  DeepEventTrigger t;
  t.mFn = std::make_shared<const o2::eventgen::DeepTrigger>(std::move(f));
  return t;
}
// O2's Stack semantics: each candidate primary is offered, in order, with the primaries pushed
// before it; keep[i] = selector's answer (negated when invert), 0 for non-candidates.
inline void selectPrimaries(const TransportSelector& selector, const std::vector<TParticle>& primaries,
                            const unsigned char* candidate, bool invert, unsigned char* keep)
{
  std::vector<TParticle> soFar;
  soFar.reserve(primaries.size());
  for (std::size_t i = 0; i < primaries.size(); ++i) {
    keep[i] = candidate[i] ? (selector(primaries[i], soFar) != invert) : 0;
    soFar.push_back(primaries[i]);
  }
}

// Anything else a macro returns is handed over unchanged.
template <class T>
T wrap(T value)
{
  return value;
}

} // namespace pyo2bias

#endif
