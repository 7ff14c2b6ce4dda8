"""The change records in history/records/ are generated, and kept fresh by this test in CI."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from recreg.cli import run

ROOT = Path(__file__).resolve().parents[1]


def cli(registry: Path, *argv: str):
    out, err = io.StringIO(), io.StringIO()
    code = run(["--registry", str(registry), *argv], out, err)
    return code, out.getvalue(), err.getvalue()


def test_the_committed_records_are_fresh():
    code, out, _ = cli(ROOT / "registry", "records", "--check")
    assert (code, out) == (0, ""), f"stale change records; run: recreg records\n{out}"


def test_records_are_a_lineage_record_then_a_diff_record():
    lineage = (ROOT / "history" / "records" / "r40-cws11.md").read_text(encoding="utf-8")
    assert "# Coverage: r40 → cws11" in lineage and "```mermaid" in lineage
    assert "3 carried into nothing" in lineage
    diff = (ROOT / "history" / "records" / "cws11-cws12.md").read_text(encoding="utf-8")
    assert diff.split("\n\n", 1)[1].startswith("## cws11 → cws12")
    assert "should be encouraged to" in diff


def test_an_amended_edition_makes_its_record_stale_until_regenerated(tmp_path):
    shutil.copytree(ROOT / "registry", tmp_path / "registry")
    shutil.copytree(ROOT / "history", tmp_path / "history")
    registry = tmp_path / "registry"
    path = registry / "cws12.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("and regularly evaluated.", "and evaluated yearly.", 1),
        encoding="utf-8",
    )
    record = tmp_path / "history" / "records" / "cws11-cws12.md"
    code, out, _ = cli(registry, "records", "--check")
    assert (code, out) == (1, f"stale {record} (run: recreg records)\n")
    code, out, _ = cli(registry, "records")
    assert (code, out) == (0, f"wrote {record} (diff record)\n")
    assert "<ins>yearly</ins>" in record.read_text(encoding="utf-8")
    assert cli(registry, "records", "--check")[:2] == (0, "")
