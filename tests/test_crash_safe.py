"""Crash-safe writes: a process killed at any moment of fmt, new or -o leaves the old bytes or the new, never a mix.

Each command is run as its own process and killed with SIGKILL at a random moment:
half the time anywhere in its run, half the time as soon as its temporary file appears
(the moment the write is in flight). 50 kills in all.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REGISTRY

KILLS = 50
pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")


def big_unformatted_edition() -> str:
    """Return a valid edition of 100 recommendations that `recreg fmt` rewrites (lists indented by four)."""
    lines = ["id: big", 'title: "Big"', 'committee: "CWS"', "status: draft", "recommendations:"]
    for number in range(1, 101):
        lines += [
            f"    -   id: rec-{number}",
            f"        number: {number}",
            f'        statement: "IP offices should keep record {number} of every amendment they make."',
            "        actions:",
        ]
        lines += [
            f'        -   label: {letter}\n            text: "IP offices should do {letter} for {number}."'
            for letter in "abc"
        ]
    return "\n".join(lines) + "\n"


def run_and_kill(argv: list[str], cwd: Path, watch: Path, rng: random.Random, duration: float) -> None:
    """Start recreg, then kill it at a random moment or as its temporary file appears."""
    process = subprocess.Popen(
        [sys.executable, "-m", "recreg", *argv], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    if rng.random() < 0.5:
        time.sleep(rng.uniform(0, duration))
    else:
        deadline = time.monotonic() + duration * 3
        while time.monotonic() < deadline and process.poll() is None:
            if any(watch.glob(".*.tmp")):
                break
            time.sleep(0.0005)
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    process.wait()


def timed(argv: list[str], cwd: Path) -> float:
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "recreg", *argv], cwd=cwd, capture_output=True, text=True)
    assert done.returncode in (0, 1), done.stderr
    return time.monotonic() - start


def test_killed_writes_leave_old_or_new_bytes(tmp_path):
    rng = random.Random(20261202)
    folder = tmp_path / "registry"
    folder.mkdir()
    for path in REGISTRY.glob("*.yaml"):
        (folder / path.name).write_bytes(path.read_bytes())
    big = folder / "big.yaml"
    original = big_unformatted_edition().encode("utf-8")
    big.write_bytes(original)
    # The new bytes of each command, from an uninterrupted run.
    fmt_argv = ["--registry", str(folder), "fmt", str(big)]
    fmt_time = timed(fmt_argv, tmp_path)
    formatted = big.read_bytes()
    assert formatted != original
    new_argv = ["--registry", str(folder), "new", "draft", "--from", "cws12"]
    new_time = timed(new_argv, tmp_path)
    drafted = (folder / "draft.yaml").read_bytes()
    report = tmp_path / "report.html"
    report.write_bytes(b"<p>the old report</p>\n")
    out_argv = ["--registry", str(folder), "diff", "cws11", "cws12", "--format", "html", "-o", str(report)]
    out_time = timed(out_argv, tmp_path)
    rendered = report.read_bytes()

    for kill in range(KILLS):
        command = ("fmt", "new", "-o")[kill % 3]
        if command == "fmt":
            big.write_bytes(original)
            run_and_kill(fmt_argv, tmp_path, folder, rng, fmt_time)
            found = big.read_bytes()
            assert found in (original, formatted), f"kill {kill}: fmt left {len(found)} bytes of neither version"
        elif command == "new":
            (folder / "draft.yaml").unlink(missing_ok=True)
            run_and_kill(new_argv, tmp_path, folder, rng, new_time)
            target = folder / "draft.yaml"
            assert not target.exists() or target.read_bytes() == drafted, f"kill {kill}: new left a partial draft"
        else:
            report.write_bytes(b"<p>the old report</p>\n")
            run_and_kill(out_argv, tmp_path, tmp_path, rng, out_time)
            found = report.read_bytes()
            assert found in (b"<p>the old report</p>\n", rendered), f"kill {kill}: -o left a mix"
    # A temporary file a kill leaves behind is never taken for an edition.
    from conftest import recreg

    assert recreg("--registry", folder, "validate").code == 0
