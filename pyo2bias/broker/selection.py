"""Declarative triggers: a particle selection written as a YAML mapping, compiled to C++.

A physicist describes which particles an event must contain; :func:`selection_to_cpp` turns
that into a C++ function ``bool NAME(const ROOT::RVec<o2::MCTrack>& tracks)`` (true: the event
passes) for ACLiC, compiled after ``#include "pyo2bias/DataModel.h"``. Example: O2's
double-conversion trigger (``SimAsService_biasing1``), a pi0 at |eta| < 1 whose two photons
both converted to e+e- within R < 100 cm::

    pdg: 111
    abs_eta: [null, 1.0]
    daughters:
      count: 2
      all:
        pdg: 22
        daughters:
          count: 2
          all: {abs_pdg: 11, process: pair, r: [null, 100]}

Grammar. A *particle selection* is a mapping; every key is optional and all conditions must
hold (AND):

``pdg``, ``abs_pdg``
    an int or a list of ints: the PDG code (``abs_pdg``: its absolute value) is one of them.
``pt``, ``p``, ``eta``, ``abs_eta``, ``phi``, ``y``, ``energy``, ``r``, ``vz``
    a range ``[lo, hi]`` meaning ``lo <= x < hi``; ``null`` leaves that end open. ``p``/``pt``
    in GeV/c, ``phi`` in [0, 2 pi) as ``MCTrack::GetPhi``, ``y`` the rapidity and ``energy``
    (GeV) from the PDG mass, ``r`` the production radius sqrt(vx^2 + vy^2) and ``vz`` the
    production z (cm). A NaN value never passes.
``process``
    a name or a VMC ``TMCProcess`` code, or a list of them: how the track was produced
    (``MCTrack::getProcess``). Names: ``primary`` (0), ``decay`` (4), ``pair`` (5),
    ``compton`` (6), ``photoelectric`` (7), ``bremsstrahlung`` or ``brem`` (8), ``delta_ray``
    (9), ``annihilation`` (10), ``hadronic`` (13).
``primary``, ``transported``
    ``true``/``false``: ``MCTrack::isPrimary()`` / ``MCTrack::isTransported()``.
``daughters``
    ``{count: C, all: SEL}``: the track has C daughters and every one matches SEL;
    ``{count: C, any: SEL}``: C of its daughters match SEL; ``{count: C}``: it has C daughters.
    C defaults to ``">= 1"``. Daughters are the tracks whose mother id is the track's index
    (mother links, not the daughter-range fields, so transport secondaries count too).
``mother``
    a particle selection that the direct mother (``getMotherTrackId() >= 0``) must match.

At the top level, ``count`` says how many tracks must match for the event to pass: an int N
means ``>= N``; a string compares: ``">= 2"``, ``"> 0"``, ``"== 1"``, ``"!= 0"``, ``"< 3"``,
``"<= 5"``. Default ``">= 1"``. Daughter counts use the same forms. The top level may instead
be ``{any_of: [SEL, ...]}`` or ``{all_of: [SEL, ...]}`` (and nothing else): each entry is a
top-level selection with its own count; the event passes if any (all) of them pass.

The generated code builds each event's daughter lists once (O(n)) and evaluates every
predicate at most once per track, so an event costs O(n x size of the selection). All
per-event state lives on the stack: the function is safe under RDataFrame's multithreading.
"""

from __future__ import annotations

import keyword
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from pyo2bias.datamodel.process import Process
from pyo2bias.exceptions import RunConfigError

__all__ = ["COUNT_FORMS", "PROCESS_NAMES", "RANGE_KEYS", "selection_to_cpp", "validate_selection"]

_ORIGIN = "<selection>"

# range key -> (C++ expression of the track ``t``, what it is)
_RANGES: dict[str, tuple[str, str]] = {
    "pt": ("t.GetPt()", "transverse momentum, GeV/c"),
    "p": ("t.GetP()", "momentum, GeV/c"),
    "eta": ("t.GetEta()", "pseudorapidity"),
    "abs_eta": ("::std::fabs(t.GetEta())", "|pseudorapidity|"),
    "phi": ("t.GetPhi()", "azimuth in [0, 2 pi)"),
    "y": ("t.GetRapidity()", "rapidity"),
    "energy": ("t.GetEnergy()", "energy, GeV"),
    "r": ("::std::sqrt(t.Vx() * t.Vx() + t.Vy() * t.Vy())", "production radius, cm"),
    "vz": ("t.Vz()", "production z, cm"),
}
RANGE_KEYS: tuple[str, ...] = tuple(_RANGES)
"""The keys that take a ``[lo, hi]`` range (``lo <= x < hi``)."""

