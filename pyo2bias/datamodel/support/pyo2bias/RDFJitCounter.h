// pyo2bias: counts RDataFrame's just-in-time compilation phases, so that "no JIT per batch" is
// checked by counting, not by timing. Installed once per process; it swallows RDataFrame's
// info-level chatter (which it switches on to see those phases) and passes on everything else.
#ifndef PYO2BIAS_RDFJITCOUNTER_H
#define PYO2BIAS_RDFJITCOUNTER_H

#include "ROOT/RDF/Utils.hxx"
#include "ROOT/RLogger.hxx"

#include <memory>
#include <string>

namespace pyo2bias {

class RDFJitCounter : public ROOT::RLogHandler
{
 public:
  long jitPhases = 0; // event loops that had code to compile
  long eventLoops = 0;

  bool Emit(const ROOT::RLogEntry& entry) override
  {
    if (entry.fChannel != &ROOT::Detail::RDF::RDFLogChannel() || entry.fLevel != ROOT::ELogLevel::kInfo) {
      return true; // not ours: let ROOT print it
    }
    const std::string& m = entry.fMessage;
    if (m.rfind("Just-in-time compilation phase completed", 0) == 0) {
      ++jitPhases;
    } else if (m.rfind("Starting event loop", 0) == 0) {
      ++eventLoops;
    }
    return false;
  }
};

inline RDFJitCounter& rdfJitCounter()
{
  static RDFJitCounter* counter = [] {
    auto handler = std::make_unique<RDFJitCounter>();
    RDFJitCounter* raw = handler.get();
    ROOT::RLogManager::Get().PushFront(std::move(handler));
    ROOT::Detail::RDF::RDFLogChannel().SetVerbosity(ROOT::ELogLevel::kInfo);
    return raw;
  }();
  return *counter;
}

} // namespace pyo2bias

#endif
