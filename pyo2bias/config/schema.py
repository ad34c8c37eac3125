"""The biasing loop's run configuration: validated once at the edge, then typed frozen data.

:func:`load_config` reads a YAML file strictly (:mod:`pyo2bias.config.yamlload`), applies
``--set key.path=value`` overrides and validates every key; :func:`config_from_dict` does the
same for a plain dict from Python. Every problem is a :class:`~pyo2bias.exceptions.RunConfigError`
naming the file, the key path and, when it came from a file, the line. The loop then only sees
:class:`RunConfig`: defaults filled in, paths absolute, triggers as
:mod:`pyo2bias.broker.specs` objects, and ``raw`` (the same, as plain data) to store in the run
folder and to compare with a checkpoint.
"""

from __future__ import annotations

import copy
import difflib
import math
import os
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pyo2bias.broker.specs import (
    ExpressionTrigger,
    MacroTrigger,
    SelectionTrigger,
    TrackFunctionTrigger,
    TriggerSetup,
    TriggerSpec,
)
from pyo2bias.config.yamlload import (
    LoadedYaml,
    describe,
    join_path,
    load_yaml_file,
    number_text_problem,
    parse_value,
)
from pyo2bias.datamodel.detectors import DETECTORS, PASSIVE_MODULES
from pyo2bias.exceptions import RunConfigError

__all__ = [
    "BACKENDS",
    "DEFAULT_MODULES",
    "GENERATORS",
    "TRANSPORT_KEYWORDS",
    "BatchConfig",
    "GeneratorConfig",
    "KeyValue",
    "Limits",
    "RunConfig",
    "ServicesConfig",
    "StepConfig",
    "config_from_dict",
    "load_config",
]

KeyValue = str | int | float | bool

BACKENDS: tuple[str, ...] = ("auto", "o2", "embedded")
GENERATORS: tuple[str, ...] = ("pythia8pp", "boxgen", "extkinO2")
TRANSPORT_KEYWORDS: tuple[str, ...] = ("all", "none", "barrel")
DEFAULT_MODULES: tuple[str, ...] = ("PIPE", "ITS", "TPC", "TOF")
DEFAULT_SEED = 1  # fixed, so that a run without a seed is reproducible and resumable

_KNOWN_MODULES = frozenset(DETECTORS) | PASSIVE_MODULES
_LOGIC_WORDS = frozenset({"and", "or", "not"})
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_FUNCTION = re.compile(r"(?:[A-Za-z_]\w*::)*[A-Za-z_]\w*")
_FUNCTION_CALL = re.compile(r"(?:[A-Za-z_]\w*::)*[A-Za-z_]\w*(?:\(.*\))?")
_O2_KEY = re.compile(r"[A-Za-z_][\w-]*(?:\.[\w\[\]-]+)+")

_SECTIONS: dict[str, tuple[str, ...]] = {
    "batch": ("size", "initial", "min", "max"),
    "limits": ("max_trial_events", "max_wall_seconds"),
    "services": ("backend", "modules", "workers", "timeout_seconds"),
    "generator": ("name", "config_key_values"),
    "step1": ("transport", "transport_function", "config_file", "config_key_values"),
    "step2": ("config_file", "config_key_values"),
    "trigger": ("logic", "definitions", "values"),
    "report": ("plots",),
}
_TOP_KEYS: tuple[str, ...] = ("output", "target", "seed", *_SECTIONS)
_KINDS: dict[str, tuple[str, ...]] = {
    "macro": ("macro", "function"),
    "cpp": ("cpp", "function", "columns"),
    "expression": ("expression",),
    "select": ("select",),
}
# mappings whose keys are free (one more path component, which may itself contain dots)
_FREE_MAPPINGS = frozenset(
    {"generator.config_key_values", "step1.config_key_values", "step2.config_key_values",
     "trigger.values"}
)  # fmt: skip
_REQUIRED: Any = object()
_TOP_LEVEL = ""  # the key path of the whole document
_SET = "--set"  # the "file" of a malformed override


# --------------------------------------------------------------------------- the dataclasses


