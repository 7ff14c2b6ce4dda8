"""Benchmark the diff engine on a real, reorganised pair: NIST CSF 1.1 -> 2.0 (Core subcategories).

Usage (from the repository root)::

    .venv/bin/python benchmarks/csf.py [--data DIR] [--repeat N] [--examples N]

The data are not part of the project: they live in ``../shared/data/nist-csf/`` beside the
repository (``--data`` names another folder); without them this says so and exits 2. No
test needs them.

**Conversion.** Each set becomes an edition file under ``benchmarks/out/csf/``: one
recommendation per subcategory, its text as the statement, in NIST's order (so a
category's subcategories stand together, as printed). Nothing gives the answer away:
recommendation ids differ between the editions (``csf11-0001``, ``csf20-0001``), numbers
and sources are positions, there are no links and no titles (subcategories have none).
The categories and functions are left out, neither as structure nor as text:

* as text ("Asset Management: Physical devices ... are inventoried"), a category name
  would be words the publisher did not write in the statement, shared by every sibling and,
  for the 11 categories kept in 2.0, by their successors: a label that carries the answer
  (a kept category) or misleads (the 12 withdrawn ones), not evidence from the text;
* as structure (a recommendation per category, its subcategories as actions), the unit
  compared would be the category, which 2.0 reorganised (a GOVERN function made of parts
  of five 1.1 categories), and the pairing of subcategories would be decided by the
  pairing of their categories rather than by their own words.

The flat conversion is what the data's README asks of an engine ("one recommendation per
item ... give the engine the text only") and what ``nist.py`` does with NIST's controls.

**Ground truth** (``csf-map-1.1-to-2.0.json``): its rows with both ``from`` and ``to``
are the gold links (151); ``removed`` rows are old items with no successor (1), ``added``
rows new items no old item reaches (20). A gold link is **one-to-one** when its old item
has no other link and its new item no other link (30); every other link is a
**split/merge edge** (121): an old item with several successors, or a new item with several
predecessors, all of its links count, the successor that kept the number (host) as well as
the items absorbed. (The map's ``split`` and ``merged`` rows are 110 of these 121; the
other 11 are ``same-number`` rows whose new item also absorbed a withdrawn one, such as
ID.AM-3 -> ID.AM-03 beside DE.AE-1 -> ID.AM-03. By text alone which of a merge's sources
kept the number is not decidable, so the host's link counts like the others.)

**Scoring.** The engine states links too: its recommendation pairs
(``Alignment.recommendations.pairs``) and the parts of its merges and splits beyond a pair
(``recommendation_merges``: new -> extra old parts; ``recommendation_splits``: old ->
extra new parts). Its links are classified the same way, by their ends in the engine's
own links: one-to-one when neither end has another link, else a split/merge edge. So a
merge reported as ``A -> X`` (the pair) plus ``B merged into X`` gives two split/merge
edges, A->X and B->X. Then:

* **one-to-one**: precision = engine one-to-one links that are gold one-to-one links /
  engine one-to-one links; recall = the same / gold one-to-one links; F1;
* **split/merge edges**: precision = engine split/merge edges that are gold split/merge
  edges / engine split/merge edges; recall = the same / gold split/merge edges. An edge
  counts only where the engine puts it in the right class: a true merge link reported as a
  lone pair is a one-to-one false positive and a split/merge miss;
* ``linked``: the share of gold links the engine links at all, in either class;
* **removed / added**: precision and recall of the old items the engine leaves unmatched
  (not paired, not a merge or split part) against the ``removed`` row, and of the new
  items likewise against the ``added`` rows.

It prints these with CPU time (median of the runs, each after emptying the engine's
caches, modules imported beforehand; see ``nist.measure``), the first run in this
process (imports included), and peak memory (``ru_maxrss`` of the process, and the
``tracemalloc`` peak of one diff).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out" / "csf"
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "nist-csf"
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "src"))

import synth  # noqa: E402  (benchmarks/ is not a package)
from nist import classify_links, edge_scores, engine_links, measure, precision_recall  # noqa: E402

# The targets of issue 18.
TARGETS = {"edges_precision": 0.8, "edges_recall": 0.5, "pairs_f1": 0.80}
FILES = ("csf-1.1.json", "csf-2.0.json", "csf-map-1.1-to-2.0.json")


def convert(set_file: Path, edition_id: str, derives_from: str | None, out: Path) -> list[str]:
    """Write one set as an edition file; return the items' numbers in order (R1 is the first)."""
    data = json.loads(set_file.read_text(encoding="utf-8"))
    prefix = edition_id
    recs = [synth.Rec(f"{prefix}-{n:04d}", item["text"]) for n, item in enumerate(data["items"], 1)]
    text = synth.write_yaml(
        edition_id,
        recs,
        derives_from,
        comment=f"{data['title']} converted by benchmarks/csf.py: one recommendation per subcategory, its text "
        "only; no numbers, categories, links or titles that would name a counterpart.",
        title=data["title"],
        session=prefix,
        source_file=set_file.name,
        committee="NIST",
    )
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{edition_id}.yaml").write_text(text, encoding="utf-8")
    return [item["number"] for item in data["items"]]


