"""DOCX: an edition laid out as the CWS annexes are, and a diff as native Word tracked changes.

The annex: the title, the edition's introduction, then a table headed Recommendations |
Recommended Actions with one row per recommendation: its number and statement | its
lettered actions with roman sub-items | the "Related 40 Rec." column when the edition states
links; the edition's notes follow under "Notes". Footnotes are real Word footnotes keeping
their source numbers; the page header carries the document symbol.

A diff is NEW's annex with OLD's as tracked changes (author "recreg"): accepting every
change gives NEW's document, rejecting every change OLD's, each with its own columns and
order (`recreg.office.trackchanges.row_plan` plans which rows stay and which are deleted and inserted
whole). Within a row that stays, a renumbering is a tracked change of the number; an action
that moved between recommendations, or changed places within one, is a Word move
(``w:moveFrom``/``w:moveTo``) when both places stay; a split or merge inserts or deletes the
paragraph boundary; each change of normative phrase carries a comment (``weakened: should →
are encouraged to``), taken from the change's own details. Comments name nodes as the annex
does, the addresses kept for tools in an ``ADDIN`` field. A summary table of the pairs comes
before the annex; it holds the comments of rows inserted or deleted whole.
"""

from __future__ import annotations

from dataclasses import replace

from ..engine.textdiff import Edit, exact_diff, tokenize
from ..office.docx_annex import NOTES_HEADING
from ..office.layout import (
    action_label,
    annex_name,
    annex_names,
    edition_name,
    format_links,
    has_related,
    item_label,
    link_edition,
    recommendation_label,
    related_header,
    symbol,
)
from ..office.trackchanges import PlannedRow, diff_intro, row_plan, sequence
from ..office.word_comments import segment_starts, segments
from ..office.wordml import (
    BREAK,
    Bit,
    Cell,
    Comment,
    Layout,
    Node,
    Note,
    Para,
    Row,
    Table,
    ranged,
    text_bits,
    tracked_cell,
    write_document,
)
from . import RenderOptions
from .common import missing_label, pair_kinds, printable, rec_heading, relation_words, selection, side
from .disposition import (
    changed_labels,
    clause_label,
    disposition_facts,
    disposition_label,
    made_label,
    now_label,
    summary_headings,
    summary_rows,
    summary_values,
)

ITEM_INDENT = 360  # twips: sub-items stand a quarter inch in, as in the annex


def render_edition(edition, node, options: RenderOptions) -> bytes:
    """Render an edition (or the recommendations holding one node) as a DOCX in the annex layout."""
    whole = node is None or node is edition
    recs = list(edition.recommendations) if whole else selection(edition, node)[0]
    annex = _Annex(edition, edition)
    blocks = [_title_para([Bit(text=edition.title, bold=True)])]
    blocks += [Para([Bit(text=paragraph.text)]) for paragraph in edition.introduction]
    blocks.append(annex.table([(rec, rec) for rec in recs]))
    if whole and edition.notes:
        # Under their heading, so that `recreg import` reads them back as the notes they are.
        blocks += [Para(), Para([Bit(text=NOTES_HEADING, bold=True)])] + [
            Para([Bit(text=note)]) for note in edition.notes
        ]
    return write_document(Layout(_header(edition), blocks, annex.comments, edition.title))


def render_export(edition, options: RenderOptions) -> bytes:
    """Render a whole edition as a DOCX that `recreg import` reads back."""
    return render_edition(edition, None, options)


def render_commented(edition, notes: list, options: RenderOptions) -> bytes:
    """Render a whole edition as a DOCX with comments anchored on their words, as a delegate's copy holds them.

    Args:
        notes: (`Note`, address or None, start, end) for each comment: the node (None: the
            edition, on its title) and the characters of its words (`recreg.office.word_comments.node_words`)
            the comment covers (None: the whole node).
    """
    annex = _Annex(edition, edition)
    title = [Bit(text=edition.title, bold=True)]
    for note, address, start, end in notes:
        annex.annotate(note, title, address, start, end)
    table = annex.table([(rec, rec) for rec in edition.recommendations])
    return write_document(Layout(_header(edition), [_title_para(title), table], annex.comments, edition.title))


