"""What every renderer shows the same way: labels, facts and selections, in no format's markup.

Renderers import from here, never from each other; the words a user reads for a change, a
step of lineage, a status or a history event are written once (a status report's own labels,
counts and facts in `recreg.render.status_labels`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from ..edition.address import addresses
from ..edition.model import Action, Footnote, Item
from ..words import counted

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


# Kinds that, below the recommendation, say at which level they happened: "R7 removed" would
# read as if the recommendation itself had gone when only its action (b) did.
_LEVELS = {"action": ("action", "actions"), "item": ("sub-item", "sub-items")}
_QUALIFIED = frozenset({"added", "removed", "moved", "split", "merged"})


def pair_kinds(pair: RecommendationPair) -> list[str]:
    """Return what changed within a pair, in words (``added`` for a new recommendation).

    A recommendation with no partner says it was added or removed, or which merge or split
    of recommendations it is part of (``merged into R8``, ``split from R5``); a pair names
    the merges and splits it hosts (``merged from R9``, ``split into R5 + R6``). A node
    added, removed, moved, split or merged below the recommendation says its level
    (``action removed``, ``sub-items added``).
    """
    # A part's relation is what the row is; a host's is news only while its change is kept (--kind).
    hosted = {c.kind for c in pair.changes if c.details.get("level") == "recommendation"}
    words = [
        relation_words(pair, relation)
        for relation in pair.relations
        if pair.role(relation) == "part" or relation.kind in hosted
    ]
    if pair.before is None or pair.after is None:
        if pair.relation is None:
            return ["added" if pair.before is None else "removed"]
    for kind in pair.kinds:
        changes = [
            c
            for c in pair.changes
            if c.kind == kind
            and c.details.get("level") != "recommendation"
            and not (kind == "moved" and pair.relation is not None and "relation" in c.details)
        ]
        if kind not in _QUALIFIED:
            words += [kind] if changes else []
            continue
        levels: dict[str, int] = {}
        for change in changes:
            level = change.owner.kind
            levels[level] = levels.get(level, 0) + 1
        for level, count in levels.items():
            nouns = _LEVELS.get(level)
            words.append(f"{nouns[count > 1]} {kind}" if nouns else kind)
    return words or ["unchanged"]


def relation_words(pair: RecommendationPair, relation) -> str:
    """Say what a merge or split of recommendations is to one of its pairs: ``merged into R8``, ``merged from R9``."""
    part = pair.role(relation) == "part"
    if relation.kind == "merged":
        return f"merged into {ref(relation.host.after)}" if part else f"merged from {ref(relation.parts)}"
    return f"split from {ref(relation.host.before)}" if part else f"split into {ref(relation.after)}"


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
_RELATIONS = {
    "moved": ("moved from", "moved to"),
    "split": ("split from", "split into"),
    "merged": ("merged from", "merged into"),
}


def change_label(change: Change, pair: RecommendationPair | None = None) -> str:
    """Describe a change in a few words (``weakened: should → are encouraged to``).

    Args:
        change: the change.
        pair: the recommendation pair whose section shows it; a move, split or merge
            between two recommendations then says where it went or came from
            (``moved to R5/d`` in R3's section, ``moved from R3/c`` in R5's), and an action
            carried by a merge or split of recommendations says so (``moved from R9/a,
            with R9 merged into R8``).
    """
    details = change.details
    if change.kind == "modality":
        return f"{details['direction']}: {details['before']} → {details['after']}"
    if change.kind in {"reworded", "editorial"}:
        return f"{change.kind} ({details['significance']:.2f})"
    if change.kind in {"renumbered", "relabeled"}:
        return f"{change.kind} {details['before']} → {details['after']}"
    if change.kind == "links-changed":
        parts = [
            f"{label} " + ", ".join(_link_text(v) for v in details.get(label, []))
            for label in ("removed", "added")
            if details.get(label)
        ]
        if "new" in details:
            before, after = (
                f"‘{text}’" if text else "none" for text in (details["new"]["before"], details["new"]["after"])
            )
            parts.append(f"new note {before} → {after}")
        return "links " + "; ".join(parts)
    label = _relation_label(change, pair) if change.kind in _RELATIONS and pair is not None else change.kind
    return label + carried_by(change)


def carried_by(change: Change) -> str:
    """Say which merge or split of recommendations carried a moved action (``, with R9 merged into R8``), if one did."""
    relation = change.details.get("relation")
    if change.kind != "moved" or not relation:
        return ""
    old, new = ref(change.before.recommendation()), ref(change.after.recommendation())
    return f", with {old} merged into {new}" if relation == "merged" else f", with {new} split from {old}"


def _relation_label(change: Change, pair: RecommendationPair) -> str:
    """Say where a move, split or merge went or came from, seen from a pair's section."""
    olds = {a.recommendation() for a in addresses(change.before)}
    news = {a.recommendation() for a in addresses(change.after)}
    here_old = pair.before.address if pair.before else None
    here_new = pair.after.address if pair.after else None
    incoming, outgoing = _RELATIONS[change.kind]
    if here_new in news and not olds <= {here_old}:
        return f"{incoming} {ref(tuple(a for a in addresses(change.before) if a.recommendation() != here_old) or change.before)}"
    if here_old in olds and here_new not in news:
        return f"{outgoing} {ref(change.after)}"
    if change.kind == "split" and len(news) > 1:  # a recommendation split, seen from its host pair
        return f"{outgoing} {ref(change.after)}"
    return change.kind


def _link_text(value) -> str:
    """Render a link or metadata value from a links-changed change."""
    if isinstance(value, dict) and "target" in value:
        return value["target"] if value.get("type") == "related-to" else f"{value['target']} ({value['type']})"
    return str(value)


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


def session_date(edition) -> str:
    """Return the date of an edition's session as its sources give it (``2018 or 2019-10`` where they disagree), or ``-``."""
    return " or ".join(dict.fromkeys(d.value for d in edition.dates if d.event == "session")) or "-"


def edition_facts(edition) -> str:
    """Return an edition's id, status, session and documents on one line."""
    facts = [edition.id, edition.status, edition.session or "", ", ".join(d.symbol for d in edition.documents)]
    return " · ".join(f for f in facts if f)


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
