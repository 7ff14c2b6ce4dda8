"""Git-aware references (EDITION@REV), recreg log, and refusal of hostile revisions."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from recreg.cli import run

ROOT = Path(__file__).resolve().parents[1]


def editor_env(repo: Path, day: int = 1) -> dict[str, str]:
    """Return git's environment for an editor working on a given day of March 2025 (git orders a log by it)."""
    date = f"2025-03-{day:02d}T10:00:00+01:00"
    return {
        "GIT_AUTHOR_NAME": "Ada Editor",
        "GIT_AUTHOR_EMAIL": "ada@example.org",
        "GIT_COMMITTER_NAME": "Ada Editor",
        "GIT_COMMITTER_EMAIL": "ada@example.org",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "PATH": "/usr/bin:/bin",
        "HOME": str(repo),
    }


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, check=True, capture_output=True, text=True, env=editor_env(repo)
    ).stdout


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def swap_recommendations(path: Path, first_id: str, second_id: str) -> None:
    """Swap two adjacent recommendations and their numbers, as an editor reordering would."""
    text = path.read_text(encoding="utf-8")
    start = text.index(f"  - id: {first_id}\n")
    middle = text.index(f"  - id: {second_id}\n")
    end = text.find("\n  - id: ", middle + 1) + 1 or len(text)
    first, second = text[start:middle], text[middle:end]
    n1 = first.split("number: ", 1)[1].split("\n", 1)[0]
    n2 = second.split("number: ", 1)[1].split("\n", 1)[0]
    first = first.replace(f"number: {n1}\n", f"number: {n2}\n", 1)
    second = second.replace(f"number: {n2}\n", f"number: {n1}\n", 1)
    path.write_text(text[:start] + second + first + text[end:], encoding="utf-8")


@pytest.fixture
def repo(tmp_path):
    """A registry repository with three amendment commits on top of the bundled editions."""
    shutil.copytree(ROOT / "registry", tmp_path / "registry")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "Import the three editions")
    cws12 = tmp_path / "registry" / "cws12.yaml"
    edit(
        cws12,
        "IP offices should ensure that a data governance framework is in place taking into account organizational policies and related legal framework, and regularly evaluated.",
        "IP offices should ensure that a data governance framework is in place taking into account organizational policies and related legal framework, and evaluated every two years.",
    )
    git(tmp_path, "commit", "-qam", "Evaluate data governance every two years")
    edit(
        cws12,
        'text: "IP offices should consider ways in which the technologies',
        'text: "IP offices are encouraged to consider ways in which the technologies',
    )
    git(tmp_path, "commit", "-qam", "Soften R10(c)")
    swap_recommendations(cws12, "information-security", "data-availability")
    git(tmp_path, "commit", "-qam", "Put data availability before security")
    return tmp_path


def cli(repo: Path, *argv: str):
    out, err = io.StringIO(), io.StringIO()
    code = run(["--registry", str(repo / "registry"), *argv], out, err)
    return code, out.getvalue(), err.getvalue()


def test_an_edition_at_a_revision_diffs_against_the_work_tree(repo):
    code, out, err = cli(repo, "diff", "cws12@HEAD~2", "cws12", "--format", "json")
    assert code == 0, err
    changes = json.loads(out)["changes"]
    assert {(c["kind"], c["from"], c["to"]) for c in changes} == {
        ("modality", "R10/c", "R10/c"),
        ("renumbered", "R4", "R5"),
        ("renumbered", "R5", "R4"),
    }
    assert next(c for c in changes if c["kind"] == "modality")["direction"] == "weakened"


def test_show_at_a_revision(repo):
    code, out, _ = cli(repo, "show", "cws12@HEAD~3:R3", "--format", "json")
    assert code == 0
    assert json.loads(out)["statement"].endswith("and regularly evaluated.")
    code, out, _ = cli(repo, "show", "cws12@HEAD:R4", "--format", "json")
    assert json.loads(out)["id"] == "data-availability"


@pytest.mark.parametrize(
    "ref, message",
    [
        ("cws12@--output=/tmp/x", "'--output=/tmp/x' is not a revision recreg accepts"),
        ("cws12@-p", "'-p' is not a revision recreg accepts"),
        ("cws12@nonexistent", "revision 'nonexistent' is unknown in this repository"),
        ("cws12@HEAD~40", "revision 'HEAD~40' is unknown in this repository"),
        ("cws12@HEAD..main", "is not a revision recreg accepts"),
        ("cws12@", "'' is not a revision recreg accepts"),
    ],
)
def test_hostile_or_unknown_revisions_are_refused_in_one_line(repo, ref, message):
    code, out, err = cli(repo, "diff", ref, "cws12")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err and ref in err


