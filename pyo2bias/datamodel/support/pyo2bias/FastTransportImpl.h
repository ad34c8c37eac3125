// pyo2bias: fast ALICE-like transport (the embedded service's detector simulation).
// Uniform solenoid field Bz; charged tracks on helices followed outward until they leave the
// detector or reach their largest radius, neutral tracks on straight lines. Cylindrical
// material shells; photons convert to e+e- with probability 1 - exp(-7/9 X/X0 * path factor);
// unstable particles get a decay point from their lifetime (the decay itself is done by the
// caller with Pythia). Hits: ITS layers, TPC pad rows (one HitGroup per track and sector),
// TOF; track references when entering ITS, TPC and TOF. Not modelled: energy loss, multiple
// scattering, hadronic interactions, showers, other detectors.
#ifndef PYO2BIAS_FASTTRANSPORTIMPL_H
#define PYO2BIAS_FASTTRANSPORTIMPL_H

#include "ITSMFTSimulation/Hit.h"
#include "SimulationDataFormat/TrackReference.h"
#include "TOFSimulation/Detector.h"
#include "TPCSimulation/Point.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <random>
#include <unordered_map>
#include <vector>

namespace pyo2bias {
namespace fast {

constexpr double kC = 29.9792458;  // cm/ns
constexpr double kPi = 3.14159265358979323846;
constexpr int kPair = 5;           // TMCProcess kPPair
constexpr int kDecay = 4;          // TMCProcess kPDecay
constexpr int kDetITS = 0, kDetTPC = 1, kDetTOF = 3;

enum class Kind { Passive, ITS, TPCGas, TOF };

struct Shell {
  double r = 0;       // cm (TPC gas: inner radius)
  double rOuter = 0;  // cm (TPC gas only)
  double halfZ = 0;   // cm
  double x0 = 0;      // X/X0 at normal incidence (TPC gas: over the full radius)
  Kind kind = Kind::Passive;
  int layer = -1;     // ITS layer index
};

struct Track {
  int pdg = 0, mother = -1, mother2 = -1, first = -1, last = -1;
  double px = 0, py = 0, pz = 0, e = 0, vx = 0, vy = 0, vz = 0, t = 0;  // GeV, cm, ns
  int prop = 0, status = -1;
  float weight = 1;
  bool transport = false;  // to be transported in this pass
  bool hits[4] = {false, false, false, false};  // by DetID ITS, TPC, -, TOF
};

struct Particle {
  double charge = 0, mass = 0, ctau = 0;  // e, GeV, cm (0: stable)
};

// Where a track stopped to decay: the caller decays it and adds the products.
struct PendingDecay {
  int track = -1;
  double x = 0, y = 0, z = 0, t = 0, px = 0, py = 0, pz = 0;
};

class Engine
{
 public:
  double bz = 0.5;          // T
  double worldR = 400, worldZ = 400;
  int tpcRows = 152;
  double tpcRowInner = 85, tpcRowOuter = 247;
  double itsThickness = 0.005;  // cm of silicon per layer (sensitive)
  double electronsPerCm = 37;   // TPC ionisation, minimum ionising
  std::vector<Shell> shells;
  std::vector<int> hitBitOfDet;  // DetID -> hit bit (-1: none)

  // event state
  std::vector<Track> tracks;
  std::vector<PendingDecay> decays;
  std::vector<o2::itsmft::Hit> itsHits;
  std::vector<o2::tof::HitType> tofHits;
  std::vector<std::vector<o2::tpc::HitGroup>> tpcHits = std::vector<std::vector<o2::tpc::HitGroup>>(36);
  std::vector<o2::TrackReference> refs;
  long steps = 0;
  long transported = 0;

  void addShell(double r, double rOuter, double halfZ, double x0, int kind, int layer)
  {
    shells.push_back(Shell{r, rOuter, halfZ, x0, static_cast<Kind>(kind), layer});
    std::sort(shells.begin(), shells.end(), [](const Shell& a, const Shell& b) { return a.r < b.r; });
    gas = -1;
    for (std::size_t k = 0; k < shells.size(); ++k) {
      if (shells[k].kind == Kind::TPCGas) gas = static_cast<int>(k);
    }
  }
  void setParticle(int pdg, double charge, double mass, double ctau) { particles[pdg] = Particle{charge, mass, ctau}; }

