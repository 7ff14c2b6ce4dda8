"""Drawings as inline SVG: the lineage picture, status bars and indicator lines.

Every label is escaped; colours always come with a text (a title or a legend), never alone.
"""

from __future__ import annotations

from .fragments import escape
from .status_labels import indicator_facts, status_word, value_text

_PICTURE_STYLE = {
    "stated": 'stroke="#8a8f98" stroke-dasharray="4 3"',
    "matched": 'stroke="#1f6feb"',
    "probable": 'stroke="#d29922" stroke-dasharray="2 2"',
}
_MARK_FILL = {"dropped": "#fde2e1", "new": "#dafbe1"}


def lineage_svg(picture) -> str:
    """Draw a lineage picture as inline SVG: one column per edition, a curve per step.

    Args:
        picture: a `recreg.engine.lineage.Picture`.

    Returns:
        A ``<figure>`` with the drawing and its legend; every label escaped.
    """
    column_gap, node_w, node_h, row = 230, 64, 20, 24
    top = 44
    rows = max((len(nodes) for _, _, nodes in picture.columns), default=0)
    width = column_gap * (len(picture.columns) - 1) + 170  # room for the last column's title
    height = top + rows * row + 10
    where = {}
    parts = []
    for index, (edition, title, nodes) in enumerate(picture.columns):
        x = 20 + index * column_gap
        # Shorter columns are centred so the curves between them stay readable.
        offset = top + (rows - len(nodes)) * row / 2
        short = title if len(title) <= 30 else title[:29] + "…"
        parts.append(
            f'<text x="{x}" y="16" font-weight="bold">{escape(edition)}</text>'
            f'<text x="{x}" y="32" font-size="9" fill="#57606a"><title>{escape(title)}</title>{escape(short)}</text>'
        )
        for number, node in enumerate(nodes):
            y = offset + number * row
            where[node] = (x, y)
            fill = _MARK_FILL.get(picture.marks.get(node), "#ffffff")
            parts.append(
                f"<g><title>{escape(str(node))}{' (' + picture.marks[node] + ')' if node in picture.marks else ''}</title>"
                f'<rect x="{x}" y="{y}" width="{node_w}" height="{node_h}" rx="4" fill="{fill}" stroke="#57606a"/>'
                f'<text x="{x + node_w / 2}" y="{y + 14}" text-anchor="middle">{escape(node.local)}</text></g>'
            )
    curves = []
    for before, after, how in picture.edges:
        if before not in where or after not in where:
            continue
        (x1, y1), (x2, y2) = where[before], where[after]
        x1, y1, y2 = x1 + node_w, y1 + node_h / 2, y2 + node_h / 2
        middle = (x1 + x2) / 2
        curves.append(
            f'<path d="M{x1},{y1} C{middle},{y1} {middle},{y2} {x2},{y2}" fill="none" {_PICTURE_STYLE[how]}/>'
        )
    legend = _picture_legend()
    # Capped width: the drawing is read at a glance, not magnified to the page.
    return (
        f'<figure class="lineage"><svg viewBox="0 0 {width} {height}" role="img" aria-label="Lineage picture" '
        f'style="width:100%;max-width:{width}px;height:auto" font-size="12">{"".join(curves)}{"".join(parts)}</svg>{legend}</figure>\n'
    )


def _picture_legend() -> str:
    """Return the legend of a lineage picture: its kinds of curve and of mark."""

    def key(stroke: str, label: str) -> str:
        return (
            f'<span style="white-space:nowrap;margin-right:1em"><svg width="28" height="8" aria-hidden="true">'
            f'<line x1="0" y1="4" x2="28" y2="4" {stroke}/></svg> {label}</span>'
        )

    def box(fill: str, label: str) -> str:
        return (
            f'<span style="white-space:nowrap;margin-right:1em"><span style="display:inline-block;width:1.4em;height:.9em;'
            f'background:{fill};border:1px solid #57606a;border-radius:3px;vertical-align:middle"></span> {label}</span>'
        )

    return (
        "<figcaption>"
        + key(_PICTURE_STYLE["stated"], "stated in a source")
        + key(_PICTURE_STYLE["matched"], "matched by the engine")
        + key(_PICTURE_STYLE["probable"], "probable match")
        + box(_MARK_FILL["dropped"], "carried into nothing")
        + box(_MARK_FILL["new"], "new")
        + "</figcaption>"
    )


