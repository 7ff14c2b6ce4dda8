"""JSON output: stable, documented structures for tools."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import jsontext
from ..edition.model import Action, Edition, Footnote, Indicator, Item, Link, Recommendation, Source
from ..errors import Problem
from ..survey.scale import STATUSES, snapshot, summary_counts
from . import RenderOptions
from .disposition import changed_labels, clause_label, now_label
from .status_labels import status_summary, step_label

if TYPE_CHECKING:  # pragma: no cover
    from ..registry.history import Event, History


def dumps(value: Any) -> str:
    """Serialise with a stable layout (two-space indent, non-ASCII kept, final newline)."""
    return jsontext.dumps(value) + "\n"  # json.dumps(indent=2, ensure_ascii=False), several times faster


def source_dict(source: Source | None) -> dict | None:
    """Return a source reference as a dict."""
    return {"file": source.file, "at": source.at} if source else None


def link_dict(link: Link) -> dict:
    """Return a link as a dict."""
    return {"type": link.type, "target": str(link.target), "source": source_dict(link.source)}


def indicator_dict(indicator: Indicator) -> dict:
    """Return an indicator as a dict; its target as the edition writes it (``{"at_least": 80}``)."""
    return {
        "id": indicator.id,
        "owner": str(indicator.owner),
        "measures": indicator.measures,
        "unit": indicator.unit,
        "target": {indicator.bound: indicator.target} if indicator.target is not None else None,
        "source": source_dict(indicator.source),
    }


def node_dict(node: Any) -> dict:
    """Return any model node (recommendation, action, item, footnote) as a dict."""
    if isinstance(node, Item):
        return {"address": str(node.address), "label": node.label, "text": node.text}
    if isinstance(node, Footnote):
        return {
            "address": str(node.address),
            "number": node.number,
            "text": node.text,
            "source": source_dict(node.source),
        }
    if isinstance(node, Action):
        result = {
            "address": str(node.address),
            "label": node.label,
            "text": node.text,
            "items": [node_dict(item) for item in node.items],
        }
        if node.id:
            result["id"] = node.id
        if node.links:
            result["links"] = [link_dict(link) for link in node.links]
        if node.indicators:
            result["indicators"] = [indicator_dict(i) for i in node.indicators]
        return result
    if isinstance(node, Recommendation):
        return {
            "address": str(node.address),
            "id": node.id,
            "number": node.number,
            **({"label": node.label, "title": node.title, "section": list(node.section)} if node.label else {}),
            "statement": node.statement,
            "missing": {"where": node.missing.where, "note": node.missing.note} if node.missing else None,
            "descriptions": [{"text": d.text, "source": source_dict(d.source)} for d in node.descriptions],
            "actions": [node_dict(action) for action in node.actions],
            "footnotes": [node_dict(footnote) for footnote in node.footnotes],
            "links": [link_dict(link) for link in node.links],
            "indicators": [indicator_dict(i) for i in node.indicators],
            "related": [str(link.target) for link in node.links if link.type == "related-to"],
            "new": {"text": node.new.text, "source": source_dict(node.new.source)} if node.new else None,
            "group": node.group,
            "priority": {"source": source_dict(node.priority)} if node.priority else None,
            "source": source_dict(node.source),
        }
    raise TypeError(f"cannot serialise {type(node).__name__}")


def edition_summary(edition: Edition) -> dict:
    """Return an edition's metadata and counts as a dict."""
    return {
        "id": edition.id,
        "title": edition.title,
        "committee": edition.committee,
        "session": edition.session,
        "status": edition.status,
        "derives_from": edition.derives_from,
        "documents": [{"symbol": d.symbol, "role": d.role, "source": source_dict(d.source)} for d in edition.documents],
        "dates": [
            {"event": d.event, "value": d.value, "quote": d.quote, "source": source_dict(d.source)}
            for d in edition.dates
        ],
        "counts": edition.counts,
        "path": edition.path,
    }


def render_edition(edition: Edition, node: Any = None, options: RenderOptions = RenderOptions()) -> str:
    """Render an edition, or one node of it, as JSON."""
    if node is None or node is edition:
        return dumps({**edition_summary(edition), "recommendations": [node_dict(r) for r in edition.recommendations]})
    return dumps({"edition": edition.id, **node_dict(node)})


