"""Git access: edition files as they were at a revision, and what changed between revisions.

Revisions come from users, so they are resolved with GitPython's own parser
(`Repo.commit`), never handed to a git command line as an argument that could be taken
for an option; what reaches git afterwards is a resolved commit id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..errors import Problem, RecregError

# Characters git itself forbids in ref names, plus white space: refuse before parsing.
_BAD_REVISION = re.compile(r"[\s\x00-\x1f\x7f\\]|^-|\.\.\.?")


def parse_range(spec: str) -> tuple[str, str, str]:
    """Split ``BASE..HEAD`` or ``BASE...HEAD`` into base, dots and head, as the user wrote them.

    Raises:
        RecregError: the text is not a revision range.
    """
    match = re.fullmatch(r"(.+?)(\.\.\.?)(.+)", spec)
    if not match:
        raise RecregError(
            Problem(f"{spec!r} is not a revision range", file="--git", expected="BASE..HEAD or BASE...HEAD")
        )
    base, dots, head = match.groups()
    return base, dots, head


def check_revision(rev: str, label: str) -> None:
    """Refuse a revision that could act as an option or is not a plain revision.

    Raises:
        RecregError: the revision is empty, starts with ``-`` or holds forbidden characters.
    """
    if not rev or _BAD_REVISION.search(rev):
        raise RecregError(
            Problem(
                f"{rev!r} is not a revision recreg accepts",
                file=label,
                expected="a branch, tag, commit or expression such as HEAD~3 (not starting with '-')",
            )
        )


@dataclass(frozen=True)
class FileChange:
    """An edition file added, deleted, modified or renamed between two revisions."""

    status: str  # added, deleted, modified, renamed
    old_path: str | None
    new_path: str | None


class GitRepository:
    """The git repository that holds a registry folder."""

    def __init__(self, folder: Path):
        import git

        try:
            self.repo = git.Repo(folder, search_parent_directories=True)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise RecregError(
                Problem("not inside a git repository, so revisions cannot be read", file=str(folder))
            ) from None
        self.top = Path(self.repo.working_tree_dir).resolve()

    def relative(self, path: Path) -> str:
        """Return a path inside the work tree as git names it (POSIX, relative to the top)."""
        try:
            relative = PurePosixPath(path.resolve().relative_to(self.top)).as_posix()
        except ValueError:
            raise RecregError(Problem(f"{path} is outside the git repository at {self.top}", file=str(path))) from None
        return "" if relative == "." else relative  # the top itself: every path is inside it

    def commit(self, rev: str, label: str | None = None):
        """Resolve a revision to a commit.

        Raises:
            RecregError: the revision is malformed, unknown, or beyond a shallow clone's history.
        """
        import git
        from gitdb.exc import BadName, BadObject

        label = label or rev
        check_revision(rev, label)
        try:
            commit = self.repo.commit(rev)
            _ = commit.tree  # a shallow clone may know the name but lack the object
            return commit
        except NotImplementedError:
            # GitPython's parser reads @{N} but not @{yesterday} or @{upstream}.
            raise RecregError(
                Problem(
                    f"revision {rev!r} is of a form recreg does not read",
                    file=label,
                    expected="a branch, tag, commit, or one with ~N, ^N or @{N}",
                )
            ) from None
        except (BadName, BadObject, ValueError, IndexError, git.GitCommandError, KeyError):
            shallow = (Path(self.repo.git_dir) / "shallow").exists()
            reason = (
                "is unknown or outside this shallow clone's history (fetch more with git fetch --unshallow)"
                if shallow
                else "is unknown in this repository"
            )
            raise RecregError(Problem(f"revision {rev!r} {reason}", file=label)) from None

    def read(self, rev: str, path: str, label: str) -> bytes:
        """Return a file's bytes as they were at a revision.

        Raises:
            RecregError: unknown revision, or no such file at that revision.
        """
        commit = self.commit(rev, label)
        try:
            return commit.tree[path].data_stream.read()
        except KeyError:
            raise RecregError(Problem(f"{path} does not exist at {rev} ({commit.hexsha[:10]})", file=label)) from None

    def changed_files(self, spec: str, folder: str) -> tuple[list[FileChange], object, object]:
        """List the edition files changed between two revisions, ``BASE..HEAD`` or ``BASE...HEAD``.

        With three dots the base is the merge base of the two, as in ``git diff A...B``.

        Returns:
            The changes under `folder` (``*.yaml`` only), and the two commits compared.

        Raises:
            RecregError: malformed range or unknown revisions.
        """
        base_rev, dots, head_rev = parse_range(spec)
        base = self.commit(base_rev, "--git")
        head = self.commit(head_rev, "--git")
        if dots == "...":
            bases = self.repo.merge_base(base.hexsha, head.hexsha)
            if not bases:
                raise RecregError(Problem(f"{base_rev} and {head_rev} have no common ancestor", file="--git"))
            base = bases[0]
        changes = []
        for item in base.diff(head, paths=[folder] if folder else None):
            old, new = item.a_path if not item.new_file else None, item.b_path if not item.deleted_file else None
            if not any(p and p.endswith((".yaml", ".yml")) and _inside(p, folder) for p in (old, new)):
                continue
            status = (
                "added"
                if item.new_file
                else "deleted"
                if item.deleted_file
                else "renamed"
                if item.renamed_file
                else "modified"
            )
            changes.append(FileChange(status, old, new))
        return sorted(changes, key=lambda c: c.new_path or c.old_path), base, head

    def commits_touching(self, path: str, rev: str = "HEAD", label: str = "--rev") -> list[tuple[object, list]]:
        """Return the commits that changed a file, newest first, each with its parents in that history.

        Both sides of a merge are listed (a commit never before its children, otherwise by
        date), and a merge only where the file differs from each of its parents, as ``git
        log`` lists them. A commit's parents here are the nearest listed commits behind each
        of its real parents (git's rewritten parents), so a walk down the list can carry
        what it follows along every side of a merge: the file at such a parent is the file
        at the real parent it stands for.
        """
        head = self.commit(rev, label)
        # A resolved commit id and a path after `--`: nothing here can be read as an option.
        listing = self.repo.git.rev_list("--parents", "--date-order", head.hexsha, "--", path)
        rows = [line.split() for line in listing.splitlines() if line.strip()]
        commits = {sha: self.repo.commit(sha) for sha in {sha for row in rows for sha in row}}
        return [(commits[row[0]], [commits[sha] for sha in row[1:]]) for row in rows]


def _inside(path: str, folder: str) -> bool:
    """Tell whether a file stands directly in a folder ("" for the top), as an edition stands in its registry."""
    parent = PurePosixPath(path).parent.as_posix()
    return parent == (folder.rstrip("/") or ".")
