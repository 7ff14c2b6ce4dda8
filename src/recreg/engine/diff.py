"""Diff two editions: align, then classify; rendering lives in `recreg.render`."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from ..edition.address import Address, addresses
from ..edition.model import Edition, Recommendation
from ..errors import Problem, RecregError
from ..gcpause import paused_gc
from .align import Alignment, Pair, align_editions
from .classify import KINDS, Change, classify
from .kinds import selected
from .relations import Relation


@dataclass(frozen=True)
class DiffOptions:
    """How to diff.

    Attributes:
        match: ``"auto"`` uses recorded ids and lineage links before text; ``"text"``
            ignores them and matches on text alone.
    """

    match: str = "auto"


@dataclass(frozen=True)
class RecommendationPair:
    """An old recommendation and the new one it became (either may be None).

    A pair with one side None is an added or removed recommendation, or the part of a
    merge or split of recommendations (an old one merged into another, a new one split off
    one): ``relations`` names the merges and splits the pair takes part in, as host (the
    one-to-one pair a relation extends) or as part.
    """

    before: Recommendation | None
    after: Recommendation | None
    matched_by: str | None = None
    score: float | None = None
    probable: bool = False
    lineage: tuple[Address, ...] = ()
    changes: tuple[Change, ...] = ()
    margin: float | None = None  # score minus the runner-up's, for pairs found by similarity
    relations: tuple[Relation, ...] = ()

    def role(self, relation: Relation) -> str:
        """Return the pair's role in one of its relations: ``host`` or ``part``."""
        host = relation.host
        mine = (self.before.address if self.before else None, self.after.address if self.after else None)
        return "host" if mine == (host.before, host.after) else "part"

    @property
    def relation(self) -> Relation | None:
        """Return the merge or split a recommendation without a partner is part of (None for added, removed, pairs)."""
        if self.before is not None and self.after is not None:
            return None
        return next((r for r in self.relations if self.role(r) == "part"), None)

    @property
    def kinds(self) -> list[str]:
        """Return the kinds of change within the pair, in vocabulary order, once each."""
        present = {c.kind for c in self.changes}
        return [kind for kind in KINDS if kind in present]


@dataclass(frozen=True)
class DiffResult:
    """Everything that changed between two editions."""

    before: Edition
    after: Edition
    options: DiffOptions
    pairs: tuple[RecommendationPair, ...]
    changes: tuple[Change, ...]
    alignment: Alignment  # which node became which, at every level, unchanged ones too (filters keep it whole)
    notes: tuple[str, ...] = field(default=())

    @property
    def labels(self) -> tuple[str, str]:
        """Name what was compared: ``cws12@main``, ``cws13@amend``; two files of one edition by their paths."""
        before, after = self.before.label, self.after.label
        if before == after and self.before.path and self.after.path and self.before.path != self.after.path:
            return self.before.path, self.after.path
        return before, after

    @property
    def title(self) -> str:
        """Say what was compared, old to new (``cws12@main → cws13@amend``)."""
        return " → ".join(self.labels)

    def counts(self) -> dict[str, int]:
        """Count the changes by kind, in vocabulary order."""
        found = {kind: 0 for kind in KINDS}
        for change in self.changes:
            found[change.kind] += 1
        return {kind: n for kind, n in found.items() if n}

    @property
    def same(self) -> bool:
        """Tell whether nothing changed."""
        return not self.changes

    def filtered(self, kinds: Sequence[str] = (), recommendation: Address | None = None) -> DiffResult:
        """Keep only some kinds of change, or the changes of one recommendation.

        Args:
            kinds: the change kinds to keep (all when empty); a modality direction
                (``weakened``...) keeps the modality changes of that direction.
            recommendation: keep the pair whose old or new recommendation this is; an
                address without edition means the new edition's number.

        Raises:
            RecregError: the recommendation is in neither edition.
        """
        pairs = self.pairs
        if recommendation is not None:
            rec = recommendation.recommendation()
            # A bare number, or the new edition's id, means the new side (the ids of both
            # sides may be the same, as in cws12@HEAD~1 against cws12).
            if rec.edition in (None, self.after.id):
                rec = rec.with_edition(self.after.id)
                pairs = tuple(p for p in pairs if p.after and p.after.address == rec)
            else:
                pairs = tuple(p for p in pairs if p.before and p.before.address == rec)
            if not pairs:
                raise RecregError(
                    Problem(f"{rec} is in neither {self.before.id} nor {self.after.id}", file="--recommendation")
                )
        if kinds:
            # A pair with none of the asked kinds is left out, as grep leaves out lines.
            pairs = tuple(
                replace(p, changes=tuple(c for c in p.changes if selected(c.kind, c.details, kinds))) for p in pairs
            )
            pairs = tuple(p for p in pairs if p.changes)
        kept = {id(c) for p in pairs for c in p.changes}
        changes = tuple(
            c
            for c in self.changes
            if id(c) in kept
            or (c.kind == "metadata-changed" and recommendation is None and (not kinds or c.kind in kinds))
        )
        return replace(self, pairs=pairs, changes=changes)


