"""Align: decide which node of the old edition became which node of the new one.

One matching core (`match`) serves every level. It runs a cascade, each step taking
only what the previous steps left unmatched:

1. **id** -- the same recorded stable identifier on both sides;
2. **link** -- a recorded lineage link from a new node to an old one;
3. **text** -- identical text (white space aside);
4. **similarity** -- an optimal one-to-one assignment (Jonker-Volgenant via ``lap``, or for
   components with a small side an exact search over subsets) over the similarity of the
   texts' meaningful words, where leaving a node unmatched costs as much as a pair at the
   level's minimum score, so a deleted node is never paired with an unrelated added one.

How similar two texts are depends on the level (`Level.measure`):

* **recommendations** are compared as wholes, by the cosine of their TF-IDF vectors
  (`Cosine`): each word counts by its rarity over both editions, so a rewrite that keeps
  the rare words ("audit records", "penetration testing") still scores, while the words
  every recommendation uses ("IP offices", "the organization") count for nothing;
* **actions and items**, compared with their few siblings, by the normalised Indel
  similarity of their word sequences (`similarity`), which also weighs word order.

Candidate pairs are exact: every pair that can reach the level's threshold is scored. For
the cosine measure, small problems use prefix filtering (`cosine_edges`), which provably
keeps every such pair while indexing only each text's rare words; large ones a sparse
matrix product (scipy), which scores every pair in C. The sequence measure scores every
pair, in C (rapidfuzz) for large problems. numpy and scipy are imported only for large
problems.

At the recommendation level a second pass rewards a pair whose neighbours (the previous
or next recommendation on both sides) were paired with each other (`Level.neighbour`),
then assigns again: editions are mostly rewritten in place, so agreeing neighbours are
evidence that text alone lacks. Every pair found by similarity carries its score and its
margin to the runner-up (the best competing pair of either node); a pair under the
level's confident score, or whose margin is a near tie (`NEAR_TIE`), is flagged probable.

After the one-to-one pass, `find_splits` pairs an unmatched new node with an old node
that contains it (a split), and an unmatched old node with a new node that contains it
(a merge); containment weighs each word by its rarity so common words ("IP offices")
count little. `find_relations` does the same between whole recommendations. Every merge
and split, at both levels, is also listed once as a `Relation`: its host pair, its parts
and what it carried (`Alignment.relations`).

Thresholds are chosen on more than one data set by the procedure that
``benchmarks/thresholds.py`` prints (cws11->cws12, the synthetic editions, and NIST SP
800-53 rev4->rev5 where present).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import chain
from typing import Callable, Hashable, Iterable, Sequence

from ..edition.address import Address
from ..edition.model import Edition
from .textdiff import fold, similarity, stems, tokenize


@dataclass(frozen=True)
class Level:
    """How one kind of pairing scores texts, and its thresholds.

    Attributes:
        minimum: under this score two nodes are not paired at all.
        confident: under this score a pair is flagged as probable.
        measure: ``"sequence"`` (normalised Indel similarity of the word sequences) or
            ``"cosine"`` (cosine of rarity-weighted word vectors, see `Cosine`).
        neighbour: bonus per neighbour pair (previous, next) in the second pass; 0: no
            second pass.
    """

    minimum: float
    confident: float
    measure: str = "sequence"
    neighbour: float = 0.0

    @property
    def floor(self) -> float:
        """Return the lowest score a candidate pair may have: the minimum less what two agreeing neighbours add."""
        return self.minimum - 2 * self.neighbour


# Recommendations: cosine of TF-IDF vectors. Chosen by the procedure benchmarks/thresholds.py
# prints on cws11->cws12, the synthetic editions and NIST SP 800-53 rev4->rev5: the minimum is
# on every data set's F1 plateau (0.225..0.45) and nearest the 0.31 that issue 10 reports
# transferring to a held-out real pair; under the confident score some band of pairs is
# right less than 95% of the time on some data set (NIST: 0.50-0.55 is 90% right). A pair
# with agreeing neighbours gains `neighbour` per side, the smallest bonus on every data
# set's plateau: two neighbours lift a pair by 0.1, never a pair under 0.2 into a match.
RECOMMENDATIONS = Level(minimum=0.3, confident=0.55, measure="cosine", neighbour=0.05)
# Actions and items: set from the scores printed by benchmarks/thresholds.py. Actions within
# paired recommendations compete only with their siblings, so a weak pair there is still
# likely the same action reworded (cws11 R2(c) -> cws12 R5(c) scores 0.61); across
# recommendations (moves) true pairs score 0.86 and more, while leftovers of deleted and
# added recommendations pair by chance at 0.30-0.46.
WITHIN = Level(minimum=0.3, confident=0.5)
ACROSS = Level(minimum=0.5, confident=0.6)
# A pair whose runner-up (the best competing candidate of either node) scores within this
# much of it is a near tie: a few words either way would have decided otherwise. The
# largest value that flags at most 5% of the right pairs on every data set
# (benchmarks/thresholds.py): on NIST it flags 4.5% of the right pairs and 7 of 11 wrong ones.
NEAR_TIE = 0.15
CONTAINED = 0.6  # share of a node's (rarity-weighted) words found in another for a split or merge
ALL_PAIRS_LIMIT = 250_000  # sequence measure: above this many possible pairs, score them all in C (rapidfuzz's cdist)
DENSE_LIMIT = 20_000  # cosine measure: above this many possible pairs, score them all by a sparse matrix product
SPARSE_BLOCK = 500  # texts of one side per sparse product (its result is nearly dense: 500 x the other side)
COMPONENT_LIMIT = 3_000  # larger groups of entangled candidates are solved greedily (and said so)
SMALL_SIDE = 6  # components with at most this many nodes on one side are solved without numpy
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
    return Profile(key, list(stems(text)), " ".join(text.split()), id, links, parent)


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


class Weights:
    """Rarity weights of words over a set of texts (inverse document frequency).

    Smoothed by default, ``log((N + 1) / (df + 1)) + 1`` (every word counts, common ones
    little: actions are compared with a handful of siblings); plain, ``log((N + 1) / df)``,
    a word in every text counts for next to nothing (recommendations are compared across a
    whole edition, where such words tell nothing apart).
    """

    def __init__(self, documents: Sequence[list[str]], smooth: bool = True):
        frequency: Counter = Counter()
        for found in documents:
            frequency.update(set(found))
        self.frequency = frequency
        self.total = total = len(documents)
        self.smooth = smooth
        if smooth:
            self.table = {word: math.log((total + 1) / (n + 1)) + 1.0 for word, n in frequency.items()}
            self.unseen = math.log(total + 1) + 1.0
        else:
            # As if the corpus held one more text with none of these words: a word in all
            # N texts weighs log((N + 1) / N), next to nothing in an edition of hundreds,
            # while two texts alone (one recommendation a side) still compare by their words.
            self.table = {word: math.log((total + 1) / n) for word, n in frequency.items()}
            self.unseen = math.log(total + 1)

    def weight(self, word: str) -> float:
        """Return the rarity weight of a word."""
        return self.table.get(word, self.unseen)

    def contained(self, part: list[str], whole: list[str]) -> float:
        """Return the weighted share of `part`'s words that also occur in `whole`."""
        words = set(part)
        table, unseen = self.table, self.unseen
        total = sum(table.get(w, unseen) for w in words)
        if not total:
            return 0.0
        found = set(whole)
        return sum(table.get(w, unseen) for w in words if w in found) / total


