"""What every renderer shows the same way: labels, facts and selections, in no format's markup.

Renderers import from here, never from each other; the words a user reads for a change, a
step of lineage, a status or a history event are written once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from ..words import counted
from ..edition.address import addresses
from ..edition.model import Action, Footnote, Item
from ..survey.model import STATUS_LABELS
from ..survey.status import summary_counts

if TYPE_CHECKING:
    from ..edition.address import Address
    from ..engine.classify import Change
    from ..engine.diff import DiffResult, RecommendationPair
    from ..registry.history import DateClaim, Event, History, Source


# C0 and C1 control characters but tab and newline.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Drop the control characters of a text, tab and newline kept.

    Args:
        text: a text from a file anyone can edit.

    Returns:
        The text without them: a YAML escape such as ``"\\e[2J"`` must reach neither a
        terminal nor a page.
    """
    return _CONTROL.sub("", text)


# Format-neutral pieces of a diff document, shared by the reviewer formats (Markdown, HTML)
# so that both say the same thing in the same order.

# Directions of a modality change (see recreg.engine.textdiff.direction), strongest news first:
# a phrase turned into its opposite, then softened, then hardened, then only changed.
DIRECTIONS = ("prohibited", "negated", "weakened", "strengthened", "changed")


def matching_label(result: DiffResult) -> str:
    """Say how the diff matched nodes, in words."""
    return "text only" if result.options.match == "text" else "recorded ids and links, then text"


def counts_label(result: DiffResult) -> str:
    """Count pairs and changes (``10 pairs, 71 changes: 9 renumbered, ...``)."""
    counts = result.counts()
    kinds = ", ".join(f"{n} {kind}" for kind, n in counts.items()) if counts else "no differences"
    return f"{counted(len(result.pairs), 'pair')}, {counted(len(result.changes), 'change')}: {kinds}"


def pair_anchor(pair: RecommendationPair, prefix: str = "") -> str:
    """Return a fragment id for a pair, unique even when both editions share an id.

    Args:
        pair: the pair.
        prefix: what sets this diff's anchors apart from another's on the same page.
    """
    return prefix + (f"new-{pair.after.address.local}" if pair.after else f"old-{pair.before.address.local}")


def file_heading(entry) -> str:
    """Name a changed edition file and what happened to it (``registry/cws13.yaml (added)``)."""
    path = f"{entry.old_path} → {entry.new_path}" if entry.status == "renamed" else (entry.new_path or entry.old_path)
    return f"{path} ({entry.status})"


def side(rec) -> str:
    """Return a recommendation's address as its source numbers it (``R5``, ``AC-2(3)``), or a dash for none."""
    return rec.address.shown if rec else "—"


def rec_heading(rec) -> str:
    """Head a recommendation as its document does: ``Recommendation 5``, or a control's label and title."""
    if rec.label:
        return f"{rec.label} {rec.title}" if rec.title else rec.label
    return f"Recommendation {rec.number}"


def action_mark(action) -> str:
    """Return an action's label as printed: ``(a)`` in the annex, as the catalog prints it (``a.``) for a control."""
    return action.printed or f"({action.label})"


def item_mark(item) -> str:
    """Return a sub-item's label as printed: ``ii.``, or as the catalog prints it (``1.``)."""
    return item.printed or f"{item.label}."


def pair_kinds(pair: RecommendationPair) -> list[str]:
    """Return what changed within a pair, in words (``added`` for a new recommendation).

    A recommendation with no partner that was split off another or merged into another
    says so rather than ``added`` or ``removed``.
    """
    if pair.before is None or pair.after is None:
        relation = "split" if pair.before is None else "merged"
        if any(change.kind == relation for change in pair.changes):
            return [relation]
        return ["added" if pair.before is None else "removed"]
    return pair.kinds or ["unchanged"]


