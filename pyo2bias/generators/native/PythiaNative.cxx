// pyo2bias: Pythia8 driven from C++, for the embedded service's generator and decayer.
//
// pythia8mc's Python binding costs about 1 ms per event on top of Pythia itself (reading an
// 800-entry record, per-call overheads), half of what the transport costs. Built with the
// Pythia8 headers of the installed pythia8mc and loaded next to it, this file calls the same
// compiled Pythia directly. It exposes a small C interface (loaded with ctypes) so that no
// C++ type crosses the boundary: pythia8mc may use the old std::string ABI, ROOT the new one.
//
// Generation: one call generates an event (retrying failures) and writes it as track-table
// rows with HepMC status codes (pyo2bias/PythiaRows.h states the conventions).
// Decays: one call decays a list of particles, each on its own, in one Pythia event and
// returns their direct daughters, as pyo2bias.transport.fast.Decayer does with pythia8mc.
#include "Pythia8/Pythia.h"
#include "pyo2bias/PythiaRows.h"

#include <cmath>
#include <cstring>
#include <exception>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace {

struct Handle {
  Pythia8::Pythia pythia;
  std::string error;  // the last exception's text, for the Python side
  std::vector<int> ints;
  std::vector<double> p4, vertex;
  explicit Handle(const char* xmlDir) : pythia(xmlDir, false) {}
};

Handle* as(void* h) { return static_cast<Handle*>(h); }

// every species in the record known to the rows loop, with Pythia's hadron flag
void registerSpecies(Pythia8::Pythia& pythia)
{
  const Pythia8::Event& ev = pythia.event;
  for (int i = 1; i < ev.size(); ++i) {
    const int id = ev[i].id();
    if (!pyo2bias::pythia::knows(id)) pyo2bias::pythia::setHadron(id, pythia.particleData.isHadron(id));
  }
}

// Lets the given species decay while it lives, then gives every one its own flag back. Pythia
// keeps one flag for a particle and its antiparticle: all are read before any is set, and
// put back in reverse order, so that pi+ and pi- together still leave pions stable after.
class MayDecay
{
 public:
  MayDecay(Pythia8::ParticleData& data, const std::set<int>& species) : mData(data)
  {
    for (int id : species) mSaved.emplace_back(id, data.mayDecay(id));
    for (int id : species) data.mayDecay(id, true);
  }
  ~MayDecay()
  {
    for (auto it = mSaved.rbegin(); it != mSaved.rend(); ++it) mData.mayDecay(it->first, it->second);
  }
  MayDecay(const MayDecay&) = delete;
  MayDecay& operator=(const MayDecay&) = delete;

 private:
  Pythia8::ParticleData& mData;
  std::vector<std::pair<int, bool>> mSaved;
};

// decays `n` particles (pdg, px, py, pz) in one event; false when Pythia fails
bool decayAll(Pythia8::Pythia& pythia, int n, const int* pdg, const double* p3)
{
  Pythia8::Event& ev = pythia.event;
  Pythia8::ParticleData& data = pythia.particleData;
  ev.reset();
  std::set<int> species;
  for (int k = 0; k < n; ++k) {
    const double m = data.m0(pdg[k]);
    const double px = p3[3 * k], py = p3[3 * k + 1], pz = p3[3 * k + 2];
    ev.append(pdg[k], 91, 0, 0, px, py, pz, std::sqrt(px * px + py * py + pz * pz + m * m), m);
    species.insert(pdg[k]);
  }
  // Only these species decay, and only during this call (see Decayer._binding_decay in transport/fast.py for why).
  const MayDecay allowed(data, species);
  return pythia.next();
}

// runs `f`, turning a C++ exception into `fallback` and the handle's error text: nothing may
// unwind through the C interface into ctypes
template <typename F, typename R>
R guarded(void* h, R fallback, F&& f)
{
  static_cast<Handle*>(h)->error.clear();
  try {
    return f();
  } catch (const std::exception& e) {
    static_cast<Handle*>(h)->error = e.what();
  } catch (...) {
    static_cast<Handle*>(h)->error = "unknown C++ exception";
  }
  return fallback;
}

} // namespace

