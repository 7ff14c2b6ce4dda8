"""Comments on an edition and their disposition, kept as data beside the registry.

A comment set (``comments/NAME.yaml``, beside ``registry/`` as ``surveys/`` is) names the
edition commented on, its commenters (an id, and a display name, as a survey's offices), and
its comments: who made it, the node it is on (``R3/c``; none for a general comment), the
words it quotes with a little context on each side (so that they can be found again after
the text changed), its type (general, technical, editorial), the comment, the proposed
change, and the disposition: a status (`DISPOSITIONS`), the Task Force's observation and
its date. Every comment records where it was read (the file, and the sheet and row, the
table and row, or the Word comment).

A comment file is checked like an edition: against ``schemas/comments.schema.json`` with
located errors, then for meaning (unique ids, commenters that exist, real dates), then
against the registry (its edition and nodes exist, and each quote is in its node's words).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..edition.address import Address, parse_address
from ..edition.document import DocumentKind, ProblemAt, check_document, checked, duplicate_problems, id_problems
from ..edition.formatting import round_trip_yaml
from ..edition.load import read_text
from ..errors import Problem, RecregError
from ..office.word_comments import node_words
from ..registry.history import period

if TYPE_CHECKING:  # pragma: no cover
    from ..registry.folder import Registry

COMMENTS_FOLDER = "comments"
SCHEMA_FILE = "comments.schema.json"
MODELINE = "# yaml-language-server: $schema=../schemas/comments.schema.json\n"
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# How `recreg.edition.load.file_kind` tells a comment set from an edition: its folder, or its top-level key.
COMMENTS_KIND = (COMMENTS_FOLDER, "commenters")

TYPES = ("general", "technical", "editorial")
TYPE_ABBREVIATIONS = {"ge": "general", "te": "technical", "ed": "editorial"}
DISPOSITIONS = ("accepted", "accepted-in-part", "not-accepted", "noted", "open")
DISPOSITION_LABELS = {status: status.replace("-", " ") for status in DISPOSITIONS}
CONTEXT = 32  # characters of context kept on each side of a quote


@dataclass(frozen=True, slots=True)
class Commenter:
    """A Member that commented: an IP office, a delegation."""

    id: str
    name: str | None = None

    @property
    def label(self) -> str:
        """Return the commenter's display name, else its id."""
        return self.name or self.id


@dataclass(frozen=True, slots=True)
class Quote:
    """The words a comment is on, with the words just before and after them."""

    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True, slots=True)
class Disposition:
    """What the Task Force decided: a status, its observation, and when."""

    status: str = "open"
    observation: str | None = None
    date: str | None = None


@dataclass(frozen=True, slots=True)
class CommentSource:
    """Where a comment was read: a file, the place in it, and the date the file gives it."""

    file: str
    at: str
    date: str | None = None


@dataclass(frozen=True, slots=True)
class Comment:
    """One comment on an edition, with its disposition."""

    id: str
    commenter: str
    address: Address | None  # None: the edition as a whole
    disposition: Disposition
    source: CommentSource
    quote: Quote | None = None
    type: str | None = None
    comment: str | None = None
    proposed_change: str | None = None
    author: str | None = None
    line: str | None = None

    def content(self) -> tuple:
        """Return what the comment says and where, without where it was read: two imports of one comment agree on it."""
        return (
            self.commenter,
            str(self.address) if self.address else None,
            self.quote,
            self.type,
            self.comment,
            self.proposed_change,
            self.disposition,
            self.author,
            self.line,
        )


@dataclass(frozen=True)
class CommentSet:
    """The comments of Members on an edition."""

    id: str
    title: str
    edition: str
    commenters: tuple[Commenter, ...]
    comments: tuple[Comment, ...]
    date: str | None = None
    notes: tuple[str, ...] = ()
    path: str | None = None

    def commenter(self, commenter_id: str) -> Commenter:
        """Return a commenter by id (one of the set's)."""
        return next(c for c in self.commenters if c.id == commenter_id)


# --- the folder ------------------------------------------------------------------------------


def comments_beside(registry_root: str | Path) -> Path:
    """Return the comments folder beside a registry folder (it may not exist yet)."""
    return Path(registry_root).parent / COMMENTS_FOLDER


