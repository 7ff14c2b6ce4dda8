"""Align: decide which node of the old edition became which node of the new one.

One matching core (`match`) serves every level. It runs a cascade, each step taking
only what the previous steps left unmatched:

1. **id** -- the same recorded stable identifier on both sides;
2. **link** -- a recorded lineage link from a new node to an old one;
3. **text** -- identical text (white space aside);
4. **similarity** -- an optimal one-to-one assignment (Jonker-Volgenant via ``lap``, or for
   components with a small side an exact search over subsets) over the similarity of
   the texts' meaningful words, where leaving a node unmatched
   costs as much as a pair at the level's minimum score, so a deleted node is never paired
   with an unrelated added one. Pairs under the level's confident score are flagged as
   probable.

Candidate pairs for step 4 come from all pairs when the problem is small, and otherwise
from an index of each node's rarest words, so time grows with the number of plausible
pairs rather than with the product of the sizes.

After the one-to-one pass, `find_splits` pairs an unmatched new node with an old node
that contains it (a split), and an unmatched old node with a new node that contains it
(a merge); containment weighs each word by its rarity so common words ("IP offices")
count little.

Thresholds were set from the data (see ``benchmarks/thresholds.py``): on cws11->cws12,
every true recommendation pair scores above 0.5 and every false one under 0.3.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Callable, Hashable, Iterable, Sequence

from .address import Address
from .model import Edition
from .textdiff import fold, similarity, tokenize, words



@dataclass(frozen=True)
class Level:
    """Similarity thresholds for one kind of pairing."""

    minimum: float  # under this, two nodes are not paired at all
    confident: float  # under this, a pair is flagged as probable


# Set from the scores printed by benchmarks/thresholds.py. Recommendations: true pairs score
# at least 0.74 (cws11->cws12) and 0.72 (synthetic, 2,000), the best wrong candidate at
# most 0.41 and 0.48. Actions within paired recommendations compete only with their
# siblings, so a weak pair there is still likely the same action reworded (cws11 R2(c) ->
# cws12 R5(c) scores 0.61); across recommendations (moves) true pairs score 0.86 and more,
# while leftovers of deleted and added recommendations pair by chance at 0.30-0.46.
RECOMMENDATIONS = Level(minimum=0.5, confident=0.65)
WITHIN = Level(minimum=0.3, confident=0.5)
ACROSS = Level(minimum=0.5, confident=0.6)
CONTAINED = 0.6  # share of a node's (rarity-weighted) words found in another for a split or merge
ALL_PAIRS_LIMIT = 250_000  # compare every pair below this many; above, index rare words
RARE_FEATURES = 12  # how many of a node's rarest words and word pairs look up candidates
CANDIDATES = 24  # at most this many candidates per node from the index
COMPONENT_LIMIT = 3_000  # larger groups of entangled candidates are solved greedily (and said so)
SMALL_SIDE = 6  # components with at most this many nodes on one side are solved without numpy
IN_FOOTNOTE = 0.5  # share of an item's weighted words found in a new footnote for it to have become one
LINEAGE_TYPES = frozenset({"derived-from", "moved-from", "split-from", "merged-from"})


@dataclass(slots=True)
class Profile:
    """What the matcher knows of one node."""

    key: Hashable  # the node's address (or any unique key)
    words: list[str]  # folded meaningful words, normative phrases kept
    exact: str  # the text with white space folded, for the identity-of-text step
    id: str | None = None
    links: frozenset = frozenset()  # keys of the other side this node is recorded to derive from
    parent: Hashable = None


def profile(key: Hashable, text: str, id: str | None = None, links: frozenset = frozenset(), parent: Hashable = None) -> Profile:
    """Build a node's profile from its text."""
    return Profile(key, list(words(text)), " ".join(text.split()), id, links, parent)


@dataclass(frozen=True, slots=True)
class Pair:
    """A matched pair of nodes and how it was found."""

    before: Hashable
    after: Hashable
    matched_by: str  # id, link, text or similarity
    score: float
    probable: bool = False  # a weak similarity a reviewer should confirm


@dataclass
class Matching:
    """The outcome of `match`: pairs, and what stayed unmatched on each side."""

    pairs: list[Pair]
    unmatched_before: list[Hashable]
    unmatched_after: list[Hashable]
    notes: list[str] = field(default_factory=list)


