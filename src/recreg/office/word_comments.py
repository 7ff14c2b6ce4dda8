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
from ..errors import InvalidInput, Problem
from ..limits import check_package, excerpt
from .layout import ACTION, ITEM, split_label, split_number
from .trackchanges import count_revisions, qn
from .wordml import FOOTNOTES_URI

COMMENTS_URI = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
# What each reading of a tracked document leaves out: the text before the changes, or after.
_SKIPPED = {"before": ("w:ins", "w:moveTo"), "reject": ("w:ins", "w:moveTo"), "accept": ("w:del", "w:moveFrom")}


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


@dataclass
class _Para:
    """A paragraph of the document: where it stands, its text as read, and the edition text it holds."""

    where: str
    text: str = ""
    kind: str = "edition"  # segment, heading, related, unmatched or edition
    address: Address | None = None  # the node whose text it holds (segment), or the recommendation (heading, related)
    offset: int = 0  # where the node's text starts in the paragraph's text


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
    document = _open(path, found)
    if document is None:
        return found
    comments_part = _part(document, COMMENTS_URI)
    found.revisions = count_revisions(document.element.body)
    if comments_part is None:
        return found
    reader = _Reader(edition, tracked or "before", _footnote_start(document))
    reader.body(document.element.body)
    footnotes = _part(document, FOOTNOTES_URI)
    if footnotes is not None:
        reader.footnotes(footnotes)
    for comment in comments_part.iter(qn("w:comment")):
        word_id = comment.get(qn("w:id"), "")
        try:
            found.found.append(_comment(comment, word_id, reader))
        except _Unplaced as exc:
            found.problems.append(
                Problem(
                    str(exc),
                    file=f"{path}: Word comment {excerpt(word_id, 20)}",
                    expected=f"a comment on the text of {edition.id} (is this a copy of {edition.id}?)",
                )
            )
    return found


def _open(path: Path, found: WordComments):
    """Open a .docx with python-docx, or say in one line why it cannot be read."""
    import zipfile

    try:
        check_package(path)
    except InvalidInput as exc:
        found.problems.extend(exc.problems)
        return None
    if not zipfile.is_zipfile(path):
        found.problems.append(
            Problem(
                "not a Word document (not a zip file)", file=str(path), expected="a .docx saved by Word or LibreOffice"
            )
        )
        return None
    try:
        from docx import Document

        return Document(str(path))
    except Exception as exc:  # noqa: BLE001 - a damaged package: say so in one line, whatever broke
        found.problems.append(
            Problem(
                f"cannot read the Word document ({type(exc).__name__}: {excerpt(exc, 120)})",
                file=str(path),
                expected="a .docx saved by Word or LibreOffice",
            )
        )
        return None


def _part(document, reltype: str):
    """Return the root element of the main part's related part of a type, or None."""
    from docx.oxml.parser import parse_xml

    part = next(
        (rel.target_part for rel in document.part.rels.values() if rel.reltype == reltype and not rel.is_external), None
    )
    if part is None:
        return None
    return part.element if hasattr(part, "element") else parse_xml(part.blob)


def _footnote_start(document) -> int:
    """Return the number Word gives the first footnote (``w:numStart``; 1 by default)."""
    body = document.element.body
    start = body.find(f"{qn('w:sectPr')}/{qn('w:footnotePr')}/{qn('w:numStart')}")
    if start is None:
        start = document.settings.element.find(f"{qn('w:footnotePr')}/{qn('w:numStart')}")
    value = start.get(qn("w:val"), "1") if start is not None else "1"
    return int(value) if value.isdigit() and len(value) < 6 else 1


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


# --- reading the document -------------------------------------------------------------------------


