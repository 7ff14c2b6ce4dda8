"""Read once: checked editions are cached by content, and a damaged, foreign or stale cache is never believed."""

from __future__ import annotations

import hashlib
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REGISTRY, edition_text, recreg, replace_once

from recreg.edition import cache, validate
from recreg.edition.model import Edition


def entries() -> list[Path]:
    """Return the cache's edition entries (an edition's words are entries of their own)."""
    found = sorted((Path(os.environ["RECREG_CACHE_DIR"]) / "parsed").glob("*.pickle"))
    return [path for path in found if isinstance(cache.load(path.stem), tuple)]


def cached_ids() -> set[str]:
    return {cache.load(path.stem)[1].id for path in entries()}


def entry_of(edition_id: str) -> Path:
    (found,) = [path for path in entries() if cache.load(path.stem)[1].id == edition_id]
    return found


def test_a_file_is_checked_once_and_then_read_from_the_cache(tmp_path):
    path = tmp_path / "cws12.yaml"
    path.write_text(edition_text("cws12"), encoding="utf-8")
    first = recreg("diff", REGISTRY / "cws11.yaml", path, "--format", "json").out
    assert len(entries()) == 2 and cached_ids() == {"cws11", "cws12"}
    assert recreg("diff", REGISTRY / "cws11.yaml", path, "--format", "json").out == first


def test_a_warm_read_neither_parses_nor_builds_nor_checks_again(tmp_path, monkeypatch):
    path = tmp_path / "cws12.yaml"
    path.write_text(edition_text("cws12"), encoding="utf-8")
    cold, problems, _ = validate.check_file(path)

    def refuse(*args, **kwargs):
        raise AssertionError("a warm read redid a step of the check")

    for step in (
        "parse_yaml",
        "schema_valid",
        "control_problems",
        "target_problems",
        "build_edition",
        "meaning_problems",
    ):
        monkeypatch.setattr(validate, step, refuse)
    warm, warm_problems, _ = validate.check_file(path)
    assert warm == cold and warm.path == str(path) and warm_problems == problems


def test_one_entry_serves_the_same_text_under_any_name(tmp_path):
    # The path problems name and the id the file name asks for are the reader's, not the entry's.
    text = edition_text("cws12")
    edition, problems, _ = validate.check_text(text, "registry/cws12.yaml", "cws12")
    assert problems == [] and edition.path == "registry/cws12.yaml"
    before = entries()
    edition, problems, _ = validate.check_text(text, "cws12@HEAD~1", "cws13")
    assert entries() == before and edition.path == "cws12@HEAD~1"
    assert [(p.file, p.line, p.message) for p in problems] == [
        (
            "cws12@HEAD~1",
            text[: text.index("id: cws12")].count("\n") + 1,
            "edition id 'cws12' differs from the file name 'cws13.yaml'",
        )
    ]


def test_an_edited_file_is_never_served_from_the_cache(tmp_path):
    path = tmp_path / "cws12.yaml"
    text = edition_text("cws12")
    path.write_text(text, encoding="utf-8")
    assert recreg("validate", path).code == 0
    path.write_text(replace_once(text, "status: adopted\n", "status: approved\n"), encoding="utf-8")
    result = recreg("validate", path)
    assert result.code == 1 and "'approved' is not allowed" in result.out


def test_a_lower_nesting_limit_applies_to_a_cached_file(tmp_path, monkeypatch):
    path = tmp_path / "cws12.yaml"
    path.write_text(edition_text("cws12"), encoding="utf-8")
    assert recreg("validate", path).code == 0 and entry_of("cws12")
    monkeypatch.setenv("RECREG_MAX_DEPTH", "3")
    result = recreg("validate", path)
    assert result.code == 1
    assert "nested more than 3 levels deep" in result.out_lines[0]
    monkeypatch.delenv("RECREG_MAX_DEPTH")
    assert recreg("validate", path).code == 0


