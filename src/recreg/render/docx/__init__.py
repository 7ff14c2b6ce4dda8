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
before the annex; it holds the comments of rows inserted or deleted whole. The diff's own notes
and the edition facts that changed come before it, as lines; the editions' notes follow the
table under "Notes", OLD's changed into NEW's as the introduction is.

The annex table is `recreg.render.docx.annex`, its actions cells (moves, splits, merges)
`recreg.render.docx.actions`, the disposition of comments `recreg.render.docx.disposition`.
"""

from __future__ import annotations

from ...office.docx_annex import NOTES_HEADING
from ...office.layout import has_related, symbol
from ...office.trackchanges import diff_intro, row_plan
from ...office.wordml import (
    Bit,
    Cell,
    Layout,
    Para,
    Row,
    Table,
    write_document,
)
from .. import RenderOptions
from ..common import metadata_lines, pair_kinds, printable, relation_words, selection, side
from .annex import Annex, title_para

# Re-exported: `recreg.render.renderer` looks render_disposition up on this module.
from .disposition import render_disposition as render_disposition


def render_edition(edition, node, options: RenderOptions) -> bytes:
    """Render an edition (or the recommendations holding one node) as a DOCX in the annex layout."""
    whole = node is None or node is edition
    recs = list(edition.recommendations) if whole else selection(edition, node)[0]
    annex = Annex(edition, edition)
    blocks = [title_para([Bit(text=edition.title, bold=True)])]
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
    annex = Annex(edition, edition)
    title = [Bit(text=edition.title, bold=True)]
    for note, address, start, end in notes:
        annex.annotate(note, title, address, start, end)
    table = annex.table([(rec, rec) for rec in edition.recommendations])
    return write_document(Layout(_header(edition), [title_para(title), table], annex.comments, edition.title))


def render_diff(result, options: RenderOptions) -> bytes:
    """Render a diff as NEW's annex with tracked changes, after a summary table of the pairs."""
    before, after = result.before, result.after
    # Every pair, unchanged ones too: the alignment the diff was classified from.
    annex = Annex(before, after, result.alignment, result.changes)
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
    blocks = [title_para(title), Para([Bit(text=diff_intro(result, plan))])]
    # What the engine says of its own matching, as every other format shows it.
    blocks += [Para([Bit(text=printable(f"Note: {note}"), italic=True)]) for note in result.notes]
    blocks += _metadata(result) + [_summary(result, annex), Para()]
    blocks += annex.introduction()
    blocks.append(table)
    blocks += annex.edition_notes()
    header = [f"{symbol(before)} → {symbol(after)}"]
    return write_document(Layout(header, blocks, annex.comments, f"{before.id} → {after.id}"))


def _header(edition) -> list[str]:
    return [symbol(edition), "Annex"]


def _metadata(result) -> list[Para]:
    """The edition facts that changed, a line a field, as the other formats list them (none: nothing).

    Lines, not a table: tools and readers take the second table for the annex."""
    change = next((c for c in result.changes if c.kind == "metadata-changed"), None)
    if change is None:
        return []
    head = Para([Bit(text=f"Edition metadata changed: {', '.join(change.details['fields'])}", bold=True)])
    return [head] + [
        Para([Bit(text=printable(f"{name}: {old} → {new}"))], indent=360) for name, old, new in metadata_lines(change)
    ]


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
