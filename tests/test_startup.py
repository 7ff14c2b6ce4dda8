"""Start-up: a command imports only what it uses (a test of what is imported, not of time).

recreg runs many times a day; `python -X importtime` showed numpy, deepdiff and friends
costing more than the whole cws11 -> cws12 diff. Each case runs in a fresh interpreter.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import REGISTRY

# Needed by no command below; each would cost tens to hundreds of milliseconds.
HEAVY = ("numpy", "scipy", "deepdiff", "lap", "openpyxl", "docx", "lxml", "git", "selenium", "hypothesis")
PROBE = """
import io, json, sys
from recreg.cli import run
try:
    run(sys.argv[1:], io.StringIO(), io.StringIO())
except SystemExit:
    pass
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules} | {name for name in sys.modules if name.startswith("recreg.")})))
"""
# What reading editions, surveys and the history needs, and what a warm run must not import again.
READING = ("ruamel", "jsonschema", "fastjsonschema")


def imported(*argv: str, cache: str) -> set[str]:
    env = {**os.environ, "RECREG_CACHE_DIR": cache, "RECREG_REGISTRY": str(REGISTRY)}
    done = subprocess.run([sys.executable, "-c", PROBE, *argv], capture_output=True, text=True, env=env, check=True)
    return set(json.loads(done.stdout.splitlines()[-1]))


DIFF = ["diff", "cws11", "cws12"]


@pytest.mark.parametrize(
    "argv, also",
    [
        (["--help"], ("rapidfuzz", "recreg.edition.model", "recreg.engine.align", "recreg.render.text") + READING),
        # A diff reads no survey, and compares the few texts of a small pair without rapidfuzz;
        # piped, text output needs no rich.
        (
            DIFF,
            ("rich", "rapidfuzz", "recreg.survey.status", "recreg.survey.model", "recreg.registry.history", "tempfile"),
        ),
        ([*DIFF, "--format", "json"], ("rich", "rapidfuzz", "recreg.survey.status", "recreg.survey.model", "tempfile")),
        (
            [*DIFF, "--format", "markdown"],
            ("rich", "rapidfuzz", "recreg.survey.status", "recreg.survey.model", "recreg.registry.history", "tempfile"),
        ),
        (
            [*DIFF, "--format", "html"],
            ("rich", "rapidfuzz", "recreg.survey.status", "recreg.survey.model"),
        ),  # resources: tempfile
        ([*DIFF, "--match", "text", "--format", "json"], ("rich", "recreg.survey.status")),
        (["list"], ("rapidfuzz", "recreg.engine.align")),
        (["list", "--format", "json"], ("rich", "rapidfuzz", "recreg.engine.align")),
        (["show", "cws12"], ("rapidfuzz", "recreg.engine.align")),
        (["show", "cws12", "--format", "json"], ("rich", "rapidfuzz", "recreg.engine.align")),
    ],
)
def test_a_command_imports_nothing_it_does_not_use(tmp_path, argv, also):
    cache = str(tmp_path / "cache")
    cold = imported(*argv, cache=cache)
    warm = imported(*argv, cache=cache)
    assert not cold & set(HEAVY), sorted(cold & set(HEAVY))
    assert not warm & (set(HEAVY) | set(also)), sorted(warm & (set(HEAVY) | set(also)))
    if argv[0] in ("diff", "list", "show"):
        # Read once: the second run takes the editions from the cache, parsing nothing.
        assert "ruamel" in cold and not warm & set(READING)


def test_a_docx_diff_imports_what_word_needs_and_no_more(tmp_path):
    found = imported(*DIFF, "--format", "docx", "-o", str(tmp_path / "changes.docx"), cache=str(tmp_path / "cache"))
    assert {"docx", "lxml"} <= found
    assert not found & {"numpy", "scipy", "deepdiff", "lap", "openpyxl", "git"}
