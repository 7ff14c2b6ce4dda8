"""Status: where the implementation of an edition stands, from a survey, carried across editions.

A survey asked about one edition; a status report is about another, or the same one later.
Every answer is carried from the survey's edition to the report's, one ``derives_from`` step
at a time, by the diff engine's alignment (`recreg.engine.align.align_editions`): an answer to
cws11:R7/a counts for cws12:R6/a. The engine's changes (`recreg.engine.classify.classify`) say
whether the text an answer was given to is still the text it now counts for:

- a change of the words (``reworded``, ``modality``), of place (``moved``), of shape
  (``split``, ``merged``, ``became-footnote``, sub-items added or removed) flags the answer
  **to be confirmed**, with the change;
- a change of number, letter, spelling or case only (``renumbered``, ``relabeled``,
  ``editorial``) or of lineage links is shown, and the answer stands;
- an answer whose node has no counterpart (``removed``) is listed apart, with the newer
  nodes that state a relation to it, if any.

An answer to a recommendation is about its statement; an answer to an action is about the
action with its sub-items. The same rules apply when the survey's own edition was amended
after the survey: each question records the text it asked about (`recreg.survey.model.Question.asked`),
and a difference from the edition's text now is a change like any other.

`--anonymize` gives each office a pseudonym (``Respondent 3``) in every output, in an order
drawn from a keyed hash whose key is the survey's own content: the same survey gives every
office the same pseudonym in every format and run, and without the survey file no one can
tell which office is which. Office names in comments are replaced too, and evidence links
(which name their office's website) are withheld.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from ..edition.address import Address
from ..edition.model import Edition, Indicator
from ..engine.align import align_editions
from ..engine.classify import Change, classify, compare_texts
from ..engine.lineage import chain
from ..errors import Problem, RecregError
from ..registry.folder import Registry
from .intake import latest_survey
from .model import STATUSES, Answer, Office, Survey, read_survey, snapshot, survey_path, target
from .scale import summary_counts  # noqa: F401 - part of this module's surface

# Changes that leave the text an answer was given to as it was: shown, and the answer stands.
STANDING_KINDS = frozenset({"renumbered", "relabeled", "editorial", "links-changed", "metadata-changed"})


@dataclass(frozen=True)
class Step:
    """A change between two editions that concerns an answer; ``confirm`` when the answer is to be confirmed."""

    change: Change
    before: str  # edition ids of the step (equal for an amendment after the survey)
    after: str
    confirm: bool


@dataclass(frozen=True)
class Carried:
    """An office's answer, carried to the report's edition.

    ``asked`` is what the survey asked about (an address in its edition, or an indicator id);
    ``steps`` the changes met on the way.
    """

    answer: Answer
    asked: Address | str
    steps: tuple[Step, ...] = ()

    @property
    def to_confirm(self) -> bool:
        """Tell whether the text answered has changed since (the answer is to be confirmed)."""
        return any(step.confirm for step in self.steps)

    @property
    def office(self) -> str:
        """Return the id of the office that answered."""
        return self.answer.office


@dataclass
class IndicatorStatus:
    """An indicator of the report's edition, with the values offices gave."""

    indicator: Indicator
    answers: list[Carried] = field(default_factory=list)

    @property
    def values(self) -> list[float]:
        """Return the values given, in office order."""
        return [a.answer.value for a in self.answers if a.answer.value is not None]

    @property
    def median(self) -> float | None:
        """Return the median value, or None with no values."""
        return statistics.median(self.values) if self.values else None

    @property
    def meeting_target(self) -> int | None:
        """Count the values that meet the target (None without a target)."""
        if self.indicator.target is None:
            return None
        return sum(bool(self.indicator.meets(v)) for v in self.values)


@dataclass
class NodeStatus:
    """A recommendation, action, sub-item or footnote of the report's edition, with its answers.

    ``parts`` are a recommendation's actions (then any of its footnotes that have answers),
    or an action's sub-items that have answers.
    """

    address: Address
    node: Any
    answers: list[Carried] = field(default_factory=list)
    indicators: list[IndicatorStatus] = field(default_factory=list)
    parts: list[NodeStatus] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        """Count the answers by status, every status of the scale listed."""
        found = Counter(a.answer.status for a in self.answers if a.answer.status)
        return {status: found.get(status, 0) for status in STATUSES}

    @property
    def to_confirm(self) -> int:
        """Count the answers to be confirmed."""
        return sum(a.to_confirm for a in self.answers)

    @property
    def reported(self) -> bool:
        """Tell whether any office answered about the node or gave a value of its indicators."""
        return bool(self.answers) or any(i.answers for i in self.indicators)


