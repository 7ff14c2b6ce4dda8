"""Markdown output (GitHub-flavoured): change tables for a pull request, and the edition as a document.

Every registry text is escaped twice over: HTML (``<``, ``>``, ``&`` become entities, so
no tag in a text survives) and Markdown (a backslash before the characters that would
start emphasis, code, links, strikethrough or a table cell, and before what would start
a list or heading at the beginning of a paragraph). Whitespace runs, newlines included,
become one space so that a text can never end a table row or start a block, and control
characters are dropped.

Word diffs use ``<del>`` and ``<ins>`` and footnote markers ``<sup>N</sup>``, which
GitHub's sanitiser keeps; a normative phrase that was replaced is in ``<b>``.

The escaping and the pipe tables are in `recreg.render.markdown.syntax`, the status report
in `recreg.render.markdown.status`.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any

from ...edition.model import Edition, Recommendation
from ...engine.lineage import picture_of_diff
from ...engine.textdiff import Edit
from ...words import counted
from .. import RenderOptions
from ..common import (
    COVERAGE_LABELS,
    DIRECTIONS,
    action_mark,
    change_label,
    counts_label,
    date_label,
    edition_facts,
    event_facts,
    file_heading,
    heading_label,
    item_mark,
    matching_label,
    metadata_lines,
    missing_label,
    modality_counts,
    pair_anchor,
    pair_kinds,
    rec_facts,
    rec_heading,
    ref,
    related_lines,
    selection,
    short_ref,
    shown_actions,
    side,
)
from ..disposition import (
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
from ..fragments import RELATED, SIGNS, diff_fragments, modal_marks, node_views
from ..status_labels import indicator_label
from .status import render_status as render_status  # re-exported: `recreg.render.renderer` looks it up here
from .syntax import code_span, escape, inline, pipe_table

if TYPE_CHECKING:  # pragma: no cover - a diff's report needs no chronology: its module is not imported for it
    from ...registry.history import History

# A diff whose old or new text is longer than this shows its changes with a few words of
# context, and the whole text in a collapsed <details>.
LONG = 320
CONTEXT_WORDS = 6


def _bold(inner: str, direction: str) -> str:
    return f"<b>{inner}</b>"


def _diff(edits, marks) -> str:
    return diff_fragments(edits, marks, escape, _bold)[0]


def condense(edits: list[Edit], context: int = CONTEXT_WORDS) -> list[Edit]:
    """Shorten the unchanged runs of a word diff to a few words around each change.

    Args:
        edits: the diff.
        context: how many words to keep on each side of a change.

    Returns:
        The diff with long unchanged runs cut to their ends, joined by an ellipsis.
    """
    out = []
    for n, edit in enumerate(edits):
        words = re.findall(r"\s*\S+", edit.text) if edit.op == "equal" else []
        head = 0 if n == 0 else context
        tail = 0 if n == len(edits) - 1 else context
        if len(words) <= head + tail + 2:
            out.append(edit)
            continue
        kept = "".join(words[:head]) + (" …" if head else "…") + "".join(words[len(words) - tail :])
        out.append(Edit("equal", kept))
    return out


def _quote(body: str) -> str:
    return f"> {body}\n"


def _length(edits, skip: str) -> int:
    return sum(len(e.text) for e in edits if e.op != skip)


def _shown(shown, tag: str = "", label: str = "") -> str:
    """Render one text a view shows: in a tag (``ins``, ``del``) or after its address (``label``)."""
    text = inline(shown.text) if shown.text is not None else f"*{escape(missing_label(shown.node))}*"
    if shown.label:
        text = f"{escape(shown.label)} {text}"
    if tag:
        return f"<{tag}>{text}</{tag}>" if shown.text is not None else text
    return f"**{escape(label)}** {text}" if label and not shown.label else text


def _sides(view) -> tuple[str, str, str] | None:
    """Render a view three ways (inline, old, new), or None when it has no text to show."""
    if view.form == "diff":
        return diff_fragments(view.edits, modal_marks(view.changes), escape, _bold)
    if view.form == "added":
        new = "<br>".join(_shown(s, "ins") for s in view.new)
        return new, "—", new
    if view.form == "removed":
        old = "<br>".join(_shown(s, "del") for s in view.old)
        return old, old, "—"
    if view.form == "none":
        return None
    # A move, split or merge: each text with its address, read in its own edition.
    old = "<br>".join(_shown(s, label=s.address.shown) for s in view.old)
    new = "<br>".join(_shown(s, label=s.address.shown) for s in view.new)
    return "<br>".join([old, new]), old, new


def _node_body(result, view) -> str:
    if view.form == "texts":
        # Inline, each text says whose it is: both editions' texts stand one after the other.
        labels = (result.labels[0], result.labels[1])
        lines = [
            _shown(s, label=f"{labels[side]} {s.address.shown}")
            for side, shown in enumerate((view.old, view.new))
            for s in shown
        ]
        return _quote("<br>".join(lines))
    sides = _sides(view)
    if sides is None:
        return ""
    if view.form == "diff":
        edits = view.edits
        short = condense(edits)
        # Cut a long text only where that spares the reader a good part of it.
        if max(_length(edits, "insert"), _length(edits, "delete")) > LONG and _length(short, "") < 0.75 * _length(
            edits, ""
        ):
            return (
                _quote(_diff(short, modal_marks(view.changes)))
                + "\n<details><summary>Whole text</summary>\n\n"
                + _quote(sides[0])
                + "\n</details>\n"
            )
    return _quote(sides[0])


def _side_by_side(result, views) -> str:
    """Return the old and new text of a pair's changed nodes (their views) as a two-column table, collapsed."""
    rows = []
    for view in views:
        sides = _sides(view)
        if sides is None:
            continue
        if view.form == "texts":  # every text already names its node
            rows.append([sides[1] or "—", sides[2] or "—"])
        else:
            rows.append(
                [
                    f"**{escape(ref(view.before))}** {sides[1].lstrip()}",
                    f"**{escape(ref(view.after))}** {sides[2].lstrip()}",
                ]
            )
    if not rows:
        return ""
    table = pipe_table([escape(label) for label in result.labels], rows)
    return f"<details><summary>Old and new side by side</summary>\n\n{table}\n</details>\n\n"


