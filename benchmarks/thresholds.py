"""Print the similarity scores that the alignment thresholds (recreg.align.Level) rest on.

For every node with a known counterpart, it prints the score of the true pair and the best
score of any wrong candidate, at recommendation and action level: on cws11 -> cws12 (the
truth is the recorded stable ids, which --match text ignores) and on the synthetic
editions of benchmarks/synth.py (the truth is their stable ids, which --match text ignores). A threshold is well
placed where true pairs score above it and wrong candidates below.

Usage: .venv/bin/python benchmarks/thresholds.py [SYNTH_FOLDER ...]
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from recreg.align import ACROSS, RECOMMENDATIONS, WITHIN, Profile, profile  # noqa: E402
from recreg.registry import Registry  # noqa: E402
from recreg.textdiff import similarity, words  # noqa: E402
from recreg.validate import read_edition  # noqa: E402


def rec_profile(rec) -> Profile:
    """Profile a recommendation as the aligner does (statement counted twice)."""
    texts = [text for _, text in rec.texts()]
    found = [w for text in ([rec.statement] if rec.statement else []) + texts for w in words(text)]
    return Profile(rec.address, found, " ".join(texts))


def scores(olds: dict, news: dict, truth: dict) -> tuple[list[float], list[float]]:
    """Return the true pairs' scores and, per old node, the best score of a wrong new node."""
    true, wrong = [], []
    new_list = list(news.items())
    for key, old in olds.items():
        if key in truth and truth[key] in news:
            true.append(similarity(old.words, news[truth[key]].words))
        others = [similarity(old.words, new.words) for other, new in new_list if other != truth.get(key)]
        if others:
            wrong.append(max(others))
    return true, wrong


def report(label: str, true: list[float], wrong: list[float], level=RECOMMENDATIONS) -> None:
    def cut(values, q):
        return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else (values[0] if values else float("nan"))

    print(f"{label}")
    print(f"  true pairs     n={len(true):5d}  min {min(true):.3f}  p1 {cut(true, 1):.3f}  p5 {cut(true, 5):.3f}  median {statistics.median(true):.3f}")
    print(f"  best wrong     n={len(wrong):5d}  median {statistics.median(wrong):.3f}  p95 {cut(wrong, 95):.3f}  p99 {cut(wrong, 99):.3f}  max {max(wrong):.3f}")
    print(f"  against minimum {level.minimum} / confident {level.confident}: true pairs under the minimum"
          f" {sum(s < level.minimum for s in true)}, flagged probable {sum(s < level.confident for s in true)};"
          f" best wrong at or above the minimum {sum(s >= level.minimum for s in wrong)}")


def cws() -> None:
    registry = Registry(ROOT / "registry")
    old, new = registry.edition("cws11"), registry.edition("cws12")
    by_id = {r.id: r for r in new.recommendations}
    truth = {r.address: by_id[r.id].address for r in old.recommendations if r.id in by_id}
    olds = {r.address: rec_profile(r) for r in old.recommendations}
    news = {r.address: rec_profile(r) for r in new.recommendations}
    report("cws11 -> cws12, recommendations", *scores(olds, news, truth))
    # Actions: the truth is what a reader finds (tests/test_diff_cws.py); here, each old
    # action's counterpart is the best-scoring new action of the successor recommendation,
    # which is right for all 24 but the split's second part.
    old_actions = {a.address: profile(a.address, a.text) for r in old.recommendations for a in r.actions}
    new_actions = {a.address: profile(a.address, a.text) for r in new.recommendations for a in r.actions}
    moved = {"cws11:R3/c": "cws12:R5/d"}
    action_truth = {}
    for key, prof in old_actions.items():
        if str(key) in moved:
            action_truth[key] = next(k for k in new_actions if str(k) == moved[str(key)])
            continue
        successor = truth.get(key.recommendation())
        candidates = [k for k in new_actions if k.recommendation() == successor]
        if candidates:
            action_truth[key] = max(candidates, key=lambda k: similarity(prof.words, new_actions[k].words))
    report("cws11 -> cws12, actions (within paired recommendations the WITHIN level applies; moves need ACROSS)",
           *scores(old_actions, new_actions, action_truth), level=WITHIN)
    print(f"  ACROSS level: minimum {ACROSS.minimum}; the one move, R3(c) -> R5(d), scores"
          f" {similarity(old_actions[next(k for k in old_actions if str(k) == 'cws11:R3/c')].words, new_actions[next(k for k in new_actions if str(k) == 'cws12:R5/d')].words):.3f}")


def synthetic(folder: Path) -> None:
    old = read_edition(folder / "synth-old.yaml")
    new = read_edition(folder / "synth-new.yaml")
    by_id = {r.id: r for r in new.recommendations}
    truth = {r.address: by_id[r.id].address for r in old.recommendations if r.id in by_id}
    olds = {r.address: rec_profile(r) for r in old.recommendations}
    news = {r.address: rec_profile(r) for r in new.recommendations}
    # Scoring every pair is quadratic: this is a measurement, not the engine.
    limit = 400
    olds = dict(list(olds.items())[:limit])
    report(f"{folder.name}, recommendations (first {len(olds)} of {len(old.recommendations)}; truth by id)", *scores(olds, news, truth))


if __name__ == "__main__":
    cws()
    for argument in sys.argv[1:]:
        synthetic(Path(argument))
