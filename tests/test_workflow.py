"""Editors' commands: fmt (canonical formatting), new (start an amendment), check (what CI runs)."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from conftest import REGISTRY, recreg

from recreg.cli import run

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def registry(tmp_path):
    folder = tmp_path / "registry"
    shutil.copytree(ROOT / "registry", folder)
    return folder


def cli(registry, *argv):
    out, err = io.StringIO(), io.StringIO()
    code = run(["--registry", str(registry), *argv], out, err)
    return code, out.getvalue(), err.getvalue()


MESSY = """# yaml-language-server: $schema=../schemas/edition.schema.json
# An editor's comment that must survive.
id: messy
title: 'Messy edition'   # trailing comment
committee: "Committee on WIPO Standards (CWS)"
status: draft
recommendations:
-   id: first
    number: 1
    statement: "IP offices should keep comments."
    actions:
    -     label: a
          text: IP offices should indent consistently.
"""


def test_fmt_rewrites_to_canonical_form_keeping_comments_order_and_quotes(registry):
    path = registry / "messy.yaml"
    path.write_text(MESSY, encoding="utf-8")
    code, out, _ = cli(registry, "fmt", "--check", str(path))
    assert (code, out) == (1, f"would reformat {path}\n")
    assert path.read_text(encoding="utf-8") == MESSY  # --check changes nothing
    code, out, _ = cli(registry, "fmt", str(path))
    assert code == 0 and out == f"reformatted {path}\n"
    formatted = path.read_text(encoding="utf-8")
    assert "# An editor's comment that must survive." in formatted
    assert "title: 'Messy edition'   # trailing comment" in formatted
    assert '  - id: first\n    number: 1\n    statement: "IP offices should keep comments."\n' in formatted
    assert "      - label: a\n        text: IP offices should indent consistently.\n" in formatted
    assert [line.split(":")[0].strip() for line in formatted.splitlines()[2:7]] == [
        "id",
        "title",
        "committee",
        "status",
        "recommendations",
    ]
    assert not [p for p in registry.iterdir() if p.name.startswith(".")]  # no temporary file left behind


def test_fmt_is_idempotent_and_the_registry_is_canonical(registry):
    path = registry / "messy.yaml"
    path.write_text(MESSY, encoding="utf-8")
    cli(registry, "fmt", str(path))
    once = path.read_text(encoding="utf-8")
    assert cli(registry, "fmt", str(path))[:2] == (0, "")
    assert path.read_text(encoding="utf-8") == once
    path.unlink()
    assert cli(registry, "fmt", "--check")[:2] == (0, "")


def test_fmt_refuses_broken_yaml_and_leaves_it_untouched(registry):
    path = registry / "broken.yaml"
    path.write_text("id: broken\nrecommendations: [\n", encoding="utf-8")
    code, out, err = cli(registry, "fmt", str(path))
    assert code == 2 and out == ""
    assert err.startswith(f"{path}:3:1: YAML syntax error") and err.count("\n") == 1
    assert path.read_text(encoding="utf-8") == "id: broken\nrecommendations: [\n"


def test_fmt_refuses_a_tab_its_layout_parser_cannot_read_and_leaves_the_file_untouched(registry):
    # libyaml reads a tab inside this plain text (so validate passes); ruamel.yaml's round-trip
    # parser, which keeps comments and layout, stops at it (found by the long fuzz).
    path = registry / "cws12.yaml"
    text = path.read_text(encoding="utf-8").replace("title: ", "title: The Task Force will con\tsider ", 1)
    path.write_text(text, encoding="utf-8")
    assert cli(registry, "validate", str(path))[0] == 0
    code, out, err = cli(registry, "fmt", str(path))
    line = text[: text.index("\t")].count("\n") + 1
    column = text.index("\t") - text.rindex("\n", 0, text.index("\t"))
    assert (code, out) == (2, "")
    assert err == (
        f"{path}:{line}:{column}: cannot be laid out as written (found character '\\t' that cannot start any token); "
        "left as it is (expected a space instead of the tab, or the text in quotes)\n"
    )
    assert path.read_text(encoding="utf-8") == text


def test_new_starts_a_valid_draft_derived_from_its_base(registry):
    code, out, err = cli(registry, "new", "cws13", "--from", "cws12", "--title", "Amended ICT Recommendations")
    assert code == 0, err
    assert out == f"created {registry / 'cws13.yaml'} (draft, derives from cws12)\n"
    text = (registry / "cws13.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schemas/edition.schema.json\n")
    assert "status: draft\nderives_from: cws12\n" in text
    assert cli(registry, "validate")[0] == 0
    code, out, _ = cli(registry, "diff", "cws12", "cws13", "--format", "json")
    import json

    result = json.loads(out)
    assert [c["kind"] for c in result["changes"]] == ["metadata-changed"]
    assert all(p["matched_by"] == "id" for p in result["pairs"])


def test_new_never_overwrites_and_refuses_bad_ids(registry):
    before = (registry / "cws12.yaml").read_text(encoding="utf-8")
    code, _, err = cli(registry, "new", "cws12", "--from", "cws11")
    assert code == 2 and "already exists" in err and err.count("\n") == 1
    assert (registry / "cws12.yaml").read_text(encoding="utf-8") == before
    code, _, err = cli(registry, "new", "Bad Id", "--from", "cws12")
    assert code == 2 and "is not an edition id" in err


def test_check_passes_on_the_registry_with_warnings_shown(registry):
    code, out, _ = cli(registry, "check")
    assert code == 0
    assert "term spelt 2 ways: 'IP Offices' at R3/b; 'IP offices'" in out
    assert "r40:R6: the statement has no normative phrase" in out
    assert out.endswith("checked 3 files: 0 errors, 0 unformatted, 7 warnings\n")
    assert cli(registry, "check", "--strict")[0] == 1


def test_check_fails_on_an_unformatted_or_invalid_file(registry):
    path = registry / "cws12.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("  - id: digital-transformation\n", "  - id: digital-transformation   \n"), encoding="utf-8"
    )
    code, out, _ = cli(registry, "check")
    assert code == 1 and f"{path}: not canonically formatted (run: recreg fmt {path})" in out
    path.write_text(text.replace("number: 2\n", "number: 1\n", 1), encoding="utf-8")
    code, out, _ = cli(registry, "check")
    assert code == 1 and "duplicate number 1" in out


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_commands_that_write_refuse_the_bundled_registry(tmp_path, monkeypatch):
    """Run outside any registry, recreg must not change its own copy (or the project checkout's)."""
    monkeypatch.chdir(tmp_path)
    before = snapshot(ROOT / "registry"), snapshot(ROOT / "history")
    for argv in (["new", "x", "--from", "cws12"], ["fmt"], ["records"]):
        result = recreg(*argv)
        assert result.code == 2, argv
        assert result.err_lines == [
            f"recreg: {ROOT / 'registry'}: no registry here: the one bundled with recreg is read-only "
            "(start your own with: recreg init DIR, or name one with --registry)"
        ]
    assert (snapshot(ROOT / "registry"), snapshot(ROOT / "history")) == before
    assert list(tmp_path.iterdir()) == []
    # Reading it stays possible.
    assert recreg("fmt", "--check").code == 0
    assert recreg("list").code == 0


def test_output_files_are_never_written_inside_an_installed_package(tmp_path):
    import recreg as package

    target = Path(package.__file__).parent / "report.html"
    result = recreg("diff", "cws11", "cws12", "--format", "html", "-o", target)
    assert result.code == 2
    assert result.err_lines == [f"recreg: {target}: refusing to write inside an installed package ({target.parent})"]
    assert not target.exists()


def test_lint_warnings_point_at_the_word(registry):
    _, out, _ = cli(registry, "check")
    lines = (registry / "cws12.yaml").read_text(encoding="utf-8").splitlines()
    for line in out.splitlines():
        if "cws12.yaml:" in line and "term spelt" in line:
            row, column = (int(n) for n in line.split("cws12.yaml:", 1)[1].split(":")[:2])
            term = line.split("term spelt 2 ways: '", 1)[1].split("'", 1)[0]
            rarest = lines[row - 1][column - 1 :]
            assert rarest.lower().startswith(term.lower()), line


def test_the_shipped_registry_passes_check_strict_with_its_baseline():
    result = recreg("--registry", ROOT / "registry", "check", "--strict")
    assert result.code == 0, result.out
    assert (
        result.out_lines[-1] == "checked 4 files: 0 errors, 0 unformatted, 0 warnings, 7 accepted in lint-baseline.yaml"
    )


def test_a_baseline_accepts_named_findings_and_flags_stale_entries(registry):
    baseline = registry.parent / "lint-baseline.yaml"
    baseline.write_text(
        "accepted:\n"
        '  - edition: cws12\n    rule: spelling\n    subject: blockchain\n    reason: "verbatim in 003"\n'
        '  - edition: cws12\n    rule: spelling\n    subject: quantum\n    reason: "no longer there"\n',
        encoding="utf-8",
    )
    code, out, _ = cli(registry, "check")
    assert "'Blockchain' at R10" not in out
    assert (
        f"{baseline}:6:5: warning: accepted finding no longer occurs: spelling 'quantum' in cws12; remove the entry"
        in out
    )
    assert out.splitlines()[-1].endswith("7 warnings, 1 accepted in lint-baseline.yaml")
    baseline.write_text(
        "accepted:\n  - edition: cws12\n    rule: speling\n    subject: x\n    reason: y\n", encoding="utf-8"
    )
    code, out, _ = cli(registry, "check")
    assert code == 1 and f"{baseline}:3:11: 'speling' is not allowed" in out


@pytest.mark.parametrize(
    "text",
    [
        "hello world\n",  # plain text is YAML too: a scalar
        "name: CI\non:\n  push:\njobs:\n  test:\n    runs-on: ubuntu-latest\n",  # a workflow file
        "- a\n- b\n",
    ],
)
def test_fmt_refuses_a_file_that_is_not_recreg_s_and_leaves_it_untouched(tmp_path, text):
    path = tmp_path / "plain.yaml"
    path.write_text(text, encoding="utf-8")
    result = recreg("fmt", path)
    assert result.code == 1
    assert result.err_lines == [
        f"{path}: not an edition, history, survey or comment file; recreg fmt formats only those, and "
        "left it as it is (expected a mapping with id and recommendations, events, responses, or "
        "commenters)"
    ]
    assert path.read_text(encoding="utf-8") == text


def test_fmt_turns_every_crlf_line_end_to_lf(tmp_path):
    path = tmp_path / "cws12.yaml"
    path.write_bytes((REGISTRY / "cws12.yaml").read_bytes().replace(b"\n", b"\r\n"))
    assert b"# " in path.read_bytes()  # the file has comment lines, which ruamel.yaml kept with their CR
    assert recreg("fmt", "--check", path).code == 1
    assert recreg("fmt", path).code == 0
    assert b"\r" not in path.read_bytes()
    assert path.read_bytes() == (REGISTRY / "cws12.yaml").read_bytes()
    assert recreg("fmt", "--check", path).code == 0


def test_a_new_draft_inherits_the_findings_its_base_has_accepted(tmp_path, monkeypatch):
    # cws12's verbatim 'IP Offices', 'Blockchain'... are accepted for cws12; a draft copied from it holds them too.
    assert recreg("init", tmp_path / "reg", "--from-bundled").code == 0
    monkeypatch.chdir(tmp_path / "reg")
    assert recreg("new", "cws13", "--from", "cws12").code == 0
    result = recreg("check", "--strict")
    assert result.code == 0, result.out
    assert (
        result.out_lines[-1]
        == "checked 5 files: 0 errors, 0 unformatted, 0 warnings, 10 accepted in lint-baseline.yaml"
    )
    # A finding of the draft's own is still reported.
    draft = Path("registry/cws13.yaml")
    draft.write_text(draft.read_text(encoding="utf-8").replace("ICT strategy", "ICT Strategy", 1), encoding="utf-8")
    assert recreg("check", "--strict").code == 1
