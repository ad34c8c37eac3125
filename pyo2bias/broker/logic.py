"""Combine named triggers with ``and``/``or``/``not`` (O2 itself can only OR them).

The expression is parsed here, once, and turned into a C++ boolean expression over the
triggers' columns, so that a typo is reported at set-up with its position, never mid-run.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from pyo2bias.exceptions import TriggerError

__all__ = ["names_in", "to_cpp"]

_TOKEN = re.compile(r"\s*(?:(?P<paren>[()])|(?P<word>[A-Za-z_]\w*)|(?P<bad>\S))")
_KEYWORDS = {"and", "or", "not"}


def _tokens(text: str) -> list[tuple[str, int]]:
    out = []
    for m in _TOKEN.finditer(text):
        if m["bad"]:
            msg = f"trigger logic {text!r}: unexpected {m['bad']!r} at column {m.start('bad') + 1}"
            raise TriggerError(msg)
        tok = m["paren"] or m["word"]
        if tok:
            out.append((tok, m.start() + 1))
    return out


class _Parser:
    """Recursive descent: or_expr := and_expr ('or' and_expr)*; and_expr := unary ('and' unary)*;
    unary := 'not' unary | NAME | '(' or_expr ')'."""

    def __init__(self, text: str, known: set[str], column: Callable[[str], str]) -> None:
        self.text, self.known, self.column = text, known, column
        self.toks = _tokens(text)
        self.pos = 0

    def fail(self, what: str) -> TriggerError:
        where = self.toks[self.pos][1] if self.pos < len(self.toks) else len(self.text) + 1
        return TriggerError(f"trigger logic {self.text!r}: {what} at column {where}")

    def peek(self) -> str | None:
        return self.toks[self.pos][0] if self.pos < len(self.toks) else None

    def take(self) -> str:
        tok = self.toks[self.pos][0]
        self.pos += 1
        return tok

    def parse(self) -> str:
        if not self.toks:
            msg = "empty expression"
            raise self.fail(msg)
        out = self.or_expr()
        if self.peek() is not None:
            msg = f"unexpected {self.peek()!r}"
            raise self.fail(msg)
        return out

    def or_expr(self) -> str:
        parts = [self.and_expr()]
        while self.peek() == "or":
            self.take()
            parts.append(self.and_expr())
        return parts[0] if len(parts) == 1 else "(" + " || ".join(parts) + ")"

    def and_expr(self) -> str:
        parts = [self.unary()]
        while self.peek() == "and":
            self.take()
            parts.append(self.unary())
        return parts[0] if len(parts) == 1 else "(" + " && ".join(parts) + ")"

    def unary(self) -> str:
        tok = self.peek()
        if tok is None:
            msg = "expression ends early"
            raise self.fail(msg)
        if tok == "not":
            self.take()
            return f"!{self.unary()}"
        if tok == "(":
            self.take()
            inner = self.or_expr()
            if self.peek() != ")":
                msg = "missing ')'"
                raise self.fail(msg)
            self.take()
            return inner
        if tok in _KEYWORDS or tok == ")":
            msg = f"unexpected {tok!r}"
            raise self.fail(msg)
        if tok not in self.known:
            known = ", ".join(sorted(self.known))
            msg = f"unknown trigger {tok!r} (defined: {known})"
            raise self.fail(msg)
        self.take()
        return self.column(tok)


def to_cpp(logic: str, names: Iterable[str], column: Callable[[str], str]) -> str:
    """C++ for ``logic`` with each trigger name replaced by ``column(name)``; an empty
    ``logic`` is the OR of all ``names``."""
    names = list(names)
    if not logic.strip():
        logic = " or ".join(names)
    return _Parser(logic, set(names), column).parse()


def names_in(logic: str) -> set[str]:
    """The trigger names an expression uses (for validation before anything is compiled)."""
    return {tok for tok, _ in _tokens(logic) if tok not in _KEYWORDS and tok not in "()"}