def _label(change, pair) -> str:
    if change.kind == "modality":
        direction = change.details["direction"]
        return f"**{SIGNS[direction]} {escape(change_label(change))}**"
    return escape(change_label(change, pair))


def _node(result, pair, view) -> str:
    head = f"**{escape(ref(view.before))} → {escape(ref(view.after))}** · " + " · ".join(
        _label(c, pair) for c in view.changes
    )
    body = _node_body(result, view)
    return head + "\n" + ("\n" + body if body else "")


def _modality_cell(changes) -> str:
    counts = modality_counts(changes)
    return ", ".join(f"**{SIGNS[d]} {d}**" + (f" ×{n}" if n > 1 else "") for d, n in counts.items()) or "—"


def _summary(result, prefix: str = "") -> str:
    rows = []
    for pair in result.pairs:
        old, new = escape(side(pair.before)), escape(side(pair.after))
        if pair.changes:
            anchor = pair_anchor(pair, prefix).lower()
            old, new = f"[{old}](#{anchor})", f"[{new}](#{anchor})"
        lineage = ", ".join(str(a) for a in pair.lineage)
        rows.append(
            [old, new, escape(", ".join(pair_kinds(pair))), _modality_cell(pair.changes), escape(lineage) or "—"]
        )
    return pipe_table(["Old", "New", "What changed", "Modality", "Lineage"], rows)


def _metadata(result) -> str:
    change = next((c for c in result.changes if c.kind == "metadata-changed"), None)
    if change is None:
        return ""
    rows = metadata_lines(change)
    fields = change.details["fields"]
    table = pipe_table(
        ["Field", *(escape(label) for label in result.labels)],
        [[escape(name), escape(old), escape(new)] for name, old, new in rows],
    )
    # <summary> is raw HTML to GitHub: escaped for HTML only, no Markdown inside.
    return (
        f"<details><summary>Edition metadata changed: {html.escape(', '.join(fields))}</summary>\n\n"
        f"{table}\n</details>\n\n"
    )