PROCESS_NAMES: dict[str, int] = {p.name.lower(): int(p) for p in Process}
"""Process names accepted by ``process`` and their VMC ``TMCProcess`` codes."""
PROCESS_NAMES["brem"] = int(Process.BREMSSTRAHLUNG)
_MAX_PROCESS = 50  # kMaxMCProcess: VMC codes are 0..49

_PARTICLE_KEYS = ("pdg", "abs_pdg", *RANGE_KEYS, "process", "primary", "transported",
                  "daughters", "mother")  # fmt: skip
_TOP_KEYS = (*_PARTICLE_KEYS, "count")
_COMBINERS = ("any_of", "all_of")
_DAUGHTER_KEYS = ("count", "all", "any")
_COUNT = re.compile(r" *(>=|<=|==|!=|>|<) *([0-9]+) *")
COUNT_FORMS = ("N (>= N)", "'>= N'", "'> N'", "'== N'", "'!= N'", "'< N'", "'<= N'")
"""How counts are written."""
_INT32 = (-(2**31), 2**31 - 1)
_CPP_KEYWORDS = frozenset(
    """alignas alignof and and_eq asm auto bitand bitor bool break case catch char char8_t
    char16_t char32_t class compl concept const consteval constexpr constinit const_cast
    continue co_await co_return co_yield decltype default delete do double dynamic_cast else
    enum explicit export extern false float for friend goto if inline int long mutable
    namespace new noexcept not not_eq nullptr operator or or_eq private protected public
    register reinterpret_cast requires return short signed sizeof static static_assert
    static_cast struct switch template this thread_local throw true try typedef typeid
    typename union unsigned using virtual void volatile wchar_t while xor xor_eq""".split()
)
# global names the generated code relies on: a function of that name would hide them
_RESERVED_NAMES = frozenset({"o2", "ROOT", "std", "pyo2bias", "TMath"})


# ---------------------------------------------------------------------------- validation
def _fail(key: str, problem: str) -> RunConfigError:
    return RunConfigError(_ORIGIN, key, problem)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_list(value: object) -> bool:
    return isinstance(value, Sequence) and not isinstance(value, str | bytes)


def _check_keys(spec: object, key: str, allowed: Sequence[str], what: str) -> Mapping[str, Any]:
    if not isinstance(spec, Mapping):
        raise _fail(key, f"{what} must be a mapping, not {type(spec).__name__} ({spec!r})")
    for name in spec:
        if not isinstance(name, str):
            raise _fail(key, f"keys must be strings, not {name!r}")
        if name not in allowed:
            hint = ""
            if name == "count" and "count" not in allowed:
                hint = " ('count' belongs at the top level or in a 'daughters' mapping)"
            elif name in _COMBINERS:
                hint = f" ('{name}' is only allowed alone, at the top level)"
            where = f"{key}.{name}"
            raise _fail(where, f"unknown key{hint}; allowed here: {', '.join(allowed)}")
    return spec


def _parse_count(value: object, key: str) -> tuple[str, int]:
    """(operator, N) of a count: an int N (meaning >= N) or a string such as '== 2'."""
    if _is_int(value):
        if value < 0:
            raise _fail(key, f"a count cannot be negative ({value})")
        return ">=", int(value)
    if isinstance(value, str):
        m = _COUNT.fullmatch(value)
        if not m:
            raise _fail(
                key,
                f"bad count {value!r}: write an int N (meaning >= N) or a comparison "
                "with an integer: '>= N', '> N', '== N', '!= N', '< N', '<= N'",
            )
        op, n = m[1], int(m[2])
        if op == "<" and n == 0:
            raise _fail(key, f"count {value!r} can never be satisfied")
        return op, n
    raise _fail(key, f"a count must be an int or a string such as '>= 2', not {value!r}")


def _parse_codes(value: object, key: str, *, absolute: bool) -> tuple[int, ...]:
    items = list(value) if _is_list(value) else [value]
    if not items:
        raise _fail(key, "an empty list matches nothing; give at least one PDG code")
    for item in items:
        if not _is_int(item) or not _INT32[0] <= item <= _INT32[1]:
            raise _fail(key, f"a PDG code must be a 32-bit int, not {item!r}")
        if absolute and item < 0:
            raise _fail(key, f"abs_pdg compares |code|: give {-item}, not {item}")
    return tuple(int(i) for i in items)