def render_diff(result, options: RenderOptions) -> bytes:
    """Render a diff as NEW's annex with tracked changes, after a summary table of the pairs."""
    before, after = result.before, result.after
    # Every pair, unchanged ones too: the alignment the diff was classified from.
    annex = _Annex(before, after, result.alignment, result.changes)
    related = (
        has_related([p.before for p in result.pairs if p.before]),
        has_related([p.after for p in result.pairs if p.after]),
    )
    plan = row_plan(before, result.pairs, split_all=related[0] != related[1])
    annex.shown_old = {row.old.address for row in plan if row.op == "equal"}
    annex.shown_new = {row.new.address for row in plan if row.op == "equal"}
    # A merge or split of recommendations is said on each of its rows, in a comment on the statement.
    annex.notes = {
        (p.before.address if p.before else None, p.after.address if p.after else None): "; ".join(
            relation_words(p, r) for r in p.relations
        )
        for p in result.pairs
        if p.relations
    }
    title = annex.bits(before.title, after.title, None, None, bold=True)
    table = annex.diff_table(plan, related)
    blocks = [_title_para(title), Para([Bit(text=diff_intro(result, plan))]), _summary(result, annex), Para()]
    blocks += annex.introduction()
    blocks.append(table)
    header = [f"{symbol(before)} → {symbol(after)}"]
    return write_document(Layout(header, blocks, annex.comments, f"{before.id} → {after.id}"))


def _title_para(bits: list[Bit]) -> Para:
    return Para(bits, align="center", size=12)


def _header(edition) -> list[str]:
    return [symbol(edition), "Annex"]


def _summary(result, annex) -> Table:
    """The pairs, one row each; a pair whose rows the annex inserts or deletes whole carries their comments here."""
    header = Row(
        [Cell([Para([Bit(text=t, bold=True)])]) for t in ("Old", "New", "What changed", "Lineage")], header=True
    )
    rows = [header]
    for pair in result.pairs:
        changes = ", ".join(pair_kinds(pair))
        directions = [c.details.get("direction") for c in pair.changes if c.kind == "modality"]
        if directions:
            changes += " (" + ", ".join(f"{directions.count(d)} {d}" for d in dict.fromkeys(directions) if d) + ")"
        lineage = ", ".join(str(a) for a in pair.lineage)
        cells = [Cell([Para([Bit(text=t)])]) for t in (side(pair.before), side(pair.after), changes, lineage)]
        key = (pair.before.address if pair.before else None, pair.after.address if pair.after else None)
        for comment in annex.row_comments.get(key, []):
            annex.comment(cells[2].paras[0].bits, comment)
        rows.append(Row(cells))
    return Table([0.12, 0.12, 0.5, 0.26], rows)