class Weights:
    """Rarity weights of words over both sides (inverse document frequency)."""

    def __init__(self, documents: Sequence[list[str]]):
        frequency: Counter = Counter()
        for found in documents:
            frequency.update(set(found))
        self.frequency = frequency
        self.total = len(documents)

    def weight(self, word: str) -> float:
        """Return the rarity weight of a word."""
        return math.log((self.total + 1) / (self.frequency.get(word, 0) + 1)) + 1.0

    def contained(self, part: list[str], whole: list[str]) -> float:
        """Return the weighted share of `part`'s words that also occur in `whole`."""
        words = set(part)
        if not words:
            return 0.0
        found = set(whole)
        total = sum(self.weight(w) for w in words)
        return sum(self.weight(w) for w in words if w in found) / total


def match(
    before: list[Profile],
    after: list[Profile],
    use_records: bool = True,
    level: Level = WITHIN,
    until: str = "similarity",
) -> Matching:
    """Pair nodes of two editions by the cascade id, link, text, similarity.

    Args:
        before: profiles of the old edition's nodes.
        after: profiles of the new edition's nodes.
        use_records: use recorded ids and links (``--match text`` turns this off).
        level: the similarity thresholds to apply.
        until: the last step to run: ``records``, ``text`` or ``similarity``.

    Returns:
        The `Matching`.
    """
    pairs: list[Pair] = []
    left = dict(enumerate(before))
    right = dict(enumerate(after))

    def take(i: int, j: int, how: str, score: float) -> None:
        pairs.append(Pair(before[i].key, after[j].key, how, score))
        del left[i], right[j]

    if use_records:
        by_id = {p.id: j for j, p in right.items() if p.id}
        for i, p in list(left.items()):
            j = by_id.get(p.id) if p.id else None
            if j is not None and j in right:
                take(i, j, "id", 1.0)
        by_key = {p.key: i for i, p in left.items()}
        for j, p in list(right.items()):
            for target in sorted(p.links, key=str):
                i = by_key.get(target)
                if i is not None and i in left:
                    take(i, j, "link", 1.0)
                    break
    if until == "records":
        return Matching(pairs, [p.key for p in left.values()], [p.key for p in right.values()])
    by_text: dict[str, list[int]] = defaultdict(list)
    for j, p in right.items():
        by_text[p.exact].append(j)
    for i, p in list(left.items()):
        for j in by_text.get(p.exact, ()):
            if j in right:
                take(i, j, "text", 1.0)
                break
    notes: list[str] = []
    if left and right and until == "similarity":
        for i, j, score in _assign(left, right, notes, level.minimum):
            pairs.append(Pair(before[i].key, after[j].key, "similarity", round(score, 3), score < level.confident))
            del left[i], right[j]
    return Matching(pairs, [p.key for p in left.values()], [p.key for p in right.values()], notes)


def match_in_groups(
    before: list[Profile],
    after: list[Profile],
    group_before: Callable[[Profile], Hashable],
    group_after: Callable[[Profile], Hashable],
    use_records: bool = True,
) -> Matching:
    """Pair nodes within their groups first, then what is left across groups.

    Actions mostly stay in their recommendation, so they are matched first among the
    actions of each pair of recommendations; only the actions left over (moved, added,
    removed) are then matched across all recommendations, where a pair must be `ACROSS`
    strong. Recorded ids and links, then identical texts, come before both, across groups.
    This keeps every assignment problem small, as a reader compares a recommendation with
    its successor before looking elsewhere.

    Args:
        before: profiles of the old nodes.
        after: profiles of the new nodes.
        group_before: the group of an old node (None: no group, matched across groups only).
        group_after: the group of a new node, in the same terms.
        use_records: use recorded ids and links.

    Returns:
        The `Matching` of all stages together.
    """
    # Recorded ids and links, then identical texts, hold across groups: an action copied
    # word for word into another recommendation was moved, whatever its old siblings say.
    exact = match(before, after, use_records, until="text")
    pairs: list[Pair] = list(exact.pairs)
    notes: list[str] = []
    free_before, free_after = set(exact.unmatched_before), set(exact.unmatched_after)
    before = [p for p in before if p.key in free_before]
    after = [p for p in after if p.key in free_after]
    groups: dict[Hashable, tuple[list[Profile], list[Profile]]] = defaultdict(lambda: ([], []))
    for p in before:
        groups[group_before(p)][0].append(p)
    for p in after:
        groups[group_after(p)][1].append(p)
    ungrouped = groups.pop(None, ([], []))
    leftover_before, leftover_after = list(ungrouped[0]), list(ungrouped[1])
    for olds, news in groups.values():
        found = match(olds, news, use_records=False)
        pairs += found.pairs
        notes += found.notes
        unmatched_before, unmatched_after = set(found.unmatched_before), set(found.unmatched_after)
        leftover_before += [p for p in olds if p.key in unmatched_before]
        leftover_after += [p for p in news if p.key in unmatched_after]
    rest = match(leftover_before, leftover_after, use_records=False, level=ACROSS)
    return Matching(pairs + rest.pairs, rest.unmatched_before, rest.unmatched_after, notes + rest.notes)


