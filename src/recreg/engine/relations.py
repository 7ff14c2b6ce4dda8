"""Relations: which nodes merged into one, and which one was split into several.

After the one-to-one pass, `find_splits` pairs an unmatched new node with an old node
that contains it (a split), and an unmatched old node with a new node that contains it
(a merge); containment weighs each word by its rarity so common words ("IP offices")
count little (`recreg.engine.measures`). `find_relations` does the same between whole
recommendations, reporting a relation only where the words single out one place. Every
merge and split is also listed once as a `Relation`: its host pair, its parts and what it
carried (`relations_of`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from itertools import chain

from ..edition.address import Address
from .assignment import Matching, Pair
from .measures import CONTAINED, NEAR_TIE, Cosine, Profile, Weights, containers, cosine

# A merged recommendation's own words (those its target's old partner lacked) that the target
# must have gained: the middle of the values that keep the most right merges less wrong ones
# (benchmarks/thresholds.py, step 5). The run is narrow: a deleted synthetic recommendation
# whose words a true merge brought into its host gains 0.35, NIST's lowest right merge 0.41.
GAINED = 0.4
# A removed recommendation whose target holds this share of its (rarity-weighted) words merged
# into it whatever the target gained: an item withdrawn as redundant goes into the one that
# already said it (NIST SP 800-53 MA-4(2) into MA-4, 85%), while the synthetic deleted
# recommendations that resemble some other one by chance hold at most 64% of their words there.
NEARLY_ALL = 0.8


def find_splits(
    unmatched_before: list[Hashable],
    unmatched_after: list[Hashable],
    profiles_before: dict[Hashable, Profile],
    profiles_after: dict[Hashable, Profile],
    weights: Weights,
    olds_for: Callable[[Hashable], Iterable[Hashable]],
    news_for: Callable[[Hashable], Iterable[Hashable]],
) -> tuple[dict[Hashable, list[Hashable]], dict[Hashable, list[Hashable]]]:
    """Find splits (an old node became several new ones) and merges (several old, one new).

    An unmatched new node is a split part when a paired old node among `olds_for(new)`
    (those of the related recommendation) contains `CONTAINED` of its weighted words; an
    unmatched old node is a merge part likewise among `news_for(old)`. Asking only the
    related nodes keeps this linear in the number of unmatched nodes.

    Returns:
        ``(splits, merges)``: old key -> its extra new parts; new key -> its extra old parts.
    """
    splits: dict[Hashable, list[Hashable]] = defaultdict(list)
    merges: dict[Hashable, list[Hashable]] = defaultdict(list)
    for key in unmatched_after:
        part = profiles_after[key].words
        best = max(
            ((weights.contained(part, profiles_before[old].words), str(old), old) for old in olds_for(key)),
            default=None,
        )
        if best and best[0] >= CONTAINED:
            splits[best[2]].append(key)
    for key in unmatched_before:
        part = profiles_before[key].words
        best = max(
            ((weights.contained(part, profiles_after[new].words), str(new), new) for new in news_for(key)), default=None
        )
        if best and best[0] >= CONTAINED:
            merges[best[2]].append(key)
    return dict(splits), dict(merges)


def find_relations(
    matching: Matching,
    before: list[Profile],
    after: list[Profile],
    model: Cosine,
    floor: float,
) -> tuple[dict[Hashable, list[Hashable]], dict[Hashable, list[Hashable]]]:
    """Find nodes merged into another and nodes split into several, across a whole edition.

    Used for recommendations, where `find_splits` serves actions, with the same measure:
    the rarity-weighted share of a node's words found in another (`Cosine.contained`).
    A relation is reported only where the words single out one place, since a short text
    is found word for word in many long ones by chance:

    * An unmatched old node was **merged** into a paired new node when
      - it has a twin, a paired old node that contains `CONTAINED` of it and that it
        contains likewise (the same text with a qualifier changed), and the twin's
        successor dropped what told the twin from it (under ``1 - CONTAINED`` of those
        words remain): editors fold near duplicates into one text without the qualifier,
        whereas a successor that keeps the twin's own words is still the twin alone; or
      - one new node contains `CONTAINED` of it and no other comes within `NEAR_TIE` of
        that (text found equally in several places is common stock, which says nothing of
        where it went), and that node gained what it said: at least `GAINED` of the words
        it had and the new node's old partner lacked. A merge brings the merged text's own
        content into its target; a target that holds only what it held before merely
        resembles it, unless it holds nearly all of it (`NEARLY_ALL`): a text withdrawn as
        redundant went into the one that already said it.
    * An unmatched new node contained in a paired old node (at least `CONTAINED`, among
      the candidates of the similarity step: pairs whose cosine reaches `floor`) was
      **split** from it, provided what it has and the old node's successor lacks came from
      the old node too (at least `CONTAINED` of that): a part taken out of a text is gone
      from what remains, whereas a new node that elaborates on one that keeps all its
      words brings words of its own.

    Args:
        matching: the one-to-one matching of the nodes.
        before: profiles of every old node, in the order `model` was built from.
        after: profiles of every new node, likewise (after the old ones).
        model: the TF-IDF vectors and weights of both sides.
        floor: the cosine a twin or the old node a part was split from must reach.

    Returns:
        ``(splits, merges)``: old key -> its extra new parts; new key -> its extra old parts.
    """
    offset = len(before)
    at_before = {p.key: i for i, p in enumerate(before)}
    at_after = {p.key: j for j, p in enumerate(after)}
    merges: dict[Hashable, list[Hashable]] = defaultdict(list)
    for old, (into, gained) in merge_targets(matching, before, after, model, floor).items():
        if gained is None or gained >= GAINED or model.contained(at_before[old], offset + at_after[into]) >= NEARLY_ALL:
            merges[into].append(old)
    return _splits(matching, before, after, model, floor, at_after), dict(merges)


def _splits(
    matching: Matching,
    before: list[Profile],
    after: list[Profile],
    model: Cosine,
    floor: float,
    at_after: dict[Hashable, int],
) -> dict[Hashable, list[Hashable]]:
    """Find the unmatched new nodes split from a paired old node: old key -> its extra new parts."""
    weights, offset = model.weights, len(before)
    pair_of_old = {p.before: p.after for p in matching.pairs}
    added = [offset + at_after[k] for k in matching.unmatched_after]
    # new node -> its fullest container among the old nodes it resembles (cosine at `floor`)
    sources = _fullest(_similar_containers(model, added, range(offset), floor))
    splits: dict[Hashable, list[Hashable]] = defaultdict(list)
    for j, i in sources.items():
        successor = pair_of_old.get(before[i].key)
        if successor is not None:
            part = after[j - offset]
            kept = after[at_after[successor]].words
            if weights.contained(_lacking(part.words, kept), before[i].words) >= CONTAINED:  # what the successor lacks
                splits[before[i].key].append(part.key)
    return dict(splits)


def merge_targets(
    matching: Matching,
    before: list[Profile],
    after: list[Profile],
    model: Cosine,
    floor: float,
) -> dict[Hashable, tuple[Hashable, float | None]]:
    """Return, for each unmatched old node, the paired new node it may have merged into (see `find_relations`).

    Returns:
        old key -> ``(new key, gained)``: ``gained`` is None for a twin folded into its
        successor, else the share of the old node's own words the new node gained, which
        must reach `GAINED` for a merge.
    """
    weights, offset = model.weights, len(before)
    pair_of_old = {p.before: p.after for p in matching.pairs}
    pair_of_new = {p.after: p.before for p in matching.pairs}
    at_before = {p.key: i for i, p in enumerate(before)}
    removed = [at_before[k] for k in matching.unmatched_before]
    paired = [at_before[k] for k in pair_of_old]
    # The closest twin holds most of it both ways.
    twins = _fullest(
        {
            i: {k: min(share, model.contained(k, i)) for k, share in held.items()}
            for i, held in _similar_containers(model, removed, paired, floor).items()
        }
    )
    sole = _sole_containers(model, removed, range(offset, offset + len(after)))
    at_after = {p.key: j for j, p in enumerate(after)}
    found: dict[Hashable, tuple[Hashable, float | None]] = {}
    for i in removed:
        if i in twins:
            twin = before[twins[i]]
            successor = pair_of_old[twin.key]
            if (
                weights.contained(_lacking(twin.words, before[i].words), after[at_after[successor]].words)
                < 1 - CONTAINED
            ):
                found[before[i].key] = (successor, None)
                continue
        if i in sole:
            target = after[sole[i] - offset]
            partner = pair_of_new.get(target.key)
            if partner is not None:
                said = _lacking(before[i].words, before[at_before[partner]].words)
                found[before[i].key] = (target.key, weights.contained(said, target.words) if said else 1.0)
    return found


def _similar_containers(
    model: Cosine, parts: list[int], wholes: Iterable[int], floor: float
) -> dict[int, dict[int, float]]:
    """Return, for each part, the wholes holding `CONTAINED` of its words whose cosine with it reaches `floor`, with that share."""
    found = {}
    vectors = model.vectors
    for part, held in containers(model, parts, wholes, CONTAINED).items():
        total = model._total(part)
        found[part] = {
            whole: value / total for whole, value in held.items() if cosine(vectors[part], vectors[whole]) >= floor
        }
    return found


def _fullest(shares: dict[int, dict[int, float]]) -> dict[int, int]:
    """Return, for each node, its candidate of highest share where that is at least `CONTAINED` (the first of equals)."""
    found: dict[int, int] = {}
    for node, candidates in shares.items():
        best = max(((value, -other) for other, value in candidates.items() if value >= CONTAINED), default=None)
        if best is not None:
            found[node] = -best[1]
    return found


def _lacking(words: list[str], other: list[str]) -> list[str]:
    """Return the words of `words` that `other` lacks."""
    lacks = set(other)
    return [word for word in words if word not in lacks]


def _sole_containers(model: Cosine, parts: list[int], wholes: Iterable[int]) -> dict[int, int]:
    """Return, for each text of `parts`, the one text of `wholes` that contains it, if one alone does.

    It contains it when it holds `CONTAINED` of its weighted words (`Cosine.contained`), and
    alone when no other text of `wholes` comes within `NEAR_TIE` of that share. Every text
    of `wholes` is asked (`containers`): a runner-up within `NEAR_TIE` of a container holds
    at least ``CONTAINED - NEAR_TIE``, so the wholes holding less need not be weighed.
    """
    found = {}
    for part, held in containers(model, parts, wholes, CONTAINED - NEAR_TIE).items():
        top = sorted(((value, whole) for whole, value in held.items()), reverse=True)[:2]
        total = model._total(part)
        if (
            top
            and total > 0.0
            and top[0][0] >= CONTAINED * total
            and (len(top) == 1 or top[0][0] - top[1][0] >= NEAR_TIE * total)
        ):
            found[part] = top[0][1]
    return found


def locate(part: list[str], sections: list[Profile], weights: Weights) -> Hashable | None:
    """Return the section (an action) that alone contains `CONTAINED` of a text's weighted words, the fullest first."""
    top = max(((weights.contained(part, section.words), -k) for k, section in enumerate(sections)), default=None)
    return sections[-top[1]].key if top and top[0] >= CONTAINED else None


