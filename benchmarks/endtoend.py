"""Speed at scale, as a user waits for it: the table of issue 21 in one run.

Usage (from the repository root)::

    .venv/bin/python benchmarks/endtoend.py                    # every row; 20 to 40 minutes on a busy machine
    .venv/bin/python benchmarks/endtoend.py --rounds 3 --sizes 1000,2000,5000   # quicker
    .venv/bin/python benchmarks/endtoend.py --against ../main  # the same runs of another checkout, side by side
    .venv/bin/cog -r docs/performance.md                       # then refresh the table in docs/performance.md

Every figure is a whole ``recreg`` process as run from a shell (the console script, output to
a pipe), and every time is that process's **CPU time** (user + system, from ``wait4``): the
machine is shared (several processes on two cores, a load of 4 to 10), which stretches wall
time and leaves CPU time nearly alone. The load is printed with each section. Commands
are run side by side, round after round (each round runs every command once, in the same
order), so a busier moment slows all of them alike; a ratio is the median of the ratios of
the same round (paired). The rows:

- ``recreg diff cws11 cws12`` against the venv's ``python -c pass``, and ``recreg --help``; beside
  them two floors: ``python -c "import click"``, and the same diff through ``recreg.api`` with
  no command line;
- ``--format json``, ``markdown``, ``html`` against the text run of the same pair;
- the synthetic pair of 2,000 recommendations (``benchmarks/synth.py``) in JSON with the
  cache warm (the files read before), and with ``RECREG_NO_CACHE=1`` (read and checked anew);
- growth: the synthetic pairs of 1,000 to 20,000 recommendations in JSON, cache warm, with the
  exponent between consecutive sizes (log of the time ratio over log of the size ratio: 1 is
  linear) and the process's peak memory (``ru_maxrss``);
- NIST SP 800-53 rev4 -> rev5: the in-process CPU time of the text diff, as
  ``benchmarks/nist.py`` measures it (needs ``../shared/data/nist-800-53/``).

recreg's own modules are compiled to bytecode first (``compileall``), as ``pip install``
does: without it every run would compile them anew. Results go to ``benchmarks/endtoend.json``
(and ``benchmarks/out/``), from which ``cog`` regenerates the table in ``docs/performance.md``.
"""

from __future__ import annotations

import argparse
import compileall
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

SIZES = (1000, 2000, 5000, 10000, 20000)
FORMATS = ("json", "markdown", "html")
NIST = ROOT.parent / "shared" / "data" / "nist-800-53"
# The issue's table: what it measured before this work, and the targets.
ROWS = {
    "diff": ("`recreg diff cws11 cws12` vs the venv's `python -c pass`", "~12×", 6.0, "×"),
    "formats": ("`--format json` / `markdown` / `html` vs text on cws11→cws12", "2.2–2.4×", 1.1, "×"),
    "help": ("`recreg --help` vs `python -c pass`", "5.5×", 4.0, "×"),
    "warm": ("synthetic 2,000 pair, JSON, cache warm (CPU)", "3.7 s", 1.5, " s"),
    "cold": ("the same, cache off (`RECREG_NO_CACHE=1`)", "1.4× warm", 2.5, " s"),
    "exponent": ("growth exponent, 1,000 → 20,000 (each step)", "0.85, 0.98, 1.43", 1.1, ""),
    "largest": ("20,000 pair: CPU", "(24.6 s at 10,000)", 30.0, " s"),
    "memory": ("20,000 pair: peak memory", "419 MB at 10,000", 800.0, " MB"),
    "nist": ("NIST 800-53 diff CPU (`benchmarks/nist.py`)", "1.17 s", 0.8, " s"),
}


class Runner:
    """Runs recreg commands of one checkout as whole processes and returns their CPU time and peak memory."""

    def __init__(self, checkout: Path, scratch: Path, name: str):
        self.checkout = checkout
        self.python = str(checkout / ".venv" / "bin" / "python")
        self.recreg = str(checkout / ".venv" / "bin" / "recreg")
        compileall.compile_dir(str(checkout / "src" / "recreg"), quiet=1)
        # Bytecode as an installed recreg has it: written, and rewritten for an edited module.
        base = {k: v for k, v in os.environ.items() if not k.startswith("RECREG_") and k != "PYTHONDONTWRITEBYTECODE"}
        base.update(NO_COLOR="1", RECREG_REGISTRY=str(checkout / "registry"))
        self.env = {
            "warm": {**base, "RECREG_CACHE_DIR": str(scratch / f"cache-{name}")},
            "off": {**base, "RECREG_NO_CACHE": "1"},
        }

    def run(self, argv: list[str], cache: str = "warm") -> tuple[float, float]:
        """Run a command to a pipe; return its CPU seconds (user + system) and peak resident memory in MB."""
        process = subprocess.Popen(
            argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=self.env[cache], cwd=self.checkout
        )
        _, status, usage = os.wait4(process.pid, 0)
        error = process.stderr.read().decode(errors="replace") if process.stderr else ""
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            raise SystemExit(f"{' '.join(argv)} failed: {error[-500:]}")
        return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


