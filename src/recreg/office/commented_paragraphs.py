"""Read the paragraphs of a Word document in order, with the comment markers in them and the edition text each holds.

`recreg.office.word_comments` anchors each comment on what this reads: every paragraph of
the body, the annex table and the footnotes, its text as the chosen reading of tracked
changes gives it, and the node of the edition whose text it holds.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..edition.address import Address
from ..edition.model import Action, Edition, Recommendation
from .layout import ACTION, ITEM, split_label, split_number
from .trackchanges import qn

# What each reading of a tracked document leaves out: the text before the changes, or after.
_SKIPPED = {"before": ("w:ins", "w:moveTo"), "reject": ("w:ins", "w:moveTo"), "accept": ("w:del", "w:moveFrom")}


@dataclass
class Paragraph:
    """A paragraph of the document: where it stands, its text as read, and the edition text it holds."""

    where: str
    text: str = ""
    kind: str = "edition"  # segment, heading, related, unmatched or edition
    address: Address | None = None  # the node whose text it holds (segment), or the recommendation (heading, related)
    offset: int = 0  # where the node's text starts in the paragraph's text


class ParagraphReader:
    """Read the paragraphs of a document in order, with the comment markers and the edition text each holds."""

    def __init__(self, edition: Edition, view: str, first_footnote: int):
        self.edition = edition
        self.skipped = {qn(tag) for tag in _SKIPPED[view]}
        self.view = view
        self.paras: list[Paragraph] = []
        self.marks: dict[str, dict[str, tuple[int, int]]] = {"start": {}, "end": {}, "reference": {}}
        self.pending: list[str] = []  # range starts met between paragraphs: they start the next one
        self.number = first_footnote - 1
        self.footnote_numbers: dict[str, tuple[int, Address | None]] = {}  # Word footnote id -> number, recommendation
        self.rec: Recommendation | None = None
        self.action: Action | None = None
        self.joining: tuple[Paragraph, int] | None = (
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
                self.paragraph(block, Paragraph(f"paragraph {number}"))
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
                        self.paragraph(element, Paragraph(where), role or "outside")
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

    def paragraph(self, element, para: Paragraph, role: str | None = None, footnote: bool = False) -> None:
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
                para = Paragraph(f"footnote {number}")
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

    def place(self, para: Paragraph, role: str | None) -> None:
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
