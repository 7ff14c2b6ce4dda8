"""Render: one module per output format (a package for the larger ones), registered in `FORMATS`.

Each format module offers a function per kind of document it can render, named
``render_<document>`` (``render_diff``, ``render_edition``, ``render_problems``,
``render_list``); `--format` offers the formats whose module has the function the
command needs. Modules are imported only when used, to keep start-up fast.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..words import counted

if TYPE_CHECKING:
    from ..edition.address import Address
    from ..edition.model import Edition


@dataclass(frozen=True)
class RenderOptions:
    """How to render: colour (terminal only), the width to lay text out in, and context.

    Attributes:
        color: colour terminal output.
        width: the width to lay tables out in (terminal formats).
        wrap: wrap prose at `width` (on a terminal, or where ``COLUMNS`` says how wide);
            piped into a file or another program, prose stays one line per paragraph.
        earlier: for an edition document, each recommendation's earlier numbers in older
            editions (traced by the command through ``derives_from``), shown beside it by
            the formats that can; None when not traced.
        predecessor: for an OSCAL export, the diff from the edition it derives from (its
            removed and merged recommendations become withdrawn controls); None without one.
        link_ids: for an OSCAL export, the id of each linked node in its own edition's
            catalog (links point there).
    """

    color: bool = False
    width: int = 100
    wrap: bool = True
    earlier: Mapping[Address, tuple[Address, ...]] | None = None
    predecessor: Any = None
    link_ids: Mapping[Address, str] | None = None


FORMATS: dict[str, str] = {
    "text": "recreg.render.text",
    "json": "recreg.render.json",
    "markdown": "recreg.render.markdown",
    "html": "recreg.render.html",
    "docx": "recreg.render.docx",
    "xlsx": "recreg.render.xlsx",
    "csv": "recreg.render.csv",
    "oscal": "recreg.render.oscal",
}

# Which documents each format can render, kept here so that listing the choices of
# --format imports no renderer.
DOCUMENTS: dict[str, frozenset[str]] = {
    "text": frozenset(
        {
            "diff",
            "diff_set",
            "edition",
            "problems",
            "list",
            "trace",
            "coverage",
            "log",
            "history",
            "status",
            "disposition",
        }
    ),
    "json": frozenset(
        {
            "diff",
            "diff_set",
            "edition",
            "problems",
            "list",
            "trace",
            "coverage",
            "log",
            "history",
            "status",
            "disposition",
        }
    ),
    "markdown": frozenset({"diff", "diff_set", "edition", "coverage", "history", "status", "disposition"}),
    "html": frozenset({"diff", "diff_set", "edition", "coverage", "status", "disposition"}),
    # "export": an edition in a form `recreg import` reads back; "commented": the same with Word comments on its words.
    "docx": frozenset({"diff", "edition", "export", "commented", "disposition"}),
    "xlsx": frozenset({"diff", "export", "disposition"}),
    "csv": frozenset({"export"}),
    # An edition as an OSCAL control catalog (JSON), for compliance tooling.
    "oscal": frozenset({"export"}),
}

# Formats whose renderers return bytes: they are written only to a file (--output).
BINARY = frozenset({"docx", "xlsx"})


# What of an edition each export format has no place for (DOCX keeps it all).
_LEFT_OUT = {
    "csv": ("introduction", "notes"),
    "xlsx": ("introduction", "notes"),
    "oscal": ("introduction", "notes", "new"),
}


def left_out(edition: Edition, format_name: str) -> str | None:
    """Say what of an edition an export in a format leaves out (None: nothing), so that an export drops nothing silently."""
    kept_out = _LEFT_OUT.get(format_name, ())
    parts = []
    if "introduction" in kept_out and edition.introduction:
        parts.append(f"its introduction ({counted(len(edition.introduction), 'paragraph')})")
    if "notes" in kept_out and edition.notes:
        parts.append(f"its notes ({len(edition.notes)})")
    marked = sum(1 for rec in edition.recommendations if rec.new)
    if "new" in kept_out and marked:
        parts.append(f"the ‘new’ note of {counted(marked, 'recommendation')}")
    if not parts:
        return None
    shown = {"csv": "a CSV file", "xlsx": "a workbook", "oscal": "an OSCAL catalog"}[format_name]
    return f"left out of {edition.id}'s export: {' and '.join(parts)}: {shown} has no place for them; --format docx keeps them"


def formats_for(document: str, binary: bool = True) -> list[str]:
    """Return the format names that can render a kind of document.

    Args:
        document: the kind of document.
        binary: include the binary formats (for commands that can write to a file).
    """
    return [name for name in FORMATS if document in DOCUMENTS[name] and (binary or name not in BINARY)]


def renderer(format_name: str, document: str) -> Callable:
    """Return the function that renders a document in a format.

    Raises:
        KeyError: the format does not render that document.
    """
    if document not in DOCUMENTS.get(format_name, ()):
        raise KeyError(f"format {format_name!r} cannot render {document}")
    return getattr(importlib.import_module(FORMATS[format_name]), f"render_{document}")
