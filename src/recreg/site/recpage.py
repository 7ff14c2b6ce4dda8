"""A recommendation's own page, by stable id: the permanent address of one recommendation.

It holds the recommendation's text in every edition that has it (newest first, each with the
number that edition gives it and every node anchored by its address, ``#cws11:R4/a``), the
word diff of each step from an edition to the next, its lineage back to the oldest edition,
the events of the chronology that concern it, and its implementation where surveys exist.
An id no later edition uses keeps its page, which says what became of it.
"""

from __future__ import annotations

from ..edition.address import Address
from ..render.common import rec_heading
from ..render.fragments import escape
from ..render.html import TOOLBAR, VIEW_RADIOS, annex, pair_section
from ..render.html.status import status_section
from . import urls
from .catalogue import Catalogue, Identity
from .layout import site_page
from .pages import chronology, numbers_line, rec_link

_SECTIONS = (
    ("texts", "Texts"),
    ("changes", "Changes"),
    ("lineage", "Lineage"),
    ("history", "History"),
    ("implementation", "Implementation"),
)


def rec_page(catalogue: Catalogue, identity: Identity) -> str:
    """Return the stable page of a recommendation."""
    path = urls.rec_page(identity.id)
    sections = [
        _texts(catalogue, identity, path),
        _changes(identity, path),
        _lineage(catalogue, identity, path),
        _history(catalogue, identity, path),
        _implementation(catalogue, identity, path),
    ]
    toc = "".join(f'<li><a href="#{name}">{label}</a></li>' for name, label in _SECTIONS)
    main = (
        f'<header>\n<p class="kicker">Recommendation · stable id</p>\n<h1>{escape(identity.id)}</h1>\n'
        f'<p class="numbers">{numbers_line(identity, path)}</p>\n{_now(catalogue, identity, path)}'
        f'<nav aria-label="On this page"><ul class="toc">{toc}</ul></nav>\n</header>\n{"".join(sections)}'
    )
    return site_page(
        path,
        f"{identity.id} ({identity.newest.address})",
        main,
        before=VIEW_RADIOS,
        with_status=bool(catalogue.surveys),
    )


def _now(catalogue: Catalogue, identity: Identity, path: str) -> str:
    newest = identity.newest
    edition = catalogue.edition(newest.address.edition or "")
    if not identity.fates:
        return (
            f'<p class="now">In use: {escape(rec_heading(newest))} of {escape(edition.id)} '
            f"({escape(edition.status)}{', ' + escape(edition.session) if edition.session else ''}).</p>\n"
        )
    fates = "; ".join(
        f'<a href="{escape(rec_link(path)(f.target))}">{escape(f.text)}</a>' if f.target is not None else escape(f.text)
        for f in identity.fates
    )
    return (
        f'<p class="now gone">No longer in use: last {escape(rec_heading(newest))} of {escape(edition.id)}; '
        f"then {fates}.</p>\n"
    )


def _texts(catalogue: Catalogue, identity: Identity, path: str) -> str:
    root = urls.up(path)
    parts = []
    for rec in identity.appearances:
        edition = catalogue.edition(rec.address.edition or "")
        facts = ", ".join(part for part in (edition.status, edition.session) if part)
        heading = f"text-{edition.id}"
        parts.append(
            f'<section class="edition-text" aria-labelledby="{escape(heading)}">\n'
            f'<h3 id="{escape(heading)}">{escape(edition.id)} {escape(rec.name)} · {escape(edition.title)} '
            f'<span class="muted">({escape(facts)})</span></h3>\n'
            f'<p class="permalink">Permalink <a href="{root}{urls.permalink(rec.address)}">{escape(edition.id)}/R{rec.number}/</a>'
            f' · <a href="{root}{urls.edition_page(edition.id)}#{escape(rec.address.local)}">in the whole edition</a></p>\n'
            f"{annex(edition, rec, catalogue.earlier.get(edition.id), edition.id + ':')}</section>\n"
        )
    return f'<section aria-labelledby="texts"><h2 id="texts">Texts</h2>\n{"".join(parts)}</section>\n'