@dataclass(frozen=True)
class BatchConfig:
    """Trial batches of service 1: a fixed ``size`` or ``"adaptive"`` within [min, max]."""

    size: int | Literal["adaptive"]
    initial: int
    min: int
    max: int


@dataclass(frozen=True)
class Limits:
    """When the loop gives up before reaching the target."""

    max_trial_events: int
    max_wall_seconds: float


@dataclass(frozen=True)
class ServicesConfig:
    """The simulation services (o2-sim ``-m``, ``-j``), their backend and timeout."""

    backend: Literal["auto", "o2", "embedded"]
    modules: tuple[str, ...]
    workers: int
    timeout_seconds: float


@dataclass(frozen=True)
class GeneratorConfig:
    """Service 1's event generator (o2-sim ``-g``) and its ``--configKeyValues``."""

    name: str
    config_key_values: dict[str, KeyValue]


@dataclass(frozen=True)
class StepConfig:
    """Parameters of one service: ``--configFile`` and ``--configKeyValues``.

    For step 1, ``transport`` is ``"all"``, ``"none"``, ``"barrel"`` or the absolute path of a
    transport macro (o2-sim's ``Stack.transportPrimary*``), and ``transport_function`` is its
    ``funcName``; both are None for step 2, which transports everything left.
    """

    config_file: Path | None
    config_key_values: dict[str, KeyValue]
    transport: str | None = None
    transport_function: str | None = None


@dataclass(frozen=True)
class RunConfig:
    """One biasing run, validated: what :func:`load_config` and :func:`config_from_dict` give.

    ``raw`` is the effective configuration as plain data (defaults filled in, paths absolute),
    fit for YAML/JSON and for comparing with the configuration a checkpoint was written with.
    """

    output: Path
    target: int
    seed: int
    batch: BatchConfig
    limits: Limits
    services: ServicesConfig
    generator: GeneratorConfig
    step1: StepConfig
    step2: StepConfig
    trigger: TriggerSetup
    report_plots: bool
    source: Path | None
    raw: dict[str, Any] = field(repr=False)


# ------------------------------------------------------------------ where errors point to


@dataclass
class _Where:
    """Where each key path came from: the file and its line, or the ``--set`` that set it."""

    source: str
    lines: dict[str, int] = field(default_factory=dict)
    plain: dict[str, str] = field(default_factory=dict)
    overridden: dict[str, str] = field(default_factory=dict)

    def line(self, path: str) -> int | None:
        while path:
            if path in self.lines:
                return self.lines[path]
            path = _parent(path)
        return None

    def error(self, path: str, problem: str) -> RunConfigError:
        for prefix, text in reversed(self.overridden.items()):
            if _within(path, prefix):
                return RunConfigError(text, path, problem)
        return RunConfigError(self.source, path, problem, line=self.line(path))

    def forget(self, path: str) -> None:
        """Drop what the file said below ``path`` (an override replaced it)."""
        for table in (self.lines, self.plain, self.overridden):
            for key in [k for k in table if _within(k, path)]:
                del table[key]


def _parent(path: str) -> str:
    cut = max(path.rfind("."), path.rfind("["))
    return path[:cut] if cut > 0 else ""