class _Reader:
    """Read the paragraphs of a document in order, with the comment markers and the edition text each holds."""

    def __init__(self, edition: Edition, view: str, first_footnote: int):
        self.edition = edition
        self.skipped = {qn(tag) for tag in _SKIPPED[view]}
        self.view = view
        self.paras: list[_Para] = []
        self.marks: dict[str, dict[str, tuple[int, int]]] = {"start": {}, "end": {}, "reference": {}}
        self.pending: list[str] = []  # range starts met between paragraphs: they start the next one
        self.number = first_footnote - 1
        self.footnote_numbers: dict[str, tuple[int, Address | None]] = {}  # Word footnote id -> number, recommendation
        self.rec: Recommendation | None = None
        self.action: Action | None = None
        self.joining: tuple[_Para, int] | None = (
            None  # a paragraph whose mark this reading removes: the next continues it
        )

    def body(self, body) -> None:
        tables = 0
        annex: dict[int, str] | None = None
        width = 0
        for block in _blocks(body):
            if block.tag == qn("w:tbl"):
                tables += 1
                columns, header = _annex_columns(block), 1
                if columns is None and annex is not None and _width(block) == width:
                    columns, header = annex, 0  # the annex table continued after a page break, without its header
                if columns is not None and annex is None:
                    annex, width = columns, _width(block)
                self.table(block, tables, columns, header)
            elif block.tag == qn("w:p"):
                number = sum(not p.where.startswith(("table", "footnote")) for p in self.paras) + 1
                self.paragraph(block, _Para(f"paragraph {number}"))
            else:
                self.marker(block)

    def table(self, table, number: int, columns: dict[int, str] | None, header: int) -> None:
        r_index = 0
        for row in table:
            if row.tag != qn("w:tr"):
                self.marker(row)
                continue
            if self._row_skipped(row):
                continue
            r_index += 1
            grid = 0
            for c_index, cell in enumerate(c for c in row if c.tag == qn("w:tc")):
                role = (columns or {}).get(grid, "other") if columns is not None and r_index > header else None
                grid += _span(cell)
                merged = cell.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
                if role == "statement" and not (
                    merged is not None and merged.get(qn("w:val"), "continue") == "continue"
                ):
                    self.rec, self.action = None, None  # a new row: its recommendation is named in its first cell
                where = f"table {number}, row {r_index}, cell {c_index + 1}"
                for element in cell.iter(qn("w:p"), qn("w:commentRangeStart"), qn("w:commentRangeEnd")):
                    if element.tag != qn("w:p"):
                        if element.getparent() is cell:
                            self.marker(element)
                    elif not any(ancestor.tag == qn("w:p") for ancestor in element.iterancestors()):
                        self.paragraph(element, _Para(where), role or "outside")
            for marker in (m for m in row if m.tag != qn("w:tc")):
                self.marker(marker)

    def _row_skipped(self, row) -> bool:
        """Tell whether a table row is left out of the text read (inserted, or deleted, as a tracked change)."""
        properties = row.find(qn("w:trPr"))
        return properties is not None and any(
            properties.find(tag) is not None for tag in self.skipped if tag in (qn("w:ins"), qn("w:del"))
        )

    def marker(self, element) -> None:
        """Place a comment marker that stands between paragraphs: a start starts the next one, an end ends the last."""
        comment = element.get(qn("w:id"), "")
        if element.tag == qn("w:commentRangeStart"):
            self.pending.append(comment)
        elif element.tag in (qn("w:commentRangeEnd"), qn("w:commentReference")) and self.paras:
            kind = "end" if element.tag == qn("w:commentRangeEnd") else "reference"
            self.marks[kind].setdefault(comment, (len(self.paras) - 1, len(self.paras[-1].text)))
        for child in element:
            if child.tag in (qn("w:commentRangeStart"), qn("w:commentRangeEnd"), qn("w:commentReference")):
                self.marker(child)

    def paragraph(self, element, para: _Para, role: str | None = None, footnote: bool = False) -> None:
        if self.joining is not None and self.joining[0].where == para.where:
            para, index = self.joining  # the mark between them is an inserted (or deleted) one: one paragraph
        else:
            index = len(self.paras)
            self.paras.append(para)
        self.joining = None
        for comment in self.pending:
            self.marks["start"].setdefault(comment, (index, len(para.text)))
        self.pending = []
        parts: list[str] = [para.text]
        skip_mark: str | None = None
        for node in _walk(element, self.skipped):
            tag = node.tag
            if tag in (qn("w:t"), qn("w:delText")):
                if tag == qn("w:delText") and self.view not in ("before", "reject"):
                    continue
                text = node.text or ""
                if skip_mark is not None and text.strip() == skip_mark:
                    skip_mark = None
                    continue
                skip_mark = None
                parts.append(text)
            elif tag == qn("w:tab"):
                parts.append("\t")
            elif tag in (qn("w:br"), qn("w:cr")) and node.get(qn("w:type")) in (None, "textWrapping"):
                parts.append("\n")
            elif tag == qn("w:noBreakHyphen"):
                parts.append("\u2011")
            elif tag == qn("w:footnoteReference"):
                skip_mark = self.footnote_reference(node)
                parts.append(f"[^{self.number if skip_mark is None or not skip_mark.isdigit() else int(skip_mark)}]")
            elif tag in (qn("w:commentRangeStart"), qn("w:commentRangeEnd"), qn("w:commentReference")):
                kind = {qn("w:commentRangeStart"): "start", qn("w:commentRangeEnd"): "end"}.get(tag, "reference")
                self.marks[kind].setdefault(node.get(qn("w:id"), ""), (index, len("".join(parts))))
        para.text = "".join(parts)
        mark = element.find(f"{qn('w:pPr')}/{qn('w:rPr')}")
        following = element.getnext()
        if (
            mark is not None
            and any(mark.find(tag) is not None for tag in self.skipped)
            and following is not None
            and following.tag == qn("w:p")
        ):
            self.joining = (para, index)
            return
        if not footnote:
            self.place(para, role)

    def footnote_reference(self, node) -> str | None:
        """Number a footnote reference (Word's own numbering, or the custom mark after it); return a custom mark."""
        custom = node.get(qn("w:customMarkFollows")) in ("1", "true", "on")
        mark = None
        if custom:
            run = node.getparent()
            mark = "".join(t.text or "" for t in run.iter(qn("w:t"))).strip() or None
        if mark is None or not mark.isdigit():
            self.number += 1
            number = self.number
        else:
            number = int(mark)
        self.footnote_numbers[node.get(qn("w:id"), "")] = (number, self.rec.address if self.rec else None)
        return mark

    def footnotes(self, root) -> None:
        """Read the footnotes the text references, each paragraph holding its footnote's text."""
        for footnote in root.iter(qn("w:footnote")):
            number, rec = self.footnote_numbers.get(footnote.get(qn("w:id"), ""), (None, None))
            if number is None:
                continue
            node = self.edition.node(Address(rec.edition, rec.number, footnote=number)) if rec is not None else None
            for paragraph in footnote.iter(qn("w:p")):
                para = _Para(f"footnote {number}")
                self.paragraph(paragraph, para, footnote=True)
                body, mark = para.text.lstrip(), str(number)
                while node is not None and body.startswith(mark) and _matched(body, node.text) is None:
                    body = body[len(mark) :].lstrip()  # the footnote's own mark (twice, as LibreOffice writes it)
                if node is not None and body.strip() and _matched(body.strip(), node.text) is not None:
                    para.kind, para.address = "segment", node.address
                    para.offset = len(para.text) - len(body)
                else:
                    para.kind = "unmatched" if body.strip() else "edition"

    # Placing a paragraph on the edition --------------------------------------------------------

    def place(self, para: _Para, role: str | None) -> None:
        """Say which text of the edition a paragraph holds.

        Args:
            role: the annex column it stands in (``statement``, ``actions``, ``related``,
                ``other``); ``outside`` or None outside the annex table (its text placed
                when it is a node's, else the edition as a whole).
        """
        text = para.text
        inside = role not in (None, "outside")
        if role in ("related", "other") or (inside and not text.strip()):
            para.kind, para.address = ("related", self.rec.address) if self.rec is not None else ("edition", None)
            return
        stripped = text.strip()
        if not stripped:
            return
        number, rest = split_number(stripped)
        if (
            number is not None
            and role in ("statement", "outside", None)
            and self.edition.recommendation(number) is not None
        ):
            self.rec, self.action = self.edition.recommendation(number), None
            if not rest:
                para.kind, para.address = "heading", self.rec.address
                return
            stripped = rest
        found = self.match(stripped)
        if found is None:
            para.kind = "unmatched" if inside else "edition"
            return
        address, offset = found
        para.kind, para.address = "segment", address
        para.offset = len(text.rstrip()) - len(stripped) + offset

    def match(self, text: str) -> tuple[Address, int] | None:
        """Return the node whose text a paragraph holds (after its label, if any), and where it starts."""
        candidates = [(None, 0, text)]
        for pattern in (ACTION, ITEM):
            label, _, rest = split_label(pattern, text)
            if label is not None:
                candidates.insert(0, (label, len(text) - len(rest), rest))
        scopes = [self.rec] if self.rec is not None else []
        scopes.append(None)
        for scope in scopes:
            texts = (
                list(scope.texts())
                if scope is not None
                else [t for r in self.edition.recommendations for t in r.texts()]
            )
            for label, offset, rest in candidates:
                for address, node_text in texts:
                    if address.footnote is not None:
                        continue
                    own = address.item or address.action
                    if label is not None and own != label:
                        continue
                    start = _matched(rest, node_text)
                    if start is not None:
                        self.rec = self.edition.node(address.recommendation())
                        return address, offset + start
        return None


