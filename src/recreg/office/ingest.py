"""Import: turn a document, workbook or CSV file into a new, valid edition file of the registry.

The steps: read the table (`recreg.office.importers`; anything that cannot be placed stops
the import, nothing is written); give each recommendation an id, carried over from the
edition it derives from where the diff engine pairs them; decide the edition's facts; check
the result as `recreg validate` would; write it atomically, never over an existing file.

The facts (title, committee, status, session, documents, dates...): a document that holds
exactly the text of the edition given with ``--derives-from`` *is* that edition, and the
import keeps all its facts, so that an exported edition imports as itself. A document
that differs from it is a new draft derived from it: status ``draft``, the document's own
title, the base's committee, no session, documents or dates of its own yet.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..edition.address import edition_id, parse_address
from ..edition.formatting import round_trip_yaml
from ..edition.model import Edition, Source, build_edition
from ..edition.validate import check_text
from ..engine.align import align_editions
from ..engine.diff import diff
from ..errors import Problem, RecregError, Refused
from ..fileio import write_atomic
from ..words import one_of
from .importers import FORMATS, Imported, read_table_file
from .word_comments import has_comments, read_word_comments

TITLE_EXPECTED = {
    ".docx": "a first paragraph, or a row across the table above its header, giving the edition's title",
    ".xlsx": "a row of kind ‘edition’ whose text is the edition's title",
    ".csv": "a row of kind ‘edition’ whose text is the edition's title",
}


@dataclass
class ImportResult:
    """What an import wrote, and how it decided."""

    path: Path
    counts: dict
    carried: int  # recommendations whose id came from the base edition
    total: int
    same_as_base: bool
    comments: object = None  # what `keep_comments` made of the document's Word comments, if it had any
    left_out: tuple[
        str, ...
    ] = ()  # what the file holds that the edition does not keep (a hyperlink's address), by place


def import_edition(
    file: Path,
    new_id: str,
    registry,
    base_ref: str | None = None,
    tracked: str | None = None,
    keep_comments: Callable | None = None,
    sheet: str | None = None,
) -> ImportResult:
    """Read a .docx, .xlsx or .csv file into a new edition file of the registry.

    Args:
        file: the document.
        new_id: the new edition's id (its file name without ``.yaml``).
        registry: the `recreg.registry.folder.Registry` to write into (never the bundled one).
        base_ref: the edition the new one derives from: ids are carried over from it.
        tracked: ``accept`` or ``reject`` the tracked changes of a Word document first.
        keep_comments: given the new edition and a Word document's comments anchored on it
            (`recreg.office.word_comments`), take them (or raise `Refused`) before anything
            is written; what it returns is the result's ``comments``.
        sheet: the sheet of a workbook to read (default: the one with content).

    Returns:
        The `ImportResult`.

    Raises:
        Refused: text that cannot be placed, a malformed file, or a result that would
            not validate; nothing is written.
        RecregError: a usage error (bad id, existing edition, read-only registry).
    """
    _check_source(file, sheet)
    new_id = edition_id(new_id, "--as")
    registry.require_writable()
    target = registry.root / f"{new_id}.yaml"
    if target.exists():
        raise RecregError(Problem("already exists; recreg import never overwrites an edition", file=str(target)))
    base = registry.edition(base_ref) if base_ref else None
    found = read_table_file(file, tracked, sheet)
    if found.problems:
        raise Refused(found.problems)
    _check_links(found, registry)
    if found.problems:
        raise Refused(found.problems)
    data, carried, same = _edition_data(found, new_id, base, registry)
    text, edition = _checked_text(data, file, target, new_id)
    if target.exists():
        raise RecregError(Problem("already exists; recreg import never overwrites an edition", file=str(target)))
    kept = _word_comments(file, edition, tracked, keep_comments)
    write_atomic(target, text)
    return ImportResult(
        target, edition.counts, carried, len(data["recommendations"]), same, kept, tuple(found.left_out)
    )


def _check_source(file: Path, sheet: str | None) -> None:
    """Refuse a file recreg cannot import, and a sheet asked of a file that has none."""
    if file.suffix.lower() not in FORMATS:
        raise RecregError(
            Problem(
                f"cannot import a {file.suffix or 'file without extension'}",
                file=str(file),
                expected="a .docx, .xlsx or .csv file",
            )
        )
    if not file.is_file():
        raise RecregError(Problem("no such file" if not file.exists() else "not a file", file=str(file)))
    if sheet is not None and file.suffix.lower() != ".xlsx":
        raise RecregError(
            Problem(f"a {file.suffix.lower()} file has no sheets", file="--sheet", expected="an .xlsx workbook")
        )


def _checked_text(data: dict, file: Path, target: Path, new_id: str) -> tuple[str, Edition]:
    """Lay out the new edition's YAML and check it; refuse it, in the imported file's terms, when it would not validate."""
    text = _yaml_text(data, file)
    edition, problems, _ = check_text(text, str(target), new_id)
    errors = [p for p in problems if p.severity == "error"]
    if errors or edition is None:
        # The reader checks what it places; whatever still fails is named in the file's terms.
        raise Refused(
            [
                Problem(
                    f"the edition would not validate: {p.message}",
                    file=_place(file, data, p.key_path),
                    key_path=p.key_path,
                )
                for p in errors
            ]
        )
    return text, edition


def _word_comments(file: Path, edition, tracked: str | None, keep: Callable | None):
    """Read a Word document's comments on the new edition for `keep` to take, before anything is written."""
    if keep is None or file.suffix.lower() != ".docx" or not has_comments(file):
        return None
    found = read_word_comments(file, edition, tracked)
    if found.problems:
        raise Refused(found.problems)
    return keep(edition, found.found) if found.found else None


