// pyo2bias: compiled once (ACLiC, cached): the fast transport engine and its C interface.
#include "pyo2bias/FastTransportImpl.h"
#include "pyo2bias/FastTransport.h"
#include "pyo2bias/HitsTransfer.h"

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
void addTracks(fast::Engine* e, std::size_t n, const TrackColumns& c, const unsigned char* transport)
{
  for (std::size_t i = 0; i < n; ++i) {
    e->addTrack(c.pdg[i], c.mother[i], c.mother2[i], c.first[i], c.last[i], c.px[i], c.py[i], c.pz[i], c.e[i],
                c.vx[i], c.vy[i], c.vz[i], c.t[i], c.prop[i], c.status[i], c.weight[i], transport[i] != 0);
  }
}
void setDaughters(fast::Engine* e, int n, const int* track, const int* first, const int* last)
{
  for (int k = 0; k < n; ++k) {
    e->tracks[track[k]].first = first[k];
    e->tracks[track[k]].last = last[k];
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
void exportTracks(fast::Engine* e, const TrackOutColumns& c, unsigned char* hasHits)
{
  for (std::size_t i = 0; i < e->tracks.size(); ++i) {
    const auto& x = e->tracks[i];
    c.pdg[i] = x.pdg; c.mother[i] = x.mother; c.mother2[i] = x.mother2; c.first[i] = x.first; c.last[i] = x.last;
    c.px[i] = x.px; c.py[i] = x.py; c.pz[i] = x.pz; c.e[i] = x.e;
    c.vx[i] = x.vx; c.vy[i] = x.vy; c.vz[i] = x.vz; c.t[i] = x.t;
    const unsigned int hitField = static_cast<unsigned int>(e->hitBits(static_cast<int>(i))) << 7;
    c.prop[i] = static_cast<int>((static_cast<unsigned int>(x.prop) & ~(0x3FFFFFu << 7)) | hitField);
    c.status[i] = x.status; c.weight[i] = x.weight;
    hasHits[i] = e->hasHits(static_cast<int>(i)) ? 1 : 0;
  }
}
void remap(fast::Engine* e, const int* newId, int n) { e->remap(newId, n); }
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
