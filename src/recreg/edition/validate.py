"""Validate: an edition against the schema first, then for meaning.

Meaning checks (`meaning_problems`) cover what a schema cannot say: unique ids, numbers
and labels; labels in sequence; footnote markers that resolve; a statement either given
or recorded as missing. `link_problems` checks links and ``derives_from`` across editions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import InvalidInput, Problem, RecregError
from ..gcpause import paused_gc
from ..words import one_of
from . import cache
from .address import parse_address
from .load import (
    DEFAULT_MAX_DEPTH,
    MAX_DEPTH_VARIABLE,
    format_key_path,
    limit,
    locate,
    locate_in_text,
    parse_yaml,
    read_text,
)
from .model import FOOTNOTE_MARKER, Edition, build_edition
from .schema import _a_type, schema_bytes, schema_problems, schema_valid

ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv"]


def check_file(path: Path, named: bool = True) -> tuple[Edition | None, list[Problem], Locator]:
    """Read an edition file and check it against the schema, then for meaning.

    In a registry folder the file name is the edition's id (``cws12.yaml``), so `named`
    files must agree with it; a copy elsewhere (a delegate's ``cws13-proposal.yaml``) need not.

    A file whose exact text was checked before is neither parsed, checked nor built again:
    the edition and what its checks found come from `recreg.edition.cache` (most runs read
    unchanged files); only what depends on more than the text (the file's name, the
    nesting limit) is applied anew.

    Returns:
        The `Edition` (None when it could not be built), every problem found (errors and
        warnings, located in the file), and a locator for further problems in that file.

    Raises:
        InvalidInput: the file cannot be read or parsed (nothing further can be checked).
    """
    return check_text(read_text(path), str(path), path.stem if named else None)


def check_text(text: str, file: str, expected_id: str | None = None) -> tuple[Edition | None, list[Problem], Locator]:
    """Check an edition's text against the schema, then for meaning (see `check_file`).

    Args:
        text: the edition's YAML.
        file: what to name in problems (a path, or ``cws12@HEAD~1`` for a git revision).
        expected_id: the id the edition must have (its file name without ``.yaml``).
    """
    with paused_gc():
        return _check_text(text, file, expected_id)


def _check_text(text: str, file: str, expected_id: str | None) -> tuple[Edition | None, list[Problem], Locator]:
    depth_limit = limit(MAX_DEPTH_VARIABLE, DEFAULT_MAX_DEPTH)  # a bad setting is an error even when the file is cached

    def where(key_path: list, needle: str | None = None) -> tuple[int | None, int | None]:
        return locate(text, key_path) if needle is None else locate_in_text(text, key_path, needle)

    name = cache.key(text, schema_bytes())
    checked = _cached(name, depth_limit)
    if checked is None:
        data = parse_yaml(text, file)
        if not isinstance(data, dict):
            problem = Problem(
                f"wrong type: the document is {_a_type(data)}",
                file=file,
                line=1,
                column=1,
                expected="a mapping (an edition)",
            )
            return None, [problem], where
        problems = [] if schema_valid(data) else schema_problems(data, text, file)
        problems = (problems or control_problems(data, text, file)) or target_problems(data, file, where)
        if problems:
            return None, problems, where
        edition = build_edition(data, None)
        checked = (edition, meaning_problems(edition, data, where))
        cache.store(name, (_depth(data), *checked))
    edition, problems = checked
    problems = [replace(problem, file=file) for problem in problems]
    if expected_id is not None and expected_id != edition.id:
        line, column = where(["id"])
        problems.insert(
            0,
            Problem(
                f"edition id {edition.id!r} differs from the file name {expected_id + '.yaml'!r}",
                file=file,
                line=line,
                column=column,
                key_path=format_key_path(["id"]),
                expected=f"id: {expected_id}",
            ),
        )
        problems.sort(key=lambda p: (p.line or 0, p.column or 0))
    return replace(edition, path=file, digest=name), problems, where


def _cached(name: str, depth_limit: int) -> tuple[Edition, list[Problem]] | None:
    """Return the edition and problems a check of the same text found before, or None to check it now.

    An entry checked within a higher nesting limit than the present one is not believed:
    the text is read again, and refused where it nests too deep.
    """
    entry = cache.load(name)
    if not (
        isinstance(entry, tuple)
        and len(entry) == 3
        and isinstance(entry[0], int)
        and isinstance(entry[1], Edition)
        and isinstance(entry[2], list)
        and all(isinstance(p, Problem) for p in entry[2])
    ):
        return None
    depth, edition, problems = entry
    return (edition, problems) if depth <= depth_limit else None


def _depth(data: Any) -> int:
    """Return how deep mappings and sequences nest in a document (1 for a flat mapping), as the nesting limit counts."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return deepest


# C0 and C1 control characters but tab and newline: a YAML escape ("\e[2J", "\x07") can put
# them in a text, and from there into a terminal, a Word document or a workbook.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def control_problems(data: Any, text: str, file: str) -> list[Problem]:
    """Refuse control characters in any text of a document, each located.

    The YAML reader refuses them written as they are; only an escape in a double-quoted
    scalar makes one, so a file without a backslash is not walked.
    """
    if "\\" not in text:
        return []
    problems = []
    stack: list[tuple[list, Any]] = [([], data)]
    while stack:
        key_path, value = stack.pop()
        if isinstance(value, dict):
            stack.extend(([*key_path, key], item) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend(([*key_path, index], item) for index, item in enumerate(value))
        elif isinstance(value, str) and (found := _CONTROL.search(value)):
            line, column = locate(text, key_path)
            problems.append(
                Problem(
                    f"control character U+{ord(found.group()):04X} in a text",
                    file=file,
                    line=line,
                    column=column,
                    key_path=format_key_path(key_path),
                    expected="printable text (tab and newline allowed)",
                )
            )
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0))