def _within(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith((prefix + ".", prefix + "["))


# ---------------------------------------------------------------- generic value checks


class _Section:
    """One mapping of the configuration: rejects unknown keys and hands out its values."""

    def __init__(
        self, where: _Where, path: str, value: Any, allowed: Sequence[str], what: str = ""
    ) -> None:
        if not isinstance(value, Mapping):
            raise where.error(path, f"expected a mapping, found {describe(value)}")
        for key in value:
            if not isinstance(key, str):
                raise where.error(path, f"keys must be strings, found {describe(key)}")
            if key not in allowed:
                raise where.error(join_path(path, key), _unknown_key(key, path, allowed, what))
        self.where, self.path, self.data = where, path, value

    def key(self, key: str) -> str:
        return join_path(self.path, key)

    def get(self, key: str, default: Any = _REQUIRED, *, nullable: bool = False) -> Any:
        path = self.key(key)
        if key not in self.data:
            if default is _REQUIRED:
                raise self.where.error(path, f"required key '{key}' is missing")
            return default
        value = self.data[key]
        if value is None and not nullable:
            hint = "" if default is _REQUIRED else "; leave the key out to get the default"
            raise self.where.error(path, f"'{key}' is required to have a value, found null{hint}")
        return value

    def section(self, key: str) -> _Section:
        return _Section(self.where, self.key(key), self.get(key, {}), _SECTIONS[key])


def _unknown_key(key: str, path: str, allowed: Sequence[str], what: str) -> str:
    place = f"of {path}" if path else "at the top level"
    if what:
        place += f" ({what})"
    problem = f"unknown key '{key}'; allowed keys {place}: {', '.join(allowed)}"
    close = difflib.get_close_matches(key, allowed, n=1)
    return problem + (f" (did you mean '{close[0]}'?)" if close else "")


def _not_a_number(where: _Where, path: str, expected: str, value: Any) -> RunConfigError:
    text = where.plain.get(path)
    problem = number_text_problem(text) if isinstance(value, str) and text else None
    return where.error(path, problem or f"expected {expected}, found {describe(value)}")


def _int(
    where: _Where, path: str, value: Any, *, minimum: int = 1, maximum: int | None = None
) -> int:
    """An integer in [minimum, maximum]; an integral float such as 1.0e6 counts as one."""
    if isinstance(value, float) and not isinstance(value, bool):
        if not value.is_integer():
            raise where.error(path, f"expected an integer, found the number {value!r}")
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise _not_a_number(where, path, "an integer", value)
    if value < minimum:
        raise where.error(path, f"must be at least {minimum}, found {value}")
    if maximum is not None and value > maximum:
        raise where.error(path, f"must be at most {maximum}, found {value}")
    return value


def _positive(where: _Where, path: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _not_a_number(where, path, "a number", value)
    if not math.isfinite(value) or value <= 0:
        raise where.error(path, f"must be a finite number > 0, found {value!r}")
    return float(value)


def _bool(where: _Where, path: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise where.error(path, f"expected true or false, found {describe(value)}")
    return value


def _string(where: _Where, path: str, value: Any, what: str = "a string") -> str:
    """A non-empty string (an empty one is as good as a forgotten value)."""
    if not isinstance(value, str):
        raise where.error(path, f"expected {what}, found {describe(value)}")
    if not value.strip():
        raise where.error(path, f"expected {what}, found an empty string")
    return value


def _choice(where: _Where, path: str, value: Any, choices: Sequence[str]) -> str:
    if not isinstance(value, str) or value not in choices:
        raise where.error(path, f"must be one of {', '.join(choices)}, found {describe(value)}")
    return value


def _identifier(where: _Where, path: str, name: str, what: str, *, logic: bool = False) -> str:
    """A C++ identifier; with ``logic`` (a trigger name) also not one of and/or/not."""
    if not _IDENTIFIER.fullmatch(name):
        problem = f"{what} '{name}' is not a C++ identifier ([A-Za-z_][A-Za-z0-9_]*)"
        raise where.error(path, problem)
    if logic and name in _LOGIC_WORDS:
        raise where.error(path, f"{what} '{name}' is a keyword of trigger.logic; use another name")
    return name


def _function(where: _Where, path: str, value: Any, *, call: bool) -> str:
    """A C++ function name, or with ``call`` also a call such as ``transportPDG(321)``."""
    text = _string(where, path, value, "a function name")
    pattern = _FUNCTION_CALL if call else _FUNCTION
    if not pattern.fullmatch(text.strip()):
        example = "a name such as trigger_pi0 or a call such as transportPDG(321)"
        raise where.error(path, f"'{text}' is not {example if call else 'a C++ function name'}")
    return text.strip()


def _string_list(where: _Where, path: str, value: Any, what: str) -> list[str]:
    """A non-empty list of non-empty strings; one space-separated string is split."""
    if isinstance(value, str):
        items = value.split()
        paths = [path] * len(items)
    elif isinstance(value, list | tuple):
        items = list(value)
        paths = [join_path(path, i) for i in range(len(items))]
    else:
        raise where.error(path, f"expected a list of {what}s, found {describe(value)}")
    if not items:
        raise where.error(path, f"expected at least one {what}, found none")
    return [_string(where, p, item, f"a {what}") for p, item in zip(paths, items, strict=True)]


def _key_values(where: _Where, path: str, value: Any) -> dict[str, KeyValue]:
    """O2 ``--configKeyValues`` as a mapping ``Group.key -> scalar``."""
    if not isinstance(value, Mapping):
        raise where.error(
            path, f"expected a mapping of O2 Group.key: value, found {describe(value)}"
        )
    out: dict[str, KeyValue] = {}
    for key, item in value.items():
        child = join_path(path, str(key))
        if not isinstance(key, str) or not _O2_KEY.fullmatch(key):
            problem = f"'{key}' is not an O2 parameter name (Group.key, e.g. Diamond.width)"
            raise where.error(child, problem)
        if isinstance(item, str) and ";" in item:
            raise where.error(
                child, "a value must not contain ';' (it separates O2 key=value pairs)"
            )
        if not isinstance(item, str | int | float | bool):
            raise where.error(
                child, f"expected a string, number or boolean, found {describe(item)}"
            )
        out[key] = item
    return out


def _find_file(value: str, bases: Sequence[Path]) -> tuple[Path | None, list[Path]]:
    """The first existing file of ``value`` taken against each base folder; where we looked.

    The file found is resolved (symlinks and ``..`` as the file system sees them), so that the
    same macro always has the same path in the configuration, the checkpoint and the caches.
    """
    path = Path(value).expanduser()
    candidates = [path] if path.is_absolute() else [base / path for base in bases]
    found = next((c.resolve() for c in candidates if c.is_file()), None)
    return found, list(dict.fromkeys(Path(os.path.abspath(c)) for c in candidates))


def _file(where: _Where, path: str, value: Any, bases: Sequence[Path], what: str) -> Path:
    text = _path_text(where, path, value)
    found, looked = _find_file(text, bases)
    if found is None:
        places = " or ".join(str(p) for p in looked)
        raise where.error(path, f"{what} '{text}' not found (looked for {places})")
    return found


def _path_text(where: _Where, path: str, value: Any) -> str:
    if isinstance(value, os.PathLike):
        value = os.fspath(value)
    return _string(where, path, value, "a path")


# ------------------------------------------------------------------------ the sections


def _batch(top: _Section) -> tuple[BatchConfig, dict[str, Any]]:
    sec, where = top.section("batch"), top.where
    size = sec.get("size", "adaptive")
    if size != "adaptive":
        if isinstance(size, str):
            raise where.error(
                sec.key("size"), f"expected an integer >= 1 or 'adaptive', found {describe(size)}"
            )
        size = _int(where, sec.key("size"), size)
    initial = _int(where, sec.key("initial"), sec.get("initial", 50))
    low = _int(where, sec.key("min"), sec.get("min", 10))
    high = _int(where, sec.key("max"), sec.get("max", 2000))
    if low > high:
        raise where.error(sec.key("min"), f"batch.min ({low}) is larger than batch.max ({high})")
    if not low <= initial <= high:
        given = "" if "initial" in sec.data else ", the default"
        problem = (
            f"batch.initial ({initial}{given}) must lie between batch.min ({low}) "
            f"and batch.max ({high})"
        )
        raise where.error(sec.key("initial"), problem)
    config = BatchConfig(size=size, initial=initial, min=low, max=high)
    return config, {"size": size, "initial": initial, "min": low, "max": high}


def _limits(top: _Section) -> tuple[Limits, dict[str, Any]]:
    sec, where = top.section("limits"), top.where
    trials = _int(where, sec.key("max_trial_events"), sec.get("max_trial_events", 1_000_000))
    wall = _positive(where, sec.key("max_wall_seconds"), sec.get("max_wall_seconds", 86400))
    return Limits(trials, wall), {"max_trial_events": trials, "max_wall_seconds": wall}


def _services(top: _Section) -> tuple[ServicesConfig, dict[str, Any]]:
    sec, where = top.section("services"), top.where
    backend = _choice(where, sec.key("backend"), sec.get("backend", "auto"), BACKENDS)
    modules = _modules(where, sec.key("modules"), sec.get("modules", list(DEFAULT_MODULES)))
    workers = _int(where, sec.key("workers"), sec.get("workers", 2))
    timeout = _positive(where, sec.key("timeout_seconds"), sec.get("timeout_seconds", 600))
    config = ServicesConfig(backend, tuple(modules), workers, timeout)
    raw = {"backend": backend, "modules": modules, "workers": workers, "timeout_seconds": timeout}
    return config, raw


def _modules(where: _Where, path: str, value: Any) -> list[str]:
    """o2-sim's ``-m``: known module names, each once, or ``all`` alone."""
    modules = _string_list(where, path, value, "module name")
    if modules == ["all"]:
        return modules
    for index, name in enumerate(modules):
        item = path if isinstance(value, str) else join_path(path, index)
        if name == "all":
            raise where.error(item, "'all' stands for every module and must be given alone")
        if name not in _KNOWN_MODULES:
            known = ", ".join(sorted(_KNOWN_MODULES))
            raise where.error(
                item, f"unknown module '{name}'; known modules: {known} (or all alone)"
            )
        if name in modules[:index]:
            raise where.error(item, f"module '{name}' is listed twice")
    return modules


def _generator(top: _Section) -> tuple[GeneratorConfig, dict[str, Any]]:
    sec, where = top.section("generator"), top.where
    name = _choice(where, sec.key("name"), sec.get("name", "pythia8pp"), GENERATORS)
    values = _key_values(where, sec.key("config_key_values"), sec.get("config_key_values", {}))
    config = GeneratorConfig(name, values)
    return config, {"name": name, "config_key_values": dict(values)}


def _step(top: _Section, key: str, bases: Sequence[Path]) -> tuple[StepConfig, dict[str, Any]]:
    sec, where = top.section(key), top.where
    config_file = sec.get("config_file", None, nullable=True)
    if config_file is not None:
        config_file = _file(
            where, sec.key("config_file"), config_file, bases, "O2 configuration file"
        )
    values = _key_values(where, sec.key("config_key_values"), sec.get("config_key_values", {}))
    raw: dict[str, Any] = {}
    transport = function = None
    if key == "step1":
        transport, function = _transport(sec, bases)
        raw = {"transport": transport, "transport_function": function}
    raw |= {"config_file": None if config_file is None else str(config_file),
            "config_key_values": dict(values)}  # fmt: skip
    return StepConfig(config_file, values, transport, function), raw


def _transport(sec: _Section, bases: Sequence[Path]) -> tuple[str, str | None]:
    """Step 1's selective transport: a keyword, or a macro file and its function."""
    where, path = sec.where, sec.key("transport")
    text = _path_text(where, path, sec.get("transport"))
    function = sec.get("transport_function", None, nullable=True)
    if text in TRANSPORT_KEYWORDS:
        if function is not None:
            problem = f"only applies to a transport macro, not to transport: {text}"
            raise where.error(sec.key("transport_function"), problem)
        return text, None
    found, looked = _find_file(text, bases)
    if found is None:
        places = " or ".join(str(p) for p in looked)
        problem = (f"'{text}' is neither one of {', '.join(TRANSPORT_KEYWORDS)} nor an existing "
                   f"macro file (looked for {places})")  # fmt: skip
        raise where.error(path, problem)
    if function is not None:
        function = _function(where, sec.key("transport_function"), function, call=True)
    return str(found), function


def _trigger(top: _Section, bases: Sequence[Path]) -> tuple[TriggerSetup, dict[str, Any]]:
    sec, where = top.section("trigger"), top.where
    path = sec.key("definitions")
    definitions = sec.get("definitions")
    if not isinstance(definitions, Mapping) or not definitions:
        found = "an empty mapping" if isinstance(definitions, Mapping) else describe(definitions)
        raise where.error(
            path,
            f"expected a mapping of trigger names to definitions (at least one), found {found}",
        )
    specs: list[TriggerSpec] = []
    raw_definitions: dict[str, Any] = {}
    for name, value in definitions.items():
        spec, raw = _definition(where, join_path(path, str(name)), name, value, bases)
        specs.append(spec)
        raw_definitions[spec.name] = raw
    logic = _logic(where, sec.key("logic"), sec.get("logic", ""), [s.name for s in specs])
    values = _values(where, sec.key("values"), sec.get("values", {}))
    setup = TriggerSetup(triggers=tuple(specs), logic=logic, values=values)
    return setup, {"logic": logic, "definitions": raw_definitions, "values": dict(values)}


def _definition(
    where: _Where, path: str, name: Any, value: Any, bases: Sequence[Path]
) -> tuple[TriggerSpec, dict[str, Any]]:
    """One named trigger: exactly one of the four kinds, with only that kind's keys."""
    if not isinstance(name, str):
        raise where.error(path, f"a trigger name must be a string, found {describe(name)}")
    _identifier(where, path, name, "trigger name", logic=True)
    kinds = [kind for kind in _KINDS if isinstance(value, Mapping) and kind in value]
    if len(kinds) != 1:
        keys = ", ".join(map(str, value)) if isinstance(value, Mapping) else describe(value)
        found = " and ".join(kinds) if kinds else f"none of them (found: {keys or 'nothing'})"
        raise where.error(
            path, f"a trigger needs exactly one of macro, cpp, expression, select; found {found}"
        )
    kind = kinds[0]
    article = "an" if kind == "expression" else "a"
    sec = _Section(where, path, value, _KINDS[kind], what=f"{article} {kind} trigger")
    return _KIND_BUILDERS[kind](sec, name, bases)


def _macro_trigger(
    sec: _Section, name: str, bases: Sequence[Path]
) -> tuple[TriggerSpec, dict[str, Any]]:
    path = _file(sec.where, sec.key("macro"), sec.get("macro"), bases, "trigger macro")
    function = sec.get("function", None, nullable=True)
    if function is not None:
        function = _function(sec.where, sec.key("function"), function, call=True)
    return MacroTrigger(name, path, function), {"macro": str(path), "function": function}


def _cpp_trigger(
    sec: _Section, name: str, bases: Sequence[Path]
) -> tuple[TriggerSpec, dict[str, Any]]:
    path = _file(sec.where, sec.key("cpp"), sec.get("cpp"), bases, "C++ file")
    function = _function(sec.where, sec.key("function"), sec.get("function"), call=False)
    value = sec.get("columns", ["MCTrack"])
    if isinstance(value, str):
        raise sec.where.error(
            sec.key("columns"), f"expected a list of column names, found {describe(value)}"
        )
    columns = _string_list(sec.where, sec.key("columns"), value, "column name")
    spec = TrackFunctionTrigger(name, path, function, tuple(columns))
    return spec, {"cpp": str(path), "function": function, "columns": columns}


def _expression_trigger(
    sec: _Section, name: str, _bases: Sequence[Path]
) -> tuple[TriggerSpec, dict[str, Any]]:
    expression = _string(
        sec.where, sec.key("expression"), sec.get("expression"), "an RDataFrame expression"
    )
    return ExpressionTrigger(name, expression), {"expression": expression}


def _select_trigger(
    sec: _Section, name: str, _bases: Sequence[Path]
) -> tuple[TriggerSpec, dict[str, Any]]:
    selection = sec.get("select")
    if not isinstance(selection, Mapping) or not selection:
        found = "an empty mapping" if isinstance(selection, Mapping) else describe(selection)
        raise sec.where.error(
            sec.key("select"), f"expected a non-empty mapping (a particle selection), found {found}"
        )
    selection = copy.deepcopy(dict(selection))
    return SelectionTrigger(name, selection), {"select": copy.deepcopy(selection)}


_KIND_BUILDERS = {
    "macro": _macro_trigger,
    "cpp": _cpp_trigger,
    "expression": _expression_trigger,
    "select": _select_trigger,
}


def _logic(where: _Where, path: str, value: Any, names: Collection[str]) -> str:
    if not isinstance(value, str):
        raise where.error(path, f"expected a string such as 'a and not b', found {describe(value)}")
    problem = _logic_problem(value, names)
    if problem:
        raise where.error(path, problem)
    return value.strip()


_TOKEN = re.compile(r"\s*(?:([()])|([A-Za-z_][A-Za-z0-9_]*)|(\S))")


def _logic_problem(text: str, names: Collection[str]) -> str | None:
    """The first problem of a trigger.logic expression over ``names``, or None if it is valid.

    Grammar: names combined with ``and``, ``or``, ``not`` and parentheses. Precedence does not
    matter for validity, so a two-state scan (operand expected or operator expected) suffices.
    """
    expect_operand, depth = True, 0
    for match in _TOKEN.finditer(text):
        paren, word, other = match.groups()
        token = paren or word or other
        column = match.start(match.lastindex or 0) + 1
        if other:
            return f"unexpected character '{other}' at column {column}; use and, or, not and ()"
        if expect_operand:
            if word in ("and", "or") or paren == ")":
                return f"expected a trigger name, 'not' or '(' at column {column}, found '{token}'"
            if word and word != "not" and word not in names:
                return f"unknown trigger '{word}'; defined triggers: {', '.join(names)}"
            if paren == "(":
                depth += 1
            expect_operand = word in ("not", None)
        else:
            if word not in ("and", "or") and paren != ")":
                return f"expected 'and', 'or' or ')' at column {column}, found '{token}'"
            if paren == ")":
                depth -= 1
                if depth < 0:
                    return f"')' at column {column} has no matching '('"
            expect_operand = paren is None
    if text.strip() and expect_operand:
        return "the expression ends where a trigger name is expected"
    if depth:
        return "unbalanced parentheses: a ')' is missing"
    return None


def _values(where: _Where, path: str, value: Any) -> dict[str, str]:
    if not isinstance(value, Mapping):
        raise where.error(
            path, f"expected a mapping of names to RDataFrame expressions, found {describe(value)}"
        )
    out: dict[str, str] = {}
    for name, expression in value.items():
        child = join_path(path, str(name))
        if not isinstance(name, str):
            raise where.error(child, f"a value name must be a string, found {describe(name)}")
        _identifier(where, child, name, "value name")
        out[name] = _string(where, child, expression, "an RDataFrame expression")
    return out


# ----------------------------------------------------------------- assembling a RunConfig


def _build(data: Any, where: _Where, source: Path | None) -> RunConfig:
    if not isinstance(data, Mapping):
        problem = (
            f"the top level must be a mapping (target:, step1:, trigger: ...), "
            f"found {describe(data)}"
        )
        raise where.error(_TOP_LEVEL, problem)
    top = _Section(where, "", data, _TOP_KEYS)
    bases = list(dict.fromkeys([*([source.parent] if source else []), Path.cwd()]))
    default_output = f"runs/{source.stem if source else 'pyo2bias'}"
    output_text = _path_text(where, "output", top.get("output", default_output))
    output = Path(os.path.abspath(Path(output_text).expanduser()))
    target = _int(where, "target", top.get("target"))
    seed = _int(where, "seed", top.get("seed", DEFAULT_SEED), maximum=2**63 - 1)
    batch, raw_batch = _batch(top)
    limits, raw_limits = _limits(top)
    services, raw_services = _services(top)
    generator, raw_generator = _generator(top)
    step1, raw_step1 = _step(top, "step1", bases)
    step2, raw_step2 = _step(top, "step2", bases)
    trigger, raw_trigger = _trigger(top, bases)
    report = top.section("report")
    plots = _bool(where, report.key("plots"), report.get("plots", True))
    raw = {
        "output": str(output), "target": target, "seed": seed, "batch": raw_batch,
        "limits": raw_limits, "services": raw_services, "generator": raw_generator,
        "step1": raw_step1, "step2": raw_step2, "trigger": raw_trigger, "report": {"plots": plots},
    }  # fmt: skip
    return RunConfig(output, target, seed, batch, limits, services, generator, step1, step2,
                     trigger, plots, source, raw)  # fmt: skip


def config_from_dict(data: Mapping[str, Any], source: str | Path | None = None) -> RunConfig:
    """Validate a configuration given as plain Python data (the YAML file's content).

    ``source`` is the file it stands for, if any: relative macro paths are then looked for
    beside it first, and messages name it.
    """
    where = _Where(source=str(source) if source is not None else "<dict>")
    path = Path(os.path.abspath(source)) if source is not None else None
    return _build(copy.deepcopy(data), where, path)


def load_config(path: str | Path, overrides: Sequence[str] = ()) -> RunConfig:
    """Read, override (``--set key.path=value``, in order) and validate a YAML run configuration."""
    if isinstance(overrides, str):
        overrides = (overrides,)
    parsed = [_parse_override(item) for item in overrides]
    loaded = load_yaml_file(path)
    where = _Where(source=loaded.source, lines=dict(loaded.lines), plain=dict(loaded.plain))
    data = copy.deepcopy(loaded.data)
    if isinstance(data, dict):
        for parts, text, value in parsed:
            _apply_override(data, where, parts, text, value)
    return _build(data, where, Path(os.path.abspath(path)))


# --------------------------------------------------------------------------- overrides


def _parse_override(item: str) -> tuple[list[str], str, LoadedYaml]:
    """``key.path=value`` -> (path components, the ``--set`` text, the parsed value)."""
    if not isinstance(item, str) or "=" not in item:
        problem = "malformed override: expected key.path=value (no '=' found)"
        raise RunConfigError(_SET, str(item), problem)
    key, _, text = item.partition("=")
    key = key.strip()
    if not key:
        problem = "malformed override: the key path before '=' is empty"
        raise RunConfigError(_SET, item, problem)
    source = f"--set {item}"
    parts = _override_parts(key, source)
    full = ".".join(parts)
    loaded = parse_value(text.strip(), source, full)
    return parts, source, loaded


def _override_parts(key: str, source: str) -> list[str]:
    """Split and check an override's key path against the schema."""
    parts = key.split(".")
    if parts[0] not in _TOP_KEYS:
        raise RunConfigError(source, key, _unknown_key(parts[0], "", _TOP_KEYS, ""))
    if len(parts) == 1:
        return parts
    if parts[0] not in _SECTIONS:
        raise RunConfigError(source, key, f"'{parts[0]}' is a value, it has no key '{parts[1]}'")
    section = parts[0]
    if parts[1] not in _SECTIONS[section]:
        raise RunConfigError(source, key, _unknown_key(parts[1], section, _SECTIONS[section], ""))
    head = f"{section}.{parts[1]}"
    if len(parts) == 2:
        return parts
    if head in _FREE_MAPPINGS:
        return [section, parts[1], ".".join(parts[2:])]
    if head == "trigger.definitions" and len(parts) <= 4:
        allowed = tuple(dict.fromkeys(k for keys in _KINDS.values() for k in keys))
        if len(parts) == 4 and parts[3] not in allowed:
            raise RunConfigError(
                source, key, _unknown_key(parts[3], ".".join(parts[:3]), allowed, "a trigger")
            )
        return parts
    raise RunConfigError(source, key, f"'{head}' has no sub-key '{'.'.join(parts[2:])}'")


def _apply_override(
    data: dict[str, Any], where: _Where, parts: list[str], source: str, value: LoadedYaml
) -> None:
    """Set one overridden value; later errors about it name the ``--set``, not the file."""
    node = data
    for depth, part in enumerate(parts[:-1]):
        child = node.get(part)
        if child is None:
            child = node[part] = {}
        elif not isinstance(child, dict):
            problem = f"cannot set a key inside it: it is {describe(child)} in the file"
            raise RunConfigError(source, ".".join(parts[: depth + 1]), problem)
        node = child
    node[parts[-1]] = value.data
    path = ".".join(parts)
    where.forget(path)
    where.plain.update(value.plain)
    where.overridden[path] = source