  void newEvent(std::uint64_t seed)
  {
    rng.seed(seed);
    tracks.clear();
    decays.clear();
    itsHits.clear();
    tofHits.clear();
    for (auto& v : tpcHits) {
      v.clear();
    }
    refs.clear();
    steps = transported = 0;
  }

  int addTrack(int pdg, int mother, int mother2, int first, int last, double px, double py, double pz, double e,
               double vx, double vy, double vz, double t, int prop, int status, float weight, bool transport)
  {
    Track tr;
    tr.pdg = pdg; tr.mother = mother; tr.mother2 = mother2; tr.first = first; tr.last = last;
    tr.px = px; tr.py = py; tr.pz = pz; tr.e = e; tr.vx = vx; tr.vy = vy; tr.vz = vz; tr.t = t;
    tr.prop = prop; tr.status = status; tr.weight = weight; tr.transport = transport;
    tracks.push_back(tr);
    return static_cast<int>(tracks.size()) - 1;
  }

  // Transport every track flagged `transport` (including secondaries made on the way).
  void run()
  {
    decays.clear();
    for (std::size_t i = 0; i < tracks.size(); ++i) {  // tracks grows while we go
      if (tracks[i].transport) {
        tracks[i].transport = false;
        ++transported;
        propagate(static_cast<int>(i));
      }
    }
  }

  int hitBits(int i) const
  {
    int mask = 0;
    for (int det : {kDetITS, kDetTPC, kDetTOF}) {
      if (tracks[i].hits[det] && det < (int)hitBitOfDet.size() && hitBitOfDet[det] >= 0) {
        mask |= 1 << hitBitOfDet[det];
      }
    }
    return mask;
  }
  bool hasHits(int i) const { return tracks[i].hits[kDetITS] || tracks[i].hits[kDetTPC] || tracks[i].hits[kDetTOF]; }
  long nHits() const
  {
    long n = itsHits.size() + tofHits.size();
    for (const auto& v : tpcHits) {
      for (const auto& g : v) {
        n += g.getSize();
      }
    }
    return n;
  }

  // The products of the pending decays, `counts[k]` of them for decays[k], in that order:
  // pdg[j] and (px, py, pz, e) = p4[4j..4j+3] for product j. They start at the decay point,
  // made by process decay, to be transported; the mother's daughter range points to them.
  void addDecayProducts(const int* counts, const int* pdg, const double* p4)
  {
    constexpr int kDecayProp = 1 | (kDecay << 1) | static_cast<int>(0x80000000u);  // store, decay, toBeDone
    int j = 0;
    for (std::size_t k = 0; k < decays.size(); ++k) {
      const PendingDecay d = decays[k];
      for (int m = 0; m < counts[k]; ++m, ++j) {
        const int id = addTrack(pdg[j], d.track, -1, -1, -1, p4[4 * j], p4[4 * j + 1], p4[4 * j + 2], p4[4 * j + 3],
                                d.x, d.y, d.z, d.t, kDecayProp, -1, 1.f, true);
        Track& mother = tracks[d.track];
        if (m == 0) mother.first = id;
        mother.last = id;
      }
    }
  }