def target_problems(data: dict, file: str, where: Locator) -> list[Problem]:
    """Check that every link target of a schema-valid document is an address.

    The schema checks only a target's edition prefix; the model cannot be built from
    a target such as ``r40:X3``, so this runs before it.
    """
    problems = []
    for r_index, rec in enumerate(data.get("recommendations") or ()):
        base = ["recommendations", r_index]
        owners = [(base, rec)] + [
            ([*base, "actions", a_index], action) for a_index, action in enumerate(rec.get("actions") or ())
        ]
        for owner_path, owner in owners:
            for l_index, link in enumerate(owner.get("links") or ()):
                try:
                    parse_address(link["target"])
                except RecregError as exc:
                    path = [*owner_path, "links", l_index, "target"]
                    line, column = where(path)
                    problems.append(
                        Problem(
                            exc.problems[0].message,
                            file=file,
                            line=line,
                            column=column,
                            key_path=format_key_path(path),
                            expected=exc.problems[0].expected,
                        )
                    )
    return problems


def read_edition(path: Path, text: str | None = None, label: str | None = None, named: bool = True) -> Edition:
    """Read, check and build an edition; warnings are left to `recreg validate`.

    Args:
        path: the edition's file (with `named`, its name gives the id the edition must have).
        text: the edition's text, when it does not come from the file itself (a git revision).
        label: what to name in problems instead of the path (``cws12@HEAD~1``).
        named: hold the id to the file name (true for a registry's own files).

    Raises:
        InvalidInput: the file is unreadable or has errors (all of them, located).
    """
    if text is None:
        edition, problems, _ = check_file(path, named)
    else:
        edition, problems, _ = check_text(text, label or str(path), path.stem if named else None)
    errors = [p for p in problems if p.severity == "error"]
    if errors or edition is None:
        raise InvalidInput(errors)
    return edition


# Finds the line and column of a key path in a file; given a word too, of that word inside the scalar.
Locator = Callable[..., "tuple[int | None, int | None]"]


