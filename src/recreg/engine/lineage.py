"""Lineage: what became of a node across all editions, and how each step is known.

The registry's editions form a chain by ``derives_from`` (r40 -> cws11 -> cws12). Each
step between an edition and the one it derives from is known in one of two ways:

- **stated**: the newer edition records links to the older one (the draft ten's
  "Related 40 Rec." column, as ``related-to`` links), citing the source that states them;
  where an edition records such links, they are the whole truth for that step;
- **matched**: otherwise the diff engine aligns the two editions, and each pair says how it
  was matched (recorded id, lineage link, identical text, similarity) and with what score;
  splits and merges (of actions and of whole recommendations) and sub-items that became a
  footnote are steps too.

A node with no step of its own (an action of the draft ten, which records links only per
recommendation) is traced on through the node it is part of, by a ``part-of`` step.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ..edition.address import Address
from ..edition.model import Edition, Source
from ..errors import Problem, RecregError
from ..words import one_of
from .align import Alignment, align_editions


@dataclass(frozen=True)
class Step:
    """One link of lineage: `before` (older edition) became or fed `after` (newer edition)."""

    before: Address
    after: Address
    how: str  # stated, id, link, text, similarity, split, merged, became-footnote
    score: float | None = None
    relation: str | None = None  # for stated steps: the link type (related-to, ...)
    source: Source | None = None
    probable: bool = False  # a weak match a reviewer should confirm

    def explain(self) -> str:
        """Say in words how the step is known."""
        if self.how == "part-of":
            return f"{self.before} is part of {self.after}, whose lineage follows"
        if self.how == "stated":
            where = f" in {self.source}" if self.source else ""
            return f"{self.relation or 'linked'}, stated{where}"
        if self.how in {"id", "link", "text"}:
            label = {"id": "same recorded id", "link": "recorded lineage link", "text": "identical text"}[self.how]
            return f"matched by the engine: {label}"
        if self.how == "similarity":
            return f"matched by the engine: text similarity {self.score:.2f}" + (" (probable)" if self.probable else "")
        return f"matched by the engine: {self.how}" + (f" ({self.score:.2f})" if self.score is not None else "")


@dataclass
class Lineage:
    """The lineage graph of a registry: every step between consecutive editions."""

    editions: dict[str, Edition]
    steps: list[Step] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._into: dict[Address, list[Step]] = defaultdict(list)
        self._out_of: dict[Address, list[Step]] = defaultdict(list)
        for step in self.steps:
            self._into[step.after].append(step)
            self._out_of[step.before].append(step)

    def node(self, address: Address):
        """Return the node an address names, or raise a one-line error."""
        edition = self.editions.get(address.edition or "")
        if edition is None:
            raise RecregError(
                Problem(f"unknown edition {address.edition!r}", file="ADDRESS", expected=one_of(sorted(self.editions)))
            )
        node = edition.node(address)
        if node is None:
            raise RecregError(Problem(f"{address} does not exist", file="ADDRESS"))
        return node

    def earlier(self, address: Address) -> list[Step]:
        """Return the steps into a node from older editions."""
        return list(self._into.get(address, ()))

    def later(self, address: Address) -> list[Step]:
        """Return the steps out of a node into newer editions."""
        return list(self._out_of.get(address, ()))

    def trace(self, address: Address, direction: str, inherit: bool = True) -> list[tuple[int, Step]]:
        """Walk the lineage backward (``earlier``) or forward (``later``) from a node.

        Args:
            address: where to start.
            direction: ``earlier`` or ``later``.
            inherit: backward, where a node has no step of its own, go on from the node it
                is part of (an action's recommendation), through a ``part-of`` step.

        Returns:
            (depth, step) in walk order; depth 1 is a step from the node itself.
        """
        self.node(address)
        walk = self.earlier if direction == "earlier" else self.later
        result: list[tuple[int, Step]] = []
        seen = {address}

        def visit(node: Address, depth: int) -> None:
            steps = walk(node)
            # Only backward: an action's origin may be recorded for its recommendation alone,
            # but what its recommendation became says nothing of what the action became.
            if not steps and inherit and direction == "earlier" and node.kind != "recommendation":
                parent = node.parent()
                result.append((depth, Step(node, parent, "part-of")))
                if parent not in seen:
                    seen.add(parent)
                    visit(parent, depth + 1)
                return
            for step in steps:
                other = step.before if direction == "earlier" else step.after
                result.append((depth, step))
                if other not in seen:
                    seen.add(other)
                    visit(other, depth + 1)

        visit(address, 1)
        return result

    def reach(self, address: Address, target_edition: str) -> set[Address]:
        """Return the nodes of a later edition that a node was carried into (through every step)."""
        found: set[Address] = set()
        # Only a node's own steps: a dropped action must not count as carried because
        # its recommendation was.
        for _, step in self.trace(address, "later", inherit=False):
            if step.after.edition == target_edition:
                found.add(step.after)
        return found


@dataclass(frozen=True)
class Trace:
    """A node's lineage: the steps that led to it and those that led from it."""

    address: Address
    text: str | None
    earlier: list[tuple[int, Step]]
    later: list[tuple[int, Step]]
    missing: str | None = None  # where the text would be found, when the sources lack it


@dataclass(frozen=True)
class Coverage:
    """What became of every node of an older edition in a newer one."""

    old: Edition
    new: Edition
    groups: dict[str, dict]
    picture: Picture | None = None  # the editions from old to new, recommendation by recommendation


def trace(lineage: Lineage, address: Address) -> Trace:
    """Trace a node backward and forward across all editions.

    Raises:
        RecregError: unknown edition or node.
    """
    node = lineage.node(address)
    text = getattr(node, "text", None) or getattr(node, "statement", None)
    missing = node.missing.where if getattr(node, "missing", None) else None
    return Trace(address, text, lineage.trace(address, "earlier"), lineage.trace(address, "later"), missing)


def chain(newest: Edition, read: Callable[[str], Edition | None]) -> list[Edition]:
    """Return an edition and those it derives from, oldest first.

    Args:
        newest: where to start.
        read: gives an edition by id, or None where it cannot be had; the walk stops
            there, and where ``derives_from`` would loop.
    """
    found = [newest]
    seen = {newest.id}
    while found[-1].derives_from and found[-1].derives_from not in seen:
        older = read(found[-1].derives_from)
        if older is None:
            break
        seen.add(older.id)
        found.append(older)
    return found[::-1]


def states_lineage(edition: Edition, base: Edition) -> bool:
    """Tell whether an edition records links to its base (then those, not the engine, say its lineage)."""
    return any(
        link.target.edition == base.id
        for rec in edition.recommendations
        for owner in (rec, *rec.actions)
        for link in owner.links
    )


def earlier_numbers(lineage: Lineage, edition: Edition) -> dict[Address, tuple[Address, ...]]:
    """Return each recommendation's addresses in older editions, newest first.

    The adopted ten record no links to the 40; their draft does. Walking the lineage back
    gives each adopted recommendation its draft number, then the numbers the draft
    related it to.
    """
    found = {}
    for rec in edition.recommendations:
        trail = [step.before for _, step in lineage.trace(rec.address, "earlier") if step.how != "part-of"]
        if trail:
            found[rec.address] = tuple(dict.fromkeys(trail))
    return found


def build_lineage(editions: dict[str, Edition], aligned: Mapping[tuple[str, str], Alignment] | None = None) -> Lineage:
    """Build the lineage graph of a set of editions (normally the whole registry).

    Args:
        editions: the editions by id; each ``derives_from`` edition present is linked.
        aligned: alignments already made (by a diff), by (old id, new id), used instead of
            aligning those two editions again (with recorded ids and links, as here).

    Returns:
        The `Lineage`.
    """
    steps: list[Step] = []
    for edition in editions.values():
        stated = _stated_steps(edition, editions)
        steps += stated
        base = editions.get(edition.derives_from or "")
        if base is None or states_lineage(edition, base):
            continue
        known = (aligned or {}).get((base.id, edition.id))
        steps += _matched_steps(known if known is not None else align_editions(base, edition))
    return Lineage(editions, steps)


def _stated_steps(edition: Edition, editions: dict[str, Edition]) -> list[Step]:
    steps = []
    for rec in edition.recommendations:
        for owner, links in [(rec.address, rec.links)] + [(a.address, a.links) for a in rec.actions]:
            for link in links:
                if link.target.edition in editions:
                    steps.append(Step(link.target, owner, "stated", relation=link.type, source=link.source))
    return steps


def _matched_steps(alignment: Alignment) -> list[Step]:
    steps = []
    for matching in (alignment.recommendations, alignment.actions, alignment.items, alignment.footnotes):
        steps += [Step(p.before, p.after, p.matched_by, p.score, probable=p.probable) for p in matching.pairs]
    for splits, merges in (
        (alignment.splits, alignment.merges),
        (alignment.recommendation_splits, alignment.recommendation_merges),
    ):
        steps += [Step(old, new, "split") for old, parts in splits.items() for new in parts]
        steps += [Step(old, new, "merged") for new, parts in merges.items() for old in parts]
    steps += [Step(old, new, "became-footnote") for new, olds in alignment.became_footnote.items() for old in olds]
    return steps


def coverage(lineage: Lineage, old: Edition, new: Edition) -> Coverage:
    """Say what became of every node of an older edition in a newer one.

    Nodes are recommendations, actions, items and footnotes. Each old node is
    ``carried`` (into exactly one new node that no other old node reaches),
    ``carried_into_several``, ``merged`` (into one new node that other old nodes reach
    too), ``related`` (a source states only that the new nodes are related to it, as the
    draft ten's "Related 40 Rec." column does: that says neither carried nor merged) or
    ``dropped``; each new node that no old node reaches is ``new``.

    Returns:
        A `Coverage` whose groups map group name -> {address: [new addresses]}
        (``new`` and ``dropped``: address -> []).
    """
    if old.id == new.id:
        raise RecregError(Problem("OLD and NEW are the same edition", file="OLD NEW"))
    olds = [address for rec in old.recommendations for address, _ in _nodes(rec)]
    targets = {address: sorted(lineage.reach(address, new.id)) for address in olds}
    reached_by: dict[Address, set[Address]] = defaultdict(set)
    for address, found in targets.items():
        for target in found:
            reached_by[target].add(address)
    groups: dict[str, dict] = {
        "carried": {},
        "carried_into_several": {},
        "merged": {},
        "related": {},
        "dropped": {},
        "new": {},
    }
    for address, found in targets.items():
        if not found:
            groups["dropped"][address] = []
        elif _only_related(lineage, address):
            groups["related"][address] = found
        elif len(found) > 1:
            groups["carried_into_several"][address] = found
        elif len([a for a in reached_by[found[0]] if a.kind == address.kind]) > 1:
            groups["merged"][address] = found
        else:
            groups["carried"][address] = found
    # Where the older edition has no nodes of a kind (the 40 Recommendations have no
    # actions), the newer edition's nodes of that kind cannot be reached one by one: their
    # recommendation tells whether they are new.
    old_kinds = {address.kind for address in olds}
    for rec in new.recommendations:
        for address, _ in _nodes(rec):
            if address.kind in old_kinds and not reached_by.get(address):
                groups["new"][address] = []
    return Coverage(old, new, groups, picture_of_chain(lineage, old, new))


def _only_related(lineage: Lineage, address: Address) -> bool:
    """Tell whether every step out of a node is a stated ``related-to`` link (a relation, not a succession)."""
    steps = lineage.later(address)
    return bool(steps) and all(step.how == "stated" and step.relation == "related-to" for step in steps)


def _nodes(rec):
    yield rec.address, rec
    for action in rec.actions:
        yield action.address, action
        for item in action.items:
            yield item.address, item
    for footnote in rec.footnotes:
        yield footnote.address, footnote


@dataclass(frozen=True)
class Picture:
    """A lineage picture: editions as columns of recommendations, steps as edges.

    Attributes:
        columns: (edition id, title, recommendation addresses in order), oldest first.
        edges: (from, to, how) where how is ``stated`` (a source says so), ``matched``
            or ``probable`` (the engine found it).
        marks: addresses that lead nowhere (``dropped``) or come from nowhere (``new``).
    """

    columns: tuple[tuple[str, str, tuple[Address, ...]], ...]
    edges: tuple[tuple[Address, Address, str], ...]
    marks: dict


def _how(step_how: str, probable: bool) -> str:
    if step_how == "stated":
        return "stated"
    return "probable" if probable else "matched"


def picture_of_chain(lineage: Lineage, old: Edition, new: Edition) -> Picture:
    """Draw the editions from `old` to `new` (following ``derives_from``) with their recommendation-level steps."""
    editions = chain(new, lineage.editions.get)
    ids = [e.id for e in editions]
    if old.id in ids:
        editions = editions[ids.index(old.id) :]
    else:
        editions = [old, new]
    ids = [e.id for e in editions]
    edges = []
    for step in lineage.steps:
        if (
            step.before.kind == step.after.kind == "recommendation"
            and step.before.edition in ids
            and step.after.edition in ids
        ):
            if ids.index(step.after.edition) == ids.index(step.before.edition) + 1:
                edges.append((step.before, step.after, _how(step.how, step.probable)))
    return _picture([(e.id, e.title, tuple(r.address for r in e.recommendations)) for e in editions], edges)


def picture_of_diff(result) -> Picture:
    """Draw a diff's recommendation pairs, with the older numbers they descend from in front.

    A pair's older numbers are the links its old side states (drawn as stated) and, where
    it inherits its lineage, its numbers in the edition it derives from (as matched: the
    older numbers behind those are in the pair's lineage, not drawn, since a picture of
    one step cannot say which of them led to which). A recommendation merged into another
    or split off one is drawn into or out of its host.
    """
    older: dict[str, set[Address]] = defaultdict(set)
    edges = []
    compared = {result.before.id, result.after.id}
    for pair in result.pairs:
        own = pair.before or pair.after
        stated = [link.target.recommendation() for link in own.links if link.target.edition not in compared]
        inherited = [a.recommendation() for a in pair.lineage if a.edition == result.before.derives_from]
        for target in dict.fromkeys([*stated, *inherited]):
            older[target.edition].add(target)
            edges.append((target, own.address, "stated" if target in stated else "matched"))
        if pair.before is not None and pair.after is not None:
            edges.append((pair.before.address, pair.after.address, _how(pair.matched_by, pair.probable)))
        relation = pair.relation
        if (
            relation is not None
        ):  # a merged recommendation went into its host's new one; a split part came from its old one
            edges.append(
                (own.address, relation.host.after, "matched")
                if pair.before is not None
                else (relation.host.before, own.address, "matched")
            )
    # The older editions are known here only by their ids: no title to show.
    columns = [(edition, "", tuple(sorted(found))) for edition, found in sorted(older.items())]
    columns += [(e.id, e.title, tuple(r.address for r in e.recommendations)) for e in (result.before, result.after)]
    return _picture(columns, edges)


def _picture(columns, edges) -> Picture:
    incoming = {after for _, after, _ in edges}
    outgoing = {before for before, _, _ in edges}
    marks = {}
    for index, (_, _, nodes) in enumerate(columns):
        for node in nodes:
            if index < len(columns) - 1 and node not in outgoing:
                marks[node] = "dropped"
            elif index > 0 and node not in incoming:
                marks[node] = "new"
    return Picture(tuple(columns), tuple(dict.fromkeys(edges)), marks)