@dataclass(frozen=True)
class Apart:
    """An answer with no node to count for in the report's edition, and why."""

    carried: Carried
    reason: str
    related: tuple[Address, ...] = ()


@dataclass
class StatusReport:
    """Where the implementation of an edition stands, from a survey."""

    edition: Edition
    survey: Survey | None
    route: tuple[str, ...]
    offices: tuple[Office, ...]
    recommendations: list[NodeStatus]
    apart: list[Apart]
    anonymized: bool = False
    notes: list[str] = field(default_factory=list)
    selected: tuple[str, ...] = ()  # the offices whose profiles to show (--by-office, --office)

    def units(self) -> Iterator[NodeStatus]:
        """Yield what offices report on: each action, or a recommendation that has none."""
        for rec in self.recommendations:
            actions = [part for part in rec.parts if part.address.kind == "action"]
            yield from actions or [rec]

    def nodes(self) -> Iterator[NodeStatus]:
        """Yield every node of the report, in reading order."""

        def walk(node: NodeStatus) -> Iterator[NodeStatus]:
            yield node
            for part in node.parts:
                yield from walk(part)

        for rec in self.recommendations:
            yield from walk(rec)

    @property
    def unreported(self) -> list[NodeStatus]:
        """Return the actions (or recommendations without actions) nobody reported on."""
        return [unit for unit in self.units() if not unit.reported]

    def office(self, office_id: str) -> Office:
        """Return an office by id (its pseudonym's, when anonymized)."""
        return next(o for o in self.offices if o.id == office_id)

    def profile(self, office_id: str) -> list[tuple[NodeStatus, Carried | None]]:
        """Return one office's answers across the edition: every unit, and any other node it answered about."""
        rows = []
        units = {id(unit) for unit in self.units()}
        for node in self.nodes():
            own = next((a for a in node.answers if a.office == office_id), None)
            if id(node) in units or own is not None:
                rows.append((node, own))
        return rows

    def answers(self) -> Iterator[Carried]:
        """Yield every answer counted in the report (values of indicators included)."""
        for node in self.nodes():
            yield from node.answers
            for indicator in node.indicators:
                yield from indicator.answers


# --- building a report ------------------------------------------------------------------------


def build_status(
    edition: Edition, survey: Survey | None, read: Callable[[str], Edition | None], anonymize: bool = False
) -> StatusReport:
    """Report where the implementation of an edition stands, from a survey of it or of an edition it derives from.

    Args:
        edition: the edition to report on.
        survey: the survey (None: the edition's indicators and actions, nobody reported).
        read: gives an edition of the registry by id (None where there is none).
        anonymize: give the offices pseudonyms (see the module docstring).

    Returns:
        The `StatusReport`.

    Raises:
        RecregError: the survey asked about an edition this one does not derive from.
    """
    recommendations = [_node_tree(rec) for rec in edition.recommendations]
    if survey is None:
        return StatusReport(
            edition,
            None,
            (edition.id,),
            (),
            recommendations,
            [],
            notes=[f"no survey: {edition.id}'s actions and indicators, with nobody reported"],
        )
    editions = _route(edition, survey, read)
    carried, apart = _start(survey, editions[0])
    steps = [_successors(older, newer) for older, newer in zip(editions, editions[1:])]
    for index, step in enumerate(steps):
        carried, lost = _carry(carried, step)
        apart += [replace(item, related=_forward(item.related, steps[index + 1 :])) for item in lost]
    apart += _place(carried, recommendations, edition)
    offices = survey.offices
    if anonymize:
        names = pseudonyms(survey)
        recommendations, apart = _anonymized(recommendations, apart, survey, names)
        offices = tuple(sorted(names.values(), key=lambda o: int(o.id.rsplit("-", 1)[1])))
    return StatusReport(edition, survey, tuple(e.id for e in editions), offices, recommendations, apart, anonymize)


