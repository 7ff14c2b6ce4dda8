"""Check an OSCAL catalog against NIST's published JSON Schema, vendored in ``schemas/oscal/``.

The schema is NIST's ``oscal_complete_schema.json`` (OSCAL 1.2.3), unmodified on disk; its
``catalog`` branch is the root here. Two of its regular expressions use Unicode classes
(``\\p{L}``, ``\\p{N}``) that Python's `re` lacks; they are read as ``[^\\W\\d_]`` and ``\\d``,
which accept the same tokens except one starting with a non-decimal numeral (``½``).

As for editions, fastjsonschema answers whether a catalog is valid and jsonschema, asked only
when it is not, says where. Compiling this schema takes fastjsonschema about 2 s, so the
compiled code is kept in recreg's cache folder (``compiled/``) and loaded from there on later
runs; checking the 3 MB rev5 catalog then takes 0.2 s (`docs/dependencies.md`).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from ..errors import Problem
from ..resources import data_path
from . import cache
from .load import format_key_path
from .schema import _schema_message, _unknown_keys

SCHEMA_PATH = ("schemas", "oscal", "oscal_complete_schema.json")
SCHEMA_SHA256 = "384324105c7a817af0f65b120a963146caa0e0d55d969cf0daf60e063b87a206"
# The Unicode classes of the schema's token pattern, as Python's `re` reads them (JSON-escaped).
_CLASSES = {"\\\\p{L}": "[^\\\\W\\\\d_]", "\\\\p{N}": "\\\\d"}


@lru_cache(maxsize=1)
def schema_bytes() -> bytes:
    """Return the vendored schema's bytes."""
    return data_path(*SCHEMA_PATH).read_bytes()


@lru_cache(maxsize=1)
def catalog_schema() -> dict:
    """Return the schema with the catalog branch as its root and Python-readable patterns."""
    complete = json.loads(schema_bytes())
    root = {key: value for key, value in complete.items() if key != "oneOf"}
    root.update(next(branch for branch in complete["oneOf"] if "catalog" in branch.get("required", ())))
    text = json.dumps(root)
    for unicode_class, python in _CLASSES.items():
        text = text.replace(unicode_class, python)
    return json.loads(text)


COMPILED_HEADER = b"recreg compiled schema 1\n"  # then the SHA-256 of the marshalled code, then the code


def _compiled_path():
    """Return where the compiled validator is kept, or None when caching is off."""
    from importlib.util import MAGIC_NUMBER

    import fastjsonschema

    where = cache.folder()
    if where is None:
        return None
    digest = hashlib.sha256(schema_bytes())
    digest.update(f"\0{fastjsonschema.VERSION}\0{sys.version}\0".encode() + MAGIC_NUMBER)
    return where.parent / "compiled" / f"oscal_catalog_{digest.hexdigest()[:20]}.marshal"


@lru_cache(maxsize=1)
def fast_validator() -> Callable[[Any], Any]:
    """Return fastjsonschema's validator of catalogs, compiled once per machine and kept in the cache.

    What is kept is the compiled code object (`marshal`, as Python keeps a ``.pyc``) after the
    SHA-256 of its bytes, named by
    the schema's, fastjsonschema's and Python's versions: loading it takes milliseconds where
    compiling the 4.6 MB of generated Python takes seconds, and a ``.pyc`` would not be
    written where ``PYTHONDONTWRITEBYTECODE`` is set.
    """
    import marshal

    import fastjsonschema

    path = _compiled_path()
    if path is not None and path.is_file():
        namespace: dict = {}
        try:
            raw = path.read_bytes()
            start = len(COMPILED_HEADER) + 32
            # A damaged or foreign file is never run: marshal reads some damage as other code.
            if (
                raw[: len(COMPILED_HEADER)] != COMPILED_HEADER
                or hashlib.sha256(raw[start:]).digest() != raw[len(COMPILED_HEADER) : start]
            ):
                raise ValueError("not recreg's compiled schema")
            exec(marshal.loads(raw[start:]), namespace)  # noqa: S102 - recreg's own compiled schema, checked
            return namespace["validate"]
        except Exception:  # a damaged entry: compile anew and replace it
            path.unlink(missing_ok=True)
    # Formats are left to the schema's own patterns, as jsonschema (no format checker) reads them.
    source = fastjsonschema.compile_to_code(catalog_schema(), use_formats=False)
    # The first function the compiler writes checks the root; it is named after the schema's $id.
    root = re.search(r"^def (validate\w*)\(", source, re.MULTILINE).group(1)
    code = compile(f"{source}\n\nvalidate = {root}\n", "oscal_catalog_schema", "exec")
    namespace = {}
    exec(code, namespace)  # noqa: S102 - code fastjsonschema wrote from the vendored schema
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(f".{os.getpid()}.tmp")
            payload = marshal.dumps(code)
            temporary.write_bytes(COMPILED_HEADER + hashlib.sha256(payload).digest() + payload)
            os.replace(temporary, path)
        except OSError:
            pass  # a read-only cache: compiled again next time
    return namespace["validate"]


def catalog_valid(data: Any) -> bool:
    """Tell quickly whether a document is a valid OSCAL catalog, without saying where it is not."""
    from fastjsonschema import JsonSchemaException

    try:
        fast_validator()(data)
    except JsonSchemaException:
        return False
    return True


def catalog_problems(data: Any, file: str, where: Callable[[list], tuple[int | None, int | None]]) -> list[Problem]:
    """Check a document against the catalog schema; return each problem with its JSON path and place.

    Args:
        data: the document in OSCAL's JSON model (read from JSON, YAML or XML).
        file: what to name in problems.
        where: finds the line and column of a JSON path in the file.
    """
    if catalog_valid(data):
        return []
    from jsonschema import Draft7Validator
    from jsonschema.exceptions import best_match, relevance

    problems = []
    for error in sorted(_validator(Draft7Validator).iter_errors(data), key=relevance):
        error = best_match([error]) if error.context else error
        path = list(error.absolute_path)
        message, expected = _schema_message(error)
        unknown = _unknown_keys(error)
        if unknown:
            path.append(unknown[0])
        if expected:
            for unicode_class, python in _CLASSES.items():
                expected = expected.replace(python.replace("\\\\", "\\"), unicode_class.replace("\\\\", "\\"))
        line, column = where(path)
        problems.append(
            Problem(
                message,
                file=file,
                line=line,
                column=column,
                key_path=format_key_path(path) or "catalog",
                expected=expected,
            )
        )
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0, p.key_path or ""))


@lru_cache(maxsize=1)
def _validator(kind):
    return kind(catalog_schema())
