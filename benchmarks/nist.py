"""Benchmark the diff engine on a real, heavily rewritten pair: NIST SP 800-53 rev4 -> rev5.

Usage (from the repository root)::

    .venv/bin/python benchmarks/nist.py [--data DIR] [--repeat N] [--examples N]

The data are not part of the project: they live in ``../shared/data/nist-800-53/`` beside
the repository (``--data`` names another folder); without them this says so and exits 2.
No test needs them.

It converts each set into an edition file under ``benchmarks/out/nist/`` (one
recommendation per control or enhancement; its lettered parts as actions, their numbered
sub-parts as items, deeper parts kept inside the item's text; the lines before the first
part as the statement). Nothing gives the answer away: recommendation ids differ between
the editions (``rev4-0001``, ``rev5-0001``), numbers and sources are positions, there are no
links, and titles are left out. It then runs ``recreg diff --match text`` through the
library and scores the result against the published ground truth (see the data's
README):

* **one-to-one pairs**: the 739 items kept under the same number and the 32 ``moved-to``
  links to items that were not in rev4 (771); precision, recall, F1 of the engine's
  recommendation pairs. A pair along a merge link of the truth (a withdrawn item paired
  with the new item its content went into) is not counted as wrong: it is counted with
  the merge relations, as found;
* **merge/split relations**: the ``incorporated-into`` links from items active in rev4 to
  items of rev5 (56) and the one ``moved-to`` link into an item that rev4 already had
  (CA-3(5) -> SC-7(5)): 57 links. Precision of the relations the engine reports
  (``Alignment.rec_merges`` and ``rec_splits``: the parts beyond a pair), recall of the
  links found as such a relation or as the pair itself. SA-12, incorporated into the
  whole SR family, is left out of every count;
* **removed / added**: rev4 items with no successor and no link; rev5 items that no rev4
  item reaches;
* **split/merge edges**, counted as ``csf.py`` counts them (`edge_scores`): every link of the
  truth (pairs and merge relations) and every link of the engine (pairs and merge or split
  parts) is a split/merge edge when its old item has another link or its new item does
  (the host of a merge as well as the items absorbed), else a one-to-one link; precision and
  recall of the engine's split/merge edges against the truth's. SA-12 is left out here too.

It prints these with CPU time (median of the runs, each after emptying the engine's
caches, modules imported beforehand), the first run in this process (imports included),
peak memory (``ru_maxrss`` of the process, and the ``tracemalloc`` peak of one diff), and
the candidate recall of the similarity step: the share of all pairs scoring at or above
the candidate floor that the candidate step proposed, measured by scoring every pair
(see ``candidates.py``).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out" / "nist"
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "nist-800-53"
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "src"))

import synth  # noqa: E402  (benchmarks/ is not a package)
from candidates import candidate_recall, describe  # noqa: E402

TARGETS = {
    "pairs_f1": 0.97,
    "pairs_precision": 0.97,
    "relations_recall": 0.6,
    "relations_precision": 0.9,
    "cpu_s": 1.0,
    "peak_mb": 300.0,
}

# A part label at the start of a line: "a.", "(a)", "1.", "(1)".
_LABEL = re.compile(r"^(?P<label>[a-z]\.|\([a-z]\)|\d+\.|\(\d+\))\s+(?P<text>.*)$")


def _style(label: str) -> str:
    """Return a label's style: ``x.``, ``(x)``, ``9.`` or ``(9)``."""
    return re.sub(r"[a-z]", "x", re.sub(r"\d+", "9", label))


