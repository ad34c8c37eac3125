"""The run configuration: the shipped file, strict YAML, every validation rule and --set."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

import pyo2bias.config
from pyo2bias.broker.specs import (
    ExpressionTrigger,
    MacroTrigger,
    SelectionTrigger,
    TrackFunctionTrigger,
)
from pyo2bias.config import config_from_dict, load_config
from pyo2bias.exceptions import O2FileNotFoundError, RunConfigError

PROJECT = Path(__file__).parents[1]
MACROS = PROJECT / "macros"
SHIPPED = PROJECT / "conf" / "pi0_double_conversion.yaml"

# The required keys on three lines; a case appends its own lines (line 4 onwards) or replaces
# these. "@M" is the macros folder; "#<" marks the line the error must point to.
TARGET = "target: 20"
STEP1 = "step1: {transport: '@M/transport_pi0.macro'}"
TRIGGER = "trigger: {definitions: {d: {macro: '@M/trigger_pi0.macro'}}}"
REQUIRED = f"{TARGET}\n{STEP1}\n{TRIGGER}\n"


def write(tmp_path: Path, text: str, name: str = "run.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text.replace("@M", str(MACROS)), encoding="utf-8")
    return path


def marked_line(text: str) -> int | None:
    """The 1-based line carrying the "#<" marker, or None."""
    marked = [i for i, line in enumerate(text.splitlines(), 1) if "#<" in line]
    return marked[0] if marked else None


# --------------------------------------------------------------------------- shipped file


def test_shipped_config_loads():
    cfg = load_config(SHIPPED)
    assert cfg.source is not None
    assert cfg.source.resolve() == SHIPPED.resolve()
    assert cfg.target == 20
    assert cfg.seed == 12345
    assert cfg.output == Path.cwd() / "runs" / "pi0_double_conversion"
    assert cfg.batch == pyo2bias.config.BatchConfig(size="adaptive", initial=100, min=20, max=1000)
    assert cfg.services.modules == ("PIPE", "ITS", "TPC", "TOF")
    assert cfg.services.workers == 2
    assert cfg.generator.name == "pythia8pp"
    assert cfg.step1.transport == str(MACROS.resolve() / "transport_pi0.macro")
    assert cfg.step1.transport_function == "transport_pi0"
    assert cfg.step2.transport is None
    assert cfg.trigger.triggers == (
        MacroTrigger("double_conversion", MACROS.resolve() / "trigger_pi0.macro", "trigger_pi0"),
    )
    assert cfg.trigger.logic == ""
    assert cfg.trigger.values == {"leading_pi0_pt": "pyo2bias::leadingPt(MCTrack, 111, 1.0)"}
    assert cfg.report_plots is True


def test_raw_is_the_effective_config_and_round_trips():
    cfg = load_config(SHIPPED)
    assert cfg.raw["limits"] == {"max_trial_events": 100000, "max_wall_seconds": 3600.0}
    assert cfg.raw["trigger"]["definitions"]["double_conversion"]["macro"] == str(
        MACROS.resolve() / "trigger_pi0.macro"
    )
    assert config_from_dict(cfg.raw) == dataclasses.replace(cfg, source=None)


def test_defaults(tmp_path):
    cfg = load_config(write(tmp_path, REQUIRED))
    assert cfg.output == Path.cwd() / "runs" / "run"
    assert cfg.seed == 1
    assert cfg.batch == pyo2bias.config.BatchConfig(size="adaptive", initial=50, min=10, max=2000)
    assert cfg.limits == pyo2bias.config.Limits(max_trial_events=1_000_000, max_wall_seconds=86400)
    assert cfg.services == pyo2bias.config.ServicesConfig(
        backend="auto", modules=("PIPE", "ITS", "TPC", "TOF"), workers=2, timeout_seconds=600
    )
    assert cfg.generator == pyo2bias.config.GeneratorConfig("pythia8pp", {})
    assert cfg.step2 == pyo2bias.config.StepConfig(config_file=None, config_key_values={})
    assert cfg.trigger.logic == ""
    assert cfg.trigger.values == {}
    assert cfg.report_plots is True


# ------------------------------------------------------------------------- invalid configs

INVALID = [
    ("unknown-top-level", REQUIRED + "colour: red  #<", "colour",
     "unknown key 'colour'; allowed keys at the top level: output, target, seed"),
    ("unknown-nested", REQUIRED + "batch:\n  size: 30\n  sise: 30  #<", "batch.sise",
     "allowed keys of batch: size, initial, min, max (did you mean 'size'?)"),
    ("string-for-int", f'target: "20"  #<\n{STEP1}\n{TRIGGER}', "target",
     "expected an integer, found the string '20'"),
    ("target-zero", f"target: 0  #<\n{STEP1}\n{TRIGGER}", "target", "must be at least 1, found 0"),
    ("seed-zero", REQUIRED + "seed: 0  #<", "seed", "must be at least 1, found 0"),
    ("seed-too-large", REQUIRED + f"seed: {2**63}  #<", "seed",
     f"must be at most {2**63 - 1}"),
    ("workers-yes", REQUIRED + "services:\n  workers: yes  #<", "services.workers",
     "expected an integer, found the string 'yes'"),
    ("plots-yes", REQUIRED + "report:\n  plots: yes  #<", "report.plots",
     "expected true or false, found the string 'yes'"),
    ("plots-On", REQUIRED + "report: {plots: On}  #<", "report.plots",
     "expected true or false, found the string 'On'"),
    ("generator-off", REQUIRED + "generator:\n  name: off  #<", "generator.name",
     "must be one of pythia8pp, boxgen, extkinO2, found the string 'off'"),
    ("leading-zero", f"target: 010  #<\n{STEP1}\n{TRIGGER}", "target",
     "'010': numbers written with a leading zero (010, 0o7, 0x1F) are ambiguous"),
    ("negative-leading-zero", REQUIRED + "limits: {max_wall_seconds: -07}  #<",
     "limits.max_wall_seconds", "'-07': numbers written with a leading zero"),
    ("hex", REQUIRED + "services: {workers: 0x1F}  #<", "services.workers",
     "'0x1F': numbers written with a leading zero"),
    ("exponent-without-dot", REQUIRED + "limits:\n  max_trial_events: 1e6  #<",
     "limits.max_trial_events", "'1e6' is not a number in YAML 1.1 (write 1.0e6 or 1000000)"),
    ("non-integral-float", f"target: 2.5  #<\n{STEP1}\n{TRIGGER}", "target",
     "expected an integer, found the number 2.5"),
    ("bool-for-number", REQUIRED + "services: {timeout_seconds: true}  #<",
     "services.timeout_seconds", "expected a number, found the boolean true"),
    ("duplicate-key", REQUIRED + "seed: 3\ntarget: 30  #<", "target",
     "key 'target' is given twice (lines 1 and 5)"),
    ("null-value", REQUIRED + "batch:\n  min: ~  #<", "batch.min",
     "'min' is required to have a value, found null"),
    ("min-above-max", REQUIRED + "batch:\n  min: 500  #<\n  max: 100", "batch.min",
     "batch.min (500) is larger than batch.max (100)"),
    ("initial-below-min", REQUIRED + "batch:  #<\n  min: 100", "batch.initial",
     "batch.initial (50, the default) must lie between batch.min (100) and batch.max (2000)"),
    ("batch-size-word", REQUIRED + "batch: {size: adaptve}  #<", "batch.size",
     "expected an integer >= 1 or 'adaptive', found the string 'adaptve'"),
    ("two-kinds", f"{TARGET}\n{STEP1}\ntrigger:\n  definitions:\n    d:  #<\n"
     "      macro: '@M/trigger_pi0.macro'\n      expression: 'true'", "trigger.definitions.d",
     "exactly one of macro, cpp, expression, select; found macro and expression"),
    ("no-kind", f"{TARGET}\n{STEP1}\ntrigger:\n  definitions:\n    d:  #<\n      function: f",
     "trigger.definitions.d", "found none of them (found: function)"),
    ("key-of-other-kind", f"{TARGET}\n{STEP1}\ntrigger:\n  definitions:\n    d:\n"
     "      expression: 'true'\n      columns: [MCTrack]  #<", "trigger.definitions.d.columns",
     "allowed keys of trigger.definitions.d (an expression trigger): expression"),
    ("no-definitions", f"{TARGET}\n{STEP1}\ntrigger:\n  definitions: {{}}  #<",
     "trigger.definitions", "at least one), found an empty mapping"),
    ("unknown-trigger-in-logic", f"{TARGET}\n{STEP1}\n{TRIGGER[:-1]}, logic: d or e}}  #<",
     "trigger.logic", "unknown trigger 'e'; defined triggers: d"),
    ("logic-syntax", f"{TARGET}\n{STEP1}\n{TRIGGER[:-1]}, logic: d and}}  #<", "trigger.logic",
     "the expression ends where a trigger name is expected"),
    ("logic-unbalanced", f"{TARGET}\n{STEP1}\n{TRIGGER[:-1]}, logic: (d or d}}  #<",
     "trigger.logic", "a ')' is missing"),
    ("trigger-named-not", f"{TARGET}\n{STEP1}\ntrigger:\n  definitions:\n    not:  #<\n"
     "      expression: 'true'", "trigger.definitions.not", "is a keyword of trigger.logic"),
    ("trigger-named-1abc", f"{TARGET}\n{STEP1}\ntrigger:\n  definitions:\n    1abc:  #<\n"
     "      expression: 'true'", "trigger.definitions.1abc",
     "trigger name '1abc' is not a C++ identifier"),
    ("missing-target", f"{STEP1}\n{TRIGGER}", "target", "required key 'target' is missing"),
    ("missing-transport", f"{TARGET}\nstep1: {{config_key_values: {{}}}}  #<\n{TRIGGER}",
     "step1.transport", "required key 'transport' is missing"),
    ("missing-definitions", f"{TARGET}\n{STEP1}", "trigger.definitions",
     "required key 'definitions' is missing"),
    ("missing-trigger-macro", f"{TARGET}\n{STEP1}\ntrigger:\n  definitions:\n    d:\n"
     "      macro: '@M/nope.macro'  #<", "trigger.definitions.d.macro",
     "trigger macro '@M/nope.macro' not found"),
    ("transport-neither", f"{TARGET}\nstep1: {{transport: everything}}  #<\n{TRIGGER}",
     "step1.transport", "'everything' is neither one of all, none, barrel nor an existing macro"),
    ("function-with-keyword", f"{TARGET}\nstep1:\n  transport: all\n"
     "  transport_function: f  #<\n" + TRIGGER, "step1.transport_function",
     "only applies to a transport macro, not to transport: all"),
    ("cpp-without-function", f"{TARGET}\n{STEP1}\ntrigger:\n  definitions:\n    d:  #<\n"
     "      cpp: '@M/trigger_pi0.macro'", "trigger.definitions.d.function",
     "required key 'function' is missing"),
    ("backend-docker", REQUIRED + "services:\n  backend: docker  #<", "services.backend",
     "must be one of auto, o2, embedded, found the string 'docker'"),
    ("unknown-module", REQUIRED + "services:\n  modules: [ITS, its]  #<", "services.modules[1]",
     "unknown module 'its'"),
    ("key-without-dot", REQUIRED + "generator:\n  config_key_values:\n    width: 3  #<",
     "generator.config_key_values.width", "'width' is not an O2 parameter name (Group.key"),
    ("all-with-others", REQUIRED + "services: {modules: [all, ITS]}  #<", "services.modules[0]",
     "'all' stands for every module and must be given alone"),
    ("merge-key", REQUIRED + "base: &b {workers: 3}\nservices:\n  <<: *b  #<", "services",
     "YAML merge keys (<<) are not supported"),
    ("python-tag", REQUIRED + "seed: !!python/object:os.system x  #<", "seed",
     "unsupported YAML tag !!python/object:os.system"),
    ("explicit-int-tag", REQUIRED + "seed: !!int 010  #<", "seed", "'010' cannot be read as !!int"),
    ("recursive-alias", REQUIRED + "services: {modules: &m [*m]}  #<", "services.modules[0]",
     "recursive YAML alias"),
    ("syntax-error", REQUIRED + "seed: [1, 2\n", "", "YAML syntax error at line"),
    ("top-level-list", "- target: 20\n", "", "the top level must be a mapping"),
    ("empty-file", "# nothing here\n", "", "the file is empty"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "key", "fragment"), [c[1:] for c in INVALID],
                         ids=[c[0] for c in INVALID])  # fmt: skip
def test_invalid_config(tmp_path, text, key, fragment):
    path = write(tmp_path, text)
    with pytest.raises(RunConfigError) as info:
        load_config(path)
    err = info.value
    assert err.path == str(path)
    assert err.key == key
    assert fragment.replace("@M", str(MACROS)) in err.problem
    if key or marked_line(text):
        assert err.line == marked_line(text)


def test_syntax_error_names_line_and_column(tmp_path):
    path = write(tmp_path, REQUIRED + "seed: 3\n  target: 4\n")
    with pytest.raises(RunConfigError) as info:
        load_config(path)
    assert info.value.line == 5
    assert "YAML syntax error at line 5, column " in info.value.problem


def test_message_format(tmp_path):
    path = write(tmp_path, REQUIRED + "batch:\n  sise: 3\n")
    with pytest.raises(RunConfigError, match=r"run\.yaml:5: batch\.sise: unknown key 'sise'"):
        load_config(path)


def test_missing_file(tmp_path):
    with pytest.raises(O2FileNotFoundError, match="run configuration file not found"):
        load_config(tmp_path / "absent.yaml")


# ------------------------------------------------------------------------------ overrides


def test_overrides():
    cfg = load_config(
        SHIPPED,
        ["target=5", "batch.size=30", "services.modules=[ITS]",
         "step1.config_key_values.Diamond.width=0.5", "trigger.logic=not double_conversion"],
    )  # fmt: skip
    assert cfg.target == 5
    assert cfg.batch.size == 30
    assert cfg.services.modules == ("ITS",)
    assert cfg.step1.config_key_values == {"align-geom.mDetectors": "none", "Diamond.width": 0.5}
    assert cfg.trigger.logic == "not double_conversion"
    assert cfg.raw["target"] == 5
    assert cfg.raw["services"]["modules"] == ["ITS"]


def test_override_replaces_a_bad_value(tmp_path):
    path = write(tmp_path, f"target: 010\n{STEP1}\n{TRIGGER}\n")
    assert load_config(path, ["target=7"]).target == 7


BAD_OVERRIDES = [
    ("unknown-key", "batch.sise=3", "--set batch.sise=3", "batch.sise",
     "unknown key 'sise'; allowed keys of batch: size, initial, min, max (did you mean 'size'?)"),
    ("unknown-top", "colour=red", "--set colour=red", "colour", "unknown key 'colour'"),
    ("below-a-value", "target.x=1", "--set target.x=1", "target.x", "'target' is a value"),
    ("unknown-trigger-field", "trigger.definitions.d.macros=x",
     "--set trigger.definitions.d.macros=x", "trigger.definitions.d.macros",
     "unknown key 'macros'"),
    ("no-equals", "target", "--set", "target", "malformed override: expected key.path=value"),
    ("empty-key", "=5", "--set", "=5", "the key path before '=' is empty"),
    ("bad-value", "target=0", "--set target=0", "target", "must be at least 1, found 0"),
    ("leading-zero", "target=010", "--set target=010", "target", "leading zero"),
    ("yes-for-bool", "report.plots=yes", "--set report.plots=yes", "report.plots",
     "expected true or false, found the string 'yes'"),
    ("yaml-error", "services.modules=[ITS", "--set services.modules=[ITS", "services.modules",
     "YAML syntax error"),
]  # fmt: skip


@pytest.mark.parametrize(("override", "where", "key", "fragment"), [c[1:] for c in BAD_OVERRIDES],
                         ids=[c[0] for c in BAD_OVERRIDES])  # fmt: skip
def test_bad_override(override, where, key, fragment):
    with pytest.raises(RunConfigError) as info:
        load_config(SHIPPED, [override])
    assert (info.value.path, info.value.key) == (where, key)
    assert fragment in info.value.problem


# --------------------------------------------------------------- strict YAML, valid cases


def test_yes_stays_a_string_and_numbers_are_decimal(tmp_path):
    text = REQUIRED + (
        "limits: {max_trial_events: 1.0e6, max_wall_seconds: 1_000}\n"
        "generator:\n  config_key_values: {Foo.on: yes, Foo.n: 010, Foo.x: 1e3, Foo.b: TRUE}\n"
    )
    cfg = load_config(write(tmp_path, text))
    assert cfg.limits.max_trial_events == 1_000_000
    assert isinstance(cfg.limits.max_trial_events, int)
    assert cfg.limits.max_wall_seconds == 1000.0
    assert cfg.generator.config_key_values == {
        "Foo.on": "yes", "Foo.n": "010", "Foo.x": "1e3", "Foo.b": True,
    }  # fmt: skip


def test_paths_resolve_against_config_folder_then_cwd(tmp_path, monkeypatch):
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "t.macro").write_text("// transport\n")
    (tmp_path / "c.C").write_text("// cpp trigger\n")
    monkeypatch.chdir(tmp_path)
    text = (
        "target: 3\noutput: out/run1\nstep1: {transport: t.macro}\n"
        "trigger:\n  definitions:\n    t: {cpp: c.C, function: ns::f}\n"
    )
    cfg = load_config(write(tmp_path / "conf", text))
    assert cfg.output == tmp_path / "out" / "run1"
    assert cfg.step1.transport == str((tmp_path / "conf" / "t.macro").resolve())
    assert cfg.trigger.triggers == (
        TrackFunctionTrigger("t", (tmp_path / "c.C").resolve(), "ns::f", ("MCTrack",)),
    )


def test_all_trigger_kinds_and_logic(tmp_path):
    text = f"""{TARGET}
{STEP1}
services: {{modules: PIPE ITS TPC}}
trigger:
  logic: "not (a or b) and c or d"
  definitions:
    a: {{macro: '@M/trigger_pi0.macro', function: trigger_pi0(3)}}
    b: {{cpp: '@M/trigger_pi0.macro', function: f, columns: [MCTrack, ITS.ITSHit]}}
    c: {{expression: "Sum(MCTrack.mPdgCode == 111) > 2"}}
    d: {{select: {{pdg: 111, eta: [-1, 1]}}}}
  values: {{n_pi0: "Sum(MCTrack.mPdgCode == 111)"}}
