"""Start a registry repository of one's own: folders, schemas, workflow, hooks and an editors' README.

The layout is the one recreg finds by walking up from the working directory, and the one
its commands write into: ``registry/`` (the editions), ``schemas/`` (so the editors'
modeline ``$schema=../schemas/edition.schema.json`` resolves), ``history/`` (chronology
and change records), ``surveys/``, ``comments/``, and beside them the pull-request workflow, the
pre-commit hooks and a README for editors. ``--from-bundled`` seeds it with the editions,
history and lint baseline bundled with recreg.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from ..errors import Problem, RecregError
from ..fileio import check_writable, write_atomic
from ..resources import data_path
from ..version import __version__

WORKFLOW = Path(".github", "workflows", "recreg.yml")
PRE_COMMIT = Path(".pre-commit-config.yaml")
FOLDERS = ("registry", "schemas", "history", "history/records", "surveys", "comments")
_KEEP = {
    "history": "The chronology of decisions (chronology.yaml, checked against schemas/history.schema.json) "
    "and records/, the change records that `recreg records` writes.\n",
    "surveys": "Implementation surveys: `recreg survey import FILE --edition ID --as NAME` writes them here.\n",
    "comments": "Members' comments on a draft: `recreg comments import FILE --edition ID --as NAME` writes them here.\n",
}


def template(name: str) -> str:
    """Return the text of one of recreg's templates (``workflow.yml``, ``README.md``...)."""
    return resources.files("recreg").joinpath("templates", name).read_text(encoding="utf-8")


def workflow_text(install: str) -> str:
    """Return the pull-request workflow, installing recreg from `install` (a path, git URL or requirement)."""
    return template("workflow.yml").replace("{install}", _shell_word(install))


def install_source() -> tuple[str, str | None]:
    """Say where this recreg was installed from, so a new registry's CI can install the same.

    Read from the installation's ``direct_url.json`` (PEP 610): a git URL at its commit, an
    archive's URL, or a local folder; otherwise the released version.

    Returns:
        (requirement, warning): a warning when the source works on this machine only.
    """
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        recorded = distribution("recreg").read_text("direct_url.json")
    except PackageNotFoundError:
        recorded = None
    if not recorded:
        return f"recreg=={__version__}", None
    found = json.loads(recorded)
    url = found.get("url", "")
    vcs = found.get("vcs_info")
    if vcs and vcs.get("vcs") == "git":
        return f"git+{url}@{vcs.get('requested_revision') or vcs.get('commit_id')}", None
    if url.startswith("file://"):
        path = url.removeprefix("file://")
        return path, (
            f"the workflow installs recreg from {path}, a folder on this machine: before pushing, set the "
            "install line of .github/workflows/recreg.yml to a git URL with a tag (git+https://...@v0.2.0)"
        )
    return url, None


def readme_text(spec: str, local: bool, seeded: bool) -> str:
    """Return the editors' README: how to install recreg, and a first step that fits the registry.

    Args:
        spec: what the workflow installs recreg from.
        local: `spec` is a folder of this machine, which no other editor has: the README
            then points at the workflow's install line (to be set before pushing) instead.
        seeded: the registry holds the bundled editions (cws12 to amend); otherwise it is empty.
    """
    install = (
        "as the workflow does: the `pip install` line of `.github/workflows/recreg.yml`"
        if local
        else f"`python -m pip install {_shell_word(spec)}`"
    )
    if seeded:
        start = (
            "`recreg new cws13 --from cws12` copies an edition into a new draft that derives from it\n"
            "   (ids kept, so every recommendation is followed); or edit an existing file."
        )
        diff = "`recreg diff cws12 cws13` shows what you changed."
    else:
        start = (
            "the registry is empty: bring the first edition in from its document with\n"
            "   `recreg import annex.docx --as ID` (or a workbook or CSV), or write `registry/ID.yaml`\n"
            "   by hand; later, `recreg new NEW --from ID` starts an amendment of it."
        )
        diff = "`recreg diff ID NEW` shows what an amendment changed."
    return (
        template("README.md")
        .replace("{install_step}", install)
        .replace("{start_step}", start)
        .replace("{diff_step}", diff)
    )


def init_registry(target: Path, from_bundled: bool = False, install: str | None = None) -> tuple[list[Path], list[str]]:
    """Create a registry repository's files in a folder (new or existing, never overwriting).

    Args:
        target: the folder; created when missing.
        from_bundled: seed it with the editions, history and lint baseline bundled with recreg.
        install: what the workflow installs recreg from; default: where this recreg came from.

    Returns:
        The files written, and warnings to show.

    Raises:
        RecregError: the folder already holds a registry (or a file recreg would write), or
            lies inside an installed package.
    """
    check_writable(target / "registry")
    if target.exists() and not target.is_dir():
        raise RecregError(Problem("is a file, not a folder", file=str(target)))
    planned = {path: text for path, text in _files(from_bundled, install)}
    clashes = [path for path in (target / "registry", *(target / p for p in planned)) if path.exists()]
    if clashes:
        raise RecregError(
            Problem(
                f"already exists; recreg init never overwrites ({len(clashes)} of its files are there)",
                file=str(clashes[0]),
            )
        )
    warnings = [] if install else [warning for warning in [install_source()[1]] if warning]
    for folder in FOLDERS:
        (target / folder).mkdir(parents=True, exist_ok=True)
    written = []
    for relative, text in planned.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text)
        written.append(path)
    return written, warnings


def _files(from_bundled: bool, install: str | None) -> list[tuple[Path, str]]:
    """Return every file `init_registry` writes, as (path relative to the folder, text)."""
    spec, local = (install, None) if install else install_source()
    files = [
        (WORKFLOW, workflow_text(spec)),
        (PRE_COMMIT, template("pre-commit-config.yaml")),
        (Path("README.md"), readme_text(spec, local is not None, from_bundled)),
    ]
    files += [
        (Path("schemas", p.name), p.read_text(encoding="utf-8")) for p in sorted(data_path("schemas").glob("*.json"))
    ]
    files += [(Path(folder, "README.md"), text) for folder, text in _KEEP.items()]
    if from_bundled:
        for folder in ("registry", "history"):
            root = data_path(folder)
            files += [
                (Path(folder, p.relative_to(root)), p.read_text(encoding="utf-8"))
                for p in sorted(root.rglob("*"))
                if p.is_file() and p.suffix in {".yaml", ".md"}
            ]
        baseline = data_path("lint-baseline.yaml")
        if baseline.is_file():
            files.append((Path(baseline.name), baseline.read_text(encoding="utf-8")))
    return files


def _shell_word(text: str) -> str:
    """Quote a path or requirement for the workflow's shell line only where it needs it."""
    import shlex

    return text if shlex.quote(text) == text else shlex.quote(text)