def _route(edition: Edition, survey: Survey, read: Callable[[str], Edition | None]) -> list[Edition]:
    """Return the editions from the survey's to the report's, oldest first, following ``derives_from``."""
    editions = chain(edition, read)
    ids = [e.id for e in editions]
    if survey.edition not in ids:
        raise RecregError(
            Problem(
                f"survey {survey.id!r} asked about {survey.edition}, and {edition.id} does not derive from it "
                f"({' → '.join(ids)})",
                file="--survey",
                expected=f"a survey of {' or '.join(ids)}",
            )
        )
    return editions[ids.index(survey.edition) :]


def _node_tree(rec) -> NodeStatus:
    """Return the report's node for a recommendation and its actions (sub-items and footnotes join when answered)."""
    parts = [NodeStatus(a.address, a, indicators=[IndicatorStatus(i) for i in a.indicators]) for a in rec.actions]
    return NodeStatus(rec.address, rec, indicators=[IndicatorStatus(i) for i in rec.indicators], parts=parts)


def _start(survey: Survey, edition: Edition) -> tuple[list[tuple[Carried, Any]], list[Apart]]:
    """Take every answer to the survey's edition as it is now, flagging those whose text changed since the survey.

    Returns:
        (carried answer, where it stands: an address, or an indicator id) pairs, and the
        answers whose node is no longer in the edition.
    """
    carried, apart = [], []
    amended: dict[str, tuple[Step, ...] | None] = {}
    for answer in survey.answers:
        question = survey.question(answer.question)
        asked: Address | str = question.indicator or question.address.with_edition(edition.id)
        if question.key not in amended:
            amended[question.key] = _amended(question, edition, asked)
        steps = amended[question.key]
        if steps is None:
            apart.append(
                Apart(Carried(answer, asked), f"{_name(asked)} is no longer in {edition.id} (amended after the survey)")
            )
            continue
        carried.append((Carried(answer, asked, steps), asked))
    return carried, apart


def _amended(question, edition: Edition, asked: Address | str) -> tuple[Step, ...] | None:
    """Return how the text a question asked about has changed in the edition since (None: the node is gone)."""
    node = target(edition, question)
    if node is None:
        return None
    if question.asked is None or snapshot(node) == question.asked:
        return ()
    where = node.owner if question.indicator else asked
    return tuple(
        Step(change, edition.id, edition.id, change.kind not in STANDING_KINDS)
        for change in compare_texts(question.asked, snapshot(node), where, where)
    )


def _name(where: Address | str) -> str:
    return str(where) if isinstance(where, Address) else f"indicator {where}"


@dataclass(frozen=True)
class _Successors:
    """One step between editions: which new nodes each old node became, and the engine's changes."""

    older: Edition
    newer: Edition
    into: dict[Address, list[Address]]
    changes: list[Change]


def _successors(older: Edition, newer: Edition) -> _Successors:
    """Align two editions and say which new nodes each old node became, with the engine's changes."""
    alignment = align_editions(older, newer)
    into: dict[Address, list[Address]] = {}
    for matching in (alignment.recommendations, alignment.actions, alignment.items, alignment.footnotes):
        for pair in matching.pairs:
            into.setdefault(pair.before, []).append(pair.after)
    for old, parts in alignment.splits.items():
        into.setdefault(old, []).extend(parts)
    for new, parts in alignment.merges.items():
        for old in parts:
            into.setdefault(old, []).append(new)
    for footnote, items in alignment.became_footnote.items():
        for item in items:
            into.setdefault(item, []).append(footnote)
    return _Successors(older, newer, into, classify(older, newer, alignment))


def _addresses(value) -> tuple[Address, ...]:
    if value is None:
        return ()
    return value if isinstance(value, tuple) else (value,)


def concerns(change: Change, old: Address, new: Iterable[Address]) -> bool:
    """Tell whether a change concerns the text an answer to `old` was given to (now at `new`).

    A recommendation's answer concerns its statement; an action's, the action and its
    sub-items (changed, removed, added, or become a footnote); a sub-item's or footnote's, itself.
    """
    befores = _addresses(change.before)
    if old in befores:
        return True
    if old.kind != "action":
        return False
    if any(b.kind == "item" and b.parent() == old for b in befores):
        return True
    targets = set(new)
    return change.kind == "added" and any(a.kind == "item" and a.parent() in targets for a in _addresses(change.after))