def pair_summary(pair: RecommendationPair) -> str:
    """Say what changed within a pair, modality with its directions (``reworded, modality (weakened)``)."""
    directions = sorted({c.details["direction"] for c in pair.changes if c.kind == "modality"})
    return ", ".join(k if k != "modality" else f"modality ({', '.join(directions)})" for k in pair_kinds(pair))


def modality_counts(changes: Iterable[Change]) -> dict[str, int]:
    """Count modality changes by direction (see `DIRECTIONS`), strongest news first."""
    found = {direction: 0 for direction in DIRECTIONS}
    for change in changes:
        if change.kind == "modality":
            found[change.details["direction"]] += 1
    return {direction: n for direction, n in found.items() if n}


def node_groups(changes: Iterable[Change]) -> list[tuple[object, object, list[Change]]]:
    """Group a pair's changes by the nodes they concern, in order: (before, after, changes)."""
    groups: dict = {}
    for change in changes:
        groups.setdefault((change.before, change.after), []).append(change)
    return [(before, after, group) for (before, after), group in groups.items()]


def node_text(result: DiffResult, address: Address, side: str) -> tuple[str | None, object]:
    """Return the text of a node a change names, and the node, looked up on its own side.

    Both sides of a diff may be one edition (``cws12@main`` against ``cws12``), so the
    address's edition id cannot tell which side to read: a change's ``before`` is always
    on the old side and its ``after`` on the new.

    Args:
        result: the diff.
        address: a statement's, action's, item's or footnote's address.
        side: ``"old"`` or ``"new"``.

    Returns:
        (text, node); the text is None for a recommendation whose statement is missing.
    """
    node = (result.before if side == "old" else result.after).node(address)
    if node is not None and hasattr(node, "statement"):
        return node.statement, node
    return getattr(node, "text", None), node


# How a move, split or merge reads from the section of the recommendation it came from
# ("to") and of the one it went to ("from").
_RELATIONS = {"moved": ("moved from", "moved to"), "split": ("split from", "split into"), "merged": ("merged from", "merged into")}


def change_label(change: Change, pair: RecommendationPair | None = None) -> str:
    """Describe a change in a few words (``weakened: should → are encouraged to``).

    Args:
        change: the change.
        pair: the recommendation pair whose section shows it; a move, split or merge
            between two recommendations then says where it went or came from
            (``moved to R5/d`` in R3's section, ``moved from R3/c`` in R5's).
    """
    details = change.details
    if change.kind == "modality":
        return f"{details['direction']}: {details['before']} → {details['after']}"
    if change.kind in {"reworded", "editorial"}:
        return f"{change.kind} ({details['significance']:.2f})"
    if change.kind in {"renumbered", "relabeled"}:
        return f"{change.kind} {details['before']} → {details['after']}"
    if change.kind == "links-changed":
        parts = [f"{label} " + ", ".join(_link_text(v) for v in details.get(label, [])) for label in ("removed", "added") if details.get(label)]
        return "links " + "; ".join(parts)
    if change.kind in _RELATIONS and pair is not None:
        olds = {a.recommendation() for a in addresses(change.before)}
        news = {a.recommendation() for a in addresses(change.after)}
        here_old = pair.before.address if pair.before else None
        here_new = pair.after.address if pair.after else None
        incoming, outgoing = _RELATIONS[change.kind]
        if here_new in news and not olds <= {here_old}:
            return f"{incoming} {ref(tuple(a for a in addresses(change.before) if a.recommendation() != here_old) or change.before)}"
        if here_old in olds and here_new not in news:
            return f"{outgoing} {ref(change.after)}"
    return change.kind


def _link_text(value) -> str:
    """Render a link or metadata value from a links-changed change."""
    if isinstance(value, dict) and "target" in value:
        return value["target"] if value.get("type") == "related-to" else f"{value['target']} ({value['type']})"
    return str(value)