extern "C" {

const char* p8_error(void* h) { return as(h)->error.c_str(); }

void* p8_create(const char* xmlDir)
{
  try {
    return new Handle(xmlDir);
  } catch (...) {
    return nullptr;
  }
}

void p8_destroy(void* h) { delete as(h); }

int p8_read_string(void* h, const char* line)
{
  return guarded(h, 0, [&] { return as(h)->pythia.readString(line) ? 1 : 0; });
}

int p8_read_file(void* h, const char* path)
{
  return guarded(h, 0, [&] { return as(h)->pythia.readFile(path) ? 1 : 0; });
}

int p8_init(void* h)
{
  return guarded(h, 0, [&] { return as(h)->pythia.init() ? 1 : 0; });
}

void p8_seed(void* h, int seed) { as(h)->pythia.rndm.init(seed); }

double p8_parm(void* h, const char* key)
{
  return guarded(h, 0.0, [&] { return as(h)->pythia.settings.parm(key); });
}

int p8_header_version() { return PYTHIA_VERSION_INTEGER; }

// Generates the next event (up to `tries` attempts) and writes its entries 1..n as rows and
// HepMC codes when n <= capacity. Returns n, -1 if every attempt failed, -2 on an exception;
// *failed counts the failed attempts. With n > capacity nothing is written: call again with
// more room and tries = 0 to read the same event.
long p8_next_rows(void* h, int tries, unsigned char* rows, int* hepmc, long capacity, int* failed)
{
  *failed = 0;
  return guarded(h, -2L, [&]() -> long {
    Handle& hd = *as(h);
    Pythia8::Pythia& pythia = hd.pythia;
    if (tries > 0) {
      while (!pythia.next()) {
        if (++*failed >= tries) return -1;
      }
    }
    const Pythia8::Event& ev = pythia.event;
    const long n = ev.size() - 1;
    if (n > capacity) return n;
    registerSpecies(pythia);
    hd.ints.resize(6 * n);
    hd.p4.resize(4 * n);
    hd.vertex.resize(4 * n);
    int* col = hd.ints.data();
    for (long i = 0; i < n; ++i) {
      const Pythia8::Particle& q = ev[i + 1];
      col[i] = q.id(); col[n + i] = q.status();
      col[2 * n + i] = q.mother1(); col[3 * n + i] = q.mother2();
      col[4 * n + i] = q.daughter1(); col[5 * n + i] = q.daughter2();
      double* p = &hd.p4[4 * i];
      p[0] = q.px(); p[1] = q.py(); p[2] = q.pz(); p[3] = q.e();
      double* v = &hd.vertex[4 * i];
      v[0] = q.xProd(); v[1] = q.yProd(); v[2] = q.zProd(); v[3] = q.tProd();
    }
    pyo2bias::pythia::rows(n, col, col + n, col + 2 * n, col + 3 * n, col + 4 * n, col + 5 * n, hd.p4.data(),
                           hd.vertex.data(), rows, hepmc);
    return n;
  });
}

// the last event's process code, weight and running cross-section estimate (mb)
void p8_info(void* h, int* code, double* weight, double* sigmaGen)
{
  const Pythia8::Info& info = as(h)->pythia.info;
  *code = info.code();
  *weight = info.weight();
  *sigmaGen = info.sigmaGen();
}

// charge (e), mass (GeV) and proper lifetime (mm/c) of a species; 0 when Pythia does not know it
int p8_properties(void* h, int pdg, double* charge, double* mass, double* tau0)
{
  *charge = *mass = *tau0 = 0;
  return guarded(h, -2, [&] {
    Pythia8::ParticleData& data = as(h)->pythia.particleData;
    if (!data.isParticle(pdg)) return 0;
    *charge = data.charge(pdg);
    *mass = data.m0(pdg);
    *tau0 = data.tau0(pdg);
    return 1;
  });
}

// Decays the n particles (pdg, momentum px, py, pz in GeV) each on its own; counts[k] receives
// the number of direct daughters of particle k, outPdg / outP4 (px, py, pz, e) the daughters in
// order. Returns the number of daughters, -1 if more than `capacity`, -2 on an exception;
// *lost counts the particles Pythia could not decay (they get no daughters).
long p8_decay(void* h, int n, const int* pdg, const double* p3, int* counts, long capacity, int* outPdg,
              double* outP4, int* lost)
{
  *lost = 0;
  return guarded(h, -2L, [&]() -> long {
    Pythia8::Pythia& pythia = as(h)->pythia;
    long total = 0;
    auto take = [&](int k, int entry) {  // the daughters of `entry` as particle k's products
      const std::vector<int> daughters = pythia.event[entry].daughterList();
      counts[k] = static_cast<int>(daughters.size());
      for (int j : daughters) {
        if (total < capacity) {
          const Pythia8::Particle& d = pythia.event[j];
          outPdg[total] = d.id();
          double* p = outP4 + 4 * total;
          p[0] = d.px(); p[1] = d.py(); p[2] = d.pz(); p[3] = d.e();
        }
        ++total;
      }
    };
    if (decayAll(pythia, n, pdg, p3)) {
      for (int k = 0; k < n; ++k) take(k, k + 1);
    } else {  // find the ones Pythia cannot decay; the others go on
      for (int k = 0; k < n; ++k) {
        if (n > 1 && decayAll(pythia, 1, pdg + k, p3 + 3 * k)) {
          take(k, 1);
        } else {
          counts[k] = 0;
          ++*lost;
        }
      }
    }
    return total <= capacity ? total : -1;
  });
}

} // extern "C"