def convert_item(text: str, rec_id: str) -> synth.Rec:
    """Turn one item's flattened statement into a recommendation.

    The first label style met is the lettered parts (actions), the second their numbered
    sub-parts (items); deeper parts stay in their item's text with their label, as printed.
    """
    styles: list[str] = []
    statement: list[str] = []
    actions: list[synth.Act] = []
    for line in text.split("\n"):
        found = _LABEL.match(line)
        style = _style(found["label"]) if found else None
        if style and style not in styles:
            styles.append(style)
        level = styles.index(style) if style else None
        if level is None and not actions:
            statement.append(line)
        elif level is None:  # a line of its own inside a part (none in the data so far)
            actions[-1].text += " " + line
        elif level == 0:
            actions.append(synth.Act("", found["text"]))
        elif level == 1:
            actions[-1].items.append(found["text"])
        elif actions[-1].items:
            actions[-1].items[-1] += " " + line
        else:
            actions[-1].text += " " + line
    return synth.Rec(rec_id, " ".join(statement), actions)


def convert(set_file: Path, edition_id: str, derives_from: str | None, out: Path) -> list[str]:
    """Write one set as an edition file; return the items' numbers in order (R1 is the first)."""
    data = json.loads(set_file.read_text(encoding="utf-8"))
    prefix = edition_id.removeprefix("nist-")
    recs = [convert_item(item["text"], f"{prefix}-{n:04d}") for n, item in enumerate(data["items"], 1)]
    text = synth.write_yaml(
        edition_id,
        recs,
        derives_from,
        comment=f"NIST SP 800-53 {prefix} ({data['source'].get('catalog_version', '')}) converted by benchmarks/nist.py: "
        "one recommendation per control or enhancement; no ids, links or titles that would name a counterpart.",
        title=data.get("title") or f"NIST SP 800-53 {prefix}",
        session=prefix,
        source_file=set_file.name,
        committee="NIST",
    )
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{edition_id}.yaml").write_text(text, encoding="utf-8")
    return [item["number"] for item in data["items"]]


def ground_truth(data: Path, old_numbers: list[str], new_numbers: list[str]) -> dict:
    """Derive the ground truth of the data's README, in item numbers."""
    old, new = set(old_numbers), set(new_numbers)
    rows = json.loads((data / "nist-withdrawn-rev5.json").read_text(encoding="utf-8"))
    retained = old & new
    pairs = {(n, n) for n in retained}
    relations: set[tuple[str, str]] = set()
    ignored: set[str] = set()
    linked: set[str] = set()
    for row in rows:
        source, target = row["from"], row["to"]
        if source not in old or row["kind"] == "withdrawn":
            continue
        linked.add(source)
        if target not in new:  # a whole family (SA-12 -> SR)
            ignored.add(source)
        elif row["kind"] == "moved-to" and target not in old:
            pairs.add((source, target))
        else:  # incorporated-into, or moved into an item rev4 already had
            relations.add((source, target))
    reached = {b for _, b in pairs} | {b for _, b in relations}
    return {
        "pairs": pairs,
        "relations": relations,
        "ignored": ignored,
        "removed": old - retained - linked,
        "added": new - retained - reached,
    }


