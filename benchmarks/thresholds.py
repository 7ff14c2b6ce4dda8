"""Print how the alignment thresholds (recreg.engine.align) are chosen, on every data set at hand.

Usage (from the repository root)::

    .venv/bin/python benchmarks/thresholds.py [--sizes 1000,2000] [--data ../shared/data/nist-800-53]

Data sets: cws11 -> cws12 (truth: the recorded stable ids, which text matching ignores),
the synthetic editions of ``synth.py`` at each size (truth: their ids; written first if
missing) and NIST SP 800-53 rev4 -> rev5 when its data are present (truth: the published
withdrawal links, see ``nist.py``). Everything is matched on text alone.

The procedure, for the recommendation level (`recreg.engine.measures.RECOMMENDATIONS`):

1. **minimum** (no pair under it): sweep it over a grid; on each data set, the values whose
   one-to-one F1 is within `PLATEAU` of that data set's best form its plateau. Of the
   values on every data set's plateau (so that none of them objects), the one nearest
   `REPORTED`, the cosine minimum issue 10 reports transferring between NIST and a real
   pair the project does not have. A value that suits one data set only is never chosen.
2. **neighbour** bonus: F1 at that minimum for bonuses 0 to 0.1 per agreeing neighbour;
   the smallest bonus on every data set's plateau (the least trust in the order of the
   editions that earns what the order can give; regrouped sections are a real risk).
3. **confident** (under it, a pair is probable): the lowest score from which every band
   of 0.05 holds pairs right at least `SURE` of the time, on every data set (pairs along
   a merge link of the truth count as right: they relate what became of what).
4. **NEAR_TIE** (a smaller margin to the runner-up is probable): the largest value that
   flags no more than `NEEDLESS` of the right pairs on any data set; the share of wrong
   pairs it flags is printed beside it.
5. **GAINED** (a merged recommendation's own words its target must have gained): for
   every unmatched old recommendation that one new recommendation alone contains
   (`recreg.engine.relations.merge_targets`), the right and wrong merges kept at each value, on
   every data set; the chosen value keeps the most right merges less wrong ones over all
   data sets, the middle of the run of values that do.

For actions, the distributions of true and best wrong scores are printed as before
(cws11 -> cws12 and the synthetic editions), against `WITHIN` and `ACROSS`.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(HERE))

import nist  # noqa: E402
import synth  # noqa: E402

from recreg.edition.validate import read_edition  # noqa: E402
from recreg.engine.align import recommendation_profile  # noqa: E402
from recreg.engine.assignment import match  # noqa: E402
from recreg.engine.measures import ACROSS, NEAR_TIE, RECOMMENDATIONS, WITHIN, Cosine, profile  # noqa: E402
from recreg.engine.relations import GAINED, merge_targets  # noqa: E402
from recreg.engine.textdiff import similarity  # noqa: E402
from recreg.registry.folder import Registry  # noqa: E402

GRID = [round(0.15 + 0.025 * k, 3) for k in range(15)]  # 0.15 .. 0.5
BONUSES = (0.0, 0.025, 0.05, 0.075, 0.1)
PLATEAU = 0.005  # F1 this close to a data set's best counts as as good
REPORTED = 0.31  # issue 10: the cosine minimum that transferred between NIST and a held-out real pair
SURE = 0.95  # share of right pairs from which a score is confident
NEEDLESS = 0.05  # share of right pairs a near-tie margin may flag


class DataSet:
    """Two editions and the true one-to-one pairs (old address -> new address)."""

    def __init__(self, name: str, before, after, truth: dict, excused: set = frozenset()):
        self.name, self.before, self.after, self.truth = name, before, after, truth
        self.excused = excused  # pairs neither right nor wrong (NIST: along a merge link)
        self.profiles_before = [recommendation_profile(r, before.id) for r in before.recommendations]
        self.profiles_after = [recommendation_profile(r, before.id) for r in after.recommendations]
        self.model = Cosine([p.words for p in self.profiles_before] + [p.words for p in self.profiles_after])

    def pairs(self, minimum: float, neighbour: float = RECOMMENDATIONS.neighbour):
        """Match on text alone with these thresholds; return the matching's pairs."""
        level = replace(RECOMMENDATIONS, minimum=minimum, neighbour=neighbour)
        return match(self.profiles_before, self.profiles_after, use_records=False, level=level, model=self.model).pairs

    def f1(self, pairs) -> float:
        found = {(p.before, p.after) for p in pairs} - self.excused
        right = len(found & set(self.truth.items()))
        precision = right / len(found) if found else 1.0
        recall = right / len(self.truth)
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    def right(self, pair) -> bool:
        return self.truth.get(pair.before) == pair.after


