"""The pull-request job, run as written: this repository's own workflow, and the one `recreg init` writes.

Each test makes a temporary repository with a base branch and an amendment branch, then
runs the workflow's shell steps in order, as GitHub Actions would on a pull request:
installing recreg from the checkout into a fresh virtual environment, checking the
registry, writing the change table to the job summary, rendering the HTML report that
the last step uploads. The install is offline: the fresh environment sees this test
environment's packages (a .pth file) and pip builds recreg with the hatchling installed
here, so the step's own command runs unchanged.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from ruamel.yaml import YAML

from conftest import ROOT, recreg

GIT_ENV = {"GIT_AUTHOR_NAME": "Ada Editor", "GIT_AUTHOR_EMAIL": "ada@example.org", "GIT_COMMITTER_NAME": "Ada Editor",
           "GIT_COMMITTER_EMAIL": "ada@example.org", "GIT_CONFIG_NOSYSTEM": "1"}


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV, "HOME": str(repo)}
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True, env=env).stdout


def project_copy(target: Path) -> Path:
    """Copy this project's tracked files as they are in the work tree (what a pull request's checkout holds)."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            check=True, capture_output=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def amend(repo: Path) -> None:
    """On a branch: a new draft cws13 from cws12, reworded R3, weakened R4(a), R2(c) moved into R7."""
    git(repo, "checkout", "-q", "-b", "amend")
    assert recreg("--registry", repo / "registry", "new", "cws13", "--from", "cws12").code == 0
    cws13 = repo / "registry" / "cws13.yaml"
    edit(cws13, "and related legal framework, and regularly evaluated.", "and related legal framework, and evaluated every two years.")
    edit(cws13, 'text: "IP offices should develop and maintain their information security policy."',
         'text: "IP offices are encouraged to develop and maintain their information security policy."')
    text = cws13.read_text(encoding="utf-8")
    r2c = ('      - label: c\n        text: "The International Bureau should provide a forum to discuss ICT strategies and other ICT '
           'issues considered to be of common interest, including their evaluation and updates, among IP offices."\n')
    assert text.count(r2c) == 1
    text = text.replace(r2c, "")
    r7_last = '      - label: b\n        text: "IP offices are encouraged to inform the International Bureau of their implementation status'
    head, tail = text.split(r7_last, 1)
    end = tail.index("\n") + 1
    text = head + r7_last + tail[:end] + r2c + tail[end:]
    cws13.write_text(text, encoding="utf-8")
    assert recreg("--registry", repo / "registry", "check").code == 0
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "Draft cws13: reword R3, soften R4(a), move R2(c) to R7")


def run_job(repo: Path, workflow: Path, tmp_path: Path) -> tuple[dict[str, int], Path]:
    """Run the workflow's steps in order as plain shell, as Actions would on a pull request into main.

    Returns:
        Each step's exit code by name (skipped steps absent), and the job summary file.
    """
    job = YAML(typ="safe").load(workflow.read_text(encoding="utf-8"))
    steps = job["jobs"]["check"]["steps"]
    venv = tmp_path / "ci-venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    site = next((venv / "lib").glob("python3*/site-packages"))
    (site / "test-environment.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    summary = tmp_path / "summary.md"
    env = {**os.environ, **GIT_ENV, "HOME": str(tmp_path), "PATH": f"{venv / 'bin'}:{os.environ['PATH']}",
           "GITHUB_BASE_REF": "main", "GITHUB_STEP_SUMMARY": str(summary),
           # pip reads PIP_NO_BUILD_ISOLATION backwards: "0" turns build isolation off.
           "PIP_NO_INDEX": "1", "PIP_NO_BUILD_ISOLATION": "0", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    env.pop("RECREG_REGISTRY", None)
    codes: dict[str, int] = {}
    outputs: dict[str, str] = {}
    failed = False
    for step in steps:
        if failed and step.get("if") != "always()":
            continue
        if "run" in step:
            done = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=repo, env=env, capture_output=True, text=True)
            assert "Traceback" not in done.stderr, done.stderr
            codes[step["name"]] = done.returncode
            outputs[step["name"]] = done.stdout[-2000:] + done.stderr[-2000:]
            failed = failed or done.returncode != 0
        elif step["uses"].startswith("actions/upload-artifact"):
            codes[step["name"]] = 0 if (repo / step["with"]["path"]).is_file() else 1
    run_job.outputs = outputs  # for a failing test's message
    return codes, summary


def pull_request(repo: Path) -> None:
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "Registry as adopted")
    git(repo, "update-ref", "refs/remotes/origin/main", "main")  # what actions/checkout fetches
    amend(repo)


