"""Read once: parsed editions are cached by content, and a damaged or stale cache is never believed."""

from __future__ import annotations

import json
import os
from pathlib import Path

from conftest import REGISTRY, edition_text, recreg, replace_once


def entries() -> list[Path]:
    return sorted((Path(os.environ["RECREG_CACHE_DIR"]) / "parsed").glob("*.json"))


def test_a_file_is_parsed_once_and_then_read_from_the_cache(tmp_path):
    path = tmp_path / "cws12.yaml"
    path.write_text(edition_text("cws12"), encoding="utf-8")
    first = recreg("diff", REGISTRY / "cws11.yaml", path, "--format", "json").out
    assert len(entries()) == 2
    cached = [json.loads(p.read_text(encoding="utf-8")) for p in entries()]
    assert {data["id"] for data in cached} == {"cws11", "cws12"}
    assert recreg("diff", REGISTRY / "cws11.yaml", path, "--format", "json").out == first


def test_an_edited_file_is_never_served_from_the_cache(tmp_path):
    path = tmp_path / "cws12.yaml"
    text = edition_text("cws12")
    path.write_text(text, encoding="utf-8")
    assert recreg("validate", path).code == 0
    path.write_text(replace_once(text, "status: adopted\n", "status: approved\n"), encoding="utf-8")
    result = recreg("validate", path)
    assert result.code == 1 and "'approved' is not allowed" in result.out


def test_a_corrupt_or_foreign_entry_is_ignored_and_replaced(tmp_path):
    path = tmp_path / "cws12.yaml"
    path.write_text(edition_text("cws12"), encoding="utf-8")
    expected = recreg("validate", path).out
    (entry,) = [p for p in entries() if json.loads(p.read_text(encoding="utf-8"))["id"] == "cws12"]
    for damage in ("", "{\"id\": ", "[1, 2]", "\x00\x01"):
        entry.write_text(damage, encoding="utf-8")
        assert recreg("validate", path).out == expected
        assert json.loads(entry.read_text(encoding="utf-8"))["id"] == "cws12"


def test_no_cache_reads_every_time_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("RECREG_NO_CACHE", "1")
    assert recreg("diff", "cws11", "cws12").code == 0
    assert entries() == []


def test_an_unwritable_cache_only_costs_a_parse(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("RECREG_CACHE_DIR", str(blocker))
    result = recreg("diff", "cws11", "cws12", "--format", "json")
    assert result.code == 0 and result.err == ""