def diff(
    before: Edition,
    after: Edition,
    options: DiffOptions = DiffOptions(),
    earlier: Mapping[Address, tuple[Address, ...]] | None = None,
) -> DiffResult:
    """Diff two editions: which node became which, and what changed.

    Args:
        before: the old edition.
        after: the new edition.
        options: how to match (see `DiffOptions`).
        earlier: each old recommendation's addresses in the editions it derives from, as
            traced by the caller (`recreg.engine.lineage.earlier_numbers`): an edition
            that inherits its lineage (the adopted ten, a draft copied from them) states
            none of it, and each pair's lineage would be empty without them.

    Returns:
        A `DiffResult` with recommendation pairs (in the new edition's order, removed
        ones where they stood) and the flat list of changes.
    """
    with paused_gc():
        alignment = align_editions(before, after, use_records=options.match != "text")
        changes = classify(before, after, alignment)
        pairs = _pairs(before, after, alignment, changes, earlier or {})
    return DiffResult(before, after, options, pairs, tuple(changes), alignment, tuple(alignment.notes))


def _pairs(
    before: Edition,
    after: Edition,
    alignment: Alignment,
    changes: list[Change],
    earlier: Mapping[Address, tuple[Address, ...]],
) -> tuple[RecommendationPair, ...]:
    """Group the changes by recommendation pair, carrying each pair's older lineage and its relations."""
    by_before: dict[Address, Pair] = {p.before: p for p in alignment.recommendations.pairs}
    by_after: dict[Address, Pair] = {p.after: p for p in alignment.recommendations.pairs}
    owned = _changes_by_pair(changes, by_before)

    compared = {before.id, after.id}

    def lineage(old: Recommendation | None, new: Recommendation | None = None) -> tuple[Address, ...]:
        older = {link.target for rec in (old, new) if rec for link in rec.links if link.target.edition not in compared}
        if old is not None:  # what the old side inherits, traced by the caller
            older.update(a for a in earlier.get(old.address, ()) if a.edition not in compared)
        return tuple(sorted(older, key=lambda a: (a.edition or "", a.number or 0)))

    relations: dict[tuple[str, Address], list[Relation]] = {}
    for relation in alignment.relations:
        if relation.level == "recommendation":
            for side, recs in (("old", relation.before), ("new", relation.after)):
                for rec in recs:
                    relations.setdefault((side, rec), []).append(relation)

    def related(old: Recommendation | None, new: Recommendation | None) -> tuple[Relation, ...]:
        found = relations.get(("old", old.address), []) if old else []
        found += [r for r in relations.get(("new", new.address), []) if r not in found] if new else []
        return tuple(found)

    return _rows(before, after, by_before, by_after, owned, lineage, related)


def _changes_by_pair(changes: list[Change], by_before: dict[Address, Pair]) -> dict[tuple[str, Address], list[Change]]:
    """Group the changes by the recommendation each touches, keyed by its side and address (the new one of a pair)."""
    # Keys say which side an address is on: both sides may share an edition id
    # (cws12@HEAD~1 against cws12), so the address alone cannot tell. A change belongs to
    # every pair it touches: an action moved from R3 to R5 is news in both sections.
    owned: dict[tuple[str, Address], list[Change]] = {}
    for change in changes:
        if change.kind == "metadata-changed":
            continue
        keys = [("new", address.recommendation()) for address in addresses(change.after)]
        for address in addresses(change.before):
            rec = address.recommendation()
            keys.append(("new", by_before[rec].after) if rec in by_before else ("old", rec))
        for key in dict.fromkeys(keys):
            owned.setdefault(key, []).append(change)
    return owned