def score(alignment, old_numbers: list[str], new_numbers: list[str], truth: dict) -> dict:
    """Compare the engine's recommendation-level alignment with the truth.

    The engine states links between old and new items: its pairs, and the parts of its
    merges and splits beyond a pair (``recommendation_merges``, ``recommendation_splits``).
    The truth states links too: one-to-one pairs and merge relations. So:

    * one-to-one precision: pairs that are true pairs / pairs, leaving out pairs along a
      merge link of the truth (right as a relation, not as a one-to-one pair);
    * one-to-one recall: true pairs the engine links / true pairs, and, strictly, true pairs
      it reports as its pairs (where several old items merged into one new item, which of
      them is the pair and which merged into it is a matter of numbers, which text-only
      matching does not see);
    * relation precision: merge and split parts that are a true link (a merge relation, or
      a true pair reported as a merge part) / all such parts;
    * relation recall: merge relations the engine links / merge relations, and, strictly,
      those it reports as merge or split parts.
    """

    def number(address, numbers):
        return numbers[address.number - 1]

    ignored = truth["ignored"]
    pairs = {(number(p.before, old_numbers), number(p.after, new_numbers)) for p in alignment.recommendations.pairs}
    pairs = {p for p in pairs if p[0] not in ignored}
    relations = set()
    for old, news in alignment.recommendation_splits.items():
        relations |= {(number(old, old_numbers), number(n, new_numbers)) for n in news}
    for new, olds in alignment.recommendation_merges.items():
        relations |= {(number(o, old_numbers), number(new, new_numbers)) for o in olds}
    relations = {r for r in relations if r[0] not in ignored}
    removed = {number(k, old_numbers) for k in alignment.recommendations.unmatched_before} - ignored
    added = {number(k, new_numbers) for k in alignment.recommendations.unmatched_after}

    true_pairs, true_relations = truth["pairs"], truth["relations"]
    along_relation = pairs & true_relations
    judged = pairs - along_relation
    right = judged & true_pairs
    precision = len(right) / len(judged) if judged else 1.0
    linked = pairs | relations
    recall = len(true_pairs & linked) / len(true_pairs)
    right_relations = relations & (true_relations | true_pairs)

    def pr(found: set, true: set) -> dict:
        hit = len(found & true)
        return {
            "found": len(found),
            "true": len(true),
            "correct": hit,
            "precision": hit / len(found) if found else 1.0,
            "recall": hit / len(true) if true else 1.0,
        }

    engine = {link for link in engine_links(alignment, old_numbers, new_numbers) if link[0] not in ignored}
    return {
        "edge_view": edge_scores(engine, true_pairs | true_relations),
        "pairs": {
            "predicted": len(pairs),
            "along_relation": len(along_relation),
            "judged": len(judged),
            "correct": len(right),
            "true": len(true_pairs),
            "as_merge_part": len(true_pairs & relations - pairs),
            "precision": precision,
            "recall": recall,
            "recall_strict": len(right) / len(true_pairs),
            "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
            "wrong": sorted(judged - true_pairs),
            "missed": sorted(true_pairs - linked),
        },
        "relations": {
            "predicted": len(relations),
            "correct": len(right_relations),
            "true": len(true_relations),
            "precision": len(right_relations) / len(relations) if relations else 1.0,
            "recall": len(true_relations & linked) / len(true_relations),
            "recall_strict": len(true_relations & relations) / len(true_relations),
            "as_relation": len(true_relations & relations),
            "as_pair": len(along_relation),
            "wrong": sorted(relations - true_relations - true_pairs),
            "missed": sorted(true_relations - linked),
        },
        "removed": pr(removed, truth["removed"]),
        "added": pr(added, truth["added"]),
    }


def classify_links(links: set[tuple[str, str]]) -> tuple[set, set]:
    """Split links into one-to-one links and split/merge edges, by whether either end has another link."""
    successors = Counter(old for old, _ in links)
    predecessors = Counter(new for _, new in links)
    edges = {(a, b) for a, b in links if successors[a] > 1 or predecessors[b] > 1}
    return links - edges, edges


def precision_recall(found: set, true: set) -> dict:
    """Return precision, recall and F1 of a found set against a true one, with the counts and the errors."""
    hit = len(found & true)
    precision = hit / len(found) if found else 1.0
    recall = hit / len(true) if true else 1.0
    return {
        "found": len(found),
        "true": len(true),
        "correct": hit,
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "wrong": sorted(found - true),
        "missed": sorted(true - found),
    }


def engine_links(alignment, old_numbers: list[str], new_numbers: list[str]) -> set[tuple[str, str]]:
    """Return the engine's recommendation links in item numbers: its pairs and the parts of its merges and splits."""
    recs = alignment.recommendations
    links = {(old_numbers[p.before.number - 1], new_numbers[p.after.number - 1]) for p in recs.pairs}
    for before, afters in alignment.recommendation_splits.items():
        links |= {(old_numbers[before.number - 1], new_numbers[a.number - 1]) for a in afters}
    for after, befores in alignment.recommendation_merges.items():
        links |= {(old_numbers[b.number - 1], new_numbers[after.number - 1]) for b in befores}
    return links


