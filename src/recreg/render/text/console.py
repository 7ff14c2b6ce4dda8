"""The terminal's means: a rich console recording into a string, cells safe from markup, styled spans."""

from __future__ import annotations

import io

from .. import RenderOptions
from ..common import printable


def console(options: RenderOptions):
    """Return a rich console that records into a string, coloured only when asked."""
    from rich.console import Console

    return Console(
        file=io.StringIO(),
        width=options.width,
        force_terminal=options.color,
        color_system="standard" if options.color else None,
        no_color=not options.color,
        highlight=False,
        emoji=False,
        soft_wrap=not options.wrap,
    )


def cell(value: object):
    """Return a table cell for any text from the user's files: printable, and never read as rich markup.

    rich takes a plain ``str`` cell for markup, so a session "CWS/12 [/x]" would break the
    table and "[link=...]" would become a link; a `Text` is shown as written.
    """
    from rich.text import Text

    return Text(printable(str(value)))


def captured(con) -> str:
    """Return what a console from `console` has printed."""
    return con.file.getvalue()


# A styled line is a list of (text, style) spans; rich draws them on a terminal, and
# `recreg.render.text._plain` writes them directly where rich adds nothing a person sees (a
# pipe, a file, a table too long to lay out).
Spans = list[tuple[str, str]]


def styled_diff(edits, color: bool) -> Spans:
    """Render word-diff edits as spans: coloured on terminals, ``[-old-]{+new+}`` elsewhere."""
    spans: Spans = []
    for edit in edits:
        if edit.op == "equal":
            spans.append((edit.text, ""))
            continue
        body = edit.text.lstrip()
        spans.append((edit.text[: len(edit.text) - len(body)], ""))
        if color:
            spans.append((body, "red strike" if edit.op == "delete" else "green underline"))
        else:
            spans.append((f"[-{body}-]" if edit.op == "delete" else f"{{+{body}+}}", ""))
    return spans
