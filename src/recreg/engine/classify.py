"""Classify: name every change between aligned nodes.

Kinds (the vocabulary of ``schemas/diff.schema.json``):

=================  =====================================================================
renumbered         a recommendation's number changed
relabeled          an action's letter or an item's numeral changed (within its recommendation)
moved              an action now stands in another recommendation
split              one old action (or recommendation) became several new ones
merged             several old actions (or recommendations) became one
reworded           the words changed (word diff and significance)
editorial          only case, punctuation, articles, hyphenation or spelling variants changed
modality           a normative phrase changed (before, after, direction)
added / removed    a node with no counterpart
footnote-added     a new footnote (footnote-removed, footnote-changed likewise)
became-footnote    old sub-items whose content now stands in a footnote
links-changed      recorded links to other editions changed, or the "new" note in their stead
metadata-changed   edition metadata (title, session, status, documents, dates...) changed
=================  =====================================================================

A modality change is reported only where a normative phrase was replaced by another;
where the phrase stays and the words around it change, that is rewording.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from ..edition.address import Address
from ..edition.model import Edition
from .align import Alignment
from .kinds import KINDS, ChangeDetails  # noqa: E402  (KINDS re-exported: the vocabulary this module documents)
from .structure import structural_changes
from .textdiff import apportion, direction, fold, modal_changes, opcodes, similarity, tokenize, word_diff


@dataclass(frozen=True)
class Change:
    """One change: its kind, the old and new node addresses, and what it takes to show it.

    ``before`` and ``after`` are an address, a tuple of addresses (split, merge,
    became-footnote) or None (added, removed); `details` has the keys its kind's type in
    `recreg.engine.kinds.DETAILS` names. A change is never altered once made.
    """

    kind: str
    before: Address | tuple[Address, ...] | None
    after: Address | tuple[Address, ...] | None
    details: ChangeDetails = field(default_factory=dict)  # type: ignore[assignment]

    @property
    def owner(self) -> Address:
        """Return the address that places the change: its first new node, else its first old one."""
        side = self.after if self.after is not None else self.before
        return side[0] if isinstance(side, tuple) else side


def compare_texts(before_text: str, after_text: str, before: Any, after: Any) -> list[Change]:
    """Compare two texts: modality changes, then rewording or editorial change.

    Args:
        before_text: the old text.
        after_text: the new text.
        before: the old node's address (or addresses), for the changes.
        after: the new node's address (or addresses).

    Returns:
        No change when the texts are equal; otherwise a `modality` change per replaced
        normative phrase, and one `reworded` or `editorial` change carrying the word diff.
    """
    if before_text == after_text:
        return []
    old, new = tokenize(before_text), tokenize(after_text)
    ops = opcodes(old, new)
    replaced, modal_inserted_or_deleted = modal_changes(old, new, ops)
    changes = [
        Change("modality", before, after, {"before": b.text, "after": a.text, "direction": direction(b.modal, a.modal)})
        for b, a in replaced
    ]
    edits = word_diff(old, new, ops)
    old_words, new_words = fold(old), fold(new)
    if old_words != new_words or modal_inserted_or_deleted:
        significance = 1.0 - similarity(old_words, new_words)
        changes.append(
            Change("reworded", before, after, {"significance": round(max(significance, 0.01), 3), "diff": edits})
        )
    elif _rest(old) != _rest(new):
        significance = 1.0 - similarity(_rest(old), _rest(new))
        changes.append(Change("editorial", before, after, {"significance": round(significance, 3), "diff": edits}))
    elif changes:  # the phrase is all that changed: its change carries the word diff
        changes[-1] = replace(changes[-1], details={**changes[-1].details, "diff": edits})
    return changes


def _rest(tokens) -> list[str]:
    """Return the tokens other than normative phrases, as written."""
    return [t.text for t in tokens if not t.modal]


def classify(before: Edition, after: Edition, alignment: Alignment) -> list[Change]:
    """Name every change between two aligned editions.

    Returns:
        The changes, in the order of the new edition (removed nodes where they stood).
    """
    changes: list[Change] = []
    changes += _metadata_changes(before, after)
    recs_before = {r.address: r for r in before.recommendations}
    recs_after = {r.address: r for r in after.recommendations}
    # An edition that states no links inherits its lineage (the adopted ten do not restate
    # the draft's "Related 40 Rec." column): comparing its links would report every one as
    # removed. Links are compared where both sides state them, or between two revisions of
    # one edition, where dropping them is an edit.
    compare_links = before.id == after.id or (before.states_links and after.states_links)
    for pair in alignment.recommendations.pairs:
        old, new = recs_before[pair.before], recs_after[pair.after]
        # A catalog's controls are numbered by their labels (AC-2(3)), their positions are recreg's.
        numbers = (old.label, new.label) if old.label and new.label else (old.number, new.number)
        if numbers[0] != numbers[1]:
            changes.append(Change("renumbered", old.address, new.address, {"before": numbers[0], "after": numbers[1]}))
        if old.statement is not None and new.statement is not None:
            changes += compare_texts(old.statement, new.statement, old.address, new.address)
        links = _link_changes(old, new) if compare_links else {}
        note = (old.new.text if old.new else None, new.new.text if new.new else None)
        if compare_links and note[0] != note[1]:
            # The Related column's "Not applicable as this is new": said, unsaid or reworded.
            links["new"] = {"before": note[0], "after": note[1]}
        if links:
            changes.append(Change("links-changed", old.address, new.address, links))
    changes += [Change("removed", key, None) for key in alignment.recommendations.unmatched_before]
    changes += [Change("added", None, key) for key in alignment.recommendations.unmatched_after]
    changes += _relation_changes(before, after, alignment)
    changes += _action_changes(before, after, alignment)
    changes += _item_changes(before, after, alignment)
    changes += _footnote_changes(before, after, alignment)
    order = {r.address: n for n, r in enumerate(after.recommendations)}
    order_before = {r.address: n for n, r in enumerate(before.recommendations)}

    def position(change: Change):
        owner = change.owner
        rec = owner.recommendation()
        if change.after is not None:  # the owner is on the new side (the ids may be equal)
            return (
                0,
                order.get(rec, 0),
                owner.action or "",
                owner.item or "",
                owner.footnote or 0,
                KINDS.index(change.kind),
            )
        partner = alignment.partner(rec)
        base = order.get(partner, len(order)) if partner else order_before.get(rec, 0) - 0.5
        return (0, base, owner.action or "", owner.item or "", owner.footnote or 0, KINDS.index(change.kind))

    return sorted(changes, key=lambda c: (-1,) if c.kind == "metadata-changed" else position(c))


def _action_changes(before: Edition, after: Edition, alignment: Alignment) -> list[Change]:
    changes = []
    removed_recs = set(alignment.recommendations.unmatched_before)
    added_recs = set(alignment.recommendations.unmatched_after)
    merged_into = alignment.merges
    # An action carried by a merge or split of recommendations stands in another
    # recommendation than its old one's pair: it moved, whatever its letter.
    carried = {
        pair: relation.kind
        for relation in alignment.relations
        if relation.level == "recommendation"
        for pair in relation.carried
    }
    for pair in alignment.actions.pairs:
        old, new = before.node(pair.before), after.node(pair.after)
        # Parts in document order, whichever of them the one-to-one pass paired.
        parts_after = tuple(sorted((pair.after, *alignment.splits.get(pair.before, ()))))
        parts_before = tuple(sorted((pair.before, *merged_into.get(pair.after, ()))))
        if pair in carried or pair.after.recommendation() not in alignment.successors(pair.before.recommendation()):
            details = {"matched_by": pair.matched_by, "score": pair.score}
            changes.append(
                Change(
                    "moved",
                    pair.before,
                    pair.after,
                    {**details, "relation": carried[pair]} if pair in carried else details,
                )
            )
        elif old.label != new.label:
            changes.append(Change("relabeled", pair.before, pair.after, {"before": old.label, "after": new.label}))
        before_ref: Any = pair.before if len(parts_before) == 1 else parts_before
        old_text = " ".join(before.node(k).text for k in parts_before)
        if len(parts_after) == 1:
            changes += compare_texts(old_text, new.text, before_ref, pair.after)
            continue
        # Each part against the stretch of the old text it took, so a reviewer sees which
        # words went where (one diff of the parts joined would hide that).
        texts = [after.node(k).text for k in parts_after]
        for part, stretch, text in zip(parts_after, apportion(old_text, texts), texts):
            changes += compare_texts(stretch.strip(), text, before_ref, part)
    return changes + _unmatched(alignment.actions, removed_recs, added_recs, Address.recommendation)


def _relation_changes(before: Edition, after: Edition, alignment: Alignment) -> list[Change]:
    """Report every merge and split, of recommendations and of actions, from the alignment's relations.

    ``merged``: the old nodes (the host's first for recommendations, document order for
    actions) -> the new one; ``split``: the old node -> the new ones, likewise. The details
    say the relation whole (`recreg.engine.kinds.Relation`): its level, host pair, parts,
    which stretch of the old text went where, the actions a merge or split of
    recommendations carried, and for merged recommendations the ``part`` (action) of the
    new one that holds every merged text, where one holds them.
    """
    changes = []
    for relation in alignment.relations:
        host = relation.host
        details: dict[str, Any] = {
            "level": relation.level,
            "host": {"from": host.before.local, "to": host.after.local},
            "parts": [a.local for a in relation.parts],
            "went": _went(before, after, relation),
        }
        if relation.level == "recommendation":
            details["carried"] = [{"from": p.before.local, "to": p.after.local} for p in relation.carried]
            olds, news = relation.before, relation.after
            placed = {where for _, where in relation.placed}
            if relation.kind == "merged" and len(placed) == 1 and len(relation.placed) == len(relation.parts):
                details["part"] = placed.pop().local
        else:
            olds, news = tuple(sorted(relation.before)), tuple(sorted(relation.after))
        changes.append(
            Change(relation.kind, olds if len(olds) > 1 else olds[0], news if len(news) > 1 else news[0], details)
        )
    return changes


def _went(before: Edition, after: Edition, relation) -> list[dict]:
    """Say which stretch of the old text went into which new node of a merge or split.

    A split cuts the old text into the stretches each new node took (`apportion`), the
    host's included; a merge takes each part's text whole into the new node or, for a
    merged recommendation whose text one action of the new one holds, into that action
    (the host's text went into its own successor).
    """

    def text(edition: Edition, address: Address) -> str | None:
        node = edition.node(address)
        return node.statement if relation.level == "recommendation" else node.text

    if relation.kind == "merged":
        placed = dict(relation.placed)
        return [
            {"from": old.local, "to": placed.get(old, relation.host.after).local, "text": text(before, old)}
            for old in relation.parts
            if text(before, old)
        ]
    news = sorted(relation.after)
    old_text = text(before, relation.host.before)
    if not old_text:
        return []
    stretches = apportion(old_text, [text(after, new) or "" for new in news])
    return [
        {"from": relation.host.before.local, "to": new.local, "text": stretch.strip()}
        for new, stretch in zip(news, stretches)
        if stretch.strip()
    ]


def _item_changes(before: Edition, after: Edition, alignment: Alignment) -> list[Change]:
    changes = []
    for pair in alignment.items.pairs:
        old, new = before.node(pair.before), after.node(pair.after)
        if old.label != new.label:
            changes.append(Change("relabeled", pair.before, pair.after, {"before": old.label, "after": new.label}))
        changes += compare_texts(old.text, new.text, pair.before, pair.after)
    return changes + _unmatched(
        alignment.items,
        set(alignment.actions.unmatched_before),
        set(alignment.actions.unmatched_after),
        lambda key: key.parent(),
    )


def _unmatched(matching, removed_parents: set, added_parents: set, parent) -> list[Change]:
    """Report unmatched nodes as removed or added, except where their parent already is."""
    return [Change("removed", key, None) for key in matching.unmatched_before if parent(key) not in removed_parents] + [
        Change("added", None, key) for key in matching.unmatched_after if parent(key) not in added_parents
    ]


def _footnote_changes(before: Edition, after: Edition, alignment: Alignment) -> list[Change]:
    changes = []
    for pair in alignment.footnotes.pairs:
        old, new = before.node(pair.before), after.node(pair.after)
        if old.text != new.text:
            edits = word_diff(tokenize(old.text), tokenize(new.text))
            changes.append(Change("footnote-changed", pair.before, pair.after, {"diff": edits}))
    changes += [Change("footnote-removed", key, None) for key in alignment.footnotes.unmatched_before]
    changes += [Change("footnote-added", None, key) for key in alignment.footnotes.unmatched_after]
    for footnote, items in alignment.became_footnote.items():
        old_text = " ".join(before.node(k).text for k in items)
        edits = word_diff(tokenize(old_text), tokenize(after.node(footnote).text))
        changes.append(Change("became-footnote", tuple(items), footnote, {"diff": edits}))
    return changes


def _links(rec) -> list[dict]:
    ordered = sorted(rec.links, key=lambda link: (link.target, link.type))
    return [{"type": link.type, "target": str(link.target)} for link in ordered]


class StructuredDetails(Mapping):
    """The details of a metadata change: the changed top-level fields at once, the rest on demand.

    ``fields`` is cheap; ``added``, ``removed`` and ``changed`` (each entry with its path)
    are worked out only when they are read (`recreg.engine.structure`): the terminal view
    names the fields alone.
    """

    def __init__(self, old: dict, new: dict):
        self._old, self._new = old, new
        self._eager = {"fields": sorted(k for k in {*old, *new} if old.get(k) != new.get(k))}
        self._deep: dict | None = None

    def _all(self) -> dict:
        if self._deep is None:
            self._deep = {**self._eager, **structural_changes(self._old, self._new)}
        return self._deep

    def __getitem__(self, key: str) -> Any:
        return self._eager[key] if key in self._eager else self._all()[key]

    def __contains__(self, key: object) -> bool:
        return key in self._eager or (key in {"added", "removed", "changed"} and key in self._all())

    def __iter__(self):
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


def _link_changes(old, new) -> dict:
    """Return the links added and removed: links are a flat set of (type, target)."""
    before, after = _links(old), _links(new)
    found = {
        "removed": [link for link in before if link not in after],
        "added": [link for link in after if link not in before],
    }
    return {label: links for label, links in found.items() if links}


def _metadata_changes(before: Edition, after: Edition) -> list[Change]:
    skip = {"id", "notes"}  # the id names the edition; notes are the editors' own
    old = {k: v for k, v in before.metadata.items() if k not in skip}
    new = {k: v for k, v in after.metadata.items() if k not in skip}
    if old == new:
        return []
    return [Change("metadata-changed", Address(before.id), Address(after.id), StructuredDetails(old, new))]
