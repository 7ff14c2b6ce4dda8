"""Whole-process speed: start-up, loading and rendering, as a user waits for them.

Usage (from the repository root)::

    .venv/bin/python benchmarks/endtoend.py              # 10 rounds (5 for the 5,000 pair)
    .venv/bin/python benchmarks/endtoend.py --rounds 3   # quicker
    .venv/bin/cog -r docs/performance.md                 # then refresh the table in docs/performance.md

Every figure is a whole ``recreg`` process, as run from a shell, output to a pipe. The
commands are run side by side, round after round (each round runs every command once,
in the same order), so a busy machine slows all of them alike; the ratios between them
are what the targets are about, and are what this prints first. Absolute seconds are
printed too: they depend on the machine.

- ``python -c pass``: the bare interpreter (the venv's), the floor everything is compared to;
  and the machine's ``python3 -c pass`` (the venv's base interpreter), as issue 13 measured;
- ``recreg --help`` and ``recreg diff cws11 cws12``;
- the synthetic pairs of 2,000 and 5,000 recommendations (``benchmarks/synth.py``) in
  JSON, text, Markdown and HTML: *cold* with an empty cache folder (the files are
  parsed and schema-checked, as on a first read), *warm* once the cache holds them;
- *fresh machine*: the same with ``RECREG_NO_CACHE=1`` (nothing cached at all);
- load time per MB: reading an edition in-process, parsed and checked, and from the cache.

Peak memory is the largest resident set of the process (``ru_maxrss``). Results go to
``benchmarks/out/endtoend.json`` and, for the table in ``docs/performance.md``, ``benchmarks/endtoend.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402  (benchmarks/ is not a package)

RECREG = [sys.executable, "-m", "recreg"]
FORMATS = ("json", "text", "markdown", "html")
# Targets from the issue: ratios to bare Python or to the JSON run; seconds; megabytes.
TARGETS = {"cws11-cws12 / python": 8.0, "cws11-cws12 / python3": 8.0, "help / python": 4.0, "help / python3": 4.0,
           "2000 json cold s": 2.5, "2000 json warm s": 1.5, "2000 format / json": 1.2, "5000 s": 10.0, "5000 MB": 500.0}
# Two floors. `python`: the interpreter recreg runs on (the venv's), whose start-up is all
# recreg adds to -- the stricter measure. `python3`: the machine's own python3 (the venv's
# base interpreter, with its site-packages), the `python3 -c pass` the issue compared with.
PYTHON3 = getattr(sys, "_base_executable", sys.executable)


def run_rss(argv: list[str], env: dict) -> tuple[float, float]:
    """Run a command to a pipe; return wall seconds and its peak resident memory in MB."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    err = process.stderr.read().decode() if process.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(map(str, argv))} failed ({code}): {err[-500:]}")
    return elapsed, usage.ru_maxrss / 1024


def measure(rounds: int, sizes: tuple[int, ...]) -> dict:
    """Run every command side by side, `rounds` times; return samples by command."""
    scratch = Path(tempfile.mkdtemp(prefix="recreg-endtoend-"))
    base = {k: v for k, v in os.environ.items() if not k.startswith("RECREG_")}
    base.update(NO_COLOR="1", RECREG_REGISTRY=str(ROOT / "registry"))
    warm_env = {**base, "RECREG_CACHE_DIR": str(scratch / "warm")}
    fresh_env = {**base, "RECREG_NO_CACHE": "1"}
    pairs = {size: synth.write_pair(size) for size in sizes}
    commands: dict[str, tuple[list[str], str]] = {
        "python": ([sys.executable, "-c", "pass"], "warm"),
        "python3": ([PYTHON3, "-c", "pass"], "warm"),
        "help": ([*RECREG, "--help"], "warm"),
        "cws11-cws12": ([*RECREG, "diff", "cws11", "cws12"], "warm"),
        "cws11-cws12 fresh": ([*RECREG, "diff", "cws11", "cws12"], "fresh"),
    }
    for size, folder in pairs.items():
        files = [str(folder / "synth-old.yaml"), str(folder / "synth-new.yaml")]
        for name in FORMATS:
            commands[f"{size} {name}"] = ([*RECREG, "diff", *files, "--format", name], "warm")
        commands[f"{size} json cold"] = ([*RECREG, "diff", *files, "--format", "json"], "cold")
        commands[f"{size} json fresh"] = ([*RECREG, "diff", *files, "--format", "json"], "fresh")
    # One run of each first: bytecode written, the warm cache filled.
    for argv, kind in commands.values():
        run_rss(argv, fresh_env if kind == "fresh" else warm_env)
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for round_number in range(rounds):
        for name, (argv, kind) in commands.items():
            if name.startswith("5000") and round_number >= max(1, rounds // 2):
                continue  # the large pair is slow: half the rounds
            if kind == "cold":
                env = {**base, "RECREG_CACHE_DIR": str(scratch / f"cold-{round_number}-{name}")}
            else:
                env = fresh_env if kind == "fresh" else warm_env
            samples[name].append(run_rss(argv, env))
        print(f"  round {round_number + 1}/{rounds}", file=sys.stderr, flush=True)
    loads = {size: load_per_mb(folder, scratch) for size, folder in pairs.items()}
    shutil.rmtree(scratch, ignore_errors=True)
    return {"samples": samples, "loads": loads, "sizes": {size: sum((f).stat().st_size for f in folder.glob("synth-*.yaml"))
                                                          for size, folder in pairs.items()}}


def load_per_mb(folder: Path, scratch: Path) -> dict:
    """Time reading an edition in-process: parsed and schema-checked, then from the cache (seconds per MB)."""
    code = (
        "import sys, time, os\n"
        "from pathlib import Path\n"
        "from recreg.edition.validate import read_edition\n"
        "path = Path(sys.argv[1])\n"
        "t = time.perf_counter(); read_edition(path); cold = time.perf_counter() - t\n"
        "t = time.perf_counter(); read_edition(path); warm = time.perf_counter() - t\n"
        "print(cold, warm)\n"
    )
    path = folder / "synth-old.yaml"
    env = {**os.environ, "RECREG_CACHE_DIR": str(scratch / f"load-{folder.name}")}
    env.pop("RECREG_NO_CACHE", None)
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, env=env, check=True)
    cold, warm = map(float, done.stdout.split())
    megabytes = path.stat().st_size / 1e6
    return {"megabytes": round(megabytes, 2), "parsed s/MB": round(cold / megabytes, 3), "cached s/MB": round(warm / megabytes, 3)}