def meaning_problems(edition: Edition, data: dict, where: Locator) -> list[Problem]:
    """Check one edition for what the schema cannot express (what its file is named is checked apart).

    Args:
        edition: the built model.
        data: the parsed document it was built from (for key paths).
        where: finds the line and column of a key path (called only for problems).

    Returns:
        Errors and warnings, in document order, each naming its file as None (the checked
        text may be read again under another name).
    """
    found: list[tuple[list, str, str | None, str]] = []

    def add(key_path: list, message: str, expected: str | None = None, severity: str = "error") -> None:
        found.append((key_path, message, expected, severity))

    if edition.derives_from == edition.id:
        add(["derives_from"], "an edition cannot derive from itself")
    _check_unique(
        add,
        [["recommendations", i, "id"] for i in range(len(edition.recommendations))],
        [r.id for r in edition.recommendations],
        "recommendation id",
    )
    _check_sequence(
        add,
        [["recommendations", i, "number"] for i in range(len(edition.recommendations))],
        [r.number for r in edition.recommendations],
        [n + 1 for n in range(len(edition.recommendations))],
        "number",
    )
    for r_index, rec in enumerate(edition.recommendations):
        _recommendation_problems(add, rec, ["recommendations", r_index])
    _nested_id_problems(add, edition)
    problems = []
    for key_path, message, expected, severity in found:
        line, column = where(key_path)
        problems.append(
            Problem(
                message,
                file=None,
                line=line,
                column=column,
                key_path=format_key_path(key_path),
                expected=expected,
                severity=severity,
            )
        )
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0))


def _nested_id_problems(add: Callable[..., None], edition: Edition) -> None:
    """Check that action ids and indicator ids are unique across the whole edition."""
    all_ids = [
        (i, a_index, a.id)
        for i, rec in enumerate(edition.recommendations)
        for a_index, a in enumerate(rec.actions)
        if a.id
    ]
    _check_unique(
        add,
        [["recommendations", i, "actions", j, "id"] for i, j, _ in all_ids],
        [x for _, _, x in all_ids],
        "action id",
    )
    indicators = [
        ([*base, "indicators", k, "id"], indicator.id)
        for i, rec in enumerate(edition.recommendations)
        for base, owner in [(["recommendations", i], rec)]
        + [(["recommendations", i, "actions", j], a) for j, a in enumerate(rec.actions)]
        for k, indicator in enumerate(owner.indicators)
    ]
    _check_unique(add, [path for path, _ in indicators], [x for _, x in indicators], "indicator id")


def _recommendation_problems(add: Callable[..., None], rec, base: list) -> None:
    """Check one recommendation: statement or missing, labels in sequence, footnotes anchored and unique."""
    if rec.statement is None and rec.missing is None:
        add(
            [*base, "statement"],
            f"{rec.address}: statement is null but not recorded as missing",
            "a statement, or `missing: {where: ...}`",
        )
    if rec.statement is not None and rec.missing is not None:
        add([*base, "missing"], f"{rec.address}: has a statement and is also recorded as missing")
    if rec.new is not None and rec.links:
        add([*base, "new"], f"{rec.address}: recorded as new but also linked to older recommendations")
    labels = [a.label for a in rec.actions]
    _check_sequence(
        add,
        [[*base, "actions", i, "label"] for i in range(len(labels))],
        labels,
        [chr(ord("a") + i) for i in range(len(labels))],
        f"{rec.address} action label",
    )
    for a_index, action in enumerate(rec.actions):
        items = [item.label for item in action.items]
        _check_sequence(
            add,
            [[*base, "actions", a_index, "items", i, "label"] for i in range(len(items))],
            items,
            ROMAN[: len(items)],
            f"{action.address} item label",
        )
    numbers = [f.number for f in rec.footnotes]
    _check_unique(
        add, [[*base, "footnotes", i, "number"] for i in range(len(numbers))], numbers, f"{rec.address} footnote number"
    )
    anchored = set()
    for key_path, _, text in texts_with_paths(rec, base):
        for marker in FOOTNOTE_MARKER.finditer(text):
            anchored.add(int(marker.group(1)))
            if int(marker.group(1)) not in numbers:
                add(
                    key_path,
                    f"footnote marker [^{marker.group(1)}] has no footnote in {rec.address}",
                    f"a footnote with number {marker.group(1)}",
                )
    for f_index, footnote in enumerate(rec.footnotes):
        if footnote.number not in anchored:
            add(
                [*base, "footnotes", f_index, "number"],
                f"footnote {footnote.address} is never anchored",
                f"a marker [^{footnote.number}] in a text of {rec.address}",
                severity="warning",
            )


