"""Read the Word comments of a document, each anchored on the words of an edition it covers.

A delegate's copy of a draft (recreg's export, or any document in the annex layout) carries
comments: Word keeps each one's text, author, initials and date in the comments part, and
marks the words it covers in the text (``w:commentRangeStart`` ... ``w:commentRangeEnd``;
only a ``w:commentReference`` for a comment on a point). Every paragraph of the annex table
is matched to the edition's text it holds, the way import reads it: "Recommendation N" (the
recommendation as a whole), the statement, "(a) ..." an action, "i. ..." a sub-item, and the
footnotes by their numbers. A comment is anchored on the smallest node holding every word it
covers, with where those words stand in the node's words (`node_words`); a comment on the
whole node has no such place. A comment on the Related column is on its recommendation; one
on the title, the text around the table or across recommendations is on the edition as a
whole. A comment on a paragraph of the table that holds none of the edition's texts (the
document is not a copy of that edition) is a problem, never placed elsewhere.

A document with tracked changes is read as it was before them (the text commented on) or,
given ``accept``/``reject``, as ``recreg import --tracked`` reads it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..edition.address import Address
from ..edition.model import Action, Edition, Recommendation
from ..errors import Problem
from ..limits import excerpt
from .annex_grammar import Imported
from .commented_paragraphs import ParagraphReader
from .docx_reader import first_footnote_number, open_word_document
from .trackchanges import count_revisions, qn
from .wordml import FOOTNOTES_URI

COMMENTS_URI = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"


# --- the words of a node ----------------------------------------------------------------------


def segments(node) -> list[tuple[Address, str]]:
    """Return the texts of a node in reading order, each with its address: its own text, then its parts'.

    A recommendation gives its statement, its actions with their sub-items, then its
    footnotes; an action its text, then its sub-items; a sub-item or footnote its text.
    """
    if isinstance(node, Recommendation):
        return list(node.texts())
    if isinstance(node, Action):
        return [(node.address, node.text)] + [(item.address, item.text) for item in node.items]
    return [(node.address, node.text)]


def node_words(node) -> str:
    """Return the words of a node: its texts in reading order (`segments`), joined by one space."""
    return " ".join(text for _, text in segments(node))


def segment_starts(node) -> dict[Address, int]:
    """Return where each text of a node starts in its words (`node_words`)."""
    starts, at = {}, 0
    for address, text in segments(node):
        starts[address] = at
        at += len(text) + 1
    return starts


# --- what is read -------------------------------------------------------------------------------


@dataclass(frozen=True)
class WordComment:
    """A Word comment, anchored on the edition.

    ``address`` is the node it is on (None: the edition as a whole); ``start`` and ``end``
    the characters of the node's words it covers (None: the whole node); ``words`` what it
    covers as the document writes it; ``where`` where that stands in the document.
    """

    word_id: str
    author: str
    initials: str | None
    date: str | None
    paragraphs: tuple[str, ...]
    address: Address | None
    start: int | None
    end: int | None
    words: str
    where: str


@dataclass
class WordComments:
    """The comments of a document, problems reading them, and its tracked changes (which are not comments)."""

    found: list[WordComment] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    revisions: int = 0


def has_comments(path: Path) -> bool:
    """Tell quickly whether a .docx has a comments part (most documents have none)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as package:
            return any(name.lower().endswith("comments.xml") for name in package.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False


def read_word_comments(path: Path, edition: Edition, tracked: str | None = None) -> WordComments:
    """Read a document's Word comments, each anchored on the edition's words it covers.

    Args:
        path: the .docx file.
        edition: the edition the document is a copy of.
        tracked: read a document with tracked changes with all of them ``accept``-ed or
            ``reject``-ed (as ``recreg import --tracked``); None reads the text as it was
            before them.

    Returns:
        The comments in document order, and the problems: a comment on text of the annex
        that is not the edition's, a document that cannot be read.
    """
    found = WordComments()
    # Opened and bounded as an annex is (recreg import): one reader's checks and messages.
    opened = Imported(str(path))
    document = open_word_document(path, opened)
    found.problems.extend(opened.problems)
    if document is None:
        return found
    comments_part = _part(document, COMMENTS_URI)
    found.revisions = count_revisions(document.element.body)
    if comments_part is None:
        return found
    numbering = Imported(str(path))
    first_footnote = first_footnote_number(document, document.element.body, numbering)
    found.problems.extend(numbering.problems)
    reader = ParagraphReader(edition, tracked or "before", first_footnote)
    reader.body(document.element.body)
    footnotes = _part(document, FOOTNOTES_URI)
    if footnotes is not None:
        reader.footnotes(footnotes)
    for comment in comments_part.iter(qn("w:comment")):
        word_id = comment.get(qn("w:id"), "")
        try:
            found.found.append(_comment(comment, word_id, reader))
        except _Unplaced as exc:
            if comment.get(qn("w:author"), "").strip() == "recreg":
                # recreg's own note on its diff document (a split, merge or move, said again by
                # `recreg diff`), on text one view no longer holds whole: no Member's comment is lost.
                continue
            found.problems.append(
                Problem(
                    str(exc),
                    file=f"{path}: Word comment {excerpt(word_id, 20)}",
                    expected=f"a comment on the text of {edition.id} (is this a copy of {edition.id}?)",
                )
            )
    return found


def _part(document, reltype: str):
    """Return the root element of the main part's related part of a type, or None."""
    from docx.oxml.parser import parse_xml

    part = next(
        (rel.target_part for rel in document.part.rels.values() if rel.reltype == reltype and not rel.is_external), None
    )
    if part is None:
        return None
    return part.element if hasattr(part, "element") else parse_xml(part.blob)


def _date(value: str | None) -> str | None:
    """Return a comment's date as written when it is a real one (LibreOffice writes 0-00-00 for none)."""
    if not value:
        return None
    try:
        dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value


class _Unplaced(Exception):
    """A comment on words the edition does not hold."""


# --- anchoring a comment --------------------------------------------------------------------------


def _comment(element, word_id: str, reader: ParagraphReader) -> WordComment:
    """Read one comment of the comments part and anchor it."""
    paragraphs = []
    for paragraph in element.iter(qn("w:p")):
        text = "".join(
            "\t" if n.tag == qn("w:tab") else "\n" if n.tag in (qn("w:br"), qn("w:cr")) else (n.text or "")
            for n in paragraph.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr"))
        )
        paragraphs.append(text)
    while paragraphs and not paragraphs[-1].strip():
        paragraphs.pop()
    address, start, end, words, where = _anchor(word_id, reader)
    return WordComment(
        word_id,
        element.get(qn("w:author"), "").strip(),
        element.get(qn("w:initials")) or None,
        _date(element.get(qn("w:date"))),
        tuple(paragraphs),
        address,
        start,
        end,
        words,
        where,
    )


def _anchor(word_id: str, reader: ParagraphReader) -> tuple[Address | None, int | None, int | None, str, str]:
    """Return where a comment is: its node (None: the edition), the characters of the node's words, the words, the place."""
    marks = reader.marks
    start = marks["start"].get(word_id) or marks["reference"].get(word_id)
    end = marks["end"].get(word_id) or marks["reference"].get(word_id) or start
    if start is None:
        return None, None, None, "", "anchored nowhere in the text"
    if end < start:
        start, end = end, start
    touched = []
    for index in range(start[0], end[0] + 1):
        para = reader.paras[index]
        first = start[1] if index == start[0] else 0
        last = end[1] if index == end[0] else len(para.text)
        touched.append((para, first, last))
    # A range ending at the very start of a paragraph (or starting at the very end of one) covers nothing there.
    covering = [t for t in touched if t[0].text[t[1] : t[2]].strip()] or touched[:1]
    words = " ".join(" ".join(para.text[a:b].split()) for para, a, b in covering).strip()
    where = (
        covering[0][0].where
        if covering[0][0].where == covering[-1][0].where
        else f"{covering[0][0].where} to {covering[-1][0].where}"
    )
    unmatched = [para for para, a, b in covering if para.kind == "unmatched"]
    if unmatched:
        raise _Unplaced(
            f"on ‘{excerpt(words or unmatched[0].text, 80)}’ ({where}), which is not the text of any node of "
            f"{reader.edition.id}"
        )
    if any(para.kind == "edition" for para, _, _ in covering):
        return None, None, None, words, where
    recs = {para.address.recommendation() for para, _, _ in covering}
    if len(recs) > 1:
        return None, None, None, words, f"{where}, across recommendations"
    return _on_node(covering, reader.edition, words, where)


def _on_node(covering: list, edition: Edition, words: str, where: str) -> tuple:
    """Anchor a comment within one recommendation: its smallest node, and the characters of its words covered."""
    pieces = [
        (para.address, max(a - para.offset, 0), max(b - para.offset, 0))
        for para, a, b in covering
        if para.kind == "segment"
    ]
    others = [para for para, _, _ in covering if para.kind != "segment"]
    if not pieces:
        rec = others[0].address
        return rec, None, None, words, where + (" (the Related column)" if others[0].kind == "related" else "")
    addresses = [address for address, _, _ in pieces] + [para.address for para in others]
    node = edition.node(_common(addresses))
    starts = segment_starts(node)
    texts = dict(segments(node))
    first, last = pieces[0], pieces[-1]
    start = starts[first[0]] + min(first[1], len(texts[first[0]]))
    end = starts[last[0]] + min(last[2], len(texts[last[0]]))
    full = node_words(node)
    table_end = (
        len(" ".join(text for address, text in segments(node) if address.footnote is None))
        if node.address.kind == "recommendation" and first[0].footnote is None
        else len(full)
    )
    if (start, end) == (0, table_end) or end <= start:
        return node.address, None, None, words, where
    return node.address, start, end, words, where


def _common(addresses: list[Address]) -> Address:
    """Return the smallest node holding every address (one recommendation's)."""
    chains = []
    for address in addresses:
        chain = [address]
        while chain[-1].kind not in ("recommendation", "edition"):
            chain.append(chain[-1].parent())
        chains.append(chain[::-1])
    common = chains[0]
    for chain in chains[1:]:
        length = 0
        while length < min(len(common), len(chain)) and common[length] == chain[length]:
            length += 1
        common = common[:length]
    return common[-1]
