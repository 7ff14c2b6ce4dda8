"""Comments from Word: a delegate's comments in a copy of the draft, and the same comments written back.

A Word comment holds free text. What the ISO comment form has in columns, a comment may say
in labelled paragraphs after its text, one label a paragraph (a paragraph without a label
continues the one before)::

    The action should not ask for the data free of charge only.
    Type: technical
    Proposed change: delete “free-of-charge or”
    Disposition: accepted in part (2024-06-30)
    Observation: The Task Force keeps the marginal cost.

``Type`` takes ``general``, ``technical``, ``editorial`` or the form's ``ge``, ``te``,
``ed`` (also as a tag opening the comment: ``te: The action ...``); ``Disposition`` a status
and an optional date; ``Author`` names the person who wrote it; ``Line`` the form's line
number. `word_text` writes a comment back in the same words, so an exported comment reads
back as itself.

The commenter is the Word comment's author (``Office A``; ``Japan Patent Office (jpo)``
gives the id too), or the office named with ``--office`` (the Word author then becomes the
comment's author): a delegation's copy is commented by its delegates.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..edition.address import Address
from ..edition.model import Edition
from ..office.word_comments import WordComment, node_words
from ..office.wordml import Note
from ..survey.importer import office_id
from .model import (
    DISPOSITIONS,
    NAME_PATTERN,
    TYPE_ABBREVIATIONS,
    TYPES,
    Comment,
    CommentSet,
    CommentSource,
    Disposition,
    locate_quote,
    make_quote,
)

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Drop the control characters a Word document cannot hold (tab and newline kept)."""
    return _CONTROL.sub("", text)


_LABEL = re.compile(
    r"^\s*(type|proposed changes?|disposition|observations?|author|line)\s*:\s*(.*)$", re.IGNORECASE | re.DOTALL
)
_FIELDS = {
    "type": "type",
    "proposed change": "proposed_change",
    "proposed changes": "proposed_change",
    "disposition": "disposition",
    "observation": "observation",
    "observations": "observation",
    "author": "author",
    "line": "line",
}
_TAG = re.compile(r"^\s*(?:\[(ge|te|ed)\]|(ge|te|ed)\s*:)\s*", re.IGNORECASE)
_DATED = re.compile(r"^(?P<status>.*?)\s*(?:[(,;]\s*(?P<date>[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?)\s*\)?)?\s*$")
_AUTHOR_ID = re.compile(r"^(?P<name>.+?)\s*\((?P<id>[a-z0-9][a-z0-9-]*)\)$")


class Unreadable(Exception):
    """A comment, cell or mapping entry that cannot be read; the message says what it holds and what was expected."""

    def __init__(self, message: str, expected: str | None = None):
        super().__init__(message)
        self.message, self.expected = message, expected


def comment_type(text: str) -> str:
    """Read a comment's type: general, technical, editorial, or the ISO form's ge, te, ed (any case).

    Raises:
        Unreadable: any other word.
    """
    word = " ".join(text.lower().split()).strip(" .")
    if word in TYPES:
        return word
    if word in TYPE_ABBREVIATIONS:
        return TYPE_ABBREVIATIONS[word]
    raise Unreadable(f"{text!r} is not a type of comment", "general, technical or editorial (ge, te, ed)")


# The words a Task Force writes for a decision, and the status each names.
STATUS_WORDS = {
    "accepted": "accepted",
    "accept": "accepted",
    "agreed": "accepted",
    "accepted in part": "accepted-in-part",
    "partly accepted": "accepted-in-part",
    "partially accepted": "accepted-in-part",
    "accepted in principle": "accepted-in-part",
    "accepted with modification": "accepted-in-part",
    "not accepted": "not-accepted",
    "rejected": "not-accepted",
    "declined": "not-accepted",
    "noted": "noted",
    "open": "open",
    "pending": "open",
    "to be decided": "open",
}


def disposition_status(text: str) -> str:
    """Read a disposition status in any case, with spaces, hyphens or underscores (``Accepted in part``, ``not_accepted``).

    Raises:
        Unreadable: a word that names no status.
    """
    words = " ".join(re.split(r"[\s_-]+", text.lower().strip(" .")))
    if words in STATUS_WORDS:
        return STATUS_WORDS[words]
    raise Unreadable(f"{text!r} is not a disposition", ", ".join(status.replace("-", " ") for status in DISPOSITIONS))


def status_from_observation(observation: str) -> str | None:
    """Return the status an observation opens with (``Accepted. ...``, ``Not accepted: ...``), or None."""
    head = re.split(r"[.:;,\n(]", observation.strip(), maxsplit=1)[0]
    try:
        return disposition_status(head)
    except Unreadable:
        return None


