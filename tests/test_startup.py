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
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


def imported(*argv: str, cache: str) -> set[str]:
    env = {**os.environ, "RECREG_CACHE_DIR": cache, "RECREG_REGISTRY": str(REGISTRY)}
    done = subprocess.run([sys.executable, "-c", PROBE, *argv], capture_output=True, text=True, env=env, check=True)
    return set(json.loads(done.stdout.splitlines()[-1]))


@pytest.mark.parametrize("argv, also, allowed", [
    (["--help"], ("ruamel", "jsonschema", "rich", "rapidfuzz"), ()),
    (["diff", "cws11", "cws12"], ("rich",), ()),  # piped: no rich where it adds nothing
    # JSON shows the edition metadata's changes path by path: deepdiff (and the numpy it loads) only then.
    (["diff", "cws11", "cws12", "--format", "json"], ("rich",), ("deepdiff", "numpy")),
    (["list", "--format", "json"], ("rapidfuzz",), ()),
])
def test_a_command_imports_nothing_heavy(tmp_path, argv, also, allowed):
    cache = str(tmp_path / "cache")
    cold = imported(*argv, cache=cache)
    warm = imported(*argv, cache=cache)
    heavy = set(HEAVY) - set(allowed)
    assert not cold & heavy, sorted(cold & heavy)
    assert not warm & (heavy | set(also)), sorted(warm & (heavy | set(also)))
    if argv[0] == "diff":
        # Read once: the second run takes the editions from the cache, parsing nothing.
        assert "ruamel" in cold and "ruamel" not in warm and "jsonschema" not in warm
