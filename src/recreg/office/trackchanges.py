"""Word's tracked changes, written and resolved through python-docx's XML layer (lxml).

recreg writes only a few revision elements: ``w:ins`` and ``w:del`` around runs, the
same two in a paragraph mark's properties (a paragraph inserted or deleted) and in a table
row's properties (a row inserted or deleted), ``w:moveFrom``/``w:moveTo`` around moved runs
with their ``w:moveFromRangeStart``/``End`` and ``w:moveToRangeStart``/``End`` markers, and
comments anchored by ``w:commentRangeStart``/``End``. Each carries an id, the author and
the date. `resolve` does what Word's "Accept all" or "Reject all" does to that markup, so
that tests and `recreg import --tracked` can read either side of a tracked document.

Word and LibreOffice track the words of a table row and a whole row's insertion or
deletion, but not a column's deletion nor a row's move (LibreOffice 7.4 reads no
``w:cellDel``, and keeps a row that holds anything untracked, a comment's reference too).
`row_plan` lays the annex out within that: a recommendation keeps one row, its words
tracked, only where its place agrees with the others' and both editions have the same
columns; otherwise OLD's row is deleted where it stood and NEW's inserted where it stands,
whole, so that accepting every change gives NEW's table in NEW's order and rejecting every
change OLD's. `sequence` orders the actions or items within a row the same way, with moves.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Iterable
from dataclasses import dataclass

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
    moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch and epoch.isdigit() else dt.datetime.now(dt.UTC)
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
        return OxmlElement(
            tag, attrs={qn("w:id"): range_id, qn("w:author"): self.author, qn("w:date"): self.date, qn("w:name"): name}
        )

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


# Laying the annex out as tracked changes ---------------------------------------------------------


@dataclass
class PlannedRow:
    """A row of the tracked annex: an old and a new recommendation (either may be None), and what the row is.

    ``op`` is ``equal`` (the row stands in both editions; its words are tracked), ``delete``
    (only in OLD) or ``insert`` (only in NEW); ``was`` is the old partner of an inserted
    row whose recommendation moved in the table or changed its columns.
    """

    old: object
    new: object
    op: str
    pair: object = None  # the diff's pair, for an inserted row whose old side stands apart

    @property
    def was(self):
        """Return the old partner an inserted row's recommendation had, if it had one."""
        return self.pair.before if self.op == "insert" and self.pair is not None else None


def row_plan(before, pairs, split_all: bool = False) -> list[PlannedRow]:
    """Order the annex rows so that accepting every change gives NEW's order and rejecting gives OLD's.

    A pair stays one row, its words tracked, when its place agrees with the other pairs'
    (a longest run in OLD's order) and both sides have the same columns (`split_all` says
    they do not: Word and LibreOffice track no column deletion). Any other pair is a deleted
    row where OLD had it and an inserted row where NEW has it; a removed or added
    recommendation is one deleted or inserted row.
    """
    order = {rec.address: index for index, rec in enumerate(before.recommendations)}
    olds = sorted((p.before for p in pairs if p.before is not None), key=lambda rec: order[rec.address])
    news = [p for p in pairs if p.after is not None]
    candidates = [p for p in news if p.before is not None]
    kept = (
        set()
        if split_all
        else {candidates[i].before.address for i in increasing([order[p.before.address] for p in candidates])}
    )
    position = {rec.address: index for index, rec in enumerate(olds)}
    staying = sorted(position[address] for address in kept) + [len(olds)]  # where the rows that stay stand in OLD
    rows: list[PlannedRow] = []
    next_old = next_stay = 0
    for pair in news:
        old = pair.before
        if old is not None and old.address in kept:
            rows += [PlannedRow(rec, None, "delete") for rec in olds[next_old : position[old.address]]]
            rows.append(PlannedRow(old, pair.after, "equal"))
            next_old, next_stay = position[old.address] + 1, next_stay + 1
            continue
        if old is not None and next_old <= position[old.address] < staying[next_stay]:
            # The old row goes just before the new one when no row that stays stands between.
            rows += [PlannedRow(rec, None, "delete") for rec in olds[next_old : position[old.address] + 1]]
            next_old = position[old.address] + 1
        rows.append(PlannedRow(None, pair.after, "insert", pair))
    rows += [PlannedRow(rec, None, "delete") for rec in olds[next_old:]]
    return rows