  // O2's keep rules ([Stack] storeSecondaries, pruneKine): primaries are kept; a secondary is
  // kept if it left hits or was made by the decay or conversion of a primary, and so is every
  // ancestor of a kept secondary. The kept tracks stay in order; links, hits and references
  // are renumbered. Returns the number of kept tracks.
  int keepAndPrune(int nPrimaries, bool storeSecondaries, bool pruneKine)
  {
    const int n = static_cast<int>(tracks.size());
    std::vector<char> keep(n, 0);
    for (int i = 0; i < n; ++i) {
      if (i < nPrimaries || (storeSecondaries && !pruneKine)) {
        keep[i] = 1;
        continue;
      }
      if (!storeSecondaries) continue;
      const Track& tr = tracks[i];
      const int process = (static_cast<unsigned int>(tr.prop) >> 1) & 0x3F;
      const bool fromPrimary = tr.mother >= 0 && tr.mother < nPrimaries && (process == kDecay || process == kPair);
      keep[i] = hasHits(i) || fromPrimary;
    }
    for (int i = nPrimaries; i < n; ++i) {  // ancestors of the secondaries kept by the rules
      if (keep[i] != 1) continue;
      for (int j = tracks[i].mother; j >= nPrimaries && j < n && !keep[j]; j = tracks[j].mother) {
        keep[j] = 2;
      }
    }
    std::vector<int> newId(n, -1);
    int kept = 0;
    for (int i = 0; i < n; ++i) {
      if (keep[i]) newId[i] = kept++;
    }
    auto relink = [&](int old) { return old >= 0 && old < n ? newId[old] : -1; };
    for (int i = 0; i < n; ++i) {
      if (!keep[i]) continue;
      Track tr = tracks[i];
      tr.mother = relink(tr.mother);
      tr.mother2 = relink(tr.mother2);
      if (tr.first >= nPrimaries) tr.first = tr.last = -1;  // secondary daughters: set below
      tracks[newId[i]] = tr;
    }
    tracks.resize(kept);
    for (int i = nPrimaries; i < kept; ++i) {  // daughter ranges from the kept secondaries
      const int m = tracks[i].mother;
      if (m < 0) continue;
      Track& mother = tracks[m];
      if (mother.first < 0 || mother.first > i) mother.first = i;
      mother.last = std::max(mother.last, i);
    }
    remap(newId.data(), n);
    return kept;
  }

  // After pruning: renumber the track ids of hits and references (newId[old], -1 = dropped).
  void remap(const int* newId, int n)
  {
    auto id = [&](int old) { return (old >= 0 && old < n) ? newId[old] : -1; };
    for (auto& h : itsHits) h.SetTrackID(id(h.GetTrackID()));
    for (auto& h : tofHits) h.SetTrackID(id(h.GetTrackID()));
    for (auto& v : tpcHits) for (auto& g : v) g.SetTrackID(id(g.GetTrackID()));
    for (auto& r : refs) r.setTrackID(id(r.getTrackID()));
    std::stable_sort(refs.begin(), refs.end(), [](const o2::TrackReference& a, const o2::TrackReference& b) {
      return a.getTrackID() != b.getTrackID() ? a.getTrackID() < b.getTrackID() : a.getLength() < b.getLength();
    });
  }

 private:
  std::mt19937_64 rng;
  std::unordered_map<int, Particle> particles;
  int gas = -1;  // index of the TPC gas shell
  struct Crossing {
    double s;
    int shell;   // index into shells, or -1 for a TPC pad row
    int row;     // TPC pad row
  };
  std::vector<Crossing> crossings;        // reused by every track
  std::array<int, 36> groupOfSector{};    // reused by every track

  // TPC sector (0-17, by azimuth; 20 degrees each) of a point, given the previous point's:
  // consecutive pad rows are mostly in one sector, so two cross products usually answer it
  static int sectorOf(double x, double y, int previous)
  {
    static const auto edges = [] {
      std::array<std::array<double, 2>, 19> e{};
      for (int k = 0; k <= 18; ++k) e[k] = {std::cos(k * 2 * kPi / 18), std::sin(k * 2 * kPi / 18)};
      return e;
    }();
    if (previous >= 0) {  // clearly inside; near an edge atan2 decides, as it always did
      const auto& lo = edges[previous];
      const auto& hi = edges[previous + 1];
      const double margin = 1e-12 * (std::fabs(x) + std::fabs(y));
      if (lo[0] * y - lo[1] * x > margin && hi[0] * y - hi[1] * x < -margin) return previous;
    }
    double phi = std::atan2(y, x);
    if (phi < 0) phi += 2 * kPi;
    return static_cast<int>(phi / (2 * kPi / 18)) % 18;
  }

  double uniform() { return std::generate_canonical<double, 53>(rng); }
  Particle props(int pdg) const
  {
    auto it = particles.find(pdg);
    return it == particles.end() ? Particle{} : it->second;
  }

  // State along the trajectory after transverse arc length s (s along the line if neutral).
  struct State {
    double x, y, z, px, py, pz, l;  // position, momentum, 3D path length from the start
  };

