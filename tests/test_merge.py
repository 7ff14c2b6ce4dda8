"""Two Task Force editors' pull requests meeting in a merge: conflicts, generated records, diffs and logs.

Every repository here is made as editors make one: `recreg init --from-bundled`, `git init`,
a branch per editor, edits to the YAML by hand, `git merge`.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from conftest import recreg
from test_git import ROOT, edit, editor_env, git, swap_recommendations

R5A = "IP offices should digitize paper-based or image-based IP documents"
R4A = "IP offices should develop and maintain their information security policy."


def git_on(repo: Path, day: int, *args: str) -> subprocess.CompletedProcess:
    """Run git as an editor on a given day of March 2025 (git orders a log by these dates)."""
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, env=editor_env(repo, day))


def merge(repo: Path, branch: str, day: int = 1) -> bool:
    """Merge a branch into the checked-out one as an editor would; tell whether git merged it cleanly."""
    return git_on(repo, day, "merge", "-q", "--no-edit", branch).returncode == 0


@pytest.fixture
def registry_repo(tmp_path) -> Path:
    """A registry repository started with `recreg init --from-bundled`, committed on main."""
    repo = tmp_path / "task-force"
    assert recreg("init", repo, "--from-bundled", "--install", "recreg").code == 0
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Registry as adopted")
    return repo


def branch_edit(repo: Path, branch: str, path: str, old: str, new: str, records: bool = False) -> None:
    """On a new branch from main, replace a passage of a file and commit (refreshing the records first, if asked)."""
    git(repo, "switch", "-q", "-c", branch, "main")
    edit(repo / path, old, new)
    if records:
        assert recreg("--registry", repo / "registry", "records").code == 0
    git(repo, "commit", "-qam", f"{branch}: amend {path}")


@pytest.fixture
def conflicted(registry_repo) -> Path:
    """Ada softens R5(a), Bob strengthens the same action; Ada merges Bob's branch and git stops on a conflict."""
    repo = registry_repo
    branch_edit(repo, "ada", "registry/cws12.yaml", R5A, R5A.replace("should", "are encouraged to"))
    branch_edit(repo, "bob", "registry/cws12.yaml", R5A, R5A.replace("should", "must"))
    git(repo, "switch", "-q", "ada")
    assert not merge(repo, "bob")
    return repo


def marker_line(path: Path, marker: str = "<<<<<<<") -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if line.startswith(marker))


COMMANDS = [
    (["validate"], 1),
    (["check"], 1),
    (["check", "--strict"], 1),
    (["fmt"], 2),
    (["fmt", "--check"], 2),
    (["diff", "cws12@HEAD", "cws12"], 2),
    (["diff", "cws11", "cws12", "--format", "markdown"], 2),
    (["show", "cws12:R5"], 2),
    (["render", "cws12", "--format", "html"], 2),
    (["records"], 2),
    (["records", "--check"], 2),
    (["coverage", "cws11", "cws12"], 2),
]


@pytest.mark.parametrize("argv, exit_code", COMMANDS, ids=[" ".join(argv) for argv, _ in COMMANDS])
def test_every_command_names_an_unresolved_merge_conflict_in_one_line(conflicted, argv, exit_code):
    cws12 = conflicted / "registry" / "cws12.yaml"
    before = cws12.read_bytes()
    result = recreg("--registry", conflicted / "registry", *argv)
    assert result.code == exit_code, result.out + result.err
    found = [line for line in (result.out + result.err).splitlines() if "merge conflict" in line]
    assert found == [
        f"{cws12}:{marker_line(cws12)}:1: unresolved merge conflict: git left both sides between "
        f"<<<<<<< HEAD and >>>>>>> bob (line {marker_line(cws12, '>>>>>>>')}) (expected one side kept or the two "
        "combined, the <<<<<<<, ======= and >>>>>>> lines deleted, then git add the file)"
    ]
    assert "YAML syntax error" not in result.out + result.err
    assert cws12.read_bytes() == before  # fmt never rewrites a file in conflict


def test_check_does_not_call_the_baseline_stale_for_an_edition_it_could_not_read(conflicted):
    """The baseline accepts findings in cws12; while cws12 is in conflict they are not "no longer found"."""
    result = recreg("--registry", conflicted / "registry", "check")
    assert result.code == 1
    assert "no longer occurs" not in result.out and "remove the entry" not in result.out
    assert ", 0 warnings," in result.out


def test_resolving_the_conflict_by_hand_passes_the_check(conflicted):
    cws12 = conflicted / "registry" / "cws12.yaml"
    text = cws12.read_text(encoding="utf-8")
    start, end = text.index("<<<<<<<"), text.index("\n", text.index(">>>>>>>")) + 1
    ours = text[start:end].split("\n", 1)[1].split("=======\n")[0]  # keep Ada's side
    cws12.write_text(text[:start] + ours + text[end:], encoding="utf-8")
    assert recreg("--registry", conflicted / "registry", "check").code == 0
    git(conflicted, "commit", "-qam", "Merge bob: keep Ada's wording")
    result = recreg("--registry", conflicted / "registry", "diff", "--git", "main..HEAD", "--format", "json")
    changes = json.loads(result.out)["files"][0]["diff"]["changes"]
    assert [(c["kind"], c["from"], c.get("direction")) for c in changes] == [("modality", "R5/a", "weakened")]