def sequence(old_keys: list, new_keys: list, partner: dict, partnered: set) -> list[tuple]:
    """Order a level's entries for a tracked document: NEW's in order, OLD's where they stood.

    Pairs within the level whose order the longest increasing run keeps stay in place; the
    others changed places and are moves (shown at both places). Unpaired old entries (and
    those moved elsewhere) come right after the old entry that preceded them.

    Returns:
        (old key or None, new key or None, moved) triples; a moved pair appears twice, as
        (old, None, True) at its old place and (old, new, True) at its new one.
    """
    position = {key: index for index, key in enumerate(old_keys)}
    candidates = [(new, partner[new]) for new in new_keys if partner.get(new) in position]
    kept = increasing([position[old] for _, old in candidates])
    anchored = {candidates[i][1] for i in kept}
    entries: list[tuple] = []
    for new in new_keys:
        old = partner.get(new)
        if old in anchored:
            entries.append((old, new, False))
        elif old in position:
            entries.append((old, new, True))
        else:
            entries.append((old, new, old is not None))
    for index, old in enumerate(old_keys):
        if old in anchored:
            continue
        moved = any(o == old for o, n, m in entries if m) or old in partnered
        preceding = [o for o in old_keys[:index] if o in anchored or any(e[0] == o and e[1] is None for e in entries)]
        at = 0
        if preceding:
            last = preceding[-1]
            at = next(i for i, e in enumerate(entries) if e[0] == last and (e[1] is None or not e[2])) + 1
        entries.insert(at, (old, None, moved))
    return entries


def increasing(values: list[int]) -> list[int]:
    """Return the indices of a longest strictly increasing subsequence of `values` (patience sorting: n log n)."""
    tails: list[int] = []  # tails[k]: the index ending the smallest-valued increasing run of length k + 1
    previous: list[int | None] = [None] * len(values)
    for index, value in enumerate(values):
        length = _bisect(values, tails, value)
        previous[index] = tails[length - 1] if length else None
        if length == len(tails):
            tails.append(index)
        else:
            tails[length] = index
    found, at = [], tails[-1] if tails else None
    while at is not None:
        found.append(at)
        at = previous[at]
    return found[::-1]


def _bisect(values: list[int], tails: list[int], value: int) -> int:
    """Return the first position in `tails` whose value is not below `value`."""
    low, high = 0, len(tails)
    while low < high:
        middle = (low + high) // 2
        if values[tails[middle]] < value:
            low = middle + 1
        else:
            high = middle
    return low


def diff_intro(result, plan: list[PlannedRow]) -> str:
    """Say what the tracked changes give: both editions, or for a filtered diff which recommendations it holds."""
    before, after = result.before, result.after
    news = [row.new for row in plan if row.new is not None]
    olds = [row.old for row in plan if row.old is not None]
    counts = f"Pairs: {len(result.pairs)}; changes: {len(result.changes)}."
    if len(news) == len(after.recommendations) and len(olds) == len(before.recommendations):
        return (
            f"Changes from {before.id} to {after.id} as tracked changes (author “recreg”): "
            f"accept them all for {after.id}, reject them all for {before.id}. {counts}"
        )
    held = ", ".join(rec.address.local for rec in news) or "none"
    removed = [pair.before.address.local for pair in result.pairs if pair.after is None]
    gone = f", and {', '.join(removed)} of {before.id}, removed" if removed else ""
    return (
        f"Changes from {before.id} to {after.id} as tracked changes (author “recreg”), for {len(news)} of the "
        f"{len(after.recommendations)} recommendations of {after.id} ({held}{gone}): accepting them all gives "
        f"these recommendations as {after.id} words them, rejecting them all as {before.id} did. This document is "
        f"not a complete edition of either. {counts}"
    )
