"""The tracked annex's plan: which rows stand in both editions, which are deleted and inserted, and how comments name nodes.

Word and LibreOffice track a row's insertion and deletion, and the words within a row, but
not a column's deletion nor a row's move (LibreOffice 7.4 reads neither ``w:cellDel`` nor
a row moved). So a recommendation keeps one row, its words tracked, only where its place
agrees with the others' and both editions have the same columns; otherwise OLD's row is
deleted where it stood and NEW's inserted where it stands, whole, and accepting every
change gives NEW's table in NEW's order while rejecting every change gives OLD's, each with
its own columns. Comments name nodes as the annex does (``Recommendation 3(c) of the
draft``) and keep the addresses for tools in an ``ADDIN`` field.
"""

from __future__ import annotations

from dataclasses import dataclass


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
    kept = set() if split_all else {candidates[i].before.address for i in increasing([order[p.before.address] for p in candidates])}
    position = {rec.address: index for index, rec in enumerate(olds)}
    staying = sorted(position[address] for address in kept) + [len(olds)]  # where the rows that stay stand in OLD
    rows: list[PlannedRow] = []
    next_old = next_stay = 0
    for pair in news:
        old = pair.before
        if old is not None and old.address in kept:
            rows += [PlannedRow(rec, None, "delete") for rec in olds[next_old:position[old.address]]]
            rows.append(PlannedRow(old, pair.after, "equal"))
            next_old, next_stay = position[old.address] + 1, next_stay + 1
            continue
        if old is not None and next_old <= position[old.address] < staying[next_stay]:
            # The old row goes just before the new one when no row that stays stands between.
            rows += [PlannedRow(rec, None, "delete") for rec in olds[next_old:position[old.address] + 1]]
            next_old = position[old.address] + 1
        rows.append(PlannedRow(None, pair.after, "insert", pair))
    rows += [PlannedRow(rec, None, "delete") for rec in olds[next_old:]]
    return rows


def has_related(recs) -> bool:
    return any(rec.links or rec.new or any(action.links for action in rec.actions) for rec in recs)


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


def annex_name(address, edition=None) -> str:
    """Name a node as its document does: ``Recommendation 3(c)``, ``Recommendation 7(a)(ii)``, ``footnote 2 of
    Recommendation 6``; a control of a catalog by its label (``AC-2(c)``) when `edition` gives one."""
    rec = edition.recommendation(address.number) if edition is not None else None
    head = rec.label if rec is not None and rec.label else f"Recommendation {address.number}"
    if address.footnote is not None:
        return f"footnote {address.footnote} of {head}"
    return head + "".join(f"({part})" for part in (address.action, address.item) if part)


def annex_names(addresses: list, edition=None) -> str:
    """Name several nodes: ``Recommendation 8(a) and 8(b)``; ``Recommendation 2(a), 2(b) and 3(a)``."""
    names = [annex_name(address, edition) for address in addresses]
    names[1:] = [name.removeprefix("Recommendation ") for name in names[1:]]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def edition_name(edition, other) -> str:
    """Name an edition as a delegate would beside the other: ``the draft``, ``the adopted text``; its symbol when both stand alike."""
    if edition.status != other.status:
        return "the draft" if edition.status == "draft" else f"the {edition.status} text"
    return symbol(edition)


def diff_intro(result, plan: list[PlannedRow]) -> str:
    """Say what the tracked changes give: both editions, or for a filtered diff which recommendations it holds."""
    before, after = result.before, result.after
    news = [row.new for row in plan if row.new is not None]
    olds = [row.old for row in plan if row.old is not None]
    counts = f"Pairs: {len(result.pairs)}; changes: {len(result.changes)}."
    if len(news) == len(after.recommendations) and len(olds) == len(before.recommendations):
        return (f"Changes from {before.id} to {after.id} as tracked changes (author “recreg”): "
                f"accept them all for {after.id}, reject them all for {before.id}. {counts}")
    held = ", ".join(rec.address.local for rec in news) or "none"
    removed = [pair.before.address.local for pair in result.pairs if pair.after is None]
    gone = f", and {', '.join(removed)} of {before.id}, removed" if removed else ""
    return (f"Changes from {before.id} to {after.id} as tracked changes (author “recreg”), for {len(news)} of the "
            f"{len(after.recommendations)} recommendations of {after.id} ({held}{gone}): accepting them all gives "
            f"these recommendations as {after.id} words them, rejecting them all as {before.id} did. This document is "
            f"not a complete edition of either. {counts}")




def symbol(edition) -> str:
    """Return an edition's document symbol (``CWS/12/22``), or its id when it has none."""
    return edition.documents[0].symbol if edition.documents else edition.id