def render_diff(result, options: RenderOptions = RenderOptions(), level: int = 2, prefix: str = "") -> str:
    """Render a diff as GitHub-flavoured Markdown for a pull request.

    Args:
        result: the diff (`recreg.engine.diff.DiffResult`).
        options: unused beyond the signature shared by all formats.
        level: the heading level of the title (sections are one level below).
        prefix: what sets this diff's anchors apart from another's in the same document.

    Returns:
        A title, the two editions, a summary table with a row per pair (old → new, what
        changed, modality direction, lineage), then a section per changed recommendation
        with its word diffs.
    """
    head, sub = "#" * level, "#" * (level + 1)
    out = [f"{head} {escape(result.title)}\n\n"]
    out.append(
        f"**From** {escape(result.before.title)} ({escape(edition_facts(result.before))})<br>\n"
        f"**To** {escape(result.after.title)} ({escape(edition_facts(result.after))})\n\n"
    )
    out.append(f"{escape(counts_label(result))} · matching: {escape(matching_label(result))}\n\n")
    out.extend(f"> **Note:** {escape(note)}\n\n" for note in result.notes)
    out.append(
        "Legend: <del>deleted</del> · <ins>inserted</ins> · "
        + " · ".join(f"**{SIGNS[d]} {d}**" for d in DIRECTIONS)
        + ": a normative phrase (in bold in the text) replaced by a prohibition, by its negation (or back),"
        " or by a softer, stronger or equally strong one\n\n"
    )
    out.append(f"{sub} Summary\n\n" + _summary(result, prefix) + "\n")
    if any(pair.lineage for pair in result.pairs):
        # GitHub renders Mermaid inside <details>; the blank lines keep it Markdown.
        out.append(
            "<details><summary>Lineage picture</summary>\n\n" + mermaid(picture_of_diff(result)) + "\n</details>\n\n"
        )
    out.append(_metadata(result))
    for pair in result.pairs:
        if not pair.changes:
            continue
        rec = pair.after or pair.before
        meta = [escape(", ".join(pair_kinds(pair)))]
        if pair.matched_by:
            meta.append(
                escape(f"matched by {pair.matched_by} ({pair.score:.2f}{', probable' if pair.probable else ''})")
            )
        if pair.lineage:
            meta.append("lineage: " + escape(", ".join(str(a) for a in pair.lineage)))
        out.append(
            f"{sub} {escape(side(pair.before))} → {escape(side(pair.after))} · {escape(rec.id)}"
            f'<a id="{pair_anchor(pair, prefix).lower()}"></a>\n\n{" · ".join(meta)}\n\n'
        )
        views = node_views(result, pair.changes)
        out.extend(_node(result, pair, view) + "\n" for view in views)
        out.append(_side_by_side(result, views))
    return "".join(out).rstrip("\n") + "\n"


def _rec_cell(rec: Recommendation) -> str:
    parts = [f"**{escape(rec_heading(rec))}:**"]
    parts.append(inline(rec.statement) if rec.statement is not None else f"*{escape(missing_label(rec))}*")
    parts.extend(f"Described as: “{escape(d.text)}” ({escape(str(d.source))})" for d in rec.descriptions)
    parts.extend(escape(fact) for fact in rec_facts(rec))
    parts.extend(f"*{escape(indicator_label(i))}*" for i in rec.indicators)
    return "<br>".join(parts)


def _actions_cell(rec: Recommendation, only) -> str:
    lines = []
    for action, items in shown_actions(rec, only):
        lines.append(f"{escape(action_mark(action))} {inline(action.text)}")
        lines.extend(f"&emsp;{escape(item_mark(item))} {inline(item.text)}" for item in items)
        lines.extend(f"&emsp;*{escape(indicator_label(i))}*" for i in action.indicators)
    return "<br>".join(lines)


