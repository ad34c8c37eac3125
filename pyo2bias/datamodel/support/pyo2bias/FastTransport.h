// pyo2bias: the fast transport's interface for Python (the engine itself is compiled once, in
// FastTransport.cxx; only these declarations are shown to the interpreter, so every call runs
// optimised compiled code).
#ifndef PYO2BIAS_FASTTRANSPORT_H
#define PYO2BIAS_FASTTRANSPORT_H

#include "pyo2bias/TrackRow.h"

#include <cstddef>
#include <cstdint>

namespace pyo2bias {
namespace fast {
class Engine;
}

namespace transport {
fast::Engine* create(double bz);
void destroy(fast::Engine* e);
// kind: 0 passive, 1 ITS layer, 2 TPC gas (r..rOuter), 3 TOF
void addShell(fast::Engine* e, double r, double rOuter, double halfZ, double x0, int kind, int layer);
void setParticle(fast::Engine* e, int pdg, double charge, double mass, double ctau);
void setHitBits(fast::Engine* e, const int* lut, int n);
void newEvent(fast::Engine* e, std::uint64_t seed);
// append tracks (n rows of a track table) with their "transport now" flags; a track
// transported now gets toBeDone set and inhibited cleared (pyo2bias.transport.finish_event)
void addRows(fast::Engine* e, std::size_t n, const unsigned char* rows, const unsigned char* transport);
// the products of the pending decays: counts[k] for decay k; pdg[j], p4[4j..4j+3] = px, py, pz, e
void addDecayProducts(fast::Engine* e, const int* counts, const int* pdg, const double* p4);
// O2's keep rules and renumbering (see Engine::keepAndPrune); returns the number kept
int keepAndPrune(fast::Engine* e, int nPrimaries, bool storeSecondaries, bool pruneKine);
// the tracks as table rows (nTracks of them), hit bits set in prop
void exportRows(fast::Engine* e, unsigned char* rows);
void run(fast::Engine* e);
int nDecays(fast::Engine* e);
// decays: track, pdg, x, y, z, t, px, py, pz
void getDecays(fast::Engine* e, int* track, int* pdg, double* x, double* y, double* z, double* t, double* px,
               double* py, double* pz);
int nTracks(fast::Engine* e);
// hasHits[i] = 1 if track i left a hit (nTracks of them)
void hitFlags(fast::Engine* e, unsigned char* hasHits);
long steps(fast::Engine* e);
long transported(fast::Engine* e);
long nHits(fast::Engine* e);
// the event's hits and track references as one packet (pyo2bias/HitsTransfer.h); returns its
// size, and copies it to `out` when it fits in `capacity`
long packHits(fast::Engine* e, unsigned char* out, long capacity);
} // namespace transport
} // namespace pyo2bias

#endif
