"""Assignment: pair the nodes of two editions one to one, by a cascade and an optimal assignment.

One matching core (`match`) serves every level. It runs a cascade, each step taking
only what the previous steps left unmatched:

1. **id** -- the same recorded stable identifier on both sides;
2. **link** -- a recorded lineage link from a new node to an old one;
3. **text** -- identical text (white space aside);
4. **similarity** -- an optimal one-to-one assignment (Jonker-Volgenant via ``lap``, or for
   components with a small side an exact search over subsets) over the similarity of the
   texts' meaningful words (`recreg.engine.measures`), where leaving a node unmatched
   costs as much as a pair at the level's minimum score, so a deleted node is never
   paired with an unrelated added one.

At the recommendation level a second pass rewards a pair whose neighbours (the previous
or next recommendation on both sides) were paired with each other (`Level.neighbour`),
then assigns again: editions are mostly rewritten in place, so agreeing neighbours are
evidence that text alone lacks. The pass may tip what the text leaves open, never
overturn it. Every pair found by similarity carries its score and its margin to the
runner-up (the best competing pair of either node, never negative); a pair under the
level's confident score, or whose margin is a near tie (`NEAR_TIE`), is flagged probable.

Actions are matched within each pair of recommendations first, then across
(`match_in_groups`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from itertools import chain

from .measures import (
    ACROSS,
    ALL_PAIRS_LIMIT,
    NEAR_TIE,
    WITHIN,
    Cosine,
    Level,
    Profile,
    load_numpy,
    scored_pairs,
)
from .textdiff import similarity

COMPONENT_LIMIT = 3_000  # larger groups of entangled candidates are solved greedily (and said so)
SMALL_SIDE = 6  # components with at most this many nodes on one side are solved without numpy


@dataclass(frozen=True, slots=True)
class Pair:
    """A matched pair of nodes, how it was found and how sure that is.

    ``margin`` is the score minus the runner-up's (the best competing candidate of either
    node that was not paired more strongly elsewhere; 0 when there is none); None for
    pairs found by recorded id, link or identical text.
    """

    before: Hashable
    after: Hashable
    matched_by: str  # id, link, text or similarity
    score: float
    probable: bool = False  # a weak similarity or a near tie a reviewer should confirm
    margin: float | None = None


@dataclass
class Matching:
    """The outcome of `match`: pairs, and what stayed unmatched on each side."""

    pairs: list[Pair]
    unmatched_before: list[Hashable]
    unmatched_after: list[Hashable]
    notes: list[str] = field(default_factory=list)


def match(
    before: list[Profile],
    after: list[Profile],
    use_records: bool = True,
    level: Level = WITHIN,
    until: str = "similarity",
    model: Cosine | None = None,
    apart: tuple[set[Hashable], set[Hashable]] | None = None,
) -> Matching:
    """Pair nodes of two editions by the cascade id, link, text, similarity.

    Args:
        before: profiles of the old edition's nodes, in document order.
        after: profiles of the new edition's nodes, in document order.
        use_records: use recorded ids and links (``--match text`` turns this off).
        level: how to score texts, and the thresholds to apply.
        until: the last step to run: ``records``, ``text`` or ``similarity``.
        model: for the cosine measure, the vectors of `before` then `after` (built here
            when not given).
        apart: keys of old nodes and keys of new nodes that the similarity step may not pair
            with each other (an old node of the first set with a new node of the second); their
            pairs are not even scored.

    Returns:
        The `Matching`.
    """
    pairs: list[Pair] = []
    left = dict(enumerate(before))
    right = dict(enumerate(after))
    paired: dict[int, int] = {}

    def take(i: int, j: int, how: str, score: float) -> None:
        pairs.append(Pair(before[i].key, after[j].key, how, score))
        paired[i] = j
        del left[i], right[j]

    if use_records:
        _match_records(left, right, take)
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
        edges = _scored(before, after, left, right, level, model, apart)
        for i, j, score, margin in _assign(edges, paired, level, notes):
            probable = score < level.confident or margin < NEAR_TIE
            pairs.append(Pair(before[i].key, after[j].key, "similarity", round(score, 3), probable, round(margin, 3)))
            del left[i], right[j]
    return Matching(pairs, [p.key for p in left.values()], [p.key for p in right.values()], notes)


def _scored(
    before: list[Profile],
    after: list[Profile],
    left: dict[int, Profile],
    right: dict[int, Profile],
    level: Level,
    model: Cosine | None,
    apart: tuple[set[Hashable], set[Hashable]] | None,
) -> dict[tuple[int, int], float]:
    """Score the nodes still unpaired against each other, leaving out the pairs kept `apart`."""
    if apart is None:
        return _edges(before, after, left, right, level, model)
    # Scored in two blocks that leave out the pairs kept apart (most of a large problem: the
    # actions of removed and of added recommendations): every old node with the new ones not
    # kept apart, then the old ones not kept apart with the rest; then in the order one block
    # would have given.
    free_left = {i: p for i, p in left.items() if p.key not in apart[0]}
    free_right = {j: p for j, p in right.items() if p.key not in apart[1]}
    held_right = {j: p for j, p in right.items() if p.key in apart[1]}
    edges = _edges(before, after, left, free_right, level, model) if free_right else {}
    if free_left and held_right:
        edges.update(_edges(before, after, free_left, held_right, level, model))
    return dict(sorted(edges.items()))


def _match_records(
    left: dict[int, Profile], right: dict[int, Profile], take: Callable[[int, int, str, float], None]
) -> None:
    """Pair nodes by the same recorded id, then by a recorded lineage link (`take` removes them from `left` and `right`)."""
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


def match_in_groups(
    before: list[Profile],
    after: list[Profile],
    group_before: Callable[[Profile], Hashable],
    group_after: Callable[[Profile], Hashable],
    use_records: bool = True,
    hold: Callable[[list[Pair], list[Hashable], list[Hashable]], set[Hashable]] | None = None,
) -> Matching:
    """Pair nodes within their groups first, then what is left across groups.

    Actions mostly stay in their recommendation, so they are matched first among the
    actions of each pair of recommendations; only the actions left over (moved, added,
    removed) are then matched across all recommendations, where a pair must be `ACROSS`
    strong. Recorded ids and links, then identical texts, come before both, across groups.
    This keeps every assignment problem small, as a reader compares a recommendation with
    its successor before looking elsewhere. A weak pair in place gives way to a much
    better match among the leftovers elsewhere (`_yield_to_moves`).

    Args:
        before: profiles of the old nodes.
        after: profiles of the new nodes.
        group_before: the group of an old node (None: no group, matched across groups only).
        group_after: the group of a new node, in the same terms.
        use_records: use recorded ids and links.
        hold: given the pairs and the leftovers (old keys, new keys) after the groups,
            the leftovers to keep out of the match across groups (split and merge parts).

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
    pairs += _match_each_group(groups.values(), leftover_before, leftover_after, notes)
    pairs, released_before, released_after = _yield_to_moves(
        pairs, {p.key: p for p in chain(before, after)}, leftover_after
    )
    leftover_before += released_before
    leftover_after += released_after
    return _match_across(pairs, notes, ungrouped, leftover_before, leftover_after, hold)


