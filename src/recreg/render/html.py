"""HTML output: a self-contained report for a browser (diff) and the edition as a document.

Each page is one file: inline CSS, no script, no font, image or any other request (a
Content-Security-Policy forbids them), and every text from the registry goes through
`html.escape`. The inline and side-by-side views of a diff are switched by two radio
buttons and CSS alone.

The fragment helpers (`text_fragment`, `diff_fragments`) are shared with the Markdown
format, whose word diffs are HTML too (GitHub keeps ``<del>``, ``<ins>``, ``<sup>``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import cache
from typing import Any

from ..words import counted
from ..edition.model import FOOTNOTE_MARKER, Edition, Recommendation
from . import (
    RenderOptions,
    change_label,
    counts_label,
    change_groups,
    edition_facts,
    file_heading,
    indicator_facts,
    indicator_label,
    matching_label,
    metadata_lines,
    missing_label,
    modality_counts,
    node_groups,
    node_text,
    pair_anchor,
    pair_kinds,
    rec_facts,
    ref,
    related_lines,
    selection,
    shown_actions,
    shown_text,
    side,
    status_summary,
    step_label,
    survey_facts,
    value_text,
)

Escape = Callable[[str], str]

# The heading of the column of related earlier numbers, in every edition document.
RELATED = "Related earlier numbers"

# Direction of a modality change -> the sign shown with it, so the badge does not rely on colour.
SIGNS = {"weakened": "▼", "strengthened": "▲", "prohibited": "⊘", "negated": "¬", "changed": "◆"}


def escape(text: str) -> str:
    """Escape a text for HTML element content and attribute values."""
    return html.escape(text, quote=True)


def text_fragment(text: str, escape_text: Escape = escape, footnote: Callable[[str], str] | None = None) -> str:
    """Escape a registry text, turning its footnote markers ``[^N]`` into superscripts.

    Args:
        text: the text as recorded.
        escape_text: how to escape the text between markers.
        footnote: how to render the marker of footnote N (default ``<sup>N</sup>``).
    """
    footnote = footnote or (lambda number: f"<sup>{number}</sup>")
    parts = []
    last = 0
    for match in FOOTNOTE_MARKER.finditer(text):
        parts.append(escape_text(text[last:match.start()]))
        parts.append(footnote(match.group(1)))
        last = match.end()
    parts.append(escape_text(text[last:]))
    return "".join(parts)


@cache
def _modal_pattern(phrase: str) -> re.Pattern:
    """Return a pattern that finds a normative phrase as written (``is encouraged to``), white space aside."""
    words = r"\s+".join(map(re.escape, phrase.split()))
    return re.compile(rf"(?<![\w-])(?:{words})(?![\w-])", re.IGNORECASE)


def modal_marks(changes) -> dict[str, dict[str, str]]:
    """Say which normative phrases a group of changes replaced, for highlighting in its diff.

    Returns:
        ``{"delete": {phrase: direction}, "insert": {phrase: direction}}``, phrases as written.
    """
    marks: dict[str, dict[str, str]] = {"delete": {}, "insert": {}}
    for change in changes:
        if change.kind == "modality":
            marks["delete"][change.details["before"]] = change.details["direction"]
            marks["insert"][change.details["after"]] = change.details["direction"]
    return marks


def _marked(text: str, modalities: dict[str, str], escape_text: Escape, mark: Callable[[str, str], str]) -> str:
    """Render a deleted or inserted run, with the normative phrases it replaced marked."""
    spans = sorted(
        (found.start(), found.end(), direction)
        for modality, direction in modalities.items()
        for found in _modal_pattern(modality).finditer(text)
    )
    out, last = [], 0
    for start, end, direction in spans:
        if start < last:
            continue  # one phrase found by two classes: keep the first
        out.append(text_fragment(text[last:start], escape_text))
        out.append(mark(text_fragment(text[start:end], escape_text), direction))
        last = end
    out.append(text_fragment(text[last:], escape_text))
    return "".join(out)


def _html_mark(inner: str, direction: str) -> str:
    return f'<mark class="m-{direction}" title="{direction}">{inner}</mark>'


def diff_fragments(edits, marks: dict[str, dict[str, str]] | None = None, escape_text: Escape = escape,
                   mark: Callable[[str, str], str] = _html_mark) -> tuple[str, str, str]:
    """Render a word diff three ways: inline, the old side and the new side.

    White space before a changed run stays outside its tag, so a deletion never
    underlines or strikes the gap before it.

    Args:
        edits: the diff (`recreg.engine.textdiff.Edit` runs: equal, delete, insert).
        marks: the normative phrases to highlight (see `modal_marks`).
        escape_text: how to escape text (HTML; the Markdown format adds its own escapes).
        mark: how to wrap a highlighted normative phrase, given its direction.

    Returns:
        (inline, old, new): deletions and insertions together; equal and deleted runs;
        equal and inserted runs.
    """
    marks = marks or {"delete": {}, "insert": {}}
    inline, old, new = [], [], []
    for edit in edits:
        if edit.op == "equal":
            piece = text_fragment(edit.text, escape_text)
            inline.append(piece)
            old.append(piece)
            new.append(piece)
            continue
        body = edit.text.lstrip()
        lead = escape_text(edit.text[: len(edit.text) - len(body)])
        tag = "del" if edit.op == "delete" else "ins"
        # A changed comma or full stop alone is easy to miss: give the run a class to
        # box it (the HTML style does; GitHub drops the attribute and loses nothing).
        attribute = ' class="p"' if body and not any(ch.isalnum() for ch in body) else ""
        piece = f"{lead}<{tag}{attribute}>{_marked(body, marks[edit.op], escape_text, mark)}</{tag}>"
        inline.append(piece)
        (old if edit.op == "delete" else new).append(piece)
    return "".join(inline), "".join(old), "".join(new)


STYLE = """
:root{--fg:#1f2328;--muted:#59636e;--bg:#fff;--soft:#f6f8fa;--line:#d1d9e0;--accent:#0969da;
--del:#82071e;--del-bg:#ffebe9;--ins:#116329;--ins-bg:#dafbe1;
--weakened:#9a3412;--weakened-bg:#ffedd5;--strengthened:#1d4ed8;--strengthened-bg:#dbeafe;
--prohibited:#b91c1c;--prohibited-bg:#fee2e2;--negated:#a21caf;--negated-bg:#fae8ff;
--changed:#6d28d9;--changed-bg:#ede9fe;--missing:#7d4e00;--missing-bg:#fff8c5}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;--soft:#161b22;
--line:#3d444d;--accent:#4493f8;--del:#ffa198;--del-bg:#490202;--ins:#7ee787;--ins-bg:#04260f;
--weakened:#fdba74;--weakened-bg:#431407;--strengthened:#93c5fd;--strengthened-bg:#172554;
--prohibited:#fca5a5;--prohibited-bg:#450a0a;--negated:#f0abfc;--negated-bg:#4a044e;
--changed:#c4b5fd;--changed-bg:#2e1065;--missing:#e3b341;--missing-bg:#341a00}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;overflow-wrap:break-word}
.page{max-width:76rem;margin:0 auto;padding:1.25rem 1rem 3rem}
h1{font-size:1.6rem;line-height:1.25;margin:.2rem 0 .6rem}
h2{font-size:1.3rem;line-height:1.3;margin:0 0 .4rem}
h3{font-size:1.05rem;margin:0 0 .5rem}
a{color:var(--accent)}
.muted,.kicker{color:var(--muted)}
.kicker{font-size:.9rem;margin:0;letter-spacing:.01em}
.editions{display:grid;grid-template-columns:auto 1fr;gap:.15rem .75rem;margin:.5rem 0 1rem}
.editions dt{font-weight:600}.editions dd{margin:0}
.counts{margin:.25rem 0}
code,.addr{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.9em}
.addr{white-space:nowrap}
del{color:var(--del);background:var(--del-bg);text-decoration:line-through;text-decoration-thickness:1px}
ins{color:var(--ins);background:var(--ins-bg);text-decoration:underline;text-decoration-thickness:1px;text-underline-offset:2px}
del,ins{border-radius:2px;padding:0 1px;-webkit-box-decoration-break:clone;box-decoration-break:clone}
mark{color:inherit;font-weight:700;border-radius:2px;padding:0 2px;box-shadow:inset 0 -2px 0 currentColor}
mark.m-weakened{background:var(--weakened-bg);color:var(--weakened)}
mark.m-strengthened{background:var(--strengthened-bg);color:var(--strengthened)}
mark.m-prohibited{background:var(--prohibited-bg);color:var(--prohibited)}
mark.m-negated{background:var(--negated-bg);color:var(--negated)}
mark.m-changed{background:var(--changed-bg);color:var(--changed)}
.badge{display:inline-block;font-size:.8rem;line-height:1.4;padding:.05rem .45rem;border:1px solid var(--line);border-radius:1rem;background:var(--soft);white-space:nowrap;margin:.1rem .15rem .1rem 0}
.badge.k-links-changed{white-space:normal;border-style:dashed;color:var(--muted)}
del.p,ins.p{outline:1px solid currentColor;outline-offset:-1px;padding:0 3px;margin:0 1px}
.badge.m-weakened{background:var(--weakened-bg);color:var(--weakened);border-color:currentColor;font-weight:600}
.badge.m-strengthened{background:var(--strengthened-bg);color:var(--strengthened);border-color:currentColor;font-weight:600}
.badge.m-prohibited{background:var(--prohibited-bg);color:var(--prohibited);border-color:currentColor;font-weight:600}
.badge.m-negated{background:var(--negated-bg);color:var(--negated);border-color:currentColor;font-weight:600}
.badge.m-changed{background:var(--changed-bg);color:var(--changed);border-color:currentColor;font-weight:600}
.legend{display:flex;flex-wrap:wrap;gap:.35rem 1rem;align-items:center;padding:.6rem .8rem;margin:1rem 0;border:1px solid var(--line);border-radius:.5rem;background:var(--soft);font-size:.9rem}
.legend h2{font-size:.9rem;margin:0}
.legend span.item{margin-right:.5rem}
.view-radio{position:absolute;opacity:0;width:1px;height:1px}
.toolbar{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:1rem 0}
.toolbar label{cursor:pointer;padding:.3rem .8rem;border:1px solid var(--line);border-radius:.4rem;background:var(--bg)}
#view-inline:checked~.page label[for=view-inline],#view-side:checked~.page label[for=view-side]{background:var(--accent);border-color:var(--accent);color:#fff}
#view-inline:focus-visible~.page label[for=view-inline],#view-side:focus-visible~.page label[for=view-side]{outline:2px solid var(--accent);outline-offset:2px}
#view-inline:checked~.page .side{display:none}
#view-side:checked~.page .inline{display:none}
.table-wrap{overflow-x:auto;-webkit-overflow-scrolling:touch;border:1px solid var(--line);border-radius:.5rem}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:.45rem .6rem;border-top:1px solid var(--line)}
thead th{border-top:0;background:var(--soft);font-size:.9rem}
table.summary td:nth-child(-n+2){white-space:nowrap}
table.summary tr.m-weakened td:first-child{box-shadow:inset 4px 0 0 var(--weakened)}
table.summary tr.m-strengthened td:first-child{box-shadow:inset 4px 0 0 var(--strengthened)}
table.summary tr.m-prohibited td:first-child{box-shadow:inset 4px 0 0 var(--prohibited)}
table.summary tr.m-negated td:first-child{box-shadow:inset 4px 0 0 var(--negated)}
table.summary tr.m-changed td:first-child{box-shadow:inset 4px 0 0 var(--changed)}
.lineage{font-size:.9rem;color:var(--muted)}
section.pair{margin:2rem 0 0;padding-top:1rem;border-top:2px solid var(--line)}
section.pair:target{scroll-margin-top:.5rem}
.pair-meta{margin:.1rem 0 .6rem;color:var(--muted);font-size:.9rem}
.node{margin:.75rem 0;padding:.6rem .8rem;border:1px solid var(--line);border-left-width:4px;border-radius:.4rem}
.node.m-weakened{border-left-color:var(--weakened)}
.node.m-strengthened{border-left-color:var(--strengthened)}
.node.m-prohibited{border-left-color:var(--prohibited)}
.node.m-negated{border-left-color:var(--negated)}
.node.m-changed{border-left-color:var(--changed)}
.node-head{display:flex;flex-wrap:wrap;gap:.2rem .5rem;align-items:baseline;margin-bottom:.3rem}
.node-head .addr{font-weight:600;white-space:normal}
.node-head .badge{white-space:normal}
.node p{margin:.3rem 0}
.side{display:grid;grid-template-columns:1fr 1fr;gap:.75rem}
.side>div{min-width:0;padding:.3rem .5rem;border-radius:.3rem;background:var(--soft)}
.side .label{display:block;font-size:.8rem;font-weight:600;color:var(--muted)}
.back{font-size:.85rem;margin:.5rem 0 0}
details.metadata{margin:1rem 0}
details.metadata summary{cursor:pointer}
sup{font-size:.7em;line-height:0}
sup a{text-decoration:none}
.missing{color:var(--missing);background:var(--missing-bg);font-style:italic;padding:.1rem .3rem;border-radius:.25rem}
table.annex td{padding:.7rem .8rem}
table.annex td.rec{width:38%}
table.annex td.related{width:16%;font-size:.9rem}
.rec-head{margin:0 0 .3rem;font-weight:700}
td.rec p{margin:.25rem 0}
.rec-head .addr{font-weight:400;color:var(--muted);margin-left:.3rem}
ol.actions,ol.items{list-style:none;margin:0;padding:0}
ol.actions>li{margin:0 0 .45rem;padding-left:2rem;text-indent:-2rem}
ol.items{margin-top:.25rem}
ol.items>li{margin:0 0 .2rem;padding-left:2rem;text-indent:-2rem}
ol.actions>li>*{text-indent:0}
.label{font-weight:600;display:inline-block;min-width:2rem;text-indent:0}
.fact{font-size:.9rem;color:var(--muted);margin:.3rem 0 0}
.footnotes{margin-top:1.5rem;font-size:.9rem}
.footnotes hr{width:12rem;margin:0 0 .5rem;border:0;border-top:1px solid var(--line)}
.footnotes p{margin:.25rem 0}
footer{margin-top:2.5rem;font-size:.85rem;color:var(--muted)}
@media (max-width:640px){
.page{padding:.9rem .75rem 2rem}
h1{font-size:1.3rem}
h2{font-size:1.12rem}
.side{grid-template-columns:1fr}
.table-wrap.stacked{border:0;overflow:visible}
table.stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
table.stack,table.stack tbody,table.stack tr,table.stack td{display:block;width:auto}
table.stack tr{border:1px solid var(--line);border-radius:.5rem;margin:0 0 .6rem;overflow:hidden}
table.stack td{border-top:1px solid var(--line);white-space:normal}
table.stack td:first-child{border-top:0}
table.stack td[data-label]::before{content:attr(data-label);display:block;font-size:.8rem;font-weight:600;color:var(--muted)}
table.summary.stack tr{display:grid;grid-template-columns:auto auto 1fr;align-items:baseline;gap:.15rem .4rem;padding:.5rem .7rem}
table.summary.stack td{border:0;padding:0}
table.summary.stack td::before{display:none}
table.summary.stack td:nth-child(1){order:1}
table.summary.stack td:nth-child(2){order:2}
table.summary.stack td:nth-child(4){order:3;justify-self:end}
table.summary.stack td:nth-child(3){order:4;grid-column:1/-1}
table.summary.stack td:nth-child(5){order:5;grid-column:1/-1}
table.summary.stack td.none{display:none}
table.summary.stack tr td:first-child{box-shadow:none}
table.summary.stack tr.m-weakened{border-left:4px solid var(--weakened)}
table.summary.stack tr.m-strengthened{border-left:4px solid var(--strengthened)}
table.summary.stack tr.m-prohibited{border-left:4px solid var(--prohibited)}
table.summary.stack tr.m-negated{border-left:4px solid var(--negated)}
table.summary.stack tr.m-changed{border-left:4px solid var(--changed)}
table.summary.stack td.lineage:not(.none)::before{content:"Lineage: ";display:inline;font:inherit}
table.annex td.rec,table.annex td.related{width:auto}
}
@media print{
:root{--fg:#000;--muted:#444;--bg:#fff;--soft:#fff}
body{font-size:10.5pt}
.page{max-width:none;padding:0}
.toolbar,.back,.view-radio{display:none}
a{color:inherit;text-decoration:none}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
.table-wrap{overflow:visible;border:0}
thead{display:table-header-group}
tr,.node,.side>div{break-inside:avoid}
section.pair{break-before:auto}
h2,h3,.node-head{break-after:avoid}
details.metadata>*{display:block}
}
"""

# The page may load nothing at all: no script, no font, no image, no frame.
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def page(title: str, body: str, before_page: str = "", style: str = "") -> str:
    """Return a complete, self-contained HTML document.

    Args:
        title: the document title (escaped here).
        body: the content of the page, already escaped.
        before_page: markup that must precede the page as its sibling (the view radios).
        style: CSS for this kind of page, added to the common style.
    """
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="generator" content="recreg">\n'
        # An empty icon keeps the browser from asking the network for /favicon.ico.
        '<link rel="icon" href="data:,">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}{style}</style>\n</head>\n<body>\n"
        f"{before_page}<div class=\"page\">\n{body}</div>\n</body>\n</html>\n"
    )


def _badge(text: str, css: str = "") -> str:
    return f'<span class="badge{" " + css if css else ""}">{escape(text)}</span>'


def _modality_badges(counts: dict[str, int]) -> str:
    return " ".join(
        _badge(f"{SIGNS[d]} {d}" + (f" ×{n}" if n > 1 else ""), f"m-{d}") for d, n in counts.items()
    )


def _legend() -> str:
    items = [
        '<span class="item"><del>deleted</del> words taken out</span>',
        '<span class="item"><ins>inserted</ins> words put in</span>',
        *(f'<span class="item">{_badge(f"{SIGNS[d]} {d}", f"m-{d}")} {escape(meaning)}</span>'
          for d, meaning in _LEGEND_MEANINGS.items()),
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
        rows.append(f"<dt>{label}</dt><dd><strong>{escape(edition.title)}</strong> "
                    f'<span class="muted">({escape(edition_facts(edition))})</span></dd>')
    return f'<dl class="editions">{"".join(rows)}</dl>\n'


def _summary_table(result, prefix: str = "") -> str:
    rows = []
    for pair in result.pairs:
        counts = modality_counts(pair.changes)
        strongest = next(iter(counts), None)
        css = f' class="m-{strongest}"' if strongest else ""
        old, new = escape(side(pair.before)), escape(side(pair.after))
        if pair.changes:
            link = f'href="#{escape(pair_anchor(pair, prefix))}"'
            old, new = f'<a {link}>{old}</a>', f'<a {link}>{new}</a>'
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
        + "\n".join(rows) + "\n</tbody></table></div>\n</section>\n"
    )


def _metadata(result) -> str:
    change = next((c for c in result.changes if c.kind == "metadata-changed"), None)
    if change is None:
        return ""
    rows = metadata_lines(change)
    fields = change.details["fields"]
    before, after = (escape(label) for label in result.labels)
    body = "".join(f'<tr><td><code>{escape(name)}</code></td><td data-label="{before}">{escape(old)}</td>'
                   f'<td data-label="{after}">{escape(new)}</td></tr>\n' for name, old, new in rows)
    return (
        f'<details class="metadata"><summary>Edition metadata changed: {escape(", ".join(fields))}</summary>\n'
        '<div class="table-wrap stacked"><table class="stack">\n<thead><tr><th scope="col">Field</th>'
        f'<th scope="col">{before}</th><th scope="col">{after}</th></tr></thead>\n'
        f"<tbody>\n{body}</tbody></table></div>\n</details>\n"
    )


def _whole(result, address, tag: str) -> str:
    """Render an added (``<ins>``, new side) or removed (``<del>``, old side) node in full."""
    text, node = node_text(result, address, "new" if tag == "ins" else "old")
    parts = [f"<{tag}>{text_fragment(text)}</{tag}>" if text is not None
             else f'<span class="missing">{escape(missing_label(node))}</span>']
    if isinstance(node, Recommendation):
        for action, items in shown_actions(node, None):
            parts.append(f"<br><{tag}>({escape(action.label)}) {text_fragment(action.text)}</{tag}>")
            parts.extend(f"<br><{tag}>{escape(item.label)}. {text_fragment(item.text)}</{tag}>" for item in items)
    return "".join(parts)


def _node(result, pair, before, after, changes) -> str:
    counts = modality_counts(changes)
    strongest = next(iter(counts), None)
    badges = []
    for change in changes:
        if change.kind == "modality":
            d = change.details["direction"]
            badges.append(_badge(f"{SIGNS[d]} {change_label(change)}", f"m-{d}"))
        else:
            badges.append(_badge(change_label(change, pair), f"k-{change.kind}"))
    head = (f'<div class="node-head"><span class="addr">{escape(ref(before))} → {escape(ref(after))}</span> '
            f'{" ".join(badges)}</div>')
    diffed = next((c for c in changes if "diff" in c.details), None)
    old_label = f'<span class="label">{escape(result.labels[0])} {escape(ref(before))}</span>'
    new_label = f'<span class="label">{escape(result.labels[1])} {escape(ref(after))}</span>'
    if diffed is not None:
        inline, old, new = diff_fragments(diffed.details["diff"], modal_marks(changes))
    elif changes[0].kind in {"added", "footnote-added"}:
        inline = new = _whole(result, after, "ins")
        old = '<span class="muted">—</span>'
    elif changes[0].kind in {"removed", "footnote-removed"}:
        inline = old = _whole(result, before, "del")
        new = '<span class="muted">—</span>'
    elif (shown := shown_text(result, changes)) is not None:
        inline = old = new = text_fragment(shown[0])
    else:
        inline = ""
    css = f" m-{strongest}" if strongest else ""
    body = head
    if inline:
        body += (f'\n<p class="inline">{inline}</p>\n'
                 f'<div class="side"><div class="old">{old_label}{old}</div><div class="new">{new_label}{new}</div></div>')
    return f'<div class="node{css}">{body}</div>'


def _pair_section(result, pair, prefix: str = "") -> str:
    anchor = pair_anchor(pair, prefix)
    rec = pair.after or pair.before
    title = f"{side(pair.before)} → {side(pair.after)}"
    meta = [", ".join(pair_kinds(pair))]
    if pair.matched_by:
        meta.append(f"matched by {pair.matched_by} ({pair.score:.2f}{', probable' if pair.probable else ''})")
    if pair.lineage:
        meta.append("lineage: " + ", ".join(str(a) for a in pair.lineage))
    nodes = "\n".join(_node(result, pair, before, after, group) for before, after, group in node_groups(pair.changes))
    return (
        f'<section class="pair" id="{escape(anchor)}" aria-labelledby="h-{escape(anchor)}">\n'
        f'<h2 id="h-{escape(anchor)}">{escape(title)} <span class="muted">· {escape(rec.id)}</span></h2>\n'
        f'<p class="pair-meta">{escape(" · ".join(meta))} {_modality_badges(modality_counts(pair.changes))}</p>\n'
        f'{nodes}\n<p class="back"><a href="#{prefix}summary">↑ Summary</a></p>\n</section>\n'
    )


_TOOLBAR = ('<div class="toolbar" role="group" aria-label="View">View: '
            '<label for="view-inline">Inline</label><label for="view-side">Side by side</label></div>\n')
_VIEW_RADIOS = ('<input type="radio" name="view" id="view-inline" class="view-radio" checked aria-label="Inline view">\n'
                '<input type="radio" name="view" id="view-side" class="view-radio" aria-label="Side-by-side view">\n')


def _diff_parts(result, prefix: str = "") -> tuple[str, str]:
    """Render one diff's facts (editions, counts, notes) and its content (tables and sections)."""
    notes = "".join(f'<p class="muted">Note: {escape(note)}</p>\n' for note in result.notes)
    facts = f'{_edition_header(result)}<p class="counts">{escape(counts_label(result))}</p>\n{notes}'
    sections = "".join(_pair_section(result, pair, prefix) for pair in result.pairs if pair.changes)
    content = f"{_summary_table(result, prefix)}{_lineage_picture(result)}{_metadata(result)}{_TOOLBAR}{sections}"
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
    facts, content = _diff_parts(result)
    body = (
        f'<header>\n<p class="kicker">recreg diff · matching: {escape(matching_label(result))}</p>\n'
        f"<h1>{escape(result.title)}</h1>\n{facts}</header>\n<main>\n{_legend()}{content}</main>\n"
    )
    return page(f"{result.title} · recreg diff", body, _VIEW_RADIOS)


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
        facts, content = _diff_parts(entry.result, f"f{index}-")
        files.append(
            f'<section class="file" aria-labelledby="f{index}-title">\n'
            f'<h2 id="f{index}-title" class="file-title">{escape(file_heading(entry))}</h2>\n'
            f'<p class="kicker">{escape(entry.result.title)}</p>\n{facts}{content}</section>\n')
    title = f"Registry changes in {diff_set.spec}"
    body = (
        f'<header>\n<p class="kicker">recreg diff --git · {counted(count, "edition file")} changed '
        f'({escape(diff_set.base[:10])} → {escape(diff_set.head[:10])})</p>\n<h1>{escape(title)}</h1>\n</header>\n'
        f"<main>\n{_legend()}{''.join(files) or '<p>No edition file changed.</p>'}</main>\n"
    )
    return page(f"{title} · recreg", body, _VIEW_RADIOS)


def _lineage_picture(result) -> str:
    """Draw the pairs with the older numbers they descend from, when the editions record any."""
    if not any(pair.lineage for pair in result.pairs):
        return ""
    from ..engine.lineage import picture_of_diff

    return f"<details open><summary>Lineage picture</summary>\n{lineage_svg(picture_of_diff(result))}</details>\n"


def _footnote_ref(rec: Recommendation) -> Callable[[str], str]:
    return lambda number: f'<sup class="fnref"><a href="#{escape(rec.address.local)}-fn{number}">{number}</a></sup>'


def _rec_cell(rec: Recommendation) -> str:
    parts = [f'<p class="rec-head">Recommendation {rec.number}:<span class="addr">{escape(rec.address.local)}</span></p>']
    if rec.statement is not None:
        parts.append(f"<p>{text_fragment(rec.statement, footnote=_footnote_ref(rec))}</p>")
    else:
        parts.append(f'<p><span class="missing">{escape(missing_label(rec))}</span></p>')
    for description in rec.descriptions:
        parts.append(f'<p class="fact">Described as: “{escape(description.text)}” ({escape(str(description.source))})</p>')
    parts.extend(f'<p class="fact">{escape(fact)}</p>' for fact in rec_facts(rec))
    parts.extend(_indicator_facts(rec.indicators))
    return "".join(parts)


def _indicator_facts(indicators) -> list[str]:
    return [f'<p class="fact indicator" id="kpi-{escape(i.id)}">{escape(indicator_label(i))}</p>' for i in indicators]


def _actions_cell(rec: Recommendation, only) -> str:
    fn = _footnote_ref(rec)
    out = []
    for action, items in shown_actions(rec, only):
        sub = "".join(f'<li><span class="label">{escape(item.label)}.</span>{text_fragment(item.text, footnote=fn)}</li>'
                      for item in items)
        out.append(f'<li id="{escape(action.address.local)}"><span class="label">({escape(action.label)})</span>'
                   f'{text_fragment(action.text, footnote=fn)}{f"<ol class=items>{sub}</ol>" if sub else ""}'
                   f'{"".join(_indicator_facts(action.indicators))}</li>')
    return f'<ol class="actions">{"".join(out)}</ol>' if out else ""


def _related_cell(lines: list[tuple[str, bool]]) -> str:
    return "".join(f"<div><em>{escape(text)}</em></div>" if quoted else f"<div>{escape(text)}</div>" for text, quoted in lines)


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
    recs, only, footnotes = selection(edition, node)
    related = {r.address: related_lines(r, options.earlier) for r in recs}
    show_related = any(related.values())
    head = ['<th scope="col">Recommendations</th>', '<th scope="col">Recommended Actions</th>']
    if show_related:
        head.append(f'<th scope="col">{RELATED}</th>')
    rows = []
    for rec in recs:
        # On a phone the cells stack; "Recommendation N:" names the first well enough.
        cells = [f'<td class="rec">{_rec_cell(rec)}</td>',
                 f'<td class="actions" data-label="Recommended Actions">{_actions_cell(rec, only)}</td>']
        if show_related:
            cells.append(f'<td class="related" data-label="{RELATED}">{_related_cell(related[rec.address]) or "—"}</td>')
        rows.append(f'<tr id="{escape(rec.address.local)}">{"".join(cells)}</tr>')
    table = ""
    if rows:
        table = (f'<div class="table-wrap stacked"><table class="annex stack">\n<thead><tr>{"".join(head)}</tr></thead>\n'
                 "<tbody>\n" + "\n".join(rows) + "\n</tbody></table></div>\n")
    notes = "".join(
        f'<p id="{escape(f.address.local.replace("/fn", "-fn"))}"><sup>{f.number}</sup> {text_fragment(f.text)} '
        f'<a class="back" href="#{escape(f.address.recommendation().local)}" aria-label="back to Recommendation '
        f'{f.address.number}">↩</a></p>\n'
        for f in footnotes
    )
    footer = f'<section class="footnotes" aria-label="Footnotes"><hr>\n{notes}</section>\n' if notes else ""
    body = (f'<header>\n<p class="kicker">{escape(edition_facts(edition))}</p>\n<h1>{escape(edition.title)}</h1>\n</header>\n'
            f"<main>\n{table}{footer}</main>\n")
    return page(f"{edition.title} ({edition.id})", body)


_PICTURE_STYLE = {"stated": 'stroke="#8a8f98" stroke-dasharray="4 3"', "matched": 'stroke="#1f6feb"',
                  "probable": 'stroke="#d29922" stroke-dasharray="2 2"'}
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
        parts.append(f'<text x="{x}" y="16" font-weight="bold">{escape(edition)}</text>'
                     f'<text x="{x}" y="32" font-size="9" fill="#57606a"><title>{escape(title)}</title>{escape(short)}</text>')
        for number, node in enumerate(nodes):
            y = offset + number * row
            where[node] = (x, y)
            fill = _MARK_FILL.get(picture.marks.get(node), "#ffffff")
            parts.append(f'<g><title>{escape(str(node))}{" (" + picture.marks[node] + ")" if node in picture.marks else ""}</title>'
                         f'<rect x="{x}" y="{y}" width="{node_w}" height="{node_h}" rx="4" fill="{fill}" stroke="#57606a"/>'
                         f'<text x="{x + node_w / 2}" y="{y + 14}" text-anchor="middle">{escape(node.local)}</text></g>')
    curves = []
    for before, after, how in picture.edges:
        if before not in where or after not in where:
            continue
        (x1, y1), (x2, y2) = where[before], where[after]
        x1, y1, y2 = x1 + node_w, y1 + node_h / 2, y2 + node_h / 2
        middle = (x1 + x2) / 2
        curves.append(f'<path d="M{x1},{y1} C{middle},{y1} {middle},{y2} {x2},{y2}" fill="none" {_PICTURE_STYLE[how]}/>')
    def key(stroke: str, label: str) -> str:
        return (f'<span style="white-space:nowrap;margin-right:1em"><svg width="28" height="8" aria-hidden="true">'
                f'<line x1="0" y1="4" x2="28" y2="4" {stroke}/></svg> {label}</span>')

    def box(fill: str, label: str) -> str:
        return (f'<span style="white-space:nowrap;margin-right:1em"><span style="display:inline-block;width:1.4em;height:.9em;'
                f'background:{fill};border:1px solid #57606a;border-radius:3px;vertical-align:middle"></span> {label}</span>')

    legend = ("<figcaption>" + key(_PICTURE_STYLE["stated"], "stated in a source") + key(_PICTURE_STYLE["matched"], "matched by the engine")
              + key(_PICTURE_STYLE["probable"], "probable match") + box(_MARK_FILL["dropped"], "carried into nothing")
              + box(_MARK_FILL["new"], "new") + "</figcaption>")
    # Capped width: the drawing is read at a glance, not magnified to the page.
    return (f'<figure class="lineage"><svg viewBox="0 0 {width} {height}" role="img" aria-label="Lineage picture" '
            f'style="width:100%;max-width:{width}px;height:auto" font-size="12">{"".join(curves)}{"".join(parts)}</svg>{legend}</figure>\n')


def render_coverage(report, options: RenderOptions = RenderOptions()) -> str:
    """Render a coverage report as a self-contained page with the lineage picture."""
    from .text import COVERAGE_LABELS

    title = f"{report.old.id} → {report.new.id}"
    counts = ", ".join(f"{len(group)} {COVERAGE_LABELS[name]}" for name, group in report.groups.items())
    rows = []
    for name, group in report.groups.items():
        for address, targets in group.items():
            old, new = ("—", address.local) if name == "new" else (address.local, ", ".join(t.local for t in targets) or "—")
            rows.append(f"<tr><td>{escape(old)}</td><td>{escape(COVERAGE_LABELS[name])}</td><td>{escape(new)}</td></tr>")
    table = (f'<table class="summary"><thead><tr><th>{escape(report.old.id)}</th><th>became</th><th>{escape(report.new.id)}</th></tr></thead>'
             f'<tbody>{"".join(rows)}</tbody></table>\n')
    picture = lineage_svg(report.picture) if report.picture is not None else ""
    body = (f'<header>\n<p class="kicker">recreg coverage</p>\n<h1>{escape(title)}</h1>\n'
            f'<p class="counts">{escape(counts)}</p>\n</header>\n<main>\n{picture}{table}</main>\n')
    return page(f"{title} · recreg coverage", body)


# --- status report ------------------------------------------------------------------------------

# One colour per status, darkest for the statuses that call for action; every use also shows its label.
STATUS_COLOURS = {"implemented": "#1a7f37", "partly-implemented": "#6fc276", "planned": "#0969da",
                  "not-planned": "#cf222e", "not-applicable": "#8c959f", "unknown": "#d0d7de"}
_STATUS_STYLE = """
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
table.matrix td.cell{text-align:center;font-size:.8rem;white-space:nowrap}
table.matrix th.office{writing-mode:vertical-rl;transform:rotate(180deg);font-size:.85rem;white-space:nowrap;max-height:12rem}
figure.indicator{margin:.4rem 0}
figure.indicator svg{width:100%;max-width:28rem;height:auto}
""" + "".join(f"td.s-{s}{{background:{c};color:{'#fff' if s in {'implemented', 'planned', 'not-planned'} else '#1f2328'}}}"
              for s, c in STATUS_COLOURS.items())


def _status_word(status: str | None) -> str:
    from ..survey.model import STATUS_LABELS

    return STATUS_LABELS.get(status or "", "")


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
        parts.append(f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="{height}" fill="{STATUS_COLOURS[status]}">'
                     f"<title>{escape(f'{label}: {_status_word(status)} {count}')}</title></rect>")
        if w >= 12:
            fill = "#fff" if status in {"implemented", "planned", "not-planned"} else "#1f2328"
            parts.append(f'<text x="{x + w / 2:.1f}" y="12" text-anchor="middle" fill="{fill}" font-size="11">{count}</text>')
        x += w
    summary = ", ".join(f"{_status_word(s)} {n}" for s, n in counts.items() if n) or "no answers"
    return (f'<svg class="bar" viewBox="0 0 {width} {height}" preserveAspectRatio="xMinYMid meet" role="img" '
            f'aria-label="{escape(f"{label}: {summary}")}"><rect x="0" y="0" width="{width}" height="{height}" '
            f'fill="none" stroke="#8c959f" stroke-width="0.5"/>{"".join(parts)}</svg>')


def _overview(report) -> str:
    """Draw one stacked bar per recommendation (its actions' answers), as an SVG chart."""
    from ..survey.status import summary_counts

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
                bars.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="16" fill="{STATUS_COLOURS[status]}">'
                            f"<title>{escape(f'{rec.address.local}: {_status_word(status)} {count}')}</title></rect>")
                x += w
        bars.append(f'<rect x="{label_w}" y="{y}" width="{width - label_w}" height="16" fill="none" stroke="#8c959f" stroke-width="0.5"/>')
    height = len(report.recommendations) * row + 8
    return (f'<figure class="overview"><svg class="bars" viewBox="0 0 {width} {height}" role="img" '
            f'aria-label="Answers by status for each recommendation" style="width:100%;max-width:{width * 1.6:.0f}px;height:auto">'
            f'{"".join(bars)}</svg><figcaption class="muted">Each bar: the answers about a recommendation\'s actions, '
            "out of every office asked about every action; the empty part is unanswered.</figcaption></figure>\n")


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

    parts = [f'<line x1="{left}" y1="30" x2="{right}" y2="30" stroke="#8c959f"/>',
             f'<text x="{left}" y="50" font-size="11">{escape(value_text(low))}</text>',
             f'<text x="{right}" y="50" font-size="11" text-anchor="end">{escape(value_text(high))}</text>']
    if indicator.target is not None:
        parts.append(f'<line x1="{x(indicator.target):.1f}" y1="12" x2="{x(indicator.target):.1f}" y2="44" stroke="#9a3412" '
                     f'stroke-dasharray="3 2"><title>{escape(f"target {indicator.target_label}")}</title></line>')
    if status.median is not None:
        parts.append(f'<line x1="{x(status.median):.1f}" y1="18" x2="{x(status.median):.1f}" y2="42" stroke="#1f2328" '
                     f'stroke-width="2"><title>{escape(f"median {value_text(status.median)}")}</title></line>')
    for carried in status.answers:
        if carried.answer.value is not None:
            parts.append(f'<circle cx="{x(carried.answer.value):.1f}" cy="30" r="5" fill="#0969da" fill-opacity="0.7">'
                         f"<title>{escape(f'{carried.office}: {value_text(carried.answer.value)}')}</title></circle>")
    return (f'<figure class="indicator"><svg viewBox="0 0 {width} 56" role="img" '
            f'aria-label="{escape(f"{indicator.id}: {indicator_facts(status)}")}">{"".join(parts)}</svg></figure>')


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
        groups.append(f'<div class="changes{"" if flagged else " stands"}">{counted(len(answers), "answer")} '
                      f'given to <span class="addr">{escape(str(asked))}</span>: {verdict}<ul>{"".join(items)}</ul></div>')
    rows = []
    for carried in node.answers:
        answer = carried.answer
        evidence = (f'<a href="{escape(answer.evidence)}" rel="noopener noreferrer nofollow">{escape(answer.evidence)}</a>'
                    if answer.evidence else "")
        status = answer.status and f'<span class="swatch" style="background:{STATUS_COLOURS[answer.status]}"></span>'
        rows.append(f'<tr><td>{escape(report.office(carried.office).label)}</td>'
                    f'<td>{status or ""}{escape(_status_word(answer.status) or value_text(answer.value))}'
                    f'{" <span class=confirm>to be confirmed</span>" if carried.to_confirm else ""}</td>'
                    f"<td>{escape(answer.comment or '')}</td><td>{evidence}</td></tr>")
    table = ('<div class="table-wrap"><table class="answers"><thead><tr><th scope="col">Office</th><th scope="col">Answer</th>'
             f'<th scope="col">Comment</th><th scope="col">Evidence</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div>')
    return (f'<details class="answers"><summary>{len(node.answers)} answers</summary>{"".join(groups)}{table}</details>')


