"""Edition history from git: the commits that changed an edition, each summarised by the diff engine."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timezone
from pathlib import Path

from ..edition.address import Address
from ..edition.load import decode_text
from ..edition.model import Edition
from ..edition.validate import read_edition
from ..engine.diff import DiffOptions, DiffResult, diff, empty_like, summarize
from ..engine.lineage import build_lineage, chain, earlier_numbers
from ..errors import InvalidInput, Problem, RecregError
from ..words import counted
from .refs import GitRepository, parse_range


@dataclass(frozen=True)
class LogEntry:
    """One commit that changed an edition (or the followed recommendation)."""

    commit: str
    author: str
    date: str  # ISO 8601, with the author's offset
    message: str
    summary: str
    address: Address | None  # the followed recommendation's address after this commit


def edition_log(
    path: Path,
    edition_id: str,
    follow: Address | None = None,
    rev: str = "HEAD",
    progress: Callable[[int, int], None] | None = None,
) -> list[LogEntry]:
    """List the commits that changed an edition file, newest first, with semantic summaries.

    Args:
        path: the edition file in a git work tree.
        edition_id: the edition's id (its file name without ``.yaml``).
        follow: a recommendation (by its number at `rev`) to follow back across
            renumbering; only commits that changed it are listed.
        rev: the newest revision to start from.
        progress: called with (done, total) after each commit, for a progress bar.

    Returns:
        The entries; a commit whose version of the file does not validate is summarised
        as such rather than stopping the log.
    """
    repo = GitRepository(path.parent)
    relative = repo.relative(path)
    commits = repo.commits_touching(relative, rev)
    if follow is not None:
        _check_followed(repo, relative, edition_id, follow, rev)
    entries: list[LogEntry] = []
    # Where the followed recommendation stands at each listed commit, carried from a commit
    # to its parents: along each side of a merge, whose numbering may differ from the other's.
    followed = follow.recommendation().with_edition(edition_id) if follow else None
    at: dict[str, Address] = {commits[0][0].hexsha: followed} if followed and commits else {}
    for done, (commit, parents) in enumerate(commits, start=1):
        if progress:
            progress(done, len(commits))
        if followed is not None and commit.hexsha not in at:
            continue  # a side of the history where the recommendation did not exist
        current = at.get(commit.hexsha)
        new = _edition_at(repo, commit, relative)
        parent = commit.parents[0] if commit.parents else None
        old = _edition_at(repo, parent, relative) if parent is not None else None
        if old is None and isinstance(new, Edition) and new.derives_from:
            summary, before = _added_summary(
                _edition_at(repo, commit, _sibling(relative, new.derives_from)), new, current
            )
        else:
            summary, before = _summary(old, new, current)
        if current is None or summary is not None:
            entries.append(_entry(commit, summary, current))
        if current is not None:
            _carry(repo, relative, at, (commit, parents, new, current), _older(summary, before, current))
    return entries


def _older(summary: str | None, before: Address | None, current: Address) -> Address | None:
    """Return the followed recommendation's address before a commit, None where the commit added it."""
    return current if summary is None and before is None else before


def _carry(repo: GitRepository, relative: str, at: dict, step: tuple, older: Address | None) -> None:
    """Set where the followed recommendation stands at each of a commit's parents in the listed history.

    Args:
        at: commit id -> address, filled in from children to parents.
        step: (the commit, its parents in the listed history, its edition, the address there).
        older: the address before the commit, against its first parent.
    """
    commit, parents, new, current = step
    if len(parents) == 1 and len(commit.parents) == 1:
        if older is not None:
            at.setdefault(parents[0].hexsha, older)
        return
    for parent in parents:  # a merge: each side is compared with the merged edition
        summary, before = _summary(_edition_at(repo, parent, relative), new, current)
        address = _older(summary, before, current)
        if address is not None:
            at.setdefault(parent.hexsha, address)


