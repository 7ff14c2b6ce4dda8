"""Markdown's syntax for any registry text: escaped inline text, code spans, footnote markers, pipe tables."""

from __future__ import annotations

import html
import re

from ..common import printable
from ..fragments import text_fragment

# Characters that start inline Markdown anywhere (and \ itself, and | which ends a cell).
_INLINE = re.compile(r"([\\`*_\[\]|~])")
# What starts a block at the beginning of a paragraph: a heading, list item, quote or rule.
_BLOCK_START = re.compile(r"^(\s*)([#+=-]|\d+(?=[.)]))")


def escape(text: str) -> str:
    """Escape a text for Markdown and HTML alike, on one line.

    Args:
        text: any text from the registry.

    Returns:
        The text as it must be written so that GitHub shows it as it is.
    """
    text = re.sub(r"\s+", " ", printable(text))
    text = _INLINE.sub(r"\\\1", text)
    text = _BLOCK_START.sub(
        lambda m: m.group(1) + (m.group(2) + "\\" if m.group(2)[0].isdigit() else "\\" + m.group(2)), text
    )
    return html.escape(text, quote=False)


def code_span(text: str) -> str:
    """Write a text as a code span: shown exactly, neither Markdown nor HTML inside (``fix_r4``, ``a<b``).

    Escapes mean nothing in a code span, so none are added; the fence is one backtick
    longer than the longest run of backticks in the text, which therefore cannot end it.
    """
    text = " ".join(printable(text).split())
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{padding}{text}{padding}{fence}"


def inline(text: str) -> str:
    """Escape a text and render its footnote markers as superscripts."""
    return text_fragment(text, escape)


def pipe_table(head: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(" --- " for _ in head) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"
