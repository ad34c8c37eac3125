"""Compile C++ through ACLiC once, into a cache keyed by content and ROOT version.

A library is built in ``<cache>/lib/<name>-<key>/`` under an exclusive file lock, so that
concurrent processes (service workers, parallel tests) build it once and the others wait and
reuse it. A ``COMPLETE`` marker is written last: a build interrupted half-way is redone.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import logging
import os
import re
import shutil
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyo2bias.rootenv.root import import_root, root_version

__all__ = ["CompiledLibrary", "CompilerMessage", "build_counts", "cache_dir", "compile_cached",
           "file_lock"]

log = logging.getLogger(__name__)

_COMPLETE = "COMPLETE"
_LAYOUT = "cache-layout-2"  # bump when the cache's file layout changes
_process_lock = threading.RLock()
_loaded: dict[str, Path] = {}
_builds: dict[str, int] = {}  # library name -> ACLiC compilations in this process
_include_dirs: list[str] = []
_MESSAGE = re.compile(
    r"^(?P<file>[^\s:][^:]*):(?P<line>\d+):(?:(?P<col>\d+):)?\s*"
    r"(?P<kind>fatal error|error|warning):"
    r"\s*(?P<text>.*)$"
)


def build_counts() -> dict[str, int]:
    """How often each library was compiled by this process (cache hits do not count)."""
    return dict(_builds)


def cache_dir() -> Path:
    """Root of pyo2bias's cache: ``$PYO2BIAS_CACHE_DIR``, else ``$XDG_CACHE_HOME/pyo2bias``."""
    explicit = os.environ.get("PYO2BIAS_CACHE_DIR")
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "pyo2bias"


@dataclass(frozen=True)
class CompiledLibrary:
    """A loaded ACLiC library and how it was obtained."""

    name: str
    key: str
    directory: Path
    library: Path
    built: bool  # True when this call compiled it, False when it came from the cache
    seconds: float  # time spent compiling or loading


@dataclass(frozen=True)
class CompilerMessage:
    """One compiler diagnostic, already mapped back to the user's file and line."""

    file: str
    line: int
    column: int | None
    kind: str
    text: str

    def __str__(self) -> str:
        col = f":{self.column}" if self.column is not None else ""
        return f"{self.file}:{self.line}{col}: {self.kind}: {self.text}"


def add_include_dir(path: Path | str) -> None:
    """Make headers under ``path`` visible to ACLiC compilations and to the interpreter."""
    ROOT = import_root()
    path = str(path)
    with _process_lock:
        if path in _include_dirs:
            return
        _include_dirs.append(path)
        ROOT.gSystem.AddIncludePath(f'-I"{path}"')
        ROOT.gInterpreter.AddIncludePath(path)


def content_key(*parts: str) -> str:
    """A short hash of the given strings and of the ROOT version."""
    h = hashlib.sha256()
    for part in (_LAYOUT, root_version(), *parts):
        h.update(part.encode())
        h.update(b"\0")
    return h.hexdigest()[:16]


@contextlib.contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """An exclusive lock on ``path`` (created) across processes, e.g. for one build of a
    cached library while other processes wait."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


@contextlib.contextmanager
def _capture_stderr(log_path: Path) -> Iterator[None]:
    """Send what ROOT and the compiler write to fd 1 and 2 into ``log_path``."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    with open(log_path, "wb") as out:
        os.dup2(out.fileno(), 1)
        os.dup2(out.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])


def parse_compiler_messages(
    log_text: str,
    *,
    source: Path,
    origin: str | None = None,
    line_offset: int = 0,
    generated_after: int | None = None,
    generated_label: str = "<generated>",
) -> list[CompilerMessage]:
    """Errors (and fatal errors) from a compiler log, with the generated wrapper's file and
    line numbers mapped back to ``origin`` (the user's file). Lines past ``generated_after``
    belong to code pyo2bias appended and are reported as ``generated_label``."""
    found: list[CompilerMessage] = []
    for raw in log_text.splitlines():
        m = _MESSAGE.match(raw.strip())
        if not m or m["kind"] == "warning":
            continue
        file, line = m["file"], int(m["line"])
        if origin is not None and Path(file).name == source.name:
            if generated_after is not None and line > generated_after:
                file, line = generated_label, line - generated_after
            else:
                file, line = origin, line - line_offset
        col = int(m["col"]) if m["col"] else None
        found.append(CompilerMessage(file, line, col, m["kind"], m["text"]))
    return found


def compile_cached(
    name: str,
    source_text: str,
    *,
    key_parts: Sequence[str] = (),
    origin: str | None = None,
    line_offset: int = 0,
    error: type[Exception] | None = None,
    generated_after: int | None = None,
    generated_label: str = "<generated>",
) -> CompiledLibrary:
    """Compile ``source_text`` as ``<name>.cxx`` with ACLiC unless the cache has it; load it.

    ``key_parts`` are hashed into the key besides the source (e.g. the headers it includes).
    ``origin``/``line_offset`` map compiler messages of a generated wrapper back to the user's
    file. On failure ``error(origin or source, log_path, messages)`` is raised.
    """
    from pyo2bias.exceptions import DictionaryBuildError

    ROOT = import_root()
    key = content_key(name, source_text, *key_parts)
    directory = cache_dir() / "lib" / f"{name}-{key}"
    # the key in the file name too: ACLiC confuses two libraries of one base name in a process
    library = directory / f"lib{name}_{key}.so"
    start = time.perf_counter()
    with _process_lock:
        if key in _loaded:
            return CompiledLibrary(name, key, directory, library, False, 0.0)
        with file_lock(directory.with_name(directory.name + ".lock")):
            mapping = {
                "origin": origin,
                "line_offset": line_offset,
                "generated_after": generated_after,
                "generated_label": generated_label,
            }
            built = not ((directory / _COMPLETE).exists() and library.exists())
            if not built and ROOT.gSystem.Load(str(library)) < 0:
                log.warning("cached %s does not load: rebuilding it", library)
                built = True  # a damaged cache entry heals itself once
            if built:
                _builds[name] = _builds.get(name, 0) + 1
                _build(ROOT, name, source_text, directory, library, mapping,
                       error or DictionaryBuildError)  # fmt: skip
        _loaded[key] = library
    seconds = time.perf_counter() - start
    log.debug("%s %s in %.2f s", "built" if built else "loaded", library, seconds)
    return CompiledLibrary(name, key, directory, library, built, seconds)


def _build(
    ROOT: object,
    name: str,
    source_text: str,
    directory: Path,
    library: Path,
    mapping: dict[str, Any],
    error: type[Exception],
) -> None:
    if directory.exists():
        shutil.rmtree(directory)  # an earlier build died half-way
    directory.mkdir(parents=True)
    source = directory / f"{library.stem.removeprefix('lib')}.cxx"
    source.write_text(source_text)
    log_path = directory / "build.log"
    origin = mapping["origin"]
    log.info("compiling %s with ACLiC (once; cached in %s)", origin or name, directory)
    with _capture_stderr(log_path):
        ok = ROOT.gSystem.CompileMacro(str(source), "kO", str(library.with_suffix("")), "")
    text = log_path.read_text(errors="replace")
    if not ok or not library.exists():
        # keep the log outside the directory that the next attempt wipes (one per library)
        kept = directory.parent / "failed" / f"{directory.name}.log"
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.write_text(text)
        messages = parse_compiler_messages(text, source=source, **mapping)
        shutil.rmtree(directory, ignore_errors=True)
        raise error(origin or str(source), str(kept), [str(m) for m in messages])
    (directory / _COMPLETE).write_text(f"{time.time()}\n")
