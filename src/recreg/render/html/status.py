"""The status report in HTML: charts in inline SVG, a section per recommendation, answers collapsed.

Pieces of the HTML status page (`recreg.render.html.render_status`), kept apart so that a published site
(`recreg.site`) lays out the same sections; every text from a survey goes through `escape`.
"""

from __future__ import annotations

from ...survey.scale import snapshot, summary_counts
from ...words import counted
from ..fragments import diff_fragments, escape, modal_marks, text_fragment
from ..status_labels import (
    change_groups,
    indicator_facts,
    indicator_label,
    scale_facts,
    status_headline,
    status_word,
    step_label,
    value_text,
)
from ..svg import STATUS_COLOURS, indicator_svg, status_bar

STATUS_STYLE = """
.swatch{display:inline-block;width:.9em;height:.9em;border-radius:2px;vertical-align:-.1em;margin-right:.3em;border:1px solid #0003}
svg.bars text{font:11px system-ui,sans-serif}
svg.bar{display:block;width:100%;max-width:22rem;height:1.1rem}
td.bar{min-width:10rem}
table.status td.num{text-align:right;font-variant-numeric:tabular-nums}
.confirm{color:var(--weakened);background:var(--weakened-bg);font-weight:600;border-radius:.3rem;padding:0 .35rem;white-space:nowrap}
details.answers{margin:.3rem 0 .2rem}
details.answers summary{cursor:pointer;color:var(--muted);font-size:.9rem}
.changes{margin:.4rem 0;padding:.4rem .6rem;border-left:4px solid var(--weakened);background:var(--soft);border-radius:.3rem;font-size:.9rem}
.changes.stands{border-left-color:var(--line)}
.changes ul{margin:.2rem 0 .2rem 1.1rem;padding:0}
table.answers td,table.answers th{font-size:.9rem;padding:.3rem .5rem}
.matrix-block{margin:0 0 1rem}
table.matrix{table-layout:fixed}
table.matrix caption{text-align:left;font-size:.85rem;color:var(--muted);padding:.3rem .6rem}
table.matrix th.node{width:5.5rem}
table.matrix td.cell{text-align:center;font-size:.8rem;overflow-wrap:anywhere;hyphens:auto}
table.matrix th.office{font-size:.85rem;vertical-align:bottom;overflow-wrap:anywhere;hyphens:auto}
@media print{.matrix-block{break-inside:avoid-page}table.matrix th,table.matrix td{padding:.25rem .3rem}
table.matrix td.cell,table.matrix th.office{font-size:8pt}}
figure.indicator{margin:.4rem 0}
figure.indicator svg{width:100%;max-width:28rem;height:auto}
""" + "".join(
    f"td.s-{s}{{background:{c};color:{'#fff' if s in {'implemented', 'planned', 'not-planned'} else '#1f2328'}}}"
    for s, c in STATUS_COLOURS.items()
)


def _overview(report) -> str:
    """Draw one stacked bar per recommendation (its actions' answers), as an SVG chart."""
    row, label_w, width = 24, 44, 420
    bars = []
    for n, rec in enumerate(report.recommendations):
        counts, _ = summary_counts(p for p in rec.parts if p.address.kind == "action")
        units = max(1, sum(1 for p in rec.parts if p.address.kind == "action"))
        whole = max(len(report.offices) * units, sum(counts.values()), 1)
        y, x = n * row + 4, float(label_w)
        bars.append(f'<text x="0" y="{y + 13}">{escape(rec.address.local)}</text>')
        for status, count in counts.items():
            if count:
                w = (width - label_w) * count / whole
                bars.append(
                    f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="16" fill="{STATUS_COLOURS[status]}">'
                    f"<title>{escape(f'{rec.address.local}: {status_word(status)} {count}')}</title></rect>"
                )
                x += w
        bars.append(
            f'<rect x="{label_w}" y="{y}" width="{width - label_w}" height="16" fill="none" stroke="#8c959f" stroke-width="0.5"/>'
        )
    height = len(report.recommendations) * row + 8
    return (
        f'<figure class="overview"><svg class="bars" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="Answers by status for each recommendation" style="width:100%;max-width:{width * 1.6:.0f}px;height:auto">'
        f'{"".join(bars)}</svg><figcaption class="muted">Each bar: the answers about a recommendation\'s actions, '
        "out of every office asked about every action; the empty part is unanswered.</figcaption></figure>\n"
    )