@dataclass(frozen=True, slots=True)
class Relation:
    """Several old nodes that became one new node (a merge), or one old node that became several (a split).

    Every relation extends a one-to-one pair, its ``host``: a merge is the host pair plus
    the old nodes merged into the host's new node, a split the host pair plus the new
    nodes split off the host's old node. Which node of a merge is the host is a matter of
    text (the one the assignment paired); a reader of ``before`` and ``after`` sees the
    relation whole.

    Attributes:
        kind: ``merged`` or ``split``.
        level: ``recommendation`` or ``action``.
        host: the pair the relation extends.
        parts: the nodes beyond the host, in document order: old nodes of a merge, new
            nodes of a split.
        placed: ``(part, node)`` for each merged recommendation whose text one action of
            the new recommendation holds: where on the new side its words went.
        carried: pairs of children (actions) the relation carried between its nodes other
            than the host pair's own: a merged recommendation's actions now in the new one,
            a split part's actions from the old one. They moved with their recommendation.
    """

    kind: str
    level: str
    host: Pair
    parts: tuple[Address, ...]
    placed: tuple[tuple[Address, Address], ...] = ()
    carried: tuple[Pair, ...] = ()

    @property
    def before(self) -> tuple[Address, ...]:
        """Return every old node of the relation, the host's first."""
        return (self.host.before, *self.parts) if self.kind == "merged" else (self.host.before,)

    @property
    def after(self) -> tuple[Address, ...]:
        """Return every new node of the relation, the host's first."""
        return (self.host.after,) if self.kind == "merged" else (self.host.after, *self.parts)


