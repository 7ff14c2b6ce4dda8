"""Benchmark recreg on NIST's OSCAL catalogs as NIST publishes them: SP 800-53 rev4 -> rev5, read as files.

Usage (from the repository root)::

    .venv/bin/python benchmarks/oscal.py [--data DIR] [--nist DIR] [--repeat N] [--examples N]

The data are not part of the project: ``../shared/data/oscal/`` beside the repository holds
the catalogs unmodified from usnistgov/oscal-content (``--data`` names another folder);
without them this says so and exits 2. No test needs them.

What it does, and prints:

1. **Reading.** The rev4 and rev5 catalogs (JSON) are read as ``recreg diff`` reads them, by
   the registry's edition lookup (``Registry.edition(path)``): parsed, checked against NIST's
   JSON Schema, built. Time of each read, with the schema's compiled validator already in
   the cache (and the first read of this process, which may compile it); CPU time. The rev5 LOW
   baseline is read from YAML and from XML, and the two editions compared: the same
   recommendations (ids, labels, titles, texts), withdrawn records and catalog data.
2. **Scores.** ``--match text`` (texts alone) and ``--match auto`` (ids, then the catalogs'
   own withdrawal links) on rev4 -> rev5, scored as ``benchmarks/nist.py`` scores: against
   the published withdrawal links, here read from the rev5 catalog itself (739 items kept
   under the same label, 32 ``moved-to`` successors: one-to-one pairs; 57 ``incorporated-into``
   and moved-into-an-existing-item links: merge relations; SA-12, incorporated into a whole
   family, left out). CPU time of each diff (median, caches emptied before each run).
3. **The same pairs as benchmarks/nist.py.** nist.py converts the extracted sets of
   ``../shared/data/nist-800-53/`` (``--nist``) into edition files and diffs them with
   ``--match text``. The catalogs read as files must give the same recommendation pairs and
   the same merge and split relations; every pair that differs is listed with the texts that
   differ between the two readings, which is the reason.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out" / "oscal"
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "oscal"
DEFAULT_NIST = ROOT.parent / "shared" / "data" / "nist-800-53"
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "src"))

REV4 = "NIST_SP-800-53_rev4_catalog-min.json"
REV5 = "NIST_SP-800-53_rev5_catalog.json"
LOW = "NIST_SP-800-53_rev5_LOW-baseline-resolved-profile_catalog"


def read(registry, path: Path) -> tuple[object, float]:
    """Read a catalog as ``recreg diff`` does; return the edition and the CPU time (wall time moves with other jobs)."""
    start = time.process_time()
    edition = registry.edition(str(path))
    return edition, time.process_time() - start


def truth_from_catalog(old, new) -> dict:
    """Derive nist.py's ground truth from the new catalog's own withdrawn controls, in labels."""
    old_labels = {rec.label for rec in old.recommendations}
    new_labels = {rec.label for rec in new.recommendations}
    label_of = {rec.id: rec.label for rec in new.recommendations}
    for rec in new.recommendations:  # a link into a statement part names its control
        for action in rec.actions:
            for node in (action, *action.items):
                if node.origin and node.origin.get("id"):
                    label_of[node.origin["id"]] = rec.label
    withdrawn_label = {record.id: record.label for record in new.withdrawn}
    pairs = {(label, label) for label in old_labels & new_labels}
    relations, ignored, linked = set(), set(), set()
    for record in new.withdrawn:
        if record.label not in old_labels or not record.links:
            continue
        linked.add(record.label)
        for relation, target in record.links:
            to = label_of.get(target) or withdrawn_label.get(target)
            if to not in new_labels:  # a whole family (SA-12 -> SR)
                ignored.add(record.label)
            elif relation == "moved-to" and to not in old_labels:
                pairs.add((record.label, to))
            else:
                relations.add((record.label, to))
    reached = {b for _, b in pairs} | {b for _, b in relations}
    return {
        "pairs": pairs,
        "relations": relations,
        "ignored": ignored,
        "removed": old_labels - (old_labels & new_labels) - linked,
        "added": new_labels - (old_labels & new_labels) - reached,
    }


def timed_diff(old, new, match: str, repeat: int) -> dict:
    """Diff, capturing the alignment; CPU time as the median of `repeat` runs from empty caches."""
    from run import clear_caches

    import recreg.engine.diff
    from recreg.engine.diff import DiffOptions, diff

    captured: dict = {}
    original = recreg.engine.diff.align_editions

    def capturing(*args, **kwargs):
        captured["alignment"] = original(*args, **kwargs)
        return captured["alignment"]

    recreg.engine.diff.align_editions = capturing
    cpu = []
    try:
        for _ in range(repeat):
            clear_caches()
            start = time.process_time()
            result = diff(old, new, DiffOptions(match=match))
            cpu.append(time.process_time() - start)
    finally:
        recreg.engine.diff.align_editions = original
    return {"result": result, "alignment": captured["alignment"], "cpu_s": statistics.median(cpu)}


def relations_of(alignment, old_names: list[str], new_names: list[str]) -> tuple[set, set]:
    """Return the recommendation pairs and the merge and split relations of an alignment, by name."""

    def name(address, names):
        return names[address.number - 1]

    pairs = {(name(p.before, old_names), name(p.after, new_names)) for p in alignment.recommendations.pairs}
    relations = {
        (name(o, old_names), name(n, new_names)) for o, news in alignment.recommendation_splits.items() for n in news
    }
    relations |= {
        (name(o, old_names), name(n, new_names)) for n, olds in alignment.recommendation_merges.items() for o in olds
    }
    return pairs, relations


def line(label: str, found: dict) -> str:
    """Print nist.py's scores on one block of lines."""
    p, r = found["pairs"], found["relations"]
    text = (
        f"  {label}\n"
        f"    one-to-one pairs   precision {p['precision']:.3f}  recall {p['recall']:.3f}  F1 {p['f1']:.3f}"
        f"   ({p['predicted']} pairs, {p['along_relation']} along a merge link; {p['correct']} right of {p['true']})\n"
        f"    merge/split        precision {r['precision']:.3f}  recall {r['recall']:.3f}"
        f"   ({r['predicted']} parts, {r['correct']} right; of {r['true']} merge links {r['as_relation']} as parts,"
        f" {r['as_pair']} as the pair)\n"
    )
    for name in ("removed", "added"):
        x = found[name]
        text += f"    {name:<18} precision {x['precision']:.3f}  recall {x['recall']:.3f}   ({x['found']} reported, {x['true']} true)\n"
    return text