def _status_section(report, rec) -> str:
    from ..survey.model import snapshot

    rows = []
    for node in report.nodes():
        if node.address.recommendation() != rec.address:
            continue
        text = snapshot(node.node)
        head = escape(node.address.local)
        confirm = f'<span class="confirm">{node.to_confirm} to confirm</span>' if node.to_confirm else ""
        indicators = "".join(f'<p class="fact">{escape(indicator_label(i.indicator))}: {escape(indicator_facts(i))}</p>'
                             f"{indicator_svg(i)}" for i in node.indicators)
        rows.append(f'<tr id="{escape(node.address.local)}"><td class="addr">{head}</td>'
                    f'<td data-label="Text and answers">{text_fragment(text) if text else "<span class=muted>—</span>"}'
                    f'{indicators}{_answers_block(report, node)}</td>'
                    f'<td class="num" data-label="Answered">{len(node.answers)}</td>'
                    f'<td class="bar" data-label="Statuses">{status_bar(node.counts, len(report.offices), node.address.local)} '
                    f'{confirm}</td></tr>')
    # On a phone the cells stack, each under its heading, as the edition's annex table does.
    return (f'<section class="pair" id="status-{escape(rec.address.local)}"><h2>Recommendation {rec.address.number}</h2>\n'
            '<div class="table-wrap stacked"><table class="status stack"><thead><tr><th scope="col">Node</th><th scope="col">Text and answers</th>'
            '<th scope="col">Answered</th><th scope="col">Statuses</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div></section>\n')


