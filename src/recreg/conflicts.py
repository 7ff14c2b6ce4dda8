"""Unresolved merge conflicts: the markers git leaves in a file it could not merge.

A merge of two branches that changed the same lines of an edition leaves both sides in the
file between ``<<<<<<<``, ``=======`` and ``>>>>>>>`` lines (and ``|||||||`` before the base's
lines, with ``merge.conflictStyle diff3``). Read as YAML, such a file is a syntax error far from
the cause, or worse, where the markers fall inside a quoted text that spans lines, a valid
document whose text holds both sides and the markers. Every reader of recreg's YAML files
(`recreg.edition.load.parse_yaml`) and of its generated records looks for them first and
refuses the file in one line at the first marker, saying what to do.
"""

from __future__ import annotations

import re

from .errors import InvalidInput, Problem

# Git writes each marker at the start of a line, seven characters long, followed by a space
# and a label (the branch, or the base's commit) or by the line's end.
_MARKER = re.compile(r"^(<{7}|\|{7}|={7}|>{7})(?=[ \t\r\n]|\Z)", re.MULTILINE)
_OPENING, _CLOSING = "<" * 7, ">" * 7

RESOLVE = "one side kept or the two combined, the <<<<<<<, ======= and >>>>>>> lines deleted, then git add the file"


def conflict_problem(text: str, file: str) -> Problem | None:
    """Return the problem of a text that holds merge-conflict markers, located at the first one, or None.

    Args:
        text: the file's text.
        file: what to name (a path, or ``cws12@HEAD`` for a file committed with its markers).
    """
    if "<<<<<<<" not in text and "=======" not in text and ">>>>>>>" not in text:
        return None  # the common case, at the cost of three substring searches
    markers = list(_MARKER.finditer(text))
    if not markers:
        return None
    opening = [m for m in markers if m.group(1) == _OPENING]
    first = opening[0] if opening else markers[0]
    line = text.count("\n", 0, first.start()) + 1
    if not opening:
        message = (
            f"merge-conflict marker {_marker_line(text, first)} left in the file: a merge conflict not fully resolved"
        )
        return Problem(message, file=file, line=line, column=1, expected=RESOLVE)
    closing = next((m for m in markers if m.start() > first.start() and m.group(1) == _CLOSING), None)
    if closing is None:
        between = f"{_marker_line(text, first)} and no {_CLOSING}"
    else:
        closing_line = text.count("\n", 0, closing.start()) + 1
        between = f"{_marker_line(text, first)} and {_marker_line(text, closing)} (line {closing_line})"
    more = f" (the first of {len(opening)})" if len(opening) > 1 else ""
    message = f"unresolved merge conflict{more}: git left both sides between {between}"
    return Problem(message, file=file, line=line, column=1, expected=RESOLVE)


def _marker_line(text: str, marker: re.Match) -> str:
    """Return a marker's line as written (``<<<<<<< HEAD``), its label cut short."""
    end = text.find("\n", marker.start())
    written = text[marker.start() : end if end >= 0 else len(text)].strip()
    return written if len(written) <= 60 else written[:57] + "..."


def refuse_conflict_markers(text: str, file: str) -> None:
    """Refuse a text that holds merge-conflict markers (see `conflict_problem`).

    Raises:
        InvalidInput: one problem, at the first ``<<<<<<<`` (or at the first marker left alone).
    """
    problem = conflict_problem(text, file)
    if problem is not None:
        raise InvalidInput(problem)