def _changes(identity: Identity, path: str) -> str:
    parts = []
    for step, pair in identity.pairs:
        old = f"{step.old.id} {pair.before.name}" if pair.before else f"not in {step.old.id}"
        new = f"{step.new.id} {pair.after.name}" if pair.after else f"not in {step.new.id}"
        if not pair.changes:
            parts.append(f'<p class="unchanged">{escape(old)} → {escape(new)}: unchanged.</p>\n')
            continue
        parts.append(
            pair_section(
                step.result,
                pair,
                f"{step.old.id}-{step.new.id}-",
                rec_link(path),
                back=False,
                title=f"{old} → {new}",
                level=3,
            )
        )
    if not parts:
        body = "<p>No edition that has it derives from another in this registry.</p>\n"
    else:
        body = TOOLBAR + "".join(parts)
    return f'<section aria-labelledby="changes"><h2 id="changes">Changes</h2>\n{body}</section>\n'


def _node(catalogue: Catalogue, address: Address, path: str) -> str:
    identity = catalogue.identity_of(address)
    if identity is None:
        return f'<span class="addr">{escape(address.display)}</span>'
    href = f"{urls.up(path)}{urls.rec_page(identity.id)}#{urls.node_anchor(address)}"
    return f'<a class="addr" href="{escape(href)}">{escape(address.display)}</a>'


def _lineage(catalogue: Catalogue, identity: Identity, path: str) -> str:
    address = identity.newest.address
    parts = []
    for direction, label in (("earlier", "Where it came from"), ("later", "What it became")):
        steps = catalogue.lineage.trace(address, direction)
        if direction == "later":
            steps += _branches(catalogue, identity)
        if not steps:
            continue
        items = "".join(
            f'<li style="--depth:{depth}">{_node(catalogue, step.before, path)} → '
            f"{_node(catalogue, step.after, path)}: {escape(step.explain())}</li>"
            for depth, step in steps
        )
        parts.append(f'<h3>{label}</h3>\n<ol class="trace">{items}</ol>\n')
    body = "".join(parts) or f"<p>{escape(str(address))} has no recorded or matched step to another edition.</p>\n"
    return f'<section aria-labelledby="lineage"><h2 id="lineage">Lineage</h2>\n{body}</section>\n'


def _branches(catalogue: Catalogue, identity: Identity) -> list:
    """Return the steps out of its older numbers into other recommendations, each with what follows from it.

    A recommendation split in an older edition lives on in the part split off it (``cws12:R1 →
    cws13:R11``), which a walk forward from its newest number does not meet.
    """
    own = {rec.address for rec in identity.appearances}
    found: list = []
    for rec in identity.appearances[1:]:
        keep = False
        for depth, step in catalogue.lineage.trace(rec.address, "later"):
            if depth == 1:
                keep = step.after not in own
            if keep and (depth, step) not in found:
                found.append((depth, step))
    return found


def _history(catalogue: Catalogue, identity: Identity, path: str) -> str:
    history = catalogue.history
    if history is None:
        return (
            '<section aria-labelledby="history"><h2 id="history">History</h2>\n'
            "<p>No chronology is recorded beside this registry.</p>\n</section>\n"
        )
    own = {rec.address for rec in identity.appearances}
    editions = {address.edition for address in own}
    named = {e.id for e in history.events if any(a.recommendation() in own for a in e.recommendations)}
    related = named | {e.id for e in history.events if set(e.editions) & editions}
    if not related:
        return (
            '<section aria-labelledby="history"><h2 id="history">History</h2>\n'
            "<p>No event of the chronology concerns its editions.</p>\n</section>\n"
        )
    return chronology(history, path, related, named, anchor="history")


def _implementation(catalogue: Catalogue, identity: Identity, path: str) -> str:
    root = urls.up(path)
    parts = []
    own = {rec.address for rec in identity.appearances}
    for found in catalogue.surveys:
        for report in found.reports:
            node = next((n for n in report.recommendations if n.address in own), None)
            if node is None:
                continue
            where = f"{found.survey.id}-{report.edition.id}-"
            title = f"{found.survey.title}: {report.edition.id} {node.address.shown}"
            parts.append(
                status_section(report, node, where, title, level=3)
                + f'<p><a href="{root}{urls.status_page(found.survey.id, report.edition.id)}">'
                f"The whole status of {escape(report.edition.id)} from {escape(found.survey.id)}</a></p>\n"
            )
    body = "".join(parts) or "<p>No survey of IP offices asked about it.</p>\n"
    return f'<section aria-labelledby="implementation"><h2 id="implementation">Implementation</h2>\n{body}</section>\n'
