"""HTML output: a self-contained report for a browser (diff) and the edition as a document.

Each page is one file: inline CSS, no script, no font, image or any other request (a
Content-Security-Policy forbids them), and every text from the registry goes through
`html.escape`. The inline and side-by-side views of a diff are switched by two radio
buttons and CSS alone.

Word-diff fragments come from `recreg.render.fragments` (shared with Markdown), drawings
from `recreg.render.svg`, the status report's sections from `recreg.render.html.status`, the
disposition of comments from `recreg.render.html.disposition`, and the page's frame and style
(``report.css`` in `recreg.render`) from `recreg.render.html.page`. The published site
(`recreg.site`) lays its pages out from the same pieces: `page.document`, `annex`, `diff_parts`, `pair_section`;
`status.status_parts`, `status.status_section`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...edition.model import Edition, Recommendation
from ...engine.lineage import picture_of_diff
from ...words import counted
from .. import RenderOptions
from ..common import (
    COVERAGE_LABELS,
    action_mark,
    change_label,
    counts_label,
    edition_facts,
    file_heading,
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
    shown_actions,
    side,
)
from ..fragments import RELATED, SIGNS, diff_fragments, escape, modal_marks, node_views, text_fragment
from ..status_labels import indicator_label, survey_facts
from ..svg import lineage_svg

# Re-exported: `recreg.render.renderer` looks render_disposition up on this module.
from .disposition import render_disposition as render_disposition
from .page import page
from .status import STATUS_STYLE, status_parts


def _badge(text: str, css: str = "") -> str:
    return f'<span class="badge{" " + css if css else ""}">{escape(text)}</span>'


def _modality_badges(counts: dict[str, int]) -> str:
    return " ".join(_badge(f"{SIGNS[d]} {d}" + (f" ×{n}" if n > 1 else ""), f"m-{d}") for d, n in counts.items())


def legend() -> str:
    """Return the legend of a word diff: deletions, insertions and each modality badge."""
    items = [
        '<span class="item"><del>deleted</del> words taken out</span>',
        '<span class="item"><ins>inserted</ins> words put in</span>',
        *(
            f'<span class="item">{_badge(f"{SIGNS[d]} {d}", f"m-{d}")} {escape(meaning)}</span>'
            for d, meaning in _LEGEND_MEANINGS.items()
        ),
    ]
    return '<section class="legend" aria-label="Legend">\n<h2>Legend</h2>\n' + "\n".join(items) + "\n</section>\n"


# What each modality badge means; the replaced phrase itself is highlighted in its colour.
_LEGEND_MEANINGS = {
    "prohibited": "now forbidden (should → must not)",
    "negated": "turned into its negation, or back (are encouraged to → should not)",
    "weakened": "a softer normative phrase (should → are encouraged to)",
    "strengthened": "a stronger one (may → should)",
    "changed": "another of equal strength",
}


def _edition_header(result) -> str:
    rows = []
    for label, edition in (("From", result.before), ("To", result.after)):
        rows.append(
            f"<dt>{label}</dt><dd><strong>{escape(edition.title)}</strong> "
            f'<span class="muted">({escape(edition_facts(edition))})</span></dd>'
        )
    return f'<dl class="editions">{"".join(rows)}</dl>\n'


# Where a recommendation's own page is, for pages of a published site (`recreg.site`): a
# function giving the link to it. None for a standalone report, which links nowhere else.
RecLink = Callable[[Recommendation], str] | None


def _summary_table(result, prefix: str = "", rec_href: RecLink = None) -> str:
    rows = []
    for pair in result.pairs:
        counts = modality_counts(pair.changes)
        strongest = next(iter(counts), None)
        css = f' class="m-{strongest}"' if strongest else ""
        old, new = escape(side(pair.before)), escape(side(pair.after))
        if pair.changes:
            link = f'href="#{escape(pair_anchor(pair, prefix))}"'
            old, new = f"<a {link}>{old}</a>", f"<a {link}>{new}</a>"
        elif rec_href is not None:  # an unchanged pair has no section: link to its page
            link = f'href="{escape(rec_href(pair.after or pair.before))}"'
            old, new = f"<a {link}>{old}</a>", f"<a {link}>{new}</a>"
        kinds = ", ".join(pair_kinds(pair))
        lineage = ", ".join(str(a) for a in pair.lineage)
        # An empty cell keeps its place in the table but gives no line on a phone.
        modality_css = "" if counts else ' class="none"'
        lineage_css = "lineage" if lineage else "lineage none"
        rows.append(
            f"<tr{css}>"
            f'<td data-label="Old" class="addr">{old}</td>'
            f'<td data-label="New" class="addr">{"→ " if pair.before else ""}{new}</td>'
            f'<td data-label="What changed">{escape(kinds)}</td>'
            f'<td data-label="Modality"{modality_css}>{_modality_badges(counts) or "—"}</td>'
            f'<td data-label="Lineage" class="{lineage_css}">{escape(lineage) or "—"}</td>'
            "</tr>"
        )
    head = "".join(f'<th scope="col">{name}</th>' for name in ("Old", "New", "What changed", "Modality", "Lineage"))
    return (
        f'<section id="{prefix}summary" aria-labelledby="{prefix}summary-title">\n<h2 id="{prefix}summary-title">Summary</h2>\n'
        f'<div class="table-wrap stacked"><table class="summary stack">\n<thead><tr>{head}</tr></thead>\n<tbody>\n'
        + "\n".join(rows)
        + "\n</tbody></table></div>\n</section>\n"
    )


def _metadata(result) -> str:
    change = next((c for c in result.changes if c.kind == "metadata-changed"), None)
    if change is None:
        return ""
    rows = metadata_lines(change)
    fields = change.details["fields"]
    before, after = (escape(label) for label in result.labels)
    body = "".join(
        f'<tr><td><code>{escape(name)}</code></td><td data-label="{before}">{escape(old)}</td>'
        f'<td data-label="{after}">{escape(new)}</td></tr>\n'
        for name, old, new in rows
    )
    return (
        f'<details class="metadata"><summary>Edition metadata changed: {escape(", ".join(fields))}</summary>\n'
        '<div class="table-wrap stacked"><table class="stack">\n<thead><tr><th scope="col">Field</th>'
        f'<th scope="col">{before}</th><th scope="col">{after}</th></tr></thead>\n'
        f"<tbody>\n{body}</tbody></table></div>\n</details>\n"
    )


def _shown(shown, tag: str = "") -> str:
    """Render one text a view shows: in a tag (``ins`` for an added node, ``del`` for a removed one) or plain."""
    if shown.text is None:
        return f'<span class="missing">{escape(missing_label(shown.node))}</span>'
    text = text_fragment(shown.text)
    text = f"{escape(shown.label)} {text}" if shown.label else text
    return f"<{tag}>{text}</{tag}>" if tag else text


def _texts(label: str, shown) -> str:
    """Render the texts of one side of a move, split or merge, each under its edition and address."""
    parts = []
    for s in shown:
        parts.append(
            f"<br>{_shown(s)}"
            if s.label
            else f'<span class="label">{escape(label)} {escape(s.address.shown)}</span> {_shown(s)}'
        )
    return "".join(parts)


def _node_sides(result, view) -> tuple[str, str, str]:
    """Render a view three ways: inline, the old side and the new side (inline empty: nothing to show)."""
    old_label = f'<span class="label">{escape(result.labels[0])} {escape(ref(view.before))}</span>'
    new_label = f'<span class="label">{escape(result.labels[1])} {escape(ref(view.after))}</span>'
    dash = '<span class="muted">—</span>'
    if view.form == "diff":
        inline, old, new = diff_fragments(view.edits, modal_marks(view.changes))
        return inline, old_label + old, new_label + new
    if view.form == "added":
        new = "<br>".join(_shown(s, "ins") for s in view.new)
        return new, old_label + dash, new_label + new
    if view.form == "removed":
        old = "<br>".join(_shown(s, "del") for s in view.old)
        return old, old_label + old, new_label + dash
    if view.form == "none":
        return "", "", ""
    # A move, split or merge: each text under its own edition and address.
    old, new = _texts(result.labels[0], view.old), _texts(result.labels[1], view.new)
    return "<br>".join(part for part in (old, new) if part), old or dash, new or dash


def _node(result, pair, view) -> str:
    counts = modality_counts(view.changes)
    strongest = next(iter(counts), None)
    badges = []
    for change in view.changes:
        if change.kind == "modality":
            d = change.details["direction"]
            badges.append(_badge(f"{SIGNS[d]} {change_label(change)}", f"m-{d}"))
        else:
            badges.append(_badge(change_label(change, pair), f"k-{change.kind}"))
    head = (
        f'<div class="node-head"><span class="addr">{escape(ref(view.before))} → {escape(ref(view.after))}</span> '
        f"{' '.join(badges)}</div>"
    )
    inline, old, new = _node_sides(result, view)
    css = f" m-{strongest}" if strongest else ""
    body = head
    if inline:
        body += (
            f'\n<p class="inline">{inline}</p>\n'
            f'<div class="side"><div class="old">{old}</div><div class="new">{new}</div></div>'
        )
    return f'<div class="node{css}">{body}</div>'


def pair_section(
    result,
    pair,
    prefix: str = "",
    rec_href: RecLink = None,
    back: bool = True,
    title: str | None = None,
    level: int = 2,
) -> str:
    """Render one recommendation pair's changes, node by node, as a section.

    Args:
        result, pair: the diff, and one of its pairs.
        prefix: what sets this diff's anchors apart from another's on the same page.
        rec_href: links the stable id to the recommendation's own page (on a site).
        back: end with a link back to the diff's summary table.
        title, level: the section's heading (default: ``R7 → R6``) and its level.
    """
    anchor = pair_anchor(pair, prefix)
    rec = pair.after or pair.before
    title = title or f"{side(pair.before)} → {side(pair.after)}"
    meta = [", ".join(pair_kinds(pair))]
    if pair.matched_by:
        meta.append(f"matched by {pair.matched_by} ({pair.score:.2f}{', probable' if pair.probable else ''})")
    if pair.lineage:
        meta.append("lineage: " + ", ".join(str(a) for a in pair.lineage))
    nodes = "\n".join(_node(result, pair, view) for view in node_views(result, pair.changes))
    name = escape(rec.id) if rec_href is None else f'<a href="{escape(rec_href(rec))}">{escape(rec.id)}</a>'
    up = f'<p class="back"><a href="#{prefix}summary">↑ Summary</a></p>\n' if back else ""
    return (
        f'<section class="pair" id="{escape(anchor)}" aria-labelledby="h-{escape(anchor)}">\n'
        f'<h{level} id="h-{escape(anchor)}">{escape(title)} <span class="muted">· {name}</span></h{level}>\n'
        f'<p class="pair-meta">{escape(" · ".join(meta))} {_modality_badges(modality_counts(pair.changes))}</p>\n'
        f"{nodes}\n{up}</section>\n"
    )


TOOLBAR = (
    '<div class="toolbar" role="group" aria-label="View">View: '
    '<label for="view-inline">Inline</label><label for="view-side">Side by side</label></div>\n'
)
VIEW_RADIOS = (
    '<input type="radio" name="view" id="view-inline" class="view-radio" checked aria-label="Inline view">\n'
    '<input type="radio" name="view" id="view-side" class="view-radio" aria-label="Side-by-side view">\n'
)


def diff_parts(result, prefix: str = "", rec_href: RecLink = None) -> tuple[str, str]:
    """Render one diff's facts (editions, counts, notes) and its content (tables and sections), anchors after `prefix`."""
    notes = "".join(f'<p class="muted">Note: {escape(note)}</p>\n' for note in result.notes)
    facts = f'{_edition_header(result)}<p class="counts">{escape(counts_label(result))}</p>\n{notes}'
    sections = "".join(pair_section(result, pair, prefix, rec_href) for pair in result.pairs if pair.changes)
    content = (
        f"{_summary_table(result, prefix, rec_href)}{_lineage_picture(result)}{_metadata(result)}{TOOLBAR}{sections}"
    )
    return facts, content