  struct Helix {
    bool charged;
    double x0, y0, z0, pt, pz, p, phi0, rho, h, xc, yc, alpha0;
    double cosPhi0, sinPhi0;  // direction (neutral)
    double d, beta, turn;     // centre's distance and angle from the axis, arc to the largest radius
    State at(double s) const
    {
      State st;
      st.z = z0 + s * pz / pt;
      st.l = s * p / pt;
      st.pz = pz;
      if (!charged) {
        st.x = x0 + s * cosPhi0;
        st.y = y0 + s * sinPhi0;
        st.px = pt * cosPhi0;
        st.py = pt * sinPhi0;
        return st;
      }
      const double a = alpha0 - h * s / rho;
      const double ca = std::cos(a), sa = std::sin(a);
      st.x = xc + rho * ca;
      st.y = yc + rho * sa;
      // the momentum is perpendicular to the radius from the centre: phi = a - h pi/2
      st.px = h * pt * sa;
      st.py = -h * pt * ca;
      return st;
    }
    // Smallest transverse arc length > sMin at which the track reaches radius R outward; -1 if never.
    double crossing(double R, double sMin) const
    {
      if (!charged) {
        const double b = x0 * cosPhi0 + y0 * sinPhi0;
        const double disc = b * b - (x0 * x0 + y0 * y0 - R * R);
        if (disc < 0) return -1;
        const double sol = -b + std::sqrt(disc);
        return sol > sMin ? sol : -1;
      }
      if (d < 1e-12) return -1;  // circle centred on the axis: constant radius
      const double k = (R * R - d * d - rho * rho) / (2 * rho * d);
      if (k < -1 || k > 1) return -1;
      double best = -1;
      for (double sign : {1.0, -1.0}) {
        const double s = arc(beta + sign * std::acos(k));
        if (s > sMin && s <= turn + 1e-9 && (best < 0 || s < best)) best = s;
      }
      return best;
    }
    double turnArc() const { return charged ? turn : 1e30; }
    double arc(double alpha) const
    {
      // arc length to reach angle alpha on the circle, moving with alpha(s) = alpha0 - h s / rho
      double da = h * (alpha0 - alpha);
      da -= 2 * kPi * std::floor(da / (2 * kPi));  // into [0, 2 pi)
      return da * rho;
    }
  };

  Helix helixOf(const Track& tr, double charge) const
  {
    Helix hx;
    hx.pt = std::hypot(tr.px, tr.py);
    hx.pz = tr.pz;
    hx.p = std::sqrt(hx.pt * hx.pt + tr.pz * tr.pz);
    hx.x0 = tr.vx; hx.y0 = tr.vy; hx.z0 = tr.vz;
    hx.phi0 = std::atan2(tr.py, tr.px);
    hx.charged = charge != 0 && bz != 0;
    hx.h = (charge * bz > 0) ? 1.0 : -1.0;
    hx.rho = hx.charged ? hx.pt / (0.0029979246 * std::fabs(charge * bz)) : 0;  // cm
    hx.xc = tr.vx + hx.h * hx.rho * std::sin(hx.phi0);
    hx.yc = tr.vy - hx.h * hx.rho * std::cos(hx.phi0);
    hx.alpha0 = std::atan2(tr.vy - hx.yc, tr.vx - hx.xc);
    hx.cosPhi0 = std::cos(hx.phi0);
    hx.sinPhi0 = std::sin(hx.phi0);
    hx.d = std::hypot(hx.xc, hx.yc);
    hx.beta = std::atan2(hx.yc, hx.xc);
    hx.turn = hx.charged ? hx.arc(hx.beta) : 1e30;
    return hx;
  }

