"""The tree is kept in one style: ruff's lint rules and its formatter, as configured in pyproject.toml.

Run as a test so that the README's test command, and so CI, checks it; fix with
``.venv/bin/ruff check --fix src tests benchmarks fuzz && .venv/bin/ruff format src tests benchmarks fuzz``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ["src", "tests", "benchmarks", "fuzz"]


def _ruff(*argv: str) -> subprocess.CompletedProcess:
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff is not installed (it is in the test extras: pip install -e '.[test]')")
    return subprocess.run([ruff, *argv, *FOLDERS], cwd=ROOT, capture_output=True, text=True)


def test_ruff_finds_nothing_to_lint():
    found = _ruff("check", "--output-format", "concise", "--no-cache")
    assert found.returncode == 0, found.stdout + found.stderr


def test_every_file_is_formatted():
    found = _ruff("format", "--check", "--no-cache")
    assert found.returncode == 0, found.stdout + found.stderr
