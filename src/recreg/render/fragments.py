"""What a diff report shows of each change, and word-diff fragments in HTML.

**Views**, shared by every reviewer format (text, Markdown, HTML, the comparison workbook),
so that they say the same thing: a change with a word diff shows it (its old side is the
diff's old words, its new side the new words); an added or removed node shows itself whole,
a recommendation with its actions and an action with its sub-items; a move, a split or a
merge shows the texts of the nodes it names, each read in its own edition. No cell ever shows
a text on a side whose edition does not hold it.

**Fragments**, shared by the HTML and Markdown formats: GitHub's Markdown keeps ``<del>``,
``<ins>``, ``<sup>`` and ``<mark>``, so both formats show a word diff with the same markup;
the Markdown format passes its own escape function.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from ..edition.address import addresses
from ..edition.model import FOOTNOTE_MARKER, Action, Recommendation
from .common import action_mark, item_mark, node_groups, node_text

if TYPE_CHECKING:  # pragma: no cover
    from ..edition.address import Address
    from ..engine.classify import Change
    from ..engine.diff import DiffResult
    from ..engine.relations import Relation

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
        parts.append(escape_text(text[last : match.start()]))
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


def diff_fragments(
    edits,
    marks: dict[str, dict[str, str]] | None = None,
    escape_text: Escape = escape,
    mark: Callable[[str, str], str] = _html_mark,
) -> tuple[str, str, str]:
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


# --- views ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shown:
    """A node's text as a report shows it, on one side of a change.

    Attributes:
        address: the node, in the edition of its side.
        text: its text (a recommendation's statement); None where the sources lack it.
        node: the model node (for what to say when its text is missing).
        label: for an action or sub-item shown within a whole recommendation or action,
            its label as the annex writes it (``(a)``, ``i.``); empty for the node itself.
        depth: how far in it stands in that whole (an action 1, a sub-item of an action 2).
    """

    address: Address
    text: str | None
    node: Any
    label: str = ""
    depth: int = 0


@dataclass(frozen=True)
class NodeView:
    """One group of changes to the same nodes, and what to show of it on each side.

    ``form`` says how: ``diff`` (a word diff: `edits`), ``added`` or ``removed`` (a node
    whole, in ``new`` or ``old``), ``texts`` (the texts of both sides, each with its
    address: a move, split or merge) or ``none`` (only labels: a renumbering, relabeling,
    change of links).
    """

    before: Any
    after: Any
    changes: list[Change]
    form: str
    old: tuple[Shown, ...] = ()
    new: tuple[Shown, ...] = ()
    edits: list | None = None


def node_views(result: DiffResult, changes: list[Change]) -> list[NodeView]:
    """Return what to show of a pair's changes, a view per group of changes to the same nodes, in order."""
    views = []
    for before, after, group in node_groups(changes):
        relation = [c for c in group if c.kind in {"split", "merged"}]
        rest = [c for c in group if c.kind not in {"split", "merged"}]
        if relation and any("diff" in c.details for c in rest):
            # Nodes merged whose words changed too (a merge of actions is paired with its whole
            # old text): each node's own text under its address, as a split shows, then the word diff.
            views += [_view(result, before, after, relation), _view(result, before, after, rest)]
        else:
            views.append(_view(result, before, after, group))
    return views


def _view(result: DiffResult, before, after, changes: list[Change]) -> NodeView:
    diffed = next((c for c in changes if "diff" in c.details), None)
    if diffed is not None:
        return NodeView(before, after, changes, "diff", edits=diffed.details["diff"])
    kinds = {change.kind for change in changes}
    if kinds & {"added", "footnote-added"}:
        return NodeView(before, after, changes, "added", new=whole(result, after, "new"))
    if kinds & {"removed", "footnote-removed"}:
        return NodeView(before, after, changes, "removed", old=whole(result, before, "old"))
    if "moved" in kinds:
        return NodeView(before, after, changes, "texts", whole(result, before, "old"), whole(result, after, "new"))
    relation = next((c for c in changes if c.kind in {"split", "merged"}), None)
    if relation is None:
        return NodeView(before, after, changes, "none")
    olds, news = addresses(before), addresses(after)
    if relation.kind == "merged" and relation.details.get("level") == "recommendation":
        # What was merged in, and where its words stand now (the new statement, or the one
        # action that holds them); the host's own statement has its own diff.
        found = _relation(result, relation)
        olds = found.parts if found else olds[1:]
        placed = dict(found.placed) if found else {}
        news = tuple(dict.fromkeys(placed.get(old, after) for old in olds))
    elif relation.kind == "split" and relation.details.get("level") == "recommendation":
        olds = olds[:1]
    old = tuple(_shown(result, address, "old") for address in olds)
    return NodeView(before, after, changes, "texts", old, tuple(_shown(result, address, "new") for address in news))


def _relation(result: DiffResult, change: Change) -> Relation | None:
    """Return the alignment's relation a split or merged change reports."""
    olds, news = set(addresses(change.before)), set(addresses(change.after))
    return next(
        (
            r
            for r in result.alignment.relations
            if r.kind == change.kind and set(r.before) == olds and set(r.after) == news
        ),
        None,
    )


def _shown(result: DiffResult, address: Address, side: str, label: str = "") -> Shown:
    text, node = node_text(result, address, side)
    return Shown(address, text, node, label)


def whole(result: DiffResult, value, side: str) -> tuple[Shown, ...]:
    """Return a node as a report shows it whole: a recommendation with its actions, an action with its sub-items.

    Args:
        result: the diff.
        value: the node's address (or addresses) as a change names it.
        side: ``old`` or ``new``, the edition to read it in.
    """
    shown = []
    for address in addresses(value):
        first = _shown(result, address, side)
        shown.append(first)
        node = first.node
        actions = node.actions if isinstance(node, Recommendation) else ()
        for action in actions:
            shown.append(Shown(action.address, action.text, action, action_mark(action), 1))
            shown.extend(Shown(item.address, item.text, item, item_mark(item), 2) for item in action.items)
        if isinstance(node, Action):
            shown.extend(Shown(item.address, item.text, item, item_mark(item), 1) for item in node.items)
    return tuple(shown)