def _assign(left: dict, right: dict, notes: list[str], minimum: float) -> list[tuple[int, int, float]]:
    """Solve the similarity step: score candidate pairs, then assign optimally per component."""
    edges: dict[tuple[int, int], float] = {}
    for i, j in _candidates(left, right):
        score = similarity(left[i].words, right[j].words)
        if score >= minimum:
            edges[i, j] = score
    result = []
    for component in _components(edges):
        if len(component[0]) + len(component[1]) > COMPONENT_LIMIT:
            notes.append(
                f"{len(component[0])}x{len(component[1])} entangled candidates exceeded the assignment "
                f"budget ({COMPONENT_LIMIT}); they were paired greedily, best score first"
            )
            result.extend(_greedy(edges, component))
        else:
            result.extend(_optimal(edges, component, minimum))
    return result


def _candidates(left: dict, right: dict) -> set[tuple[int, int]]:
    """Return the pairs worth scoring: all of them for small problems, else via rare features.

    A node's features are its words and its pairs of adjacent words; its rarest features
    look up the nodes sharing them. Word pairs matter: a text written in common words has
    no rare word, but its word pairs still pick out its counterpart.
    """
    pairs: set[tuple[int, int]] = set()
    if len(left) * len(right) <= ALL_PAIRS_LIMIT:
        pairs.update((i, j) for i in left for j in right)
        return pairs
    frequency: Counter = Counter()
    index: dict = defaultdict(list)
    for j, p in right.items():
        for feature in _features(p.words):
            index[feature].append(j)
            frequency[feature] += 1
    left_features = {i: _features(p.words) for i, p in left.items()}
    for features in left_features.values():
        frequency.update(features)
    for i, features in left_features.items():
        rare = sorted(features, key=lambda f: (frequency[f], str(f)))[:RARE_FEATURES]
        hits: Counter = Counter()
        for feature in rare:
            postings = index.get(feature, ())
            if len(postings) <= 4 * CANDIDATES:  # a feature this common picks nobody out
                hits.update(postings)
        pairs.update((i, j) for j, _ in hits.most_common(CANDIDATES))
    return pairs


def _features(found: list[str]) -> set:
    """Return a text's words and adjacent word pairs."""
    return set(found) | set(zip(found, found[1:]))


def _components(edges: dict[tuple[int, int], float]) -> list[tuple[list[int], list[int]]]:
    """Split the candidate graph into independent groups (union-find over both sides)."""
    parent: dict = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in edges:
        a, b = find(("L", i)), find(("R", j))
        if a != b:
            parent[a] = b
    groups: dict = defaultdict(lambda: (set(), set()))
    for i, j in edges:
        root = find(("L", i))
        groups[root][0].add(i)
        groups[root][1].add(j)
    return [(sorted(ls), sorted(rs)) for ls, rs in groups.values()]


def _optimal(edges: dict, component: tuple[list[int], list[int]], minimum: float) -> list[tuple[int, int, float]]:
    """Assign one component optimally; leaving two nodes unmatched costs like a pair at `minimum`."""
    rows, cols = component
    if len(rows) == 1 and len(cols) == 1:
        return [(rows[0], cols[0], edges[rows[0], cols[0]])]
    if min(len(rows), len(cols)) <= SMALL_SIDE:
        return _optimal_small(edges, rows, cols, minimum)
    import lap
    import numpy as np

    unmatched = 1.0 - minimum
    cost = np.full((len(rows), len(cols)), unmatched + 1.0)
    row_at = {i: r for r, i in enumerate(rows)}
    col_at = {j: c for c, j in enumerate(cols)}
    for (i, j), score in edges.items():
        if i in row_at and j in col_at:
            cost[row_at[i], col_at[j]] = 1.0 - score
    # extend_cost pads the matrix square and cost_limit adds the "no match" option.
    _, x, _ = lap.lapjv(cost, extend_cost=True, cost_limit=unmatched + 1e-9)
    return [(rows[r], cols[c], edges[rows[r], cols[c]]) for r, c in enumerate(x) if c >= 0 and (rows[r], cols[c]) in edges]