def render_diff(result, options: RenderOptions = RenderOptions()) -> str:
    """Render a diff as a self-contained HTML report.

    Args:
        result: the diff (`recreg.engine.diff.DiffResult`).
        options: unused beyond the signature shared by all formats.

    Returns:
        The page: editions, legend, view switch, a summary table linking to a section per
        changed recommendation, each node with an inline and a side-by-side word diff.
    """
    facts, content = diff_parts(result)
    body = (
        f'<header>\n<p class="kicker">recreg diff · matching: {escape(matching_label(result))}</p>\n'
        f"<h1>{escape(result.title)}</h1>\n{facts}</header>\n<main>\n{legend()}{content}</main>\n"
    )
    return page(f"{result.title} · recreg diff", body, VIEW_RADIOS)


def render_diff_set(diff_set, options: RenderOptions = RenderOptions()) -> str:
    """Render the diffs of every edition file changed between two revisions as one page.

    Args:
        diff_set: the files and their diffs (`recreg.git.revisions.DiffSet`).
        options: unused beyond the signature shared by all formats.

    Returns:
        The page: the range, the legend and view switch once, then per file its path and
        status, what it was compared with, and the diff as `render_diff` lays it out.
    """
    count = len(diff_set.files)
    files = []
    for index, entry in enumerate(diff_set.files, start=1):
        facts, content = diff_parts(entry.result, f"f{index}-")
        files.append(
            f'<section class="file" aria-labelledby="f{index}-title">\n'
            f'<h2 id="f{index}-title" class="file-title">{escape(file_heading(entry))}</h2>\n'
            f'<p class="kicker">{escape(entry.result.title)}</p>\n{facts}{content}</section>\n'
        )
    title = f"Registry changes in {diff_set.spec}"
    body = (
        f'<header>\n<p class="kicker">recreg diff --git · {counted(count, "edition file")} changed '
        f"({escape(diff_set.base[:10])} → {escape(diff_set.head[:10])})</p>\n<h1>{escape(title)}</h1>\n</header>\n"
        f"<main>\n{legend()}{''.join(files) or '<p>No edition file changed.</p>'}</main>\n"
    )
    return page(f"{title} · recreg", body, VIEW_RADIOS)


