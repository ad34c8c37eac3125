"""Every error pyo2bias raises, in one place.

Each message names what went wrong and where (file, key, branch, line), and, when there is one,
what to do about it. All classes derive from :class:`PyO2BiasError` and from the builtin
exception a caller would naturally catch (``FileNotFoundError``, ``ImportError``...).
"""

from __future__ import annotations

__all__ = [
    "CommandParseError",
    "CommandRejected",
    "ConfigurationError",
    "DictionaryBuildError",
    "LoopError",
    "MacroCompileError",
    "NotAnO2FileError",
    "O2EnvironmentError",
    "O2FileCorruptError",
    "O2FileError",
    "O2FileNotFoundError",
    "PyO2BiasError",
    "RootNotAvailableError",
    "RunConfigError",
    "ServiceBusy",
    "ServiceDied",
    "ServiceError",
    "ServiceTimeout",
    "TriggerError",
]


class PyO2BiasError(Exception):
    """Base class of all pyo2bias errors."""


class RootNotAvailableError(PyO2BiasError, ImportError):
    """PyROOT cannot be imported."""

    def __init__(self, cause: BaseException) -> None:
        msg = (
            f"PyROOT cannot be imported ({cause}). Outside an O2 environment install the "
            "standalone extra: pip install 'pyo2bias[standalone]'. Inside O2, enter the O2 "
            "environment first (e.g. alienv enter O2/latest)."
        )
        super().__init__(msg)


class O2EnvironmentError(PyO2BiasError, RuntimeError):
    """O2's own libraries were requested but cannot be loaded."""


class DictionaryBuildError(PyO2BiasError, RuntimeError):
    """Compiling the data-model dictionary through ACLiC failed."""

    def __init__(self, source: str, log_path: str, messages: list[str]) -> None:
        self.source = source
        self.log_path = log_path
        self.messages = messages
        shown = "\n".join(messages[:20]) or "(no compiler message captured)"
        msg = f"ACLiC could not build {source}; full log in {log_path}:\n{shown}"
        super().__init__(msg)


class MacroCompileError(PyO2BiasError, RuntimeError):
    """A user macro does not compile; carries the compiler's messages with file and line."""

    def __init__(self, path: str, log_path: str, messages: list[str]) -> None:
        self.path = path
        self.log_path = log_path
        self.messages = messages
        shown = "\n".join(messages[:20]) or "(no compiler message captured)"
        msg = f"macro {path} does not compile (full log: {log_path}):\n{shown}"
        super().__init__(msg)


class O2FileError(PyO2BiasError, OSError):
    """A simulation file cannot be used; the message names the file."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


class O2FileNotFoundError(O2FileError, FileNotFoundError):
    """An expected simulation file does not exist."""


class O2FileCorruptError(O2FileError):
    """The file is not a readable ROOT file, or was truncated (never closed properly)."""


class NotAnO2FileError(O2FileError, KeyError):
    """A readable ROOT file without the tree or branches of O2 simulation output."""


class CommandParseError(PyO2BiasError, ValueError):
    """A simulation command line (startup or batch) is invalid; a service replies 2."""


class ConfigurationError(PyO2BiasError, ValueError):
    """An O2 configuration (INI file or key=value string) is invalid; names the key."""


class ServiceError(PyO2BiasError, RuntimeError):
    """A simulation service misbehaved; the message names the service (pid) and the command."""


class ServiceBusy(ServiceError):
    """The service replied 1: a batch is running; the command was dropped, not queued."""


class CommandRejected(ServiceError):
    """The service replied 2: the command cannot be parsed or cannot run."""


class ServiceTimeout(ServiceError, TimeoutError):
    """No reply, readiness or DONE within the allowed time."""


class ServiceDied(ServiceError):
    """A process of the service tree died (or the service published FAILURE)."""


class RunConfigError(PyO2BiasError, ValueError):
    """A pyo2bias YAML run configuration is invalid; names the file, key path and line."""

    def __init__(self, path: str, key: str, problem: str, line: int | None = None) -> None:
        self.path = str(path)
        self.key = key
        self.problem = problem
        self.line = line
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {key or '<top level>'}: {problem}")


class TriggerError(PyO2BiasError, RuntimeError):
    """A trigger cannot be set up or evaluated; names the trigger and, if any, the batch."""


class LoopError(PyO2BiasError, RuntimeError):
    """The biasing loop cannot go on (limits reached, inconsistent checkpoint...)."""