def test_revisions_beyond_a_shallow_clone_are_refused(repo, tmp_path_factory):
    clone = tmp_path_factory.mktemp("shallow")
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], check=True, capture_output=True
    )
    code, _, err = cli(clone, "diff", "cws12@HEAD~1", "cws12")
    assert code == 2 and "outside this shallow clone's history" in err and err.count("\n") == 1


def test_a_registry_outside_git_refuses_revisions(tmp_path):
    shutil.copytree(ROOT / "registry", tmp_path / "registry")
    code, _, err = cli(tmp_path, "diff", "cws12@HEAD", "cws12")
    assert code == 2 and "not inside a git repository" in err


def test_log_lists_amendments_newest_first_with_semantic_summaries(repo):
    code, out, err = cli(repo, "log", "cws12", "--format", "json")
    assert code == 0, err
    commits = json.loads(out)["commits"]
    assert [(c["message"], c["summary"]) for c in commits[:3]] == [
        ("Put data availability before security", "R4 was R5; R5 was R4"),
        ("Soften R10(c)", "R10/c weakened"),
        ("Evaluate data governance every two years", "R3 reworded"),
    ]
    # The commit that added cws12 also added cws11, which cws12 derives from: the edition is
    # summarised by its diff against that one (what tests/test_diff_cws.py checks in full).
    added = commits[3]["summary"]
    assert commits[3]["message"] == "Import the three editions"
    assert added.startswith("edition added from cws11 (10 recommendations): ")
    assert {"9 renumbered", "1 moved", "13 modality"} <= set(added.split(": ", 1)[1].split(", "))
    assert commits[0]["author"] == "Ada Editor" and commits[0]["date"] == "2025-03-01T10:00:00+01:00"


def test_log_follows_one_recommendation_across_renumbering(repo):
    code, out, _ = cli(repo, "log", "cws12:R5", "--format", "json")
    commits = json.loads(out)["commits"]
    # R5 is now information security, which was R4 until the last commit.
    assert [(c["message"], c["address"], c["summary"]) for c in commits] == [
        ("Put data availability before security", "cws12:R5", "R5 was R4"),
        (
            "Import the three editions",
            "cws12:R4",
            "R4 added with the edition, from cws11:R9: R4 was R9, reworded; R4/b reworded",
        ),
    ]
    code, out, _ = cli(repo, "log", "cws12:R3")
    assert "Evaluate data governance every two years" in out and "R3 reworded" in out
    assert "Soften R10(c)" not in out


def test_log_refuses_bad_input(repo):
    assert cli(repo, "log", "cws12:R1/a")[0] == 2
    assert cli(repo, "log", "nope")[0] == 2
    code, _, err = cli(repo, "log", "cws12", "--rev", "--all")
    assert code == 2 and "'--all' is not a revision" in err


def workflow_commands() -> dict[str, str]:
    """Return the pull-request workflow's shell commands by step name."""
    from ruamel.yaml import YAML

    workflow = YAML(typ="safe").load((ROOT / ".github" / "workflows" / "recreg.yml").read_text())
    return {step["name"]: step["run"] for step in workflow["jobs"]["check"]["steps"] if "run" in step}


def as_argv(command: str, base_ref: str) -> list[str]:
    """Turn a workflow `run:` line into recreg's arguments, as the runner's shell would."""
    import shlex

    command = command.replace("$GITHUB_BASE_REF", base_ref).split(">>")[0]
    words = shlex.split(command)
    assert words[0] == "recreg"
    return words[1:]


