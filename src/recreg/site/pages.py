"""The site's pages but a recommendation's own: home, editions, the list of ids, changes, status.

Each function returns ``(path, html)`` pairs or one page's HTML; every text from the
registry, its history or a survey goes through `escape` (or the renderers' own escaping).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..edition.model import Edition
from ..registry.history import History
from ..render.common import (
    counts_label,
    date_label,
    edition_facts,
    event_facts,
    heading_label,
    matching_label,
    session_date,
    short_ref,
)
from ..render.fragments import escape
from ..render.html import VIEW_RADIOS, annex, diff_parts, legend
from ..render.html.status import status_parts
from ..render.status_labels import survey_facts
from ..words import counted
from . import urls
from .catalogue import Catalogue, Identity, Step
from .layout import forwarding_page, site_page
from .search import search_form


def rec_link(path: str):
    """Return a function linking a recommendation to its stable page, at its text in its own edition, from `path`."""
    root = urls.up(path)
    return lambda rec: f"{root}{urls.rec_page(rec.id)}#{urls.node_anchor(rec.address)}"


def _page(catalogue: Catalogue, path: str, title: str, main: str, **kwargs) -> str:
    return site_page(path, title, main, with_status=bool(catalogue.surveys), **kwargs)


# --- home ---------------------------------------------------------------------------------------


def home(catalogue: Catalogue) -> str:
    """Return the home page: search, the editions, the changes from one to the next, the surveys, the chronology."""
    path = urls.HOME
    committees = ", ".join(dict.fromkeys(e.committee for e in catalogue.editions)) or "No edition yet"
    main = [
        f'<header>\n<p class="kicker">{escape(committees)}</p>\n<h1>Recommendations registry</h1>\n'
        f"<p>{counted(len(catalogue.editions), 'edition')} and {counted(len(catalogue.identities), 'recommendation')} "
        "by stable id, each with its text in every edition, what changed, its lineage and history.</p>\n</header>\n",
        search_form(path),
        _editions_table(catalogue),
        _changes_list(catalogue, path),
    ]
    if catalogue.surveys:
        main.append(
            f'<section aria-labelledby="surveys"><h2 id="surveys">Implementation</h2>\n{_surveys_list(catalogue, path)}</section>\n'
        )
    main.append(chronology(catalogue.history, path) if catalogue.history else "")
    return _page(catalogue, path, "Home", "".join(main))


def _editions_table(catalogue: Catalogue) -> str:
    rows = []
    for edition in catalogue.editions:
        base = catalogue.edition(edition.derives_from or "")
        step = catalogue.step_into(edition)
        rows.append(
            f'<tr><th scope="row"><a href="{urls.edition_page(edition.id)}">{escape(edition.id)}</a></th>'
            f'<td data-label="Title">{escape(edition.title)}</td><td data-label="Status">{escape(edition.status)}</td>'
            f'<td data-label="Session">{escape(edition.session or "—")}</td><td data-label="Date">{escape(session_date(edition))}</td>'
            f'<td data-label="Derives from">{_edition_link(base, "") if base else escape(edition.derives_from or "—")}</td>'
            f'<td data-label="Recommendations" class="num">{len(edition.recommendations)}</td>'
            f'<td data-label="Changes">{_step_link(step, "") if step else "—"}</td></tr>'
        )
    head = "".join(
        f'<th scope="col">{name}</th>'
        for name in ("Edition", "Title", "Status", "Session", "Date", "Derives from", "Recommendations", "Changes")
    )
    return (
        '<section aria-labelledby="editions"><h2 id="editions">Editions</h2>\n'
        f'<div class="table-wrap stacked"><table class="list stack"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>\n</section>\n"
    )


def _edition_link(edition: Edition, root: str) -> str:
    return f'<a href="{root}{urls.edition_page(edition.id)}">{escape(edition.id)}</a>'


def _step_link(step: Step, root: str) -> str:
    return f'<a href="{root}{urls.changes_page(step.old.id, step.new.id)}">{escape(step.old.id)} → {escape(step.new.id)}</a>'


def _changes_list(catalogue: Catalogue, path: str) -> str:
    root = urls.up(path)
    items = "".join(
        f"<li>{_step_link(step, root)}: {escape(counts_label(step.result))}</li>" for step in catalogue.steps
    )
    return (
        '<section aria-labelledby="changes"><h2 id="changes">Changes</h2>\n'
        f"{f'<ul>{items}</ul>' if items else '<p>No edition derives from another in this registry.</p>'}\n</section>\n"
    )


def _surveys_list(catalogue: Catalogue, path: str) -> str:
    root = urls.up(path)
    items = []
    for found in catalogue.surveys:
        links = ", ".join(
            f'<a href="{root}{urls.status_page(found.survey.id, r.edition.id)}">{escape(r.edition.id)}</a>'
            for r in found.reports
        )
        items.append(
            f"<li>{escape(found.survey.title)} ({escape(found.survey.id)}, {escape(found.survey.date)}, "
            f"asked about {escape(found.survey.edition)}): status of {links}</li>"
        )
    return f"<ul>{''.join(items)}</ul>\n"


def chronology(
    history: History, path: str, only: set[str] | None = None, named: set[str] = frozenset(), anchor: str = "chronology"
) -> str:
    """Return the chronology of decisions as a table, each event anchored (``#event-cws12``).

    Args:
        history: the history.
        path: the page it is on.
        only: the ids of the events to show (None: all).
        named: ids of events that name the recommendation the page is about, marked as such.
        anchor: the section's id.
    """
    root = urls.up(path)
    rows = []
    for event in history.events:
        if only is not None and event.id not in only:
            continue
        what = [
            f"<p><strong>{escape(d.summary)}</strong>: “{escape(d.quote)}” ({escape(short_ref(d.source))})</p>"
            for d in event.decisions
        ]
        facts = event_facts(event)
        what += [f'<p class="fact">{escape(" · ".join(facts))}</p>'] if facts else []
        what += [f'<p class="fact">Note: {escape(note)}</p>' for note in event.notes]
        session = escape(event.session)
        session = session if only is None else f'<a href="{root}{urls.HOME}#event-{escape(event.id)}">{session}</a>'
        mark = ' <span class="badge">names it</span>' if event.id in named else ""
        row_id = f' id="event-{escape(event.id)}"' if only is None else ""
        rows.append(
            f'<tr{row_id}><td data-label="Date">{escape(date_label(event))}</td><th scope="row">{session}{mark}</th>'
            f'<td data-label="What happened">{"".join(what)}</td>'
            f'<td data-label="Sources">{escape(", ".join(short_ref(s) for s in event.sources))}</td></tr>'
        )
    head = "".join(f'<th scope="col">{name}</th>' for name in ("Date", "Session", "What happened", "Sources"))
    title = heading_label(history) if only is None else "History"
    return (
        f'<section aria-labelledby="{anchor}"><h2 id="{anchor}">{escape(title)}</h2>\n'
        f'<div class="table-wrap stacked"><table class="list stack"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>\n</section>\n"
    )


# --- editions and their permalinks --------------------------------------------------------------


def edition_page(catalogue: Catalogue, edition: Edition) -> str:
    """Return an edition's page: its facts, then its recommendations laid out like the annex, each linked to its page."""
    path = urls.edition_page(edition.id)
    root = urls.up(path)
    facts = []
    base = catalogue.edition(edition.derives_from or "")
    if base is not None:
        facts.append(f"Derives from {_edition_link(base, root)}: {_step_link(catalogue.step_into(edition), root)}")
    for step in catalogue.steps_from(edition):
        facts.append(f"{_edition_link(step.new, root)} derives from it: {_step_link(step, root)}")
    facts += [f"{escape(d.symbol)}: {escape(d.role)}" for d in edition.documents]
    facts += [
        f"{escape(d.event)}: {escape(d.value)}" + (f" (“{escape(d.quote)}”)" if d.quote else "") for d in edition.dates
    ]
    facts += [
        f"Status of its implementation: {escape(r.survey.title)} "
        f'(<a href="{root}{urls.status_page(found.survey.id, edition.id)}">{escape(found.survey.id)}</a>)'
        for found in catalogue.surveys
        for r in found.reports
        if r.edition.id == edition.id
    ]
    facts += [f"Note: {escape(note)}" for note in edition.notes]
    main = (
        f'<header>\n<p class="kicker">{escape(edition_facts(edition))}</p>\n<h1>{escape(edition.title)}</h1>\n'
        f'<ul class="facts">{"".join(f"<li>{fact}</li>" for fact in facts)}</ul>\n</header>\n'
        f'<section aria-label="Recommendations">\n{annex(edition, None, catalogue.earlier.get(edition.id), "", rec_link(path))}</section>\n'
    )
    return _page(catalogue, path, f"{edition.title} ({edition.id})", main)


def permalinks(catalogue: Catalogue) -> Iterator[tuple[str, str]]:
    """Yield a forwarding page for every recommendation of every edition, as that edition numbers it (``cws11/R4/``)."""
    for edition in catalogue.editions:
        for rec in edition.recommendations:
            path = urls.permalink(rec.address)
            yield (
                path,
                forwarding_page(path, f"{urls.rec_page(rec.id)}#{urls.node_anchor(rec.address)}", rec.address, rec.id),
            )


# --- the list of stable ids -----------------------------------------------------------------------


def recommendations_page(catalogue: Catalogue) -> str:
    """Return the list of every stable id: its numbers in each edition, and whether it is still in use."""
    path = urls.RECOMMENDATIONS
    rows = []
    for identity in catalogue.identities.values():
        numbers = numbers_line(identity, path)
        now = "; ".join(escape(f.text) for f in identity.fates) or "in use"
        rows.append(
            f'<tr><th scope="row"><a href="../{urls.rec_page(identity.id)}">{escape(identity.id)}</a></th>'
            f'<td data-label="Numbers" class="numbers">{numbers}</td><td data-label="Now">{now}</td></tr>'
        )
    head = "".join(f'<th scope="col">{name}</th>' for name in ("Stable id", "Numbers, newest edition first", "Now"))
    main = (
        "<header>\n<h1>Recommendations</h1>\n<p>Every recommendation by its stable id: a recommendation keeps its "
        "page, and its id, whatever number an edition gives it.</p>\n</header>\n"
        f'<div class="table-wrap stacked"><table class="list stack"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>\n"
    )
    return _page(catalogue, path, "Recommendations", main)


def numbers_line(identity: Identity, path: str) -> str:
    """Return an id's numbers, newest edition first, each linked to its text on the id's page (``cws12 R1 · cws11 R4``)."""
    href = urls.up(path) + urls.rec_page(identity.id)
    return " · ".join(
        f'<a href="{href}#{escape(urls.node_anchor(rec.address))}">{escape(rec.address.edition or "")} '
        f"{escape(rec.name)}</a>"
        for rec in identity.appearances
    )


# --- changes and status ---------------------------------------------------------------------------


def changes_page(catalogue: Catalogue, step: Step) -> str:
    """Return what changed from an edition to the next: the change table and word diffs, linked to each recommendation's page."""
    path = urls.changes_page(step.old.id, step.new.id)
    root = urls.up(path)
    facts, content = diff_parts(step.result, "", rec_link(path))
    main = (
        f'<header>\n<p class="kicker">Changes · matching: {escape(matching_label(step.result))}</p>\n'
        f"<h1>{_edition_link(step.old, root)} → {_edition_link(step.new, root)}</h1>\n{facts}</header>\n{legend()}{content}"
    )
    return _page(catalogue, path, f"{step.old.id} → {step.new.id}", main, before=VIEW_RADIOS)


def status_index(catalogue: Catalogue) -> str:
    """Return the list of surveys and the status pages of each."""
    body = (
        _surveys_list(catalogue, urls.STATUS)
        if catalogue.surveys
        else "<p>No survey of IP offices is recorded beside this registry.</p>\n"
    )
    main = f"<header>\n<h1>Status of implementation</h1>\n<p>Surveys of IP offices, and what they answered.</p>\n</header>\n{body}"
    return _page(catalogue, urls.STATUS, "Status of implementation", main)


def status_pages(catalogue: Catalogue) -> Iterator[tuple[str, str]]:
    """Yield each survey's status page for every edition it reaches, with its charts."""
    for found in catalogue.surveys:
        for report in found.reports:
            path = urls.status_page(found.survey.id, report.edition.id)
            facts, content = status_parts(report)
            main = (
                f'<header>\n<p class="kicker">Status · {escape(survey_facts(report))}</p>\n'
                f"<h1>Status of {_edition_link(report.edition, urls.up(path))}: {escape(report.edition.title)}</h1>\n"
                f"{facts}</header>\n{content}"
            )
            yield path, _page(catalogue, path, f"Status of {report.edition.id} ({found.survey.id})", main)