def _lineage_picture(result) -> str:
    """Draw the pairs with the older numbers they descend from, when the editions record any."""
    if not any(pair.lineage for pair in result.pairs):
        return ""

    return f"<details open><summary>Lineage picture</summary>\n{lineage_svg(picture_of_diff(result))}</details>\n"


def _footnote_ref(rec: Recommendation, anchor: str) -> Callable[[str], str]:
    return lambda number: (
        f'<sup class="fnref"><a href="#{escape(anchor + rec.address.local)}-fn{number}">{number}</a></sup>'
    )


def _rec_cell(rec: Recommendation, anchor: str, rec_href: RecLink) -> str:
    address = (
        "" if rec.label else f'<span class="addr">{escape(rec.address.local)}</span>'
    )  # a control's heading is its label
    stable = f' <a class="stable" href="{escape(rec_href(rec))}">{escape(rec.id)}</a>' if rec_href else ""
    parts = [f'<p class="rec-head">{escape(rec_heading(rec))}:{address}{stable}</p>']
    if rec.statement is not None:
        parts.append(f"<p>{text_fragment(rec.statement, footnote=_footnote_ref(rec, anchor))}</p>")
    else:
        parts.append(f'<p><span class="missing">{escape(missing_label(rec))}</span></p>')
    for description in rec.descriptions:
        parts.append(
            f'<p class="fact">Described as: “{escape(description.text)}” ({escape(str(description.source))})</p>'
        )
    parts.extend(f'<p class="fact">{escape(fact)}</p>' for fact in rec_facts(rec))
    parts.extend(_indicator_facts(rec.indicators))
    return "".join(parts)