def texts_with_paths(rec, base: list, footnotes: bool = False) -> Iterable[tuple[list, object, str]]:
    """Yield each text of a recommendation with its key path and its node's address, in reading order.

    Args:
        rec: the recommendation.
        base: its own key path (``["recommendations", 2]``).
        footnotes: include the footnotes' texts.
    """
    if rec.statement is not None:
        yield [*base, "statement"], rec.address, rec.statement
    for a_index, action in enumerate(rec.actions):
        yield [*base, "actions", a_index, "text"], action.address, action.text
        for i_index, item in enumerate(action.items):
            yield [*base, "actions", a_index, "items", i_index, "text"], item.address, item.text
    if footnotes:
        for f_index, footnote in enumerate(rec.footnotes):
            yield [*base, "footnotes", f_index, "text"], footnote.address, footnote.text


def _check_unique(add, paths: list, values: list, what: str) -> None:
    seen: dict = {}
    for path, value in zip(paths, values):
        if value in seen:
            add(path, f"duplicate {what} {value!r} (also at {format_key_path(seen[value])})", f"a unique {what}")
        else:
            seen[value] = path


def _check_sequence(add, paths: list, values: list, expected: list, what: str) -> None:
    _check_unique(add, paths, values, what)
    if len(set(values)) != len(values):
        return
    for path, value, want in zip(paths, values, expected):
        if value != want:
            add(path, f"{what} {value!r} is out of sequence", repr(want))
            return


def derivation_cycle(edition: Edition, editions: dict[str, Edition]) -> list[str]:
    """Return the ids of a ``derives_from`` cycle through an edition (it first and last), or [].

    An edition deriving from itself is reported by `meaning_problems`; this finds the
    longer loops (cws11 → cws12 → cws11), which only the registry as a whole shows.
    """
    path = [edition.id]
    current = edition
    while current.derives_from and current.derives_from != current.id:
        if current.derives_from == edition.id:
            return path + [edition.id] if len(path) > 1 else []
        if current.derives_from in path:
            return []  # a cycle further up the chain: reported at its own editions
        current = editions.get(current.derives_from)
        if current is None:
            return []
        path.append(current.id)
    return []


def link_problems(
    checked: dict[str, Edition], editions: dict[str, Edition], where: dict[str, Locator]
) -> list[Problem]:
    """Check that links and ``derives_from`` point at existing editions and nodes.

    Args:
        checked: the editions to check, by id.
        editions: every edition links may point at, by id.
        where: a locator per checked edition, to place problems in their files.

    Returns:
        One problem per dangling reference.
    """
    problems = []
    for edition in checked.values():
        found = []
        if edition.derives_from and edition.derives_from not in editions:
            found.append(
                (["derives_from"], f"derives from unknown edition {edition.derives_from!r}", one_of(sorted(editions)))
            )
        cycle = derivation_cycle(edition, editions)
        if cycle:
            found.append(
                (
                    ["derives_from"],
                    "derives_from forms a cycle: " + " → ".join(cycle),
                    "a chain that ends at an edition deriving from none",
                )
            )
        found.extend(_dangling_links(edition, editions))
        for key_path, message, expected in found:
            line, column = where[edition.id](key_path)
            problems.append(
                Problem(
                    message,
                    file=edition.path,
                    line=line,
                    column=column,
                    key_path=format_key_path(key_path),
                    expected=expected,
                )
            )
    return problems


def _dangling_links(edition: Edition, editions: dict[str, Edition]) -> list[tuple[list, str, str]]:
    """Return the key path, message and expectation of each link of an edition that points at nothing it may."""
    found = []
    for r_index, rec in enumerate(edition.recommendations):
        owners = [(["recommendations", r_index], rec.links)] + [
            (["recommendations", r_index, "actions", a_index], action.links)
            for a_index, action in enumerate(rec.actions)
        ]
        for base, links in owners:
            for l_index, link in enumerate(links):
                target = editions.get(link.target.edition)
                path = [*base, "links", l_index, "target"]
                if target is None:
                    found.append((path, f"link to unknown edition {link.target.edition!r}", one_of(sorted(editions))))
                elif target.node(link.target) is None:
                    found.append((path, f"link to {link.target}, which does not exist", f"a node of {target.id}"))
                elif link.target.edition == edition.id:
                    found.append(
                        (path, f"link to {link.target} stays inside its own edition", "a node of another edition")
                    )
    return found
