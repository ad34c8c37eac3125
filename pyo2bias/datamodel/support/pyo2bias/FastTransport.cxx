// pyo2bias: compiled once (ACLiC, cached): the fast transport engine and its C interface.
#include "pyo2bias/FastTransportImpl.h"
#include "pyo2bias/FastTransport.h"
#include "pyo2bias/HitsTransfer.h"

#include <cstring>

namespace pyo2bias {
namespace transport {

fast::Engine* create(double bz)
{
  auto* e = new fast::Engine();
  e->bz = bz;
  return e;
}
void destroy(fast::Engine* e) { delete e; }
void addShell(fast::Engine* e, double r, double rOuter, double halfZ, double x0, int kind, int layer)
{
  e->addShell(r, rOuter, halfZ, x0, kind, layer);
}
void setParticle(fast::Engine* e, int pdg, double charge, double mass, double ctau)
{
  e->setParticle(pdg, charge, mass, ctau);
}
void setHitBits(fast::Engine* e, const int* lut, int n) { e->hitBitOfDet.assign(lut, lut + n); }
void newEvent(fast::Engine* e, std::uint64_t seed) { e->newEvent(seed); }
void addRows(fast::Engine* e, std::size_t n, const unsigned char* rows, const unsigned char* transport)
{
  constexpr unsigned int kToBeDone = 1u << 31, kInhibited = 1u << 30;
  for (std::size_t i = 0; i < n; ++i) {
    TrackRow x;
    std::memcpy(&x, rows + i * sizeof(TrackRow), sizeof x);
    if (transport[i]) {  // transported now: to be done, not inhibited (as base.finish_event)
      x.prop = static_cast<int>((static_cast<unsigned int>(x.prop) | kToBeDone) & ~kInhibited);
    }
    e->addTrack(x.pdg, x.mother, x.mother2, x.first, x.last, x.px, x.py, x.pz, x.e, x.vx, x.vy, x.vz, x.t, x.prop,
                x.status, x.weight, transport[i] != 0);
  }
}
void addDecayProducts(fast::Engine* e, const int* counts, const int* pdg, const double* p4)
{
  e->addDecayProducts(counts, pdg, p4);
}
int keepAndPrune(fast::Engine* e, int nPrimaries, bool storeSecondaries, bool pruneKine)
{
  return e->keepAndPrune(nPrimaries, storeSecondaries, pruneKine);
}
void exportRows(fast::Engine* e, unsigned char* rows)
{
  for (std::size_t i = 0; i < e->tracks.size(); ++i) {
    const auto& x = e->tracks[i];
    const unsigned int hitField = static_cast<unsigned int>(e->hitBits(static_cast<int>(i))) << 7;
    const TrackRow row{x.pdg, x.mother, x.mother2, x.first, x.last, x.px, x.py, x.pz, x.e, x.vx, x.vy, x.vz, x.t,
                       static_cast<int>((static_cast<unsigned int>(x.prop) & ~(0x3FFFFFu << 7)) | hitField),
                       x.status, x.weight};
    std::memcpy(rows + i * sizeof(TrackRow), &row, sizeof row);
  }
}
void run(fast::Engine* e) { e->run(); }
int nDecays(fast::Engine* e) { return static_cast<int>(e->decays.size()); }
void getDecays(fast::Engine* e, int* track, int* pdg, double* x, double* y, double* z, double* t, double* px,
               double* py, double* pz)
{
  for (std::size_t i = 0; i < e->decays.size(); ++i) {
    const auto& d = e->decays[i];
    track[i] = d.track;
    pdg[i] = e->tracks[d.track].pdg;
    x[i] = d.x; y[i] = d.y; z[i] = d.z; t[i] = d.t;
    px[i] = d.px; py[i] = d.py; pz[i] = d.pz;
  }
}
int nTracks(fast::Engine* e) { return static_cast<int>(e->tracks.size()); }
void hitFlags(fast::Engine* e, unsigned char* hasHits)
{
  for (std::size_t i = 0; i < e->tracks.size(); ++i) {
    hasHits[i] = e->hasHits(static_cast<int>(i)) ? 1 : 0;
  }
}
long steps(fast::Engine* e) { return e->steps; }
long transported(fast::Engine* e) { return e->transported; }
long nHits(fast::Engine* e) { return e->nHits(); }
long packHits(fast::Engine* e, unsigned char* out, long capacity)
{
  HitSlots slots;
  slots.refs = &e->refs;
  slots.its = &e->itsHits;
  slots.tof = &e->tofHits;
  for (int k = 0; k < kTPCSectors; ++k) {
    slots.tpc[k] = &e->tpcHits[k];
  }
  return pyo2bias::packHits(slots, out, capacity);
}

} // namespace transport
} // namespace pyo2bias