def _place(file: Path, data: dict, key_path: str | None) -> str:
    """Name where in the imported file a problem of the built edition comes from (its table row, its cell).

    Every text the reader placed carries its place as its ``source``; the deepest node on
    the problem's key path that has one says where to look.
    """
    import re

    place, node = None, data
    for key in re.findall(r"[A-Za-z_]+|\d+", key_path or ""):
        try:
            node = node[int(key)] if key.isdigit() else node[key]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and isinstance(node.get("source"), dict):
            place = node["source"].get("at")
    return f"{file}: {place}" if place else str(file)


def _check_links(found: Imported, registry) -> None:
    """Check that every link read points at an existing node of another edition of the registry."""
    for data, where in found.link_places:
        target = parse_address(data["target"])
        try:
            edition = registry.edition(target.edition)
        except RecregError:
            found.problem(
                where, f"link to {target}: no edition {target.edition!r} in the registry", one_of(registry.ids())
            )
            continue
        if edition.node(target) is None:
            found.problem(where, f"link to {target}, which does not exist")


def _edition_data(found: Imported, new_id: str, base, registry) -> tuple[dict, int, bool]:
    """Return the edition's data, how many ids came from the base, and whether it is the base unchanged."""
    recs = found.recommendations
    carried = _carry_over(recs, new_id, base) if base is not None else 0
    taken = {rec.get("id") for rec in recs if rec.get("id")}
    for rec in recs:
        if "id" not in rec:
            # Named after this edition: a bare "recommendation-1" in two documents imported
            # apart would be taken for one recommendation kept, whatever its text.
            candidate = f"{new_id}-r{rec['number']}"
            while candidate in taken:
                candidate += "-new"
            rec["id"] = candidate
            taken.add(candidate)
    for index, rec in enumerate(recs):
        recs[index] = {"id": rec.pop("id"), **rec}
    notes = [f"Imported from {Path(found.file).name} by recreg import."] + found.notes
    if base is not None:
        same_facts = {k: v for k, v in base.metadata.items() if k not in ("id", "notes")}
        candidate = {"id": new_id, **same_facts, "notes": notes, "recommendations": recs}
        if _same_as(base, candidate) and _same_introduction(base, found.introduction):
            return _ordered(candidate), carried, True
    if found.title is None:
        raise Refused(
            [
                Problem(
                    "no title: the document does not say which edition it is",
                    file=found.file,
                    expected=TITLE_EXPECTED.get(Path(found.file).suffix.lower()),
                )
            ]
        )
    facts = {
        "id": new_id,
        "title": found.title,
        "committee": base.committee if base is not None else _committee(registry),
        "status": "draft",
        "derives_from": base.id if base is not None else None,
        "source": {"file": Path(found.file).name, "at": "the whole document"},
        **({"introduction": found.introduction} if found.introduction else {}),
        "notes": notes,
        "recommendations": recs,
    }
    return facts, carried, False


def _same_introduction(base, introduction: list[dict]) -> bool:
    """Tell whether a document's introduction is the base's (a document without one, a workbook, keeps the base's)."""
    return not introduction or [p["text"] for p in introduction] == [p.text for p in base.introduction]


def _ordered(data: dict) -> dict:
    order = (
        "id",
        "title",
        "committee",
        "session",
        "status",
        "derives_from",
        "documents",
        "dates",
        "source",
        "introduction",
        "notes",
        "recommendations",
    )
    return {key: data[key] for key in order if key in data}


