"""Search over the texts of every edition: the page, and the index it searches.

The library is MiniSearch (``assets/minisearch.js``, MIT, vendored: see docs/dependencies.md):
a full-text index built in the browser from one document per recommendation and edition,
which ``assets/search-index.js`` hands it as a plain script. No module, no ``fetch``: a page
opened from ``file://`` may run scripts but not fetch files, so Pagefind, whose index is
fetched, cannot search there (measured; docs/site.md). Each result links to the stable page
of the recommendation, at its text in that edition.
"""

from __future__ import annotations

import json

from ..edition.model import Edition
from ..render.common import missing_label
from ..render.fragments import escape
from . import urls
from .catalogue import Catalogue
from .layout import site_page

SCRIPTS = ("assets/minisearch.js", "assets/search-index.js", "assets/search.js")


def documents(catalogue: Catalogue) -> list[dict]:
    """Return one search document per recommendation of each edition, newest edition first."""
    docs = []
    for edition in catalogue.editions:
        for rec in edition.recommendations:
            texts = [text for _, text in rec.texts()] or [missing_label(rec)]
            texts += [d.text for d in rec.descriptions]
            docs.append(
                {
                    "id": len(docs),
                    "title": f"{edition.id} {rec.name} · {rec.id}",
                    "where": _where(edition),
                    "url": urls.rec_page(rec.id) + "#" + urls.node_anchor(rec.address),
                    "text": " ".join(texts),
                }
            )
    return docs


def _where(edition: Edition) -> str:
    return " · ".join(part for part in (edition.title, edition.status, edition.session) if part)


def index_script(catalogue: Catalogue) -> str:
    """Return ``assets/search-index.js``: the documents, as a script that hands them to the search page."""
    data = {"root": urls.up(urls.SEARCH), "docs": documents(catalogue)}
    # ASCII only: the file is read as a script whatever charset a server announces for it.
    return "window.RECREG_SEARCH = " + json.dumps(data, ensure_ascii=True, separators=(",", ":")) + ";\n"


def search_form(path: str, query_label: str = "Search the texts of every edition") -> str:
    """Return the search form: it opens the search page with the query (``search/index.html?q=...``)."""
    action = escape(urls.up(path) + urls.SEARCH)
    return (
        f'<form class="search" id="search-form" role="search" action="{action}" method="get">'
        f'<label for="q">{escape(query_label)}</label>'
        '<input type="search" id="q" name="q" autocomplete="off" spellcheck="false">'
        '<button type="submit">Search</button></form>\n'
    )


def search_page(catalogue: Catalogue) -> str:
    """Return the search page: the form, where the results appear, and what to do without scripts."""
    main = (
        "<header>\n<h1>Search</h1>\n<p>Every text of every edition: statements, actions, sub-items, footnotes and "
        "the descriptions the sources quote. Each result opens the recommendation's page at its text in that "
        "edition.</p>\n</header>\n"
        + search_form(urls.SEARCH)
        + '<p id="search-status" role="status" aria-live="polite"></p>\n'
        '<ol id="results" class="results"></ol>\n'
        '<noscript><p class="unavailable">Search runs in the browser and needs JavaScript; every recommendation is '
        f'also listed on the <a href="../{urls.RECOMMENDATIONS}">recommendations page</a>.</p></noscript>\n'
    )
    return site_page(urls.SEARCH, "Search", main, scripts=SCRIPTS, with_status=bool(catalogue.surveys))
