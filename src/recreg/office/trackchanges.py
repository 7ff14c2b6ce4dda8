"""Word's tracked changes, written and resolved through python-docx's XML layer (lxml).

recreg writes only a few revision elements: ``w:ins`` and ``w:del`` around runs, the
same two in a paragraph mark's properties (a paragraph inserted or deleted) and in a table
row's properties (a row inserted or deleted), ``w:moveFrom``/``w:moveTo`` around moved runs
with their ``w:moveFromRangeStart``/``End`` and ``w:moveToRangeStart``/``End`` markers, and
comments anchored by ``w:commentRangeStart``/``End``. Each carries an id, the author and
the date. `resolve` does what Word's "Accept all" or "Reject all" does to that markup, so
that tests and `recreg import --tracked` can read either side of a tracked document.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Iterable

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
AUTHOR = "recreg"


@functools.cache  # called for each element an import reads: a name looked up costs a tenth of one built
def qn(tag: str) -> str:
    """Return the Clark name of a ``w:`` tag (``w:ins`` -> ``{...main}ins``)."""
    prefix, _, local = tag.partition(":")
    assert prefix == "w", tag
    return f"{{{W}}}{local}"


def revision_date() -> str:
    """Return the date to stamp revisions with: now, or ``$SOURCE_DATE_EPOCH`` for reproducible output."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch and epoch.isdigit() else dt.datetime.now(dt.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class Revisions:
    """Make revision elements with unique ids, one author and one date."""

    def __init__(self, author: str = AUTHOR, date: str | None = None, first_id: int = 10_000):
        # Comment ids are python-docx's, from 0: revision ids start far above them.
        self.author = author
        self.date = date or revision_date()
        self._next = first_id
        self._range_ids: dict[tuple[str, str], int] = {}

    def _id(self) -> str:
        self._next += 1
        return str(self._next)

    def element(self, tag: str, children: Iterable = ()):
        """Return a revision element (``w:ins``, ``w:del``, ``w:moveFrom``, ``w:moveTo``) holding `children`."""
        from docx.oxml.parser import OxmlElement

        element = OxmlElement(tag, attrs={qn("w:id"): self._id(), qn("w:author"): self.author, qn("w:date"): self.date})
        for child in children:
            element.append(child)
        return element

    def range_start(self, side: str, name: str):
        """Return the ``w:moveFromRangeStart`` (side ``from``) or ``w:moveToRangeStart`` (``to``) of a named move."""
        from docx.oxml.parser import OxmlElement

        range_id = self._id()
        self._range_ids[(side, name)] = int(range_id)
        tag = "w:moveFromRangeStart" if side == "from" else "w:moveToRangeStart"
        return OxmlElement(tag, attrs={qn("w:id"): range_id, qn("w:author"): self.author, qn("w:date"): self.date, qn("w:name"): name})

    def range_end(self, side: str, name: str):
        """Return the end marker of a named move's range on one side."""
        from docx.oxml.parser import OxmlElement

        tag = "w:moveFromRangeEnd" if side == "from" else "w:moveToRangeEnd"
        return OxmlElement(tag, attrs={qn("w:id"): str(self._range_ids[(side, name)])})


TRACKED = {qn("w:ins"), qn("w:del"), qn("w:moveFrom"), qn("w:moveTo")}
_MARKERS = {qn(f"w:{kind}Range{end}") for kind in ("moveFrom", "moveTo") for end in ("Start", "End")}


def count_revisions(root) -> int:
    """Count the tracked changes under an element (runs, paragraph marks and rows)."""
    return sum(1 for element in root.iter() if element.tag in TRACKED)


def resolve(root, accept: bool) -> None:
    """Accept or reject every tracked change under an element, in place, as Word does.

    Accepting keeps insertions and the new place of moves and drops deletions and the old
    place; rejecting does the opposite. A paragraph whose mark goes joins the next one; a
    row that goes is removed with its cells. Formatting changes (``w:rPrChange``...) are
    dropped, keeping the current formatting either way (recreg writes none).

    Args:
        root: a document's body, a footnotes part, or any element holding tracked content.
        accept: True for "Accept all", False for "Reject all".
    """
    keep, drop = ({qn("w:ins"), qn("w:moveTo")}, {qn("w:del"), qn("w:moveFrom")})
    if not accept:
        keep, drop = drop, keep
    for row in list(root.iter(qn("w:tr"))):
        properties = row.find(qn("w:trPr"))
        if properties is not None and any(child.tag in drop for child in properties):
            row.getparent().remove(row)
        elif properties is not None:
            for child in [c for c in properties if c.tag in keep]:
                properties.remove(child)
    for paragraph in list(root.iter(qn("w:p"))):
        marks = paragraph.find(f"{qn('w:pPr')}/{qn('w:rPr')}")
        if marks is None:
            continue
        gone = any(child.tag in drop for child in marks)
        for child in [c for c in marks if c.tag in TRACKED]:
            marks.remove(child)
        following = paragraph.getnext()
        if gone and following is not None and following.tag == qn("w:p"):
            # The mark goes: this paragraph's content joins the next paragraph.
            start = 1 if len(following) and following[0].tag == qn("w:pPr") else 0
            for child in reversed([c for c in paragraph if c.tag != qn("w:pPr")]):
                following.insert(start, child)
            paragraph.getparent().remove(paragraph)
    for element in list(root.iter(*TRACKED, *_MARKERS, qn("w:rPrChange"), qn("w:pPrChange"))):
        parent = element.getparent()
        if parent is None:
            continue  # inside an element already removed
        if element.tag in drop or element.tag in _MARKERS or element.tag in {qn("w:rPrChange"), qn("w:pPrChange")}:
            parent.remove(element)
            continue
        index = parent.index(element)
        for child in reversed(list(element)):
            parent.insert(index, child)
        parent.remove(element)
    for deleted in list(root.iter(qn("w:delText"))):
        deleted.tag = qn("w:t")