def _check_followed(repo: GitRepository, relative: str, edition_id: str, follow: Address, rev: str) -> None:
    """Refuse to follow a recommendation the edition does not have at the newest revision."""
    newest = _edition_at(repo, repo.commit(rev, "--rev"), relative)
    if isinstance(newest, Edition) and newest.node(follow.recommendation().with_edition(newest.id)) is None:
        raise RecregError(
            Problem(
                f"{follow.recommendation().with_edition(edition_id)} does not exist at {rev}",
                file="EDITION[:ADDRESS]",
                expected=f"one of R1 to R{len(newest.recommendations)}",
            )
        )


def _entry(commit, summary: str | None, current: Address | None) -> LogEntry:
    """Make the log's entry for a commit: who, when, its message's first line, and what it changed."""
    return LogEntry(
        commit=commit.hexsha,
        author=commit.author.name,
        date=datetime.fromtimestamp(commit.authored_date, UTC).astimezone(_offset(commit.author_tz_offset)).isoformat(),
        message=commit.message.strip().splitlines()[0] if commit.message.strip() else "",
        summary=summary or "no change to the followed recommendation",
        address=current,
    )


def _offset(seconds_west: int):
    from datetime import timedelta

    return timezone(-timedelta(seconds=seconds_west))


def _edition_at(repo: GitRepository, commit, relative: str) -> Edition | str | None:
    """Return the edition at a commit, None where the file did not exist, or why it cannot be read."""
    if commit is None:
        return None
    try:
        return _read_at(repo, commit, relative)
    except KeyError:
        return None  # no such file at that commit
    except InvalidInput as exc:
        return f"invalid at this commit ({exc.problems[0].format()})"


def _sibling(relative: str, edition_id: str) -> str:
    """Return the path of another edition's file in the same folder as an edition file."""
    folder = relative.rpartition("/")[0]
    return f"{folder}/{edition_id}.yaml" if folder else f"{edition_id}.yaml"


def _added_summary(base, new: Edition, current: Address | None) -> tuple[str | None, Address | None]:
    """Summarise the commit that added an edition: what it changed against the edition it derives from, as it stood then."""
    if not isinstance(base, Edition):
        return _summary(None, new, current)
    result = diff(base, new)
    if current is None:
        counts = ", ".join(f"{n} {kind}" for kind, n in result.counts().items()) or "no change"
        return f"edition added from {base.id} ({counted(len(new.recommendations), 'recommendation')}): {counts}", None
    pair = next((p for p in result.pairs if p.after is not None and p.after.number == current.number), None)
    if pair is None or pair.before is None:
        return f"R{current.number} added with the edition", None
    changes = summarize(replace(result, changes=pair.changes)) if pair.changes else "no change"
    return f"R{current.number} added with the edition, from {pair.before.address}: {changes}", None


def _summary(old, new, current: Address | None) -> tuple[str | None, Address | None]:
    """Summarise one commit's change, and find the followed recommendation's older address.

    Returns:
        (summary or None when the followed recommendation did not change, its address
        before the commit or None when it did not exist before).
    """
    if isinstance(new, str) or isinstance(old, str):
        return (new if isinstance(new, str) else old), current
    if new is None:
        return ("edition deleted" if current is None else None), None
    if old is None:
        count = len(new.recommendations)
        return f"edition added ({counted(count, 'recommendation')})", None
    result: DiffResult = diff(old, new)
    if current is None:
        return (summarize(result) if not result.same else "no change to the edition's content"), None
    pair = next((p for p in result.pairs if p.after is not None and p.after.number == current.number), None)
    if pair is None:
        return None, current  # not in this version: keep looking further back
    before = pair.before.address if pair.before else None
    if pair.before is None:
        return f"R{current.number} added", None
    # The pair's own changes: filtering by address would also catch the old recommendation
    # that had this number, since both versions share the edition id.
    return (summarize(replace(result, changes=pair.changes)) if pair.changes else None), before


@dataclass(frozen=True)
class FileDiff:
    """The diff of one edition file between two revisions.

    ``result`` compares what the file's edition derives from: itself at the base for a
    modified or renamed file, the edition it ``derives_from`` at the base for an added one
    (a draft started with ``recreg new``), nothing for a deleted one (all removed).
    """

    status: str  # added, deleted, modified, renamed
    old_path: str | None
    new_path: str | None
    result: DiffResult