def edge_scores(links: set[tuple[str, str]], true_links: set[tuple[str, str]]) -> dict:
    """Score the engine's links against the true ones, each side split into one-to-one links and split/merge edges."""
    pairs, edges = classify_links(links)
    true_pairs, true_edges = classify_links(true_links)
    return {
        "pairs": precision_recall(pairs, true_pairs),
        "edges": precision_recall(edges, true_edges),
        "linked": precision_recall(links, true_links),
    }


def measure(old, new, repeat: int) -> dict:
    """Time the text diff (CPU and wall, each run after emptying the engine's caches) and its peak memory."""
    import resource
    import tracemalloc

    from run import clear_caches, warm_imports

    import recreg.engine.diff
    from recreg.engine.diff import DiffOptions, diff

    captured: dict = {}
    original = recreg.engine.diff.align_editions

    def capturing(*args, **kwargs):
        captured["alignment"] = original(*args, **kwargs)
        return captured["alignment"]

    recreg.engine.diff.align_editions = capturing
    try:
        start, start_cpu = time.perf_counter(), time.process_time()
        result = diff(old, new, DiffOptions(match="text"))
        first = {"wall_s": time.perf_counter() - start, "cpu_s": time.process_time() - start_cpu}
        warm_imports()
        cpu, wall = [], []
        for _ in range(repeat):
            clear_caches()
            start, start_cpu = time.perf_counter(), time.process_time()
            result = diff(old, new, DiffOptions(match="text"))
            wall.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
    finally:
        recreg.engine.diff.align_editions = original
    clear_caches()
    tracemalloc.start()
    diff(old, new, DiffOptions(match="text"))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "result": result,
        "alignment": captured["alignment"],
        "first": first,
        "cpu_s": statistics.median(cpu),
        "wall_s": statistics.median(wall),
        "cpu_runs_s": cpu,
        "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "tracemalloc_mb": peak / 2**20,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark recreg diff --match text on NIST SP 800-53 rev4 -> rev5.")
    parser.add_argument(
        "--data",
        type=Path,
        default=DEFAULT_DATA,
        help="folder of nist-rev4.json, nist-rev5.json, "
        "nist-withdrawn-rev5.json (default: ../shared/data/nist-800-53 beside the repository)",
    )
    parser.add_argument("--repeat", type=int, default=5, help="timed runs (default %(default)s)")
    parser.add_argument("--examples", type=int, default=10, help="errors to list of each kind")
    args = parser.parse_args(argv)
    files = [args.data / name for name in ("nist-rev4.json", "nist-rev5.json", "nist-withdrawn-rev5.json")]
    if not all(f.is_file() for f in files):
        print(
            f"NIST data not found in {args.data} (need {', '.join(f.name for f in files)}): this benchmark needs "
            "the shared data folder, which is not part of the project; nothing was measured.",
            file=sys.stderr,
        )
        return 2

    import os

    os.environ.setdefault("RECREG_CACHE_DIR", str(OUT / "cache"))
    from recreg.edition.validate import read_edition

    old_numbers = convert(files[0], "nist-rev4", None, OUT)
    new_numbers = convert(files[1], "nist-rev5", "nist-rev4", OUT)
    old, new = read_edition(OUT / "nist-rev4.yaml"), read_edition(OUT / "nist-rev5.yaml")
    truth = ground_truth(args.data, old_numbers, new_numbers)
    figures = measure(old, new, args.repeat)
    found = score(figures["alignment"], old_numbers, new_numbers, truth)
    candidates = candidate_recall(old, new)

    p, r = found["pairs"], found["relations"]
    print(
        f"NIST SP 800-53 rev4 -> rev5: {len(old_numbers)} -> {len(new_numbers)} items; "
        f"{old.counts['actions']} / {new.counts['actions']} lettered parts; recreg diff --match text"
    )
    print(
        f"  one-to-one pairs   precision {p['precision']:.3f}  recall {p['recall']:.3f}  F1 {p['f1']:.3f}"
        f"   ({p['predicted']} pairs, {p['along_relation']} of them along a merge link; {p['correct']} right of {p['true']};"
        f" {p['as_merge_part']} more linked as merge parts; strict recall {p['recall_strict']:.3f})"
    )
    print(
        f"  merge/split        precision {r['precision']:.3f}  recall {r['recall']:.3f}"
        f"   ({r['predicted']} merge/split parts, {r['correct']} right; of {r['true']} merge links {r['as_relation']} found as"
        f" parts, {r['as_pair']} as the pair; strict recall {r['recall_strict']:.3f})"
    )
    edges = found["edge_view"]["edges"]
    print(
        f"  split/merge edges  precision {edges['precision']:.3f}  recall {edges['recall']:.3f}"
        f"   (as csf.py counts them: {edges['found']} edges, {edges['correct']} right of {edges['true']})"
    )
    for name in ("removed", "added"):
        x = found[name]
        print(
            f"  {name:<18} precision {x['precision']:.3f}  recall {x['recall']:.3f}   ({x['found']} reported, {x['true']} true)"
        )
    print(f"  {describe(candidates)}")
    print(
        f"  diff CPU {figures['cpu_s']:.3f} s (median of {args.repeat}; wall {figures['wall_s']:.3f} s); first run "
        f"with imports {figures['first']['cpu_s']:.3f} s CPU; peak {figures['maxrss_mb']:.0f} MB (process), "
        f"{figures['tracemalloc_mb']:.0f} MB (tracemalloc, one diff)"
    )
    notes = list(figures["result"].notes)
    for note in notes:
        print(f"  note: {note}")
    print("\nErrors (first of each kind)")
    show = args.examples
    print(f"  wrong pairs ({len(p['wrong'])}): " + ", ".join(f"{a}->{b}" for a, b in p["wrong"][:show]))
    print(f"  missed pairs ({len(p['missed'])}): " + ", ".join(f"{a}->{b}" for a, b in p["missed"][:show]))
    print(f"  wrong relations ({len(r['wrong'])}): " + ", ".join(f"{a}->{b}" for a, b in r["wrong"][:show]))
    print(f"  missed relations ({len(r['missed'])}): " + ", ".join(f"{a}->{b}" for a, b in r["missed"][:show]))

    checks = [
        ("one-to-one F1", p["f1"] >= TARGETS["pairs_f1"], f"{p['f1']:.3f} >= {TARGETS['pairs_f1']}"),
        (
            "one-to-one precision",
            p["precision"] >= TARGETS["pairs_precision"],
            f"{p['precision']:.3f} >= {TARGETS['pairs_precision']}",
        ),
        (
            "merge/split recall",
            r["recall"] >= TARGETS["relations_recall"],
            f"{r['recall']:.3f} >= {TARGETS['relations_recall']}",
        ),
        (
            "merge/split precision",
            r["precision"] >= TARGETS["relations_precision"],
            f"{r['precision']:.3f} >= {TARGETS['relations_precision']}",
        ),
        ("diff CPU", figures["cpu_s"] <= TARGETS["cpu_s"], f"{figures['cpu_s']:.3f} s <= {TARGETS['cpu_s']} s"),
        (
            "peak memory",
            figures["maxrss_mb"] < TARGETS["peak_mb"],
            f"{figures['maxrss_mb']:.0f} MB < {TARGETS['peak_mb']:.0f} MB",
        ),
    ]
    print("\nTargets")
    for name, ok, figure in checks:
        print(f"  {'PASS' if ok else 'FAIL'}  {name}: {figure}")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.json").write_text(
        json.dumps(
            {
                "scores": found,
                "candidates": candidates,
                "notes": notes,
                "timing": {k: v for k, v in figures.items() if k not in {"result", "alignment"}},
            },
            indent=1,
            default=list,
        )
        + "\n"
    )
    print(f"\nwrote {OUT / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
