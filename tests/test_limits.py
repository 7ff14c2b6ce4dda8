"""Limits: too deep or too large a document is refused in one located line, before anything recurses."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REGISTRY, recreg

HEAD = "id: x\ntitle: t\ncommittee: c\nstatus: draft\nrecommendations: "


def write(folder: Path, text: str, name: str = "x.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("depth", [5_000, 100_000])
def test_deeply_nested_flow_lists_are_refused_in_one_line(tmp_path, depth):
    path = write(tmp_path, HEAD + "[" * depth + "]" * depth + "\n")
    # A separate process: a regression here crashes the interpreter (the YAML composer
    # recurses in C), which must fail this test, not the test run.
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "recreg", "validate", str(path)], capture_output=True, text=True)
    elapsed = time.monotonic() - start
    assert done.returncode == 1, done.stderr
    # The mapping at the top is level 1, so the 63rd bracket opens level 65.
    assert done.stdout.splitlines()[0] == (
        f"{path}:5:{len('recommendations: ') + 64}: nested more than 64 levels deep "
        "(expected a flatter document, or a higher limit in $RECREG_MAX_DEPTH)"
    )
    assert "Traceback" not in done.stderr
    assert elapsed < 30  # not a timing target: a hang would take far longer


def test_deep_block_nesting_is_refused_where_it_passes_the_limit(tmp_path):
    lines = [HEAD.rstrip()]
    lines += [" " * (2 * level + 2) + "k:" for level in range(300)]
    path = write(tmp_path, "\n".join(lines) + " v\n")
    result = recreg("validate", path)
    assert result.code == 1
    assert result.out_lines[0].startswith(f"{path}:")
    assert "nested more than 64 levels deep" in result.out_lines[0]


def test_the_depth_limit_can_be_raised(tmp_path, monkeypatch):
    path = write(tmp_path, HEAD + "[" * 100 + "]" * 100 + "\n")
    assert "nested more than 64" in recreg("validate", path).out
    monkeypatch.setenv("RECREG_MAX_DEPTH", "200")
    result = recreg("validate", path)
    assert "nested" not in result.out
    assert "recommendations" in result.out  # now the schema speaks: a list of lists is not a recommendation


def test_quoted_brackets_are_text_not_nesting(tmp_path, registry_copy):
    text = (
        (REGISTRY / "cws12.yaml")
        .read_text(encoding="utf-8")
        .replace('notes:\n  - "', 'notes:\n  - "' + "[" * 200 + " ", 1)
    )
    path = write(tmp_path, text, "cws12.yaml")
    assert recreg("--registry", registry_copy, "validate", path).code == 0


def test_a_file_over_the_size_limit_is_refused_without_reading_it_all(tmp_path, monkeypatch):
    path = write(tmp_path, (REGISTRY / "cws12.yaml").read_text(encoding="utf-8"), "cws12.yaml")
    monkeypatch.setenv("RECREG_MAX_BYTES", "1000")
    for argv, code in ((["validate", path], 1), (["diff", path, path], 2), (["fmt", "--check", path], 2)):
        result = recreg(*argv)
        assert result.code == code, argv
        line = (result.out + result.err).splitlines()[0]
        assert line.startswith(f"{path}:")
        assert "file larger than the limit of 1,000 bytes" in line


@pytest.mark.parametrize("value", ["lots", "-5", "0", "1e9"])
def test_a_bad_limit_in_the_environment_is_named(tmp_path, monkeypatch, value):
    assert recreg("validate", REGISTRY / "cws12.yaml").code == 0  # cached: no file is parsed below
    monkeypatch.setenv("RECREG_MAX_DEPTH", value)
    result = recreg("validate", REGISTRY / "cws12.yaml")
    assert (result.code, result.out) == (2, "")
    assert result.err == f"recreg: RECREG_MAX_DEPTH: {value!r} is not a positive whole number (expected such as 64)\n"