def test_markers_inside_a_quoted_text_that_spans_lines_are_refused_not_read_as_text(registry_repo):
    """A wrapped quoted text parses with the markers in it: the conflict must not become the recommendation's text."""
    repo = registry_repo
    cws12 = repo / "registry" / "cws12.yaml"
    edit(cws12, f'"{R5A} into', f'"{R5A}\n          into')
    git(repo, "commit", "-qam", "Wrap R5(a)")
    branch_edit(
        repo, "ada", "registry/cws12.yaml", "\n          into", "\n          into machine-readable,\n          into"
    )
    branch_edit(repo, "bob", "registry/cws12.yaml", "\n          into", "\n          rapidly into")
    git(repo, "switch", "-q", "ada")
    assert not merge(repo, "bob")
    before = cws12.read_bytes()
    line = marker_line(cws12)
    result = recreg("--registry", repo / "registry", "validate")
    assert result.code == 1
    assert f"{cws12}:{line}:1: unresolved merge conflict" in result.out
    result = recreg("--registry", repo / "registry", "fmt")
    assert result.code == 2 and f"{cws12}:{line}:1: unresolved merge conflict" in result.err
    assert cws12.read_bytes() == before


def test_a_marker_left_behind_is_named(conflicted):
    """The editor deleted the <<<<<<< line and Bob's side, but not the other two markers."""
    cws12 = conflicted / "registry" / "cws12.yaml"
    text = cws12.read_text(encoding="utf-8")
    start = text.index("<<<<<<<")
    cws12.write_text(text[:start] + text[text.index("\n", start) + 1 :], encoding="utf-8")
    result = recreg("--registry", conflicted / "registry", "validate")
    assert result.code == 1
    assert (
        f"{cws12}:{marker_line(cws12, '=======')}:1: merge-conflict marker ======= left in the file: "
        "a merge conflict not fully resolved" in result.out
    )


def plant_conflict(path: Path, before: str, ours: str, theirs: str) -> int:
    """Put a conflict as git writes it before the line that starts with `before`; return the <<<<<<< line."""
    text = path.read_text(encoding="utf-8")
    at = text.index(f"\n{before}") + 1
    block = f"<<<<<<< HEAD\n{ours}=======\n{theirs}>>>>>>> bob\n"
    path.write_text(text[:at] + block + text[at:], encoding="utf-8")
    return text[:at].count("\n") + 1


def test_a_conflict_in_the_history_or_a_comment_set_is_named(registry_repo):
    chronology = registry_repo / "history" / "chronology.yaml"
    line = plant_conflict(chronology, "  - id: ", "", "")
    result = recreg("--registry", registry_repo / "registry", "validate")
    assert result.code == 1
    assert f"{chronology}:{line}:1: unresolved merge conflict" in result.out
    result = recreg("--registry", registry_repo / "registry", "history")
    assert result.code == 2 and f"{chronology}:{line}:1: unresolved merge conflict" in result.err
    git(registry_repo, "checkout", "--", "history")

    comments = registry_repo / "comments" / "draft-ten-comments.yaml"
    comments.write_bytes((ROOT / "examples" / "comments" / "draft-ten-comments.yaml").read_bytes())
    line = plant_conflict(comments, "  - id: office-c", "  - id: office-d\n    name: Office D\n", "")
    result = recreg("--registry", registry_repo / "registry", "check")
    assert result.code == 1
    assert f"{comments}:{line}:1: unresolved merge conflict" in result.out
    result = recreg("--registry", registry_repo / "registry", "comments", "disposition", "draft-ten-comments")
    assert result.code == 2 and f"{comments}:{line}:1: unresolved merge conflict" in result.err


def test_an_edition_committed_with_its_markers_is_named_at_the_revision(conflicted):
    git(conflicted, "commit", "-qam", "Merge bob (unresolved)")
    line = marker_line(conflicted / "registry" / "cws12.yaml")
    result = recreg("--registry", conflicted / "registry", "diff", "--git", "main..HEAD")
    assert result.code == 2 and result.out == ""
    assert result.err.startswith(f"cws12@HEAD:{line}:1: unresolved merge conflict") and result.err.count("\n") == 1
    result = recreg("--registry", conflicted / "registry", "log", "cws12")
    assert result.code == 0
    assert f"invalid at this commit (cws12@{git(conflicted, 'rev-parse', 'HEAD')[:10]}:{line}:1: unresolved" in (
        " ".join(result.out.split())
    )