def check_change_table(repo: Path, summary: Path) -> None:
    """The amendment's changes, exactly, in JSON, and the same in the job summary and the report."""
    result = recreg("--registry", repo / "registry", "diff", "--git", "main..amend", "--format", "json")
    assert result.code == 0, result.err
    files = json.loads(result.out)["files"]
    assert [(f["status"], f["new_path"]) for f in files] == [("added", "registry/cws13.yaml")]
    found = files[0]["diff"]
    assert (found["labels"]["from"], found["labels"]["to"]) == ("cws12@main", "cws13@amend")
    changes = [(c["kind"], c["from"], c["to"]) for c in found["changes"] if c["kind"] != "metadata-changed"]
    # In the new edition's order; nothing else changed but the draft's own metadata.
    assert changes == [("reworded", "R3", "R3"), ("modality", "R4/a", "R4/a"), ("moved", "R2/c", "R7/c")]
    kinds = {(p["from"], p["to"]): p["kinds"] for p in found["pairs"]}
    assert kinds[2, 2] == ["moved"] and kinds[7, 7] == ["moved"]  # on both sides
    assert {k for k, v in kinds.items() if v} == {(2, 2), (3, 3), (4, 4), (7, 7)}
    markdown = summary.read_text(encoding="utf-8")
    assert "cws12@origin/main → cws13@HEAD" in markdown  # as the job names the revisions
    assert "moved to R7/c" in markdown and "moved from R2/c" in markdown
    assert "weakened: should → are encouraged to" in markdown and "<ins>every two years</ins>" in markdown
    report = (repo / "recreg-changes.html").read_text(encoding="utf-8")
    assert "cws12@origin/main → cws13@HEAD" in report
    assert "moved to R7/c" in report and "moved from R2/c" in report and "▼ weakened" in report


def test_this_repositorys_workflow_runs_on_an_amendment(tmp_path):
    from recreg.workflow.scaffold import workflow_text

    workflow = ROOT / ".github" / "workflows" / "recreg.yml"
    # One template: this repository's job is the one recreg init writes, installing from the checkout.
    assert workflow.read_text(encoding="utf-8") == workflow_text(".")
    repo = project_copy(tmp_path / "repo")
    pull_request(repo)
    codes, summary = run_job(repo, workflow, tmp_path)
    assert codes == {"Install recreg": 0, "Check the registry": 0, "Write the change table to the job summary": 0,
                     "Render the change report": 0, "Upload the change report": 0}, run_job.outputs
    check_change_table(repo, summary)


def test_a_registry_started_with_init_runs_its_workflow(tmp_path):
    project = project_copy(tmp_path / "recreg-source")
    repo = tmp_path / "registry-repo"
    result = recreg("init", repo, "--from-bundled", "--install", project)
    assert result.code == 0, result.err
    for argv in (["validate"], ["check", "--strict"], ["records", "--check"]):
        assert recreg("--registry", repo / "registry", *argv).code == 0, argv
    pull_request(repo)
    codes, summary = run_job(repo, repo / ".github" / "workflows" / "recreg.yml", tmp_path)
    assert set(codes.values()) == {0}, run_job.outputs
    check_change_table(repo, summary)
    # A broken edition fails the check, and the change table is still written.
    edit(repo / "registry" / "cws13.yaml", "number: 10\n", "number: 9\n")
    git(repo, "commit", "-qam", "Break numbering")
    codes, summary = run_job(repo, repo / ".github" / "workflows" / "recreg.yml", tmp_path)
    assert codes["Check the registry"] == 1 and codes["Write the change table to the job summary"] == 2


def test_init_starts_an_empty_registry_that_passes_its_checks(tmp_path, monkeypatch):
    repo = tmp_path / "empty"
    assert recreg("init", repo, "--install", "git+https://example.org/recreg.git@v0.2.0").code == 0
    assert sorted(p.name for p in repo.iterdir()) == [".github", ".pre-commit-config.yaml", "README.md", "comments",
                                                      "history", "registry", "schemas", "surveys"]
    assert "python -m pip install git+https://example.org/recreg.git@v0.2.0" in (repo / ".github/workflows/recreg.yml").read_text()
    # The editors' modeline resolves from registry/ to the copied schema.
    assert (repo / "registry" / "../schemas/edition.schema.json").resolve().is_file()
    monkeypatch.chdir(repo)
    for argv in (["validate"], ["check", "--strict"], ["records", "--check"], ["list"]):
        assert recreg(*argv).code == 0, argv
    # Found from inside it, though it holds no edition yet; the error says how to get a first one.
    assert recreg("new", "draft", "--from", "cws12").err_lines == [
        f"recreg: unknown edition 'cws12' in registry '{repo / 'registry'}' "
        "(expected an edition: the registry has none yet (recreg import FILE --as ID brings one in))"]
    # Its README starts an empty registry, not an amendment of an edition it does not hold.
    readme = (repo / "README.md").read_text(encoding="utf-8")
    assert "`recreg import annex.docx --as ID`" in readme and "cws12" not in readme
    assert "`python -m pip install git+https://example.org/recreg.git@v0.2.0`" in readme
    # Never over an existing registry.
    again = recreg("init", repo)
    assert again.code == 2 and "recreg init never overwrites" in again.err


def test_init_never_tells_editors_to_install_from_a_folder_of_this_machine(tmp_path):
    # This checkout is installed from its folder (pip install -e .): no other editor has that path.
    repo = tmp_path / "seeded"
    result = recreg("init", repo, "--from-bundled")
    assert result.code == 0 and "a folder on this machine" in result.err
    readme = (repo / "README.md").read_text(encoding="utf-8")
    assert str(ROOT) not in readme
    assert "the `pip install` line of `.github/workflows/recreg.yml`" in readme
    assert "`recreg new cws13 --from cws12`" in readme  # seeded: an amendment of the bundled edition