def _answers_block(report, node) -> str:
    """List a node's answers (office, status, comment, evidence) and the changes they met, collapsed."""
    if not node.answers:
        return ""
    groups = []
    for asked, steps, answers in change_groups(node):
        flagged = any(step.confirm for step in steps)
        items = []
        for step in steps:
            diff = ""
            if "diff" in step.change.details and step.confirm:
                diff = f'<br><span class="muted">{diff_fragments(step.change.details["diff"], modal_marks([step.change]))[0]}</span>'
            items.append(f"<li>{'⚠ ' if step.confirm else ''}{escape(step_label(step))}{diff}</li>")
        verdict = '<span class="confirm">to be confirmed</span>' if flagged else '<span class="muted">stands</span>'
        groups.append(
            f'<div class="changes{"" if flagged else " stands"}">{counted(len(answers), "answer")} '
            f'given to <span class="addr">{escape(str(asked))}</span>: {verdict}<ul>{"".join(items)}</ul></div>'
        )
    rows = []
    for carried in node.answers:
        answer = carried.answer
        evidence = (
            f'<a href="{escape(answer.evidence)}" rel="noopener noreferrer nofollow">{escape(answer.evidence)}</a>'
            if answer.evidence
            else ""
        )
        status = answer.status and f'<span class="swatch" style="background:{STATUS_COLOURS[answer.status]}"></span>'
        rows.append(
            f"<tr><td>{escape(report.office(carried.office).label)}</td>"
            f"<td>{status or ''}{escape(status_word(answer.status) or value_text(answer.value))}"
            f"{' <span class=confirm>to be confirmed</span>' if carried.to_confirm else ''}</td>"
            f"<td>{escape(answer.comment or '')}</td><td>{evidence}</td></tr>"
        )
    table = (
        '<div class="table-wrap"><table class="answers"><thead><tr><th scope="col">Office</th><th scope="col">Answer</th>'
        f'<th scope="col">Comment</th><th scope="col">Evidence</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
    )
    return f'<details class="answers"><summary>{len(node.answers)} answers</summary>{"".join(groups)}{table}</details>'


def status_section(report, rec, anchor: str = "", title: str | None = None, level: int = 2) -> str:
    """Render one recommendation's nodes with their answers, counts and status bars, as a section.

    Args:
        report, rec: the status report, and one of its recommendations (a `NodeStatus`).
        anchor: put before every id of the section (where several reports share a page).
        title, level: the section's heading (default: ``Recommendation 5``) and its level.
    """
    rows = []
    for node in report.nodes():
        if node.address.recommendation() != rec.address:
            continue
        text = snapshot(node.node)
        head = escape(node.address.local)
        confirm = f'<span class="confirm">{node.to_confirm} to confirm</span>' if node.to_confirm else ""
        indicators = "".join(
            f'<p class="fact">{escape(indicator_label(i.indicator))}: {escape(indicator_facts(i))}</p>'
            f"{indicator_svg(i)}"
            for i in node.indicators
        )
        rows.append(
            f'<tr id="{escape(anchor + node.address.local)}"><td class="addr">{head}</td>'
            f'<td data-label="Text and answers">{text_fragment(text) if text else "<span class=muted>—</span>"}'
            f"{indicators}{_answers_block(report, node)}</td>"
            f'<td class="num" data-label="Answered">{len(node.answers)}</td>'
            f'<td class="bar" data-label="Statuses">{status_bar(node.counts, len(report.offices), node.address.local)} '
            f"{confirm}</td></tr>"
        )
    # On a phone the cells stack, each under its heading, as the edition's annex table does.
    heading = escape(title or f"Recommendation {rec.address.number}")
    return (
        f'<section class="pair" id="{escape(anchor)}status-{escape(rec.address.local)}"><h{level}>{heading}</h{level}>\n'
        '<div class="table-wrap stacked"><table class="status stack"><thead><tr><th scope="col">Node</th><th scope="col">Text and answers</th>'
        '<th scope="col">Answered</th><th scope="col">Statuses</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div></section>\n"
    )


OFFICES_PER_BLOCK = 7  # a block of the by-office grid fits an A4 page's width, names and statuses written out