def ground_truth(data: Path, old_numbers: list[str], new_numbers: list[str]) -> dict:
    """Read the map into gold links, split into one-to-one links and split/merge edges, and the removed and added items."""
    rows = json.loads((data / FILES[2]).read_text(encoding="utf-8"))
    old, new = set(old_numbers), set(new_numbers)
    links = {(row["from"], row["to"]) for row in rows if row["from"] and row["to"]}
    unknown = {a for a, _ in links} - old | {b for _, b in links} - new
    if unknown:
        raise SystemExit(f"{data / FILES[2]}: links name items the sets lack: {', '.join(sorted(unknown))}")
    pairs, edges = classify_links(links)
    return {
        "links": links,
        "pairs": pairs,
        "edges": edges,
        "continuations": {(row["from"], row["to"]) for row in rows if row["kind"] in ("same-number", "moved")},
        "relations": {(row["from"], row["to"]) for row in rows if row["kind"] in ("split", "merged")},
        "kinds": Counter(row["kind"] for row in rows),
        "removed": {row["from"] for row in rows if row["kind"] == "removed"},
        "added": {row["to"] for row in rows if row["kind"] == "added"},
    }


def score(alignment, old_numbers: list[str], new_numbers: list[str], truth: dict) -> dict:
    """Compare the engine's recommendation-level links with the gold links (see the module docstring)."""
    links = engine_links(alignment, old_numbers, new_numbers)
    found = edge_scores(links, truth["links"])
    recs = alignment.recommendations
    removed = {old_numbers[k.number - 1] for k in recs.unmatched_before}
    added = {new_numbers[k.number - 1] for k in recs.unmatched_after}
    found["removed"] = precision_recall(removed, truth["removed"])
    found["added"] = precision_recall(added, truth["added"])
    found["as_issue"] = as_issue(alignment, old_numbers, new_numbers, truth)
    return found


