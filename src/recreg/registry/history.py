"""History: the chronology of decisions on the recommendations, as the sources record them.

``history/chronology.yaml`` holds one event per session (CWS/6 to CWS/13): its dates, its
documents, its decisions in the sources' own words, the editions and recommendations it
affects, and the passages it is recorded from. A date is a *claim* with its source; two
claims about the same thing whose periods do not overlap mean the sources disagree (the
date of CWS/6), and both are always shown.

The file is checked like an edition: against its schema (``schemas/history.schema.json``)
with located errors, then for meaning (unique ids, sessions in order, real calendar dates,
addresses inside the event's editions), then its references against the registry beside it.

Its renderers are the ``render_history`` functions of the format modules in `recreg.render`
(text, JSON, Markdown); the labels they share (`date_label`, `short_ref`...) are here.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from itertools import combinations
from pathlib import Path

from ..edition.address import Address, parse_address
from ..edition.load import format_key_path, locate, parse_yaml, read_text
from ..edition.model import DateClaim, Source
from ..edition.schema import schema_problems
from ..errors import InvalidInput, Problem, RecregError
from ..resources import data_path
from ..words import one_of
from .folder import Registry

HISTORY_FOLDER = "history"
HISTORY_FILE = "chronology.yaml"
SCHEMA_FILE = "history.schema.json"


@dataclass(frozen=True, slots=True)
class Decision:
    """Something a session decided, noted or did: the editors' summary and the source's words."""

    summary: str
    quote: str
    source: Source


@dataclass(frozen=True, slots=True)
class Event:
    """One session and what it decided about the recommendations."""

    id: str
    session: str
    dates: tuple[DateClaim, ...]
    decisions: tuple[Decision, ...]
    sources: tuple[Source, ...]
    documents: tuple[str, ...] = ()
    editions: tuple[str, ...] = ()
    recommendations: tuple[Address, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def disagreeing(self) -> bool:
        """Return whether two sources date the same thing to periods that do not overlap."""
        for first, second in combinations(self.dates, 2):
            if first.event == second.event:
                (start1, end1), (start2, end2) = period(first.value), period(second.value)
                if end1 < start2 or end2 < start1:
                    return True
        return False

    def affects(self, edition: str) -> bool:
        """Return whether the event affects an edition (its recommendations' editions are among `editions`)."""
        return edition in self.editions


@dataclass(frozen=True)
class History:
    """The events of a history file, or those of them that affect one edition."""

    events: tuple[Event, ...]
    title: str | None = None
    notes: tuple[str, ...] = ()
    path: str | None = None
    edition: str | None = None

    def affecting(self, edition: str) -> History:
        """Return the history narrowed to the events that affect an edition.

        Args:
            edition: an edition id (``cws11``).

        Returns:
            A `History` whose `edition` names the filter.
        """
        return replace(self, events=tuple(e for e in self.events if e.affects(edition)), edition=edition)


def history_beside(registry_root: str | Path) -> Path | None:
    """Return the history file beside a registry folder, if it has one.

    Args:
        registry_root: the registry folder (``registry/``); its sibling ``history/`` is looked in.

    Returns:
        The path of ``history/chronology.yaml``, or None when there is no such file.
    """
    beside = Path(registry_root).parent / HISTORY_FOLDER / HISTORY_FILE
    return beside if beside.is_file() else None


def find_history(registry_root: str | Path) -> Path:
    """Return the history file beside a registry folder, else the one bundled with recreg.

    Args:
        registry_root: the registry folder (``registry/``); its sibling ``history/`` is looked in.

    Returns:
        The path of ``chronology.yaml`` (the bundled one may not exist in a broken install;
        reading it then reports the file as unreadable).
    """
    return history_beside(registry_root) or data_path(HISTORY_FOLDER, HISTORY_FILE)


# How `recreg.edition.load.file_kind` tells a history from an edition: its folder, or its top-level key.
HISTORY_KIND = (HISTORY_FOLDER, "events")


def period(value: str) -> tuple[date, date]:
    """Return the first and last day a date value covers (``2019-10`` covers October 2019).

    Args:
        value: a date as the schema allows it: ``2018``, ``2019-10``, ``2024-09-16/2024-09-19``.

    Returns:
        The first and the last day, inclusive.

    Raises:
        ValueError: not a calendar date (``2024-02-30``), or an interval that ends before it starts.
    """
    first, _, last = value.partition("/")
    start, end = _bounds(first)[0], _bounds(last or first)[1]
    if end < start:
        raise ValueError(f"{value!r} ends before it starts")
    return start, end


def _bounds(text: str) -> tuple[date, date]:
    year, *rest = (int(part) for part in text.split("-"))
    if not rest:
        return date(year, 1, 1), date(year, 12, 31)
    month = rest[0]
    if len(rest) == 1:
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    day = date(year, month, rest[1])
    return day, day


def check_history(path: str | Path, registry: Registry | None = None) -> tuple[History | None, list[Problem]]:
    """Read a history file and check it: schema, then meaning, then references.

    Args:
        path: the history file.
        registry: where editions and recommendations are resolved; default: the
            ``registry/`` beside the file's folder, if any (the bundled history has the
            bundled registry beside it).

    Returns:
        The `History` (None when it has errors) and every problem found, located in the file.

    Raises:
        InvalidInput: the file cannot be read or parsed.
    """
    path = Path(path)
    file = str(path)
    text = read_text(path)
    data = parse_yaml(text, file)
    problems = schema_problems(data, text, file, SCHEMA_FILE)
    if problems:
        return None, problems

    def problem(key_path: list, message: str, expected: str | None = None) -> Problem:
        line, column = locate(text, key_path)
        return Problem(
            message, file=file, line=line, column=column, key_path=format_key_path(key_path), expected=expected
        )

    problems = _meaning_problems(data, problem)
    if problems:
        return None, problems
    history = _build(data, file)
    if registry is None:
        beside = path.parent.parent / "registry"
        registry = Registry(beside) if beside.is_dir() else None
    if registry is not None:
        problems = _reference_problems(history, registry, problem)
    return (None if problems else history), problems


def read_history(path: str | Path, registry: Registry | None = None) -> History:
    """Read and check a history file.

    Args:
        path: the history file.
        registry: where references are resolved (see `check_history`).

    Returns:
        The `History`.

    Raises:
        InvalidInput: the file is unreadable or has errors (all of them, located).
    """
    history, problems = check_history(path, registry)
    if history is None:
        raise InvalidInput(problems)
    return history


ProblemAt = Callable[..., Problem]


def _meaning_problems(data: dict, problem: ProblemAt) -> list[Problem]:
    """Check what the schema cannot say: unique ids, sessions in order, real dates, addresses in the event's editions."""
    found = []
    seen: dict[str, int] = {}
    previous = None
    for index, event in enumerate(data["events"]):
        base = ["events", index]
        if event["id"] in seen:
            found.append(
                problem(
                    [*base, "id"],
                    f"duplicate event id {event['id']!r} (also at events[{seen[event['id']]}].id)",
                    "a unique id",
                )
            )
        seen.setdefault(event["id"], index)
        number = int(event["session"].rsplit("/", 1)[1])
        if previous is not None and number < previous[1]:
            found.append(
                problem(
                    [*base, "session"],
                    f"{event['session']} comes after {previous[0]}",
                    "events in the order of their sessions",
                )
            )
        previous = (event["session"], number)
        for d_index, claim in enumerate(event["dates"]):
            try:
                period(claim["value"])
            except ValueError:
                found.append(
                    problem(
                        [*base, "dates", d_index, "value"],
                        f"{claim['value']!r} is not a calendar date or period",
                        "a real date, such as 2024-09-16 or 2024-09-16/2024-09-19",
                    )
                )
        for r_index, text in enumerate(event.get("recommendations", ())):
            edition = parse_address(text).edition
            if edition not in event.get("editions", ()):
                found.append(
                    problem(
                        [*base, "recommendations", r_index],
                        f"{text} is in edition {edition!r}, which the event does not list",
                        f"{edition!r} among the event's editions",
                    )
                )
    return found


def _reference_problems(history: History, registry: Registry, problem: ProblemAt) -> list[Problem]:
    """Check that the editions and recommendations of every event exist in the registry."""
    known = registry.ids()
    found = []
    for index, event in enumerate(history.events):
        for e_index, edition in enumerate(event.editions):
            if edition not in known:
                found.append(
                    problem(["events", index, "editions", e_index], f"unknown edition {edition!r}", one_of(known))
                )
        for r_index, address in enumerate(event.recommendations):
            if address.edition not in known:
                continue  # reported with the event's editions
            try:
                node = registry.edition(address.edition).node(address)
            except RecregError:
                continue  # an invalid edition file reports its own problems
            if node is None:
                found.append(
                    problem(
                        ["events", index, "recommendations", r_index],
                        f"{address} does not exist",
                        f"a node of {address.edition}",
                    )
                )
    return found


def _source(data: dict) -> Source:
    return Source(data["file"], data["at"])


def _build(data: dict, file: str) -> History:
    events = tuple(
        Event(
            id=event["id"],
            session=event["session"],
            dates=tuple(DateClaim(d["event"], d["value"], _source(d["source"]), d["quote"]) for d in event["dates"]),
            decisions=tuple(Decision(d["summary"], d["quote"], _source(d["source"])) for d in event["decisions"]),
            sources=tuple(_source(s) for s in event["sources"]),
            documents=tuple(event.get("documents", ())),
            editions=tuple(event.get("editions", ())),
            recommendations=tuple(parse_address(a) for a in event.get("recommendations", ())),
            notes=tuple(event.get("notes", ())),
        )
        for event in data["events"]
    )
    return History(events, title=data.get("title"), notes=tuple(data.get("notes", ())), path=file)


def history_of(registry: Registry, edition: str | None = None) -> History:
    """Return the chronology beside the registry (else the bundled one), narrowed to the events affecting `edition`.

    Raises:
        RecregError: `edition` is not an edition of the registry (naming ``EDITION``).
    """
    edition = edition.lower() if edition else edition
    if edition is not None and edition not in registry.ids():
        raise RecregError(Problem(f"unknown edition {edition!r}", file="EDITION", expected=one_of(registry.ids())))
    chronology = read_history(find_history(registry.root))
    return chronology.affecting(edition) if edition is not None else chronology
