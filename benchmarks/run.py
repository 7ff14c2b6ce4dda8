"""Benchmark the diff engine on synthetic edition pairs and on the real registry.

Usage (from the repository root)::

    .venv/bin/python benchmarks/run.py [--sizes 100,1000,2000,5000] [--seed N] [--repeat N]
                                       [--regen] [--no-cli] [--profile SIZE] [--examples N]

For each size it generates (or reuses) a synthetic pair with `synth.py` under
``benchmarks/out/``, then measures in a fresh Python process: load time of both files
(cold: empty digest cache, so the schema check runs; warm: the cache knows the files),
diff time with ``match="text"`` (recorded ids ignored: the hard case) and with
``match="auto"``, peak memory (``ru_maxrss`` of the process; ``tracemalloc`` peak of one
text diff), and alignment accuracy against the ground truth. It also times
``recreg diff cws11 cws12`` end to end. It prints tables and the targets with PASS/FAIL,
and writes everything to ``benchmarks/out/results.json``. Timings are printed, never
asserted: nothing here fails a test run.

``--profile SIZE`` instead runs one text diff of that size under cProfile, prints the top
functions by cumulative and by own time, and saves ``benchmarks/out/profile-SIZE.pstats``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
sys.path.insert(0, str(HERE))

import synth  # noqa: E402  (benchmarks/ is not a package)

DEFAULT_SIZES = (100, 1000, 2000, 5000)
CLI_RUNS = 10
LAZY_DEPENDENCIES = ("numpy", "lap", "scipy.sparse", "rapidfuzz.distance", "rapidfuzz.process")  # from pyproject.toml

# Targets (from the issue). Times are seconds, memory MB.
TARGET_CLI = 0.3
TARGET_2000 = 3.0
TARGET_5000 = 10.0
TARGET_5000_MB = 500.0
TARGET_EXPONENT = 2.0


# =========================================================================== worker
# Runs in a fresh interpreter per size (`--worker`), so imports, caches and memory of
# one size do not leak into the next.


def _median_time(fn, repeat: int, cpu: list | None = None) -> tuple[float, list[float], object]:
    """Run fn `repeat` times; return the median wall time, every wall time and the last value.

    CPU times of the process (``time.process_time``) are appended to `cpu` when given:
    unlike wall time, they barely move when other processes compete for the cores.
    """
    times, value = [], None
    for _ in range(repeat):
        value = None
        start, start_cpu = time.perf_counter(), time.process_time()
        value = fn()
        times.append(time.perf_counter() - start)
        if cpu is not None:
            cpu.append(time.process_time() - start_cpu)
    return statistics.median(times), times, value


def clear_caches() -> int:
    """Empty every functools cache of the recreg modules (per-text word caches and the like).

    Each timed diff then starts as cold as in a fresh ``recreg diff`` process: without
    this, the second run of the same pair would reuse the first run's work.
    """
    cleared = 0
    for name, module in list(sys.modules.items()):
        if name == "recreg" or name.startswith("recreg."):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()
                    cleared += 1
    return cleared


def warm_imports() -> float:
    """Load the modules the engine imports lazily, so that the timed diffs do not pay for imports.

    Diffs cws11 -> cws12 once, then imports the engine's heavy dependencies.
    """
    import importlib

    from recreg.edition.validate import read_edition
    from recreg.engine.diff import DiffOptions, diff

    start = time.perf_counter()
    registry = ROOT / "registry"
    if (registry / "cws11.yaml").exists() and (registry / "cws12.yaml").exists():
        diff(read_edition(registry / "cws11.yaml"), read_edition(registry / "cws12.yaml"), DiffOptions(match="text"))
    # The engine imports its heavy dependencies only when a problem needs them (a large
    # assignment, a structured comparison), which the small real pair may not.
    for name in LAZY_DEPENDENCIES:
        try:
            importlib.import_module(name)
        except ImportError:
            pass
    return time.perf_counter() - start


def worker(folder: Path, cache: Path, repeat: int, result_file: Path, examples: int) -> None:
    # As the engine does when it imports numpy itself (recreg.engine.measures.load_numpy): one BLAS thread.
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")
    import gc
    import resource
    import tracemalloc

    shutil.rmtree(cache, ignore_errors=True)
    cache.mkdir(parents=True)
    os.environ["RECREG_CACHE_DIR"] = str(cache)
    os.environ.pop("RECREG_NO_CACHE", None)

    start = time.perf_counter()
    import recreg.engine.align
    import recreg.engine.diff
    from recreg.edition.validate import read_edition
    from recreg.engine.diff import DiffOptions, diff

    imported = time.perf_counter() - start
    load_average_start = os.getloadavg()[0]
    shutil.rmtree(cache, ignore_errors=True)
    warmup = warm_imports()  # fills the cache with cws11/cws12 digests only
    shutil.rmtree(cache, ignore_errors=True)
    cache.mkdir(parents=True)
    old_file, new_file = folder / "synth-old.yaml", folder / "synth-new.yaml"
    truth = json.loads((folder / "truth.json").read_text())

    # Load: cold (nothing cached: schema check runs, digests are stored), then warm.
    clear_caches()
    start = time.perf_counter()
    read_edition(old_file)
    cold_old = time.perf_counter() - start
    start = time.perf_counter()
    read_edition(new_file)
    cold_new = time.perf_counter() - start
    cached = len(list((cache / "valid").glob("*"))) if (cache / "valid").is_dir() else 0
    warm, warm_runs, (before, after) = _median_time(lambda: (read_edition(old_file), read_edition(new_file)), repeat)

    # Capture the alignment (pairs of every level) and the time spent aligning, without
    # changing what diff() does: wrap the function diff() calls.
    captured: dict = {}
    original = getattr(recreg.engine.diff, "align_editions", None)

    def capturing(*args, **kwargs):
        t = time.perf_counter()
        alignment = original(*args, **kwargs)
        captured["alignment"] = alignment
        captured["align_s"] = time.perf_counter() - t
        return alignment

    if original is not None:
        recreg.engine.diff.align_editions = capturing
    # Phase times: wrap the functions align_editions and diff call by module-level name.
    phases: dict[str, float] = {}
    wrapped = []
    for module, name in (
        (recreg.engine.align, "find_splits"),
        (recreg.engine.diff, "classify"),
        (recreg.engine.diff, "_pairs"),
    ):
        function = getattr(module, name, None)
        if function is None:
            continue

        def timed(*args, _function=function, _name=name, **kwargs):
            t = time.perf_counter()
            try:
                return _function(*args, **kwargs)
            finally:
                phases[_name] = phases.get(_name, 0.0) + time.perf_counter() - t

        setattr(module, name, timed)
        wrapped.append((module, name, function))

    figures: dict = {}
    for mode in ("text", "auto"):
        align_times: list[float] = []
        phase_runs: list[dict] = []
        cpu: list[float] = []

        def run(mode=mode, align_times=align_times, phase_runs=phase_runs):
            captured.clear()
            phases.clear()
            clear_caches()
            result = diff(before, after, DiffOptions(match=mode))
            if "align_s" in captured:
                align_times.append(captured["align_s"])
            phase_runs.append(dict(phases))
            return result

        gc.collect()
        median, runs, result = _median_time(run, repeat, cpu)
        alignment = captured.get("alignment")
        if alignment is None:  # diff() no longer calls align_editions by that name: align again, untimed
            alignment = recreg.engine.align.align_editions(before, after, use_records=mode != "text")
        figures[mode] = {
            "diff_s": median,
            "diff_runs_s": runs,
            "diff_first_s": runs[0],
            "diff_cpu_s": statistics.median(cpu),
            "align_s": statistics.median(align_times) if align_times else None,
            "phases_s": {name: statistics.median(r.get(name, 0.0) for r in phase_runs) for name in phase_runs[0]}
            if phase_runs
            else {},
            "notes": list(getattr(result, "notes", ()) or ()),
            "accuracy": accuracy(result, alignment, truth, before, after, examples),
        }
        del result, alignment
        captured.clear()
    maxrss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB

    if original is not None:
        recreg.engine.diff.align_editions = original
    for module, name, function in wrapped:
        setattr(module, name, function)
    gc.collect()
    clear_caches()
    tracemalloc.start()
    diff(before, after, DiffOptions(match="text"))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # After every figure above: scoring every pair takes memory and time of its own.
    from candidates import candidate_recall

    candidates = candidate_recall(before, after)

    counts_before, counts_after = before.counts, after.counts
    result_file.write_text(
        json.dumps(
            {
                "size": truth["size"],
                "files": {"old_mb": old_file.stat().st_size / 1e6, "new_mb": new_file.stat().st_size / 1e6},
                "counts": {"old": counts_before, "new": counts_after},
                "import_s": imported,
                "warmup_s": warmup,
                "load_cold_s": cold_old + cold_new,
                "load_cold_each_s": [cold_old, cold_new],
                "digests_cached_after_cold": cached,
                "load_warm_s": warm,
                "load_warm_runs_s": warm_runs,
                "repeat": repeat,
                "text": figures["text"],
                "auto": figures["auto"],
                "maxrss_mb": maxrss_mb,
                "load_average": [load_average_start, os.getloadavg()[0]],
                "tracemalloc_peak_text_mb": peak / 2**20,
                "candidates": candidates,
            },
            indent=1,
        )
    )


def accuracy(result, alignment, truth: dict, before, after, examples: int) -> dict:
    """Compare a diff with the ground truth (addresses as ``R5`` and ``R5/b``)."""
    truth_recs = {int(o): n for o, n in truth["recommendations"].items()}
    paired = {o: n for o, n in truth_recs.items() if n is not None}
    engine = {p.before.number: p.after.number for p in result.pairs if p.before is not None and p.after is not None}
    added = {p.after.number for p in result.pairs if p.before is None}
    # A merged recommendation keeps its row (no new side), which says where it went.
    merged = {
        b.number: c.after.number
        for c in result.changes
        if c.kind == "merged" and c.owner.kind == "recommendation"
        for b in c.before
        if engine.get(b.number) != c.after.number
    }
    removed = {p.before.number for p in result.pairs if p.after is None} - merged.keys()
    true_merges = {int(o): n for o, n in truth.get("merges", {}).items()}
    by_pair = {p.before.number: p for p in result.pairs if p.before is not None}

    def linked(o: int, n: int | None) -> bool:
        # Where two old recommendations merged into one new one, which of them is the pair
        # and which merged into it is a matter of text: either way both are linked to it.
        return n is not None and n in (engine.get(o), merged.get(o))

    def share(numbers) -> dict:
        numbers = [o for o in numbers if o in paired]
        right = sum(linked(o, paired[o]) for o in numbers)
        return {"right": right, "total": len(numbers)}

    def precision(found: set, true: set) -> dict:
        hit = len(found & true)
        return {
            "found": len(found),
            "true": len(true),
            "correct": hit,
            "precision": hit / len(found) if found else 1.0,
            "recall": hit / len(true) if true else 1.0,
        }

    splits = truth["splits"]
    engine_actions = {p.before.local: p.after.local for p in alignment.actions.pairs}
    action_truth = {o: n for o, n in truth["actions"].items() if n is not None}
    actions_right = sum(
        engine_actions.get(o) == n or engine_actions.get(o) in splits.get(o, ()) for o, n in action_truth.items()
    )
    # Actions whose recommendation was deleted have no counterpart; pairing one is a false pair.
    false_action_pairs = sum(1 for o in engine_actions if truth["actions"].get(o, "?") is None)

    engine_splits, engine_moves = {}, {}
    for change in result.changes:
        if change.kind == "split":
            engine_splits[change.before.local] = sorted(a.local for a in change.after)
        elif change.kind == "moved" and "relation" not in change.details:
            # An action carried by a merge of recommendations is the merge's, scored with the merges.
            engine_moves[change.before.local] = change.after.local
    splits_found = sum(engine_splits.get(o) == sorted(parts) for o, parts in splits.items())
    moves_found = sum(engine_moves.get(o) == n for o, n in truth["moves"].items())
    # A move is only expected where the recommendations were paired right.
    false_moves = sum(1 for o, n in engine_moves.items() if truth["moves"].get(o) != n)

    wrong = [o for o in sorted(paired) if not linked(o, paired[o])]
    # Pairs of a deleted recommendation with some new one (usually an added one).
    deleted = set(truth["deleted"])
    false_pairs = [by_pair[o] for o in sorted(deleted) if o in engine]
    false_shown = [
        {
            "old": f"R{p.before.number}",
            "old_statement": p.before.statement,
            "paired_with": f"R{p.after.number}",
            "paired_statement": p.after.statement,
            "paired_is_added": p.after.number in set(truth["added"]),
            "score": p.score,
            "matched_by": p.matched_by,
            "probable": p.probable,
        }
        for p in false_pairs[:examples]
    ]
    shown = []
    for o in wrong[:examples]:
        pair = by_pair.get(o)
        got = engine.get(o)
        true_new = after.recommendation(paired[o])
        shown.append(
            {
                "old": f"R{o}",
                "old_statement": before.recommendation(o).statement,
                "paired_with": f"R{got}" if got else "nothing (reported removed)",
                "paired_statement": after.recommendation(got).statement if got else None,
                "score": getattr(pair, "score", None),
                "matched_by": getattr(pair, "matched_by", None),
                "true_new": f"R{paired[o]}",
                "true_statement": true_new.statement,
                "true_new_paired_with": next(
                    (f"R{b}" for b, a in engine.items() if a == paired[o]), "nothing (reported added)"
                ),
                "reworded": o in set(truth["reworded"]),
            }
        )
    return {
        "recommendations": {"right": len(paired) - len(wrong), "total": len(paired)},
        "renumbered": share(truth["renumbered"]),
        "shuffled": share(truth["shuffled"]),
        "reworded": share(truth["reworded"]),
        "actions": {
            "right": actions_right,
            "total": len(action_truth),
            "false_pairs": false_action_pairs,
            "without_counterpart": sum(1 for n in truth["actions"].values() if n is None),
        },
        "added": precision(added, set(truth["added"])),
        "removed": precision(removed, set(truth["deleted"])),
        "splits": {"found": splits_found, "total": len(splits), "reported": len(engine_splits)},
        "moves": {
            "found": moves_found,
            "total": len(truth["moves"]),
            "reported": len(engine_moves),
            "false": false_moves,
        },
        "merges": {
            "found": sum(linked(o, n) and n in merged.values() for o, n in true_merges.items()),
            "total": len(true_merges),
            "reported": len(merged),
            "false": sum(n not in (true_merges.get(o), paired.get(o)) for o, n in merged.items()),
        },
        "mispaired": [f"R{o}->R{engine[o]}" if o in engine else f"R{o}->removed" for o in wrong],
        "examples": shown,
        "false_pairs": {
            "count": len(false_pairs),
            "probable": sum(p.probable for p in false_pairs),
            "scores": sorted(p.score for p in false_pairs if p.score is not None),
            "examples": false_shown,
        },
    }


def profile(folder: Path, cache: Path, top: int) -> None:
    """Profile one text diff (after a warm load) and print the top functions."""
    import cProfile
    import pstats

    cache.mkdir(parents=True, exist_ok=True)
    os.environ["RECREG_CACHE_DIR"] = str(cache)
    from recreg.edition.validate import read_edition
    from recreg.engine.diff import DiffOptions, diff

    before, after = read_edition(folder / "synth-old.yaml"), read_edition(folder / "synth-new.yaml")
    warm_imports()  # lazy imports are not the diff's own time
    clear_caches()
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    diff(before, after, DiffOptions(match="text"))
    profiler.disable()
    print(f"one text diff under cProfile: {time.perf_counter() - start:.2f} s (profiling inflates it)")
    size = json.loads((folder / "truth.json").read_text())["size"]
    target = OUT / f"profile-{size}.pstats"
    profiler.dump_stats(target)
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    print(f"saved {target} (open with: .venv/bin/python -m pstats {target.relative_to(ROOT)})")


# =========================================================================== runner


def run_size(
    size: int, seed: int, repeat: int | None, regen: bool, examples: int, timeout: float, lexicon: str
) -> dict:
    started = time.perf_counter()
    folder = synth.write_pair(size, seed, force=regen, lexicon=lexicon)
    generated = time.perf_counter() - started
    repeat = repeat or (5 if size <= 1000 else 3 if size <= 2000 else 1)
    result_file = OUT / f"worker-{folder.name}.json"
    result_file.unlink(missing_ok=True)
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--worker",
        str(folder),
        "--cache",
        str(OUT / "cache" / folder.name),
        "--repeat",
        str(repeat),
        "--result",
        str(result_file),
        "--examples",
        str(examples),
    ]
    started = time.perf_counter()
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"size": size, "error": f"timed out after {timeout:.0f} s"}
    if done.returncode != 0 or not result_file.exists():
        return {
            "size": size,
            "error": (done.stderr or done.stdout).strip().splitlines()[-1:] or [f"exit {done.returncode}"],
        }
    figures = json.loads(result_file.read_text())
    figures["generate_or_reuse_s"] = generated
    figures["worker_wall_s"] = time.perf_counter() - started
    figures["folder"] = str(folder.relative_to(ROOT))
    return figures


def time_cli(runs: int) -> dict:
    """Time ``recreg diff cws11 cws12`` end to end (and floors) with a warm digest cache."""
    recreg = ROOT / ".venv" / "bin" / "recreg"
    cache = OUT / "cache" / "cli"
    env = dict(os.environ, RECREG_CACHE_DIR=str(cache), RECREG_REGISTRY=str(ROOT / "registry"), NO_COLOR="1")
    env.pop("RECREG_NO_CACHE", None)
    commands = {
        "recreg diff cws11 cws12": [str(recreg), "diff", "cws11", "cws12"],
        "recreg diff --match text cws11 cws12": [str(recreg), "diff", "--match", "text", "cws11", "cws12"],
        "recreg list (start-up and reading the registry, no diff)": [str(recreg), "list"],
        "python -c pass (interpreter floor)": [sys.executable, "-c", "pass"],
    }
    figures = {}
    for name, command in commands.items():
        warm = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)  # fills the cache
        if warm.returncode != 0:
            figures[name] = {"error": (warm.stderr.strip().splitlines() or [f"exit {warm.returncode}"])[-1]}
            continue
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(command, cwd=ROOT, env=env, capture_output=True, check=True)
            times.append(time.perf_counter() - start)
        figures[name] = {"median_s": statistics.median(times), "min_s": min(times), "max_s": max(times), "runs": runs}
    return figures


def exponents(rows: list[dict], key) -> list[dict]:
    ok = [r for r in rows if "error" not in r]
    found = []
    for a, b in zip(ok, ok[1:]):
        ta, tb = key(a), key(b)
        if ta and tb and ta > 0 and tb > 0:
            found.append(
                {"from": a["size"], "to": b["size"], "exponent": math.log(tb / ta) / math.log(b["size"] / a["size"])}
            )
    return found


def _pct(part: dict, right: str = "right", total: str = "total") -> str:
    return f"{part[right]}/{part[total]}" if part[total] else "-"


def print_head(head: str) -> None:
    """Print a table's header line, underlined."""
    print(head)
    print("-" * len(head))