# A fixed piece of pure Python: its CPU time says how fast the machine runs Python at the moment
# (the same code has taken 1.2 s and 2.3 s on the 2,000 pair on this virtual machine within an
# hour, at the same load), so runs on different days can be told apart from changes of code.
CALIBRATION = "sum(i * i for i in range(5_000_000))"


def calibration(rounds: int = 3) -> float:
    """Return the median CPU seconds of `CALIBRATION` in a fresh interpreter."""
    times = []
    for _ in range(rounds):
        process = subprocess.Popen([sys.executable, "-c", CALIBRATION])
        _, _, usage = os.wait4(process.pid, 0)
        times.append(usage.ru_utime + usage.ru_stime)
    return round(statistics.median(times), 3)


def load() -> str:
    """Return the machine's load average (1 minute) as printed beside every section."""
    return f"{os.getloadavg()[0]:.1f}"


# The same diff as `recreg diff cws11 cws12`, through the library alone: what the command line adds.
LIBRARY_DIFF = """
import sys
from recreg import api
result = api.diff(api.open_registry(), "cws11", "cws12")
sys.stdout.write(api.render("text", "diff", result, options=api.RenderOptions(color=False, wrap=False)))
"""


def startup(runners: dict[str, Runner], rounds: int) -> dict:
    """Time start-up and formats: the bare interpreter, --help, diff cws11 cws12 in every text format.

    Two floors are timed beside them: importing click alone, and the same diff through the
    library without the command line.
    """
    commands = {"python": lambda r: [r.python, "-c", "pass"], "help": lambda r: [r.recreg, "--help"]}
    commands["click"] = lambda r: [r.python, "-c", "import click"]
    commands["library"] = lambda r: [r.python, "-c", LIBRARY_DIFF]
    for name in ("text", *FORMATS):
        commands[name] = lambda r, name=name: [r.recreg, "diff", "cws11", "cws12", "--format", name]
    commands["list"] = lambda r: [r.recreg, "list"]
    commands["show"] = lambda r: [r.recreg, "show", "cws12"]
    cpu: dict[str, dict[str, list[float]]] = {who: {name: [] for name in commands} for who in runners}
    for runner in runners.values():  # bytecode written, cache filled
        for make in commands.values():
            runner.run(make(runner))
    for _ in range(rounds):
        for who, runner in runners.items():
            for name, make in commands.items():
                cpu[who][name].append(runner.run(make(runner))[0])
    found = {}
    for who, runs in cpu.items():
        paired = {
            f"{name} / python": [a / b for a, b in zip(runs[name], runs["python"])]
            for name in ("text", "help", "list", "show", "click", "library")
        }
        paired |= {f"{name} / text": [a / b for a, b in zip(runs[name], runs["text"])] for name in FORMATS}
        found[who] = {
            "ms": {name: round(1000 * statistics.median(v), 1) for name, v in runs.items()},
            "ratios": {name: round(statistics.median(v), 2) for name, v in paired.items()},
        }
    return found


def _written_pair(size: int) -> Path:
    """Write (or reuse) a synthetic pair in a process of its own, and return its folder.

    Not in this process: Linux counts a child's peak memory from the moment it is forked,
    so a parent grown by generating 20,000 recommendations would lend every child its size.
    """
    code = f"import sys; sys.path.insert(0, {str(HERE)!r}); import synth; print(synth.write_pair({size}))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return Path(done.stdout.strip())