def _indicator_facts(indicators) -> list[str]:
    return [f'<p class="fact indicator" id="kpi-{escape(i.id)}">{escape(indicator_label(i))}</p>' for i in indicators]


def _actions_cell(rec: Recommendation, only, anchor: str) -> str:
    fn = _footnote_ref(rec, anchor)
    out = []
    for action, items in shown_actions(rec, only):
        sub = "".join(
            f'<li id="{escape(anchor + item.address.local)}"><span class="label">{escape(item_mark(item))}</span>'
            f"{text_fragment(item.text, footnote=fn)}</li>"
            for item in items
        )
        out.append(
            f'<li id="{escape(anchor + action.address.local)}"><span class="label">{escape(action_mark(action))}</span>'
            f"{text_fragment(action.text, footnote=fn)}{f'<ol class=items>{sub}</ol>' if sub else ''}"
            f"{''.join(_indicator_facts(action.indicators))}</li>"
        )
    return f'<ol class="actions">{"".join(out)}</ol>' if out else ""


def _related_cell(lines: list[tuple[str, bool]]) -> str:
    return "".join(
        f"<div><em>{escape(text)}</em></div>" if quoted else f"<div>{escape(text)}</div>" for text, quoted in lines
    )


def annex(edition: Edition, node: Any = None, earlier=None, anchor: str = "", rec_href: RecLink = None) -> str:
    """Lay an edition (or one node of it) out like the CWS annex: its table, then its footnotes.

    Args:
        edition: the edition.
        node: a recommendation, action, item or footnote to show alone (None: all).
        earlier: each recommendation's earlier numbers (`RenderOptions.earlier`), or None.
        anchor: put before every id of the table (``cws12:`` where several editions share a page).
        rec_href: links each recommendation to its own page (on a site).

    Returns:
        The table (with a Related column when there are related numbers); every recommendation,
        action, item and footnote has an id: its address after `anchor`.
    """
    recs, only, footnotes = selection(edition, node)
    related = {r.address: related_lines(r, earlier) for r in recs}
    show_related = any(related.values())
    head = ['<th scope="col">Recommendations</th>', '<th scope="col">Recommended Actions</th>']
    if show_related:
        head.append(f'<th scope="col">{RELATED}</th>')
    rows = []
    for rec in recs:
        # On a phone the cells stack; "Recommendation N:" names the first well enough.
        cells = [
            f'<td class="rec">{_rec_cell(rec, anchor, rec_href)}</td>',
            f'<td class="actions" data-label="Recommended Actions">{_actions_cell(rec, only, anchor)}</td>',
        ]
        if show_related:
            cells.append(
                f'<td class="related" data-label="{RELATED}">{_related_cell(related[rec.address]) or "—"}</td>'
            )
        rows.append(f'<tr id="{escape(anchor + rec.address.local)}">{"".join(cells)}</tr>')
    table = ""
    if rows:
        table = (
            f'<div class="table-wrap stacked"><table class="annex stack">\n<thead><tr>{"".join(head)}</tr></thead>\n'
            "<tbody>\n" + "\n".join(rows) + "\n</tbody></table></div>\n"
        )
    notes = "".join(
        f'<p id="{escape(anchor + f.address.local.replace("/fn", "-fn"))}"><sup>{f.number}</sup> {text_fragment(f.text)} '
        f'<a class="back" href="#{escape(anchor + f.address.recommendation().local)}" aria-label="back to Recommendation '
        f'{f.address.number}">↩</a></p>\n'
        for f in footnotes
    )
    footer = f'<section class="footnotes" aria-label="Footnotes"><hr>\n{notes}</section>\n' if notes else ""
    return table + footer