def _matched(text: str, node_text: str) -> int | None:
    """Tell whether a paragraph's text is a node's text (white space aside); return 0 when it is."""
    if text == node_text or " ".join(text.split()) == " ".join(node_text.split()):
        return 0
    return None


def _blocks(body):
    """Yield the body's paragraphs, tables and loose markers in order, inside content controls too."""
    for child in body:
        if child.tag in (qn("w:sdt"), qn("w:customXml")):
            content = child.find(qn("w:sdtContent")) if child.tag == qn("w:sdt") else child
            if content is not None:
                yield from _blocks(content)
        elif child.tag != qn("w:sectPr"):
            yield child


def _walk(element, skipped: set[str]):
    """Yield an element's descendants in document order, leaving out the subtrees of `skipped` tags."""
    stack = [iter(element)]
    while stack:
        node = next(stack[-1], None)
        if node is None:
            stack.pop()
            continue
        if not isinstance(node.tag, str) or node.tag in skipped:
            continue
        yield node
        stack.append(iter(node))


def _span(cell) -> int:
    span = cell.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
    value = span.get(qn("w:val"), "1") if span is not None else "1"
    return int(value) if value.isdigit() and 0 < int(value) < 1000 else 1


def _width(table) -> int:
    """Return how many grid columns a table's first row spans."""
    first = table.find(qn("w:tr"))
    return sum(_span(cell) for cell in first.findall(qn("w:tc"))) if first is not None else 0


def _annex_columns(table) -> dict[int, str] | None:
    """Return the grid columns of the annex table's statement, actions and Related cells, if its first row is the annex header."""
    first = table.find(qn("w:tr"))
    if first is None:
        return None
    columns: dict[int, str] = {}
    grid = 0
    for cell in first.findall(qn("w:tc")):
        text = " ".join("".join(t.text or "" for t in cell.iter(qn("w:t"))).split()).lower()
        role = (
            "actions"
            if "action" in text
            else "related"
            if "related" in text
            else "statement"
            if "recommendation" in text
            else None
        )
        if role is not None and role not in columns.values():
            columns[grid] = role
        grid += _span(cell)
    return columns if {"statement", "actions"} <= set(columns.values()) else None


# --- anchoring a comment --------------------------------------------------------------------------


def _comment(element, word_id: str, reader: _Reader) -> WordComment:
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


def _anchor(word_id: str, reader: _Reader) -> tuple[Address | None, int | None, int | None, str, str]:
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