def synthetic(runners: dict[str, Runner], rounds: int, sizes: tuple[int, ...]) -> dict:
    """Time the synthetic pairs in JSON: every size with the cache warm, and 2,000 with the cache off."""
    pairs = {size: _written_pair(size) for size in sizes}

    def argv(runner: Runner, size: int) -> list[str]:
        folder = pairs[size]
        return [
            runner.recreg,
            "diff",
            str(folder / "synth-old.yaml"),
            str(folder / "synth-new.yaml"),
            "--format",
            "json",
        ]

    cases = [(size, "warm") for size in sizes] + ([(2000, "off")] if 2000 in sizes else [])
    runs: dict[str, dict[str, list[tuple[float, float]]]] = {who: {f"{s} {c}": [] for s, c in cases} for who in runners}
    for runner in runners.values():  # the cache filled: what "warm" means
        for size in sizes:
            runner.run(argv(runner, size))
    for round_number in range(rounds):
        for size, cache in cases:
            for who, runner in runners.items():
                runs[who][f"{size} {cache}"].append(runner.run(argv(runner, size), cache))
        print(f"  round {round_number + 1}/{rounds} (load {load()})", file=sys.stderr, flush=True)
    found = {}
    for who, cases_run in runs.items():
        seconds = {case: statistics.median(cpu for cpu, _ in values) for case, values in cases_run.items()}
        peak = {case: max(mb for _, mb in values) for case, values in cases_run.items()}
        warm = [(size, seconds[f"{size} warm"]) for size in sizes]
        steps = [
            {"from": a, "to": b, "exponent": round(math.log(tb / ta) / math.log(b / a), 2)}
            for (a, ta), (b, tb) in zip(warm, warm[1:])
        ]
        found[who] = {
            "cpu s": {case: round(value, 2) for case, value in seconds.items()},
            "peak MB": {case: round(value) for case, value in peak.items()},
            "steps": steps,
            "fit": round(_slope(warm), 2) if len(warm) > 1 else None,
            "megabytes": {
                size: round(sum(f.stat().st_size for f in pairs[size].glob("synth-*.yaml")) / 1e6, 1) for size in sizes
            },
        }
        if "2000 off" in seconds:
            found[who]["off / warm"] = round(
                statistics.median(off[0] / on[0] for off, on in zip(cases_run["2000 off"], cases_run["2000 warm"])), 2
            )
    return found