def test_pull_request_flow_runs_the_workflows_commands(tmp_path):
    """Branch, amend cws12 (reword, renumber, weaken a should), commit; then run what CI runs."""
    from markdown_it import MarkdownIt

    shutil.copytree(ROOT / "registry", tmp_path / "registry")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "Registry as adopted")
    git(tmp_path, "update-ref", "refs/remotes/origin/main", "main")  # what actions/checkout fetches
    git(tmp_path, "checkout", "-q", "-b", "amend-r9")
    cws12 = tmp_path / "registry" / "cws12.yaml"
    edit(
        cws12,
        "share experience and information on planning, managing, delivering, and evaluating ICT projects.",
        "share experience and knowledge on planning, managing, delivering, and evaluating ICT projects.",
    )
    edit(
        cws12,
        'text: "IP offices should develop and maintain their information security policy."',
        'text: "IP offices are encouraged to develop and maintain their information security policy."',
    )
    swap_recommendations(cws12, "cooperative-projects", "standards-participation")
    git(tmp_path, "commit", "-qam", "Amend R9, soften R4(a), reorder R6 and R7")

    commands = workflow_commands()
    code, out, err = cli(tmp_path, *as_argv(commands["Check the registry"], "main"))
    assert code == 0, out + err
    assert "checked 3 files: 0 errors, 0 unformatted" in out

    code, out, err = cli(tmp_path, *as_argv(commands["Write the change table to the job summary"], "main"))
    assert code == 0, err
    assert out.startswith("# Registry changes in `origin/main...HEAD`")
    assert "## registry/cws12.yaml (modified)" in out
    tokens = MarkdownIt("commonmark").enable("table").parse(out)
    rows = []
    in_body = False
    for token in tokens:
        in_body = {"tbody_open": True, "tbody_close": False}.get(token.type, in_body)
        if in_body and token.type == "inline":
            rows.append(token.content)
    text = " ".join(rows)
    assert "weakened" in text and "reworded" in text and "renumbered" in text
    assert "<ins>knowledge</ins>" in out and "<del>information</del>" in out

    # A broken edition on the branch fails the check, naming the file and line.
    edit(cws12, "number: 10\n", "number: 9\n")
    git(tmp_path, "commit", "-qam", "Break numbering")
    code, out, _ = cli(tmp_path, *as_argv(commands["Check the registry"], "main"))
    assert code == 1 and "cws12.yaml:" in out and "duplicate number 9" in out


def test_diff_git_lists_added_deleted_and_renamed_editions(repo):
    registry = repo / "registry"
    shutil.copy(registry / "cws12.yaml", registry / "cws13.yaml")
    edit(registry / "cws13.yaml", "id: cws12\n", "id: cws13\n")
    git(repo, "mv", "registry/r40.yaml", "registry/forty.yaml")
    edit(registry / "forty.yaml", "\nid: r40\n", "\nid: forty\n")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "Add cws13; rename r40")
    code, out, err = cli(repo, "diff", "--git", "HEAD~1..HEAD", "--format", "json")
    assert code == 0, err
    files = {(f["status"], f["old_path"], f["new_path"]) for f in json.loads(out)["files"]}
    assert ("added", None, "registry/cws13.yaml") in files
    assert any(status in {"renamed", "deleted", "added"} and "r40" in str(old) for status, old, _ in files)
    assert cli(repo, "diff", "--git", "HEAD~1..HEAD", "--exit-code")[0] == 1
    assert cli(repo, "diff", "--git", "HEAD..HEAD", "--exit-code")[0] == 0


@pytest.mark.parametrize(
    "spec, message",
    [
        ("-p..HEAD", "'-p' is not a revision recreg accepts"),
        ("HEAD..--output=x", "is not a revision recreg accepts"),
        ("main", "is not a revision range"),
        ("nope...HEAD", "revision 'nope' is unknown"),
    ],
)
def test_diff_git_refuses_bad_ranges(repo, spec, message):
    code, out, err = cli(repo, "diff", "--git", spec)
    assert code == 2 and out == "" and message in err and err.count("\n") == 1


def test_git_history_outside_a_registry_repository_is_refused(tmp_path, monkeypatch):
    """Outside any registry, recreg must not answer from its own checkout's history."""
    monkeypatch.chdir(tmp_path)
    for argv, where in (
        (["diff", "--git", "main..HEAD"], "--git"),
        (["diff", "--git", "main..HEAD", "--format", "html"], "--git"),
        (["log", "cws12"], "EDITION[:ADDRESS]"),
        (["diff", "cws12@HEAD~1", "cws12"], "cws12@HEAD~1"),
        (["show", "cws12@HEAD~1:R1"], "cws12@HEAD~1"),
    ):
        out, err = io.StringIO(), io.StringIO()
        code = run(argv, out, err)
        assert code == 2 and out.getvalue() == ""
        assert err.getvalue() == (
            f"recreg: {where}: no registry/ folder in a git repository above the working directory "
            "(expected a registry repository (recreg init DIR starts one), or --registry DIR)\n"
        )