def word_fields(paragraphs: tuple[str, ...]) -> dict[str, str]:
    """Split a Word comment's paragraphs into its text and its labelled fields (see the module docstring).

    Raises:
        Unreadable: a type or disposition that cannot be read.
    """
    fields: dict[str, list[str]] = {"comment": []}
    current = "comment"
    for paragraph in paragraphs:
        found = _LABEL.match(paragraph)
        if found:
            current = _FIELDS[" ".join(found.group(1).lower().split())]
            fields.setdefault(current, []).append(found.group(2))
        else:
            fields.setdefault(current, []).append(paragraph)
    result = {key: "\n".join(lines).strip() for key, lines in fields.items()}
    result = {key: value for key, value in result.items() if value}
    tag = _TAG.match(result.get("comment", ""))
    if tag and "type" not in result:
        result["type"] = tag.group(1) or tag.group(2)
        result["comment"] = result["comment"][tag.end() :].strip()
        if not result["comment"]:
            del result["comment"]
    if "type" in result:
        result["type"] = comment_type(result["type"])
    if "disposition" in result:
        found = _DATED.match(result["disposition"])
        result["status"] = disposition_status(found.group("status"))
        if found.group("date"):
            result["decided"] = found.group("date")
    return result


def word_author(author: str) -> tuple[str, str | None]:
    """Return the commenter a Word author names: its id and display name (``Japan Patent Office (jpo)`` gives both)."""
    named = _AUTHOR_ID.match(author)
    if named and office_id(named.group("name")) != named.group("id"):
        return named.group("id"), named.group("name")
    identifier = office_id(author)
    return identifier, (author if author != identifier else None)


def author_label(commenter_id: str, name: str | None) -> str:
    """Return the Word author a commenter is written as, so that `word_author` reads the same commenter back."""
    if not name:
        return commenter_id
    return name if office_id(name) == commenter_id else f"{name} ({commenter_id})"


def from_word(
    comment: WordComment, edition: Edition, file: Path, office: tuple[str, str | None] | None
) -> tuple[Comment, str | None]:
    """Turn a Word comment read from a document into a comment (its id still to give) and its commenter's name.

    Args:
        office: the commenter (id, name) given with ``--office``; None takes the Word author.

    Raises:
        Unreadable: an empty comment, one without an author, an unreadable type or disposition.
    """
    fields = word_fields(comment.paragraphs)
    if "comment" not in fields and "proposed_change" not in fields:
        raise Unreadable("the comment is empty", "a comment, or a proposed change")
    author = fields.get("author")
    if office is not None:
        commenter, name = office
        if comment.author and comment.author not in (name, commenter) and author is None:
            author = comment.author
    elif comment.author:
        commenter, name = word_author(comment.author)
        if not NAME_PATTERN.match(commenter or "-"):
            raise Unreadable(f"its author {comment.author!r} gives no commenter id", "an author with letters or digits")
    else:
        raise Unreadable("the comment has no author", "say whose comments these are with --office NAME")
    quote = None
    at = f"Word comment {comment.word_id}, {comment.where}"
    if comment.address is not None and comment.start is not None:
        quoted = make_quote(node_words(edition.node(comment.address)), comment.start, comment.end)
        quote = quoted[0] if quoted else None
    if quote is None and comment.words:
        at += f": ‘{comment.words}’"
    status = fields.get("status") or (
        status_from_observation(fields["observation"]) if "observation" in fields else None
    )
    disposition = Disposition(status or "open", fields.get("observation"), fields.get("decided"))
    found = Comment(
        "",
        commenter,
        comment.address,
        disposition,
        CommentSource(file.name, at, comment.date),
        quote,
        fields.get("type"),
        fields.get("comment"),
        fields.get("proposed_change"),
        author,
        fields.get("line"),
    )
    return found, name


def word_text(comment: Comment) -> str:
    """Write a comment as a Word comment's text: its text, then its fields in labelled paragraphs (`word_fields` reads it)."""
    lines = [comment.comment] if comment.comment else []
    if comment.type:
        lines.append(f"Type: {comment.type}")
    if comment.proposed_change:
        lines.append(f"Proposed change: {comment.proposed_change}")
    disposition = comment.disposition
    if disposition.status != "open" or disposition.date or disposition.observation:
        lines.append(
            f"Disposition: {disposition.status.replace('-', ' ')}"
            + (f" ({disposition.date})" if disposition.date else "")
        )
    if disposition.observation:
        lines.append(f"Observation: {disposition.observation}")
    if comment.author:
        lines.append(f"Author: {comment.author}")
    if comment.line:
        lines.append(f"Line: {comment.line}")
    return "\n".join(lines)


def word_notes(found: CommentSet, edition: Edition) -> list[tuple[Note, Address | None, int | None, int | None]]:
    """Return a comment set's comments as Word comments anchored on the edition's words (`recreg.render.docx.render_commented`).

    Each is on its quote's words (where its context places them), else its whole node, else
    (a general comment) the edition's title; its author is the commenter (`author_label`).
    """
    notes = []
    for comment in found.comments:
        commenter = found.commenter(comment.commenter)
        note = Note(
            printable(word_text(comment)),
            printable(author_label(commenter.id, commenter.name)),
            None,
            comment.source.date if comment.source.date and _word_date(comment.source.date) else None,
        )
        start = end = None
        if comment.address is not None and comment.quote is not None:
            place = locate_quote(node_words(edition.node(comment.address)), comment.quote)
            start, end = place if place else (None, None)
        notes.append((note, comment.address, start, end))
    return notes


def _word_date(value: str) -> bool:
    """Tell whether a date is one Word records for a comment (a date and time, UTC)."""
    return bool(re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?Z", value))