def _matrix(report) -> str:
    """Draw each selected office's status for every action as a coloured table (a heat map with labels)."""
    offices = report.selected
    head = "".join(f'<th scope="col" class="office">{escape(report.office(o).label)}</th>' for o in offices)
    rows = {}
    for office in offices:
        for node, carried in report.profile(office):
            rows.setdefault(node.address, {})[office] = carried
    body = []
    for address, answers in rows.items():
        cells = []
        for office in offices:
            carried = answers.get(office)
            if carried is None:
                cells.append('<td class="cell muted">—</td>')
                continue
            answer = carried.answer
            css = f"cell s-{answer.status}" if answer.status else "cell"
            title = f"{report.office(office).label}: {_status_word(answer.status) or value_text(answer.value)}"
            title += f" — {answer.comment}" if answer.comment else ""
            mark = " ⚠" if carried.to_confirm else ""
            cells.append(f'<td class="{css}" title="{escape(title)}">{escape(_status_word(answer.status) or value_text(answer.value))}{mark}</td>')
        body.append(f'<tr><th scope="row" class="addr">{escape(address.local)}</th>{"".join(cells)}</tr>')
    comments = "".join(
        f"<li><span class=addr>{escape(node.address.local)}</span> · {escape(report.office(o).label)}: {escape(c.answer.comment)}</li>"
        for o in offices for node, c in report.profile(o) if c is not None and c.answer.comment)
    return ('<section><h2>By office</h2><div class="table-wrap"><table class="matrix"><thead><tr><th scope="col">Node</th>'
            f'{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>'
            f'<p class="muted">⚠ to be confirmed: the text answered has changed since.</p>'
            f'{"<h3>Comments</h3><ul>" + comments + "</ul>" if comments else ""}</section>\n')