def test_log_of_a_recommendation_that_does_not_exist_is_refused(repo):
    code, out, err = cli(repo, "log", "cws12:R99")
    assert (code, out) == (2, "")
    assert err == "recreg: EDITION[:ADDRESS]: cws12:R99 does not exist at HEAD (expected one of R1 to R10)\n"


def test_diff_git_in_html_compares_an_added_edition_with_its_base(repo):
    registry = repo / "registry"
    assert cli(repo, "new", "cws13", "--from", "cws12")[0] == 0
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "Draft cws13")
    code, out, err = cli(repo, "diff", "--git", "HEAD~1..HEAD", "--format", "html")
    assert code == 0, err
    assert '<h2 id="f1-title" class="file-title">registry/cws13.yaml (added)</h2>' in out
    assert "cws12@HEAD~1 → cws13@HEAD" in out
    assert (registry / "cws13.yaml").is_file()


def test_revision_forms_gitpython_cannot_read_are_refused_in_one_line(repo):
    code, out, err = cli(repo, "diff", "--git", "main@{yesterday}..HEAD")
    assert code == 2 and err.count("\n") == 1 and "is of a form recreg does not read" in err
    code, out, err = cli(repo, "log", "cws12", "--rev", "nope")
    assert (code, err) == (2, "recreg: --rev: revision 'nope' is unknown in this repository\n")


def test_a_registry_at_the_top_of_its_repository_is_diffed_by_git_range(tmp_path):
    for path in (ROOT / "registry").glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "ci.yml").write_text("x: 1\n", encoding="utf-8")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "base")
    edit(
        tmp_path / "cws12.yaml",
        "IP offices should develop and maintain their information security policy.",
        "IP offices must develop and maintain their information security policy.",
    )
    (tmp_path / ".github" / "ci.yml").write_text("y: 2\n", encoding="utf-8")  # not an edition
    git(tmp_path, "commit", "-qam", "amend")
    out, err = io.StringIO(), io.StringIO()
    code = run(["--registry", str(tmp_path), "diff", "--git", "HEAD~1..HEAD", "--format", "json"], out, err)
    assert code == 0, err.getvalue()
    files = json.loads(out.getvalue())["files"]
    assert [(f["status"], f["new_path"]) for f in files] == [("modified", "cws12.yaml")]


def test_a_recommendation_filter_keeps_the_files_that_have_it(repo):
    registry = repo / "registry"
    assert cli(repo, "new", "tiny", "--from", "cws12")[0] == 0
    text = (registry / "tiny.yaml").read_text(encoding="utf-8")
    (registry / "tiny.yaml").write_text(text.split("\n  - id: ict-strategy")[0] + "\n", encoding="utf-8")
    edit(
        registry / "cws12.yaml",
        "IP offices should develop and maintain their information security policy.",
        "IP offices must develop and maintain their information security policy.",
    )
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "tiny draft; strengthen R4(a)")
    code, out, err = cli(repo, "diff", "--git", "HEAD~1..HEAD", "-r", "R4", "--format", "json")
    assert code == 0, err
    assert [f["new_path"] for f in json.loads(out)["files"]] == ["registry/cws12.yaml"]
    code, _, err = cli(repo, "diff", "--git", "HEAD~1..HEAD", "-r", "R44")
    assert (code, err) == (2, "recreg: --recommendation: R44 is in no edition file changed in HEAD~1..HEAD\n")


def test_an_edition_deleted_or_added_whole_is_all_removed_or_added_without_its_facts_said_changed(repo):
    git(repo, "rm", "-q", "registry/r40.yaml")
    git(repo, "commit", "-qm", "Withdraw the 40 Recommendations")
    code, out, err = cli(repo, "diff", "--git", "HEAD~1..HEAD")
    assert code == 0, err
    assert "=== registry/r40.yaml (deleted)" in out
    assert "metadata" not in out
    assert "40 removed" in out
    code, out, err = cli(repo, "diff", "--git", "HEAD..HEAD~1")
    assert code == 0, err
    assert "(added)" in out and "metadata" not in out and "40 added" in out