def relations_of(
    level: str,
    matching: Matching,
    splits: dict,
    merges: dict,
    placed: dict | None = None,
    children: Matching | None = None,
) -> list[Relation]:
    """Return the relations of one level from its pairs and its split and merge parts.

    Args:
        level: ``recommendation`` or ``action``.
        matching: the one-to-one pairs of that level.
        splits: old node -> its new parts beyond its pair.
        merges: new node -> its old parts beyond its pair.
        placed: merged old node -> the child of the new node holding its text.
        children: the pairs of the level below, for what each relation carried.
    """
    by_before = {p.before: p for p in matching.pairs}
    by_after = {p.after: p for p in matching.pairs}
    between: dict[tuple[Address, Address], list[Pair]] = defaultdict(list)  # children paired, by their parents
    for pair in children.pairs if children is not None else ():
        between[pair.before.parent(), pair.after.parent()].append(pair)
    placed = placed or {}
    found = []
    for new, olds in merges.items():
        parts = tuple(sorted(olds))
        carried = tuple(chain.from_iterable(between.get((old, new), ()) for old in parts))
        found.append(
            Relation(
                "merged",
                level,
                by_after[new],
                parts,
                tuple((old, placed[old]) for old in parts if old in placed),
                carried,
            )
        )
    for old, news in splits.items():
        parts = tuple(sorted(news))
        carried = tuple(chain.from_iterable(between.get((old, new), ()) for new in parts))
        found.append(Relation("split", level, by_before[old], parts, (), carried))
    return sorted(found, key=lambda r: (r.host.after, r.kind))
