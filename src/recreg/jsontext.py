"""JSON text as ``json.dumps(value, indent=2, ensure_ascii=False)`` writes it, several times faster.

With an indent, the standard library leaves its C encoder for a pure-Python one built of
nested generators: a 20,000-recommendation diff took longer to write than to read. This
writes the same characters (tests/test_jsontext.py holds it to ``json.dumps``) by plain
recursion, with the standard library's own C function for strings.
"""

from __future__ import annotations

import json.encoder
from typing import Any

_STRING = json.encoder.encode_basestring  # the C version where the interpreter has it; keeps non-ASCII
_FLOAT = float.__repr__
_INT = int.__repr__


def dumps(value: Any) -> str:
    """Return `value` as indented JSON, exactly as ``json.dumps(value, indent=2, ensure_ascii=False)`` does.

    Raises:
        TypeError: a value JSON cannot hold (as ``json.dumps`` raises).
        ValueError: a circular reference (as ``json.dumps`` raises).
    """
    parts: list[str] = []
    _write(value, parts, "\n", set())
    return "".join(parts)


def _write(value: Any, parts: list[str], newline: str, seen: set[int]) -> None:
    """Append `value`'s text to `parts`; `newline` is a line break and the indent of the value's own line."""
    if isinstance(value, str):
        parts.append(_STRING(value))
    elif value is None:
        parts.append("null")
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif isinstance(value, int):
        parts.append(_INT(value))
    elif isinstance(value, float):
        parts.append(_number(value))
    elif isinstance(value, (list, tuple)):
        if not value:
            parts.append("[]")
            return
        inner = newline + "  "
        _enter(value, seen)
        parts.append("[")
        for k, item in enumerate(value):
            parts.append(inner if k == 0 else "," + inner)
            _write(item, parts, inner, seen)
        parts.append(newline + "]")
        seen.discard(id(value))
    elif isinstance(value, dict):
        if not value:
            parts.append("{}")
            return
        inner = newline + "  "
        _enter(value, seen)
        parts.append("{")
        for k, (key, item) in enumerate(value.items()):
            parts.append(inner if k == 0 else "," + inner)
            parts.append(_STRING(_key(key)))
            parts.append(": ")
            _write(item, parts, inner, seen)
        parts.append(newline + "}")
        seen.discard(id(value))
    else:
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _enter(container: Any, seen: set[int]) -> None:
    if id(container) in seen:
        raise ValueError("Circular reference detected")
    seen.add(id(container))


def _number(value: float) -> str:
    if value != value:
        return "NaN"
    if value == float("inf"):
        return "Infinity"
    if value == -float("inf"):
        return "-Infinity"
    return _FLOAT(value)


def _key(key: Any) -> str:
    """Return a mapping key as JSON writes it: strings as they are, numbers, booleans and null spelled out."""
    if isinstance(key, str):
        return key
    if key is True:
        return "true"
    if key is False:
        return "false"
    if key is None:
        return "null"
    if isinstance(key, int):
        return _INT(key)
    if isinstance(key, float):
        return _number(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")
