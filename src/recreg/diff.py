"""Diff two editions: align, then classify; rendering lives in `recreg.render`."""

from __future__ import annotations

from dataclasses import dataclass, field

from .address import Address
from .align import Alignment, Pair, align_editions
from .classify import KINDS, Change, classify
from .model import Edition, Recommendation


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
    """An old recommendation and the new one it became (either may be None)."""

    before: Recommendation | None
    after: Recommendation | None
    matched_by: str | None = None
    score: float | None = None
    probable: bool = False
    lineage: tuple[Address, ...] = ()
    changes: tuple[Change, ...] = ()

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
    notes: tuple[str, ...] = field(default=())

    @property
    def same(self) -> bool:
        """Tell whether nothing changed."""
        return not self.changes


def diff(before: Edition, after: Edition, options: DiffOptions = DiffOptions()) -> DiffResult:
    """Diff two editions: which node became which, and what changed.

    Args:
        before: the old edition.
        after: the new edition.
        options: how to match (see `DiffOptions`).

    Returns:
        A `DiffResult` with recommendation pairs (in the new edition's order, removed
        ones where they stood) and the flat list of changes.
    """
    alignment = align_editions(before, after, use_records=options.match != "text")
    changes = classify(before, after, alignment)
    return DiffResult(before, after, options, _pairs(before, after, alignment, changes), tuple(changes), tuple(alignment.notes))


def _pairs(before: Edition, after: Edition, alignment: Alignment, changes: list[Change]) -> tuple[RecommendationPair, ...]:
    """Group the changes by recommendation pair, carrying each pair's older lineage."""
    by_before: dict[Address, Pair] = {p.before: p for p in alignment.recommendations.pairs}
    by_after: dict[Address, Pair] = {p.after: p for p in alignment.recommendations.pairs}
    owned: dict[Address, list[Change]] = {}
    for change in changes:
        if change.kind == "metadata-changed":
            continue
        rec = change.owner.recommendation()
        if rec.edition == before.id and rec in by_before:
            rec = by_before[rec].after
        owned.setdefault(rec, []).append(change)

    def lineage(*recs: Recommendation | None) -> tuple[Address, ...]:
        older = {link.target for rec in recs if rec for link in rec.links if link.target.edition not in {before.id, after.id}}
        return tuple(sorted(older, key=lambda a: (a.edition or "", a.number or 0)))

    pairs = []
    removed = [r for r in before.recommendations if r.address not in by_before]
    for rec in after.recommendations:
        pair = by_after.get(rec.address)
        if pair is None:
            pairs.append(RecommendationPair(None, rec, lineage=lineage(rec), changes=tuple(owned.get(rec.address, ()))))
            continue
        old = before.node(pair.before)
        pairs.append(RecommendationPair(old, rec, pair.matched_by, pair.score, pair.probable, lineage(old, rec),
                                        tuple(owned.get(rec.address, ()))))
    for rec in removed:
        pairs.append(RecommendationPair(rec, None, lineage=lineage(rec), changes=tuple(owned.get(rec.address, ()))))
    return tuple(pairs)