class Cosine:
    """TF-IDF vectors of a level's texts, for the cosine similarity of recommendations.

    A word's weight in a text is ``(1 + log count) * log((N + 1) / df)``: sublinear in how
    often the text repeats it (a topic word said five times is not five times the evidence)
    and falling to next to nothing for a word every text of both editions uses (N texts, df
    of them with the word). Vectors are normalised, so a pair's score is the dot product of its vectors:
    1 for the same words in the same proportions, 0 for no rare word in common.
    """

    def __init__(self, documents: Sequence[list[str]]):
        self.weights = Weights(documents, smooth=False)
        self._weighs = {word: weight for word, weight in self.weights.table.items() if weight > 0.0}
        # Most texts of two editions are the same on both sides: one vector serves both.
        known: dict[tuple[str, ...], dict[str, float]] = {}
        self.vectors = []
        for found in documents:
            key = tuple(found)
            if key not in known:
                known[key] = self.vector(found)
            self.vectors.append(known[key])
        self._matrix = None
        self._totals: dict[int, float] = {}

    def matrix(self):
        """Return every vector as a row of one scipy CSR matrix (built on first use, for large problems)."""
        if self._matrix is None:
            np = _numpy()
            from scipy import sparse

            column = {word: k for k, word in enumerate(self.weights.table)}
            indptr = np.cumsum([0] + [len(vector) for vector in self.vectors])
            count = int(indptr[-1])
            indices = np.fromiter(map(column.__getitem__, chain.from_iterable(self.vectors)), dtype=np.int64, count=count)
            data = np.fromiter(chain.from_iterable(vector.values() for vector in self.vectors), dtype=np.float64, count=count)
            self._matrix = sparse.csr_matrix((data, indices, indptr), shape=(len(self.vectors), len(column)))
        return self._matrix

    def vector(self, found: list[str]) -> dict[str, float]:
        """Return the unit TF-IDF vector of a text's words (empty when no word carries weight)."""
        weighs = self._weighs  # a word in every text weighs nothing, and is left out
        raw = {word: weighs[word] * _SUBLINEAR[n] for word, n in Counter(found).items() if word in weighs}
        norm = math.sqrt(sum(w * w for w in raw.values()))
        return {word: w / norm for word, w in raw.items()} if norm else {}

    def contained(self, part: int, whole: int) -> float:
        """Return the weighted share of text `part`'s words found in text `whole` (see `Weights.contained`)."""
        table = self.weights.table
        common = self.vectors[part].keys() & self.vectors[whole].keys()
        return sum(map(table.__getitem__, common)) / self._total(part) if common else 0.0

    def _total(self, row: int) -> float:
        totals = self._totals
        if row not in totals:
            table = self.weights.table
            totals[row] = sum(map(table.__getitem__, self.vectors[row]))
        return totals[row]