  void propagate(int i)
  {
    const Track start = tracks[i];
    const Particle pp = props(start.pdg);
    const double pt = std::hypot(start.px, start.py);
    if (pt < 1e-9) return;  // along the beam: leaves at once
    const Helix hx = helixOf(start, pp.charge);
    const double p = hx.p;
    const double beta = p / std::sqrt(p * p + pp.mass * pp.mass);
    // decay point (3D path length), from the lifetime
    double lDecay = 1e30;
    if (pp.ctau > 0 && pp.mass > 0) {
      lDecay = -std::log(1.0 - uniform()) * (p / pp.mass) * pp.ctau;
    }
    // Crossings up to where the track leaves or turns back. Outward of the start radius each
    // radius is reached once and larger radii later, so shells (sorted by radius) and pad rows
    // each come in order of arc length: merge the two lists instead of sorting.
    const double sEnd = std::min(hx.turnArc(), exitArc(hx));
    std::vector<Crossing>& xs = crossings;
    xs.clear();
    const double r0 = std::hypot(start.vx, start.vy);
    const double rMax = hx.charged ? hx.d + hx.rho : 1e30;  // largest radius on the helix
    for (std::size_t k = 0; k < shells.size() && shells[k].r <= rMax; ++k) {
      if (shells[k].r <= r0) continue;
      const double s = hx.crossing(shells[k].r, 1e-9);
      if (s > sEnd) break;
      if (s > 0) xs.push_back({s, static_cast<int>(k), -1});  // not the shell it starts on
    }
    const std::size_t nShellCrossings = xs.size();
    const bool charged = pp.charge != 0;
    if (charged && gas >= 0) {
      double sRows = sEnd;  // pad rows stop where the track leaves the gas through an end plate
      if (hx.pz != 0) {
        sRows = std::min(sRows, ((hx.pz > 0 ? 1 : -1) * shells[gas].halfZ - hx.z0) * hx.pt / hx.pz);
      }
      const double pitch = (tpcRowOuter - tpcRowInner) / tpcRows;
      for (int row = 0; row < tpcRows; ++row) {
        const double R = tpcRowInner + (row + 0.5) * pitch;
        if (R <= r0) continue;
        if (R > rMax) break;
        const double s = hx.crossing(R, 1e-9);
        if (s > sRows) break;
        if (s > 0) xs.push_back({s, -1, row});
      }
    }
    std::inplace_merge(xs.begin(), xs.begin() + nShellCrossings, xs.end(),
                       [](const Crossing& a, const Crossing& b) { return a.s < b.s; });
    bool enteredITS = false, enteredTPC = false;
    groupOfSector.fill(-1);  // this track's HitGroup in each sector
    int azimuthal = -1;      // sector (0-17) of the track's last TPC point
    std::size_t rowsLeft = xs.size() - nShellCrossings;
    for (const auto& c : xs) {
      if (c.s > sEnd) break;
      const State st = hx.at(c.s);
      if (st.l > lDecay) break;
      ++steps;
      const double tNow = start.t + st.l / (beta * kC);
      if (c.shell < 0) {  // TPC pad row
        --rowsLeft;
        if (std::fabs(st.z) > shells[gas].halfZ) continue;
        tracks[i].hits[kDetTPC] = true;
        if (!enteredTPC) {
          enteredTPC = true;
          addRef(i, st, tNow, kDetTPC);
        }
        azimuthal = sectorOf(st.x, st.y, azimuthal);
        const int sector = azimuthal + (st.z < 0 ? 18 : 0);
        if (groupOfSector[sector] < 0) {
          groupOfSector[sector] = static_cast<int>(tpcHits[sector].size());
          o2::tpc::HitGroup& group = tpcHits[sector].emplace_back(i);
          for (auto* v : {&group.mHitsXVctr, &group.mHitsYVctr, &group.mHitsZVctr, &group.mHitsTVctr,
                          &group.mHitsEVctr}) {
            v->reserve(rowsLeft + 1);  // at most the rows still ahead, this one included
          }
        }
        const double pitch = (tpcRowOuter - tpcRowInner) / tpcRows;
        const double electrons = electronsPerCm * pitch * pathFactor(st);
        tpcHits[sector][groupOfSector[sector]].addHit(st.x, st.y, st.z, tNow, std::round(electrons));
        continue;
      }
      const Shell& sh = shells[c.shell];
      if (std::fabs(st.z) > sh.halfZ) continue;
      // photon conversion in the material
      if (start.pdg == 22 && sh.x0 > 0) {
        if (sh.kind == Kind::TPCGas) {
          const double lambda = 1.0 / (7.0 / 9.0 * sh.x0 / (sh.rOuter - sh.r));  // mean free path, cm
          const double lConv = -std::log(1.0 - uniform()) * lambda;
          const double sOut = gasExit(hx, sh, c.s);
          const double lIn = (sOut - c.s) * p / pt;
          if (lConv < lIn && st.l + lConv < lDecay) {
            convert(i, hx.at(c.s + lConv * pt / p), start, beta);
            return;
          }
        } else if (uniform() < 1 - std::exp(-7.0 / 9.0 * sh.x0 * pathFactor(st))) {
          convert(i, st, start, beta);
          return;
        }
      }
      if (!charged) continue;
      if (sh.kind == Kind::ITS) {
        tracks[i].hits[kDetITS] = true;
        if (!enteredITS) {
          enteredITS = true;
          addRef(i, st, tNow, kDetITS);
        }
        const double step = itsThickness * pathFactor(st) / p;
        itsHits.emplace_back(i, static_cast<unsigned short>(sh.layer), st.x, st.y, st.z, st.x + st.px * step,
                             st.y + st.py * step, st.z + st.pz * step, st.px, st.py, st.pz,
                             std::sqrt(p * p + pp.mass * pp.mass), tNow, 3.87e-3 * itsThickness * pathFactor(st),
                             o2::SimTrackStatus::kTrackEntering, o2::SimTrackStatus::kTrackExiting);
      } else if (sh.kind == Kind::TOF) {
        tracks[i].hits[kDetTOF] = true;
        addRef(i, st, tNow, kDetTOF);
        tofHits.emplace_back(st.x, st.y, st.z, tNow, 0.f, i, 0);
      }
    }
    if (lDecay < 1e29) {
      // decay before the last point reached? find the decay position
      const double sDecay = lDecay * pt / p;
      if (sDecay <= sEnd) {
        const State st = hx.at(sDecay);
        decays.push_back(PendingDecay{i, st.x, st.y, st.z, start.t + lDecay / (beta * kC), st.px, st.py, st.pz});
      }
    }
  }