"""
    cfg = load_config(write(tmp_path, text))
    macro = MACROS.resolve() / "trigger_pi0.macro"
    assert cfg.services.modules == ("PIPE", "ITS", "TPC")
    assert cfg.trigger.triggers == (
        MacroTrigger("a", macro, "trigger_pi0(3)"),
        TrackFunctionTrigger("b", macro, "f", ("MCTrack", "ITS.ITSHit")),
        ExpressionTrigger("c", "Sum(MCTrack.mPdgCode == 111) > 2"),
        SelectionTrigger("d", {"pdg": 111, "eta": [-1, 1]}),
    )
    assert cfg.trigger.logic == "not (a or b) and c or d"
    assert cfg.trigger.values == {"n_pi0": "Sum(MCTrack.mPdgCode == 111)"}


def test_value_names_may_be_logic_words():
    trigger = {"definitions": {"d": {"expression": "true"}}, "values": {"and": "1"}}
    data = {"target": 1, "step1": {"transport": "none"}, "trigger": trigger}
    assert config_from_dict(data).trigger.values == {"and": "1"}


def test_config_from_dict_errors_have_no_line():
    data = {"target": 0, "step1": {"transport": "all"}, "trigger": {"definitions": {}}}
    with pytest.raises(RunConfigError) as info:
        config_from_dict(data)
    assert (info.value.path, info.value.key, info.value.line) == ("<dict>", "target", None)


def test_public_surface_and_no_root():
    assert pyo2bias.config.__all__ == [
        "BatchConfig", "GeneratorConfig", "Limits", "RunConfig", "ServicesConfig", "StepConfig",
        "config_from_dict", "load_config",
    ]  # fmt: skip
    code = "import sys, pyo2bias.config; print('ROOT' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
