"""Evaluate named triggers on every batch, compiled once, with one RDataFrame graph.

Set-up compiles what needs compiling, once (cached across runs): O2 external-trigger macros
through :func:`~pyo2bias.load_macro`, C++ track functions and declarative selections into one
ACLiC library. The first batch builds one RDataFrame graph (one ``Define`` per trigger, one
for the combination, one per recorded value) and RDataFrame jit-compiles it; every later batch
only points that graph at its files (``ChangeSpec``, what distributed RDataFrame does), so
no batch after the first compiles anything. :attr:`TriggerEngine.jit_phases` counts it.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from pyo2bias.broker import logic
from pyo2bias.broker.specs import (
    ExpressionTrigger,
    MacroTrigger,
    SelectionTrigger,
    TrackFunctionTrigger,
    TriggerSetup,
    TriggerSpec,
)
from pyo2bias.datamodel.detectors import HIT_BRANCHES
from pyo2bias.datamodel.dictionary import load_datamodel
from pyo2bias.exceptions import MacroCompileError, O2FileNotFoundError, TriggerError
from pyo2bias.io.files import TREE_NAME, sim_files
from pyo2bias.rootenv.aclic import compile_cached
from pyo2bias.rootenv.root import import_root

__all__ = ["BatchTriggers", "TriggerEngine", "column_cpp_type"]

log = logging.getLogger(__name__)

_IDENT = re.compile(r"^[A-Za-z_]\w*$")
_QUALIFIED = re.compile(r"^(?:[A-Za-z_]\w*::)*[A-Za-z_]\w*$")
_PASS = "pyo2bias_pass"


@dataclass
class BatchTriggers:
    """What the triggers said about one batch."""

    prefix: str
    mask: np.ndarray  # combined decision per event (bool)
    decisions: dict[str, np.ndarray]  # per named trigger, per event (bool)
    values: dict[str, np.ndarray] = field(default_factory=dict)  # recorded per-event numbers
    seconds: float = 0.0

    @property
    def n_events(self) -> int:
        return int(self.mask.size)

    @property
    def passed(self) -> int:
        return int(self.mask.sum())

    @property
    def counts(self) -> dict[str, int]:
        return {name: int(d.sum()) for name, d in self.decisions.items()}


def column_cpp_type(column: str) -> str:
    """The C++ type RDataFrame gives a Kine/hits column (the argument type of a track function)."""
    if column == "MCTrack":
        return "ROOT::VecOps::RVec<o2::MCTrack>"
    if column == "TrackRefs":
        return "ROOT::VecOps::RVec<o2::TrackReference>"
    det, _, branch = column.rpartition(".")
    for spec in HIT_BRANCHES.values():
        if branch in spec.branches and det in ("", spec.detector):
            return f"ROOT::VecOps::RVec<{spec.cpp_type}>"
    msg = f"column {column!r} cannot be passed to a track function (use MCTrack, TrackRefs or hits)"
    raise TriggerError(msg)


class TriggerEngine:
    """Compiles a :class:`~pyo2bias.broker.specs.TriggerSetup` once; :meth:`evaluate` a batch."""

    def __init__(self, setup: TriggerSetup) -> None:
        if not setup.triggers:
            msg = "no trigger defined"
            raise TriggerError(msg)
        names = [t.name for t in setup.triggers]
        for name in names:
            if not _IDENT.match(name) or name in ("and", "or", "not"):
                msg = f"trigger name {name!r} must be a C++ identifier and not and/or/not"
                raise TriggerError(msg)
        if len(set(names)) != len(names):
            msg = f"trigger names given twice: {names}"
            raise TriggerError(msg)
        self.setup = setup
        self.names = names
        self._logic = logic.to_cpp(setup.logic, names, _column)
        self._macros: dict[str, Any] = {}  # kind 1: name -> pyo2bias::EventTrigger
        self._namespace = ""
        self._compile()
        self._rdf: Any = None
        self._node: Any = None
        self._detectors: tuple[str, ...] = ()
        self.batches = 0

    # ------------------------------------------------------------ set-up
    def _compile(self) -> None:
        ROOT = import_root()
        info = load_datamodel()
        ROOT.gInterpreter.Declare('#include "pyo2bias/TriggerGlue.h"')
        ROOT.gInterpreter.Declare('#include "pyo2bias/RDFJitCounter.h"')
        self._counter = ROOT.pyo2bias.rdfJitCounter()
        compiled = [t for t in self.setup.triggers
                    if isinstance(t, TrackFunctionTrigger | SelectionTrigger)]  # fmt: skip
        for t in self.setup.triggers:
            if isinstance(t, MacroTrigger):
                self._macros[t.name] = _load_trigger_macro(t)
        if compiled:
            self._compile_library(compiled, info.key or info.source)

    def _compile_library(self, specs: list[TriggerSpec], datamodel_key: str) -> None:
        from pyo2bias.macros import _local_sources

        ROOT = import_root()
        key_parts = [datamodel_key]
        for t in specs:
            if isinstance(t, TrackFunctionTrigger):
                path = Path(t.path).resolve()
                if not path.is_file():
                    raise O2FileNotFoundError(str(path), f"no such file (trigger {t.name!r})")
                if not _QUALIFIED.match(t.function):
                    msg = f"trigger {t.name!r}: function {t.function!r} is not a C++ name"
                    raise TriggerError(msg)
                key_parts += _local_sources(path)
            key_parts.append(repr(t))
        self._namespace = "pyo2bias_triggers_" + hashlib.sha256(
            "\0".join(key_parts).encode()
        ).hexdigest()[:12]
        source, prototypes = self._library_source(specs)
        compile_cached(
            "triggers",
            source,
            key_parts=key_parts,
            origin=", ".join(sorted({str(getattr(t, "path", t.name)) for t in specs})),
            error=MacroCompileError,
        )
        # the library is loaded; tell the interpreter the signatures, the code stays compiled
        ROOT.gInterpreter.Declare(f'#include "pyo2bias/DataModel.h"\n{prototypes}')

    def _library_source(self, specs: list[TriggerSpec]) -> tuple[str, str]:
        from pyo2bias.broker.selection import selection_to_cpp

        head = ['#include "pyo2bias/DataModel.h"']
        body, protos = [], []
        for t in specs:
            if isinstance(t, TrackFunctionTrigger):
                head.append(f'#include "{Path(t.path).resolve()}"')
                types = [column_cpp_type(c) for c in t.columns]
                params = ", ".join(f"const {ty}& a{i}" for i, ty in enumerate(types))
                args = ", ".join(f"a{i}" for i in range(len(types)))
                signature = f"bool {t.name}({params})"
                body.append(f"{signature} {{ return {t.function}({args}); }}")
            else:
                assert isinstance(t, SelectionTrigger)
                body.append(selection_to_cpp(f"{t.name}_selection", t.selection))
                signature = f"bool {t.name}(const ROOT::VecOps::RVec<o2::MCTrack>& tracks)"
                body.append(f"{signature} {{ return {t.name}_selection(tracks); }}")
            protos.append(f"{signature};")
        ns = self._namespace
        source = "\n".join([*head, f"namespace {ns} {{", *body, "}", ""])
        prototypes = "\n".join([f"namespace {ns} {{", *protos, "}"])
        return source, prototypes

    # ------------------------------------------------------------ per batch
    @property
    def jit_phases(self) -> int:
        """RDataFrame just-in-time compilation phases in this process so far."""
        return int(self._counter.jitPhases)

    def evaluate(self, prefix: str | Path) -> BatchTriggers:
        """Every trigger and the combination on each event of the batch at ``prefix``."""
        start = time.perf_counter()
        ROOT = import_root()
        spec = self._spec(prefix)
        if self._rdf is None:
            self._build_graph(ROOT, spec)
        else:
            ROOT.ROOT.Internal.RDF.ChangeSpec(self._rdf_node, ROOT.std.move(spec))
        columns = [_column(n) for n in self.names] + [_PASS] + [
            _value_column(v) for v in self.setup.values
        ]
        try:
            data = self._node.AsNumpy(columns)
        except Exception as exc:  # RDataFrame raises C++ exceptions as Python ones
            msg = f"batch {prefix}: evaluating the triggers failed: {exc}"
            raise TriggerError(msg) from exc
        self.batches += 1
        decisions = {n: np.asarray(data[_column(n)], dtype=bool) for n in self.names}
        values = {v: np.asarray(data[_value_column(v)], dtype=float) for v in self.setup.values}
        result = BatchTriggers(str(prefix), np.asarray(data[_PASS], dtype=bool), decisions,
                               values, time.perf_counter() - start)  # fmt: skip
        log.info("triggers on %s: %d of %d events pass (%s)", prefix, result.passed,
                 result.n_events, result.counts)  # fmt: skip
        return result

    def _spec(self, prefix: str | Path) -> Any:
        ROOT = import_root()
        files = sim_files(prefix)
        if not files.kine.exists():
            raise O2FileNotFoundError(str(files.kine), "no such file (trigger input)")
        present = tuple(d for d in HIT_BRANCHES if d in files.hits)
        if self._rdf is not None and present != self._detectors:
            msg = (f"batch {prefix}: hits of {list(present)} but the triggers were set up on "
                   f"batches with hits of {list(self._detectors)}")  # fmt: skip
            raise TriggerError(msg)
        self._detectors = present
        exp = ROOT.ROOT.RDF.Experimental
        spec = exp.RDatasetSpec()
        spec.AddSample(exp.RSample(str(files.prefix), TREE_NAME, str(files.kine)))
        for det in present:
            spec.WithGlobalFriends(TREE_NAME, str(files.hits[det]), det)
        return spec

    def _build_graph(self, ROOT: Any, spec: Any) -> None:
        # kept only once every Define compiled: a failure is reported again on the next batch
        rdf = ROOT.RDataFrame(spec)
        root_node = ROOT.RDF.AsRNode(rdf)
        node = root_node
        for t in self.setup.triggers:
            node = self._define(node, _column(t.name), self._expression(t), f"trigger {t.name!r}")
        node = self._define(node, _PASS, self._logic, "trigger logic")
        for name, expr in self.setup.values.items():
            node = self._define(node, _value_column(name), f"double({expr})", f"value {name!r}")
        self._rdf, self._rdf_node, self._node = rdf, root_node, node

    @staticmethod
    def _define(node: Any, column: str, expression: str, what: str) -> Any:
        try:
            return node.Define(column, expression)
        except Exception as exc:
            msg = f"{what}: RDataFrame cannot compile {expression!r}: {exc}"
            raise TriggerError(msg) from exc

    def _expression(self, t: TriggerSpec) -> str:
        ROOT = import_root()
        if isinstance(t, MacroTrigger):
            address = ROOT.addressof(self._macros[t.name])
            return (f"pyo2bias::callTrigger(*reinterpret_cast<const pyo2bias::EventTrigger*>"
                    f"({address:#x}), MCTrack)")  # fmt: skip
        if isinstance(t, ExpressionTrigger):
            return f"bool({t.expression})"
        columns = t.columns if isinstance(t, TrackFunctionTrigger) else ("MCTrack",)
        return f"{self._namespace}::{t.name}({', '.join(columns)})"


def _column(name: str) -> str:
    return f"pyo2bias_trigger_{name}"


def _value_column(name: str) -> str:
    return f"pyo2bias_value_{name}"


def _load_trigger_macro(t: MacroTrigger) -> Any:
    from pyo2bias.macros import load_macro

    macro = load_macro(t.path, t.function)
    result = macro.result
    type_name = type(result).__cpp_name__ if hasattr(type(result), "__cpp_name__") else ""
    if "EventTrigger" not in str(type_name) or "Deep" in str(type_name):
        msg = (f"trigger {t.name!r}: {t.path} returns {type_name or type(result).__name__}, "
               "not o2::eventgen::Trigger")  # fmt: skip
        raise TriggerError(msg)
    return result