@dataclass(frozen=True)
class DiffSet:
    """Every edition file that changed between two revisions, each with its diff."""

    spec: str
    base: str
    head: str
    files: tuple[FileDiff, ...]

    @property
    def same(self) -> bool:
        """Tell whether no edition changed."""
        return all(entry.result.same for entry in self.files)


def diff_revisions(folder: Path, spec: str, options=None, kinds=(), recommendation=None) -> DiffSet:
    """Diff every edition file added, changed, renamed or deleted between two revisions.

    Each file is compared along its lineage, not its name: an edition added on the branch
    with the edition it ``derives_from`` as it stood at the base, a modified or renamed
    one with itself at the base. Editions are labelled with the revisions as the user
    named them (``cws12@main → cws13@amend``).

    Args:
        folder: the registry folder, inside a git work tree.
        spec: ``BASE..HEAD``, or ``BASE...HEAD`` to start from their merge base.
        options: `DiffOptions` for each file's diff.
        kinds: keep only these kinds of change.
        recommendation: keep only this recommendation's changes.

    Raises:
        RecregError: not a git repository, a malformed range or unknown revisions.
        InvalidInput: an edition file that does not validate at one of the revisions.
    """
    from dataclasses import replace as with_fields

    repo = GitRepository(folder)
    registry = repo.relative(folder)
    changes, base, head = repo.changed_files(spec, registry)
    base_name, _, head_name = parse_range(spec)
    files = []
    for change in changes:
        old = _read_at(repo, base, change.old_path, base_name) if change.old_path else None
        new = _read_at(repo, head, change.new_path, head_name) if change.new_path else None
        if old is None and new is not None and new.derives_from:
            origin = f"{registry}/{new.derives_from}.yaml" if registry else f"{new.derives_from}.yaml"
            if _exists(base, origin):
                old = _read_at(repo, base, origin, base_name)
        if new is None:
            new = with_fields(empty_like(old), revision=head_name)
        if old is None:
            old = with_fields(empty_like(new), revision=base_name)
        earlier = {} if old.states_links else _earlier_at(repo, base, registry, old, base_name)
        result = diff(old, new, options or DiffOptions(), earlier)
        if kinds or recommendation is not None:
            try:
                result = result.filtered(kinds, recommendation)
            except RecregError:
                continue  # the recommendation asked for is not in this file: the others may have it
        files.append(FileDiff(change.status, change.old_path, change.new_path, result))
    if recommendation is not None and changes and not files:
        raise RecregError(Problem(f"{recommendation} is in no edition file changed in {spec}", file="--recommendation"))
    return DiffSet(spec, base.hexsha, head.hexsha, tuple(files))


def _earlier_at(repo: GitRepository, commit, registry: str, edition: Edition, name: str) -> dict:
    """Return the lineage an edition that states none inherits, traced through the editions it derives from as they stood at a commit."""

    def read(edition_id: str) -> Edition | None:
        path = f"{registry}/{edition_id}.yaml" if registry else f"{edition_id}.yaml"
        if not _exists(commit, path):
            return None
        try:
            return _read_at(repo, commit, path, name)
        except InvalidInput:
            return None  # an older edition that does not validate there: its lineage is not known

    return earlier_numbers(build_lineage({e.id: e for e in chain(edition, read)}), edition)


def _exists(commit, relative: str) -> bool:
    try:
        commit.tree[relative]
    except KeyError:
        return False
    return True


def _read_at(repo: GitRepository, commit, relative: str, name: str | None = None) -> Edition:
    """Read an edition file as it was at a commit; problems name it ``EDITION@REV``.

    Args:
        name: the revision as the user named it (``main``); default: the short commit id.
    """
    from dataclasses import replace as with_fields

    path = repo.top / relative
    name = name or commit.hexsha[:10]
    label = f"{path.stem}@{name}"
    raw = commit.tree[relative].data_stream.read()
    return with_fields(read_edition(path, decode_text(raw, label), label), revision=name)
