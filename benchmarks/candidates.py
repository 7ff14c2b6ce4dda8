"""Measure the candidate step of the recommendation level against every pair (shared by run.py and nist.py).

The engine scores only the candidate pairs of its similarity step (`recreg.engine.measures.scored_pairs`:
prefix filtering below `DENSE_LIMIT` possible pairs, a sparse matrix product above). Both
are exact by construction; this checks it, by scoring every pair independently (numpy,
dense blocks) and counting the pairs at or above the candidate floor (the level's minimum
less what the neighbour pass can add) that each path returns:

* ``engine``: the path the engine takes at this size, on all old x all new recommendations;
* ``prefix``: prefix filtering forced on a sample of old recommendations x all new ones
  (at large sizes the engine does not use it, so it is checked here on its own).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from recreg.engine.align import recommendation_profile  # noqa: E402
from recreg.engine.measures import RECOMMENDATIONS, Cosine, cosine, cosine_edges, scored_pairs  # noqa: E402

BLOCK = 500  # old recommendations per dense product


def every_pair(model: Cosine, left: list[int], right: list[int], floor: float) -> set[tuple[int, int]]:
    """Score every pair with numpy, in dense float32 blocks; return those at or above `floor`.

    Pairs within float32 rounding of the floor are scored again exactly (`recreg.engine.measures.cosine`).
    """
    import numpy as np

    shared = {word for row in left for word in model.vectors[row]} & {
        word for row in right for word in model.vectors[row]
    }
    column = {word: k for k, word in enumerate(sorted(shared))}

    def dense(rows: list[int]):
        matrix = np.zeros((len(rows), len(column)), dtype=np.float32)
        for r, row in enumerate(rows):
            for word, weight in model.vectors[row].items():
                if word in column:
                    matrix[r, column[word]] = weight
        return matrix

    found = set()
    for start_right in range(0, len(right), 4 * BLOCK):
        cols = right[start_right : start_right + 4 * BLOCK]
        right_matrix = dense(cols)
        for start in range(0, len(left), BLOCK):
            rows = left[start : start + BLOCK]
            scores = dense(rows) @ right_matrix.T
            for r, c in zip(*np.nonzero(scores >= floor - 1e-4)):
                if cosine(model.vectors[rows[r]], model.vectors[cols[c]]) >= floor - 1e-12:
                    found.add((rows[r], cols[c]))
    return found


def candidate_recall(before, after, sample: int = 300, seed: int = 0) -> dict:
    """Return the candidate recall of the recommendation level on two editions.

    Args:
        before: the old edition.
        after: the new edition.
        sample: old recommendations on which prefix filtering is checked (all when fewer).
        seed: for the sample.
    """
    profiles = [recommendation_profile(r, before.id) for r in before.recommendations]
    profiles += [recommendation_profile(r, before.id) for r in after.recommendations]
    model = Cosine([p.words for p in profiles])
    floor = RECOMMENDATIONS.floor
    left = list(range(len(before.recommendations)))
    right = list(range(len(before.recommendations), len(profiles)))
    truth = every_pair(model, left, right, floor)
    engine = set(scored_pairs(model, left, right, floor))
    chosen = sorted(random.Random(seed).sample(left, min(sample, len(left))))
    frequency = model.weights.frequency
    prefix = set(
        cosine_edges(
            {i: model.vectors[i] for i in chosen},
            {j: model.vectors[j] for j in right},
            lambda word: (frequency[word], word),
            floor,
        )
    )
    truth_sample = {pair for pair in truth if pair[0] in set(chosen)}
    return {
        "floor": floor,
        "pairs": len(left) * len(right),
        "above_floor": len(truth),
        "engine_found": len(truth & engine),
        "engine_recall": len(truth & engine) / len(truth) if truth else 1.0,
        "engine_extra": len(engine - truth),
        "prefix_sample": len(chosen),
        "prefix_above_floor": len(truth_sample),
        "prefix_recall": len(truth_sample & prefix) / len(truth_sample) if truth_sample else 1.0,
        "prefix_extra": len(prefix - truth_sample),
    }


def describe(found: dict) -> str:
    """Say the candidate recall in one line."""
    return (
        f"candidate recall {found['engine_recall']:.4f} ({found['engine_found']}/{found['above_floor']} pairs scoring"
        f" >= {found['floor']:.2f} of {found['pairs']:,}; {found['engine_extra']} extra); prefix filtering on"
        f" {found['prefix_sample']} old x all new: {found['prefix_recall']:.4f} of {found['prefix_above_floor']}"
    )