def render_list(editions: list[Edition], options: RenderOptions = RenderOptions()) -> str:
    """Render the list of editions as JSON."""
    return dumps({"editions": [edition_summary(e) for e in editions]})


def render_problems(problems: list[Problem], checked: list[str], options: RenderOptions = RenderOptions()) -> str:
    """Render validation problems as JSON."""
    errors = sum(p.severity == "error" for p in problems)
    return dumps(
        {
            "valid": errors == 0,
            "checked": checked,
            "errors": errors,
            "warnings": len(problems) - errors,
            "problems": [p.as_dict() for p in problems],
        }
    )


def address_ref(value: Any) -> Any:
    """Return a change's node reference: a local address, a list of them, or None."""
    if value is None:
        return None
    if isinstance(value, tuple):
        return [item.local or str(item) for item in value]
    return value.local or str(value)


def change_dict(change: Any) -> dict:
    """Return a change as a dict (see schemas/diff.schema.json)."""
    result = {"kind": change.kind, "from": address_ref(change.before), "to": address_ref(change.after)}
    for key, value in change.details.items():
        result[key] = [{"op": e.op, "text": e.text} for e in value] if key == "diff" else value
    return result


def relation_dict(pair: Any, relation: Any) -> dict:
    """Return a merge or split of recommendations as one of its pairs sees it: its role, the host pair, the parts, by number."""
    return {
        "kind": relation.kind,
        "role": pair.role(relation),
        "host": {"from": relation.host.before.number, "to": relation.host.after.number},
        "parts": [part.number for part in relation.parts],
    }


def diff_dict(result: Any) -> dict:
    """Return a diff result as a dict (see schemas/diff.schema.json)."""
    return {
        "from": result.before.id,
        "to": result.after.id,
        "labels": dict(zip(("from", "to"), result.labels)),
        "match": result.options.match,
        "same": result.same,
        "summary": {"pairs": len(result.pairs), "changes": len(result.changes), "kinds": result.counts()},
        "pairs": [
            {
                "from": pair.before.number if pair.before else None,
                "to": pair.after.number if pair.after else None,
                "from_label": pair.before.label if pair.before else None,
                "to_label": pair.after.label if pair.after else None,
                "id": (pair.after or pair.before).id,
                "matched_by": pair.matched_by,
                "score": pair.score,
                "margin": pair.margin,
                "probable": pair.probable,
                "kinds": pair.kinds,
                "lineage": [str(a) for a in pair.lineage],
                "relations": [relation_dict(pair, relation) for relation in pair.relations],
            }
            for pair in result.pairs
        ],
        "changes": [change_dict(c) for c in result.changes],
        "notes": list(result.notes),
    }


def render_diff(result: Any, options: RenderOptions = RenderOptions()) -> str:
    """Render a diff result as JSON."""
    return dumps(diff_dict(result))


def step_dict(depth: int, step: Any) -> dict:
    """Return a lineage step as a dict."""
    return {
        "depth": depth,
        "from": str(step.before),
        "to": str(step.after),
        "how": step.how,
        "score": step.score,
        "relation": step.relation,
        "source": source_dict(step.source),
        "explanation": step.explain(),
    }


def render_trace(trace: Any, options: RenderOptions = RenderOptions()) -> str:
    """Render a node's lineage (see `recreg.engine.lineage.Trace`) as JSON."""
    return dumps(
        {
            "address": str(trace.address),
            "text": trace.text,
            "missing": trace.missing,
            "earlier": [step_dict(d, s) for d, s in trace.earlier],
            "later": [step_dict(d, s) for d, s in trace.later],
        }
    )


def render_coverage(report: Any, options: RenderOptions = RenderOptions()) -> str:
    """Render a coverage report (see `recreg.engine.lineage.Coverage`) as JSON."""
    result: dict[str, Any] = {
        "from": report.old.id,
        "to": report.new.id,
        "summary": {name: len(group) for name, group in report.groups.items()},
    }
    for name, group in report.groups.items():
        if name in {"dropped", "new"}:
            result[name] = [str(address) for address in group]
        else:
            result[name] = [
                {"node": str(address), "into": [str(t) for t in targets]} for address, targets in group.items()
            ]
    return dumps(result)