def _parse_range(value: object, key: str) -> tuple[float | None, float | None]:
    if not _is_list(value) or len(value) != 2:
        raise _fail(key, f"a range is [lo, hi] (lo <= x < hi; null for an open end), not {value!r}")
    ends: list[float | None] = []
    for end in value:
        if end is None:
            ends.append(None)
            continue
        if not _is_number(end) or math.isnan(end):
            raise _fail(key, f"range ends must be numbers or null, not {end!r}")
        if math.isinf(end):
            raise _fail(key, f"use null for an open end, not {end!r}")
        ends.append(float(end))
    lo, hi = ends
    if lo is not None and hi is not None and lo >= hi:
        raise _fail(key, f"empty range [{value[0]}, {value[1]}]: lo <= x < hi needs lo < hi")
    return lo, hi


def _parse_processes(value: object, key: str) -> tuple[int, ...]:
    items = list(value) if _is_list(value) else [value]
    if not items:
        raise _fail(key, "an empty list matches nothing; give at least one process")
    codes = []
    for item in items:
        if isinstance(item, str):
            code = PROCESS_NAMES.get(item.strip().lower())
            if code is None:
                raise _fail(
                    key, f"unknown process {item!r}; known: {', '.join(PROCESS_NAMES)} "
                    f"(or a TMCProcess code 0..{_MAX_PROCESS - 1})",
                )  # fmt: skip
        elif _is_int(item) and 0 <= item < _MAX_PROCESS:
            code = int(item)
        else:
            raise _fail(
                key, f"a process is a name ({', '.join(PROCESS_NAMES)}) or a TMCProcess "
                f"code 0..{_MAX_PROCESS - 1}, not {item!r}",
            )  # fmt: skip
        codes.append(code)
    return tuple(codes)


def _parse_flag(value: object, key: str) -> bool:
    if not isinstance(value, bool):
        raise _fail(key, f"must be true or false, not {value!r}")
    return value


# ---------------------------------------------------------------------------- the parsed tree
@dataclass
class _Daughters:
    mode: str  # "all", "any" or "count" (no sub-selection)
    op: str
    n: int
    sub: _Particle | None


@dataclass
class _Particle:
    path: str
    index: int = 0
    pdg: tuple[int, ...] = ()
    abs_pdg: tuple[int, ...] = ()
    ranges: list[tuple[str, float | None, float | None]] = field(default_factory=list)
    processes: tuple[int, ...] = ()
    primary: bool | None = None
    transported: bool | None = None
    daughters: _Daughters | None = None
    mother: _Particle | None = None
    memo: int | None = None  # memo slot: set for selections of a mother (reached many times)


@dataclass
class _Event:
    path: str
    combine: str | None = None  # "any_of" / "all_of", or None for one counted selection
    parts: list[_Event] = field(default_factory=list)
    particle: _Particle | None = None
    op: str = ">="
    n: int = 1
    index: int = 0


def _parse_particle(spec: object, where: str, *, top: bool) -> _Particle:
    allowed = _TOP_KEYS if top else _PARTICLE_KEYS
    spec = _check_keys(spec, where, allowed, "a particle selection")
    node = _Particle(where)
    for name, value in spec.items():
        key = f"{where}.{name}"
        if name in ("pdg", "abs_pdg"):
            setattr(node, name, _parse_codes(value, key, absolute=name == "abs_pdg"))
        elif name in _RANGES:
            node.ranges.append((name, *_parse_range(value, key)))
        elif name == "process":
            node.processes = _parse_processes(value, key)
        elif name in ("primary", "transported"):
            setattr(node, name, _parse_flag(value, key))
        elif name == "daughters":
            node.daughters = _parse_daughters(value, key)
        elif name == "mother":
            node.mother = _parse_particle(value, key, top=False)
    return node


def _parse_daughters(spec: object, where: str) -> _Daughters:
    spec = _check_keys(spec, where, _DAUGHTER_KEYS, "'daughters'")
    if "all" in spec and "any" in spec:
        raise _fail(where, "give either 'all' or 'any', not both")
    op, n = _parse_count(spec.get("count", ">= 1"), f"{where}.count")
    for mode in ("all", "any"):
        if mode in spec:
            sub = _parse_particle(spec[mode], f"{where}.{mode}", top=False)
            return _Daughters(mode, op, n, sub)
    return _Daughters("count", op, n, None)