def render_edition(edition: Edition, node: Any = None, options: RenderOptions = RenderOptions()) -> str:
    """Render an edition (or one node of it) as Markdown laid out like the CWS annex.

    Args:
        edition: the edition.
        node: a recommendation, action, item or footnote to show alone (None: all).
        options: ``options.earlier`` adds each recommendation's earlier numbers.

    Returns:
        A title, a Recommendations | Recommended Actions table (with a Related column
        when there are related numbers), then the footnotes.
    """
    recs, only, footnotes = selection(edition, node)
    related = {r.address: related_lines(r, options.earlier) for r in recs}
    show_related = any(related.values())
    head = ["Recommendations", "Recommended Actions"] + ([RELATED] if show_related else [])
    rows = []
    for rec in recs:
        row = [_rec_cell(rec), _actions_cell(rec, only) or "—"]
        if show_related:
            row.append(
                "<br>".join(f"*{escape(text)}*" if quoted else escape(text) for text, quoted in related[rec.address])
                or "—"
            )
        rows.append(row)
    out = [f"## {escape(edition.title)}\n\n{escape(edition_facts(edition))}\n\n"]
    if rows:
        out.append(pipe_table(head, rows) + "\n")
    out.extend(f"<sup>{f.number}</sup> {inline(f.text)}\n\n" for f in footnotes)
    return "".join(out).rstrip("\n") + "\n"


def render_diff_set(diff_set, options: RenderOptions = RenderOptions()) -> str:
    """Render the diffs of every edition file changed between two revisions, for a pull request."""
    count = len(diff_set.files)
    parts = [
        f"# Registry changes in {code_span(diff_set.spec)}\n\n"
        f"{counted(count, 'edition file')} changed ({diff_set.base[:10]} → {diff_set.head[:10]}).\n"
    ]
    for index, entry in enumerate(diff_set.files, start=1):
        parts.append(f"\n## {escape(file_heading(entry))}\n\n")
        # Each file's diff one heading level down, its anchors set apart from the others'.
        parts.append(render_diff(entry.result, options, level=3, prefix=f"f{index}-"))
    return "".join(parts)


_MERMAID_EDGE = {"stated": "-.->", "matched": "-->", "probable": "-. probable .->"}


def mermaid(picture) -> str:
    """Draw a lineage picture as a Mermaid flowchart, which GitHub renders in Markdown.

    Node ids are derived from addresses (letters, digits, underscores only); labels are
    quoted with Mermaid's entity escapes, so no text can break out of the diagram.
    """

    def node_id(address) -> str:
        return re.sub(r"\W", "_", str(address))

    def label(text: str) -> str:
        # One line, no backtick: a label can neither end the statement nor the code fence.
        text = html.escape(" ".join(text.split()), quote=True).replace('"', "#quot;").replace("`", "#96;")
        return f'"{text}"'

    lines = ["```mermaid", "flowchart LR"]
    for edition, title, nodes in picture.columns:
        lines.append(f"  subgraph {node_id(edition)}_col[{label(f'{edition}: {title}' if title else edition)}]")
        lines.append("    direction TB")
        lines.extend(f"    {node_id(node)}[{label(node.local)}]" for node in nodes)
        lines.append("  end")
    lines.extend(f"  {node_id(before)} {_MERMAID_EDGE[how]} {node_id(after)}" for before, after, how in picture.edges)
    lines.append("  classDef dropped fill:#fde2e1,stroke:#cf222e")
    lines.append("  classDef new fill:#dafbe1,stroke:#1a7f37")
    for mark in ("dropped", "new"):
        marked = [node_id(node) for node, value in picture.marks.items() if value == mark]
        if marked:
            lines.append(f"  class {','.join(marked)} {mark}")
    lines.append("```")
    return "\n".join(lines) + "\n"