def by_id(name: str, before, after) -> DataSet:
    """A data set whose truth is the recorded ids (which text matching ignores)."""
    new = {r.id: r.address for r in after.recommendations}
    return DataSet(name, before, after, {r.address: new[r.id] for r in before.recommendations if r.id in new})


def nist_set(folder: Path) -> DataSet | None:
    files = [folder / name for name in ("nist-rev4.json", "nist-rev5.json", "nist-withdrawn-rev5.json")]
    if not all(f.is_file() for f in files):
        return None
    old_numbers = nist.convert(files[0], "nist-rev4", None, nist.OUT)
    new_numbers = nist.convert(files[1], "nist-rev5", "nist-rev4", nist.OUT)
    before, after = read_edition(nist.OUT / "nist-rev4.yaml"), read_edition(nist.OUT / "nist-rev5.yaml")
    truth = nist.ground_truth(folder, old_numbers, new_numbers)
    old_at = {n: r.address for n, r in zip(old_numbers, before.recommendations)}
    new_at = {n: r.address for n, r in zip(new_numbers, after.recommendations)}
    return DataSet(
        "NIST rev4 -> rev5",
        before,
        after,
        {old_at[a]: new_at[b] for a, b in truth["pairs"]},
        {(old_at[a], new_at[b]) for a, b in truth["relations"]}
        | {(old_at[a], b) for a in truth["ignored"] for b in new_at.values()},
    )


def on_plateau(table: dict[str, dict[float, float]], values) -> list[float]:
    """Return the values within `PLATEAU` of the best F1 on every data set."""
    return [v for v in values if all(f1[v] >= max(f1.values()) - PLATEAU for f1 in table.values())]


def recommendations(sets: list[DataSet]) -> None:
    print("Recommendation level: cosine of TF-IDF vectors (recreg.engine.measures.RECOMMENDATIONS)")
    print(
        f"\n1. minimum: one-to-one F1 by minimum (neighbour bonus {RECOMMENDATIONS.neighbour}); * = on the plateau (within {PLATEAU} of the best)"
    )
    table = {s.name: {m: s.f1(s.pairs(m)) for m in GRID} for s in sets}
    print(f"  {'minimum':>8} " + " ".join(f"{s.name[:22]:>23}" for s in sets))
    for m in GRID:
        print(
            f"  {m:>8.3f} "
            + " ".join(
                f"{table[s.name][m]:>22.4f}{'*' if table[s.name][m] >= max(table[s.name].values()) - PLATEAU else ' '}"
                for s in sets
            )
        )
    common = on_plateau(table, GRID)
    chosen = (
        min(common, key=lambda m: (abs(m - REPORTED), m))
        if common
        else max(GRID, key=lambda m: min(f1[m] for f1 in table.values()))
    )
    print(
        f"  on every plateau: {common[0]}..{common[-1]}; chosen: {chosen} (nearest {REPORTED}); the engine uses {RECOMMENDATIONS.minimum}"
        if common
        else f"  no common plateau; chosen: {chosen} (best worst F1); the engine uses {RECOMMENDATIONS.minimum}"
    )

    minimum = RECOMMENDATIONS.minimum
    print(f"\n2. neighbour bonus per agreeing neighbour, F1 at minimum {minimum}; * = on the plateau")
    print(f"  {'bonus':>8} " + " ".join(f"{s.name[:22]:>23}" for s in sets))
    bonus_table = {s.name: {b: s.f1(s.pairs(minimum, b)) for b in BONUSES} for s in sets}
    for bonus in BONUSES:
        print(
            f"  {bonus:>8.3f} "
            + " ".join(
                f"{bonus_table[s.name][bonus]:>22.4f}{'*' if bonus_table[s.name][bonus] >= max(bonus_table[s.name].values()) - PLATEAU else ' '}"
                for s in sets
            )
        )
    print(
        f"  chosen: {min(on_plateau(bonus_table, BONUSES), default=None)} (the smallest on every plateau); the engine uses {RECOMMENDATIONS.neighbour}"
    )

    found = {
        s.name: [
            (p, s.right(p) or (p.before, p.after) in s.excused)
            for p in s.pairs(minimum)
            if p.matched_by == "similarity"
        ]
        for s in sets
    }
    print("\n3. confident: share of similarity pairs that are right, by score band (n in brackets)")
    bands = [round(0.2 + 0.05 * k, 2) for k in range(16)]  # 0.2 .. 1.0
    print(f"  {'score':>11} " + " ".join(f"{s.name[:22]:>23}" for s in sets))
    for low in bands:
        cells = []
        for s in sets:
            inside = [ok for p, ok in found[s.name] if low <= p.score < low + 0.05]
            cells.append(f"{sum(inside) / len(inside):>15.3f} ({len(inside):>5})" if inside else f"{'-':>23}")
        print(f"  {low:>5.2f}-{low + 0.05:<5.2f} " + " ".join(cells))

    def sure_from(name: str) -> float:
        """The lowest band from which every band holding pairs is right at least SURE of the time."""
        good = bands[-1] + 0.05
        for low in reversed(bands):
            inside = [ok for p, ok in found[name] if low <= p.score < low + 0.05]
            if inside and sum(inside) < SURE * len(inside):
                break
            good = low
        return round(good, 2)

    lowest = {s.name: sure_from(s.name) for s in sets}
    print(
        f"  lowest score from which every band is right at least {SURE:.0%} of the time: "
        + ", ".join(f"{name} {v}" for name, v in lowest.items())
        + f"; chosen: {max(lowest.values())} (on every data set); the engine uses {RECOMMENDATIONS.confident}"
    )

    print("\n4. near tie: share of right / wrong similarity pairs whose margin to the runner-up is under each value")
    print(f"  {'margin':>8} " + " ".join(f"{s.name[:22]:>23}" for s in sets))
    chosen_tie = 0.0
    for tie in (0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15):
        cells, fine = [], True
        for s in sets:
            right = [p.margin < tie for p, ok in found[s.name] if ok]
            wrong = [p.margin < tie for p, ok in found[s.name] if not ok]
            share = sum(right) / len(right) if right else 0.0
            fine = fine and share <= NEEDLESS
            cells.append(
                f"{share:>10.3f} / " + (f"{sum(wrong) / len(wrong):.3f} ({len(wrong):>3})" if wrong else f"{'-':>11}")
            )
        if fine:
            chosen_tie = tie
        print(f"  {tie:>8.3f} " + " ".join(f"{c:>23}" for c in cells))
    print(
        f"  the largest value flagging at most {NEEDLESS:.0%} of right pairs everywhere: {chosen_tie}; the engine uses {NEAR_TIE}"
    )


