"""Word-diff fragments in HTML, shared by the HTML and Markdown formats.

GitHub's Markdown keeps ``<del>``, ``<ins>``, ``<sup>`` and ``<mark>``, so both formats show
a word diff with the same markup; the Markdown format passes its own escape function.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import cache

from ..edition.model import FOOTNOTE_MARKER

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
