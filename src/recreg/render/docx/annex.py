"""The annex table in Word: its header, a row per recommendation (number and statement | actions | Related),
the texts of both sides as tracked changes with their footnotes, and the comments anchored on them."""

from __future__ import annotations

from dataclasses import replace
from difflib import SequenceMatcher

from ...engine.textdiff import Edit, exact_diff, similarity, tokenize
from ...office.docx_annex import NOTES_HEADING
from ...office.layout import (
    action_label,
    annex_name,
    edition_name,
    format_links,
    has_related,
    link_edition,
    recommendation_label,
    related_header,
)
from ...office.trackchanges import PlannedRow
from ...office.word_comments import segment_starts, segments
from ...office.wordml import (
    BREAK,
    Bit,
    Cell,
    Comment,
    Node,
    Note,
    Para,
    Row,
    Table,
    text_bits,
    tracked_cell,
)
from ..common import missing_label, pair_kinds, rec_heading
from .actions import ActionCells

# Below this share of words in common, a paragraph changed into another reads as one deleted and one inserted.
_REWORDED = 0.5


def title_para(bits: list[Bit]) -> Para:
    """Return a document's title paragraph: centred, 12 point."""
    return Para(bits, align="center", size=12)


class Annex(ActionCells):
    """Build the annex table of one edition (both sides the same, no alignment) or of a diff."""

    def __init__(self, before, after, alignment=None, changes: tuple = ()):
        self.before, self.after, self.alignment, self.changes = before, after, alignment, changes
        self.comments: list[Comment | Note] = []
        self.shown_old: set = {r.address for r in before.recommendations}
        self.shown_new: set = {r.address for r in after.recommendations}
        self.default: str | None = None
        self.notes: dict = {}  # (old, new) recommendation -> what to say of its row in a comment
        self._moves: dict = {}
        # Comment markers to put into an edition's own paragraphs as they are made: node address (or
        # ("heading", address)) -> (character of its text, "start" or "end" of the paragraph; the marker).
        self.pending: dict = {}
        self.statement_comments: list[
            Comment
        ] = []  # comments the actions of the row being laid out put on its statement
        self.tracked_row = False  # the row being laid out is inserted or deleted as a whole: no moves in it
        self.row_key: tuple = (None, None)  # its pair's (old, new) addresses
        self.row_comments: dict[tuple, list[Comment]] = {}  # the comments of such rows, by pair
        self.was = None  # the old partner of the inserted row being laid out, if it has one
        self.old_name, self.new_name = edition_name(before, after), edition_name(after, before)
        if alignment is None:  # an edition against itself: every node is its own partner
            self.action_partner = {a.address: a.address for r in after.recommendations for a in r.actions}
            self.item_partner = {
                i.address: i.address for r in after.recommendations for a in r.actions for i in a.items
            }
            self.splits, self.merges = {}, {}
        else:
            self.action_partner = {p.after: p.before for p in alignment.actions.pairs}
            self.item_partner = {p.after: p.before for p in alignment.items.pairs}
            self.splits, self.merges = alignment.splits, alignment.merges
        # Looked up for every node: indexed once (a table of thousands of rows would scan them for each).
        self.action_of_old = {old: new for new, old in self.action_partner.items()}
        self.item_of_old = {old: new for new, old in self.item_partner.items()}
        self.partnered = set(self.action_partner.values()) | set(self.item_partner.values())
        self.modality: dict[tuple, list] = {}
        for change in changes:
            if change.kind == "modality":
                for old in _addresses(change.before):
                    for new in _addresses(change.after):
                        self.modality.setdefault((old, new), []).append(change)

    def table(self, pairs: list[tuple]) -> Table:
        """Lay an edition's rows out: one per (old, new) recommendation pair, both the same recommendation."""
        recs = [r for pair in pairs for r in pair if r is not None]
        related = has_related(recs)
        self.default = link_edition({link.target.edition for r in recs for link in r.links})
        rows = [self._header(related, "equal", related)]
        rows += [self._row(PlannedRow(old, new, "equal"), related, related) for old, new in pairs]
        return Table(_widths(related), rows)

    def diff_table(self, plan: list[PlannedRow], related: tuple[bool, bool]) -> Table:
        """Lay a diff's rows out as planned; OLD's and NEW's headers apart when their columns differ."""
        recs = [r for row in plan for r in (row.old, row.new) if r is not None]
        self.default = link_edition({link.target.edition for r in recs for link in r.links})
        wide = related[0] or related[1]
        if related[0] == related[1]:
            rows = [self._header(wide, "equal", wide)]
        else:
            rows = [self._header(related[0], "delete", wide), self._header(related[1], "insert", wide)]
        for row in plan:
            columns = related[0] if row.op == "delete" else related[1] if row.op == "insert" else wide
            rows.append(self._row(row, columns, wide))
        return Table(_widths(wide), rows)

    def _header(self, related: bool, op: str, wide: bool) -> Row:
        """The annex's own header (both sources write "Recommendations"), a Related column when the rows have one."""
        texts = ["Recommendations", "Recommended Actions"] + ([related_header(self.default)] if related else [])
        cells = [Cell([Para([Bit(text=text, bold=True, op=op)])]) for text in texts]
        if wide and not related:
            cells[-1].span = 2
        return Row(cells, op, header=True)

    def _row(self, row: PlannedRow, related: bool, wide: bool) -> Row:
        """One recommendation's row: number and statement | actions | Related entries (or actions across both)."""
        old, new = row.old, row.new
        self.tracked_row, self.was = row.op != "equal", row.was
        self.row_key = (
            row.was.address if row.was is not None else old.address if old is not None else None,
            new.address if new is not None else None,
        )
        label = Node(self.bits(_label(old), _label(new), old, new, bold=True), old is not None, new is not None)
        self._place(("heading", new.address) if new is not None else None, label.bits, 0)
        if row.was is not None:
            kinds = ", ".join(pair_kinds(row.pair)) if row.pair is not None else ""
            self.comment(
                label.bits,
                Comment(
                    f"{annex_name(row.was.address, self.before)} of {self.old_name}, here as "
                    f"{annex_name(new.address, self.after)}" + (f": {kinds}" if kinds else ""),
                    f"recreg pair {row.was.address} {new.address}",
                ),
            )
        statement = self.statement(old, new)
        note = self.notes.get(self.row_key)
        if note:  # a merge or split of recommendations, said on each of its rows
            self.comment(statement.bits, note)
        self.statement_comments = []
        actions = self.actions(old, new)
        for comment in self.statement_comments:  # what the actions cell could not say on an action's own words
            self.comment(statement.bits, comment)
        cells = [tracked_cell([label, statement]), tracked_cell(actions)]
        if related:
            cells.append(
                tracked_cell(
                    [
                        Node(
                            self.bits(self._related(old), self._related(new), old, new),
                            old is not None,
                            new is not None,
                        )
                    ]
                )
            )
        elif wide:
            cells[-1].span = 2
        self.tracked_row, self.was = False, None
        return Row(cells, row.op)

    def introduction(self) -> list[Para]:
        """The annex's opening paragraphs, OLD's changed into NEW's; a paragraph only one side has is inserted or deleted."""
        return self._paragraphs([p.text for p in self.before.introduction], [p.text for p in self.after.introduction])

    def edition_notes(self) -> list[Para]:
        """The editions' notes under their heading after the table, as an export writes them, OLD's changed into NEW's."""
        olds, news = list(self.before.notes), list(self.after.notes)
        if not olds and not news:
            return []
        op = "equal" if olds and news else "insert" if news else "delete"
        heading = Para([Bit(text=NOTES_HEADING, bold=True, op=op)], mark=op)
        return [Para(mark=op), heading] + self._paragraphs(olds, news)

    def _paragraphs(self, olds: list[str], news: list[str]) -> list[Para]:
        """Paragraphs changed one by one: those kept stay, those changed are paired by position and their words
        tracked; one only one side has, or whose words have too little in common to read as an edit, is deleted or
        inserted whole."""
        pairs: list[tuple[str | None, str | None]] = []
        for _op, i1, i2, j1, j2 in SequenceMatcher(None, olds, news, autojunk=False).get_opcodes():
            for index in range(max(i2 - i1, j2 - j1)):
                old = olds[i1 + index] if i1 + index < i2 else None
                new = news[j1 + index] if j1 + index < j2 else None
                if old is not None and new is not None and similarity(old.split(), new.split()) < _REWORDED:
                    pairs += [(old, None), (None, new)]
                else:
                    pairs.append((old, new))
        paras = []
        for old, new in pairs:
            para = Para(self.bits(old, new, None, None))
            para.mark = "equal" if old is not None and new is not None else "insert" if old is None else "delete"
            paras.append(para)
        return paras

    # Texts ---------------------------------------------------------------------------------

    def bits(
        self,
        old: str | None,
        new: str | None,
        old_rec,
        new_rec,
        side: str | None = None,
        name: str | None = None,
        bold: bool = False,
        italic: bool = False,
    ) -> list[Bit]:
        """Return the bits of a text's change from `old` to `new` (None: absent on that side), footnotes with their bodies."""
        if old is None and new is None:
            return []
        if old is None:
            edits = [Edit("insert", new)] if new else []
        elif new is None:
            edits = [Edit("delete", old)] if old else []
        elif old == new:
            edits = [Edit("equal", old)] if old else []
        else:
            edits = exact_diff(old, new)
        found = []
        for edit in edits:
            for index, part in enumerate(edit.text.split(BREAK)):
                if index:
                    found.append(Bit("break", op=edit.op, side=side, name=name))
                for bit in text_bits(part, edit.op, side=side, name=name, bold=bold, italic=italic):
                    if bit.kind == "footnote":
                        bit.footnote = self._footnote_body(bit, old_rec, new_rec)
                    found.append(bit)
        return found

    def _footnote_body(self, bit: Bit, old_rec, new_rec) -> list[Bit]:
        number = int(bit.text)
        in_old = bit.op != "insert" and bit.side != "to"
        in_new = bit.op != "delete" and bit.side != "from"
        old_fn = old_rec.footnote(number) if old_rec is not None and in_old else None
        new_fn = new_rec.footnote(number) if new_rec is not None and in_new else None
        body = self.bits(old_fn.text if old_fn else None, new_fn.text if new_fn else None, None, None)
        self._place(new_fn.address if new_fn is not None else None, body, 0)
        return body

    def statement(self, old, new) -> Node:
        def text(rec):
            return None if rec is None else rec.statement if rec.statement is not None else missing_label(rec)

        missing = (new or old).statement is None
        bits = self.bits(text(old), text(new), old, new, italic=missing)
        if old is not None and new is not None:
            self._comment_modality(bits, old.address, new.address)
        elif new is not None and self.was is not None:
            self._comment_modality(bits, self.was.address, new.address)
        self._place(new.address if new is not None and not missing else None, bits, 0)
        return Node(bits, old is not None, new is not None)

    def _related(self, rec) -> str | None:
        if rec is None:
            return None
        lines = [format_links(list(rec.links), self.default)] if rec.links else []
        for action in rec.actions:
            if action.links:
                lines.append(action_label(action.label) + format_links(action.links, self.default))
        if rec.new:
            lines.append(rec.new.text)
        return BREAK.join(lines)

    # Comments ------------------------------------------------------------------------------

    def comment(self, bits: list[Bit], text: Comment, start: int = 0, end: int | None = None) -> None:
        """Anchor a comment on bits[start:end] (the whole paragraph by default)."""
        if self.tracked_row:
            # LibreOffice keeps a row holding a comment whichever way its changes go: the comments
            # of a row inserted or deleted whole are anchored on its pair's line of the summary.
            self.row_comments.setdefault(self.row_key, []).append(text)
            return
        number = len(self.comments)
        self.comments.append(text)
        end = len(bits) if end is None else end
        bits.insert(end, Bit("end", comment=number))
        bits.insert(start, Bit("comment", comment=number))

    def _place(self, key, bits: list[Bit], label: int) -> None:
        """Put the comment markers anchored on a paragraph of an edition's own text (not a diff's) into its bits."""
        if self.alignment is not None or key is None:
            return
        for position, marker in self.pending.pop(key, []):
            _insert(bits, 0 if position == "start" else None if position == "end" else label + position, marker)

    def annotate(self, note: Note, title: list[Bit], address, start: int | None, end: int | None) -> None:
        """Anchor a note on an edition's text, before the table is laid out: characters start..end of a node's
        words, a whole node, or (no node) the title."""
        number = len(self.comments)
        self.comments.append(note)
        node = self.after.node(address) if address is not None else None
        if node is None:
            _insert(title, 0, Bit("comment", comment=number))
            _insert(title, None, Bit("end", comment=number))
            return
        texts = [(a, t) for a, t in segments(node) if a.footnote is None or address.footnote is not None]
        if start is None:
            first = ("heading", address) if address.kind == "recommendation" else texts[0][0]
            self.pending.setdefault(first, []).append(("start", Bit("comment", comment=number)))
            self.pending.setdefault(texts[-1][0], []).append(("end", Bit("end", comment=number)))
            return
        starts = segment_starts(node)
        for offset, kind in ((start, "comment"), (end, "end")):
            segment, text = next(((a, t) for a, t in texts if starts[a] <= offset <= starts[a] + len(t)), texts[-1])
            self.pending.setdefault(segment, []).append(
                (min(offset - starts[segment], len(text)), Bit(kind, comment=number))
            )

    def _comment_modality(self, bits: list[Bit], before, after) -> None:
        """Comment each change of normative phrase between two nodes, on the words that changed."""
        changes = self.modality.get((before, after), [])
        if not changes:
            return
        regions = []  # (start, end) of runs of changed bits holding a normative phrase
        index = 0
        while index < len(bits):
            if bits[index].kind != "text" or bits[index].op == "equal":
                index += 1
                continue
            end = index
            while end < len(bits) and bits[end].kind in ("text", "footnote") and bits[end].op != "equal":
                end += 1
            changed = "".join(b.text for b in bits[index:end] if b.kind == "text")
            if any(t.modal for t in tokenize(changed)):
                regions.append((index, end))
            index = end
        for change, region in reversed(list(zip(changes, regions + [None] * len(changes)))):
            details = change.details
            text = f"{details.get('direction', 'changed')}: {details.get('before')} → {details.get('after')}"
            data = f"recreg modality {details.get('direction', 'changed')} {_field_ref(change.before)} {_field_ref(change.after)}"
            self.comment(bits, Comment(text, data), *(region or (0, None)))


