"""The vocabulary of change kinds, and what each change carries, on its own so that listing it imports no diff engine.

Each kind's details are typed below, one `TypedDict` per kind, with the keys of
``schemas/diff.schema.json``'s change object (``tests/test_change_details.py`` holds the two
together): renderers read these keys, and nothing else.
"""

# No `from __future__ import annotations`: TypedDict reads NotRequired from evaluated annotations.
from typing import TYPE_CHECKING, Any, NotRequired, TypedDict

if TYPE_CHECKING:  # pragma: no cover
    from .textdiff import Edit

KINDS = (
    "renumbered",
    "relabeled",
    "moved",
    "split",
    "merged",
    "reworded",
    "editorial",
    "modality",
    "added",
    "removed",
    "footnote-added",
    "footnote-removed",
    "footnote-changed",
    "became-footnote",
    "links-changed",
    "metadata-changed",
)

# Directions of a modality change that `--kind` also selects by (``--kind weakened``): a
# reviewer asks for softened text more often than for every change of phrase.
DIRECTION_FILTERS = ("weakened", "strengthened", "prohibited", "negated")
FILTERS = KINDS + DIRECTION_FILTERS


def selected(kind: str, details, wanted) -> bool:
    """Tell whether a change of `kind` with `details` is one of the `wanted` kinds or modality directions."""
    return kind in wanted or (kind == "modality" and details.get("direction") in wanted)


class NoDetails(TypedDict):
    """Added, removed, footnote added or removed: the addresses say it all."""


class NumberChange(TypedDict):
    """Renumbered (numbers, or a catalog control's labels) or relabeled (an action's letter, an item's numeral)."""

    before: int | str
    after: int | str


class Moved(TypedDict):
    """An action now in another recommendation: how it was matched, how well, and what carried it there.

    ``relation`` is ``merged`` or ``split`` where the action went with its recommendation,
    merged into another or split off one (R9(a) -> R8(c) when R9 merged into R8).
    """

    matched_by: str
    score: float | None
    relation: NotRequired[str]


# A pair of nodes by their local addresses (``{"from": "R9/a", "to": "R8/c"}``): "from" is a keyword.
NodePair = TypedDict("NodePair", {"from": str, "to": str})
# A stretch of old text and the new node it went into.
Went = TypedDict("Went", {"from": str, "to": str, "text": str})


class Parts(TypedDict):
    """Split or merged: the relation whole, as `recreg.engine.relations.Relation` holds it.

    ``level`` (recommendation or action), the ``host`` pair the relation extends, the
    ``parts`` beyond it (old nodes of a merge, new nodes of a split), which stretch of old
    text ``went`` into which new node, the actions a relation of recommendations
    ``carried`` (each moved with it), and for merged recommendations the ``part`` (action)
    of the new one that holds every merged text, where one does.
    """

    level: str
    host: NodePair
    parts: list[str]
    went: list[Went]
    carried: NotRequired[list[NodePair]]
    part: NotRequired[str]


class Rewording(TypedDict):
    """Reworded or editorial: the share of the text that changed, and the word diff."""

    significance: float
    diff: list["Edit"]


class ModalityChange(TypedDict):
    """A normative phrase replaced by another, as written, and the direction of the change."""

    before: str
    after: str
    direction: str
    diff: NotRequired[list["Edit"]]  # where the phrase is the only change, the word diff comes with it


class TextDiff(TypedDict):
    """Footnote changed, or sub-items that became a footnote: the word diff."""

    diff: list["Edit"]


class LinksChanged(TypedDict):
    """Recorded links added and removed (``{type, target}`` each), and the "new" note said or unsaid."""

    added: NotRequired[list[dict[str, str]]]
    removed: NotRequired[list[dict[str, str]]]
    new: NotRequired[dict[str, str | None]]


class MetadataChanged(TypedDict):
    """Edition metadata: the fields that differ, and what was added, removed or changed, path by path."""

    fields: list[str]
    added: NotRequired[list[dict[str, Any]]]
    removed: NotRequired[list[dict[str, Any]]]
    changed: NotRequired[list[dict[str, Any]]]


DETAILS: dict[str, type] = {
    "renumbered": NumberChange,
    "relabeled": NumberChange,
    "moved": Moved,
    "split": Parts,
    "merged": Parts,
    "reworded": Rewording,
    "editorial": Rewording,
    "modality": ModalityChange,
    "added": NoDetails,
    "removed": NoDetails,
    "footnote-added": NoDetails,
    "footnote-removed": NoDetails,
    "footnote-changed": TextDiff,
    "became-footnote": TextDiff,
    "links-changed": LinksChanged,
    "metadata-changed": MetadataChanged,
}

ChangeDetails = (
    NoDetails | NumberChange | Moved | Parts | Rewording | ModalityChange | TextDiff | LinksChanged | MetadataChanged
)