def print_tables(rows: list[dict]) -> None:
    print("\nTiming (seconds; load = both files; diff = median of the runs; cpu = process CPU time of the same runs)")
    head = (
        f"{'size':>5} {'recs old/new':>12} {'actions':>7} {'MB/file':>7} {'load cold':>9} {'load warm':>9} "
        f"{'diff text':>9} {'text cpu':>8} {'diff auto':>9} {'auto cpu':>8} {'runs':>4} {'loadavg':>7}"
    )
    print_head(head)
    for r in rows:
        if "error" in r:
            print(f"{r['size']:>5}  ERROR: {r['error']}")
            continue
        c = r["counts"]
        print(
            f"{r['size']:>5} {c['old']['recommendations']:>5}/{c['new']['recommendations']:<6} {c['old']['actions']:>7} "
            f"{r['files']['old_mb']:>7.2f} {r['load_cold_s']:>9.3f} {r['load_warm_s']:>9.3f} {r['text']['diff_s']:>9.3f} "
            f"{r['text']['diff_cpu_s']:>8.3f} {r['auto']['diff_s']:>9.3f} {r['auto']['diff_cpu_s']:>8.3f} {r['repeat']:>4} "
            f"{max(r['load_average']):>7.2f}"
        )

    print("\nWhere the text diff's time goes (seconds, median run) and memory (MB)")
    head = (
        f"{'size':>5} {'diff text':>9} {'align':>8} {'find_splits':>11} {'classify':>8} {'_pairs':>7} {'other':>7} "
        f"{'maxrss':>7} {'tracemalloc':>11}"
    )
    print_head(head)
    nan = float("nan")
    for r in rows:
        if "error" in r:
            continue
        t, ph = r["text"], r["text"]["phases_s"]
        align = t["align_s"] if t["align_s"] is not None else nan
        other = t["diff_s"] - align - ph.get("classify", nan) - ph.get("_pairs", nan)
        print(
            f"{r['size']:>5} {t['diff_s']:>9.3f} {align:>8.3f} {ph.get('find_splits', nan):>11.3f} {ph.get('classify', nan):>8.3f} "
            f"{ph.get('_pairs', nan):>7.3f} {other:>7.3f} {r['maxrss_mb']:>7.0f} {r['tracemalloc_peak_text_mb']:>11.0f}"
        )
    print(
        "  (align includes find_splits; maxrss = peak of the whole worker process; tracemalloc = peak of one text diff)"
    )

    print(
        "\nCandidate recall of the recommendation level (pairs scoring at or above the candidate floor, found / all,"
        " every pair scored by numpy)"
    )
    head = f"{'size':>5} {'floor':>5} {'all pairs':>11} {'above':>7} {'engine':>15} {'extra':>5} {'prefix filtering (sample)':>27}"
    print_head(head)
    for r in rows:
        c = r.get("candidates")
        if "error" in r or not c:
            continue
        print(
            f"{r['size']:>5} {c['floor']:>5.2f} {c['pairs']:>11,} {c['above_floor']:>7} "
            f"{c['engine_recall']:>8.4f} {c['engine_found']:>6} {c['engine_extra']:>5} "
            f"{c['prefix_recall']:>8.4f} of {c['prefix_above_floor']:>5} ({c['prefix_sample']} old)"
        )

    for mode in ("text", "auto"):
        print(f"\nAlignment accuracy, match={mode!r} (right/total; added/removed: precision, recall)")
        head = (
            f"{'size':>5} {'recs':>11} {'renumbered':>11} {'reworded':>9} {'actions':>11} {'false act':>9} {'added P':>7} "
            f"{'added R':>7} {'removed P':>9} {'removed R':>9} {'false rec':>9} {'splits':>7} {'moves':>7} {'false mv':>8} "
            f"{'merges':>7} {'false mg':>8}"
        )
        print_head(head)
        for r in rows:
            if "error" in r:
                continue
            a = r[mode]["accuracy"]
            print(
                f"{r['size']:>5} {_pct(a['recommendations']):>11} {_pct(a['renumbered']):>11} {_pct(a['reworded']):>9} "
                f"{_pct(a['actions']):>11} {a['actions']['false_pairs']:>4}/{a['actions']['without_counterpart']:<4} "
                f"{a['added']['precision']:>7.3f} {a['added']['recall']:>7.3f} "
                f"{a['removed']['precision']:>9.3f} {a['removed']['recall']:>9.3f} "
                f"{a['false_pairs']['count']:>4} ({a['false_pairs']['probable']:>2}p) {_pct(a['splits'], 'found'):>7} "
                f"{_pct(a['moves'], 'found'):>7} {a['moves']['false']:>8} {_pct(a['merges'], 'found'):>7} {a['merges']['false']:>8}"
            )
    print("  false rec = deleted recommendations paired with a new one anyway ((n p) of them flagged probable);")
    print("  false act = actions of deleted recommendations paired with some new action anyway / all such actions;")
    print("  false mv = 'moved' reported where the truth has no such move;")
    print("  merges = recommendations found merged into the one they went into; false mg = merges reported wrongly")


