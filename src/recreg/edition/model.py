"""The typed model: one class per concept, each node knowing its own address."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .address import Address, parse_address

FOOTNOTE_MARKER = re.compile(r"\[\^(\d+)\]")


@dataclass(frozen=True, slots=True)
class Source:
    """Where a fact or text comes from: a source document and a place in it."""

    file: str
    at: str

    def __str__(self) -> str:
        return f"{self.file}, {self.at}"


@dataclass(frozen=True, slots=True)
class Link:
    """A typed link from a node to a node of another edition."""

    type: str
    target: Address
    source: Source | None = None


@dataclass(frozen=True, slots=True)
class Indicator:
    """A key performance indicator of a recommendation or action: what is measured, in what unit, toward what target."""

    owner: Address
    id: str
    measures: str
    unit: str
    source: Source | None = None
    target: float | None = None
    bound: str | None = None  # at_least or at_most: which side of the target meets it

    def meets(self, value: float) -> bool | None:
        """Tell whether a value meets the target (None when there is no target)."""
        if self.target is None:
            return None
        return value >= self.target if self.bound == "at_least" else value <= self.target

    @property
    def target_label(self) -> str | None:
        """Return the target in words (``at least 80 percent``), or None."""
        if self.target is None:
            return None
        value = f"{self.target:g}"
        return f"{'at least' if self.bound == 'at_least' else 'at most'} {value} {self.unit}"


@dataclass(frozen=True, slots=True)
class Item:
    """A sub-item (i., ii., ...) of an action."""

    address: Address
    label: str
    text: str
    source: Source | None = None
    printed: str | None = None  # the label as the source prints it (``1.``), where it is not the numeral
    origin: Mapping[str, Any] | None = field(default=None, compare=False, repr=False)  # see `Recommendation.origin`


@dataclass(frozen=True, slots=True)
class Action:
    """A lettered recommended action, with its sub-items."""

    address: Address
    label: str
    text: str
    items: tuple[Item, ...] = ()
    id: str | None = None
    links: tuple[Link, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    source: Source | None = None
    printed: str | None = None  # the label as the source prints it (``a.``, ``(a)``)
    origin: Mapping[str, Any] | None = field(default=None, compare=False, repr=False)  # see `Recommendation.origin`


@dataclass(frozen=True, slots=True)
class Footnote:
    """A numbered footnote, anchored by ``[^N]`` markers in its recommendation's texts."""

    address: Address
    number: int
    text: str
    source: Source | None = None


@dataclass(frozen=True, slots=True)
class Missing:
    """A text the sources do not give, and where it would be found."""

    where: str
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Description:
    """A short description of a recommendation quoted in a source."""

    text: str
    source: Source


@dataclass(frozen=True, slots=True)
class Recommendation:
    """A numbered recommendation with its statement, actions, footnotes and links."""

    address: Address
    id: str
    number: int
    statement: str | None
    actions: tuple[Action, ...] = ()
    footnotes: tuple[Footnote, ...] = ()
    links: tuple[Link, ...] = ()
    missing: Missing | None = None
    descriptions: tuple[Description, ...] = ()
    new: Description | None = None
    group: dict | None = None
    priority: Source | None = None
    source: Source | None = None
    indicators: tuple[Indicator, ...] = ()
    # Read from a control catalog (OSCAL): the number as printed (``AC-2(3)``), the title, the
    # titles of the groups it stands in (``Access Control``), and the source's own data that
    # recreg does not model (parameters, guidance, properties), kept to write it back.
    label: str | None = None
    title: str | None = None
    section: tuple[str, ...] = ()
    origin: Mapping[str, Any] | None = field(default=None, compare=False, repr=False)

    @property
    def name(self) -> str:
        """Name the recommendation as its source does: ``AC-2(3)``, else ``R5``."""
        return self.label or self.address.local

    def action(self, label: str) -> Action | None:
        """Return the action with this label, or None."""
        return next((a for a in self.actions if a.label == label), None)

    def footnote(self, number: int) -> Footnote | None:
        """Return the footnote with this number, or None."""
        return next((f for f in self.footnotes if f.number == number), None)

    def texts(self) -> Iterator[tuple[Address, str]]:
        """Yield every text of the recommendation with its address, in reading order."""
        if self.statement is not None:
            yield self.address, self.statement
        for action in self.actions:
            yield action.address, action.text
            for item in action.items:
                yield item.address, item.text
        for footnote in self.footnotes:
            yield footnote.address, footnote.text