class _Annex:
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
        cells = [tracked_cell([label, statement]), tracked_cell(self.actions(old, new))]
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
        olds, news = [p.text for p in self.before.introduction], [p.text for p in self.after.introduction]
        paras = []
        for index in range(max(len(olds), len(news))):
            old = olds[index] if index < len(olds) else None
            new = news[index] if index < len(news) else None
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

    # Actions and items ---------------------------------------------------------------------

    def actions(self, old, new) -> list[Node]:
        """Return the nodes of a row's actions cell: NEW's actions in order, OLD's where they stood."""
        old_actions = list(old.actions) if old else []
        new_actions = list(new.actions) if new else []
        partner = self.action_partner
        entries = sequence([a.address for a in old_actions], [a.address for a in new_actions], partner, self.partnered)
        splits, merges = self.splits, self.merges
        nodes: list[Node] = []
        skip = set()
        for old_key, new_key, moved in entries:
            if new_key in skip or old_key in skip:
                continue
            a = self.before.node(old_key) if old_key else None
            b = self.after.node(new_key) if new_key else None
            if a is not None and b is not None and not moved:
                extra_new = splits.get(old_key, [])
                extra_old = merges.get(new_key, [])
                if (
                    extra_new
                    and _follow(new_actions, b, extra_new)
                    and not any(self.after.node(k).items for k in [new_key, *extra_new[:-1]])
                ):
                    parts = [b] + [self.after.node(k) for k in extra_new]
                    skip.update(extra_new)
                    nodes += self._joined([a], parts, new)
                    continue
                if (
                    extra_old
                    and _follow(old_actions, a, extra_old)
                    and not any(self.before.node(k).items for k in [old_key, *extra_old[:-1]])
                ):
                    parts = [a] + [self.before.node(k) for k in extra_old]
                    skip.update(extra_old)
                    nodes += self._joined(parts, [b], new)
                    continue
                nodes += self._action(a, b)
            elif b is not None:
                source = partner.get(new_key)
                if source is not None and self._shown(source, "old"):
                    nodes += self._action(self.before.node(source), b, "to")
                else:
                    nodes += self._action(None, b)
            else:
                target = self.action_of_old.get(old_key)
                if target is not None and self._shown(target, "new"):
                    nodes += self._action(a, None, "from")
                else:
                    nodes += self._action(a, None)
        return nodes

    def _shown(self, address, side_: str) -> bool:
        """Tell whether a move can show an action at both places: the rows of both ends stay in both editions."""
        return not self.tracked_row and address.recommendation() in (
            self.shown_old if side_ == "old" else self.shown_new
        )

    def _move_name(self, old_key) -> str:
        return self._moves.setdefault(old_key, f"recreg-move-{len(self._moves) + 1}")

    def _action(self, a, b, move: str | None = None) -> list[Node]:
        """Return the nodes of one action and its items: unchanged, changed, added, removed, or one end of a move."""
        name = self._move_name(a.address) if move and a is not None else None
        old_rec = self._rec(a, "old")
        new_rec = self._rec(b, "new")
        side_ = move
        if move == "from":
            # The old place of a move: the old action and items as they were.
            bits = self.bits(_text(a), _text(a), old_rec, old_rec, side="from", name=name)
            nodes = [Node(bits, True, False, side="from")]
            nodes += [
                Node(
                    self.bits(_text(i), _text(i), old_rec, old_rec, side="from", name=name),
                    True,
                    False,
                    ITEM_INDENT,
                    "from",
                )
                for i in a.items
            ]
            return ranged(nodes, "from", name)
        in_old, in_new = a is not None and move is None, b is not None
        # The new place of a move holds the new text as it is: LibreOffice (7.4) loses tracked
        # changes nested in a move, so what changed in the words is said in the comments.
        shown = a if move is None else b
        bits = self.bits(_text(shown), _text(b), old_rec if move is None else new_rec, new_rec, side=side_, name=name)
        self._place(b.address if b is not None else None, bits, len(action_label(b.label)) if b is not None else 0)
        if a is not None and b is not None:
            self._comment_modality(bits, a.address, b.address)
            if move == "to":
                self.comment(
                    bits,
                    Comment(
                        f"Moved here from {annex_name(a.address, self.before)} of {self.old_name}",
                        f"recreg moved {a.address} {b.address}",
                    ),
                )
        elif b is not None and self.was is not None:
            self._provenance(bits, b)
        nodes = [Node(bits, in_old, in_new, side=side_)]
        old_items = list(a.items) if a is not None and move is None else []
        new_items = list(b.items) if b is not None else []
        partner = self.item_partner
        if move == "to":
            entries = [(partner.get(i.address), i.address, False) for i in new_items]
        else:
            entries = sequence([i.address for i in old_items], [i.address for i in new_items], partner, self.partnered)
        for old_key, new_key, moved in entries:
            x = self.before.node(old_key) if old_key else None
            y = self.after.node(new_key) if new_key else None
            if moved and self.tracked_row:
                # No move inside a row inserted or deleted whole: the item stands on its row's side only.
                moved, x = False, (None if new_key is not None else x)
            if moved and new_key is not None:
                item_name = self._move_name(old_key)
                item_bits = self.bits(_text(y), _text(y), new_rec, new_rec, side="to", name=item_name)
                self._comment_modality(item_bits, x.address, y.address)
                nodes += ranged([Node(item_bits, False, True, ITEM_INDENT, "to")], "to", item_name)
            elif moved:
                item_name = self._move_name(old_key)
                item_bits = self.bits(_text(x), _text(x), old_rec, old_rec, side="from", name=item_name)
                nodes += ranged([Node(item_bits, True, False, ITEM_INDENT, "from")], "from", item_name)
            else:
                item_bits = (
                    self.bits(_text(x), _text(y), old_rec, new_rec, side=side_, name=name)
                    if move is None
                    else self.bits(_text(y), _text(y), new_rec, new_rec, side=side_, name=name)
                )
                if x is not None and y is not None:
                    self._comment_modality(item_bits, x.address, y.address)
                self._place(
                    y.address if y is not None else None, item_bits, len(item_label(y.label)) if y is not None else 0
                )
                nodes.append(Node(item_bits, x is not None and move is None, y is not None, ITEM_INDENT, side_))
        return ranged(nodes, "to", name) if move == "to" else nodes

    def _joined(self, olds: list, news: list, new_rec) -> list[Node]:
        """Return one split (an old action became consecutive new ones) or merge, as a paragraph boundary inserted or deleted."""
        old_rec, new_rec = self._rec(olds[0], "old"), self._rec(news[0], "new")
        old_text = BREAK.join(_text(a) for a in olds)
        new_text = BREAK.join(_text(b) for b in news)
        bits = self.bits(old_text, new_text, old_rec, new_rec)
        self._comment_modality(bits, olds[0].address, news[0].address)
        self.comment(bits, self._joined_comment([a.address for a in olds], [b.address for b in news]))
        # Only the last part may have sub-items (the caller checks): they follow the joined paragraph.
        nodes = [Node(bits, True, True)]
        nodes += [
            Node(self.bits(_text(i), None, old_rec, None), True, False, ITEM_INDENT) for a in olds for i in a.items
        ]
        nodes += [
            Node(self.bits(None, _text(i), None, new_rec), False, True, ITEM_INDENT) for b in news for i in b.items
        ]
        return nodes

    def _joined_comment(self, olds: list, news: list) -> Comment:
        """Say in the annex's words what a split or merge did: ``Split: Recommendation 6(a) of the draft became ...``."""
        verb = "split" if len(news) > 1 else "merged"
        text = f"{verb.capitalize()}: {annex_names(olds, self.before)} of {self.old_name} became {annex_names(news, self.after)}"
        return Comment(text, f"recreg {verb} {' '.join(map(str, olds))} {' '.join(map(str, news))}")

    def _provenance(self, bits: list[Bit], b) -> None:
        """Comment where an action of an inserted row came from: split, merged, moved, and its changes of modality."""
        partner = self.action_partner.get(b.address)
        split_from = next((old for old, parts in self.splits.items() if old == partner or b.address in parts), None)
        if split_from is not None:
            first = next(new for new, old in self.action_partner.items() if old == split_from)
            self.comment(bits, self._joined_comment([split_from], [first, *self.splits[split_from]]))
        elif self.merges.get(b.address):
            self.comment(bits, self._joined_comment([partner, *self.merges[b.address]], [b.address]))
        elif partner is not None and partner.recommendation() != self.was.address:
            self.comment(
                bits,
                Comment(
                    f"Moved here from {annex_name(partner, self.before)} of {self.old_name}",
                    f"recreg moved {partner} {b.address}",
                ),
            )
        if partner is not None:
            self._comment_modality(bits, partner, b.address)

    def _rec(self, node, side_: str):
        if node is None:
            return None
        return (self.after if side_ == "new" else self.before).node(node.address.recommendation())


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