def same_as_nist(args, old, new, text_run: dict) -> list[str]:
    """Diff nist.py's converted editions and compare their pairs and relations with the catalogs'."""
    import nist

    from recreg.edition.validate import read_edition

    files = [args.nist / name for name in ("nist-rev4.json", "nist-rev5.json")]
    if not all(f.is_file() for f in files):
        return [f"  (nist.py's sets not found in {args.nist}: nothing to compare with)"]
    old_numbers = nist.convert(files[0], "nist-rev4", None, OUT)
    new_numbers = nist.convert(files[1], "nist-rev5", "nist-rev4", OUT)
    converted_old, converted_new = read_edition(OUT / "nist-rev4.yaml"), read_edition(OUT / "nist-rev5.yaml")
    theirs = timed_diff(converted_old, converted_new, "text", 1)
    their_pairs, their_relations = relations_of(theirs["alignment"], old_numbers, new_numbers)
    old_names = [rec.label for rec in old.recommendations]
    new_names = [rec.label for rec in new.recommendations]
    our_pairs, our_relations = relations_of(text_run["alignment"], old_names, new_names)
    lines = [
        f"  recreg diff --match text on the catalog files: {len(our_pairs)} pairs, {len(our_relations)} merge/split parts;"
        f" on nist.py's converted editions: {len(their_pairs)} pairs, {len(their_relations)} parts"
    ]
    differing = sorted((our_pairs ^ their_pairs) | (our_relations ^ their_relations))
    lines.append(f"  identical pairs and relations: {'yes' if not differing else 'no'}")
    for a, b in differing[:20]:
        side = "catalogs only" if (a, b) in our_pairs | our_relations else "nist.py only"
        lines.append(f"    {a} -> {b} ({side})")
    # Why: the texts the two readings give, compared recommendation by recommendation.
    texts_differ = [
        (rec.label, conv.address.local)
        for rec, conv in zip(new.recommendations, converted_new.recommendations)
        if list(t for _, t in rec.texts()) != list(t for _, t in conv.texts())
    ]
    texts_differ += [
        (rec.label, conv.address.local)
        for rec, conv in zip(old.recommendations, converted_old.recommendations)
        if list(t for _, t in rec.texts()) != list(t for _, t in conv.texts())
    ]
    lines.append(
        f"  texts that differ between the two readings: {len(texts_differ)} of "
        f"{len(old.recommendations) + len(new.recommendations)} recommendations"
        + (": " + ", ".join(f"{label} ({address})" for label, address in texts_differ) if texts_differ else "")
    )
    for label, _ in texts_differ[:3]:
        rec = next(r for r in new.recommendations if r.label == label)
        conv = converted_new.recommendations[rec.number - 1]
        for (_, mine), (_, theirs_text) in zip(rec.texts(), conv.texts()):
            if mine != theirs_text:
                lines.append(f"    {label}, catalog: {mine}")
                lines.append(f"    {label}, nist.py: {theirs_text}")
    return lines