def _parse_event(spec: object, where: str) -> _Event:
    if isinstance(spec, Mapping) and any(c in spec for c in _COMBINERS):
        present = [c for c in _COMBINERS if c in spec]
        if len(spec) != 1:
            others = ", ".join(str(k) for k in spec if k != present[0])
            key = f"{where}.{present[0]}"
            raise _fail(
                key,
                f"'{present[0]}' must be the only key of its mapping (also found: {others}); "
                "give each entry its own count",
            )
        combine = present[0]
        entries = spec[combine]
        key = f"{where}.{combine}"
        if not _is_list(entries) or not entries:
            raise _fail(key, f"'{combine}' takes a non-empty list of selections, not {entries!r}")
        parts = [_parse_event(entry, f"{key}[{i}]") for i, entry in enumerate(entries)]
        return _Event(where, combine=combine, parts=parts)
    particle = _parse_particle(spec, where, top=True)
    op, n = _parse_count(spec.get("count", ">= 1"), f"{where}.count")
    return _Event(where, particle=particle, op=op, n=n)


def validate_selection(spec: Mapping[str, Any], where: str = "select") -> None:
    """Check a selection against the grammar of this module (see the module docstring).

    Raises :class:`~pyo2bias.exceptions.RunConfigError` naming the key path under ``where``
    (e.g. ``select.daughters.all.process``) and the problem: unknown keys (with the allowed
    ones), wrong types, empty ranges, unknown process names, bad counts.
    """
    _parse_event(spec, where)


# ---------------------------------------------------------------------------- C++ generation
def _num(x: float) -> str:
    text = repr(float(x))
    return text if any(c in text for c in ".e") else text + ".0"