def _insert(bits: list[Bit], position: int | None, marker: Bit) -> None:
    """Put a comment marker into a paragraph's bits at a character of its text (None: the end), splitting a run there.

    A footnote reference counts as its marker ``[^N]`` does in the text; markers already at
    that character stay before it.
    """
    at = 0
    for index, bit in enumerate(bits):
        size = len(bit.text) if bit.kind == "text" else len(f"[^{bit.text}]") if bit.kind == "footnote" else 0
        if bit.kind == "footnote" and position is not None and at < position < at + size:
            position = at + size  # not inside a reference: after it
        if position is not None and at <= position < at + size:
            if position > at:  # within a run: split it
                bits[index : index + 1] = [
                    replace(bit, text=bit.text[: position - at]),
                    replace(bit, text=bit.text[position - at :]),
                ]
                index += 1
            bits.insert(index, marker)
            return
        at += size
    bits.append(marker)


def _field_ref(value) -> str:
    """Write a change's node (or nodes, joined by +) for the tools' field."""
    return "+".join(str(a) for a in _addresses(value)) or "-"


def _widths(related: bool) -> list[float]:
    return [0.42, 0.43, 0.15] if related else [0.45, 0.55]


def _addresses(value) -> tuple:
    if value is None:
        return ()
    return value if isinstance(value, tuple) else (value,)


def _label(rec) -> str | None:
    if rec is None:
        return None
    return f"{rec_heading(rec)}:" if rec.label else recommendation_label(rec.number)
