"""Strict YAML for run configurations: plain data plus the line of every key.

PyYAML's default (YAML 1.1) resolver silently turns ``yes``/``no``/``on``/``off`` into booleans,
``010`` into the octal 8 and ``1e6`` into a string, and keeps the last of two equal keys. Here
only ``true``/``false`` are booleans, only decimal numbers are numbers (floats need a dot), a
key given twice is an error, and the original text of every plain scalar that stayed a string is
kept, so that the schema can say why ``010`` or ``1e6`` is not the number it looks like.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pyo2bias.exceptions import O2FileNotFoundError, RunConfigError

__all__ = [
    "LoadedYaml",
    "StrictLoader",
    "describe",
    "join_path",
    "load_yaml_file",
    "load_yaml_text",
    "number_text_problem",
    "parse_value",
]

_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"

_DIGITS = r"[0-9](?:_?[0-9])*"
_PATTERNS: dict[str, re.Pattern[str]] = {
    _NULL: re.compile(r"^(?:~|[nN][uU][lL][lL]|)$"),
    _BOOL: re.compile(r"^(?:[tT][rR][uU][eE]|[fF][aA][lL][sS][eE])$"),
    _INT: re.compile(r"^[-+]?(?:0|[1-9](?:_?[0-9])*)$"),
    _FLOAT: re.compile(
        rf"^[-+]?(?:(?:0|[1-9](?:_?[0-9])*)\.(?:{_DIGITS})?|\.{_DIGITS})(?:[eE][-+]?[0-9]+)?$"
    ),
}
_FIRST_CHARS = {
    _NULL: ["~", "n", "N", ""],
    _BOOL: list("tTfF"),
    _INT: list("-+0123456789"),
    _FLOAT: list("-+0123456789."),
}

_LEADING_ZERO = re.compile(
    r"^[-+]?0(?:[0-9_]+(?:\.[0-9_]*)?|[oO][0-7_]+|[xX][0-9a-fA-F_]+|[bB][01_]+)$"
)
_EXPONENT_NO_DOT = re.compile(r"^([-+]?[0-9][0-9_]*)[eE]([-+]?[0-9]+)$")


class StrictLoader(yaml.SafeLoader):
    """SafeLoader whose implicit types are null, true/false, decimal int and dotted float only.

    Everything else a plain scalar can look like (yes/no/on/off, 010, 0x1F, 1e6, timestamps,
    ``<<`` merge keys) stays a string, for the schema to accept or to explain.
    """

    yaml_implicit_resolvers: dict[str | None, list[tuple[str, re.Pattern[str]]]] = {}


for _tag, _pattern in _PATTERNS.items():
    StrictLoader.add_implicit_resolver(_tag, _pattern, _FIRST_CHARS[_tag])


@dataclass(frozen=True)
class LoadedYaml:
    """A YAML document as plain data, with where each part came from.

    ``lines`` maps a key path (``batch.size``, ``services.modules[1]``) to the 1-based line of
    the key (or list item); ``plain`` maps a key path to the original text of a plain (unquoted)
    scalar that stayed a string, e.g. ``010`` or ``1e6``.
    """

    data: Any
    source: str
    lines: dict[str, int] = field(default_factory=dict)
    plain: dict[str, str] = field(default_factory=dict)


def join_path(parent: str, key: str | int) -> str:
    """The key path of ``key`` below ``parent``: ``a.b`` for mapping keys, ``a[0]`` for items."""
    if isinstance(key, int):
        return f"{parent}[{key}]"
    return f"{parent}.{key}" if parent else key


def describe(value: Any) -> str:
    """How a wrong value is named in a message: ``the string 'yes'``, ``the integer 5``..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int):
        return f"the integer {value}"
    if isinstance(value, float):
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"the string {value!r}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    return f"a {type(value).__name__}"


def number_text_problem(text: str) -> str | None:
    """Why a plain scalar that looks like a number is not read as one, or None."""
    if _LEADING_ZERO.match(text):
        return (
            f"'{text}': numbers written with a leading zero (010, 0o7, 0x1F) are ambiguous "
            "(YAML 1.1 reads 010 as the octal 8, YAML 1.2 as 10); write the plain decimal number"
        )
    match = _EXPONENT_NO_DOT.match(text)
    if match:
        mantissa, exponent = match.group(1).replace("_", ""), int(match.group(2))
        spelled = f"{mantissa}.0e{match.group(2)}"
        if 0 <= exponent <= 18:
            spelled += f" or {int(mantissa) * 10**exponent}"
        return f"'{text}' is not a number in YAML 1.1 (write {spelled})"
    return None


def _short(tag: str) -> str:
    """``tag:yaml.org,2002:int`` as it is written, ``!!int``."""
    return tag.replace("tag:yaml.org,2002:", "!!", 1)