def render_edition(edition: Edition, node: Any = None, options: RenderOptions = RenderOptions()) -> str:
    """Render an edition (or one node of it) as a page laid out like the CWS annex.

    Args:
        edition: the edition.
        node: a recommendation, action, item or footnote to show alone (None: all).
        options: ``options.earlier`` adds each recommendation's earlier numbers.

    Returns:
        The page: title, a Recommendations | Recommended Actions table (with a Related
        column when there are related numbers), then the footnotes.
    """
    body = (
        f'<header>\n<p class="kicker">{escape(edition_facts(edition))}</p>\n<h1>{escape(edition.title)}</h1>\n</header>\n'
        f"<main>\n{annex(edition, node, options.earlier)}</main>\n"
    )
    return page(f"{edition.title} ({edition.id})", body)


def render_coverage(report, options: RenderOptions = RenderOptions()) -> str:
    """Render a coverage report as a self-contained page with the lineage picture."""
    title = f"{report.old.id} → {report.new.id}"
    counts = ", ".join(f"{len(group)} {COVERAGE_LABELS[name]}" for name, group in report.groups.items())
    rows = []
    for name, group in report.groups.items():
        for address, targets in group.items():
            old, new = (
                ("—", address.local) if name == "new" else (address.local, ", ".join(t.local for t in targets) or "—")
            )
            rows.append(
                f"<tr><td>{escape(old)}</td><td>{escape(COVERAGE_LABELS[name])}</td><td>{escape(new)}</td></tr>"
            )
    table = (
        f'<table class="summary"><thead><tr><th>{escape(report.old.id)}</th><th>became</th><th>{escape(report.new.id)}</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>\n"
    )
    picture = lineage_svg(report.picture) if report.picture is not None else ""
    body = (
        f'<header>\n<p class="kicker">recreg coverage</p>\n<h1>{escape(title)}</h1>\n'
        f'<p class="counts">{escape(counts)}</p>\n</header>\n<main>\n{picture}{table}</main>\n'
    )
    return page(f"{title} · recreg coverage", body)


# --- status report ------------------------------------------------------------------------------


def render_status(report, options: RenderOptions = RenderOptions()) -> str:
    """Render a status report as a self-contained page with its charts drawn in inline SVG (no script, nothing fetched)."""
    facts, content = status_parts(report)
    body = (
        f'<header>\n<p class="kicker">recreg status · {escape(survey_facts(report))}</p>\n'
        f"<h1>Status of {escape(report.edition.id)}: {escape(report.edition.title)}</h1>\n"
        f"{facts}</header>\n<main>\n{content}</main>\n"
    )
    return page(f"Status of {report.edition.id} · recreg status", body, style=STATUS_STYLE)
