"""Check documents against the shipped JSON schemas, and word what the schema finds for an editor.

`schema_valid` answers quickly whether a document is valid; `schema_problems` says where and
how it is not, each problem located in the file.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from ..errors import Problem
from ..resources import data_path
from .load import format_key_path, locate

SCHEMA_FILE = "edition.schema.json"


@lru_cache(maxsize=4)
def schema_bytes(name: str = SCHEMA_FILE) -> bytes:
    """Return a shipped schema's bytes (the cache key of a valid file includes them).

    Args:
        name: the schema's file name in ``schemas/``.
    """
    return data_path("schemas", name).read_bytes()


@lru_cache(maxsize=4)
def _validator(name: str = SCHEMA_FILE):
    from jsonschema import Draft202012Validator

    return Draft202012Validator(json.loads(schema_bytes(name)))


@lru_cache(maxsize=4)
def _fast_validator(name: str = SCHEMA_FILE):
    import fastjsonschema

    return fastjsonschema.compile(json.loads(schema_bytes(name)))


def schema_valid(data: Any, schema: str = SCHEMA_FILE) -> bool:
    """Tell whether a document satisfies a schema, quickly, without saying where it does not.

    fastjsonschema compiles the schema to Python (30 ms) and then checks a 2.5 MB edition
    in 0.04 s, where jsonschema takes 0.35 s; jsonschema stays the authority on what is
    wrong (`schema_problems`), asked only when this says the document is not valid. The
    schemas use only keywords both read alike (tests/test_fuzz.py checks that they agree).
    """
    from fastjsonschema import JsonSchemaException

    try:
        _fast_validator(schema)(data)
    except JsonSchemaException:
        return False
    return True


def schema_problems(data: Any, text: str, file: str, schema: str = SCHEMA_FILE) -> list[Problem]:
    """Check a parsed document against a schema, the edition schema by default.

    Args:
        data: the parsed document.
        text: its text, to locate problems.
        file: its file name, for messages.
        schema: the schema's file name in ``schemas/`` (the history has its own).

    Returns:
        The problems, most specific first, each located in the file.
    """
    from jsonschema.exceptions import best_match, relevance

    errors = sorted(_validator(schema).iter_errors(data), key=relevance)
    problems = []
    for error in errors:
        # A failed oneOf/anyOf holds more precise errors in its context.
        error = best_match([error]) if error.context else error
        path = list(error.absolute_path)
        message, expected = _schema_message(error)
        unknown = _unknown_keys(error)
        if unknown:
            path.append(unknown[0])
        line, column = locate(text, path, at_key=bool(unknown))
        problems.append(
            Problem(
                message, file=file, line=line, column=column, key_path=format_key_path(path) or None, expected=expected
            )
        )
    problems.sort(key=lambda p: (p.line or 0, p.column or 0))
    return problems


def _schema_message(error) -> tuple[str, str | None]:
    """Word a jsonschema error for an editor, with what was expected."""
    kind = error.validator
    schema = error.schema
    if kind == "additionalProperties":
        extra = _unknown_keys(error)
        allowed = sorted(schema.get("properties", {}))
        return f"unknown key {extra[0]!r}" if extra else error.message, "one of " + ", ".join(allowed)
    if kind == "required":
        return error.message.replace("is a required property", "is missing"), None
    if kind == "type":
        expected = schema.get("type")
        expected = " or ".join(expected) if isinstance(expected, list) else expected
        return f"wrong type: {_short(error.instance)} is {_a_type(error.instance)}", expected
    if kind == "enum":
        return f"{_short(error.instance)} is not allowed", "one of " + ", ".join(map(str, schema["enum"]))
    if kind == "pattern":
        return f"{_short(error.instance)} has the wrong form", f"text matching {schema['pattern']}"
    return error.message, None


def _unknown_keys(error) -> list:
    if error.validator != "additionalProperties" or not isinstance(error.instance, dict):
        return []
    allowed = error.schema.get("properties", {})
    return [key for key in error.instance if key not in allowed]


def _json_type(value: Any) -> str:
    names = {bool: "boolean", int: "integer", float: "number", str: "string", list: "list", dict: "mapping"}
    return names.get(type(value), "null" if value is None else type(value).__name__)


def _a_type(value: Any) -> str:
    name = _json_type(value)
    return f"{'an' if name[0] in 'aeiou' else 'a'} {name}"


def _short(value: Any) -> str:
    # An unquoted 2024-09-16 is a date to YAML; show it as the user wrote it.
    text = value.isoformat() if isinstance(value, (date, datetime)) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