def _match_across(
    pairs: list[Pair],
    notes: list[str],
    ungrouped: tuple[list[Profile], list[Profile]],
    leftover_before: list[Profile],
    leftover_after: list[Profile],
    hold: Callable[[list[Pair], list[Hashable], list[Hashable]], set[Hashable]] | None,
) -> Matching:
    """Match what the groups left over across all groups, and join the result to the pairs found so far."""
    # An action of a removed recommendation is not looked for in an added one: were the two
    # alike, they would have been paired; an action alone alike is chance (synthetic 5,000:
    # such pairs made half of the false moves).
    orphans = ({p.key for p in ungrouped[0]}, {p.key for p in ungrouped[1]})
    # What stays within its recommendation pair (a split or merge part) is not looked for elsewhere.
    kept = hold(pairs, [p.key for p in leftover_before], [p.key for p in leftover_after]) if hold else set()
    rest = match(
        [p for p in leftover_before if p.key not in kept],
        [p for p in leftover_after if p.key not in kept],
        use_records=False,
        level=ACROSS,
        apart=orphans,
    )
    return Matching(
        pairs + rest.pairs,
        rest.unmatched_before + [p.key for p in leftover_before if p.key in kept],
        rest.unmatched_after + [p.key for p in leftover_after if p.key in kept],
        notes + rest.notes,
    )


def _match_each_group(
    groups: Iterable[tuple[list[Profile], list[Profile]]],
    leftover_before: list[Profile],
    leftover_after: list[Profile],
    notes: list[str],
) -> list[Pair]:
    """Match the nodes of each group among themselves; add what stays unmatched to the leftovers, return the pairs."""
    pairs: list[Pair] = []
    for olds, news in groups:
        found = match(olds, news, use_records=False)
        pairs += found.pairs
        notes += found.notes
        unmatched_before, unmatched_after = set(found.unmatched_before), set(found.unmatched_after)
        leftover_before += [p for p in olds if p.key in unmatched_before]
        leftover_after += [p for p in news if p.key in unmatched_after]
    return pairs