def render_log(entries: Any, options: RenderOptions = RenderOptions()) -> str:
    """Render an edition's history as JSON."""
    return dumps(
        {
            "commits": [
                {
                    "commit": e.commit,
                    "author": e.author,
                    "date": e.date,
                    "message": e.message,
                    "summary": e.summary,
                    "address": str(e.address) if e.address else None,
                }
                for e in entries
            ]
        }
    )


def render_diff_set(diff_set: Any, options: RenderOptions = RenderOptions()) -> str:
    """Render the diffs of every edition file changed between two revisions as JSON."""
    return dumps(
        {
            "range": diff_set.spec,
            "base": diff_set.base,
            "head": diff_set.head,
            "same": diff_set.same,
            "files": [
                {"status": e.status, "old_path": e.old_path, "new_path": e.new_path, "diff": diff_dict(e.result)}
                for e in diff_set.files
            ],
        }
    )


def event_dict(event: Event) -> dict:
    """Return an event of the history as a dict, its dates flagged when the sources disagree."""
    return {
        "id": event.id,
        "session": event.session,
        "dates": [
            {"event": d.event, "value": d.value, "quote": d.quote, "source": source_dict(d.source)} for d in event.dates
        ],
        "dates_disagree": event.disagreeing,
        "documents": list(event.documents),
        "decisions": [
            {"summary": d.summary, "quote": d.quote, "source": source_dict(d.source)} for d in event.decisions
        ],
        "editions": list(event.editions),
        "recommendations": [str(a) for a in event.recommendations],
        "sources": [source_dict(s) for s in event.sources],
        "notes": list(event.notes),
    }


def render_history(history: History, options: RenderOptions = RenderOptions()) -> str:
    """Render the chronology of decisions as JSON: title, notes, the edition filtered on, the file, and the events."""
    return dumps(
        {
            "title": history.title,
            "notes": list(history.notes),
            "edition": history.edition,
            "path": history.path,
            "events": [event_dict(event) for event in history.events],
        }
    )


def answer_step_dict(step: Any) -> dict:
    """Return a change an answer met (`recreg.survey.status.Step`) as a dict: the engine's change, its step and label."""
    # The word diff is left out: every answer to a node met the same change; `recreg diff` shows it.
    change = {key: value for key, value in change_dict(step.change).items() if key != "diff"}
    return {
        **change,
        "from_edition": step.before,
        "to_edition": step.after,
        "to_confirm": step.confirm,
        "label": step_label(step),
    }


def carried_dict(report: Any, carried: Any) -> dict:
    """Return an answer of a status report as a dict."""
    answer = carried.answer
    return {
        "office": answer.office,
        "office_name": report.office(answer.office).label,
        "status": answer.status,
        "value": answer.value,
        "comment": answer.comment,
        "evidence": answer.evidence,
        "asked": str(carried.asked),
        "to_confirm": carried.to_confirm,
        "changes": [answer_step_dict(step) for step in carried.steps],
    }


def status_node_dict(report: Any, node: Any) -> dict:
    """Return a node of a status report (recommendation, action, sub-item, footnote) as a dict, with its parts."""
    result = {
        "address": str(node.address),
        "kind": node.address.kind,
        "text": snapshot(node.node),
        "answered": len(node.answers),
        "statuses": node.counts,
        "to_confirm": node.to_confirm,
        "answers": [carried_dict(report, a) for a in node.answers],
        "indicators": [
            {
                **indicator_dict(i.indicator),
                "answered": len(i.answers),
                "median": i.median,
                "min": min(i.values, default=None),
                "max": max(i.values, default=None),
                "meeting_target": i.meeting_target,
                "to_confirm": sum(a.to_confirm for a in i.answers),
                "answers": [carried_dict(report, a) for a in i.answers],
            }
            for i in node.indicators
        ],
        "parts": [status_node_dict(report, part) for part in node.parts],
    }
    if node.address.kind == "recommendation":
        statuses, offices = summary_counts(p for p in node.parts if p.address.kind == "action")
        answers = sum(len(p.answers) for p in node.parts if p.address.kind == "action")
        result["actions_summary"] = {"offices": offices, "answers": answers, "statuses": statuses}
    return result


