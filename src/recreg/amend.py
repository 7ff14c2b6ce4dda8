"""Start an amendment: a new draft edition copied from a base edition and derived from it."""

from __future__ import annotations

import io
from pathlib import Path

from .errors import Problem, RecregError
from .formatting import round_trip_yaml
from .load import parse_yaml, read_text

# The base's own facts (when and where it was presented or adopted) are not the amendment's.
_BASE_FACTS = ("session", "documents", "dates", "source", "notes")


def new_edition_text(base: Path, new_id: str, title: str | None = None) -> str:
    """Return the text of a new draft edition copied from `base`.

    The copy keeps every recommendation, with its stable id, so the diff engine pairs
    them by identity; it becomes a ``draft`` that ``derives_from`` the base, and drops
    the base's session, documents, dates, source and notes. Comments are kept.

    Args:
        base: the base edition's file.
        new_id: the new edition's id (and file name without ``.yaml``).
        title: the new edition's title; default: the base's title marked as an amendment.

    Returns:
        The new file's text.
    """
    text = read_text(base)
    base_data = parse_yaml(text, str(base))
    yaml = round_trip_yaml()
    data = yaml.load(text)
    data["id"] = new_id
    data["title"] = title or f"{base_data['title']} (amendment draft)"
    data["status"] = "draft"
    if "derives_from" in data:
        data["derives_from"] = base_data["id"]
    else:
        data.insert(list(data).index("status") + 1, "derives_from", base_data["id"])
    for key in _BASE_FACTS:
        data.pop(key, None)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def create_edition(registry_root: Path, base: Path, new_id: str, title: str | None = None) -> Path:
    """Write a new draft edition into the registry and check it.

    Raises:
        RecregError: the id is malformed or the edition already exists (nothing is overwritten).
    """
    import re

    from .fileio import write_atomic
    from .validate import read_edition

    if not re.fullmatch(r"[a-z][a-z0-9-]*", new_id):
        raise RecregError(Problem(f"{new_id!r} is not an edition id", file="EDITION", expected="lower-case letters, digits and hyphens, starting with a letter"))
    target = registry_root / f"{new_id}.yaml"
    if target.exists():
        raise RecregError(Problem("already exists; recreg new never overwrites an edition", file=str(target)))
    write_atomic(target, new_edition_text(base, new_id, title))
    read_edition(target)
    return target