# One colour per status, darkest for the statuses that call for action; every use also shows its label.
STATUS_COLOURS = {
    "implemented": "#1a7f37",
    "partly-implemented": "#6fc276",
    "planned": "#0969da",
    "not-planned": "#cf222e",
    "not-applicable": "#8c959f",
    "unknown": "#d0d7de",
}


def status_bar(counts: dict[str, int], total: int, label: str) -> str:
    """Draw a status distribution as one stacked bar in inline SVG, each part titled with its status and count.

    Args:
        counts: answers by status.
        total: the whole the bar stands for (the survey's offices), so unanswered shows as empty.
        label: what the bar is about (for its accessible name).
    """
    width, height = 220, 16
    parts, x = [], 0.0
    whole = max(total, sum(counts.values()), 1)
    for status, count in counts.items():
        if not count:
            continue
        w = width * count / whole
        parts.append(
            f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="{height}" fill="{STATUS_COLOURS[status]}">'
            f"<title>{escape(f'{label}: {status_word(status)} {count}')}</title></rect>"
        )
        if w >= 12:
            fill = "#fff" if status in {"implemented", "planned", "not-planned"} else "#1f2328"
            parts.append(
                f'<text x="{x + w / 2:.1f}" y="12" text-anchor="middle" fill="{fill}" font-size="11">{count}</text>'
            )
        x += w
    summary = ", ".join(f"{status_word(s)} {n}" for s, n in counts.items() if n) or "no answers"
    return (
        f'<svg class="bar" viewBox="0 0 {width} {height}" preserveAspectRatio="xMinYMid meet" role="img" '
        f'aria-label="{escape(f"{label}: {summary}")}"><rect x="0" y="0" width="{width}" height="{height}" '
        f'fill="none" stroke="#8c959f" stroke-width="0.5"/>{"".join(parts)}</svg>'
    )


def indicator_svg(status) -> str:
    """Draw an indicator's values on a line, with the median and the target marked."""
    values = status.values
    indicator = status.indicator
    points = values + ([indicator.target] if indicator.target is not None else [])
    if not points:
        return ""
    low, high = min(points), max(points)
    span = (high - low) or 1.0
    width, left, right = 400, 20, 380

    def x(value: float) -> float:
        return left + (right - left) * (value - low) / span

    parts = [
        f'<line x1="{left}" y1="30" x2="{right}" y2="30" stroke="#8c959f"/>',
        f'<text x="{left}" y="50" font-size="11">{escape(value_text(low))}</text>',
        f'<text x="{right}" y="50" font-size="11" text-anchor="end">{escape(value_text(high))}</text>',
    ]
    if indicator.target is not None:
        parts.append(
            f'<line x1="{x(indicator.target):.1f}" y1="12" x2="{x(indicator.target):.1f}" y2="44" stroke="#9a3412" '
            f'stroke-dasharray="3 2"><title>{escape(f"target {indicator.target_label}")}</title></line>'
        )
    if status.median is not None:
        parts.append(
            f'<line x1="{x(status.median):.1f}" y1="18" x2="{x(status.median):.1f}" y2="42" stroke="#1f2328" '
            f'stroke-width="2"><title>{escape(f"median {value_text(status.median)}")}</title></line>'
        )
    for carried in status.answers:
        if carried.answer.value is not None:
            parts.append(
                f'<circle cx="{x(carried.answer.value):.1f}" cy="30" r="5" fill="#0969da" fill-opacity="0.7">'
                f"<title>{escape(f'{carried.office}: {value_text(carried.answer.value)}')}</title></circle>"
            )
    return (
        f'<figure class="indicator"><svg viewBox="0 0 {width} 56" role="img" '
        f'aria-label="{escape(f"{indicator.id}: {indicator_facts(status)}")}">{"".join(parts)}</svg></figure>'
    )