def _plain(value: Any) -> Any:
    """Mappings and sequences as dicts and lists, for YAML output."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if _is_list(value):
        return [_plain(v) for v in value]
    return value


def _disjunction(expr: str, values: Sequence[int]) -> str:
    return " || ".join(f"{expr} == {v}" for v in values)


class _Writer:
    def __init__(self) -> None:
        self.particles: list[_Particle] = []
        self.events: list[_Event] = []
        self.memos = 0
        self.uses_daughters = False

    # numbering, depth first, so that the functions read top-down
    def number_event(self, ev: _Event) -> None:
        ev.index = len(self.events)
        self.events.append(ev)
        for part in ev.parts:
            self.number_event(part)
        if ev.particle is not None:
            self.number_particle(ev.particle, memo=False)

    def number_particle(self, p: _Particle, *, memo: bool) -> None:
        p.index = len(self.particles)
        self.particles.append(p)
        if memo:  # a mother's selection is asked once per daughter: remember its answers
            p.memo = self.memos
            self.memos += 1
        if p.daughters is not None:
            self.uses_daughters = True
            if p.daughters.sub is not None:
                self.number_particle(p.daughters.sub, memo=False)
        if p.mother is not None:
            self.number_particle(p.mother, memo=True)

    def particle_function(self, p: _Particle) -> list[str]:
        name = f"particle{p.index}"
        body = f"{name}_eval" if p.memo is not None else name
        out = [f"// {p.path}", f"bool {body}(Event& ev, int i)", "{"]
        out.append("  const Track& t = ev.tracks[i];")
        if p.pdg:
            out.append(f"  if (!({_disjunction('t.GetPdgCode()', p.pdg)})) return false;"
                       f"  // pdg: {list(p.pdg) if len(p.pdg) > 1 else p.pdg[0]}")  # fmt: skip
        if p.abs_pdg:
            out.append(f"  if (!({_disjunction('::std::abs(t.GetPdgCode())', p.abs_pdg)})) "
                       f"return false;  // abs_pdg: "
                       f"{list(p.abs_pdg) if len(p.abs_pdg) > 1 else p.abs_pdg[0]}")  # fmt: skip
        if p.processes:
            names = {v: k for k, v in reversed(PROCESS_NAMES.items())}
            shown = ", ".join(names.get(c, str(c)) for c in p.processes)
            out.append(f"  if (!({_disjunction('t.getProcess()', p.processes)})) return false;"
                       f"  // process: {shown}")  # fmt: skip
        for flag, accessor in (("primary", "isPrimary"), ("transported", "isTransported")):
            value = getattr(p, flag)
            if value is not None:
                neg = "!" if value else ""
                out.append(f"  if ({neg}t.{accessor}()) return false;"
                           f"  // {flag}: {str(value).lower()}")  # fmt: skip
        for key, lo, hi in p.ranges:
            expr, what = _RANGES[key]
            tests = ([f"{key} >= {_num(lo)}"] if lo is not None else []) + (
                [f"{key} < {_num(hi)}"] if hi is not None else []
            )
            shown = f"[{'null' if lo is None else _num(lo)}, {'null' if hi is None else _num(hi)})"
            out.append(f"  const double {key} = {expr};  // {what}")
            if tests:
                out.append(f"  if (!({' && '.join(tests)})) return false;  // {key}: {shown}")
        d = p.daughters
        if d is not None:
            if d.mode == "all":
                sub = f"particle{d.sub.index}"
                out.append(f"  if (!(ev.nDaughters(i) {d.op} {d.n})) return false;"
                           f"  // daughters.count: {d.op} {d.n}")  # fmt: skip
                out.append(f"  if (!allDaughters(ev, i, {sub})) return false;"
                           f"  // daughters.all: {sub}")  # fmt: skip
            elif d.mode == "any":
                sub = f"particle{d.sub.index}"
                out.append(f"  if (!(countDaughters(ev, i, {sub}) {d.op} {d.n})) return false;"
                           f"  // daughters: {d.op} {d.n} match {sub}")  # fmt: skip
            else:
                out.append(f"  if (!(ev.nDaughters(i) {d.op} {d.n})) return false;"
                           f"  // daughters.count: {d.op} {d.n}")  # fmt: skip
        if p.mother is not None:
            out.append(f"  if (!motherMatches(ev, i, particle{p.mother.index})) return false;"
                       f"  // mother: particle{p.mother.index}")  # fmt: skip
        if not any(re.search(r"\bt\.", line) for line in out[4:]):
            del out[3]  # no cut on the track itself
        out += ["  return true;", "}"]
        if p.memo is not None:
            out += [
                f"bool {name}(Event& ev, int i)  // remembers {body}'s answer per track",
                "{",
                f"  signed char& known = ev.memo[{p.memo}][i];",
                f"  if (known < 0) known = {body}(ev, i) ? 1 : 0;",
                "  return known == 1;",
                "}",
            ]
        return out

    def event_function(self, ev: _Event) -> list[str]:
        name = f"event{ev.index}"
        if ev.combine is not None:
            joiner = " || " if ev.combine == "any_of" else " && "
            parts = joiner.join(f"event{p.index}(ev)" for p in ev.parts)
            return [f"// {ev.path}: {ev.combine.replace('_', ' ')} {len(ev.parts)} selections",
                    f"bool {name}(Event& ev) {{ return {parts}; }}"]  # fmt: skip
        assert ev.particle is not None
        sub = f"particle{ev.particle.index}"
        out = [f"// {ev.path}: the event passes when ({sub} tracks) {ev.op} {ev.n}",
               f"bool {name}(Event& ev)", "{", "  int matched = 0;",
               "  for (int i = 0; i < ev.n; ++i) {", f"    if ({sub}(ev, i)) {{",
               "      ++matched;"]  # fmt: skip
        if ev.op in (">=", ">"):
            out.append(f"      if (matched {ev.op} {ev.n}) return true;  // enough: stop early")
        out += ["    }", "  }", f"  return matched {ev.op} {ev.n};", "}"]
        return out


_EVENT_HEAD = """\
using Track = ::o2::MCTrack;
using Tracks = ::ROOT::RVec<::o2::MCTrack>;

// One event: its tracks, the daughters of every track (found from the mother links) and the
// remembered answers of the mother selections (-1: not asked yet, 0: no, 1: yes).
struct Event {
  const Tracks& tracks;
  const int n;
  ::std::vector<int> begin; // daughters of track i: order[begin[i]] .. order[begin[i + 1] - 1]
  ::std::vector<int> order;
  ::std::vector<::std::vector<signed char>> memo;

