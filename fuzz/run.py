"""The long fuzz profile: mutation cases over the bundled editions and generated edition pairs.

Usage (from the repository root)::

    .venv/bin/python fuzz/run.py --minutes 30            # both kinds, until the time is up
    .venv/bin/python fuzz/run.py --minutes 2 --workers 1 # a short run

Each worker process runs cases in-process through ``recreg.cli.run`` and reports each
one; the parent watches them from outside, which a test run cannot: a case that takes
longer than ``--hang`` seconds (default 10) is a *hang* (the worker is killed and
replaced), a worker that dies by a signal is a *signal* on the case it was running.
Every other failure class is the output contract of ``tests/fuzz_checks.py``.

- **Mutation cases**: a bundled edition changed by one to three mutations of
  ``tests/mutations.py`` (case N uses seed N, so a failing case is replayed with
  ``--replay N``); ``recreg validate`` on it, and where it is valid ``recreg diff`` against
  the original in JSON, Markdown, HTML and text (and, one case in five, the Word diff and
  the DOCX, XLSX and CSV exports). One seed in five mutates the example comment set
  (``examples/comments/draft-ten-comments.yaml``) instead: validated, and where valid
  formatted twice and reported with ``recreg comments disposition`` in every format (and
  exported as Word comments).
- **Document cases** (after each mutation seed, the same seed): a DOCX, XLSX or CSV file
  made by hand and damaged (``tests/hostile_documents.py``), read by ``recreg import`` or
  ``recreg survey import`` (one seed in four: a comment table or a copy with Word comments,
  read by ``recreg comments import``); every 25th is one of the named hostile cases, bombs and floods
  included, and every 100th exports and diffs an edition of hostile texts in every format.
  The parent also watches each worker's resident memory (``--memory``, default 500 MB);
  neither watch runs while a case's file is made.
- **Generated pairs**: ``tests/strategies.py``'s ``derived_pairs`` drawn by Hypothesis;
  each pair is diffed in every format (JSON checked against its schema), and the old
  edition is diffed against itself and formatted twice.

It prints the cases run and the failures by class, with a few examples of each, and
exits 1 when any case failed.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import shutil
import sys
import tempfile
import time
import traceback
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

PAIR_SHARE = 0.1  # one case in ten is a generated pair: they are slower and fewer are asked for


def pair_cases(seed: int, count: int, registry: Path, work: Path, report) -> None:
    """Draw `count` generated pairs with Hypothesis and report each case's failures."""
    from fuzz_checks import diff_failures, fmt_failures, self_diff_failures
    from hypothesis import HealthCheck, given, settings
    from hypothesis import seed as hypothesis_seed
    from strategies import derived_pairs, dump

    counter = iter(range(count))

    @hypothesis_seed(seed)
    @settings(max_examples=count, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(pair=derived_pairs())
    def body(pair):
        number = next(counter, None)
        if number is None:
            return
        old, new, edits = pair
        folder = work / f"p{seed}-{number}"
        report("start", None)
        try:
            paths = []
            for side, data in (("old", old), ("new", new)):
                (folder / side).mkdir(parents=True)
                path = folder / side / f"{data['id']}.yaml"
                path.write_text(dump(data), encoding="utf-8")
                paths.append(path)
            failures = (
                diff_failures(paths[0], paths[1], registry, documents=number % 5 == 0)
                + self_diff_failures(paths[0], registry)
                + fmt_failures(paths[0])
            )
        except Exception:  # noqa: BLE001 - the fuzzer reports, never stops
            failures = ["exception"]
            edits = [*edits, traceback.format_exc(limit=3).splitlines()[-1]]
        shutil.rmtree(folder, ignore_errors=True)
        report("done", (failures, f"pair seed {seed} #{number} (edits: {', '.join(edits) or 'none'})", "pair"))

    body()


def document_or_export(seed: int, registry: Path, work: Path, started) -> tuple[list[str], str]:
    """Run the document case of `seed`: mostly a damaged document, every 25th a named hostile one, every 100th the hostile exports."""
    from fuzz_checks import document_case, hostile_export_failures
    from hostile_documents import CASES, LARGE

    if seed % 100 == 0:
        label = f"hostile texts exported and diffed (seed {seed})"
        started(label)
        return hostile_export_failures(registry, work, seed), label
    if seed % 25 == 0:
        names = sorted(CASES) + sorted(LARGE)
        return document_case(seed, registry, work, names[(seed // 25) % len(names)], started)
    return document_case(seed, registry, work, started=started)


def worker(connection, kind: str, start: int, registry: str, work: str) -> None:
    """Run cases until told to stop: mutation and document seeds from `start` on, or pair batches."""
    from fuzz_checks import mutation_case

    os.environ["RECREG_CACHE_DIR"] = str(Path(work) / "cache")
    registry_path, work_path = Path(registry), Path(work)

    def report(message: str, payload) -> None:
        connection.send((message, payload))

    seed = start
    while True:
        if kind == "mutation":
            report("start", f"mutation seed {seed}")
            try:
                failures, label, valid = mutation_case(seed, registry_path, work_path)
            except Exception:  # noqa: BLE001
                failures, label, valid = (
                    ["exception"],
                    f"mutation seed {seed}: {traceback.format_exc(limit=3).splitlines()[-1]}",
                    False,
                )
            report("done", (failures, label, "mutation-valid" if valid else "mutation"))
            # Each mutation seed is followed by the document case of the same seed.
            # Unwatched while the file is made (a bomb takes its time to build); the case
            # reports "start" once the import begins.
            report("build", f"document seed {seed}")
            try:
                failures, label = document_or_export(
                    seed, registry_path, work_path, lambda label: report("start", label)
                )
            except Exception:  # noqa: BLE001
                failures, label = (
                    ["exception"],
                    f"document seed {seed}: {traceback.format_exc(limit=3).splitlines()[-1]}",
                )
            report("done", (failures, label, "document"))
            seed += 1
        else:
            pair_cases(seed, 50, registry_path, work_path, report)
            seed += 1


class Watched:
    """A worker process and what it is doing, as the parent sees it."""

    def __init__(self, kind: str, start: int, registry: Path, work: Path):
        self.kind = kind
        parent, child = mp.Pipe()
        self.connection = parent
        self.process = mp.Process(target=worker, args=(child, kind, start, str(registry), str(work)), daemon=True)
        self.process.start()
        self.started: float | None = None
        self.case: str | None = None  # what it is running, for a hang or memory report


def resident_megabytes(pid: int) -> float:
    """Return a process's resident memory in MB (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=30.0, help="how long to run (default 30)")
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 2, help="worker processes (default: one per core)"
    )
    parser.add_argument("--hang", type=float, default=10.0, help="seconds after which a case is a hang (default 10)")
    parser.add_argument(
        "--memory", type=float, default=500.0, help="MB of resident memory a worker may reach (default 500)"
    )
    parser.add_argument(
        "--seed", type=int, default=int(time.time()) % 1_000_000, help="first seed (default: from the clock)"
    )
    parser.add_argument("--replay", type=int, help="run one mutation case by its seed and print what it did")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="recreg-fuzz-"))
    registry = work / "registry"
    shutil.copytree(ROOT / "registry", registry)
    if args.replay is not None:
        from fuzz_checks import mutation_case

        failures, label, valid = mutation_case(args.replay, registry, work)
        print(label, "(valid, diffed)" if valid else "(invalid)", "->", failures or "no failure")
        return 1 if failures else 0

    deadline = time.monotonic() + args.minutes * 60
    # Pairs are 1 case in 10 of the total, so one worker in ten-ish draws pairs (at least one).
    kinds = ["pair"] + ["mutation"] * max(1, args.workers - 1) if args.workers > 1 else ["mutation"]
    counts: Counter = Counter()
    failures: dict[str, list[str]] = defaultdict(list)
    next_seed = {"mutation": args.seed * 1000, "pair": args.seed}
    workers = []

    def spawn(kind: str) -> Watched:
        start = next_seed[kind]
        # A pair worker moves on one seed per batch of 50: the next one starts far from it.
        next_seed[kind] += 1_000_000 if kind == "mutation" else 1_000
        return Watched(kind, start, registry, work)

    workers = [spawn(kind) for kind in kinds]
    # A single worker alternates: mostly mutations, a pair batch now and then.
    alternate = args.workers == 1
    last_print = time.monotonic()
    try:
        while time.monotonic() < deadline:
            for index, watched in enumerate(workers):
                while watched.connection.poll():
                    try:
                        message, payload = watched.connection.recv()
                    except EOFError:
                        break
                    if message == "start":
                        watched.started, watched.case = time.monotonic(), payload
                    elif message == "build":
                        watched.started, watched.case = None, payload
                    else:
                        found, label, kind = payload
                        counts[kind] += 1
                        if kind == "mutation-valid":  # valid after mutation, so diffed too
                            counts["mutation"] += 1
                        watched.started = None
                        for failure in found:
                            failures[failure].append(label)
                now = time.monotonic()
                hung = watched.started is not None and now - watched.started > args.hang
                bloated = watched.started is not None and resident_megabytes(watched.process.pid) > args.memory
                dead = not watched.process.is_alive()
                if bloated:
                    failures["memory"].append(f"{watched.case}: over {args.memory:g} MB")
                if hung or dead or bloated:
                    if hung or bloated:
                        watched.process.kill()
                    watched.process.join(1)
                    code = watched.process.exitcode
                    kind_name = watched.kind
                    if hung:
                        failures["hang"].append(f"{watched.case}: ran over {args.hang:g} s")
                        counts[kind_name] += 1
                    elif code is not None and code < 0 and not bloated:
                        failures["signal"].append(f"a {kind_name} case died by signal {-code}")
                        counts[kind_name] += 1
                    next_kind = kind_name
                    if alternate:
                        next_kind = "pair" if counts["mutation"] > 10 * (counts["pair"] + 50) else "mutation"
                    workers[index] = spawn(next_kind)
                elif alternate and watched.kind == "mutation" and counts["mutation"] > 10 * (counts["pair"] + 50):
                    watched.process.kill()
                    watched.process.join(1)
                    workers[index] = spawn("pair")
                elif alternate and watched.kind == "pair" and 10 * counts["pair"] >= counts["mutation"]:
                    # Pairs have caught up with their share: back to mutation and document cases.
                    watched.process.kill()
                    watched.process.join(1)
                    workers[index] = spawn("mutation")
            if time.monotonic() - last_print > 60:
                last_print = time.monotonic()
                print(
                    f"  {counts['mutation']:,} mutation cases, {counts['document']:,} document cases, {counts['pair']:,} generated pairs, "
                    f"{sum(len(v) for v in failures.values())} failures",
                    flush=True,
                )
            time.sleep(0.05)
    finally:
        for watched in workers:
            watched.process.kill()
        shutil.rmtree(work, ignore_errors=True)

    print(
        f"fuzz: {counts['mutation']:,} mutation cases ({counts['mutation-valid']:,} still valid, so diffed or reported in every format), "
        f"{counts['document']:,} document cases, {counts['pair']:,} generated pairs in {args.minutes:g} min "
        f"({args.workers} worker{'s' * (args.workers != 1)}, first seed {args.seed})"
    )
    classes = (
        "traceback",
        "internal-error",
        "signal",
        "hang",
        "memory",
        "exit-code",
        "schema-invalid-json",
        "self-diff",
        "fmt-data",
        "fmt-idempotent",
        "exit-0-nothing-written",
        "refused-but-written",
        "refused-silently",
        "long-message",
        "live-formula",
        "markup",
        "refused-hostile-text",
        "exception",
    )
    for name in classes + tuple(sorted(set(failures) - set(classes))):
        print(f"  {name:<20} {len(failures.get(name, [])):>6}")
        for label in failures.get(name, [])[:5]:
            print(f"      {label}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