def shown_text(result: DiffResult, changes: list[Change]) -> tuple[str, str] | None:
    """Return the text a group of changes without a word diff should still show, and its side.

    A moved node whose words did not change is shown as it now reads, what was merged
    into another as it read, and an action that was split as it read before: a reviewer
    sees what travelled, not only that something did. None for other groups (a
    renumbering, a relabeling...).
    """
    if any("diff" in change.details for change in changes):
        return None
    kinds = {change.kind for change in changes}
    if "merged" in kinds and len(addresses(changes[0].before)) > 1:
        # What was merged in: the other recommendations' (or actions') texts as they read.
        texts = [node_text(result, address, "old")[0] for address in addresses(changes[0].before)[1:]]
        text = " / ".join(t for t in texts if t)
        return (text, "old") if text else None
    if "moved" in kinds:
        after = next(iter(addresses(changes[0].after)), None)
        text = node_text(result, after, "new")[0] if after is not None else None
        return (text, "new") if text else None
    if "split" in kinds:
        before = next(iter(addresses(changes[0].before)), None)
        text = node_text(result, before, "old")[0] if before is not None else None
        return (text, "old") if text else None
    return None


def ref(value) -> str:
    """Render a change's node reference: ``R4/a``, ``R8/a + R8/b`` (``AC-2/a`` in a catalog), or a dash for none."""
    if value is None:
        return "—"
    if isinstance(value, tuple):
        return " + ".join(a.shown for a in value)
    return value.shown or str(value)


def metadata_lines(change: Change) -> list[tuple[str, str, str]]:
    """Describe an edition's changed metadata as (field, before, after), values in words, sorted by field."""
    rows = [(_path(e["path"]), _value(e["before"]), _value(e["after"])) for e in change.details.get("changed", [])]
    rows += [(_path(e["path"]), _value(e["value"]), "—") for e in change.details.get("removed", [])]
    rows += [(_path(e["path"]), "—", _value(e["value"])) for e in change.details.get("added", [])]
    return sorted(rows)


def _path(path: str) -> str:
    """Turn deepdiff's ``root['dates'][0]`` into ``dates[0]``."""
    return path.removeprefix("root").replace("['", ".").replace("']", "").lstrip(".")