def comment_files(registry_root: str | Path) -> list[Path]:
    """Return the comment files beside a registry folder, in name order (none when there is no folder)."""
    folder = comments_beside(registry_root)
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def comments_path(registry_root: str | Path, name: str, option: str = "NAME") -> Path:
    """Return the file a comment set's name (or a file) names.

    Raises:
        RecregError: no such comment set, naming those there are.
    """
    if name.endswith((".yaml", ".yml")) or "/" in name:
        path = Path(name)
        if not path.is_file():
            raise RecregError(Problem(f"no comment file {name!r}", file=option))
        return path
    path = comments_beside(registry_root) / f"{name}.yaml"
    if not path.is_file():
        known = ", ".join(p.stem for p in comment_files(registry_root)) or "none"
        raise RecregError(
            Problem(
                f"no comment set {name!r} in {str(comments_beside(registry_root))!r}",
                file=option,
                expected=f"one of {known}, or a comment file (recreg comments import writes them)",
            )
        )
    return path


# --- quotes ----------------------------------------------------------------------------------


def make_quote(words: str, start: int, end: int) -> tuple[Quote, int, int] | None:
    """Quote the characters start..end of a node's words, white space at both ends left out, with context.

    Returns:
        The quote and where its words are, or None when they are only white space.
    """
    while start < end and words[start].isspace():
        start += 1
    while end > start and words[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    prefix = words[max(0, start - CONTEXT) : start]
    if start - CONTEXT > 0 and not words[start - CONTEXT - 1].isspace():
        prefix = prefix.split(" ", 1)[1] if " " in prefix else ""  # whole words only
    suffix = words[end : end + CONTEXT]
    if end + CONTEXT < len(words) and not words[end + CONTEXT].isspace():
        suffix = suffix.rsplit(" ", 1)[0] if " " in suffix else ""
    return Quote(words[start:end], prefix, suffix), start, end


def locate_quote(words: str, quote: Quote) -> tuple[int, int] | None:
    """Find a quote in a node's words: its one occurrence, or the one its context fits best; None when absent."""
    found = [m.start() for m in re.finditer(re.escape(quote.exact), words)]
    if not found:
        return None

    def fit(start: int) -> tuple[int, int]:
        before, after = words[:start], words[start + len(quote.exact) :]
        shared_before = next((n for n in range(len(quote.prefix), 0, -1) if before.endswith(quote.prefix[-n:])), 0)
        shared_after = next((n for n in range(len(quote.suffix), 0, -1) if after.startswith(quote.suffix[:n])), 0)
        return shared_before + shared_after, -start

    start = max(found, key=fit)
    return start, start + len(quote.exact)


# --- reading and checking ----------------------------------------------------------------------


def check_comments(path: str | Path, registry: Registry | None) -> tuple[CommentSet | None, list[Problem]]:
    """Read a comment file and check it: schema, meaning, then against the registry.

    Returns:
        The `CommentSet` (None when it has errors) and every problem, located in the file.

    Raises:
        InvalidInput: the file cannot be read or parsed.
    """
    path = Path(path)
    return check_comments_text(read_text(path), str(path), registry, path.stem)


def check_comments_text(
    text: str, file: str, registry: Registry | None, expected_id: str | None = None
) -> tuple[CommentSet | None, list[Problem]]:
    """Check a comment set's text (see `check_comments`)."""
    return check_document(COMMENT_SET, text, file, registry, expected_id)


def read_comments(path: str | Path, registry: Registry | None) -> CommentSet:
    """Read and check a comment file.

    Raises:
        InvalidInput: the file is unreadable or has errors (all of them, located).
    """
    return checked(*check_comments(path, registry))


def _meaning_problems(data: dict, problem: ProblemAt, expected_id: str | None) -> list[Problem]:
    """Check what the schema cannot say: the id, real dates, unique ids, commenters that exist."""
    found = id_problems(data, problem, "comment set", expected_id)
    dates = [(["date"], data.get("date"))] + [
        (["comments", i, "disposition", "date"], c["disposition"].get("date")) for i, c in enumerate(data["comments"])
    ]
    for key_path, value in dates:
        if value is None:
            continue
        try:
            period(value)
        except ValueError:
            found.append(problem(key_path, f"{value!r} is not a calendar date", "a real date, such as 2024-06-30"))
    seen = duplicate_problems(
        [(["commenters", i, "id"], c["id"]) for i, c in enumerate(data["commenters"])], "commenter", problem, found
    )
    duplicate_problems(
        [(["comments", i, "id"], c["id"]) for i, c in enumerate(data["comments"])], "comment", problem, found
    )
    for index, comment in enumerate(data["comments"]):
        if comment["commenter"] not in seen:
            found.append(
                problem(
                    ["comments", index, "commenter"],
                    f"commenter {comment['commenter']!r} is not among the set's commenters",
                    "an id listed under commenters",
                )
            )
    return found


def _reference_problems(data: dict, registry: Registry, problem: ProblemAt) -> list[Problem]:
    """Check the set's edition, each comment's node, and that each quote is in its node's words.

    A quote that is not (or no longer) in its node is a warning: the edition may have been
    amended after the comments; the disposition shows the comment as orphaned.
    """
    known = registry.ids()
    if data["edition"] not in known:
        return [problem(["edition"], f"unknown edition {data['edition']!r}", "one of " + ", ".join(known))]
    try:
        edition = registry.edition(data["edition"])
    except RecregError:
        return []  # an invalid edition file reports its own problems
    found = []
    for index, comment in enumerate(data["comments"]):
        if "address" not in comment:
            if "quote" in comment:
                found.append(
                    problem(
                        ["comments", index, "quote"],
                        "a quote on a general comment (one without an address): where would it be found?",
                        "an address with the quote, or no quote",
                    )
                )
            continue
        node = edition.node(parse_address(comment["address"], edition.id))
        if node is None:
            found.append(
                problem(
                    ["comments", index, "address"],
                    f"{comment['address']} does not exist in {edition.id}",
                    f"a node of {edition.id}",
                )
            )
        elif "quote" in comment and locate_quote(node_words(node), _quote(comment["quote"])) is None:
            found.append(
                problem(
                    ["comments", index, "quote", "exact"],
                    f"the quoted words are not in {edition.id}:"
                    f"{comment['address']} (a typo, or the edition was amended since)",
                    "words of the node, exactly",
                    severity="warning",
                )
            )
    return found


def _quote(raw: dict) -> Quote:
    return Quote(raw["exact"], raw.get("prefix", ""), raw.get("suffix", ""))


def build_comments(data: dict, file: str | None = None) -> CommentSet:
    """Build the typed comment set from a document that passed the schema and meaning checks."""
    comments = []
    for raw in data["comments"]:
        disposition = raw["disposition"]
        source = raw["source"]
        comments.append(
            Comment(
                id=raw["id"],
                commenter=raw["commenter"],
                address=parse_address(raw["address"], data["edition"]) if "address" in raw else None,
                disposition=Disposition(disposition["status"], disposition.get("observation"), disposition.get("date")),
                source=CommentSource(source["file"], source["at"], source.get("date")),
                quote=_quote(raw["quote"]) if "quote" in raw else None,
                type=raw.get("type"),
                comment=raw.get("comment"),
                proposed_change=raw.get("proposed_change"),
                author=raw.get("author"),
                line=raw.get("line"),
            )
        )
    return CommentSet(
        data["id"],
        data["title"],
        data["edition"],
        tuple(Commenter(c["id"], c.get("name")) for c in data["commenters"]),
        tuple(comments),
        data.get("date"),
        tuple(data.get("notes") or ()),
        file,
    )


COMMENT_SET = DocumentKind("comment set", SCHEMA_FILE, _meaning_problems, _reference_problems, build_comments)


def comments_text(data: dict) -> str:
    """Return a comment set as canonical YAML (what ``recreg fmt`` leaves), with the schema modeline."""
    out = io.StringIO()
    round_trip_yaml().dump(data, out)
    return MODELINE + out.getvalue()


def comment_data(comment: Comment) -> dict:
    """Return a comment as plain data, keys in the schema's order (what a comment file holds)."""
    data: dict = {"id": comment.id, "commenter": comment.commenter}
    if comment.author:
        data["author"] = comment.author
    if comment.address is not None:
        data["address"] = comment.address.local
    if comment.quote is not None:
        data["quote"] = {
            "exact": comment.quote.exact,
            **({"prefix": comment.quote.prefix} if comment.quote.prefix else {}),
            **({"suffix": comment.quote.suffix} if comment.quote.suffix else {}),
        }
    for key in ("line", "type", "comment", "proposed_change"):
        if getattr(comment, key):
            data[key] = getattr(comment, key)
    disposition = comment.disposition
    data["disposition"] = {
        "status": disposition.status,
        **({"observation": disposition.observation} if disposition.observation else {}),
        **({"date": disposition.date} if disposition.date else {}),
    }
    data["source"] = {
        "file": comment.source.file,
        "at": comment.source.at,
        **({"date": comment.source.date} if comment.source.date else {}),
    }
    return data


def set_data(found: CommentSet) -> dict:
    """Return a comment set as plain data, in the schema's order."""
    data: dict = {"id": found.id, "title": found.title, "edition": found.edition}
    if found.date:
        data["date"] = found.date
    if found.notes:
        data["notes"] = list(found.notes)
    data["commenters"] = [{"id": c.id, **({"name": c.name} if c.name else {})} for c in found.commenters]
    data["comments"] = [comment_data(c) for c in found.comments]
    return data