@pytest.mark.parametrize("damage", ["empty", "truncated", "flipped", "foreign", "hostile"])
def test_a_damaged_or_foreign_entry_is_ignored_and_replaced(tmp_path, damage):
    path = tmp_path / "cws12.yaml"
    path.write_text(edition_text("cws12"), encoding="utf-8")
    expected = recreg("validate", path).out
    entry = entry_of("cws12")
    raw = entry.read_bytes()
    if damage == "empty":
        raw = b""
    elif damage == "truncated":
        raw = raw[: len(raw) // 2]
    elif damage == "flipped":
        raw = raw[:-10] + bytes([raw[-10] ^ 1]) + raw[-9:]
    else:
        # A well-formed entry (right header and checksum) that names something no entry may:
        # a plain dict of parsed data (format 1), or a call that would run a command.
        payload = pickle.dumps({"id": "cws12"} if damage == "foreign" else _Command(str(tmp_path / "ran")), protocol=5)
        raw = cache.HEADER + hashlib.sha256(payload).digest() + payload
    entry.write_bytes(raw)
    assert recreg("validate", path).out == expected
    assert not (tmp_path / "ran").exists()
    assert entry_of("cws12") == entry


class _Command:
    """Unpickled, it would touch a file through os.system: what a crafted entry could try."""

    def __init__(self, marker: str):
        self.marker = marker

    def __reduce__(self):
        return os.system, (f"touch {self.marker}",)


def test_entries_written_at_once_by_many_processes_stay_whole(tmp_path):
    path = tmp_path / "cws12.yaml"
    path.write_text(edition_text("cws12"), encoding="utf-8")
    code = "import sys; from pathlib import Path; from recreg.edition.validate import read_edition; read_edition(Path(sys.argv[1]))"
    runs = [subprocess.Popen([sys.executable, "-c", code, str(path)], env=os.environ.copy()) for _ in range(6)]
    assert all(run.wait() == 0 for run in runs)
    assert cached_ids() == {"cws12"}
    assert not list((Path(os.environ["RECREG_CACHE_DIR"]) / "parsed").glob(".*.tmp"))
    assert isinstance(cache.load(entry_of("cws12").stem)[1], Edition)


def test_no_cache_reads_every_time_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("RECREG_NO_CACHE", "1")
    assert recreg("diff", "cws11", "cws12").code == 0
    assert entries() == []


def test_an_unwritable_cache_only_costs_a_check(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("RECREG_CACHE_DIR", str(blocker))
    result = recreg("diff", "cws11", "cws12", "--format", "json")
    assert result.code == 0 and result.err == ""


def test_what_the_checks_found_is_reported_alike_from_the_cache(tmp_path):
    # An error and a warning of the meaning checks: reported the same, cold and warm.
    text = replace_once(
        edition_text("cws12"), "  - id: data-governance\n    number: 3\n", "  - id: data-governance\n    number: 2\n"
    )
    text = replace_once(text, "cooperative projects[^2] that", "cooperative projects that")
    path = tmp_path / "cws12.yaml"
    path.write_text(text, encoding="utf-8")
    cold = recreg("validate", path)
    assert cold.code == 1 and "duplicate number 2" in cold.out and "is never anchored" in cold.out
    assert entry_of("cws12")
    warm = recreg("validate", path)
    assert (warm.code, warm.out, warm.err) == (cold.code, cold.out, cold.err)


def test_a_warm_diff_reads_no_text_again_for_matching(tmp_path, monkeypatch):
    # The words of each text (what matching compares) are kept beside the edition; only
    # texts that changed are read again, for their word diff.
    from recreg.engine import textdiff
    from recreg.engine.diff import diff

    old, new = (validate.read_edition(REGISTRY / f"{name}.yaml") for name in ("cws11", "cws12"))
    first = diff(old, new)

    def unread(token: str):
        pytest.fail(f"{token!r} read again")

    unread.cache_clear = lambda: None
    monkeypatch.setattr(textdiff, "_stemmed_token", unread)
    assert diff(old, new).changes == first.changes


def test_words_read_by_other_code_are_not_believed(tmp_path, monkeypatch):
    from recreg.engine import textdiff
    from recreg.engine.diff import diff

    old, new = (validate.read_edition(REGISTRY / f"{name}.yaml") for name in ("cws11", "cws12"))
    expected = diff(old, new).alignment.recommendations.pairs
    monkeypatch.setattr(textdiff, "reading_digest", lambda: "another way of reading words")
    read = []
    original = textdiff._TOKENS

    class Counting:
        def findall(self, text):
            read.append(text)
            return original.findall(text)

    monkeypatch.setattr(textdiff, "_TOKENS", Counting())
    assert diff(old, new).alignment.recommendations.pairs == expected
    assert read  # read anew, not taken from words stored under the other reading