class _Sublinear(dict):
    """``1 + log(n)``, the weight of a word said n times in a text, remembered for each n met."""

    def __missing__(self, n: int) -> float:
        self[n] = value = 1.0 + math.log(n)
        return value


_SUBLINEAR = _Sublinear()


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Return the dot product of two sparse unit vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(word, 0.0) for word, w in a.items())


def cosine_edges(left: dict[int, dict[str, float]], right: dict[int, dict[str, float]],
                 rarity: Callable[[str], tuple], floor: float) -> dict[tuple[int, int], float]:
    """Return every pair of unit vectors whose dot product is at least `floor`, with its score.

    Exact all-pairs similarity search by prefix filtering (Bayardo, Ma and Srikant, "Scaling
    up all pairs similarity search", WWW 2007). Each right vector is cut into a prefix of
    rare words and a tail of common ones, the tail as long as it can be while
    ``sum(w_right[t] * max_left_weight[t] for t in tail) < floor``. A pair that reaches
    `floor` must share a word of the right vector's prefix, for the tail words alone cannot
    reach it; so indexing prefixes only loses no pair. Each left vector then looks up its
    words in that index, accumulates the prefix part of the dot product, drops pairs that
    cannot reach `floor` even with the tail's bound, and completes the rest exactly.
    Common words sit in the tails, so the index lists are short.

    Args:
        left: vectors by index.
        right: vectors by index.
        rarity: sort key of a word, rarest first (the tails take the commonest words).
        floor: the minimum score.

    Returns:
        ``{(i, j): score}`` for every pair scoring at least `floor`.
    """
    reach: dict[str, float] = {}
    for vector in left.values():
        for word, w in vector.items():
            if w > reach.get(word, 0.0):
                reach[word] = w
    index: dict[str, list[tuple[int, float]]] = defaultdict(list)
    tails: dict[int, list[str]] = {}
    bounds: dict[int, float] = {}
    for j, vector in right.items():
        ordered = sorted(vector, key=rarity, reverse=True)  # commonest first
        bound, cut = 0.0, len(ordered)
        for k, word in enumerate(ordered):
            add = vector[word] * reach.get(word, 0.0)
            if bound + add >= floor:
                cut = k
                break
            bound += add
        tails[j], bounds[j] = ordered[:cut], bound
        for word in ordered[cut:]:
            index[word].append((j, vector[word]))
    edges: dict[tuple[int, int], float] = {}
    for i, vector in left.items():
        partial: dict[int, float] = defaultdict(float)
        for word, w in vector.items():
            for j, wj in index.get(word, ()):
                partial[j] += w * wj
        for j, score in partial.items():
            if score + bounds[j] < floor:
                continue
            other = right[j]
            score += sum(vector.get(word, 0.0) * other[word] for word in tails[j])
            if score >= floor:
                edges[i, j] = score
    return edges