def _yield_to_moves(
    pairs: list[Pair], profiles: dict[Hashable, Profile], leftover_after: list[Profile]
) -> tuple[list[Pair], list[Profile], list[Profile]]:
    """Undo each weak pair within a group whose old node has a much better match among the leftovers elsewhere.

    A reader compares a recommendation with its successor first, but an action found
    nearly word for word in another recommendation moved there, whatever weak likeness it
    has to a sibling in place. A pair within a group under `WITHIN.confident` gives way
    when its old node scores at least `ACROSS.confident` with a leftover new node and
    `NEAR_TIE` more than with its partner; both nodes of the pair are then leftovers, to
    be matched across groups (the old one mostly with that leftover) or found as a part
    of a split. Only weak pairs are asked, so this stays small.

    Returns:
        The pairs that stand, and the old and new profiles released.
    """
    weak = {pair.before: pair for pair in pairs if pair.matched_by == "similarity" and pair.score < WITHIN.confident}
    if not weak or not leftover_after:
        return pairs, [], []
    olds = [profiles[key] for key in weak]
    scored = _edges(olds, leftover_after, dict(enumerate(olds)), dict(enumerate(leftover_after)), ACROSS)
    best: dict[int, float] = defaultdict(float)
    for (i, _), score in scored.items():
        best[i] = max(best[i], score)
    released = {
        olds[i].key
        for i, score in best.items()
        if score >= ACROSS.confident and score - weak[olds[i].key].score >= NEAR_TIE
    }
    if not released:
        return pairs, [], []
    partners = {weak[key].after for key in released}
    return (
        [pair for pair in pairs if pair.before not in released],
        [p for p in olds if p.key in released],
        [profiles[key] for key in partners],
    )


def _edges(
    before: list[Profile], after: list[Profile], left: dict, right: dict, level: Level, model: Cosine | None = None
) -> dict[tuple[int, int], float]:
    """Score the candidate pairs of the similarity step: every pair that can reach the level's floor.

    The floor is the minimum less what the neighbour pass can add, so a pair it may lift is
    scored too. Cosine weights come from every node of both sides, matched or not.
    """
    floor = level.floor
    if level.measure == "cosine":
        model = model or Cosine([p.words for p in before] + [p.words for p in after])
        offset = len(before)
        found = scored_pairs(model, left, [offset + j for j in right], floor)
        return {(i, j - offset): score for (i, j), score in found.items()}
    if len(left) * len(right) > ALL_PAIRS_LIMIT:
        return _sequence_matrix(left, right, floor)
    edges = {}
    for i in left:
        for j in right:
            score = similarity(left[i].words, right[j].words)
            if score >= floor:
                edges[i, j] = score
    return edges


def _sequence_matrix(left: dict, right: dict, floor: float) -> dict[tuple[int, int], float]:
    """Score every pair of a large sequence-measure problem in C (rapidfuzz's cdist), keeping those at `floor`."""
    np = load_numpy()
    from rapidfuzz.distance import Indel
    from rapidfuzz.process import cdist

    rows, cols = list(left), list(right)
    scores = cdist(
        [left[i].words for i in rows],
        [right[j].words for j in cols],
        scorer=Indel.normalized_similarity,
        score_cutoff=floor,
        dtype=np.float32,
    )
    edges = {}
    for r, c in zip(*np.nonzero(scores)):
        i, j = rows[r], cols[c]
        score = similarity(left[i].words, right[j].words)  # the same float as the small path's
        if score >= floor:
            edges[i, j] = score
    return edges


def _assign(
    edges: dict[tuple[int, int], float], paired: dict[int, int], level: Level, notes: list[str]
) -> list[tuple[int, int, float, float]]:
    """Assign optimally, then again with the neighbour bonus; return (i, j, score, margin) per pair.

    The neighbour pass may tip a choice the text leaves open, never overturn one it makes:
    where its assignment leaves some pair behind a rival on the very scores it decided by
    (the bonus bought a better whole at that pair's expense, through a chain of swaps), the
    candidates it connects keep the assignment by text alone (`_keep_text_where_overturned`).
    A margin is the pair's text score less its runner-up's, never negative: where a rival
    scores as high or higher (a choice position or the whole assignment made), it is 0.

    Args:
        edges: candidate pairs and their scores.
        paired: pairs the cascade already made (old index -> new index), anchors for the
            neighbour pass.
        level: thresholds and neighbour bonus.
        notes: where to say that a budget forced a cheaper path.
    """
    chosen = _solve(edges, level.minimum, notes)
    if level.neighbour:
        anchors = {**paired, **{i: j for i, j, _ in chosen}}
        boosted = {
            (i, j): score + level.neighbour * ((anchors.get(i - 1) == j - 1) + (anchors.get(i + 1) == j + 1))
            for (i, j), score in edges.items()
        }
        second = [(i, j, boosted[i, j]) for i, j, _ in _solve(boosted, level.minimum, [])]
        chosen = [
            (i, j, edges[i, j]) for i, j, _ in _keep_text_where_overturned(chosen, second, boosted, level.minimum)
        ]
    return [(i, j, score, max(margin, 0.0)) for (i, j, score), margin in zip(chosen, _margins(edges, chosen))]


