"""Take comments into the registry: read what Members sent, give each comment an id, write comments/NAME.yaml."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from ..edition.address import MAX_ID_LENGTH
from ..edition.address import edition_id as checked_id
from ..edition.model import Edition
from ..errors import InvalidInput, Problem, RecregError, Refused
from ..fileio import write_atomic
from ..limits import excerpt
from ..office.word_comments import WordComment, node_words, read_word_comments
from ..registry.folder import Registry
from ..survey.importer import office_id
from ..words import counted
from .model import (
    NAME_PATTERN,
    Comment,
    Commenter,
    CommentSet,
    check_comments_text,
    comments_beside,
    comments_text,
    locate_quote,
    read_comments,
    set_data,
)
from .table_import import TableComments, read_comment_tables, read_mapping
from .word_import import Unreadable, from_word

SUFFIXES = (".docx", ".xlsx", ".xlsm", ".csv")


@dataclass(frozen=True)
class CommentsWritten:
    """What an import of comments wrote, and what it read."""

    path: Path
    comments: CommentSet
    edition: Edition
    added: int  # comments added by this import
    word: int  # of which Word comments
    rows: int  # of which rows of comment tables
    revisions: int  # tracked changes met in Word documents: proposed edits, not comments


@dataclass
class _Read:
    comments: list[tuple[Comment, str | None]]
    notes: list[str]
    word: int = 0
    rows: int = 0
    revisions: int = 0


def check_name(name: str) -> str:
    """Accept a comment set's name (lower-case letters, digits and hyphens).

    Raises:
        RecregError: naming ``--as``.
    """
    if not NAME_PATTERN.match(name) or len(name) > MAX_ID_LENGTH:
        raise RecregError(
            Problem(
                f"{excerpt(repr(name), 80)} cannot name a comment set",
                file="--as",
                expected=f"lower-case letters, digits and hyphens, at most {MAX_ID_LENGTH}",
            )
        )
    return name


def import_comments_files(
    registry: Registry,
    files: list[Path],
    edition_ref: str,
    name: str,
    mapping: Path | None = None,
    sheet: str | None = None,
    office: str | None = None,
    title: str | None = None,
    replace_existing: bool = False,
    add: bool = False,
    tracked: str | None = None,
) -> CommentsWritten:
    """Import comments from Word documents and comment tables into ``comments/NAME.yaml`` beside the registry.

    Args:
        files: .docx copies of the edition with Word comments (or comment tables), .xlsx or .csv comment tables.
        office: the commenter of every comment that names none (a delegation's copy).
        replace_existing: replace the set if it exists; `add` adds to it instead, keeping its comments.
        tracked: read Word documents with their tracked changes ``accept``-ed or ``reject``-ed;
            None reads the text as it was before them (the text commented on).

    Raises:
        Refused: comments or cells that cannot be read or placed, each located; nothing written.
        RecregError: a usage error (bad name or edition, an existing set, a read-only registry).
    """
    check_name(name)
    edition_ref = checked_id(edition_ref, "--edition")
    registry.require_writable()
    edition = registry.edition(edition_ref)
    target = comments_beside(registry.root) / f"{name}.yaml"
    existing = _existing_set(registry, target, name, edition, replace_existing, add)
    _check_suffixes(files)
    commenter = (office_id(office), office if office_id(office) != office else None) if office else None
    if office is not None and not commenter[0]:
        raise RecregError(
            Problem(f"{office!r} gives no office id", file="--office", expected="a name with letters or digits")
        )
    read = _read_files(files, edition, read_mapping(mapping) if mapping else {}, sheet, commenter, tracked)
    found = _comment_set(existing, read, name, title or f"Comments on {edition.id}", edition)
    text = comments_text(set_data(found))
    checked, problems = check_comments_text(text, str(target), registry, name)
    if checked is None:  # the import builds only valid sets; say so rather than write a broken file
        raise RecregError(
            [Problem(f"internal error: the imported comments do not validate: {p.format()}") for p in problems]
        )
    target.parent.mkdir(exist_ok=True)
    write_atomic(target, text)
    return CommentsWritten(target, checked, edition, len(read.comments), read.word, read.rows, read.revisions)


def _existing_set(
    registry: Registry, target: Path, name: str, edition: Edition, replace_existing: bool, add: bool
) -> CommentSet | None:
    """Return the set to add to (with `add`), or None; refuse a set on another edition, or one not to be replaced."""
    existing = None
    if target.exists() and add:
        existing = read_comments(target, registry)
        if existing.edition != edition.id:
            raise RecregError(
                Problem(
                    f"comment set {name!r} is on {existing.edition}, not {edition.id}",
                    file="--edition",
                    expected=existing.edition,
                )
            )
    elif target.exists() and not replace_existing:
        raise RecregError(
            Problem(
                f"comment set {name!r} exists already",
                file=str(target),
                expected="another name, --add to add to it, or --replace",
            )
        )
    return existing


def _check_suffixes(files: list[Path]) -> None:
    """Refuse a file that is neither a Word document nor a comment table, before any is read."""
    for file in files:
        if file.suffix.lower() not in SUFFIXES:
            raise RecregError(
                Problem(
                    f"cannot read comments from a {file.suffix or 'file without extension'!r} file",
                    file=str(file),
                    expected="a .docx with Word comments, or an .xlsx, .csv or .docx comment table",
                )
            )


def _read_files(
    files: list[Path],
    edition: Edition,
    mapping: dict[str, str],
    sheet: str | None,
    office: tuple[str, str | None] | None,
    tracked: str | None = None,
) -> _Read:
    """Read every file's comments; refuse them all with every problem located when any cannot be read."""
    read = _Read([], [])
    problems: list[Problem] = []
    for file in files:
        try:
            if file.suffix.lower() == ".docx":
                words = read_word_comments(file, edition, tracked)
                problems += words.problems
                read.revisions += words.revisions
                if words.problems and not words.found:
                    continue  # a document that cannot be read is said once
                for comment in words.found:
                    try:
                        read.comments.append(from_word(comment, edition, file, office))
                        read.word += 1
                    except Unreadable as exc:
                        problems.append(
                            Problem(exc.message, file=f"{file}: Word comment {comment.word_id}", expected=exc.expected)
                        )
                tables = read_comment_tables(
                    file, edition, mapping, None, office, required=not words.found and not words.problems
                )
            else:
                tables = read_comment_tables(file, edition, mapping, sheet, office)
        except InvalidInput as exc:
            problems += exc.problems
            continue
        _take(read, tables)
    if problems:
        raise Refused(problems, f"{counted(len(problems), 'problem')}; nothing written")
    if not read.comments:
        raise Refused(
            [
                Problem(
                    "no comments in " + ", ".join(str(f) for f in files),
                    expected="Word comments, or rows of a comment table",
                )
            ],
            "nothing written",
        )
    return read


def _take(read: _Read, tables: TableComments) -> None:
    read.comments += tables.comments
    read.rows += len(tables.comments)
    read.notes += tables.notes


def _comment_set(existing: CommentSet | None, read: _Read, name: str, title: str, edition: Edition) -> CommentSet:
    """Put the comments read into a set: new ones in the edition's order, each with an id, after any kept."""
    commenters: dict[str, Commenter] = {c.id: c for c in existing.commenters} if existing else {}
    notes = list(existing.notes) if existing else []
    for comment, display in read.comments:
        known = commenters.get(comment.commenter)
        if known is None:
            commenters[comment.commenter] = Commenter(comment.commenter, display)
        elif display and known.name and display != known.name:
            note = f"Commenter {comment.commenter} is also written ‘{display}’ ({comment.source.file}, {comment.source.at})."
            notes.append(note)
        elif display and not known.name:
            commenters[comment.commenter] = Commenter(comment.commenter, display)
    notes += [note for note in read.notes if note not in notes]
    kept = list(existing.comments) if existing else []
    order = reading_order(edition)
    fresh = sorted(
        (comment for comment, _ in read.comments),
        key=lambda c: (order.get(c.address, -1), _start(c, edition), c.commenter),
    )
    numbers: dict[str, int] = {}
    for comment in kept:
        head, _, tail = comment.id.rpartition("-")
        if head == comment.commenter and tail.isdigit():
            numbers[head] = max(numbers.get(head, 0), int(tail))
    taken = {c.id for c in kept}
    for comment in fresh:
        number = numbers.get(comment.commenter, 0) + 1
        while f"{comment.commenter}-{number}" in taken:
            number += 1
        numbers[comment.commenter] = number
        taken.add(f"{comment.commenter}-{number}")
        kept.append(replace(comment, id=f"{comment.commenter}-{number}"))
    return CommentSet(
        name,
        existing.title if existing else title,
        edition.id,
        tuple(sorted(commenters.values(), key=lambda c: c.id)),
        tuple(kept),
        existing.date if existing else None,
        tuple(notes),
    )


def reading_order(edition: Edition) -> dict:
    """Return each node's place in the edition's reading order (a recommendation, its actions and sub-items, its footnotes)."""
    order: dict = {None: -1}
    for rec in edition.recommendations:
        order[rec.address] = len(order)
        for address, _ in rec.texts():
            order.setdefault(address, len(order))
    return order


def _start(comment: Comment, edition: Edition) -> int:
    if comment.address is None or comment.quote is None:
        return -1
    place = locate_quote(node_words(edition.node(comment.address)), comment.quote)
    return place[0] if place else -1


def imported_comments(edition: Edition, file: Path, found: list[WordComment]) -> CommentSet:
    """Keep the Word comments of a document imported as an edition: a comment set named after the edition.

    Raises:
        Refused: a comment that cannot be read (no author, an unreadable type); nothing written.
    """
    read = _Read([], [])
    problems = []
    for comment in found:
        try:
            read.comments.append(from_word(comment, edition, file, None))
        except Unreadable as exc:
            problems.append(Problem(exc.message, file=f"{file}: Word comment {comment.word_id}", expected=exc.expected))
    if problems:
        raise Refused(problems, f"{counted(len(problems), 'Word comment')} cannot be kept; nothing written")
    read.word = len(read.comments)
    return _comment_set(None, read, edition.id, f"Word comments in {file.name}, imported with {edition.id}", edition)


def write_imported(registry: Registry, found: CommentSet) -> Path:
    """Write the comments kept from an imported document beside the registry, checked against it."""
    target = comments_beside(registry.root) / f"{found.id}.yaml"
    text = comments_text(set_data(found))
    checked, problems = check_comments_text(text, str(target), registry, found.id)
    if checked is None:
        raise RecregError(
            [Problem(f"internal error: the kept comments do not validate: {p.format()}") for p in problems]
        )
    target.parent.mkdir(exist_ok=True)
    write_atomic(target, text)
    return target