def _rows(
    before: Edition,
    after: Edition,
    by_before: dict[Address, Pair],
    by_after: dict[Address, Pair],
    owned: dict[tuple[str, Address], list[Change]],
    lineage: Callable[..., tuple[Address, ...]],
    related: Callable[..., tuple[Relation, ...]],
) -> tuple[RecommendationPair, ...]:
    """Make a row per recommendation of the new edition, in its order, then one per removed recommendation."""
    pairs = []
    # A recommendation merged into another, or split off one, keeps a row of its own (its
    # merge or split is in that row and in its partner's): the summary lists every
    # recommendation of both editions, and a reviewer finds each where it stood.
    removed = [r for r in before.recommendations if r.address not in by_before]
    for rec in after.recommendations:
        pair = by_after.get(rec.address)
        if pair is None:
            pairs.append(
                RecommendationPair(
                    None,
                    rec,
                    lineage=lineage(None, rec),
                    changes=tuple(owned.get(("new", rec.address), ())),
                    relations=related(None, rec),
                )
            )
            continue
        old = before.node(pair.before)
        pairs.append(
            RecommendationPair(
                old,
                rec,
                pair.matched_by,
                pair.score,
                pair.probable,
                lineage(old, rec),
                tuple(owned.get(("new", rec.address), ())),
                pair.margin,
                related(old, rec),
            )
        )
    for rec in removed:
        pairs.append(
            RecommendationPair(
                rec,
                None,
                lineage=lineage(rec),
                changes=tuple(owned.get(("old", rec.address), ())),
                relations=related(rec, None),
            )
        )
    return tuple(pairs)


def summarize(result: DiffResult) -> str:
    """Say in one line what changed, node by node: ``R3 reworded; R5/c weakened; R8 added``.

    Args:
        result: a diff result (filter it first to summarise one recommendation).

    Returns:
        The summary, or ``no change``.
    """
    phrases: dict[str, list[str]] = {}
    for change in result.changes:
        node, phrase = _phrase(change)
        if phrase not in phrases.setdefault(node, []):
            phrases[node].append(phrase)
    return "; ".join(f"{node} {', '.join(words)}".strip() for node, words in phrases.items()) or "no change"


def _phrase(change: Change) -> tuple[str, str]:
    """Return the node a change is about (its new address, if any) and a few words for it."""

    def local(value) -> str:
        if isinstance(value, tuple):
            return ", ".join(a.local for a in value)
        return value.local or str(value)

    kind, before, after = change.kind, change.before, change.after
    if kind == "metadata-changed":
        return "edition metadata", "changed"
    if kind in {"removed", "footnote-removed"}:
        return local(before), "removed"
    if kind in {"added", "footnote-added"}:
        return local(after), "added"
    if kind == "modality":
        return local(after), change.details["direction"]
    if kind in {"renumbered", "relabeled"}:
        return local(after), f"was {local(before)}"
    if kind == "merged" and change.details.get("parts"):  # the host pair merged the parts in
        return local(after), "merged from " + ", ".join(change.details["parts"])
    if kind in {"moved", "split", "merged", "became-footnote"}:
        verb = {"moved": "moved from", "split": "split from", "merged": "merged from", "became-footnote": "made from"}[
            kind
        ]
        return local(after), f"{verb} {local(before)}"
    if kind == "links-changed":
        return local(after), "links changed"
    return local(after), kind  # reworded, editorial, footnote-changed


def empty_like(edition: Edition) -> Edition:
    """Return the edition with no content: what stood before it was added, or stands after it was deleted.

    Its facts (title, status, dates, documents...) are kept: an edition added or deleted whole
    did not change them, and a report that said so would only repeat every field.
    """
    return replace(edition, recommendations=(), introduction=(), notes=(), withdrawn=())