def merges(sets: list[DataSet]) -> None:
    """Print how many right and wrong merges each value of GAINED keeps."""
    print("\n5. gained: merges of unmatched old recommendations into their sole container, kept / right at each value")
    grid = [round(0.05 * k, 2) for k in range(15)]
    found = {}
    for s in sets:
        matching = match(s.profiles_before, s.profiles_after, use_records=False, level=RECOMMENDATIONS, model=s.model)
        targets = merge_targets(matching, s.profiles_before, s.profiles_after, s.model, RECOMMENDATIONS.floor)
        found[s.name] = [
            (gained, s.truth.get(old) == into or (old, into) in s.excused)
            for old, (into, gained) in targets.items()
            if gained is not None
        ]
        twins = [
            s.truth.get(old) == into or (old, into) in s.excused
            for old, (into, gained) in targets.items()
            if gained is None
        ]
        print(
            f"  {s.name}: {len(twins)} twins folded into one text ({sum(twins)} right); sole containers' gained shares:"
            f" right {sorted(round(g, 2) for g, ok in found[s.name] if ok)}, wrong {sorted(round(g, 2) for g, ok in found[s.name] if not ok)}"
        )
    print(f"  {'gained':>8} " + " ".join(f"{s.name[:22]:>23}" for s in sets))
    net = {}
    for value in grid:
        kept = {name: [ok for g, ok in rows if g >= value] for name, rows in found.items()}
        net[value] = sum(sum(k) - (len(k) - sum(k)) for k in kept.values())
        print(f"  {value:>8.2f} " + " ".join(f"{len(kept[s.name]):>15} / {sum(kept[s.name]):<5}" for s in sets))
    best = [v for v in grid if net[v] == max(net.values())]
    print(
        f"  most right less wrong: {best[0]}..{best[-1]}; chosen: the middle, {round((best[0] + best[-1]) / 2, 2)};"
        f" the engine uses {round(GAINED, 3)}"
    )


