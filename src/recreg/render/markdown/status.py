"""A survey's status report in GitHub-flavoured Markdown: a table per recommendation and action, then what to confirm."""

from __future__ import annotations

from ...words import counted
from .. import RenderOptions
from ..status_labels import (
    STATUS_HEADINGS,
    change_groups,
    indicator_facts,
    scale_facts,
    status_headline,
    step_label,
    survey_facts,
    unit_counts,
    value_text,
)
from .syntax import escape, pipe_table


def render_status(report, options: RenderOptions = RenderOptions()) -> str:
    """Render a status report as GitHub-flavoured Markdown: a table per recommendation and action, then what to confirm.

    Every text from a survey (office names, comments, evidence links) is escaped: no text
    makes a link, an image or a tag (GitHub may still autolink an evidence link, which is
    always an http or https address).
    """
    out = [
        f"## Status of {escape(report.edition.id)}: {escape(report.edition.title)}\n\n",
        f"**Survey:** {escape(survey_facts(report))}<br>\n",
        f"**Scale:** {escape(scale_facts(report))}<br>\n" if scale_facts(report) else "",
        escape(status_headline(report)) + "\n\n",
    ]
    if report.selected:
        out += _office_profiles(report)
        return "".join(out).rstrip("\n") + "\n"
    out += _status_table(report) + _status_indicators(report) + _changed_answers(report) + _status_comments(report)
    if report.survey is not None:
        out.append(
            "**Nobody reported on:** " + (escape(", ".join(u.address.local for u in report.unreported)) or "—") + "\n\n"
        )
    if report.apart:
        out.append("### Listed apart\n\n")
        out.append(
            pipe_table(
                ["Office", "Asked", "Answer", "Why", "Related"],
                [
                    [
                        escape(report.office(i.carried.office).label),
                        escape(str(i.carried.asked)),
                        escape(i.carried.answer.status or value_text(i.carried.answer.value)),
                        escape(i.reason),
                        escape(", ".join(str(a) for a in i.related)) or "—",
                    ]
                    for i in report.apart
                ],
            )
            + "\n"
        )
    out.extend(f"> **Note:** {escape(note)}\n\n" for note in report.notes)
    return "".join(out).rstrip("\n") + "\n"


def _office_profiles(report) -> list[str]:
    """Render each selected office's answers, node by node."""
    out = []
    for office_id in report.selected:
        rows = []
        for node, carried in report.profile(office_id):
            if carried is None:
                rows.append([escape(node.address.local), "", "—", "", ""])
                continue
            answer = carried.answer
            rows.append(
                [
                    escape(node.address.local),
                    escape(str(carried.asked)),
                    escape(STATUS_HEADINGS.get(answer.status or "", value_text(answer.value))),
                    "**yes**" if carried.to_confirm else "",
                    escape(answer.comment or ""),
                ]
            )
        out.append(f"### {escape(report.office(office_id).label)} ({escape(office_id)})\n\n")
        out.append(pipe_table(["Node", "Asked", "Status", "To confirm", "Comment"], rows) + "\n")
    return out


def _status_table(report) -> list[str]:
    """Render the table of answers by status, a row per recommendation and then its actions."""
    rows = []
    for rec in report.recommendations:
        counts, answered, confirm = unit_counts(rec)
        rows.append(
            [
                f"**{escape(rec.address.local)}**",
                str(answered),
                *(str(n) if n else "·" for n in counts.values()),
                str(confirm or ""),
            ]
        )
        for node in report.nodes():
            if node is not rec and node.address.recommendation() == rec.address:
                rows.append(
                    [
                        escape(node.address.local),
                        str(len(node.answers)),
                        *(str(n) if n else "·" for n in node.counts.values()),
                        str(node.to_confirm or ""),
                    ]
                )
    return [pipe_table(["Node", "Answered", *STATUS_HEADINGS.values(), "To confirm"], rows) + "\n"]


def _status_indicators(report) -> list[str]:
    """Render the indicators' values against their targets, if the edition has any."""
    indicators = [(node, i) for node in report.nodes() for i in node.indicators]
    if not indicators:
        return []
    return [
        "### Indicators\n\n",
        pipe_table(
            ["Indicator", "Of", "Measures", "Values"],
            [
                [
                    escape(i.indicator.id),
                    escape(node.address.local),
                    escape(i.indicator.measures),
                    escape(indicator_facts(i)),
                ]
                for node, i in indicators
            ],
        )
        + "\n",
    ]


def _changed_answers(report) -> list[str]:
    """Render the answers whose text changed since they were given, each with its verdict and steps."""
    groups = [(node, group) for node in report.nodes() for group in change_groups(node)]
    if not groups:
        return []
    out = ["### Answers that met changes\n\n"]
    for node, (asked, steps, answers) in groups:
        verdict = "**to be confirmed**" if any(step.confirm for step in steps) else "stands"
        out.append(
            f"- {escape(str(node.address))} ← {escape(str(asked))} ({counted(len(answers), 'answer')}): {verdict}\n"
        )
        out.extend(f"  - {'⚠ ' if step.confirm else ''}{escape(step_label(step))}\n" for step in steps)
    return out + ["\n"]


def _status_comments(report) -> list[str]:
    """Render the offices' comments and evidence, escaped."""
    comments = [(node, a) for node in report.nodes() for a in node.answers if a.answer.comment or a.answer.evidence]
    if not comments:
        return []
    return [
        "### Comments\n\n",
        pipe_table(
            ["Node", "Office", "Comment", "Evidence"],
            [
                [
                    escape(node.address.local),
                    escape(report.office(a.office).label),
                    escape(a.answer.comment or ""),
                    escape(a.answer.evidence or ""),
                ]
                for node, a in comments
            ],
        )
        + "\n",
    ]
