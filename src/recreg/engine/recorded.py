"""Recorded lineage: where an edition says its withdrawn recommendations went.

An OSCAL catalog keeps each withdrawn control with a link to where its content went:
``incorporated-into`` another control, or ``moved-to`` a control under another id. Such a
record names ids, not an older edition, so it is read against the edition being diffed
with: the old recommendation with the withdrawn id went to the new recommendation with the
linked id. ``--match auto`` uses these records as it uses recorded ids and lineage links
(`recreg.engine.align`): the two are paired when the new one has no partner by id, else the
old one is merged into it; ``--match text`` ignores them.
"""

from __future__ import annotations

from ..edition.address import Address
from ..edition.model import Edition

# A moved-to chain (A moved to B, itself later moved to C) is followed this far.
MAX_HOPS = 8


def recorded_lineage(before: Edition, after: Edition) -> dict[Address, tuple[str, Address]]:
    """Return, for each old recommendation the new edition records as withdrawn, its relation and new home.

    Args:
        before: the old edition.
        after: the new edition, with its `Withdrawn` records.

    Returns:
        old recommendation's address -> (``incorporated-into`` or ``moved-to``, the new
        recommendation's address). Records whose withdrawn id is not a recommendation of
        `before`, or whose target is no recommendation of `after` (a whole family, such as
        SA-12 incorporated into SR), give nothing.
    """
    if not after.withdrawn:
        return {}
    old_by_id = {rec.id: rec.address for rec in before.recommendations}
    new_by_id = {rec.id: rec.address for rec in after.recommendations}
    # A link may point into a control's statement (AC-2(10) into ``ac-2_smt.k``): that control.
    parts = {
        node.origin["id"]: rec.address
        for rec in after.recommendations
        for action in rec.actions
        for node in (action, *action.items)
        if node.origin and node.origin.get("id")
    }
    new_by_id = {**parts, **new_by_id}
    withdrawn = {record.id: record for record in after.withdrawn}
    found: dict[Address, tuple[str, Address]] = {}
    for record in after.withdrawn:
        old = old_by_id.get(record.id)
        if old is None or record.id in new_by_id and record.id not in parts:
            continue
        for relation, target in record.links:
            home = _follow(target, new_by_id, withdrawn)
            if home is not None:
                found[old] = (relation, home)
                break
    return found


def _follow(target: str, new_by_id: dict[str, Address], withdrawn: dict) -> Address | None:
    """Follow a link to a recommendation of the new edition, through controls withdrawn in turn."""
    seen = set()
    for _ in range(MAX_HOPS):
        if target in new_by_id:
            return new_by_id[target]
        record = withdrawn.get(target)
        if record is None or target in seen or not record.links:
            return None
        seen.add(target)
        target = record.links[0][1]
    return None


def recorded_into(recorded: dict[Address, tuple[str, Address]]) -> dict[Address, frozenset[Address]]:
    """Return, for each new recommendation, the old ones recorded as having gone into it."""
    found: dict[Address, set[Address]] = {}
    for old, (_, new) in recorded.items():
        found.setdefault(new, set()).add(old)
    return {new: frozenset(olds) for new, olds in found.items()}


def apply_recorded(
    pairs_after: dict[Address, Address],
    unmatched_before: list[Address],
    merges: dict[Address, list[Address]],
    recorded: dict[Address, tuple[str, Address]],
) -> list[Address]:
    """Make each old recommendation that the records send into a paired new one a part merged into it.

    Args:
        pairs_after: old -> new of the one-to-one pairs.
        unmatched_before: the old recommendations left unpaired (changed in place: the merged leave it).
        merges: new -> the old recommendations merged into it beyond its pair (changed in place).
        recorded: what `recorded_lineage` returned.

    Returns:
        The old recommendations now merged by record.
    """
    paired_new = set(pairs_after.values())
    moved = []
    for old in list(unmatched_before):
        relation = recorded.get(old)
        if relation is None or relation[1] not in paired_new:
            continue
        for olds in merges.values():  # a record outranks a guess from the words
            if old in olds:
                olds.remove(old)
        merges.setdefault(relation[1], []).append(old)
        unmatched_before.remove(old)
        moved.append(old)
    for new in [new for new, olds in merges.items() if not olds]:
        del merges[new]
    return moved


def drop_contradicted(
    splits: dict[Address, list[Address]], merges: dict[Address, list[Address]], links: dict[Address, frozenset]
) -> None:
    """Drop the merges and splits found by the words that the new edition's own links contradict.

    A new recommendation's links (lineage, related, recorded withdrawals) say which old ones
    it comes from. An old recommendation some new one links to went where those links say,
    so a merge into a new recommendation that does not link to it is dropped; a new
    recommendation that states where it comes from is split off none but those. Where no
    link speaks of a node, the words decide as before.

    Args:
        splits: old -> its extra new parts (changed in place).
        merges: new -> its extra old parts (changed in place).
        links: new recommendation -> the old recommendations it links to.
    """
    linked_from: dict[Address, set[Address]] = {}
    for new, olds in links.items():
        for old in olds:
            linked_from.setdefault(old, set()).add(new)
    for new, olds in list(merges.items()):
        olds[:] = [old for old in olds if old not in linked_from or new in linked_from[old]]
        if not olds:
            del merges[new]
    for old, news in list(splits.items()):
        news[:] = [new for new in news if not links.get(new) or old in links[new]]
        if not news:
            del splits[old]