def print_examples(rows: list[dict], count: int) -> None:
    """Print the first mispaired and falsely paired recommendations of each size (match='text')."""
    print("\nAccuracy failures (match='text'), first examples per size")
    any_shown = False
    for r in rows:
        if "error" in r:
            continue
        a = r["text"]["accuracy"]
        if a["mispaired"]:
            any_shown = True
            listed = ", ".join(a["mispaired"][:20]) + (" ..." if len(a["mispaired"]) > 20 else "")
            print(f"  size {r['size']}: {len(a['mispaired'])} truly paired recommendation(s) mispaired: {listed}")
        for ex in a["examples"][:count]:
            print(
                f"    old {ex['old']} paired with {ex['paired_with']} (score {ex['score']}, {ex['matched_by']}); truly {ex['true_new']} "
                f"(which was paired with {ex['true_new_paired_with']}); reworded: {ex['reworded']}"
            )
            print(f"      old {ex['old']}: {ex['old_statement']}")
            if ex["paired_statement"]:
                print(f"      got {ex['paired_with']}: {ex['paired_statement']}")
            print(f"      true {ex['true_new']}: {ex['true_statement']}")
        fp = a["false_pairs"]
        if fp["count"]:
            any_shown = True
            print(
                f"  size {r['size']}: {fp['count']} deleted recommendation(s) paired anyway ({fp['probable']} flagged probable; "
                f"scores {', '.join(f'{x:.3f}' for x in fp['scores'][:12])}{' ...' if len(fp['scores']) > 12 else ''})"
            )
        for ex in fp["examples"][:count]:
            print(
                f"    deleted {ex['old']} paired with {ex['paired_with']} ({'an added one' if ex['paired_is_added'] else 'an existing one'}), "
                f"score {ex['score']}{', flagged probable' if ex['probable'] else ''}"
            )
            print(f"      old {ex['old']}: {ex['old_statement']}")
            print(f"      new {ex['paired_with']}: {ex['paired_statement']}")
    if not any_shown:
        print("  none: every truly paired recommendation paired right, no deleted one paired")