def _slope(points: list[tuple[int, float]]) -> float:
    """Return the least-squares slope of log time on log size: the growth exponent over all sizes."""
    xs, ys = [math.log(n) for n, _ in points], [math.log(t) for _, t in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


NIST_CODE = """
import json, os, sys
sys.path.insert(0, sys.argv[1])
import nist
from pathlib import Path
out = Path(sys.argv[2])
os.environ["RECREG_CACHE_DIR"] = str(out / "cache")
from recreg.edition.validate import read_edition
nist.convert(nist.DEFAULT_DATA / "nist-rev4.json", "nist-rev4", None, out)
nist.convert(nist.DEFAULT_DATA / "nist-rev5.json", "nist-rev5", "nist-rev4", out)
old, new = read_edition(out / "nist-rev4.yaml"), read_edition(out / "nist-rev5.yaml")
figures = nist.measure(old, new, int(sys.argv[3]))
print(json.dumps({"cpu s": figures["cpu_s"], "runs": figures["cpu_runs_s"]}))
"""


def nist_cpu(runners: dict[str, Runner], repeat: int, scratch: Path) -> dict:
    """Return the NIST SP 800-53 text diff's in-process CPU time (median of `repeat`), or nothing without the data."""
    if not (NIST / "nist-rev4.json").is_file():
        return {}
    found = {}
    for who, runner in runners.items():
        done = subprocess.run(
            [
                runner.python,
                "-c",
                NIST_CODE,
                str(runner.checkout / "benchmarks"),
                str(scratch / f"nist-{who}"),
                str(repeat),
            ],
            capture_output=True,
            text=True,
            env=runner.env["warm"],
            cwd=runner.checkout,
        )
        if done.returncode != 0:
            raise SystemExit(f"NIST timing failed: {done.stderr[-800:]}")
        found[who] = json.loads(done.stdout.splitlines()[-1])
    return found


def table(found: dict, who: str = "this") -> list[dict]:
    """Return the issue's table: each row with the figure of this run, its target and whether it is met."""
    start, synth_runs = found["startup"][who], found["synthetic"][who]
    rows = []

    def row(key: str, value: float | None, shown: str | None = None) -> None:
        label, before, target, unit = ROWS[key]
        met = None if value is None else value <= target
        rows.append(
            {
                "measure": label,
                "before": before,
                "value": value,
                "shown": shown or (f"{value}{unit}" if value is not None else "n/a"),
                "target": f"≤ {target:g}{unit}",
                "met": met,
            }
        )

    ratios = start["ratios"]
    row("diff", ratios["text / python"])
    worst = max(ratios[f"{name} / text"] for name in FORMATS)
    row("formats", worst, " / ".join(f"{ratios[f'{name} / text']}×" for name in FORMATS))
    row("help", ratios["help / python"])
    cpu = synth_runs["cpu s"]
    row("warm", cpu.get("2000 warm"))
    row(
        "cold",
        cpu.get("2000 off"),
        f"{cpu['2000 off']} s ({synth_runs['off / warm']}× warm)" if "2000 off" in cpu else None,
    )
    steps = synth_runs["steps"]
    if steps:
        row(
            "exponent",
            max(s["exponent"] for s in steps),
            ", ".join(f"{s['exponent']}" for s in steps) + f" (fit {synth_runs['fit']})",
        )
    largest = max((int(case.split()[0]) for case in cpu if case.endswith("warm")), default=None)
    if largest == 20000:
        row("largest", cpu["20000 warm"])
        row("memory", synth_runs["peak MB"]["20000 warm"])
    nist = found.get("nist", {}).get(who)
    row("nist", round(nist["cpu s"], 2) if nist else None)
    return rows


def report(found: dict) -> str:
    """Print the table first, then every figure behind it."""
    lines = [
        f"recreg at scale: process CPU time, medians of {found['rounds']} rounds run side by side; "
        f"load average {found['load']['start']} at the start, {found['load']['end']} at the end (2 cores)",
        *(
            [
                f"machine speed: `{CALIBRATION}` took {found['calibration s']['start']} s CPU at the start, "
                f"{found['calibration s']['end']} s at the end"
            ]
            if "calibration s" in found
            else []
        ),
        "",
    ]
    for who in found["startup"]:
        if len(found["startup"]) > 1:
            lines.append(f"== {who}")
        lines.append(f"  {'measure':<62} {'before':>17} {'now':>28} {'target':>10}")
        for entry in table(found, who):
            verdict = {True: "met", False: "NOT MET", None: "n/a"}[entry["met"]]
            lines.append(
                f"  {entry['measure']:<62} {entry['before']:>17} {entry['shown']:>28} {entry['target']:>10}  {verdict}"
            )
        start, runs = found["startup"][who], found["synthetic"][who]
        lines += [
            "",
            "  start-up, ms CPU: " + ", ".join(f"{name} {ms}" for name, ms in start["ms"].items()),
            "  ratios: " + ", ".join(f"{name} {value}" for name, value in start["ratios"].items()),
            f"  floors: `import click` alone {start['ratios']['click / python']}× python -c pass; the diff "
            f"through the library, without the command line, {start['ratios']['library / python']}×",
            "  synthetic JSON, s CPU (peak MB): "
            + ", ".join(f"{case} {cpu} ({runs['peak MB'][case]})" for case, cpu in runs["cpu s"].items()),
            "  growth exponents: "
            + ", ".join(f"{s['from']}→{s['to']} {s['exponent']}" for s in runs["steps"])
            + f"; least-squares fit {runs['fit']}",
        ]
        nist = found.get("nist", {}).get(who)
        if nist:
            lines.append(
                f"  NIST diff CPU: median {nist['cpu s']:.3f} s of " + ", ".join(f"{t:.3f}" for t in nist["runs"])
            )
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--rounds", type=int, default=5, help="rounds of side-by-side runs (default 5; 3 for the pairs)"
    )
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="synthetic sizes (default %(default)s)")
    parser.add_argument("--against", type=Path, help="another checkout (with its own .venv) to run beside this one")
    args = parser.parse_args(argv)
    sizes = tuple(int(s) for s in args.sizes.split(",") if s)
    scratch = Path(tempfile.mkdtemp(prefix="recreg-endtoend-"))
    runners = {"this": Runner(ROOT, scratch, "this")}
    if args.against:
        runners["against"] = Runner(args.against.resolve(), scratch, "against")
    found: dict = {"rounds": args.rounds, "load": {"start": load()}, "calibration s": {"start": calibration()}}
    print(f"start-up and formats ({args.rounds} rounds, load {load()})", file=sys.stderr, flush=True)
    found["startup"] = startup(runners, args.rounds)
    pair_rounds = max(1, min(args.rounds, 3))
    print(
        f"synthetic pairs {', '.join(map(str, sizes))} ({pair_rounds} rounds, load {load()})",
        file=sys.stderr,
        flush=True,
    )
    found["synthetic"] = synthetic(runners, pair_rounds, sizes)
    found["nist"] = nist_cpu(runners, 5, scratch)
    found["load"]["end"] = load()
    found["calibration s"]["end"] = calibration()
    found["table"] = table(found)
    shutil.rmtree(scratch, ignore_errors=True)
    print(report(found))
    text = json.dumps(found, indent=1, ensure_ascii=False) + "\n"
    (HERE / "out").mkdir(exist_ok=True)
    (HERE / "out" / "endtoend.json").write_text(text, encoding="utf-8")
    if not args.against:
        (HERE / "endtoend.json").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
