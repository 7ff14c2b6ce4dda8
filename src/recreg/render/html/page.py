"""The frame of every HTML page: the document head with its Content-Security-Policy, and the common style."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ..fragments import escape


@cache
def report_style() -> str:
    """Return the style every page carries inline (``report.css``, read once)."""
    # Beside the render package's modules, installed or not: a plain path, because
    # importlib.resources costs every HTML report the import of zipfile, tempfile and random.
    return (Path(__file__).resolve().parent.parent / "report.css").read_text(encoding="utf-8")


# The page may load nothing at all: no script, no font, no image, no frame.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def document(title: str, head: str, body: str, csp: str = CSP) -> str:
    """Return a complete HTML document: the common head, then `head` (style, links), then `body`.

    Args:
        title: the document title (escaped here).
        head: what the page adds to its head, already escaped (its style, or a stylesheet link).
        body: the content of ``<body>``, already escaped.
        csp: the Content-Security-Policy: by default nothing may be loaded at all.
    """
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        '<meta name="generator" content="recreg">\n'
        # An empty icon keeps the browser from asking the network for /favicon.ico.
        '<link rel="icon" href="data:,">\n'
        f"<title>{escape(title)}</title>\n{head}</head>\n<body>\n{body}</body>\n</html>\n"
    )


def page(title: str, body: str, before_page: str = "", style: str = "") -> str:
    """Return a complete, self-contained HTML document.

    Args:
        title: the document title (escaped here).
        body: the content of the page, already escaped.
        before_page: markup that must precede the page as its sibling (the view radios).
        style: CSS for this kind of page, added to the common style.
    """
    return document(
        title, f"<style>\n{report_style()}{style}</style>\n", f'{before_page}<div class="page">\n{body}</div>\n'
    )