  explicit Event(const Tracks& t) : tracks(t), n(static_cast<int>(t.size()))
  {
"""
_EVENT_MEMO = """\
    memo.assign(N_MEMO, ::std::vector<signed char>(n, -1));
"""
_EVENT_DAUGHTERS = """\
    begin.assign(n + 1, 0); // counting sort of the tracks by mother: O(n)
    for (int j = 0; j < n; ++j) {
      const int m = tracks[j].getMotherTrackId();
      if (m >= 0 && m < n) {
        ++begin[m + 1];
      }
    }
    for (int k = 0; k < n; ++k) {
      begin[k + 1] += begin[k];
    }
    order.resize(begin[n]);
    ::std::vector<int> next(begin.begin(), begin.end() - 1);
    for (int j = 0; j < n; ++j) {
      const int m = tracks[j].getMotherTrackId();
      if (m >= 0 && m < n) {
        order[next[m]++] = j;
      }
    }
"""
_EVENT_TAIL = """\
  }
  int nDaughters(int i) const { return begin[i + 1] - begin[i]; }
};

using Predicate = bool (*)(Event&, int);

inline int countDaughters(Event& ev, int i, Predicate pred)
{
  int matched = 0;
  for (int k = ev.begin[i]; k < ev.begin[i + 1]; ++k) {
    matched += pred(ev, ev.order[k]) ? 1 : 0;
  }
  return matched;
}

inline bool allDaughters(Event& ev, int i, Predicate pred)
{
  for (int k = ev.begin[i]; k < ev.begin[i + 1]; ++k) {
    if (!pred(ev, ev.order[k])) {
      return false;
    }
  }
  return true;
}

inline bool motherMatches(Event& ev, int i, Predicate pred)
{
  const int m = ev.tracks[i].getMotherTrackId();
  return m >= 0 && m < ev.n && pred(ev, m);
}
"""


def _check_name(function_name: str) -> None:
    if (
        not isinstance(function_name, str)
        or not re.fullmatch(r"[A-Za-z_]\w*", function_name, re.ASCII)
        or function_name in _CPP_KEYWORDS
        or function_name in _RESERVED_NAMES
        or function_name.startswith("__")
        or keyword.iskeyword(function_name)
    ):
        msg = (
            f"selection function name {function_name!r} is not usable: it must be a C++ "
            f"identifier, not a keyword nor one of {sorted(_RESERVED_NAMES)}"
        )
        raise ValueError(msg)


def selection_to_cpp(function_name: str, spec: Mapping[str, Any]) -> str:
    """C++ source defining ``bool function_name(const ROOT::RVec<o2::MCTrack>& tracks)``.

    The selection is validated first (:func:`validate_selection`). The source includes what
    it uses and is meant to follow ``#include "pyo2bias/DataModel.h"`` in an ACLiC file; its
    helpers live in ``namespace pyo2bias::selection::<function_name>``, so several selections
    can share one library. ``function_name`` must be a C++ identifier (``ValueError``).
    """
    _check_name(function_name)
    tree = _parse_event(spec, "select")
    w = _Writer()
    w.number_event(tree)
    text = yaml.safe_dump(_plain(spec), sort_keys=False, default_flow_style=None, width=90)
    ns = f"pyo2bias::selection::{function_name}"
    out = [
        f"// Trigger selection {function_name!s}, generated by pyo2bias.broker.selection from:",
        *(f"//   {line}" for line in text.rstrip("\n").splitlines()),
        "// Ranges are lo <= x < hi; conditions of one selection are ANDed.",
        "",
        "// (pyo2bias/DataModel.h has these already; they make this file stand alone)",
        "#include <cmath>",
        "#include <vector>",
        '#include "ROOT/RVec.hxx"',
        '#include "SimulationDataFormat/MCTrack.h"',
        "",
        "namespace pyo2bias {",
        "namespace selection {",
        f"namespace {function_name} {{",
        "",
        _EVENT_HEAD
        + (_EVENT_MEMO.replace("N_MEMO", str(w.memos)) if w.memos else "")
        + (_EVENT_DAUGHTERS if w.uses_daughters else "")
        + _EVENT_TAIL.rstrip("\n"),
        "",
        "// the particle selections, one function each",
        *(f"bool particle{p.index}(Event& ev, int i);" for p in w.particles),
        "",
    ]
    for p in w.particles:
        out += [*w.particle_function(p), ""]
    for ev in reversed(w.events):  # combinations after their parts
        out += [*w.event_function(ev), ""]
    out += [
        f"}} // namespace {function_name}",
        "} // namespace selection",
        "} // namespace pyo2bias",
        "",
        "// true when the event's tracks pass the selection",
        f"bool {function_name}(const ROOT::RVec<o2::MCTrack>& tracks)",
        "{",
        f"  {ns}::Event ev(tracks);",
        f"  return {ns}::event0(ev);",
        "}",
        "",
    ]
    return "\n".join(out)