def low_baseline(registry, data: Path) -> list[str]:
    """Read the LOW baseline from YAML and from XML and compare the editions."""
    yaml_path, xml_path = data / f"{LOW}.yaml", data / f"{LOW}.xml"
    if not (yaml_path.is_file() and xml_path.is_file()):
        return [f"  (the LOW baseline is not in {data})"]
    from_yaml, yaml_s = read(registry, yaml_path)
    from_xml, xml_s = read(registry, xml_path)

    def content(edition):
        return tuple(replace(rec, source=None) for rec in edition.recommendations), edition.withdrawn, edition.metadata

    same = content(from_yaml) == content(from_xml) and from_yaml.origin == from_xml.origin
    counts = from_yaml.counts
    return [
        f"  rev5 LOW baseline: YAML {yaml_path.stat().st_size / 1e6:.1f} MB read in {yaml_s:.2f} s CPU, XML "
        f"{xml_path.stat().st_size / 1e6:.1f} MB in {xml_s:.2f} s; {counts['recommendations']} controls, "
        f"{counts['actions']} actions, {counts['items']} sub-items",
        f"  read identically (recommendations, withdrawn records, metadata and the whole catalog): {'yes' if same else 'NO'}",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark recreg on NIST's OSCAL catalogs, read as files.")
    parser.add_argument(
        "--data",
        type=Path,
        default=DEFAULT_DATA,
        help="folder of NIST's catalogs (default: ../shared/data/oscal beside the repository)",
    )
    parser.add_argument(
        "--nist",
        type=Path,
        default=DEFAULT_NIST,
        help="folder of nist.py's extracted sets, to compare pairs with (default: ../shared/data/nist-800-53)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each diff (default %(default)s)")
    args = parser.parse_args(argv)
    if not ((args.data / REV4).is_file() and (args.data / REV5).is_file()):
        print(
            f"OSCAL catalogs not found in {args.data} (need {REV4}, {REV5}): this benchmark needs the shared data "
            "folder, which is not part of the project; nothing was measured.",
            file=sys.stderr,
        )
        return 2
    os.environ.setdefault("RECREG_CACHE_DIR", str(OUT / "cache"))
    import nist

    from recreg.registry.folder import Registry

    registry = Registry(ROOT / "registry")
    _, first_s = read(registry, args.data / REV5)  # compiles the schema's validator on a machine's first run
    registry = Registry(ROOT / "registry")
    old, old_s = read(registry, args.data / REV4)
    new, new_s = read(registry, args.data / REV5)
    print(
        f"NIST SP 800-53 rev4 -> rev5 as NIST publishes them (OSCAL {old.metadata['oscal-version']} and "
        f"{new.metadata['oscal-version']}), read as files by the registry's edition lookup"
    )
    print(
        f"  read (CPU) {REV4} ({(args.data / REV4).stat().st_size / 1e6:.1f} MB): {old_s:.2f} s, {len(old.recommendations)} "
        f"controls, {len(old.withdrawn)} withdrawn; {REV5} ({(args.data / REV5).stat().st_size / 1e6:.1f} MB): "
        f"{new_s:.2f} s, {len(new.recommendations)} controls, {len(new.withdrawn)} withdrawn "
        f"(first read of this process {first_s:.2f} s)"
    )
    truth = truth_from_catalog(old, new)
    print(
        f"  ground truth from the rev5 catalog's withdrawal links: {len(truth['pairs'])} one-to-one pairs, "
        f"{len(truth['relations'])} merge links, {len(truth['ignored'])} left out (a link to a whole family)"
    )
    names_old = [rec.label for rec in old.recommendations]
    names_new = [rec.label for rec in new.recommendations]
    runs = {}
    for match in ("text", "auto"):
        runs[match] = timed_diff(old, new, match, args.repeat)
        found = nist.score(runs[match]["alignment"], names_old, names_new, truth)
        print(line(f"--match {match}: diff CPU {runs[match]['cpu_s']:.3f} s (median of {args.repeat})", found), end="")
        for kind in ("pairs", "relations"):
            for what in ("wrong", "missed"):
                errors = found[kind][what]
                if errors:
                    print(
                        f"      {what} {'pairs' if kind == 'pairs' else 'relations'} ({len(errors)}): "
                        + ", ".join(f"{a}->{b}" for a, b in errors[:8])
                        + (" ..." if len(errors) > 8 else "")
                    )
        runs[match]["scores"] = found
    print("\nThe same pairs as benchmarks/nist.py's converted editions")
    for text in same_as_nist(args, old, new, runs["text"]):
        print(text)
    print("\nOne catalog, two notations")
    for text in low_baseline(registry, args.data):
        print(text)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.json").write_text(
        json.dumps(
            {
                "read_s": {"rev4": old_s, "rev5": new_s, "first": first_s},
                "scores": {match: run["scores"] for match, run in runs.items()},
                "cpu_s": {match: run["cpu_s"] for match, run in runs.items()},
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