def as_issue(alignment, old_numbers: list[str], new_numbers: list[str], truth: dict) -> dict:
    """Score as issue 18's table did: pairs against the map's continuations, relation parts against its split/merged rows.

    Continuations are the ``same-number`` and ``moved`` rows (41); relations the ``split``
    and ``merged`` rows (110). Every engine pair is judged as a continuation (a pair along a
    split or merged row is wrong), every merge or split part beyond a pair as a relation.
    """
    pairs = {
        (old_numbers[p.before.number - 1], new_numbers[p.after.number - 1]) for p in alignment.recommendations.pairs
    }
    parts = engine_links(alignment, old_numbers, new_numbers) - pairs
    return {
        "pairs": precision_recall(pairs, truth["continuations"]),
        "relations": precision_recall(parts, truth["relations"]),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark recreg diff --match text on NIST CSF 1.1 -> 2.0.")
    parser.add_argument(
        "--data",
        type=Path,
        default=DEFAULT_DATA,
        help="folder of " + ", ".join(FILES) + " (default: ../shared/data/nist-csf beside the repository)",
    )
    parser.add_argument("--repeat", type=int, default=5, help="timed runs (default %(default)s)")
    parser.add_argument("--examples", type=int, default=10, help="errors to list of each kind")
    args = parser.parse_args(argv)
    files = [args.data / name for name in FILES]
    if not all(f.is_file() for f in files):
        print(
            f"NIST CSF data not found in {args.data} (need {', '.join(FILES)}): this benchmark needs the shared "
            "data folder, which is not part of the project; nothing was measured.",
            file=sys.stderr,
        )
        return 2

    import os

    os.environ.setdefault("RECREG_CACHE_DIR", str(OUT / "cache"))
    from recreg.edition.validate import read_edition

    old_numbers = convert(files[0], "csf11", None, OUT)
    new_numbers = convert(files[1], "csf20", "csf11", OUT)
    old, new = read_edition(OUT / "csf11.yaml"), read_edition(OUT / "csf20.yaml")
    truth = ground_truth(args.data, old_numbers, new_numbers)
    figures = measure(old, new, args.repeat)
    found = score(figures["alignment"], old_numbers, new_numbers, truth)

    p, e, linked = found["pairs"], found["edges"], found["linked"]
    kinds = truth["kinds"]
    print(
        f"NIST CSF 1.1 -> 2.0: {len(old_numbers)} -> {len(new_numbers)} subcategories; {len(truth['links'])} gold links "
        f"({len(truth['pairs'])} one-to-one, {len(truth['edges'])} split/merge edges, of which {kinds['split']} split and "
        f"{kinds['merged']} merged rows); recreg diff --match text"
    )
    print(
        f"  one-to-one pairs   precision {p['precision']:.3f}  recall {p['recall']:.3f}  F1 {p['f1']:.3f}"
        f"   ({p['found']} one-to-one links, {p['correct']} right of {p['true']})"
    )
    print(
        f"  split/merge edges  precision {e['precision']:.3f}  recall {e['recall']:.3f}  F1 {e['f1']:.3f}"
        f"   ({e['found']} split/merge edges, {e['correct']} right of {e['true']})"
    )
    print(
        f"  linked at all      precision {linked['precision']:.3f}  recall {linked['recall']:.3f}"
        f"   ({linked['found']} links in either class, {linked['correct']} right of {linked['true']})"
    )
    issue = found["as_issue"]
    print(
        f"  as issue 18 counts: pairs against the {issue['pairs']['true']} continuations (same-number, moved rows) "
        f"precision {issue['pairs']['precision']:.3f} recall {issue['pairs']['recall']:.3f} F1 {issue['pairs']['f1']:.3f};"
        f" parts against the {issue['relations']['true']} split/merged rows precision {issue['relations']['precision']:.3f}"
        f" recall {issue['relations']['recall']:.3f} ({issue['relations']['found']} parts)"
    )
    for name in ("removed", "added"):
        x = found[name]
        print(
            f"  {name:<18} precision {x['precision']:.3f}  recall {x['recall']:.3f}   ({x['found']} reported, {x['true']} true)"
        )
    print(
        f"  diff CPU {figures['cpu_s']:.3f} s (median of {args.repeat}; wall {figures['wall_s']:.3f} s); first run "
        f"with imports {figures['first']['cpu_s']:.3f} s CPU; peak {figures['maxrss_mb']:.0f} MB (process), "
        f"{figures['tracemalloc_mb']:.1f} MB (tracemalloc, one diff)"
    )
    notes = list(figures["result"].notes)
    for note in notes:
        print(f"  note: {note}")
    print("\nErrors (first of each kind)")
    show = args.examples
    for label, part, key in (
        ("wrong one-to-one", p, "wrong"),
        ("missed one-to-one", p, "missed"),
        ("wrong split/merge edges", e, "wrong"),
        ("missed split/merge edges", e, "missed"),
    ):
        print(f"  {label} ({len(part[key])}): " + ", ".join(f"{a}->{b}" for a, b in part[key][:show]))

    checks = [
        (
            "split/merge precision",
            e["precision"] >= TARGETS["edges_precision"],
            f"{e['precision']:.3f} >= {TARGETS['edges_precision']}",
        ),
        (
            "split/merge recall",
            e["recall"] >= TARGETS["edges_recall"],
            f"{e['recall']:.3f} >= {TARGETS['edges_recall']}",
        ),
        ("one-to-one F1", p["f1"] >= TARGETS["pairs_f1"], f"{p['f1']:.3f} >= {TARGETS['pairs_f1']}"),
    ]
    print("\nTargets (issue 18)")
    for name, ok, figure in checks:
        print(f"  {'PASS' if ok else 'FAIL'}  {name}: {figure}")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.json").write_text(
        json.dumps(
            {
                "scores": found,
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