def render_status(report: Any, options: RenderOptions = RenderOptions()) -> str:
    """Render a status report as JSON (see schemas/status.schema.json)."""
    survey = report.survey
    profiles = []
    for office_id in report.selected:
        rows = report.profile(office_id)
        counts = {status: sum(1 for _, a in rows if a and a.answer.status == status) for status in STATUSES}
        profiles.append(
            {
                "office": office_id,
                "office_name": report.office(office_id).label,
                "statuses": counts,
                "answered": sum(a is not None for _, a in rows),
                "to_confirm": sum(bool(a and a.to_confirm) for _, a in rows),
                "rows": [
                    {"address": str(node.address), "answer": carried_dict(report, a) if a else None} for node, a in rows
                ],
            }
        )
    return dumps(
        {
            "edition": report.edition.id,
            "title": report.edition.title,
            "survey": None
            if survey is None
            else {
                "id": survey.id,
                "title": survey.title,
                "edition": survey.edition,
                "date": survey.date,
                "path": survey.path,
                "route": list(report.route),
                "read_as": [{"words": e.words, "status": e.status, "answers": e.answers} for e in survey.scale],
            },
            "anonymized": report.anonymized,
            "scale": list(STATUSES),
            "summary": status_summary(report),
            "offices": [{"id": o.id, "name": o.label} for o in report.offices],
            "recommendations": [status_node_dict(report, rec) for rec in report.recommendations],
            "unreported": [str(unit.address) for unit in report.unreported],
            "apart": [
                {**carried_dict(report, item.carried), "reason": item.reason, "related": [str(a) for a in item.related]}
                for item in report.apart
            ],
            "profiles": profiles,
            "notes": list(report.notes),
        }
    )


def disposition_row_dict(report: Any, row: Any) -> dict:
    """Return a row of a disposition of comments as a dict (see schemas/disposition.schema.json)."""
    comment, placement = row.comment, row.placement
    quote = comment.quote
    return {
        "id": comment.id,
        "commenter": {"id": row.commenter.id, "name": row.commenter.label},
        "author": comment.author,
        "address": str(comment.address) if comment.address else None,
        "clause": clause_label(comment.address),
        "line": comment.line,
        "quote": {"exact": quote.exact, "prefix": quote.prefix, "suffix": quote.suffix} if quote else None,
        "type": comment.type,
        "comment": comment.comment,
        "proposed_change": comment.proposed_change,
        "disposition": {
            "status": comment.disposition.status,
            "observation": comment.disposition.observation,
            "date": comment.disposition.date,
        },
        "source": {"file": comment.source.file, "at": comment.source.at, "date": comment.source.date},
        "now": {
            "status": placement.status,
            "at": [str(landing.address) for landing in placement.landings],
            "label": now_label(row),
            "reason": placement.reason,
            "before": placement.before,
            "after": placement.after,
            "diff": [{"op": edit.op, "text": edit.text} for edit in placement.diff],
        },
        "changes": [
            {
                **{k: v for k, v in change_dict(change).items() if k != "diff"},
                "from_edition": older,
                "to_edition": newer,
                "label": label,
            }
            for (older, newer, change), label in zip(placement.changes, changed_labels(row, report.route))
        ],
        "made": {"verdict": row.verdict.made, "evidence": row.verdict.evidence},
    }


def render_disposition(report: Any, options: RenderOptions = RenderOptions()) -> str:
    """Render a disposition of comments as JSON (see schemas/disposition.schema.json)."""
    comments = report.comments
    return dumps(
        {
            "comments": comments.id,
            "title": comments.title,
            "edition": comments.edition,
            "to": report.target.id,
            "route": list(report.route),
            "summary": {
                "commenters": [
                    {"id": commenter.id, "name": commenter.label, **report.counts(rows)}
                    for commenter, rows in report.by_commenter()
                ],
                "total": report.counts(report.rows),
            },
            "rows": [disposition_row_dict(report, row) for row in report.rows],
            "notes": list(comments.notes),
        }
    )