def _text(node) -> str | None:
    """Return an action's or item's text with its label, as the annex writes it."""
    if node is None:
        return None
    if node.printed:
        return f"{node.printed} {node.text}"
    label = item_label(node.label) if node.address.item else action_label(node.label)
    return label + node.text


def _follow(actions: list, first, parts: list) -> bool:
    """Tell whether `parts` come right after `first` among `actions`, in order."""
    keys = [a.address for a in actions]
    start = keys.index(first.address)
    return keys[start + 1 : start + 1 + len(parts)] == list(parts)


def render_disposition(report, options: RenderOptions) -> bytes:
    """Render a disposition of comments as a Word document in landscape: the counts, then a table per commenter."""
    size = 8

    def cell(text: str, bold: bool = False) -> Cell:
        return Cell([Para([Bit(text=line, bold=bold)], size=size) for line in printable(text).split("\n")] or [Para()])

    summary = summary_rows(report)
    head = ["Commenter", *summary_headings(summary[-1][1])]
    counts = [Row([cell(h, True) for h in head], header=True)]
    counts += [Row([cell(label, label == "Total"), *(cell(str(n)) for n in summary_values(c))]) for label, c in summary]
    blocks: list = [
        _title_para([Bit(text=printable(f"Disposition of comments: {report.comments.title}"), bold=True)]),
        Para([Bit(text=printable(disposition_facts(report)))], size=9),
        Table([0.16] + [0.84 / (len(head) - 1)] * (len(head) - 1), counts),
    ]
    columns = (
        "Id",
        "Clause",
        "Type",
        "Comment",
        "Proposed change",
        "Observations",
        "Now at",
        "What changed there",
        "Proposed change made?",
    )
    for commenter, rows in report.by_commenter():
        blocks += [Para(), Para([Bit(text=printable(f"{commenter.label} ({commenter.id})"), bold=True)])]
        table = [Row([cell(c, True) for c in columns], header=True)]
        for row in rows:
            comment, placement = row.comment, row.placement
            clause = clause_label(comment.address) + (f"\n‘{comment.quote.exact}’" if comment.quote else "")
            changed = "\n".join(changed_labels(row, report.route))
            if placement.after is not None and placement.diff:
                changed += ("\n" if changed else "") + f"words now: ‘{placement.after}’"
            table.append(
                Row(
                    [
                        cell(comment.id),
                        cell(clause),
                        cell(comment.type or ""),
                        cell(comment.comment or ""),
                        cell(comment.proposed_change or ""),
                        cell(disposition_label(comment.disposition)),
                        cell(now_label(row)),
                        cell(changed or "—"),
                        cell(made_label(row)),
                    ]
                )
            )
        blocks.append(Table([0.07, 0.11, 0.06, 0.15, 0.13, 0.13, 0.11, 0.12, 0.12], table))
    blocks += [Para([Bit(text=printable(f"Note: {note}"), italic=True)], size=size) for note in report.comments.notes]
    return write_document(
        Layout(
            [f"Disposition of comments {report.comments.id}"],
            blocks,
            [],
            printable(f"Disposition of comments: {report.comments.title}"),
            landscape=True,
        )
    )
