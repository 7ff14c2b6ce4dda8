"""How long `recreg site` takes: the bundled registry, and a synthetic pair of editions.

Usage (from the repository root)::

    .venv/bin/python benchmarks/site.py                    # the bundled registry and the 2,000 pair, 3 rounds
    .venv/bin/python benchmarks/site.py --sizes 2000,5000 --rounds 1

Every figure is a whole ``recreg --registry R site -o DIR`` process, as CI's build step
runs it, output to a pipe:

- *new folder*: the site written where there was none (the old one removed first, untimed),
  as on a CI runner; the editions come from the digest cache (warm);
- *cold*: the same with an empty cache folder, so both files are parsed and schema-checked;
- *rebuild*: over the site the previous run wrote, which is moved aside and deleted once the
  new one is in place: on a slow disk, deleting the old site's files is most of the difference.

The targets (issue 23): the bundled registry's site in at most 3 s, the 2,000-recommendation
pair's in at most 30 s. Nothing here is a test; results go to ``benchmarks/out/site.json``.
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
TARGETS = {"bundled": 3.0, "2000": 30.0}


def timed(argv: list[str], env: dict) -> float:
    """Run a command to a pipe and return its wall seconds; fail loudly if it fails."""
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr.strip()}")
    return seconds


def measure(name: str, registry: Path, rounds: int, work: Path) -> dict:
    """Time the site of one registry: cold once, then new folder and rebuild, median of `rounds`."""
    cache = work / f"cache-{name}"
    shutil.rmtree(cache, ignore_errors=True)
    env = {**os.environ, "RECREG_CACHE_DIR": str(cache)}
    env.pop("RECREG_REGISTRY", None)
    out = work / f"site-{name}"
    argv = [*RECREG, "--registry", str(registry), "site", "-o", str(out)]
    shutil.rmtree(out, ignore_errors=True)
    cold = timed(argv, env)
    fresh, rebuild = [], []
    for _ in range(rounds):
        shutil.rmtree(out, ignore_errors=True)
        fresh.append(timed(argv, env))
        rebuild.append(timed(argv, env))
    files = sum(1 for _ in out.rglob("*") if _.is_file())
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    shutil.rmtree(out, ignore_errors=True)
    return {
        "case": name,
        "cold s": round(cold, 2),
        "new folder s": round(statistics.median(fresh), 2),
        "rebuild s": round(statistics.median(rebuild), 2),
        "files": files,
        "MB": round(size / 1e6, 1),
        "target s": TARGETS.get(name),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="2000", help="synthetic pair sizes, comma-separated (default 2000; 'none')")
    parser.add_argument("--rounds", type=int, default=3, help="timed runs per figure (default 3)")
    parser.add_argument("--seed", type=int, default=synth.DEFAULT_SEED)
    args = parser.parse_args(argv)
    sizes = [] if args.sizes == "none" else [int(s) for s in args.sizes.split(",")]
    results = []
    with tempfile.TemporaryDirectory(
        prefix="recreg-site-bench-", dir=HERE / "out" if (HERE / "out").is_dir() else None
    ) as tmp:
        work = Path(tmp)
        results.append(measure("bundled", ROOT / "registry", args.rounds, work))
        for size in sizes:
            results.append(measure(str(size), synth.write_pair(size, args.seed), args.rounds, work))
    print(f"{'case':>8} {'cold s':>7} {'new folder s':>13} {'rebuild s':>10} {'files':>7} {'MB':>6} {'target s':>9}")
    for r in results:
        target = f"{r['target s']:.0f}" if r["target s"] else "-"
        print(
            f"{r['case']:>8} {r['cold s']:>7.2f} {r['new folder s']:>13.2f} {r['rebuild s']:>10.2f} {r['files']:>7} "
            f"{r['MB']:>6.1f} {target:>9}"
        )
    (HERE / "out").mkdir(exist_ok=True)
    (HERE / "out" / "site.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
