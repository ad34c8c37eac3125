"""Parse o2-sim command lines: the startup options and the per-batch reconfiguration command.

Mirrors o2-sim's rules (reference section 3): a batch command accepts only the reconfiguration
options; anything else, or a positional token, is a parse error (reply 2). ``--stop`` and
``--asservice`` are booleans that need a value (``--stop 1``).
"""

from __future__ import annotations

import argparse
import shlex
from dataclasses import dataclass, field

from pyo2bias.exceptions import CommandParseError

__all__ = ["BatchCommand", "StartupOptions", "parse_batch", "parse_startup"]

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def boost_bool(text: str) -> bool:
    value = text.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    msg = f"not a boolean: {text!r} (use 1/0, true/false)"
    raise argparse.ArgumentTypeError(msg)


def int64(text: str) -> int:
    value = int(text, 0)
    if not -(2**63) <= value < 2**64:
        msg = f"{text!r} does not fit in 64 bits"
        raise argparse.ArgumentTypeError(msg)
    return value


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise CommandParseError(message)


def _add_common(p: argparse.ArgumentParser, *, generator_default: str) -> None:
    p.add_argument("-n", "--nEvents", dest="n_events", type=int, default=0)
    p.add_argument("-g", "--generator", dest="generator", default=generator_default)
    p.add_argument("-t", "--trigger", dest="trigger", default="")
    p.add_argument("--extKinFile", dest="ext_kin_file", default="Kinematics.root")
    p.add_argument("-o", "--outPrefix", dest="out_prefix", default="o2sim")
    p.add_argument("--configKeyValues", dest="config_key_values", default="")
    p.add_argument("--configFile", dest="config_file", default="")
    p.add_argument("--seed", dest="seed", type=int64, default=0)
    p.add_argument("--chunkSize", dest="chunk_size", type=int, default=500)
    p.add_argument("--startEvent", dest="start_event", type=int, default=0)
    p.add_argument("--embedIntoFile", dest="embed_into_file", default="")
    p.add_argument("-b", "--bMax", dest="b_max", type=float, default=0.0)


@dataclass(frozen=True)
class BatchCommand:
    """One batch request (what a client sends to the control socket)."""

    n_events: int = 0
    generator: str = "boxgen"
    trigger: str = ""
    ext_kin_file: str = "Kinematics.root"
    out_prefix: str = "o2sim"
    out_dir: str | None = None
    config_key_values: str = ""
    config_file: str = ""
    seed: int = 0
    chunk_size: int = 500
    start_event: int = 0
    embed_into_file: str = ""
    b_max: float = 0.0
    stop: bool = False
    text: str = ""


@dataclass(frozen=True)
class StartupOptions:
    """o2-sim's startup options that the embedded service models."""

    workers: int = 1
    n_events: int = 0
    generator: str = "boxgen"
    modules: tuple[str, ...] = ("all",)
    out_prefix: str = "o2sim"
    engine: str = "TGeant4"
    config_file: str = ""
    config_key_values: str = ""
    ext_kin_file: str = "Kinematics.root"
    seed: int = 0
    trigger: str = ""
    asservice: bool = False
    chunk_size: int = 500
    extra: dict[str, str] = field(default_factory=dict)

    def first_batch(self) -> BatchCommand:
        """The batch o2-sim runs at startup when ``-n`` > 0."""
        return BatchCommand(
            n_events=self.n_events, generator=self.generator, trigger=self.trigger,
            ext_kin_file=self.ext_kin_file, out_prefix=self.out_prefix,
            config_key_values=self.config_key_values, config_file=self.config_file,
            seed=self.seed, chunk_size=self.chunk_size,
        )  # fmt: skip


def _tokens(text: str | list[str]) -> list[str]:
    if isinstance(text, str):
        try:
            return shlex.split(text)
        except ValueError as exc:
            msg = f"cannot split command {text!r}: {exc}"
            raise CommandParseError(msg) from exc
    return list(text)


def parse_batch(text: str) -> BatchCommand:
    """Parse a control request; raises :class:`CommandParseError` (reply 2) when invalid."""
    p = _Parser(prog="batch", add_help=False, allow_abbrev=False)
    _add_common(p, generator_default="boxgen")
    p.add_argument("-d", "--outDir", dest="out_dir", default=None)
    p.add_argument("--stop", dest="stop", type=boost_bool, default=False)
    args = p.parse_args(_tokens(text))
    if args.n_events < 0:
        msg = f"-n must be >= 0, got {args.n_events}"
        raise CommandParseError(msg)
    return BatchCommand(**vars(args), text=text)


def parse_startup(argv: list[str]) -> StartupOptions:
    """Parse o2-sim's startup command line (for ``python -m pyo2bias.simservice``)."""
    about = "pyo2bias's embedded O2 simulation service (o2-sim compatible)."
    p = _Parser(prog="pyo2bias-sim", add_help=True, allow_abbrev=False, description=about)
    _add_common(p, generator_default="boxgen")
    p.add_argument("-j", "--nworkers", dest="workers", type=int, default=1)
    p.add_argument("-m", "--modules", dest="modules", nargs="+", default=["all"])
    p.add_argument("-e", "--mcEngine", dest="engine", default="TGeant4")
    p.add_argument("--asservice", dest="asservice", type=boost_bool, default=False)
    args = p.parse_args(argv)
    if args.workers < 1:
        msg = f"-j must be >= 1, got {args.workers}"
        raise CommandParseError(msg)
    values = vars(args)
    for ignored in ("start_event", "embed_into_file", "b_max"):
        values.pop(ignored)
    values["modules"] = tuple(values["modules"])
    return StartupOptions(**values)