def _keep_text_where_overturned(
    first: list, second: list, boosted: dict, minimum: float
) -> list[tuple[int, int, float]]:
    """Return the neighbour pass's pairs, except in the groups of candidates where it overturned the text.

    A group (a connected component of the candidates at `minimum` with their bonus) is
    overturned when one of its pairs has a rival scoring higher on the boosted scores: the
    assignment gave that pair up for the sum, which only the bonus paid for. There the
    pairs of the text-only pass stand.
    """
    behind = {(i, j) for (i, j, _), margin in zip(second, _margins(boosted, second)) if margin < 0}
    if not behind:
        return second
    overturned: set[int] = set()
    for olds, _ in _components({pair: score for pair, score in boosted.items() if score >= minimum}):
        if any((i, j) in behind for i, j, _ in second if i in set(olds)):
            overturned.update(olds)
    return [pair for pair in second if pair[0] not in overturned] + [pair for pair in first if pair[0] in overturned]


def _margins(edges: dict[tuple[int, int], float], chosen: list[tuple[int, int, float]]) -> list[float]:
    """Return each chosen pair's score minus its runner-up's (negative where a rival scores higher).

    The runner-up is the best other candidate of either node that would rather have this
    node than what it got: unpaired, or paired at a lower score. A candidate already paired
    more strongly elsewhere is no rival.
    """
    got_old = {i: score for i, _, score in chosen}
    got_new = {j: score for _, j, score in chosen}
    rivals_of_old: dict[int, list[tuple[int, float]]] = defaultdict(list)
    rivals_of_new: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for (i, j), score in edges.items():
        rivals_of_old[i].append((j, score))
        rivals_of_new[j].append((i, score))
    margins = []
    for i, j, score in chosen:
        rival = max(
            [s for other, s in rivals_of_old[i] if other != j and s > got_new.get(other, -1.0)]
            + [s for other, s in rivals_of_new[j] if other != i and s > got_old.get(other, -1.0)],
            default=0.0,
        )
        margins.append(score - rival)
    return margins


def _solve(edges: dict[tuple[int, int], float], minimum: float, notes: list[str]) -> list[tuple[int, int, float]]:
    """Assign the pairs scoring at least `minimum` optimally, component by component."""
    edges = {pair: score for pair, score in edges.items() if score >= minimum}
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
    np = load_numpy()
    import lap

    unmatched = 1.0 - minimum
    cost = np.full((len(rows), len(cols)), unmatched + 1.0)
    row_at = {i: r for r, i in enumerate(rows)}
    col_at = {j: c for c, j in enumerate(cols)}
    for (i, j), score in edges.items():
        if i in row_at and j in col_at:
            cost[row_at[i], col_at[j]] = 1.0 - score
    # extend_cost pads the matrix square and cost_limit adds the "no match" option.
    _, x, _ = lap.lapjv(cost, extend_cost=True, cost_limit=unmatched + 1e-9)
    return [
        (rows[r], cols[c], edges[rows[r], cols[c]]) for r, c in enumerate(x) if c >= 0 and (rows[r], cols[c]) in edges
    ]


def _optimal_small(edges: dict, rows: list[int], cols: list[int], minimum: float) -> list[tuple[int, int, float]]:
    """Assign a small component exactly, by dynamic programming over subsets of its smaller side.

    Same objective as the Jonker-Volgenant path: a pair costs ``1 - score``, a node left
    unmatched half of ``1 - minimum``. Most components of real editions have a handful of
    nodes; solving them here spares importing numpy, which costs more than the whole diff.
    """
    flip = len(cols) > len(rows)
    small, large = (rows, cols) if not flip else (cols, rows)
    score = (
        (lambda mine, theirs: edges.get((theirs, mine))) if flip else (lambda mine, theirs: edges.get((mine, theirs)))
    )
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
    _, best = min(
        ((cost + half * (len(small) - bin(mask).count("1")), pairs) for mask, (cost, pairs) in states.items()),
        key=lambda state: state[0],
    )
    return [(theirs, mine, v) if flip else (mine, theirs, v) for mine, theirs, v in best]


def _greedy(edges: dict, component: tuple[list[int], list[int]]) -> list[tuple[int, int, float]]:
    rows, cols = set(component[0]), set(component[1])
    taken = []
    for (i, j), score in sorted(edges.items(), key=lambda e: -e[1]):
        if i in rows and j in cols:
            taken.append((i, j, score))
            rows.discard(i)
            cols.discard(j)
    return taken