def _matrix(report) -> str:
    """Draw each selected office's status for every action as coloured tables (a heat map with labels), a page-wide block each.

    Seven offices to a block keep every column wide enough for its office's name and the
    statuses to be read across, on a screen and on paper; 21 offices make three blocks.
    """
    offices = report.selected
    rows: dict = {}
    for office in offices:
        for node, carried in report.profile(office):
            rows.setdefault(node.address, {})[office] = carried
    tables = "".join(
        _matrix_block(report, rows, offices[start : start + OFFICES_PER_BLOCK], start, len(offices))
        for start in range(0, len(offices), OFFICES_PER_BLOCK)
    )
    comments = "".join(
        f"<li><span class=addr>{escape(node.address.local)}</span> · {escape(report.office(o).label)}: {escape(c.answer.comment)}</li>"
        for o in offices
        for node, c in report.profile(o)
        if c is not None and c.answer.comment
    )
    return (
        f"<section><h2>By office</h2>{tables}"
        f'<p class="muted">⚠ to be confirmed: the text answered has changed since.</p>'
        f"{'<h3>Comments</h3><ul>' + comments + '</ul>' if comments else ''}</section>\n"
    )


def _matrix_block(report, rows: dict, offices: tuple, first: int, total: int) -> str:
    """One block of the by-office grid: the node column and up to `OFFICES_PER_BLOCK` offices."""
    head = "".join(f'<th scope="col" class="office">{escape(report.office(o).label)}</th>' for o in offices)
    body = []
    for address, answers in rows.items():
        cells = []
        for office in offices:
            carried = answers.get(office)
            if carried is None:
                cells.append('<td class="cell muted">—</td>')
                continue
            answer, word = carried.answer, status_word(carried.answer.status) or value_text(carried.answer.value)
            title = f"{report.office(office).label}: {word}" + (f" — {answer.comment}" if answer.comment else "")
            cells.append(
                f'<td class="cell{f" s-{answer.status}" if answer.status else ""}" title="{escape(title)}">'
                f"{escape(word)}{' ⚠' if carried.to_confirm else ''}</td>"
            )
        body.append(f'<tr><th scope="row" class="addr">{escape(address.local)}</th>{"".join(cells)}</tr>')
    caption = f"Offices {first + 1}–{first + len(offices)} of {total}" if total > len(offices) else f"{total} offices"
    return (
        f'<div class="table-wrap matrix-block"><table class="matrix"><caption>{escape(caption)}</caption>'
        f'<thead><tr><th scope="col" class="node">Node</th>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>'
    )


def status_parts(report) -> tuple[str, str]:
    """Render a status report's facts (one line of counts) and its content (legend, charts, tables, notes)."""
    legend = "".join(
        f'<span class="item"><span class="swatch" style="background:{c}"></span>{escape(status_word(s))}</span>'
        for s, c in STATUS_COLOURS.items()
    )
    facts = status_headline(report, "anonymized: pseudonyms, evidence links withheld")
    parts = [
        f'<section class="legend" aria-label="Legend"><h2>Legend</h2>{legend}'
        '<span class="item"><span class="confirm">to be confirmed</span> the text answered has changed since</span></section>\n'
    ]
    if report.selected:
        parts.append(_matrix(report))
    else:
        parts.append(_overview(report))
        unreported = ", ".join(u.address.local for u in report.unreported) if report.survey else ""
        if report.survey is not None:
            parts.append(f"<p><strong>Nobody reported on:</strong> {escape(unreported) or '—'}</p>\n")
        parts.extend(status_section(report, rec) for rec in report.recommendations)
    if report.apart:
        rows = "".join(
            f"<tr><td>{escape(report.office(i.carried.office).label)}</td><td class=addr>{escape(str(i.carried.asked))}</td>"
            f"<td>{escape(status_word(i.carried.answer.status) or value_text(i.carried.answer.value))}</td>"
            f"<td>{escape(i.reason)}</td><td>{escape(', '.join(str(a) for a in i.related)) or '—'}</td></tr>"
            for i in report.apart
        )
        parts.append(
            '<section id="apart"><h2>Listed apart</h2><div class="table-wrap"><table><thead><tr><th scope="col">Office</th>'
            '<th scope="col">Asked</th><th scope="col">Answer</th><th scope="col">Why</th><th scope="col">Related</th>'
            f"</tr></thead><tbody>{rows}</tbody></table></div></section>\n"
        )
    parts.extend(f'<p class="muted">Note: {escape(note)}</p>\n' for note in report.notes)
    scale = f'<p class="counts scale">Scale: {escape(scale_facts(report))}</p>\n' if scale_facts(report) else ""
    return f'<p class="counts">{escape(facts)}</p>\n{scale}', "".join(parts)
