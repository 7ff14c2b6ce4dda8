"""The workflow's jobs, run as written: this repository's own workflow, and the one `recreg init` writes.

Each test makes a temporary repository with a base branch and an amendment branch, then
runs a job's shell steps in order, as GitHub Actions would: on a pull request, installing
recreg from the checkout into a fresh virtual environment, checking the registry, writing
the change table to the job summary, rendering the HTML report and building the site that
the upload steps take; on a push to main, building the site, packing it as
``actions/upload-pages-artifact`` packs it and unpacking it where ``actions/deploy-pages``
would publish it. The install is offline: the fresh environment sees this test
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
import tarfile
from pathlib import Path

from conftest import ROOT, recreg
from ruamel.yaml import YAML

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Ada Editor",
    "GIT_AUTHOR_EMAIL": "ada@example.org",
    "GIT_COMMITTER_NAME": "Ada Editor",
    "GIT_COMMITTER_EMAIL": "ada@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV, "HOME": str(repo)}
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True, env=env).stdout


def project_copy(target: Path) -> Path:
    """Copy this project's tracked files as they are in the work tree (what a pull request's checkout holds)."""
    listed = (
        subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        .stdout.decode()
        .split("\0")
    )
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
    edit(
        cws13,
        "and related legal framework, and regularly evaluated.",
        "and related legal framework, and evaluated every two years.",
    )
    edit(
        cws13,
        'text: "IP offices should develop and maintain their information security policy."',
        'text: "IP offices are encouraged to develop and maintain their information security policy."',
    )
    text = cws13.read_text(encoding="utf-8")
    r2c = (
        '      - label: c\n        text: "The International Bureau should provide a forum to discuss ICT strategies and other ICT '
        'issues considered to be of common interest, including their evaluation and updates, among IP offices."\n'
    )
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


def runs_on(condition: str, event: str) -> bool:
    """Evaluate a job's ``if:`` of the two forms the workflow uses: ``github.event_name == 'x'`` and ``!= 'x'``."""
    left, operator, right = condition.split(" ", 2)
    assert left == "github.event_name" and operator in {"==", "!="}, condition
    return (event == right.strip("'")) == (operator == "==")


def run_job(
    repo: Path, workflow: Path, tmp_path: Path, job: str = "check", event: str = "pull_request"
) -> tuple[dict[str, int], Path]:
    """Run a job's steps in order as plain shell, as Actions would on a pull request into main (or a push to it).

    Returns:
        Each named step's exit code (skipped steps absent), and the job summary file.
    """
    spec = YAML(typ="safe").load(workflow.read_text(encoding="utf-8"))
    assert runs_on(spec["jobs"][job]["if"], event), (job, event)
    assert [name for name, found in spec["jobs"].items() if runs_on(found["if"], event)] == [job]  # one job per event
    steps = spec["jobs"][job]["steps"]
    venv = tmp_path / "ci-venv"
    if not venv.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    site = next((venv / "lib").glob("python3*/site-packages"))
    (site / "test-environment.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    summary = tmp_path / "summary.md"
    env = {
        **os.environ,
        **GIT_ENV,
        "HOME": str(tmp_path),
        "PATH": f"{venv / 'bin'}:{os.environ['PATH']}",
        "GITHUB_EVENT_NAME": event,
        "GITHUB_STEP_SUMMARY": str(summary),
        "RUNNER_TEMP": str(tmp_path),
        # pip reads PIP_NO_BUILD_ISOLATION backwards: "0" turns build isolation off.
        "PIP_NO_INDEX": "1",
        "PIP_NO_BUILD_ISOLATION": "0",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }
    if event == "pull_request":
        env["GITHUB_BASE_REF"] = "main"
    env.pop("RECREG_REGISTRY", None)
    codes: dict[str, int] = {}
    outputs: dict[str, str] = {}
    failed = False
    for step in steps:
        if failed and step.get("if") != "always()" or "name" not in step:
            continue  # skipped, or checkout and setup-python: the repository and this Python stand for them
        if "run" in step:
            done = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=repo, env=env, capture_output=True, text=True)
            assert "Traceback" not in done.stderr, done.stderr
            codes[step["name"]] = done.returncode
            outputs[step["name"]] = done.stdout[-2000:] + done.stderr[-2000:]
        else:
            codes[step["name"]] = run_action(step, repo, tmp_path, spec["jobs"][job])
        failed = failed or codes[step["name"]] != 0
    run_job.outputs = outputs  # for a failing test's message
    return codes, summary


def run_action(step: dict, repo: Path, tmp_path: Path, job: dict) -> int:
    """Do what an upload or deploy action does here, on this machine; return its exit code."""
    action = step["uses"].split("@")[0]
    artifact = tmp_path / "artifact.tar"
    if action == "actions/upload-artifact":
        path = repo / step["with"]["path"]
        return 0 if path.is_file() or (path.is_dir() and any(path.iterdir())) else 1
    if action == "actions/upload-pages-artifact":
        # As the action packs a site: the folder's files, links followed, without .git, .github and hidden files.
        folder = repo / step["with"]["path"]
        if not folder.is_dir():
            return 1
        with tarfile.open(artifact, "w", dereference=True) as tar:
            for path in sorted(folder.rglob("*")):
                relative = path.relative_to(folder)
                if path.is_file() and not any(part.startswith(".") for part in relative.parts):
                    tar.add(path, arcname=f"./{relative.as_posix()}")
        return 0
    if action == "actions/deploy-pages":
        # Pages deploys the artifact of this run, and only from a job allowed to: pages and id-token written.
        allowed = job["permissions"].get("pages") == "write" and job["permissions"].get("id-token") == "write"
        if not (allowed and job["environment"]["name"] == "github-pages" and artifact.is_file()):
            return 1
        with tarfile.open(artifact) as tar:
            tar.extractall(tmp_path / "pages", filter="data")
        return 0
    raise AssertionError(f"the test does not know the action {action}")


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
    assert codes == {
        "Install recreg": 0,
        "Check the registry": 0,
        "Write the change table to the job summary": 0,
        "Render the change report": 0,
        "Upload the change report": 0,
        "Build the site": 0,
        "Upload the site": 0,
    }, run_job.outputs
    check_change_table(repo, summary)
    check_site(repo / "recreg-site")