def scored_pairs(model: Cosine, left: Iterable[int], right: Iterable[int], floor: float) -> dict[tuple[int, int], float]:
    """Return every pair of rows of `model` (a left row, a right row) whose vectors score at least `floor`.

    Small problems use prefix filtering (`cosine_edges`); above `DENSE_LIMIT` possible pairs,
    scipy's sparse matrix product, which computes every pair's score in C at a cost that
    grows with the words pairs share: where texts share many middling words (a narrow
    domain vocabulary), every pair shares a prefix word and filtering saves nothing. Both
    paths compute the same sums, in another order (scores agree to about 1e-15).
    """
    left, right = list(left), list(right)
    vectors = model.vectors
    if len(left) * len(right) <= DENSE_LIMIT:
        frequency = model.weights.frequency
        return cosine_edges({i: vectors[i] for i in left}, {j: vectors[j] for j in right},
                            lambda word: (frequency[word], word), floor)
    matrix = model.matrix()
    others = _rows(matrix, right).T.tocsr()
    edges = {}
    # A block of rows at a time: texts of one domain share many words, so the product is
    # nearly dense, and its size is the memory the step takes.
    for start in range(0, len(left), SPARSE_BLOCK):
        rows = left[start:start + SPARSE_BLOCK]
        scores = (_rows(matrix, rows) @ others).tocoo()
        kept = scores.data >= floor
        edges.update(((rows[r], right[c]), score)
                     for r, c, score in zip(scores.row[kept].tolist(), scores.col[kept].tolist(), scores.data[kept].tolist()))
    return edges


def _rows(matrix, rows: list[int]):
    """Return some rows of a CSR matrix: a cheap slice when they run on without a gap."""
    if rows and rows[-1] - rows[0] == len(rows) - 1 and rows == list(range(rows[0], rows[-1] + 1)):
        return matrix[rows[0]:rows[-1] + 1]
    return matrix[rows]


