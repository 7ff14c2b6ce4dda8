"""Render: one module per output format, registered in `FORMATS`.

Each format module offers a function per kind of document it can render, named
``render_<document>`` (``render_diff``, ``render_edition``, ``render_problems``,
``render_list``); `--format` offers the formats whose module has the function the
command needs. Modules are imported only when used, to keep start-up fast.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class RenderOptions:
    """How to render: colour (terminal only) and the width to lay text out in."""

    color: bool = False
    width: int = 100

FORMATS: dict[str, str] = {
    "text": "recreg.render.text",
    "json": "recreg.render.json",
}

# Which documents each format can render, kept here so that listing the choices of
# --format imports no renderer.
DOCUMENTS: dict[str, frozenset[str]] = {
    "text": frozenset({"diff", "edition", "problems", "list", "trace", "coverage"}),
    "json": frozenset({"diff", "edition", "problems", "list", "trace", "coverage"}),
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