def summarize(found: dict) -> dict:
    """Turn samples into medians, ratios and target checks."""
    median = {name: statistics.median(t for t, _ in runs) for name, runs in found["samples"].items() if runs}
    peak = {name: max(m for _, m in runs) for name, runs in found["samples"].items() if runs}
    ratios = {f"{command} / {floor}": median[command] / median[floor]
              for command in ("cws11-cws12", "help") for floor in ("python", "python3")}
    checks = dict(ratios)
    for size in found["sizes"]:
        for name in FORMATS[1:]:
            ratios[f"{size} {name} / json"] = median[f"{size} {name}"] / median[f"{size} json"]
    if "2000 json" in median:
        checks["2000 json cold s"] = median["2000 json cold"]
        checks["2000 json warm s"] = median["2000 json"]
        checks["2000 format / json"] = max(ratios[f"2000 {n} / json"] for n in FORMATS[1:])
    if "5000 json" in median:
        checks["5000 s"] = max(median[f"5000 {n}"] for n in (*FORMATS, "json cold"))
        checks["5000 MB"] = max(peak[f"5000 {n}"] for n in (*FORMATS, "json cold"))
    return {"seconds": {k: round(v, 3) for k, v in median.items()}, "peak MB": {k: round(v, 1) for k, v in peak.items()},
            "ratios": {k: round(v, 2) for k, v in ratios.items()}, "loads": found["loads"],
            "checks": {k: {"value": round(v, 2), "target": TARGETS[k], "pass": v <= TARGETS[k]} for k, v in checks.items()}}


def report(summary: dict, rounds: int) -> str:
    """Print the figures: targets first, then ratios, then seconds (which depend on the machine)."""
    lines = [f"recreg end to end, median of {rounds} rounds run side by side (5,000: half as many)", "", "targets:"]
    for name, check in summary["checks"].items():
        lines.append(f"  {name:<24} {check['value']:>8}  target <= {check['target']:<6} {'PASS' if check['pass'] else 'FAIL'}")
    lines += ["", "ratios:"] + [f"  {name:<24} {value:>8}" for name, value in summary["ratios"].items()]
    lines += ["", "seconds (depend on this machine) and peak MB:"]
    lines += [f"  {name:<24} {value:>8.3f} s  {summary['peak MB'][name]:>7.1f} MB" for name, value in summary["seconds"].items()]
    lines += ["", "load per MB (in-process):"]
    lines += [f"  {size:>5} recommendations, {load['megabytes']} MB: parsed and checked {load['parsed s/MB']} s/MB, "
              f"from the cache {load['cached s/MB']} s/MB" for size, load in summary["loads"].items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=10, help="rounds of side-by-side runs (default 10)")
    parser.add_argument("--sizes", default="2000,5000", help="synthetic sizes (default 2000,5000)")
    args = parser.parse_args(argv)
    sizes = tuple(int(s) for s in args.sizes.split(",") if s)
    summary = summarize(measure(args.rounds, sizes))
    print(report(summary, args.rounds))
    (HERE / "out").mkdir(exist_ok=True)
    text = json.dumps({"rounds": args.rounds, **summary}, indent=2) + "\n"
    (HERE / "out" / "endtoend.json").write_text(text, encoding="utf-8")
    (HERE / "endtoend.json").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