def _same_as(base, data: dict) -> bool:
    """Tell whether edition data holds the base's text exactly (the diff engine finds no change)."""
    try:
        candidate = build_edition(data, None)
    except (KeyError, TypeError, RecregError):
        return False
    return diff(base, candidate).same


def _committee(registry) -> str:
    """Return the committee every edition of the registry names (an import with no base takes it)."""
    committees = set()
    for known in registry.ids():
        try:
            committees.add(registry.edition(known).committee)
        except RecregError:
            continue
    if len(committees) != 1:
        raise RecregError(
            Problem(
                "cannot tell which committee the edition is of",
                file="--derives-from",
                expected="--derives-from EDITION, whose committee the import takes",
            )
        )
    return committees.pop()


def _carry_over(recs: list[dict], new_id: str, base) -> int:
    """Give the imported recommendations (and actions) the ids of the base's nodes the diff engine pairs them with.

    Facts that belong to a recommendation rather than to its words (its group, priority,
    descriptions, a missing text's note) come along with the id.

    Returns:
        How many recommendations got their id from the base.
    """
    from dataclasses import replace

    draft = build_edition(
        {
            "id": new_id,
            "title": "-",
            "committee": "-",
            "status": "draft",
            "recommendations": [{"id": f"import-{r['number']}", **r} for r in recs],
        },
        None,
    )
    # A recommendation with the same number and the same words is the same one: this also pairs
    # those with no words to compare (the 40 Recommendations' missing texts). The rest are paired
    # by the diff engine on text alone: the document records no ids, and placeholder ids must
    # not pair by accident.
    same = [(old, new) for old, new in zip(base.recommendations, draft.recommendations) if _same_words(old, new)]
    kept_old = {old.address for old, _ in same}
    kept_new = {new.address for _, new in same}
    alignment = align_editions(
        replace(base, recommendations=tuple(r for r in base.recommendations if r.address not in kept_old)),
        replace(draft, recommendations=tuple(r for r in draft.recommendations if r.address not in kept_new)),
        use_records=False,
    )
    by_number = {rec["number"]: rec for rec in recs}
    carried = 0
    for old_address, new_address in [(o.address, n.address) for o, n in same] + [
        (p.before, p.after) for p in alignment.recommendations.pairs
    ]:
        old = base.node(old_address)
        rec = by_number[new_address.number]
        rec["id"] = old.id
        carried += 1
        for key, value in (("descriptions", old.descriptions), ("group", old.group), ("priority", old.priority)):
            if value and key not in rec:
                rec[key] = _plain(value)
        if rec.get("missing") is not None and old.missing is not None and old.missing.note:
            rec["missing"]["note"] = old.missing.note
    action_pairs = [(a.address, b.address) for o, n in same for a, b in zip(o.actions, n.actions)]
    for old_address, new_address in action_pairs + [(p.before, p.after) for p in alignment.actions.pairs]:
        old = base.node(old_address)
        if old.id:
            rec = by_number[new_address.number]
            action = next(a for a in rec["actions"] if a["label"] == new_address.action)
            action["id"] = old.id
    for rec in recs:
        for index, action in enumerate(rec.get("actions", [])):
            if "id" in action:
                rec["actions"][index] = {"id": action.pop("id"), **action}
    return carried


def _same_words(old, new) -> bool:
    """Tell whether two recommendations say the same: number, statement, actions, items and footnotes."""

    def words(rec):
        return (
            rec.number,
            rec.statement,
            [(a.label, a.text, [(i.label, i.text) for i in a.items]) for a in rec.actions],
            [(f.number, f.text) for f in rec.footnotes],
        )

    return words(old) == words(new)


def _plain(value):
    """Turn a model value (descriptions, group, priority) back into edition-file data."""
    if isinstance(value, Source):
        return {"source": {"file": value.file, "at": value.at}}
    if isinstance(value, tuple):
        return [{"text": d.text, "source": {"file": d.source.file, "at": d.source.at}} for d in value]
    return value


def _yaml_text(data: dict, file: Path) -> str:
    out = io.StringIO()
    round_trip_yaml().dump(data, out)
    header = (
        "# yaml-language-server: $schema=../schemas/edition.schema.json\n"
        f"# Imported from {Path(file).name} by recreg import; every text's source says where in it.\n"
    )
    # What the canonical dumper writes is already what `recreg fmt` leaves (a test holds it to
    # that); formatting it again would read and write the whole edition twice more.
    return header + out.getvalue().rstrip("\n") + "\n"