@dataclass(frozen=True, slots=True)
class DateClaim:
    """A date a source gives for an event of the edition."""

    event: str
    value: str
    source: Source
    quote: str | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """A document symbol under which the edition was published or discussed."""

    symbol: str
    role: str
    source: Source | None = None


@dataclass(frozen=True, slots=True)
class Withdrawn:
    """A recommendation the edition records as withdrawn, and where its content went.

    An OSCAL catalog keeps a withdrawn control with its status and links: ``incorporated-into``
    (merged into another) or ``moved-to`` (renamed). They are no recommendations of the
    edition; the diff reads them as recorded lineage (`recreg.engine.recorded`).
    """

    id: str
    label: str | None = None
    title: str | None = None
    links: tuple[tuple[str, str], ...] = ()  # (incorporated-into or moved-to, the id it went to)
    section: tuple[str, ...] = ()
    origin: Mapping[str, Any] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)  # no slots: the number index is cached on the instance
class Edition:
    """One edition of the recommendations, as loaded from one YAML file."""

    id: str
    title: str
    committee: str
    status: str
    recommendations: tuple[Recommendation, ...]
    session: str | None = None
    derives_from: str | None = None
    documents: tuple[Document, ...] = ()
    dates: tuple[DateClaim, ...] = ()
    source: Source | None = None
    notes: tuple[str, ...] = ()
    introduction: tuple[Description, ...] = ()  # the annex's opening paragraphs, before its table
    path: str | None = None
    metadata: dict = field(default_factory=dict, compare=False)
    revision: str | None = field(default=None, compare=False)  # the git revision it was read at, if any
    withdrawn: tuple[Withdrawn, ...] = ()
    # What the edition was read from, when not an edition file: ``oscal`` for a control catalog.
    format: str = "recreg"
    origin: Mapping[str, Any] | None = field(default=None, compare=False, repr=False)  # the catalog's own data
    digest: str | None = field(default=None, compare=False)  # its checked text's key in `recreg.edition.cache`, if read

    @property
    def label(self) -> str:
        """Name the edition as it was read: ``cws12``, or ``cws12@main`` at a git revision."""
        return f"{self.id}@{self.revision}" if self.revision else self.id

    def recommendation(self, number: int) -> Recommendation | None:
        """Return the recommendation with this display number, or None."""
        return self._by_number.get(number)

    @cached_property
    def _by_number(self) -> dict[int, Recommendation]:
        # Built once: the diff engine looks nodes up by address many thousands of times.
        return {rec.number: rec for rec in reversed(self.recommendations)}

    def node(self, address: Address):
        """Return the node an address names within this edition, or None.

        Returns:
            The `Edition`, `Recommendation`, `Action`, `Item` or `Footnote`.
        """
        if address.number is None:
            return self
        rec = self.recommendation(address.number)
        if rec is None:
            return None
        if address.footnote is not None:
            return rec.footnote(address.footnote)
        if address.action is None:
            return rec
        action = rec.action(address.action)
        if action is None or address.item is None:
            return action
        return next((i for i in action.items if i.label == address.item), None)

    @cached_property
    def states_links(self) -> bool:
        """Tell whether any recommendation or action of the edition records a link (or a "new" note in their stead)."""
        return any(rec.links or rec.new or any(action.links for action in rec.actions) for rec in self.recommendations)

    def all_indicators(self) -> Iterator[Indicator]:
        """Yield every indicator of the edition, in reading order (a recommendation's before its actions')."""
        for rec in self.recommendations:
            yield from rec.indicators
            for action in rec.actions:
                yield from action.indicators

    def indicator(self, indicator_id: str) -> Indicator | None:
        """Return the indicator with this id, or None."""
        return next((i for i in self.all_indicators() if i.id == indicator_id), None)

    @property
    def counts(self) -> dict[str, int]:
        """Count recommendations, actions, items, footnotes and missing texts."""
        recs = self.recommendations
        return {
            "recommendations": len(recs),
            "actions": sum(len(r.actions) for r in recs),
            "items": sum(len(a.items) for r in recs for a in r.actions),
            "footnotes": sum(len(r.footnotes) for r in recs),
            "missing_texts": sum(1 for r in recs if r.statement is None),
        }