def _carry(carried: list[tuple[Carried, Any]], step: _Successors) -> tuple[list[tuple[Carried, Any]], list[Apart]]:
    """Carry answers one step, from an edition to one derived from it."""
    older, newer = step.older, step.newer
    moved, apart = [], []
    for item, where in carried:
        if not isinstance(where, Address):
            moved.extend(_carry_indicator(item, where, older, newer, apart))
            continue
        targets = step.into.get(where, [])
        if not targets:
            related = tuple(_related(where, newer))
            apart.append(Apart(item, f"{where} has no counterpart in {newer.id} (removed)", related))
            continue
        steps = [
            Step(c, older.id, newer.id, c.kind not in STANDING_KINDS)
            for c in step.changes
            if concerns(c, where, targets)
        ]
        # Each part of a split node meets the split and its own changes, not the other part's.
        moved.extend(
            (replace(item, steps=item.steps + tuple(s for s in steps if reaches(s.change, new, targets))), new)
            for new in targets
        )
    return moved, apart


def reaches(change: Change, new: Address, targets: Iterable[Address]) -> bool:
    """Tell whether a change an answer met reaches one of the nodes the answer now counts for.

    An answer to a node split into several counts for each part; a change that names one
    part (its rewording, a sub-item added to it) is not news to the answers of another.
    """
    others = set(targets) - {new}
    afters = _addresses(change.after)
    return any(a == new or a.parent() == new for a in afters) or not any(
        a in others or a.parent() in others for a in afters
    )


def _carry_indicator(item: Carried, key: str, older: Edition, newer: Edition, apart: list[Apart]):
    """Carry a value of an indicator by its id, flagged when what it measures or its unit changed."""
    before, after = older.indicator(key), newer.indicator(key)
    if after is None:
        apart.append(Apart(item, f"indicator {key} is not in {newer.id}"))
        return []
    steps = tuple(
        Step(c, older.id, newer.id, c.kind not in STANDING_KINDS)
        for c in compare_texts(snapshot(before), snapshot(after), before.owner, after.owner)
    )
    return [(replace(item, steps=item.steps + steps), key)]


def _related(old: Address, newer: Edition) -> Iterator[Address]:
    """Yield the nodes of a newer edition that state a relation to an old node (the draft's "Related 40 Rec.")."""
    for rec in newer.recommendations:
        for owner in (rec, *rec.actions):
            if any(link.target == old for link in owner.links):
                yield owner.address


def _forward(addresses: tuple[Address, ...], steps: list[_Successors]) -> tuple[Address, ...]:
    """Carry related nodes on to the report's edition through the remaining steps, without flags."""
    found = list(addresses)
    for step in steps:
        found = [new for address in found for new in step.into.get(address, [])]
    return tuple(dict.fromkeys(found))


def _place(carried: list[tuple[Carried, Any]], recommendations: list[NodeStatus], edition: Edition) -> list[Apart]:
    """Put each carried answer on its node of the report's edition; a second answer of one office to one node goes apart."""
    by_address = {}
    for rec in recommendations:
        by_address[rec.address] = rec
        for part in rec.parts:
            by_address[part.address] = part
    indicators = {i.indicator.id: i for node in by_address.values() for i in node.indicators}
    apart = []
    # An answer that stands comes before one to be confirmed, so a merge keeps the surer one.
    for item, where in sorted(carried, key=lambda pair: pair[0].to_confirm):
        answers = indicators[where].answers if isinstance(where, str) else _node_for(where, by_address, edition).answers
        if any(a.office == item.office for a in answers):
            apart.append(Apart(item, f"{item.office} also answered about {_name(where)} (merged from another node)"))
            continue
        answers.append(item)
    for node in by_address.values():
        node.answers.sort(key=lambda a: a.office)
        for part in node.parts:
            part.answers.sort(key=lambda a: a.office)
        for indicator in node.indicators:
            indicator.answers.sort(key=lambda a: a.office)
    return apart


def _node_for(address: Address, by_address: dict[Address, NodeStatus], edition: Edition) -> NodeStatus:
    """Return the report's node for an address, adding a sub-item or footnote under its parent when first answered."""
    if address not in by_address:
        parent = by_address[address.parent()]
        node = by_address[address] = NodeStatus(address, edition.node(address))
        parent.parts.append(node)
        parent.parts.sort(key=lambda n: (n.address.kind == "footnote", n.address))
    return by_address[address]


# --- pseudonyms -------------------------------------------------------------------------------