def render_status(report, options: RenderOptions = RenderOptions()) -> str:
    """Render a status report as a self-contained page with its charts drawn in inline SVG (no script, nothing fetched)."""
    summary = status_summary(report)
    legend = "".join(f'<span class="item"><span class="swatch" style="background:{c}"></span>{escape(_status_word(s))}</span>'
                     for s, c in STATUS_COLOURS.items())
    facts = (f"{summary['offices']} offices · {summary['answers']} answers ({summary['to_confirm']} to be confirmed) · "
             f"{summary['reported']} of {summary['units']} actions reported on · {summary['apart']} listed apart"
             + (" · anonymized: pseudonyms, evidence links withheld" if report.anonymized else ""))
    parts = [f'<header>\n<p class="kicker">recreg status · {escape(survey_facts(report))}</p>\n'
             f"<h1>Status of {escape(report.edition.id)}: {escape(report.edition.title)}</h1>\n"
             f'<p class="counts">{escape(facts)}</p>\n</header>\n<main>\n'
             f'<section class="legend" aria-label="Legend"><h2>Legend</h2>{legend}'
             '<span class="item"><span class="confirm">to be confirmed</span> the text answered has changed since</span></section>\n']
    if report.selected:
        parts.append(_matrix(report))
    else:
        parts.append(_overview(report))
        unreported = ", ".join(u.address.local for u in report.unreported) if report.survey else ""
        if report.survey is not None:
            parts.append(f'<p><strong>Nobody reported on:</strong> {escape(unreported) or "—"}</p>\n')
        parts.extend(_status_section(report, rec) for rec in report.recommendations)
    if report.apart:
        rows = "".join(f"<tr><td>{escape(report.office(i.carried.office).label)}</td><td class=addr>{escape(str(i.carried.asked))}</td>"
                       f"<td>{escape(_status_word(i.carried.answer.status) or value_text(i.carried.answer.value))}</td>"
                       f"<td>{escape(i.reason)}</td><td>{escape(', '.join(str(a) for a in i.related)) or '—'}</td></tr>"
                       for i in report.apart)
        parts.append('<section id="apart"><h2>Listed apart</h2><div class="table-wrap"><table><thead><tr><th scope="col">Office</th>'
                     '<th scope="col">Asked</th><th scope="col">Answer</th><th scope="col">Why</th><th scope="col">Related</th>'
                     f"</tr></thead><tbody>{rows}</tbody></table></div></section>\n")
    parts.extend(f'<p class="muted">Note: {escape(note)}</p>\n' for note in report.notes)
    parts.append("</main>\n")
    return page(f"Status of {report.edition.id} · recreg status", "".join(parts), style=_STATUS_STYLE)