def render_coverage(report, options: RenderOptions = RenderOptions()) -> str:
    """Render a coverage report: counts, the lineage picture (Mermaid), then a row per node."""
    out = [
        f"# Coverage: {escape(report.old.id)} → {escape(report.new.id)}\n\n",
        ", ".join(f"{len(group)} {COVERAGE_LABELS[name]}" for name, group in report.groups.items()) + "\n\n",
    ]
    if report.picture is not None:
        out.append(mermaid(report.picture) + "\n")
    rows = []
    for name, group in report.groups.items():
        for address, targets in group.items():
            old, new = (
                ("—", address.local) if name == "new" else (address.local, ", ".join(t.local for t in targets) or "—")
            )
            rows.append([escape(old), escape(COVERAGE_LABELS[name]), escape(new)])
    out.append(pipe_table([escape(report.old.id), "became", escape(report.new.id)], rows))
    return "".join(out)


def render_history(history: History, options: RenderOptions = RenderOptions()) -> str:
    """Render the chronology of decisions as a GitHub table, one row per event, every text escaped.

    Args:
        history: the history, or the part of it that affects one edition.
        options: unused beyond the signature shared by all formats.

    Returns:
        A heading, then a date | session | what happened | source table (or a line
        saying that no event affects the edition).
    """
    lines = [f"## {escape(heading_label(history))}", ""]
    if not history.events:
        return "\n".join(
            [*lines, escape(f"No events affect {history.edition}.") if history.edition else "No events.", ""]
        )
    head = ["date", "session", "what happened", "source"]
    rows = []
    for event in history.events:
        what = [
            f"**{escape(d.summary)}**: “{escape(d.quote)}” ({escape(short_ref(d.source))})" for d in event.decisions
        ]
        facts = event_facts(event)
        what += [escape(" · ".join(facts))] if facts else []
        what += [f"*Note:* {escape(note)}" for note in event.notes]
        rows.append(
            [
                escape(date_label(event)),
                escape(event.session),
                "<br>".join(what),
                "<br>".join(escape(short_ref(s)) for s in event.sources),
            ]
        )
    return "\n".join(lines) + "\n" + pipe_table(head, rows)


def render_disposition(report, options: RenderOptions = RenderOptions()) -> str:
    """Render a disposition of comments as GitHub-flavoured Markdown: the counts, then a table per commenter.

    Every text from the comments (names, comments, proposals, observations) is escaped: none
    makes a link, an image or a tag.
    """
    out = [
        f"## Disposition of comments: {escape(report.comments.title)}\n\n",
        escape(disposition_facts(report)) + "\n\n",
    ]
    summary = summary_rows(report)
    rows = [[escape(label), *map(str, summary_values(counts))] for label, counts in summary[:-1]]
    rows.append(["**Total**", *(f"**{n}**" for n in summary_values(summary[-1][1]))])
    out.append(pipe_table(["Commenter", *summary_headings(summary[-1][1])], rows) + "\n")
    head = [
        "Id",
        "Clause",
        "Type",
        "Comment",
        "Proposed change",
        "Observations",
        "Now at",
        "What changed there",
        "Proposed change made?",
    ]
    for commenter, group in report.by_commenter():
        out.append(f"### {escape(commenter.label)} ({escape(commenter.id)})\n\n")
        table = []
        for row in group:
            comment = row.comment
            clause = escape(clause_label(comment.address)) + (
                f"<br>‘{escape(comment.quote.exact)}’" if comment.quote else ""
            )
            changed = "<br>".join(escape(label) for label in changed_labels(row, report.route))
            if row.placement.diff:
                changed += ("<br>" if changed else "") + "words now: " + _diff(row.placement.diff, None)
            table.append(
                [
                    escape(comment.id),
                    clause,
                    escape(comment.type or ""),
                    escape(comment.comment or ""),
                    escape(comment.proposed_change or ""),
                    escape(disposition_label(comment.disposition)),
                    escape(now_label(row)),
                    changed or "—",
                    escape(made_label(row)),
                ]
            )
        out.append(pipe_table(head, table) + "\n")
    out.extend(f"> **Note:** {escape(note)}\n\n" for note in report.comments.notes)
    return "".join(out).rstrip("\n") + "\n"