def check_site(site: Path) -> None:
    """The pull request's site: the draft cws13 with its changes from cws12, its permalinks forwarding."""
    assert (site / "cws13" / "index.html").is_file() and (site / "changes" / "cws12" / "cws13" / "index.html").is_file()
    permalink = (site / "cws11" / "R4" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="../../rec/digital-transformation/index.html#cws11:R4">' in permalink
    page = (site / "rec" / "data-governance" / "index.html").read_text(encoding="utf-8")
    assert "cws12 R3 → cws13 R3" in page and "<ins>every two years</ins>" in page


def publish(repo: Path) -> None:
    """The registry on main, as a push to it leaves it."""
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "Registry as adopted")


def check_published(tmp_path: Path) -> None:
    """What Pages would serve: the whole site, its permalinks, search, without the hidden mark of a recreg site."""
    pages = tmp_path / "pages"
    assert (pages / "index.html").is_file() and (pages / "search" / "index.html").is_file()
    assert (pages / "assets" / "search-index.js").is_file() and (
        pages / "rec" / "emerging-technologies" / "index.html"
    ).is_file()
    assert "rec/digital-transformation/index.html#cws11:R4" in (pages / "cws11" / "R4" / "index.html").read_text(
        encoding="utf-8"
    )
    assert not [p for p in pages.rglob(".*")]


def test_this_repositorys_workflow_publishes_the_site_on_a_push_to_main(tmp_path):
    workflow = ROOT / ".github" / "workflows" / "recreg.yml"
    repo = project_copy(tmp_path / "repo")
    publish(repo)
    codes, _ = run_job(repo, workflow, tmp_path, job="site", event="push")
    assert codes == {
        "Install recreg": 0,
        "Build the site": 0,
        "Upload the site for GitHub Pages": 0,
        "Deploy to GitHub Pages": 0,
    }, run_job.outputs
    check_published(tmp_path)


def test_a_registry_started_with_init_runs_its_workflow(tmp_path):
    project = project_copy(tmp_path / "recreg-source")
    repo = tmp_path / "registry-repo"
    result = recreg("init", repo, "--from-bundled", "--install", project)
    assert result.code == 0, result.err
    for argv in (["validate"], ["check", "--strict"], ["records", "--check"]):
        assert recreg("--registry", repo / "registry", *argv).code == 0, argv
    pull_request(repo)
    codes, summary = run_job(repo, repo / ".github" / "workflows" / "recreg.yml", tmp_path)
    assert set(codes.values()) == {0} and len(codes) == 7, run_job.outputs
    check_change_table(repo, summary)
    check_site(repo / "recreg-site")
    # A broken edition fails the check, and the change table is still written.
    edit(repo / "registry" / "cws13.yaml", "number: 10\n", "number: 9\n")
    git(repo, "commit", "-qam", "Break numbering")
    shutil.rmtree(repo / "recreg-site")  # what the first run left: a new run starts from a fresh checkout
    (repo / "recreg-changes.html").unlink()
    codes, summary = run_job(repo, repo / ".github" / "workflows" / "recreg.yml", tmp_path)
    assert codes["Check the registry"] == 1 and codes["Write the change table to the job summary"] == 2
    assert codes["Build the site"] == 2 and codes["Upload the site"] == 1  # no site of a broken registry
    # Merged into main, the registry's site is published.
    git(repo, "checkout", "-q", "main")
    codes, _ = run_job(repo, repo / ".github" / "workflows" / "recreg.yml", tmp_path, job="site", event="push")
    assert set(codes.values()) == {0} and len(codes) == 4, run_job.outputs
    check_published(tmp_path)


def test_init_starts_an_empty_registry_that_passes_its_checks(tmp_path, monkeypatch):
    repo = tmp_path / "empty"
    assert recreg("init", repo, "--install", "git+https://example.org/recreg.git@v0.2.0").code == 0
    assert sorted(p.name for p in repo.iterdir()) == [
        ".github",
        ".pre-commit-config.yaml",
        "README.md",
        "comments",
        "history",
        "registry",
        "schemas",
        "surveys",
    ]
    assert (
        "python -m pip install git+https://example.org/recreg.git@v0.2.0"
        in (repo / ".github/workflows/recreg.yml").read_text()
    )
    # The editors' modeline resolves from registry/ to the copied schema.
    assert (repo / "registry" / "../schemas/edition.schema.json").resolve().is_file()
    monkeypatch.chdir(repo)
    for argv in (
        ["validate"],
        ["check", "--strict"],
        ["records", "--check"],
        ["list"],
        ["site", "-o", tmp_path / "site"],
    ):
        assert recreg(*argv).code == 0, argv
    # Found from inside it, though it holds no edition yet; the error says how to get a first one.
    assert recreg("new", "draft", "--from", "cws12").err_lines == [
        f"recreg: unknown edition 'cws12' in registry '{repo / 'registry'}' "
        "(expected an edition: the registry has none yet (recreg import FILE --as ID brings one in))"
    ]
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
