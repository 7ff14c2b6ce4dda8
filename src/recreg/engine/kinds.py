"""The vocabulary of change kinds, on its own so that listing it imports no diff engine."""

KINDS = (
    "renumbered", "relabeled", "moved", "split", "merged", "reworded", "editorial", "modality",
    "added", "removed", "footnote-added", "footnote-removed", "footnote-changed", "became-footnote",
    "links-changed", "metadata-changed",
)