class _Builder:
    """Turns a composed node tree into plain data, recording lines and plain texts."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.lines: dict[str, int] = {}
        self.plain: dict[str, str] = {}
        self._active: set[int] = set()

    def error(self, path: str, problem: str, node: yaml.Node) -> RunConfigError:
        return RunConfigError(self.source, path, problem, line=node.start_mark.line + 1)

    def build(self, node: yaml.Node, path: str) -> Any:
        if id(node) in self._active:
            raise self.error(path, "recursive YAML alias (a value that contains itself)", node)
        self._active.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, path)
            if isinstance(node, yaml.SequenceNode):
                return self._sequence(node, path)
            return self._scalar(node, path)
        finally:
            self._active.discard(id(node))

    def _mapping(self, node: yaml.MappingNode, path: str) -> dict[str, Any]:
        if node.tag != _MAP:
            raise self.error(
                path, f"unsupported YAML tag {_short(node.tag)} (use a plain mapping)", node
            )
        out: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = self._key(key_node, path)
            line = key_node.start_mark.line + 1
            child = join_path(path, key)
            if key in seen:
                problem = f"key '{key}' is given twice (lines {seen[key]} and {line})"
                raise RunConfigError(self.source, child, problem, line=line)
            seen[key] = line
            self.lines[child] = line
            out[key] = self.build(value_node, child)
        return out

    def _key(self, node: yaml.Node, path: str) -> str:
        if not isinstance(node, yaml.ScalarNode):
            raise self.error(path, "a key must be a plain string, not a list or mapping", node)
        key = self._scalar(node, path, record=False)
        if key == "<<" and node.style is None:
            problem = "YAML merge keys (<<) are not supported; write the keys out"
            raise self.error(path, problem, node)
        if not isinstance(key, str):
            raise self.error(path, f"a key must be a string, found {describe(key)}", node)
        return key

    def _sequence(self, node: yaml.SequenceNode, path: str) -> list[Any]:
        if node.tag != _SEQ:
            raise self.error(
                path, f"unsupported YAML tag {_short(node.tag)} (use a plain list)", node
            )
        out = []
        for index, item in enumerate(node.value):
            child = join_path(path, index)
            self.lines[child] = item.start_mark.line + 1
            out.append(self.build(item, child))
        return out

    def _scalar(self, node: yaml.ScalarNode, path: str, *, record: bool = True) -> Any:
        text = node.value
        if node.tag == _STR:
            if record and node.style is None:
                self.plain[path] = text
            return text
        pattern = _PATTERNS.get(node.tag)
        if pattern is None:
            raise self.error(path, f"unsupported YAML tag {_short(node.tag)}", node)
        if not pattern.match(text):
            raise self.error(path, f"'{text}' cannot be read as {_short(node.tag)}", node)
        if node.tag == _NULL:
            return None
        if node.tag == _BOOL:
            return text.lower() == "true"
        if node.tag == _INT:
            return int(text.replace("_", ""))
        return float(text.replace("_", ""))


def _compose(text: str, source: str, key: str = "", *, lines: bool = True) -> yaml.Node | None:
    """Compose one document; a YAML error becomes a RunConfigError with line and column."""
    try:
        return yaml.compose(text, Loader=StrictLoader)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, source, key, lines=lines) from None
    except yaml.YAMLError as exc:
        raise RunConfigError(source, key, f"not readable as YAML: {exc}") from None


def _syntax_error(
    exc: yaml.MarkedYAMLError, source: str, key: str, *, lines: bool
) -> RunConfigError:
    mark, context = exc.problem_mark or exc.context_mark, exc.context
    if context and exc.context_mark is not None and exc.context_mark is not mark:
        context += f" (from line {exc.context_mark.line + 1})" if lines else ""
    problem = ", ".join(p for p in (context, exc.problem) if p) or "invalid YAML"
    if mark is None:
        return RunConfigError(source, key, f"YAML syntax error: {problem}")
    if not lines:
        return RunConfigError(
            source, key, f"YAML syntax error at column {mark.column + 1}: {problem}"
        )
    where = f"YAML syntax error at line {mark.line + 1}, column {mark.column + 1}"
    return RunConfigError(source, key, f"{where}: {problem}", line=mark.line + 1)


def load_yaml_text(text: str, source: str = "<string>") -> LoadedYaml:
    """Parse one YAML document strictly; an empty document is an error."""
    node = _compose(text, source)
    if node is None:
        raise RunConfigError(source, "", "the file is empty (no YAML document); expected a mapping")
    builder = _Builder(source)
    data = builder.build(node, "")
    return LoadedYaml(data=data, source=source, lines=builder.lines, plain=builder.plain)


def load_yaml_file(path: str | Path) -> LoadedYaml:
    """Read and parse a YAML file strictly; a missing file is :class:`O2FileNotFoundError`."""
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise O2FileNotFoundError(source, "run configuration file not found") from None
    except IsADirectoryError:
        raise RunConfigError(source, "", "is a directory, not a YAML file") from None
    except UnicodeDecodeError as exc:
        raise RunConfigError(source, "", f"not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise RunConfigError(source, "", f"cannot be read: {exc.strerror or exc}") from None
    return load_yaml_text(text, source)


def parse_value(text: str, source: str, key: str) -> LoadedYaml:
    """Parse the value of a ``--set key=value`` as one YAML scalar or flow value.

    Paths in the result start at ``key``; an empty text is null, as ``key:`` would be in a file.
    Lines are not kept: they would be lines of the command-line text.
    """
    node = _compose(text, source, key, lines=False)
    if node is None:
        return LoadedYaml(data=None, source=source)
    if isinstance(node, yaml.MappingNode | yaml.SequenceNode) and not node.flow_style:
        problem = "expected one YAML scalar or flow value ([a, b] or {k: v})"
        raise RunConfigError(source, key, problem)
    builder = _Builder(source)
    data = builder.build(node, key)
    return LoadedYaml(data=data, source=source, plain=builder.plain)