  // transverse arc length at which the track leaves the world (|z| or radius)
  double exitArc(const Helix& hx) const
  {
    double s = 1e30;
    if (hx.pz != 0) {
      const double zLimit = hx.pz > 0 ? worldZ : -worldZ;
      s = (zLimit - hx.z0) * hx.pt / hx.pz;
    }
    const double sR = hx.crossing(worldR, 1e-9);
    if (sR > 0) s = std::min(s, sR);
    return s;
  }

  double gasExit(const Helix& hx, const Shell& gas, double sIn) const
  {
    double s = hx.crossing(gas.rOuter, sIn);
    if (s < 0) s = hx.turnArc();
    if (hx.pz != 0) {
      const double zLimit = hx.pz > 0 ? gas.halfZ : -gas.halfZ;
      const double sz = (zLimit - hx.z0) * hx.pt / hx.pz;
      if (sz > sIn) s = std::min(s, sz);
    }
    return s;
  }

  // 1 / cos(angle between momentum and the cylinder's normal) at this point
  static double pathFactor(const State& st)
  {
    const double r = std::sqrt(st.x * st.x + st.y * st.y);
    const double p = std::sqrt(st.px * st.px + st.py * st.py + st.pz * st.pz);
    const double radial = (st.px * st.x + st.py * st.y) / r;
    return radial > 1e-12 ? p / radial : 1e6;
  }

  void addRef(int i, const State& st, double t, int det)
  {
    refs.emplace_back(i, st.x, st.y, st.z, st.px, st.py, st.pz, st.l, t, det, o2::SimTrackStatus::kTrackEntering);
  }

  // gamma -> e+ e- at `st`: energy shared uniformly, products collinear with the photon
  void convert(int i, const State& st, const Track& photon, double beta)
  {
    const double me = 0.000510999;
    const double e = std::sqrt(st.px * st.px + st.py * st.py + st.pz * st.pz);
    if (e < 2 * me) return;
    const double x = me / e + (1 - 2 * me / e) * uniform();
    const double t = photon.t + st.l / (beta * kC);
    int first = -1;
    for (int k = 0; k < 2; ++k) {
      const double ek = (k == 0 ? x : 1 - x) * e;
      const double pk = std::sqrt(std::max(ek * ek - me * me, 0.0));
      const double f = pk / e;
      const int id = addTrack(k == 0 ? 11 : -11, i, -1, -1, -1, st.px * f, st.py * f, st.pz * f, ek, st.x, st.y, st.z,
                              t, secondaryProp(), -1, 1.f, true);
      if (first < 0) first = id;
    }
    tracks[i].first = first;
    tracks[i].last = first + 1;
  }

  static int secondaryProp() { return static_cast<int>(1u | (kPair << 1) | (1u << 31)); }  // stored, pair, toBeDone
};

} // namespace fast
} // namespace pyo2bias

#endif