def _optimal_small(edges: dict, rows: list[int], cols: list[int], minimum: float) -> list[tuple[int, int, float]]:
    """Assign a small component exactly, by dynamic programming over subsets of its smaller side.

    Same objective as the Jonker-Volgenant path: a pair costs ``1 - score``, a node left
    unmatched half of ``1 - minimum``. Most components of real editions have a handful of
    nodes; solving them here spares importing numpy, which costs more than the whole diff.
    """
    flip = len(cols) > len(rows)
    small, large = (rows, cols) if not flip else (cols, rows)
    score = (lambda s, l: edges.get((l, s))) if flip else (lambda s, l: edges.get((s, l)))
    half = (1.0 - minimum) / 2
    # state: set of small-side nodes taken (bitmask) -> (cost so far, pairs so far)
    states: dict[int, tuple[float, tuple]] = {0: (0.0, ())}
    for node in large:
        following: dict[int, tuple[float, tuple]] = {}
        for mask, (cost, pairs) in states.items():
            options = [(mask, cost + half, pairs)]
            for bit, other in enumerate(small):
                found = score(other, node)
                if found is not None and not mask & (1 << bit):
                    options.append((mask | (1 << bit), cost + 1.0 - found, pairs + ((other, node, found),)))
            for new_mask, new_cost, new_pairs in options:
                if new_mask not in following or new_cost < following[new_mask][0] - 1e-12:
                    following[new_mask] = (new_cost, new_pairs)
        states = following
    _, best = min(((cost + half * (len(small) - bin(mask).count("1")), pairs) for mask, (cost, pairs) in states.items()),
                  key=lambda state: state[0])
    return [(l, s, v) if flip else (s, l, v) for s, l, v in best]


def _greedy(edges: dict, component: tuple[list[int], list[int]]) -> list[tuple[int, int, float]]:
    rows, cols = set(component[0]), set(component[1])
    taken = []
    for (i, j), score in sorted(edges.items(), key=lambda e: -e[1]):
        if i in rows and j in cols:
            taken.append((i, j, score))
            rows.discard(i)
            cols.discard(j)
    return taken


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
        best = max(((weights.contained(part, profiles_before[old].words), str(old), old) for old in olds_for(key)), default=None)
        if best and best[0] >= CONTAINED:
            splits[best[2]].append(key)
    for key in unmatched_before:
        part = profiles_before[key].words
        best = max(((weights.contained(part, profiles_after[new].words), str(new), new) for new in news_for(key)), default=None)
        if best and best[0] >= CONTAINED:
            merges[best[2]].append(key)
    return dict(splits), dict(merges)


@dataclass
class Alignment:
    """Which node became which, at every level, between two editions.

    Keys are addresses. ``splits`` maps an old action to its extra new parts (beyond its
    pair in ``actions``); ``merges`` maps a new action to its extra old parts;
    ``became_footnote`` maps a new footnote to the old sub-items it was made from.
    """

    recommendations: Matching
    actions: Matching
    items: Matching
    footnotes: Matching
    splits: dict[Address, list[Address]]
    merges: dict[Address, list[Address]]
    became_footnote: dict[Address, list[Address]]
    notes: list[str]

    def partner(self, before: Address) -> Address | None:
        """Return the new recommendation an old one was paired with, or None."""
        return self._rec_after.get(before)

    def __post_init__(self) -> None:
        self._rec_after = {p.before: p.after for p in self.recommendations.pairs}