def targets(rows: list[dict], cli: dict | None) -> list[dict]:
    by_size = {r["size"]: r for r in rows if "error" not in r}
    found = []

    def add(name: str, ok: bool | None, figure: str) -> None:
        found.append({"target": name, "status": "n/a" if ok is None else ("PASS" if ok else "FAIL"), "figure": figure})

    main = (cli or {}).get("recreg diff cws11 cws12")
    if main and "median_s" in main:
        add(
            f"recreg diff cws11 cws12 end to end < {TARGET_CLI} s (median of {main['runs']}, warm cache)",
            main["median_s"] < TARGET_CLI,
            f"{main['median_s']:.3f} s",
        )
    else:
        add(
            f"recreg diff cws11 cws12 end to end < {TARGET_CLI} s",
            None,
            (main or {}).get("error", "not run (--no-cli)"),
        )
    r = by_size.get(2000)
    if r:
        t = r["text"]["diff_s"]
        add(
            f"2,000 vs 2,000: diff (match=text) < {TARGET_2000} s",
            t < TARGET_2000,
            f"{t:.2f} s wall, {r['text']['diff_cpu_s']:.2f} s cpu (warm load of both files adds {r['load_warm_s']:.2f} s)",
        )
        renum = r["text"]["accuracy"]["renumbered"]
        add(
            "2,000 vs 2,000: every renumbered recommendation paired right (match=text)",
            renum["right"] == renum["total"],
            f"{renum['right']}/{renum['total']}",
        )
    else:
        add(
            f"2,000 vs 2,000: diff < {TARGET_2000} s, every renumbered recommendation paired right",
            None,
            "size not run",
        )
    r = by_size.get(5000)
    if r:
        t = r["text"]["diff_s"]
        add(
            f"5,000 vs 5,000: diff (match=text) < {TARGET_5000} s",
            t < TARGET_5000,
            f"{t:.2f} s wall, {r['text']['diff_cpu_s']:.2f} s cpu (warm load of both files adds {r['load_warm_s']:.2f} s)",
        )
        add(
            f"5,000 vs 5,000: peak memory < {TARGET_5000_MB:.0f} MB (process ru_maxrss)",
            r["maxrss_mb"] < TARGET_5000_MB,
            f"{r['maxrss_mb']:.0f} MB (tracemalloc peak of one diff {r['tracemalloc_peak_text_mb']:.0f} MB)",
        )
    else:
        add(f"5,000 vs 5,000: diff < {TARGET_5000} s and < {TARGET_5000_MB:.0f} MB", None, "size not run")
    recalls = [
        (r["size"], r["candidates"]["engine_recall"], r["candidates"]["prefix_recall"])
        for r in by_size.values()
        if r.get("candidates")
    ]
    if recalls:
        add(
            "candidate recall of the recommendation level is 1.0 at every size (engine path and prefix filtering)",
            all(e == 1.0 and p == 1.0 for _, e, p in recalls),
            ", ".join(f"{n}: {e:.4f}/{p:.4f}" for n, e, p in recalls),
        )
    growth = exponents(rows, lambda r: r["text"]["diff_s"])
    if growth:
        worst = max(g["exponent"] for g in growth)
        add(
            f"diff time grows sub-quadratically (every exponent < {TARGET_EXPONENT})",
            worst < TARGET_EXPONENT,
            ", ".join(f"{g['from']}->{g['to']}: {g['exponent']:.2f}" for g in growth),
        )
    else:
        add("diff time grows sub-quadratically", None, "needs two sizes")
    return found


