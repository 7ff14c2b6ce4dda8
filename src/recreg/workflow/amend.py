"""Start an amendment: a new draft edition copied from a base edition and derived from it."""

from __future__ import annotations

import io
from pathlib import Path

from ..edition.address import edition_id
from ..edition.formatting import round_trip_yaml
from ..edition.load import parse_yaml
from ..edition.model import Edition
from ..edition.validate import read_edition
from ..errors import Problem, RecregError
from ..fileio import write_atomic
from ..git.refs import GitRepository
from ..registry.folder import Registry

# The base's own facts (when and where it was presented or adopted, what its texts were
# transcribed from) are not the amendment's.
_BASE_FACTS = ("session", "documents", "dates", "source", "notes")
MODELINE = "# yaml-language-server: $schema=../schemas/edition.schema.json"


def new_edition_text(
    base_text: str,
    base_file: str,
    new_id: str,
    title: str | None = None,
    derived_at: str | None = None,
    today: str | None = None,
) -> str:
    """Return the text of a new draft edition copied from a base edition's text.

    The copy keeps every recommendation, with its stable id, so the diff engine pairs
    them by identity; it becomes a ``draft`` that ``derives_from`` the base. It gets fresh
    provenance: the base's session, documents, dates, source and notes are dropped, and
    so is the ``source`` of each recommendation and footnote (where the base's texts were
    transcribed from); a note and the header comment say where the draft came from, and
    that its sources are to be filled in. Other comments are kept.

    Args:
        base_text: the base edition's file text.
        base_file: its name, for errors.
        new_id: the new edition's id (and file name without ``.yaml``).
        title: the new edition's title; default: the base's title marked as an amendment.
        derived_at: the base's revision (``main``, a commit), named in the provenance.
        today: the date to record (ISO 8601); default: today.

    Returns:
        The new file's text.
    """
    from datetime import date

    base_data = parse_yaml(base_text, base_file)
    yaml = round_trip_yaml()
    data = yaml.load(base_text)
    base_id = base_data["id"]
    origin = f"{base_id} at {derived_at}" if derived_at else base_id
    stamp = today or date.today().isoformat()
    data["id"] = new_id
    data["title"] = title or f"{base_data['title']} (amendment draft)"
    data["status"] = "draft"
    if "derives_from" in data:
        data["derives_from"] = base_id
    else:
        data.insert(list(data).index("status") + 1, "derives_from", base_id)
    _drop_provenance(data, origin, stamp)
    data.ca.comment = None  # the base's header comment describes the base
    out = io.StringIO()
    yaml.dump(data, out)
    header = (
        f"{MODELINE}\n# Draft amendment of {base_id}, derived from {origin} with recreg new on {stamp}.\n"
        "# Sources: to be filled in as texts are proposed and adopted.\n"
    )
    return header + out.getvalue()


def _drop_provenance(data, origin: str, stamp: str) -> None:
    """Drop the base's provenance (its facts, every text's source) and note where the draft came from instead."""
    for key in _BASE_FACTS:
        data.pop(key, None)
    data.insert(
        list(data).index("derives_from") + 1,
        "notes",
        [f"Derived from {origin} with recreg new on {stamp}; sources of the texts to be filled in."],
    )
    for rec in data.get("recommendations") or ():
        rec.pop("source", None)
        for footnote in rec.get("footnotes") or ():
            footnote.pop("source", None)


def create_edition(
    registry_root: Path,
    base_text: str,
    base_file: str,
    new_id: str,
    title: str | None = None,
    derived_at: str | None = None,
) -> Path:
    """Check a new draft edition, then write it into the registry.

    Raises:
        RecregError: the id is malformed or the edition already exists (nothing is overwritten).
        InvalidInput: the draft would not validate (a title with a control character...);
            nothing is written.
    """
    new_id = edition_id(new_id, "EDITION")
    target = registry_root / f"{new_id}.yaml"
    if target.exists():
        raise RecregError(Problem("already exists; recreg new never overwrites an edition", file=str(target)))
    text = new_edition_text(base_text, base_file, new_id, title, derived_at)
    read_edition(target, text)  # checked before anything is written
    write_atomic(target, text)
    return target


def start_amendment(registry: Registry, new_id: str, base: str, title: str | None = None) -> tuple[Path, Edition]:
    """Write a new draft edition copied from `base` into the registry; return its file and the base edition."""
    registry.require_writable()
    base_edition = registry.edition(base)
    derived_at = base_edition.revision or _work_tree_revision(registry.root)
    target = create_edition(registry.root, registry.text(base), base_edition.path or base, new_id, title, derived_at)
    return target, base_edition


def _work_tree_revision(folder: Path) -> str | None:
    """Name the commit a registry's work tree stands on (``3f2a1c9e40``), or None outside git."""
    try:
        return GitRepository(folder).repo.head.commit.hexsha[:10]
    except (RecregError, ValueError):
        return None  # not a git work tree, or one without commits