def align_editions(before: Edition, after: Edition, use_records: bool = True) -> Alignment:
    """Align two editions at every level: recommendations, actions, items, footnotes.

    Args:
        before: the old edition.
        after: the new edition.
        use_records: use recorded ids and lineage links; False matches on text alone.

    Returns:
        The `Alignment`.
    """
    def rec_profile(rec, edition_id):
        texts = [text for _, text in rec.texts()] or [d.text for d in rec.descriptions]
        # Words of each text (cached per text, shared with the action profiles); the
        # statement counts twice, as the heart of the recommendation.
        found = [word for text in ([rec.statement] if rec.statement else []) + texts for word in words(text)]
        return Profile(rec.address, found, " ".join(" ".join(texts).split()), rec.id, _lineage(rec.links, edition_id))

    recs = match([rec_profile(r, before.id) for r in before.recommendations],
                 [rec_profile(r, before.id) for r in after.recommendations], use_records, RECOMMENDATIONS)
    rec_after = {p.before: p.after for p in recs.pairs}

    actions_before = {a.address: a for r in before.recommendations for a in r.actions}
    actions_after = {a.address: a for r in after.recommendations for a in r.actions}
    prof_before = {k: profile(k, a.text, a.id, frozenset(), k.recommendation()) for k, a in actions_before.items()}
    prof_after = {k: profile(k, a.text, a.id, _lineage(a.links, before.id), k.recommendation()) for k, a in actions_after.items()}
    list_before, list_after = list(prof_before.values()), list(prof_after.values())
    paired_after = set(rec_after.values())
    actions = match_in_groups(
        list_before, list_after,
        lambda old: rec_after.get(old.parent),  # grouped by the new recommendation it is paired with
        lambda new: new.parent if new.parent in paired_after else None,
        use_records,
    )
    weights = Weights([p.words for p in list_before] + [p.words for p in list_after])
    # Split and merge parts are looked for among the paired actions of the related recommendation.
    paired_olds: dict[Address, list[Address]] = defaultdict(list)
    paired_news: dict[Address, list[Address]] = defaultdict(list)
    for pair in actions.pairs:
        paired_olds[rec_after.get(pair.before.recommendation())].append(pair.before)
        paired_news[pair.after.recommendation()].append(pair.after)
    splits, merges = find_splits(
        actions.unmatched_before, actions.unmatched_after, prof_before, prof_after, weights,
        lambda new: paired_olds.get(new.recommendation(), ()),
        lambda old: paired_news.get(rec_after.get(old.recommendation()), ()),
    )
    split_parts = {k for parts in splits.values() for k in parts}
    merge_parts = {k for parts in merges.values() for k in parts}
    actions.unmatched_after = [k for k in actions.unmatched_after if k not in split_parts]
    actions.unmatched_before = [k for k in actions.unmatched_before if k not in merge_parts]

    items = Matching([], [], [])
    for pair in actions.pairs:
        old, new = actions_before[pair.before], actions_after[pair.after]
        found = match([profile(i.address, i.text) for i in old.items], [profile(i.address, i.text) for i in new.items], False)
        items.pairs += found.pairs
        items.unmatched_before += found.unmatched_before
        items.unmatched_after += found.unmatched_after
    for key in actions.unmatched_before:
        items.unmatched_before += [i.address for i in actions_before[key].items]
    for key in actions.unmatched_after:
        items.unmatched_after += [i.address for i in actions_after[key].items]

    footnotes = Matching([], [], [])
    became: dict[Address, list[Address]] = {}
    recs_before = {r.address: r for r in before.recommendations}
    recs_after = {r.address: r for r in after.recommendations}
    for pair in recs.pairs:
        old, new = recs_before[pair.before], recs_after[pair.after]
        found = match([profile(f.address, f.text) for f in old.footnotes], [profile(f.address, f.text) for f in new.footnotes], False)
        footnotes.pairs += found.pairs
        footnotes.unmatched_before += found.unmatched_before
        for key in found.unmatched_after:
            footnote_words = fold(tokenize(new.footnote(key.footnote).text))
            sources = [
                item for item in items.unmatched_before
                if item.recommendation() == old.address
                and weights.contained(fold(tokenize(before.node(item).text)), footnote_words) >= IN_FOOTNOTE
            ]
            if sources:
                became[key] = sources
            else:
                footnotes.unmatched_after.append(key)
    for rec in before.recommendations:
        if rec.address not in rec_after:
            footnotes.unmatched_before += [f.address for f in rec.footnotes]
    paired_after = set(rec_after.values())
    for rec in after.recommendations:
        if rec.address not in paired_after:
            footnotes.unmatched_after += [f.address for f in rec.footnotes]
    used = {k for keys in became.values() for k in keys}
    items.unmatched_before = [k for k in items.unmatched_before if k not in used]
    return Alignment(recs, actions, items, footnotes, splits, merges, became, recs.notes + actions.notes)


def _lineage(links, edition_id: str) -> frozenset:
    """Return the addresses in `edition_id` that links record a node as derived from."""
    return frozenset(link.target for link in links if link.type in LINEAGE_TYPES and link.target.edition == edition_id)