def match(
    before: list[Profile],
    after: list[Profile],
    use_records: bool = True,
    level: Level = WITHIN,
    until: str = "similarity",
    model: Cosine | None = None,
    allowed: Callable[[Profile, Profile], bool] | None = None,
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
        allowed: which pairs the similarity step may make (all when None).

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
        edges = _edges(before, after, left, right, level, model)
        if allowed is not None:
            edges = {(i, j): score for (i, j), score in edges.items() if allowed(before[i], after[j])}
        for i, j, score, margin in _assign(edges, paired, level, notes):
            probable = score < level.confident or margin < NEAR_TIE
            pairs.append(Pair(before[i].key, after[j].key, "similarity", round(score, 3), probable, round(margin, 3)))
            del left[i], right[j]
    return Matching(pairs, [p.key for p in left.values()], [p.key for p in right.values()], notes)


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
    for olds, news in groups.values():
        found = match(olds, news, use_records=False)
        pairs += found.pairs
        notes += found.notes
        unmatched_before, unmatched_after = set(found.unmatched_before), set(found.unmatched_after)
        leftover_before += [p for p in olds if p.key in unmatched_before]
        leftover_after += [p for p in news if p.key in unmatched_after]
    pairs, released_before, released_after = _yield_to_moves(pairs, {p.key: p for p in chain(before, after)}, leftover_after)
    leftover_before += released_before
    leftover_after += released_after
    # An action of a removed recommendation is not looked for in an added one: were the two
    # alike, they would have been paired; an action alone alike is chance (synthetic 5,000:
    # such pairs made half of the false moves).
    orphans = {id(p) for p in ungrouped[0]} | {id(p) for p in ungrouped[1]}
    # What stays within its recommendation pair (a split or merge part) is not looked for elsewhere.
    kept = hold(pairs, [p.key for p in leftover_before], [p.key for p in leftover_after]) if hold else set()
    rest = match([p for p in leftover_before if p.key not in kept], [p for p in leftover_after if p.key not in kept],
                 use_records=False, level=ACROSS, allowed=lambda old, new: id(old) not in orphans or id(new) not in orphans)
    return Matching(pairs + rest.pairs, rest.unmatched_before + [p.key for p in leftover_before if p.key in kept],
                    rest.unmatched_after + [p.key for p in leftover_after if p.key in kept], notes + rest.notes)


def _yield_to_moves(pairs: list[Pair], profiles: dict[Hashable, Profile],
                    leftover_after: list[Profile]) -> tuple[list[Pair], list[Profile], list[Profile]]:
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
    released = {olds[i].key for i, score in best.items()
                if score >= ACROSS.confident and score - weak[olds[i].key].score >= NEAR_TIE}
    if not released:
        return pairs, [], []
    partners = {weak[key].after for key in released}
    return ([pair for pair in pairs if pair.before not in released],
            [p for p in olds if p.key in released], [profiles[key] for key in partners])


def _edges(before: list[Profile], after: list[Profile], left: dict, right: dict, level: Level,
           model: Cosine | None = None) -> dict[tuple[int, int], float]:
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
    np = _numpy()
    from rapidfuzz.distance import Indel
    from rapidfuzz.process import cdist

    rows, cols = list(left), list(right)
    scores = cdist([left[i].words for i in rows], [right[j].words for j in cols], scorer=Indel.normalized_similarity,
                   score_cutoff=floor, dtype=np.float32)
    edges = {}
    for r, c in zip(*np.nonzero(scores)):
        i, j = rows[r], cols[c]
        score = similarity(left[i].words, right[j].words)  # the same float as the small path's
        if score >= floor:
            edges[i, j] = score
    return edges


def _assign(edges: dict[tuple[int, int], float], paired: dict[int, int], level: Level,
            notes: list[str]) -> list[tuple[int, int, float, float]]:
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
        boosted = {(i, j): score + level.neighbour * ((anchors.get(i - 1) == j - 1) + (anchors.get(i + 1) == j + 1))
                   for (i, j), score in edges.items()}
        second = [(i, j, boosted[i, j]) for i, j, _ in _solve(boosted, level.minimum, [])]
        chosen = [(i, j, edges[i, j]) for i, j, _ in _keep_text_where_overturned(chosen, second, boosted, level.minimum)]
    return [(i, j, score, max(margin, 0.0)) for (i, j, score), margin in zip(chosen, _margins(edges, chosen))]


def _keep_text_where_overturned(first: list, second: list, boosted: dict, minimum: float) -> list[tuple[int, int, float]]:
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
        rival = max([s for other, s in rivals_of_old[i] if other != j and s > got_new.get(other, -1.0)]
                    + [s for other, s in rivals_of_new[j] if other != i and s > got_old.get(other, -1.0)], default=0.0)
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


def _numpy():
    """Import numpy for a large problem, its BLAS on one thread unless the user chose otherwise.

    The matrix products here are small enough that more threads cost more CPU than they
    save time, on a machine whose cores are shared.
    """
    import os

    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")
    import numpy

    return numpy


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
    np = _numpy()
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


def find_relations(
    matching: Matching, before: list[Profile], after: list[Profile], model: Cosine, floor: float,
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
    weights, offset = model.weights, len(before)
    at_before = {p.key: i for i, p in enumerate(before)}
    at_after = {p.key: j for j, p in enumerate(after)}
    merges: dict[Hashable, list[Hashable]] = defaultdict(list)
    for old, (into, gained) in merge_targets(matching, before, after, model, floor).items():
        if gained is None or gained >= GAINED or model.contained(at_before[old], offset + at_after[into]) >= NEARLY_ALL:
            merges[into].append(old)
    pair_of_old = {p.before: p.after for p in matching.pairs}
    added = [offset + at_after[k] for k in matching.unmatched_after]
    sources = _fullest(scored_pairs(model, added, range(offset), floor), model.contained)  # new node -> its fullest container
    splits: dict[Hashable, list[Hashable]] = defaultdict(list)
    for j, i in sources.items():
        successor = pair_of_old.get(before[i].key)
        if successor is not None:
            part = after[j - offset]
            kept = after[at_after[successor]].words
            if weights.contained(_lacking(part.words, kept), before[i].words) >= CONTAINED:  # what the successor lacks
                splits[before[i].key].append(part.key)
    return dict(splits), dict(merges)


def merge_targets(
    matching: Matching, before: list[Profile], after: list[Profile], model: Cosine, floor: float,
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
    twins = _fullest(scored_pairs(model, removed, paired, floor), lambda i, k: min(model.contained(i, k), model.contained(k, i)))
    containers = _sole_containers(model, removed, range(offset, offset + len(after)))
    at_after = {p.key: j for j, p in enumerate(after)}
    found: dict[Hashable, tuple[Hashable, float | None]] = {}
    for i in removed:
        if i in twins:
            twin = before[twins[i]]
            successor = pair_of_old[twin.key]
            if weights.contained(_lacking(twin.words, before[i].words), after[at_after[successor]].words) < 1 - CONTAINED:
                found[before[i].key] = (successor, None)
                continue
        if i in containers:
            target = after[containers[i] - offset]
            partner = pair_of_new.get(target.key)
            if partner is not None:
                said = _lacking(before[i].words, before[at_before[partner]].words)
                found[before[i].key] = (target.key, weights.contained(said, target.words) if said else 1.0)
    return found


def _fullest(candidates: Iterable[tuple[int, int]], share: Callable[[int, int], float]) -> dict[int, int]:
    """Return, for each node of the candidate pairs, its candidate of highest share, where at least `CONTAINED`."""
    found: dict[int, tuple[float, int]] = {}
    for node, other in sorted(candidates):
        value = share(node, other)
        if value >= CONTAINED and value > found.get(node, (0.0, 0))[0]:
            found[node] = (value, other)
    return {node: other for node, (_, other) in found.items()}


def _lacking(words: list[str], other: list[str]) -> list[str]:
    """Return the words of `words` that `other` lacks."""
    lacks = set(other)
    return [word for word in words if word not in lacks]


def _sole_containers(model: Cosine, parts: list[int], wholes: Iterable[int]) -> dict[int, int]:
    """Return, for each text of `parts`, the one text of `wholes` that contains it, if one alone does.

    It contains it when it holds `CONTAINED` of its weighted words (`Cosine.contained`), and
    alone when no other text of `wholes` comes within `NEAR_TIE` of that share. Every text
    of `wholes` is asked: by an index of which texts hold each word for small problems, by
    a sparse matrix product above `DENSE_LIMIT` possible pairs.
    """
    wholes = list(wholes)
    if not parts or not wholes:
        return {}
    found = {}
    for part, scored in zip(parts, _held_weights(model, parts, wholes)):
        top = sorted(scored, reverse=True)[:2]
        total = model._total(part)
        if total > 0.0 and top[0][0] >= CONTAINED * total and (len(top) == 1 or top[0][0] - top[1][0] >= NEAR_TIE * total):
            found[part] = top[0][1]
    return found


def _held_weights(model: Cosine, parts: list[int], wholes: list[int]) -> Iterable[list[tuple[float, int]]]:
    """Yield, for each text of `parts`, ``(weight of its words that a text of wholes holds, that text)``."""
    table = model.weights.table
    if len(parts) * len(wholes) <= DENSE_LIMIT:
        holders: dict[str, list[int]] = defaultdict(list)
        for whole in wholes:
            for word in model.vectors[whole]:
                holders[word].append(whole)
        for part in parts:
            shares: Counter = Counter()
            for word in model.vectors[part]:
                for whole in holders.get(word, ()):
                    shares[whole] += table[word]
            yield [(share, whole) for whole, share in shares.items()] or [(0.0, wholes[0])]
        return
    np = _numpy()
    matrix = model.matrix()
    weight = np.fromiter(table.values(), dtype=np.float64, count=len(table))
    left = _rows(matrix, parts).tocsr(copy=True)
    left.data = weight[left.indices]  # each word by its weight
    right = _rows(matrix, wholes).tocsr(copy=True)
    right.data[:] = 1.0  # whether the text holds the word
    shares = (left @ right.T).toarray()
    for row in shares:
        best = np.argsort(row)[-2:][::-1]
        yield [(float(row[k]), wholes[k]) for k in best]


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


def relations_of(level: str, matching: Matching, splits: dict, merges: dict, placed: dict | None = None,
                 children: Matching | None = None) -> list[Relation]:
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
        found.append(Relation("merged", level, by_after[new], parts,
                              tuple((old, placed[old]) for old in parts if old in placed), carried))
    for old, news in splits.items():
        parts = tuple(sorted(news))
        carried = tuple(chain.from_iterable(between.get((old, new), ()) for new in parts))
        found.append(Relation("split", level, by_before[old], parts, (), carried))
    return sorted(found, key=lambda r: (r.host.after, r.kind))


@dataclass
class Alignment:
    """Which node became which, at every level, between two editions.

    Keys are addresses. ``splits`` maps an old action to its extra new parts (beyond its
    pair in ``actions``); ``merges`` maps a new action to its extra old parts;
    ``became_footnote`` maps a new footnote to the old sub-items it was made from.
    ``recommendation_splits`` and ``recommendation_merges`` do the same for whole
    recommendations (beyond their pair in ``recommendations``), and ``merged_into_part``
    names the action of the new recommendation in which a merged recommendation's text
    was found, where one part holds it. ``relations`` says all of that once, as one
    `Relation` per merge or split of recommendations and of actions, with its host pair
    and what it carried.
    """

    recommendations: Matching
    actions: Matching
    items: Matching
    footnotes: Matching
    splits: dict[Address, list[Address]]
    merges: dict[Address, list[Address]]
    became_footnote: dict[Address, list[Address]]
    notes: list[str]
    recommendation_splits: dict[Address, list[Address]] = field(default_factory=dict)
    recommendation_merges: dict[Address, list[Address]] = field(default_factory=dict)
    merged_into_part: dict[Address, Address] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)

    def partner(self, before: Address) -> Address | None:
        """Return the new recommendation an old one was paired with, or None."""
        return self._rec_after.get(before)

    def partner_before(self, after: Address) -> Address | None:
        """Return the old recommendation a new one was paired with, or None."""
        return self._rec_before.get(after)

    def successors(self, before: Address) -> set[Address]:
        """Return the new recommendations an old one became: its pair, its split parts, or what it merged into."""
        found = {self._rec_after[before]} if before in self._rec_after else set()
        if before in self._merged_into:
            found.add(self._merged_into[before])
        return found | set(self.recommendation_splits.get(before, ()))

    def relations_of(self, address: Address) -> list[Relation]:
        """Return the relations a node (a recommendation or an action, of either edition) takes part in."""
        return [r for r in self.relations if address in r.before or address in r.after]

    def __post_init__(self) -> None:
        self._rec_after = {p.before: p.after for p in self.recommendations.pairs}
        self._rec_before = {p.after: p.before for p in self.recommendations.pairs}
        self._merged_into = {old: new for new, olds in self.recommendation_merges.items() for old in olds}


def recommendation_profile(rec, base_id: str) -> Profile:
    """Profile a whole recommendation: the words of all its texts, and its links into edition `base_id`."""
    texts = [text for _, text in rec.texts()] or [d.text for d in rec.descriptions]
    # Words of each text (cached per text, shared with the action profiles).
    found = [word for text in texts for word in stems(text)]
    return Profile(rec.address, found, " ".join(" ".join(texts).split()), rec.id, _lineage(rec.links, base_id))


def align_editions(before: Edition, after: Edition, use_records: bool = True) -> Alignment:
    """Align two editions at every level: recommendations, actions, items, footnotes.

    Args:
        before: the old edition.
        after: the new edition.
        use_records: use recorded ids and lineage links; False matches on text alone.

    Returns:
        The `Alignment`.
    """
    rec_before = [recommendation_profile(r, before.id) for r in before.recommendations]
    rec_after_profiles = [recommendation_profile(r, before.id) for r in after.recommendations]
    model = Cosine([p.words for p in rec_before] + [p.words for p in rec_after_profiles])
    recs = match(rec_before, rec_after_profiles, use_records, RECOMMENDATIONS, model=model)
    rec_weights = model.weights
    floor = RECOMMENDATIONS.floor
    rec_splits, rec_merges = find_relations(recs, rec_before, rec_after_profiles, model, floor)
    merged_into = {old: new for new, olds in rec_merges.items() for old in olds}
    split_from = {new: old for old, news in rec_splits.items() for new in news}
    recs.unmatched_before = [k for k in recs.unmatched_before if k not in merged_into]
    recs.unmatched_after = [k for k in recs.unmatched_after if k not in split_from]
    rec_after = {p.before: p.after for p in recs.pairs}

    actions_before = {a.address: a for r in before.recommendations for a in r.actions}
    actions_after = {a.address: a for r in after.recommendations for a in r.actions}
    prof_before = {k: profile(k, a.text, a.id, frozenset(), k.recommendation()) for k, a in actions_before.items()}
    prof_after = {k: profile(k, a.text, a.id, _lineage(a.links, before.id), k.recommendation()) for k, a in actions_after.items()}
    list_before, list_after = list(prof_before.values()), list(prof_after.values())
    paired_after = set(rec_after.values())
    # The actions of a merged recommendation are matched with those of the recommendation it
    # merged into, and the actions of a split part with those of the recommendation it was
    # split from, as for a pair.
    weights = Weights([p.words for p in list_before] + [p.words for p in list_after])

    def parts(pairs: list[Pair], unmatched_before: list[Address], unmatched_after: list[Address]):
        """Find split and merge parts among the paired actions of the related recommendation."""
        paired_olds: dict[Address, list[Address]] = defaultdict(list)
        paired_news: dict[Address, list[Address]] = defaultdict(list)
        for pair in pairs:
            paired_olds[rec_after.get(pair.before.recommendation())].append(pair.before)
            paired_news[pair.after.recommendation()].append(pair.after)
        return find_splits(
            unmatched_before, unmatched_after, prof_before, prof_after, weights,
            lambda new: paired_olds.get(new.recommendation(), ()),
            lambda old: paired_news.get(rec_after.get(old.recommendation()), ()),
        )

    # Where recommendations merged, the statement of one of them often becomes an action of
    # the new one (which of them is the pair is a matter of text, so any of them).
    statements: dict[Address, list[list[str]]] = defaultdict(list)
    for rec in before.recommendations:
        into = merged_into.get(rec.address) or rec_after.get(rec.address)
        if into in rec_merges and rec.statement:  # the 40 Recommendations mostly lack theirs
            statements[into].append(list(stems(rec.statement)))

    def held(pairs: list[Pair], unmatched_before: list[Address], unmatched_after: list[Address]) -> set[Address]:
        """Return the leftovers accounted for without a pair: split and merge parts, merged statements."""
        found = parts(pairs, unmatched_before, unmatched_after)
        kept = {k for relation in found for keys in relation.values() for k in keys}
        return kept | {k for k in unmatched_after if any(
            weights.contained(prof_after[k].words, words) >= CONTAINED for words in statements.get(k.recommendation(), ()))}

    actions = match_in_groups(
        list_before, list_after,
        lambda old: rec_after.get(old.parent) or merged_into.get(old.parent),  # grouped by the new recommendation
        lambda new: new.parent if new.parent in paired_after else rec_after.get(split_from.get(new.parent)),
        use_records, held,
    )
    splits, merges = parts(actions.pairs, actions.unmatched_before, actions.unmatched_after)
    split_parts = {k for parts in splits.values() for k in parts}
    merge_parts = {k for parts in merges.values() for k in parts}
    actions.unmatched_after = [k for k in actions.unmatched_after if k not in split_parts]
    actions.unmatched_before = [k for k in actions.unmatched_before if k not in merge_parts]
    rec_words_before = {p.key: p.words for p in rec_before}
    parts_of = {r.address: [prof_after[a.address] for a in r.actions] for r in after.recommendations if r.address in rec_merges}
    located = {old: locate(rec_words_before[old], parts_of[new], rec_weights) for old, new in merged_into.items()}

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
    placed = {old: part for old, part in located.items() if part is not None}
    relations = (relations_of("recommendation", recs, rec_splits, rec_merges, placed, actions)
                 + relations_of("action", actions, splits, merges))
    return Alignment(recs, actions, items, footnotes, splits, merges, became, recs.notes + actions.notes,
                     rec_splits, rec_merges, placed, relations)


def _lineage(links, edition_id: str) -> frozenset:
    """Return the addresses in `edition_id` that links record a node as derived from."""
    return frozenset(link.target for link in links if link.type in LINEAGE_TYPES and link.target.edition == edition_id)