def test_conflicting_change_records_are_written_anew_from_the_merged_editions(registry_repo):
    """Both editors ran recreg records: the editions merge cleanly, the generated record does not."""
    repo = registry_repo
    cws12 = "registry/cws12.yaml"
    branch_edit(repo, "ada", cws12, R5A, R5A.replace("should", "are encouraged to"), records=True)
    branch_edit(repo, "bob", cws12, R4A, R4A.replace("should", "must"), records=True)
    git(repo, "switch", "-q", "ada")
    assert not merge(repo, "bob")
    record = repo / "history" / "records" / "cws11-cws12.md"
    assert git(repo, "diff", "--name-only", "--diff-filter=U").split() == ["history/records/cws11-cws12.md"]
    result = recreg("--registry", repo / "registry", "records", "--check")
    assert result.code == 1
    assert result.out == (
        f"stale {record}:{marker_line(record)}:1: unresolved merge conflict: git left both sides between "
        f"<<<<<<< HEAD and >>>>>>> bob (line {marker_line(record, '>>>>>>>')}) (run: recreg records, which writes it anew)\n"
    )
    result = recreg("--registry", repo / "registry", "records")
    assert result.out == f"wrote {record} (diff record, replacing its merge conflict)\n"
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Merge bob")
    assert recreg("--registry", repo / "registry", "records", "--check").code == 0
    # The record is the one written from the merged editions: a fresh repository with both changes agrees.
    git(repo, "switch", "-q", "-c", "fresh", "main")
    edit(repo / cws12, R5A, R5A.replace("should", "are encouraged to"))
    edit(repo / cws12, R4A, R4A.replace("should", "must"))
    assert recreg("--registry", repo / "registry", "records").code == 0
    assert record.read_text(encoding="utf-8") == git(repo, "show", "ada:history/records/cws11-cws12.md")


@pytest.fixture
def merged_main(registry_repo) -> Path:
    """Main strengthens R4(a) (information security) while a branch puts R5 before R4; main is merged into the branch."""
    repo = registry_repo
    git(repo, "switch", "-q", "-c", "reorder")
    swap_recommendations(repo / "registry" / "cws12.yaml", "information-security", "data-availability")
    git_on(repo, 2, "commit", "-qam", "Put data availability before security")
    git(repo, "switch", "-q", "main")
    edit(repo / "registry" / "cws12.yaml", R4A, R4A.replace("should", "must"))
    git_on(repo, 3, "commit", "-qam", "Strengthen R4(a)")  # after the branch's commit
    git(repo, "switch", "-q", "reorder")
    assert not merge(repo, "main", 4)  # both changed the information-security lines
    git(repo, "checkout", "-q", "--ours", "registry/cws12.yaml")  # keep the order, then take main's wording
    edit(repo / "registry" / "cws12.yaml", R4A, R4A.replace("should", "must"))
    git_on(repo, 4, "commit", "-qam", "Merge branch 'main' into reorder")
    return repo


def test_log_follows_a_recommendation_along_both_sides_of_a_merge(merged_main):
    def log(address: str) -> list[tuple[str, str, str]]:
        result = recreg("--registry", merged_main / "registry", "log", address, "--format", "json")
        assert result.code == 0, result.err
        return [(c["message"], c["address"], c["summary"]) for c in json.loads(result.out)["commits"]]

    # R5 is information security: R4 on main, where it was strengthened, and R5 on the branch.
    security = log("cws12:R5")
    assert security[:3] == [
        ("Merge branch 'main' into reorder", "cws12:R5", "R5/a strengthened"),
        ("Strengthen R4(a)", "cws12:R4", "R4/a strengthened"),
        ("Put data availability before security", "cws12:R5", "R5 was R4"),
    ]
    assert security[3][:2] == ("Registry as adopted", "cws12:R4") and security[3][2].startswith(
        "R4 added with the edition, from cws11:R9"
    )
    # R4 is data availability: main's R4(a) is another recommendation, not this one's history.
    availability = log("cws12:R4")
    assert [entry[:2] for entry in availability] == [
        ("Put data availability before security", "cws12:R4"),
        ("Registry as adopted", "cws12:R5"),
    ]
    assert availability[1][2].startswith("R5 added with the edition, from cws11:R2")


def test_diff_git_with_a_merge_commit_as_head(merged_main):
    def changes(spec: str) -> list[tuple[str, str]]:
        result = recreg("--registry", merged_main / "registry", "diff", "--git", spec, "--format", "json")
        assert result.code == 0, result.err
        return sorted((c["kind"], c["from"]) for f in json.loads(result.out)["files"] for c in f["diff"]["changes"])

    renumbered = [("renumbered", "R4"), ("renumbered", "R5")]
    assert changes("main..HEAD") == changes("main...HEAD") == renumbered  # what the branch still brings
    assert changes("HEAD~1..HEAD") == [("modality", "R5/a")]  # what the merge brought into the branch
    assert changes("HEAD~2..HEAD") == [("modality", "R4/a"), *renumbered]  # the branch's start, before main changed