def src_digest() -> str:
    """A digest of the engine's source (src/recreg/**/*.py), to tell which code a result measured."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted((ROOT / "src" / "recreg").rglob("*.py")):
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def environment() -> dict:
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        dirty = bool(
            subprocess.run(
                ["git", "status", "--porcelain", "src"], cwd=ROOT, capture_output=True, text=True
            ).stdout.strip()
        )
    except OSError:
        commit, dirty = None, None
    return {
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "git_commit": commit,
        "src_modified": dirty,
        "src_digest": src_digest(),
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the recreg diff engine (prints figures; asserts nothing).")
    parser.add_argument(
        "--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="comma-separated sizes (default %(default)s)"
    )
    parser.add_argument("--seed", type=int, default=synth.DEFAULT_SEED)
    parser.add_argument(
        "--repeat", type=int, help="timed runs per measurement (default 5 up to 1,000, 3 up to 2,000, else 1)"
    )
    parser.add_argument(
        "--lexicon",
        choices=synth.LEXICONS,
        default="realistic",
        help="synthetic vocabulary: realistic (grows with size, like real prose) or narrow (~600 words; stress case)",
    )
    parser.add_argument("--regen", action="store_true", help="regenerate the synthetic files even if cached")
    parser.add_argument("--no-cli", action="store_true", help="skip timing recreg diff cws11 cws12")
    parser.add_argument("--examples", type=int, default=3, help="mispaired examples to print per size")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds allowed per size")
    parser.add_argument(
        "--output",
        type=Path,
        help="where to write the results (default benchmarks/out/results.json, "
        "results-narrow.json for the narrow lexicon)",
    )
    parser.add_argument(
        "--profile", type=int, metavar="SIZE", help="profile one text diff of SIZE with cProfile instead"
    )
    parser.add_argument("--top", type=int, default=30, help="functions to list with --profile")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--cache", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        worker(args.worker, args.cache, args.repeat, args.result, args.examples)
        return 0
    OUT.mkdir(exist_ok=True)
    if args.profile:
        folder = synth.write_pair(args.profile, args.seed, force=args.regen, lexicon=args.lexicon)
        profile(folder, OUT / "cache" / folder.name, args.top)
        return 0

    sizes = [int(s) for s in args.sizes.split(",") if s.strip() and s.strip() != "none"]
    print(
        f"recreg diff benchmark: sizes {', '.join(map(str, sizes))}; seed {args.seed}; lexicon {args.lexicon}; "
        f"{os.cpu_count()} CPUs; Python {sys.version.split()[0]}"
    )
    digest_start = src_digest()
    print(f"  engine source digest {digest_start} (src/recreg/**/*.py)")
    rows = []
    for size in sizes:
        print(f"  size {size}: generating/reusing files and measuring in a fresh process ...", flush=True)
        row = run_size(size, args.seed, args.repeat, args.regen, args.examples, args.timeout, args.lexicon)
        if "error" in row:
            print(f"    error: {row['error']}")
        else:
            print(
                f"    diff text {row['text']['diff_s']:.3f} s, auto {row['auto']['diff_s']:.3f} s (worker {row['worker_wall_s']:.0f} s wall)",
                flush=True,
            )
        rows.append(row)

    cli = None
    if not args.no_cli:
        print(f"  timing recreg diff cws11 cws12 ({CLI_RUNS} runs each, warm cache) ...", flush=True)
        cli = time_cli(CLI_RUNS)

    print_tables(rows)
    for row in rows:
        for mode in ("text", "auto"):
            for note in row.get(mode, {}).get("notes", []) if "error" not in row else []:
                print(f"  note (size {row['size']}, {mode}): {note}")
    print_examples(rows, args.examples)

    print("\nGrowth exponents (log time ratio / log size ratio; 1 = linear, 2 = quadratic)")
    growth = {}
    for name, key in (
        ("diff text", lambda r: r["text"]["diff_s"]),
        ("diff auto", lambda r: r["auto"]["diff_s"]),
        ("load warm", lambda r: r["load_warm_s"]),
        ("load cold", lambda r: r["load_cold_s"]),
    ):
        growth[name] = exponents(rows, key)
        print(
            f"  {name:<10} " + ("  ".join(f"{g['from']}->{g['to']}: {g['exponent']:.2f}" for g in growth[name]) or "-")
        )

    if cli:
        print(f"\nEnd to end (subprocess, median of {CLI_RUNS}, warm digest cache)")
        for name, fig in cli.items():
            print(
                f"  {name:<58} "
                + (
                    f"{fig['median_s']:.3f} s (min {fig['min_s']:.3f}, max {fig['max_s']:.3f})"
                    if "median_s" in fig
                    else f"ERROR: {fig['error']}"
                )
            )

    busy = [r["size"] for r in rows if "error" not in r and r["text"]["diff_s"] > 1.15 * r["text"]["diff_cpu_s"] + 0.01]
    if busy:
        print(
            f"\nWARNING: wall time exceeded CPU time by more than 15% for sizes {busy}: other processes competed "
            "for the cores; compare the cpu columns"
        )
    if src_digest() != digest_start:
        print(
            f"\nWARNING: src/ changed during the run (digest {digest_start} -> {src_digest()}): sizes may have measured different code"
        )

    found = targets(rows, cli)
    print("\nTargets")
    for t in found:
        print(f"  {t['status']:<4}  {t['target']}: {t['figure']}")

    results = {
        "environment": environment(),
        "src_digest_at_start": digest_start,
        "seed": args.seed,
        "lexicon": args.lexicon,
        "sizes": rows,
        "cli": cli,
        "growth": growth,
        "targets": found,
    }
    target = args.output or OUT / ("results.json" if args.lexicon == "realistic" else f"results-{args.lexicon}.json")
    target.write_text(json.dumps(results, indent=1) + "\n")
    print(f"\nwrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