def pseudonyms(survey: Survey) -> dict[str, Office]:
    """Give each office of a survey a pseudonym (``respondent-3``, ``Respondent 3``), stable for the survey.

    The order comes from an HMAC of each office id keyed with a digest of the survey's
    content: the same survey always gives the same pseudonyms, and the pseudonyms cannot be
    traced back to offices without the survey itself.
    """
    content = json.dumps(
        [[o.id, o.name] for o in survey.offices] + [_fields(a) for a in survey.answers], ensure_ascii=False
    )
    key = hashlib.sha256(content.encode("utf-8")).digest()
    order = sorted(survey.offices, key=lambda o: hmac.new(key, o.id.encode("utf-8"), hashlib.sha256).digest())
    return {office.id: Office(f"respondent-{n}", f"Respondent {n}") for n, office in enumerate(order, start=1)}


def _fields(answer: Answer) -> list:
    return [answer.office, answer.question, answer.status, answer.value, answer.comment, answer.evidence]


def _anonymized(
    recommendations: list[NodeStatus], apart: list[Apart], survey: Survey, names: dict[str, Office]
) -> tuple[list[NodeStatus], list[Apart]]:
    """Replace every office id and name by its pseudonym, in answers and comments; withhold evidence links."""
    spellings = sorted(
        ((spelling, names[o.id].name) for o in survey.offices for spelling in {o.id, o.name} if spelling),
        key=lambda pair: -len(pair[0]),
    )
    # One group per spelling: which one matched says whose name it was, whatever case
    # folding made of it ("İstanbul" matches "istanbul" ignoring case, but is not its key).
    pattern = (
        re.compile(
            "|".join(rf"(?P<o{k}>(?<!\w){re.escape(s)}(?!\w))" for k, (s, _) in enumerate(spellings)), re.IGNORECASE
        )
        if spellings
        else None
    )

    def hide(item: Carried) -> Carried:
        answer = item.answer
        comment = answer.comment
        if comment and pattern is not None:
            comment = pattern.sub(lambda m: spellings[int(m.lastgroup[1:])][1], comment)
        return replace(item, answer=replace(answer, office=names[answer.office].id, comment=comment, evidence=None))

    def walk(node: NodeStatus) -> None:
        node.answers = sorted((hide(a) for a in node.answers), key=lambda a: _pseudonym_order(a.office))
        for indicator in node.indicators:
            indicator.answers = sorted((hide(a) for a in indicator.answers), key=lambda a: _pseudonym_order(a.office))
        for part in node.parts:
            walk(part)

    for rec in recommendations:
        walk(rec)
    return recommendations, [replace(item, carried=hide(item.carried)) for item in apart]


def _pseudonym_order(office_id: str) -> int:
    return int(office_id.rsplit("-", 1)[1])


def status_of(
    registry: Registry,
    edition_ref: str,
    survey_name: str | None = None,
    office_ids: tuple[str, ...] = (),
    by_office: bool = False,
    anonymize: bool = False,
) -> StatusReport:
    """Report where an edition's implementation stands, from a named survey or the newest one of it or an older edition.

    Args:
        registry: where the edition and the surveys beside it are.
        edition_ref: the edition to report on.
        survey_name: a survey's name in surveys/, or a file (default: the newest that fits).
        office_ids: show these offices' profiles (real ids or, with `anonymize`, pseudonyms).
        by_office: show every office's profile.
        anonymize: give the offices pseudonyms.

    Raises:
        RecregError: no survey to show offices from, or an office the survey does not have (naming the option).
    """
    edition = registry.edition(edition_ref)
    path = survey_path(registry.root, survey_name) if survey_name else latest_survey(registry, edition)
    survey = read_survey(path, registry) if path else None
    report = build_status(edition, survey, registry.edition_or_none, anonymize)
    if not (office_ids or by_office):
        return report
    option = "--office" if office_ids else "--by-office"
    if survey is None:
        raise RecregError(Problem(f"no survey of {edition.id} to show offices from", file=option))
    names = {o.id: o.id for o in report.offices}
    if anonymize:  # the real id picks its pseudonym, as the pseudonym itself does
        names.update({real: office.id for real, office in pseudonyms(survey).items()})
    unknown = [office for office in office_ids if office not in names]
    if unknown:
        raise RecregError(
            Problem(
                f"no office {unknown[0]!r} in survey {survey.id!r}",
                file="--office",
                expected="one of " + ", ".join(o.id for o in report.offices),
            )
        )
    report.selected = tuple(dict.fromkeys(names[o] for o in office_ids)) or tuple(o.id for o in report.offices)
    return report
