"""Measures: how similar two texts are, and how much of one another holds.

How similar two texts are depends on the level (`Level.measure`):

* **recommendations** are compared as wholes, by the cosine of their TF-IDF vectors
  (`Cosine`): each word counts by its rarity over both editions, so a rewrite that keeps
  the rare words ("audit records", "penetration testing") still scores, while the words
  every recommendation uses ("IP offices", "the organization") count for nothing;
* **actions and items**, compared with their few siblings, by the normalised Indel
  similarity of their word sequences (`recreg.engine.textdiff.similarity`), which also
  weighs word order.

Containment is directional: the rarity-weighted share of one text's words found in
another (`Weights.contained`, `Cosine.contained`), the measure of splits and merges.

Candidate pairs are exact: every pair that can reach the level's threshold is scored. For
the cosine measure, small problems use prefix filtering (`cosine_edges`), which provably
keeps every such pair while indexing only each text's rare words; large ones a sparse
matrix product (scipy), which scores every pair in C (`scored_pairs`, and for containment
`held_weights`). numpy and scipy are imported only for large problems.

Thresholds are chosen on more than one data set by the procedure that
``benchmarks/thresholds.py`` prints (cws11->cws12, the synthetic editions, and NIST SP
800-53 rev4->rev5 where present).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from itertools import chain

from .textdiff import stems


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
CONTAINER_BLOCK = 128  # parts per product in `containers`: a part's rare words may still be shared by half the wholes
# `containers` looks words up in Python up to this many lookups (about 0.1 s), by sparse products
# above: numpy and scipy take 0.25 s to import, which only larger problems repay (the 2,000
# recommendation pair needs about a million lookups per step, the 5,000 pair four to eight).
CONTAINER_LIMIT = 2_000_000


@dataclass(slots=True)
class Profile:
    """What the matcher knows of one node."""

    key: Hashable  # the node's address (or any unique key)
    words: Sequence[str]  # folded meaningful words, normative phrases kept
    exact: str  # the text with white space folded, for the identity-of-text step
    id: str | None = None
    links: frozenset = frozenset()  # keys of the other side this node is recorded to derive from
    parent: Hashable = None


def profile(
    key: Hashable, text: str, id: str | None = None, links: frozenset = frozenset(), parent: Hashable = None
) -> Profile:
    """Build a node's profile from its text."""
    return Profile(key, stems(text), " ".join(text.split()), id, links, parent)


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
        self._columns = None
        self._postings: dict[str, list[int]] | None = None
        self._totals: dict[int, float] = {}

    def postings(self) -> dict[str, list[int]]:
        """Return, for each weighted word, the rows whose vectors hold it, in row order (built on first use)."""
        if self._postings is None:
            postings: dict[str, list[int]] = defaultdict(list)
            for row, vector in enumerate(self.vectors):
                for word in vector:
                    postings[word].append(row)
            self._postings = dict(postings)
        return self._postings

    def columns(self):
        """Return each word's column in `matrix` and, as a numpy array, each column's rarity weight."""
        if self._columns is None:
            np = load_numpy()
            table = self.weights.table
            self._columns = (
                {word: k for k, word in enumerate(table)},
                np.fromiter(table.values(), dtype=np.float64, count=len(table)),
            )
        return self._columns

    def matrix(self):
        """Return every vector as a row of one scipy CSR matrix (built on first use, for large problems)."""
        if self._matrix is None:
            np = load_numpy()
            from scipy import sparse

            column, _ = self.columns()
            indptr = np.cumsum([0] + [len(vector) for vector in self.vectors])
            count = int(indptr[-1])
            indices = np.fromiter(
                map(column.__getitem__, chain.from_iterable(self.vectors)), dtype=np.int64, count=count
            )
            data = np.fromiter(
                chain.from_iterable(vector.values() for vector in self.vectors), dtype=np.float64, count=count
            )
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


def cosine_edges(
    left: dict[int, dict[str, float]], right: dict[int, dict[str, float]], rarity: Callable[[str], tuple], floor: float
) -> dict[tuple[int, int], float]:
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


def scored_pairs(
    model: Cosine, left: Iterable[int], right: Iterable[int], floor: float
) -> dict[tuple[int, int], float]:
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
        return cosine_edges(
            {i: vectors[i] for i in left}, {j: vectors[j] for j in right}, lambda word: (frequency[word], word), floor
        )
    matrix = model.matrix()
    others = _rows(matrix, right).T.tocsr()
    edges = {}
    # A block of rows at a time: texts of one domain share many words, so the product is
    # nearly dense, and its size is the memory the step takes.
    for start in range(0, len(left), SPARSE_BLOCK):
        rows = left[start : start + SPARSE_BLOCK]
        scores = (_rows(matrix, rows) @ others).tocoo()
        kept = scores.data >= floor
        edges.update(
            ((rows[r], right[c]), score)
            for r, c, score in zip(scores.row[kept].tolist(), scores.col[kept].tolist(), scores.data[kept].tolist())
        )
    return edges


def _rows(matrix, rows: list[int]):
    """Return some rows of a CSR matrix: a cheap slice when they run on without a gap."""
    if rows and rows[-1] - rows[0] == len(rows) - 1 and rows == list(range(rows[0], rows[-1] + 1)):
        return matrix[rows[0] : rows[-1] + 1]
    return matrix[rows]


