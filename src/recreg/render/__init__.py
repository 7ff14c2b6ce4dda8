"""Render: one module per output format, registered in `FORMATS`.

Each format module offers a function per kind of document it can render, named
``render_<document>`` (``render_diff``, ``render_edition``, ``render_problems``,
``render_list``); `--format` offers the formats whose module has the function the
command needs. Modules are imported only when used, to keep start-up fast.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..address import Address
    from ..classify import Change
    from ..diff import DiffResult, RecommendationPair


@dataclass(frozen=True)
class RenderOptions:
    """How to render: colour (terminal only), the width to lay text out in, and context.

    Attributes:
        color: colour terminal output.
        width: the width to lay text out in (terminal formats).
        earlier: for an edition document, each recommendation's earlier numbers in older
            editions (traced by the command through ``derives_from``), shown beside it by
            the formats that can; None when not traced.
    """

    color: bool = False
    width: int = 100
    earlier: Mapping[Address, tuple[Address, ...]] | None = None


FORMATS: dict[str, str] = {
    "text": "recreg.render.text",
    "json": "recreg.render.json",
    "markdown": "recreg.render.markdown",
    "html": "recreg.render.html",
}

# Which documents each format can render, kept here so that listing the choices of
# --format imports no renderer.
DOCUMENTS: dict[str, frozenset[str]] = {
    "text": frozenset({"diff", "diff_set", "edition", "problems", "list", "trace", "coverage", "log", "history"}),
    "json": frozenset({"diff", "diff_set", "edition", "problems", "list", "trace", "coverage", "log", "history"}),
    "markdown": frozenset({"diff", "diff_set", "edition", "coverage", "history"}),
    "html": frozenset({"diff", "edition", "coverage"}),
}


def formats_for(document: str) -> list[str]:
    """Return the format names that can render a kind of document."""
    return [name for name in FORMATS if document in DOCUMENTS[name]]


def renderer(format_name: str, document: str) -> Callable:
    """Return the function that renders a document in a format.

    Raises:
        KeyError: the format does not render that document.
    """
    if document not in DOCUMENTS.get(format_name, ()):
        raise KeyError(f"format {format_name!r} cannot render {document}")
    return getattr(importlib.import_module(FORMATS[format_name]), f"render_{document}")


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

# Directions of a modality change (see recreg.textdiff.direction), strongest news first:
# a phrase turned into its opposite, then softened, then hardened, then only changed.
DIRECTIONS = ("prohibited", "negated", "weakened", "strengthened", "changed")


def matching_label(result: DiffResult) -> str:
    """Say how the diff matched nodes, in words."""
    return "text only" if result.options.match == "text" else "recorded ids and links, then text"


def counts_label(result: DiffResult) -> str:
    """Count pairs and changes (``10 pairs, 71 changes: 9 renumbered, ...``)."""
    counts = result.counts()
    kinds = ", ".join(f"{n} {kind}" for kind, n in counts.items()) if counts else "no differences"
    return f"{len(result.pairs)} pairs, {len(result.changes)} changes: {kinds}"


def pair_anchor(pair: RecommendationPair) -> str:
    """Return a fragment id for a pair, unique even when both editions share an id."""
    return f"new-{pair.after.address.local}" if pair.after else f"old-{pair.before.address.local}"


def side(rec) -> str:
    """Return a recommendation's local address, or a dash for no recommendation."""
    return rec.address.local if rec else "—"


def pair_kinds(pair: RecommendationPair) -> list[str]:
    """Return what changed within a pair, in words (``added`` for a new recommendation)."""
    if pair.before is None:
        return ["added"]
    if pair.after is None:
        return ["removed"]
    return pair.kinds or ["unchanged"]


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


def ref(value) -> str:
    """Render a change's node reference: ``R4/a``, ``R8/a + R8/b``, or a dash for none."""
    if value is None:
        return "—"
    if isinstance(value, tuple):
        return " + ".join(a.local for a in value)
    return value.local or str(value)


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
    from ..model import Action, Footnote, Item

    if node is None or node is edition:
        return list(edition.recommendations), None, [f for r in edition.recommendations for f in r.footnotes]
    if isinstance(node, Footnote):
        return [], None, [node]
    rec = edition.recommendation(node.address.number)
    only = node if isinstance(node, (Action, Item)) else None
    return [rec], only, list(rec.footnotes)


def shown_actions(rec, only) -> list[tuple[object, list]]:
    """Return the actions of a recommendation to show, each with the items to show."""
    from ..model import Item

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


def edition_facts(edition) -> str:
    """Return an edition's id, status, session and documents on one line."""
    facts = [edition.id, edition.status, edition.session or "", ", ".join(d.symbol for d in edition.documents)]
    return " · ".join(f for f in facts if f)