def _value(value) -> str:
    if isinstance(value, dict):
        if "symbol" in value:
            return f"{value['symbol']} ({value.get('role', '')})"
        if "event" in value:
            return f"{value['event']} {value['value']}"
        return ", ".join(f"{k}: {_value(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_value(v) for v in value)
    return "—" if value is None else str(value)


# Format-neutral pieces of an edition document.


def selection(edition, node) -> tuple[list, object, list]:
    """Choose what an edition document shows for a node, as `recreg show` does.

    Returns:
        The recommendations to lay out, the one action or item to keep in them (None for
        all), and the footnotes to list; a footnote node shows only itself.
    """
    if node is None or node is edition:
        return list(edition.recommendations), None, [f for r in edition.recommendations for f in r.footnotes]
    if isinstance(node, Footnote):
        return [], None, [node]
    rec = edition.recommendation(node.address.number)
    only = node if isinstance(node, (Action, Item)) else None
    return [rec], only, list(rec.footnotes)


def shown_actions(rec, only) -> list[tuple[object, list]]:
    """Return the actions of a recommendation to show, each with the items to show."""
    shown = []
    for action in rec.actions:
        if only is not None and action is not only and only not in action.items:
            continue
        items = [item for item in action.items if not isinstance(only, Item) or item is only]
        shown.append((action, items))
    return shown


def related_lines(rec, earlier: Mapping | None) -> list[tuple[str, bool]]:
    """Return the lines of a recommendation's Related column: its links and traced earlier numbers.

    Args:
        rec: the recommendation.
        earlier: the traced earlier numbers (`RenderOptions.earlier`), or None.

    Returns:
        (text, quoted) lines: one per edition (``r40: R3, R4``; a link of another type than
        ``related-to`` carries its type, ``R3 (moved-from)``), then the source's own words
        where it says the recommendation is new (quoted: True).
    """
    groups: dict[str, list[str]] = {}
    traced = [(address, "related-to") for address in (earlier or {}).get(rec.address, ())]
    for target, kind in traced + [(link.target, link.type) for link in rec.links]:
        label = target.local + ("" if kind == "related-to" else f" ({kind})")
        names = groups.setdefault(target.edition or "", [])
        if label not in names:
            names.append(label)
    lines = [(f"{edition}: {', '.join(names)}", False) for edition, names in groups.items()]
    return lines + ([(rec.new.text, True)] if rec.new else [])


def missing_label(rec) -> str:
    """Say that a recommendation's text is missing from the sources, and where it would be."""
    where = rec.missing.where if rec.missing else "unknown"
    return f"Text missing from the sources; see {where}."


def rec_facts(rec) -> list[str]:
    """Return the facts shown under a recommendation besides its text: group and priority."""
    facts = []
    if rec.group:
        group = f"Group {rec.group['value']}"
        if rec.group.get("previous"):
            group += f" (reallocated from Group {rec.group['previous']})"
        facts.append(group)
    if rec.priority:
        facts.append("Priority of the Task Force")
    return facts


def indicator_label(indicator) -> str:
    """Describe an indicator on one line: ``Indicator e-filing: Share of ... (percent; target at least 80 percent)``."""
    facts = [indicator.unit] + ([f"target {indicator.target_label}"] if indicator.target is not None else [])
    return f"Indicator {indicator.id}: {indicator.measures} ({'; '.join(facts)})"


def session_date(edition) -> str:
    """Return the date of an edition's session as its sources give it (``2018 or 2019-10`` where they disagree), or ``-``."""
    return " or ".join(dict.fromkeys(d.value for d in edition.dates if d.event == "session")) or "-"


def edition_facts(edition) -> str:
    """Return an edition's id, status, session and documents on one line."""
    facts = [edition.id, edition.status, edition.session or "", ", ".join(d.symbol for d in edition.documents)]
    return " · ".join(f for f in facts if f)


# Format-neutral pieces of a status document (`recreg.survey.status.StatusReport`).


def step_label(step) -> str:
    """Say what a change met by an answer did, and where: ``cws11 → cws12: weakened: should → are encouraged to``.

    Args:
        step: a `recreg.survey.status.Step`.
    """
    change = step.change
    before, after = ref(change.before), ref(change.after)
    phrases = {
        "became-footnote": f"sub-items {before} became footnote {after}",
        "moved": f"moved from {before} to {after}",
        "split": f"split into {after}",
        "merged": f"merged from {before}",
        "added": f"sub-item {after} added",
        "removed": f"sub-item {before} removed",
    }
    phrase = phrases.get(change.kind) or change_label(change)
    where = f"{step.before} → {step.after}" if step.before != step.after else f"{step.after}, since the survey"
    return f"{where}: {phrase}"


def status_summary(report) -> dict:
    """Count a status report's answers and units: how many answered, to confirm, apart, reported; statuses of all units.

    Returns:
        ``offices``, ``answers``, ``to_confirm``, ``apart``, ``units``, ``reported`` and
        ``statuses`` (every status of the scale, summed over the units).
    """
    units = list(report.units())
    statuses, offices = summary_counts(units)
    answers = list(report.answers())
    return {"offices": len(report.offices), "answers": len(answers), "to_confirm": sum(a.to_confirm for a in answers),
            "apart": len(report.apart), "units": len(units), "reported": sum(u.reported for u in units),
            "statuses": statuses}


def survey_facts(report) -> str:
    """Describe a status report's survey on one line: its title, edition, date and route."""
    survey = report.survey
    if survey is None:
        return "no survey"
    route = " → ".join(report.route)
    carried = f", carried {route}" if len(report.route) > 1 else ""
    return f"{survey.title} ({survey.id}; asked about {survey.edition}, {survey.date}{carried})"


def value_text(value: float | None) -> str:
    """Write an indicator value without a needless ``.0``."""
    return "—" if value is None else f"{value:g}"


# Column headings for the status scale in tables, short enough for a terminal.
STATUS_HEADINGS = {"implemented": "implemented", "partly-implemented": "partly", "planned": "planned",
                   "not-planned": "not planned", "not-applicable": "n/a", "unknown": "unknown"}


def change_groups(node) -> list[tuple[object, tuple, list]]:
    """Group a node's answers that met changes by what they were asked about and the changes met.

    Returns:
        (asked, steps, answers) for each group whose answers met a change, in answer order:
        the changes are shown once for all the answers they concern.
    """
    groups: dict = {}
    for carried in node.answers:
        if carried.steps:
            # Answers carried from one node met the very same changes (the engine's change objects).
            key = (str(carried.asked), tuple((id(step.change), step.before, step.after) for step in carried.steps))
            groups.setdefault(key, (carried.asked, carried.steps, []))[2].append(carried)
    return list(groups.values())


def indicator_facts(status) -> str:
    """Describe an indicator's values: ``3 values, median 87.5, range 80–95; 1 of 3 meet the target (at least 90 percent)``."""
    values = status.values
    if not values:
        facts = "no values"
    else:
        facts = f"{counted(len(values), 'value')}, median {value_text(status.median)}, " \
                f"range {value_text(min(values))}–{value_text(max(values))}"
    indicator = status.indicator
    if indicator.target is not None:
        facts += f"; target {indicator.target_label}" + (f": {status.meeting_target} of {len(values)} meet it" if values else "")
    confirm = sum(a.to_confirm for a in status.answers)
    return facts + (f"; {confirm} to be confirmed" if confirm else "")


COVERAGE_LABELS = {
    "carried": "carried into one later node",
    "carried_into_several": "carried into several",
    "merged": "merged with others",
    "related": "related to",
    "dropped": "carried into nothing",
    "new": "new",
}


# --- the history's labels ---------------------------------------------------------------


def short_ref(source: Source) -> str:
    """Return a source as the timeline cites it: ``002 para 2`` for ``002_5757cd416751eabe.txt``, para 2."""
    return f"{Path(source.file).stem.split('_', 1)[0]} {source.at}"


def claim_label(claim: DateClaim) -> str:
    """Return a date claim as ``2018 (002 para 2)``, naming what is dated unless it is the session."""
    what = "" if claim.event == "session" else f" {claim.event}"
    return f"{claim.value}{what} ({short_ref(claim.source)})"


def date_label(event: Event) -> str:
    """Return an event's dates on one line, flagging disagreement.

    Returns:
        ``2018 (002 para 2) / 2019-10 (004 para 1) — sources disagree`` where claims
        conflict; agreeing claims joined by ``; ``.
    """
    labels = [claim_label(claim) for claim in event.dates]
    if event.disagreeing:
        return " / ".join(labels) + " — sources disagree"
    return "; ".join(labels)


def heading_label(history: History) -> str:
    """Return the timeline's heading: its title, naming the edition it is narrowed to.

    Args:
        history: the history, or the part of it that affects one edition.

    Returns:
        ``History of the recommendations, affecting cws11`` (``History`` when untitled).
    """
    title = history.title or "History"
    return f"{title}, affecting {history.edition}" if history.edition else title


def event_facts(event: Event) -> list[str]:
    """Return what an event concerns: its documents, editions and recommendations.

    Args:
        event: the event.

    Returns:
        One phrase per kind it lists, such as ``documents CWS/6/3, CWS/6/34``.
    """
    facts = []
    if event.documents:
        facts.append("documents " + ", ".join(event.documents))
    if event.editions:
        facts.append("editions " + ", ".join(event.editions))
    if event.recommendations:
        facts.append("recommendations " + ", ".join(str(a) for a in event.recommendations))
    return facts


def status_word(status: str | None) -> str:
    """Return a status as a reader sees it (``partly implemented``), or nothing for no status."""
    return STATUS_LABELS.get(status or "", "")