def distribution(label: str, true: list[float], wrong: list[float], level) -> None:
    def cut(values, q):
        return (
            statistics.quantiles(values, n=100, method="inclusive")[q - 1]
            if len(values) > 1
            else (values[0] if values else float("nan"))
        )

    print(f"{label}")
    print(
        f"  true pairs     n={len(true):5d}  min {min(true):.3f}  p1 {cut(true, 1):.3f}  p5 {cut(true, 5):.3f}  median {statistics.median(true):.3f}"
    )
    print(
        f"  best wrong     n={len(wrong):5d}  median {statistics.median(wrong):.3f}  p95 {cut(wrong, 95):.3f}  p99 {cut(wrong, 99):.3f}  max {max(wrong):.3f}"
    )
    print(
        f"  against minimum {level.minimum} / confident {level.confident}: true pairs under the minimum"
        f" {sum(s < level.minimum for s in true)}, flagged probable {sum(s < level.confident for s in true)};"
        f" best wrong at or above the minimum {sum(s >= level.minimum for s in wrong)}"
    )


def action_scores(olds: dict, news: dict, truth: dict) -> tuple[list[float], list[float]]:
    """Return the true pairs' scores and, per old action, the best score of a wrong new action."""
    true, wrong = [], []
    for key, old in olds.items():
        if key in truth and truth[key] in news:
            true.append(similarity(old.words, news[truth[key]].words))
        others = [similarity(old.words, new.words) for other, new in news.items() if other != truth.get(key)]
        if others:
            wrong.append(max(others))
    return true, wrong


def actions(cws: DataSet) -> None:
    print("\nAction level: normalised Indel similarity of word sequences (recreg.engine.measures.WITHIN, ACROSS)")
    old, new = cws.before, cws.after
    olds = {a.address: profile(a.address, a.text) for r in old.recommendations for a in r.actions}
    news = {a.address: profile(a.address, a.text) for r in new.recommendations for a in r.actions}
    # The truth is what a reader finds (tests/test_diff_cws.py): each old action's counterpart
    # is the best-scoring action of the successor recommendation, right for all 24 but the
    # split's second part; R3(c) moved to R5(d).
    moved = {"cws11:R3/c": "cws12:R5/d"}
    truth = {}
    for key, found in olds.items():
        if str(key) in moved:
            truth[key] = next(k for k in news if str(k) == moved[str(key)])
            continue
        successor = cws.truth.get(key.recommendation())
        candidates = [k for k in news if k.recommendation() == successor]
        if candidates:
            truth[key] = max(candidates, key=lambda k: similarity(found.words, news[k].words))
    distribution(
        "cws11 -> cws12, actions (within paired recommendations the WITHIN level applies; moves need ACROSS)",
        *action_scores(olds, news, truth),
        WITHIN,
    )
    move = next(k for k in olds if str(k) == "cws11:R3/c"), next(k for k in news if str(k) == "cws12:R5/d")
    print(
        f"  ACROSS level: minimum {ACROSS.minimum}; the one move, R3(c) -> R5(d), scores {similarity(olds[move[0]].words, news[move[1]].words):.3f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print how the alignment thresholds are chosen.")
    parser.add_argument("--sizes", default="1000,2000", help="synthetic sizes (default %(default)s)")
    parser.add_argument("--data", type=Path, default=nist.DEFAULT_DATA, help="the NIST data folder (used when present)")
    args = parser.parse_args(argv)
    registry = Registry(ROOT / "registry")
    cws = by_id("cws11 -> cws12", registry.edition("cws11"), registry.edition("cws12"))
    sets = [cws]
    for size in [int(n) for n in args.sizes.split(",") if n.strip()]:
        folder = synth.write_pair(size)
        before, after = read_edition(folder / "synth-old.yaml"), read_edition(folder / "synth-new.yaml")
        found = by_id(f"synthetic {size}", before, after)
        # A merged recommendation's id is gone from the new edition: its link comes from truth.json.
        merged = json.loads((folder / "truth.json").read_text(encoding="utf-8")).get("merges", {})
        found.excused = {
            (before.recommendation(int(o)).address, after.recommendation(n).address) for o, n in merged.items()
        }
        sets.append(found)
    found = nist_set(args.data)
    if found is None:
        print(f"(NIST data not found in {args.data}: its column is left out)\n")
    else:
        sets.append(found)
    recommendations(sets)
    merges(sets)
    actions(cws)
    return 0


if __name__ == "__main__":
    sys.exit(main())