def containers(model: Cosine, parts: Iterable[int], wholes: Iterable[int], share: float) -> dict[int, dict[int, float]]:
    """Return, for each text of `parts`, the texts of `wholes` that hold at least `share` of its weighted words.

    The weight a whole holds is the sum of the rarity weights of the part's words it has
    (`Cosine.contained` times the part's total). Exact, without asking every whole: each
    part's words are ranked rarest first and only a prefix of them is looked up, the
    words whose weight a whole must share to reach `share` even holding every other word
    (half the share may come from the rest); the wholes that gather too little from the
    prefix are dropped, and the others are weighed in full. Rare words have short lists
    of holders and common words are never looked up, so the work follows how often the
    parts' rare words recur, not the number of pairs. Small problems are solved in Python,
    larger ones (above `CONTAINER_LIMIT` lookups) by sparse matrix products in the same steps.

    Returns:
        part -> {whole: weight held}, for every part (an empty dict where no whole qualifies).
    """
    parts, wholes = list(parts), list(wholes)
    if not parts or not wholes:
        return {part: {} for part in parts}
    prefixes = {part: _prefix(model, part, share) for part in parts}
    frequency = model.weights.frequency
    work = sum(frequency[word] for prefix, _ in prefixes.values() for word in prefix)
    if work <= CONTAINER_LIMIT:
        return _containers_by_index(model, prefixes, wholes, share)
    return _containers_by_products(model, prefixes, wholes, share)


def _prefix(model: Cosine, part: int, share: float) -> tuple[list[str], float]:
    """Return a text's rarest words, enough that the rest weigh under half of `share`, and what the rest weigh."""
    table = model.weights.table
    ordered = sorted(model.vectors[part], key=lambda word: (-table[word], word))
    total = model._total(part)
    rest = total
    for k, word in enumerate(ordered):
        if rest < share * total / 2:
            return ordered[:k], rest
        rest -= table[word]
    return ordered, 0.0


def _containers_by_index(
    model: Cosine, prefixes: dict[int, tuple[list[str], float]], wholes: list[int], share: float
) -> dict[int, dict[int, float]]:
    """Find the containers of each part through an index of which whole holds each of the parts' prefix words."""
    table, vectors, postings = model.weights.table, model.vectors, model.postings()
    # The prefix words are rare, so their postings are short: filtering them costs far less
    # than reading every word of every whole (one index serves each call on the model).
    among = set(wholes)
    holders = {
        word: [row for row in postings.get(word, ()) if row in among]
        for word in set(chain.from_iterable(prefix for prefix, _ in prefixes.values()))
    }
    found = {}
    for part, (prefix, rest) in prefixes.items():
        gathered: dict[int, float] = defaultdict(float)
        for word in prefix:
            weight = table[word]
            for whole in holders.get(word, ()):
                gathered[whole] += weight
        total = model._total(part)
        need = share * total - rest - 1e-9 * total  # what a whole must gather from the prefix
        looked_up = set(prefix)
        suffix = [(word, table[word]) for word in model.vectors[part] if word not in looked_up]
        held = {}
        for whole, value in gathered.items():
            if value >= need:
                other = vectors[whole]
                value += sum(weight for word, weight in suffix if word in other)  # the rest of the words it holds
                if value >= share * total:
                    held[whole] = value
        found[part] = held
    return found


def _containers_by_products(
    model: Cosine, prefixes: dict[int, tuple[list[str], float]], wholes: list[int], share: float
) -> dict[int, dict[int, float]]:
    """Find the containers of each part by sparse matrix products: prefixes against wholes, then survivors in full."""
    np = load_numpy()
    from scipy import sparse

    column, weight = model.columns()
    parts = list(prefixes)
    indptr = np.cumsum([0] + [len(prefix) for prefix, _ in prefixes.values()])
    indices = np.fromiter(
        (column[word] for prefix, _ in prefixes.values() for word in prefix), dtype=np.int64, count=int(indptr[-1])
    )
    prefix_matrix = sparse.csr_matrix((weight[indices], indices, indptr), shape=(len(parts), len(column)))
    holding = model.matrix()[wholes].tocsr(copy=True)
    holding.data[:] = 1.0  # whether the whole holds the word
    holding_t = holding.T.tocsr()
    totals = np.array([model._total(part) for part in parts])
    need = share * totals - np.array([rest for _, rest in prefixes.values()]) - 1e-9 * totals
    rows, cols = [], []
    for start in range(0, len(parts), CONTAINER_BLOCK):
        gathered = (prefix_matrix[start : start + CONTAINER_BLOCK] @ holding_t).tocoo()
        kept = gathered.data >= need[start + gathered.row]
        rows.append(start + gathered.row[kept])
        cols.append(gathered.col[kept])
    rows, cols = np.concatenate(rows), np.concatenate(cols)
    weighed = model.matrix()[[parts[r] for r in rows.tolist()]].tocsr(copy=True)
    weighed.data = weight[weighed.indices]
    held = np.asarray(weighed.multiply(holding[cols]).sum(axis=1)).ravel()
    found: dict[int, dict[int, float]] = {part: {} for part in parts}
    for r, c, value in zip(rows.tolist(), cols.tolist(), held.tolist()):
        if value >= share * totals[r]:
            found[parts[r]][wholes[c]] = value
    return found


def load_numpy():
    """Import numpy for a large problem, its BLAS on one thread unless the user chose otherwise.

    The matrix products here are small enough that more threads cost more CPU than they
    save time, on a machine whose cores are shared.
    """
    import os

    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")
    import numpy

    return numpy