def _source(data: dict | None) -> Source | None:
    return Source(data["file"], data["at"]) if data else None


def _link(data: dict) -> Link:
    return Link(data["type"], parse_address(data["target"]), _source(data.get("source")))


def _indicators(owner: Address, data: dict) -> tuple[Indicator, ...]:
    found = []
    for indicator in data.get("indicators") or ():
        bound, target = next(iter((indicator.get("target") or {None: None}).items()))
        found.append(
            Indicator(
                owner,
                indicator["id"],
                indicator["measures"],
                indicator["unit"],
                _source(indicator.get("source")),
                None if target is None else float(target),
                bound,
            )
        )
    return tuple(found)


def build_edition(data: dict, path: str | None = None) -> Edition:
    """Build the typed model from a document that passed the schema.

    Args:
        data: the parsed YAML document, already valid against the edition schema.
        path: the file it was read from, kept for messages.

    Returns:
        The `Edition`.
    """
    edition_id = data["id"]
    recommendations = [_recommendation(edition_id, rec) for rec in data.get("recommendations") or ()]
    metadata = {key: value for key, value in data.items() if key != "recommendations"}
    return Edition(
        id=edition_id,
        title=data["title"],
        committee=data["committee"],
        status=data["status"],
        recommendations=tuple(recommendations),
        session=data.get("session"),
        derives_from=data.get("derives_from"),
        documents=tuple(
            Document(d["symbol"], d["role"], _source(d.get("source"))) for d in data.get("documents") or ()
        ),
        dates=tuple(
            DateClaim(d["event"], d["value"], _source(d["source"]), d.get("quote")) for d in data.get("dates") or ()
        ),
        source=_source(data.get("source")),
        notes=tuple(data.get("notes") or ()),
        path=path,
        introduction=tuple(Description(p["text"], _source(p["source"])) for p in data.get("introduction") or ()),
        metadata=metadata,
    )


def _recommendation(edition_id: str, rec: dict) -> Recommendation:
    """Build one recommendation of a schema-valid document."""
    address = Address(edition_id, rec["number"])
    footnotes = tuple(
        Footnote(
            Address(edition_id, rec["number"], footnote=fn["number"]),
            fn["number"],
            fn["text"],
            _source(fn.get("source")),
        )
        for fn in rec.get("footnotes") or ()
    )
    missing = rec.get("missing")
    new = rec.get("new")
    return Recommendation(
        address=address,
        id=rec["id"],
        number=rec["number"],
        statement=rec.get("statement"),
        actions=tuple(_action(address, action) for action in rec.get("actions") or ()),
        footnotes=footnotes,
        links=tuple(_link(link) for link in rec.get("links") or ()),
        missing=Missing(missing["where"], missing.get("note")) if missing else None,
        descriptions=tuple(Description(d["text"], _source(d["source"])) for d in rec.get("descriptions") or ()),
        new=Description(new["text"], _source(new["source"])) if new else None,
        group=rec.get("group"),
        priority=_source(rec["priority"]["source"]) if rec.get("priority") else None,
        source=_source(rec.get("source")),
        indicators=_indicators(address, rec),
    )


def _action(address: Address, action: dict) -> Action:
    """Build one action of a recommendation, with its sub-items."""
    action_address = address.child(action["label"])
    items = tuple(
        Item(action_address.child(item["label"]), item["label"], item["text"], _source(item.get("source")))
        for item in action.get("items") or ()
    )
    links = tuple(_link(link) for link in action.get("links") or ())
    return Action(
        action_address,
        action["label"],
        action["text"],
        items,
        action.get("id"),
        links,
        _indicators(action_address, action),
        _source(action.get("source")),
    )
