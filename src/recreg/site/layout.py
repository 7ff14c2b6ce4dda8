"""The frame every page of the site shares: head, skip link, navigation, main, footer; and forwarding pages.

Pages are `recreg.render.html.page.document`s like the standalone reports, with one stylesheet
for the whole site (``assets/site.css``: the reports' style, the status report's and the
site's own) instead of a copy in every page. The Content-Security-Policy lets a page load
only the site's own files (its style and, on the search page, its scripts) and nothing from
anywhere else: no font, no image but inline ones, no frame, no form sent elsewhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib import resources

from ..edition.address import Address
from ..render.fragments import escape
from ..render.html.page import document, report_style
from ..render.html.status import STATUS_STYLE
from ..version import __version__
from . import urls

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src data:; "
    "form-action 'self'; base-uri 'none'"
)

# The site's sections, as the navigation names them: (label, path).
SECTIONS = (
    ("Home", urls.HOME),
    ("Recommendations", urls.RECOMMENDATIONS),
    ("Status", urls.STATUS),
    ("Search", urls.SEARCH),
)


def asset(name: str) -> str:
    """Return the text of one of the site's files shipped with recreg (``site.css``, ``search.js``...)."""
    return resources.files(__package__).joinpath("assets", name).read_text(encoding="utf-8")


@cache
def stylesheet() -> str:
    """Return the site's one stylesheet: the reports' style, the status report's, then the site's own."""
    return report_style() + STATUS_STYLE + "\n" + asset("site.css")


def site_page(
    path: str, title: str, main: str, *, before: str = "", scripts: Sequence[str] = (), with_status: bool = True
) -> str:
    """Return a page of the site.

    Args:
        path: where the page lives (``rec/x/index.html``); its links are made relative to it.
        title: the page's title, before the site's name (escaped here).
        main: the page's content, already escaped: its header, then its sections.
        before: markup that must precede the content as its sibling, within the main landmark (a diff's view radios).
        scripts: site files the page runs (``assets/search.js``), in order.
        with_status: the site has status pages (a registry with surveys), so the navigation names them.
    """
    root = urls.up(path)
    head = f'<link rel="stylesheet" href="{root}{urls.STYLE}">\n'
    head += "".join(f'<script src="{root}{script}" defer></script>\n' for script in scripts)
    links = []
    for label, target in SECTIONS:
        if target == urls.STATUS and not with_status:
            continue
        current = ' aria-current="page"' if target == path else ""
        links.append(f'<li><a href="{root}{target}"{current}>{label}</a></li>')
    body = (
        '<a class="skip" href="#main">Skip to the content</a>\n'
        f'<header class="site"><nav aria-label="Site"><ul>{"".join(links)}</ul></nav></header>\n'
        f'<div class="page">\n<main id="main" tabindex="-1">\n{before}<div class="view">\n{main}</div>\n</main>\n'
        f"<footer>Published with recreg {escape(__version__)}. Permalinks: <code>rec/&lt;id&gt;/</code> for a recommendation; "
        "<code>&lt;edition&gt;/R5/</code> for the one an edition numbers R5, <code>&lt;edition&gt;/R5/#d</code> for its "
        "action d.</footer>\n</div>\n"
    )
    return document(f"{title} · recommendations registry", head, body, CSP)


def forwarding_page(path: str, target: str, node: Address, where: str) -> str:
    """Return a permalink page that forwards at once to where its recommendation now lives.

    ``assets/forward.js`` carries a node on: ``cws11/R4/#a`` opens ``#cws11:R4/a`` of the
    target, ``#a/ii`` an item, ``#fn2`` a footnote. Without scripts the page forwards to the
    recommendation itself (the refresh in ``<noscript>``), and shows the link.

    Args:
        path: the permalink's path (``cws11/R4/index.html``).
        target: the path and fragment it forwards to (``rec/x/index.html#cws11:R4``).
        node: the recommendation's address (``cws11:R4``; a control is shown by its label, ``rev5:AC-2``).
        where: what the target is, in words (``digital-transformation``).
    """
    root = urls.up(path)
    href = escape(root + target)
    label = node.display
    head = (
        f'<link rel="canonical" href="{href}">\n<meta name="recreg-node" content="{escape(str(node))}">\n'
        f'<script src="{root}assets/forward.js"></script>\n'
        f'<noscript><meta http-equiv="refresh" content="0; url={href}"></noscript>\n<meta name="robots" content="noindex">\n'
    )
    body = (
        f"<main>\n<h1>{escape(label)}</h1>\n<p>{escape(label)} is recommendation "
        f'<a href="{href}">{escape(where)}</a>; this page forwards there.</p>\n</main>\n'
    )
    return document(f"{label} · recommendations registry", head, body, CSP)
