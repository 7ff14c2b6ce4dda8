"""Where each page of the site lives, and the permalinks that survive renumbering.

Every path is relative to the site's root folder and ends in ``index.html``: a browser
opening the site from ``file://`` shows a folder's listing, not its index, so links name the
file itself (GitHub Pages serves both). A page links to another through `up` (``../`` once
per folder it is in), so the site works wherever it is put: a folder, a USB stick, a project
page under ``/NAME/``.

=====================================  ==========================================================
``index.html``                          home: editions, changes, surveys, chronology, search box
``rec/<id>/index.html``                 one recommendation by stable id, in every edition (permanent)
``<edition>/index.html``                an edition laid out like the annex
``<edition>/R5/index.html``             permalink: forwards to R5's stable page, at its text in that
                                        edition (``#<edition>:R5``); ``R5/#d``, ``R5/#d/ii``, ``R6/#fn2``
                                        to an action, item or footnote (``assets/forward.js``)
``changes/<old>/<new>/index.html``      what changed from an edition to the next (``derives_from``)
``status/<survey>/<edition>/index.html`` where the implementation of an edition stands, from a survey
``search/index.html``                   search over the texts of every edition
=====================================  ==========================================================
"""

from __future__ import annotations

from ..edition.address import Address
from ..errors import Problem, RecregError

# The site's own folders; an edition named like one of them would be hidden by it.
RESERVED = ("assets", "changes", "rec", "search", "status")

HOME = "index.html"
RECOMMENDATIONS = "rec/index.html"
SEARCH = "search/index.html"
STATUS = "status/index.html"
STYLE = "assets/site.css"


def up(path: str) -> str:
    """Return the way from a page back to the site's root (``../../`` for ``rec/x/index.html``)."""
    return "../" * path.count("/")


def edition_page(edition: str) -> str:
    """Return the path of an edition's page."""
    return f"{edition}/index.html"


def rec_page(stable_id: str) -> str:
    """Return the path of a recommendation's stable page."""
    return f"rec/{stable_id}/index.html"


def node_anchor(address: Address) -> str:
    """Return the id a node's text carries where several editions share a page (``cws12:R5/d``, ``cws12:R6-fn2``)."""
    return f"{address.edition}:{address.local.replace('/fn', '-fn')}"


def permalink(address: Address) -> str:
    """Return the path of a recommendation's permalink page, numbered as its edition numbers it (``cws11/R4/index.html``)."""
    return f"{address.edition}/R{address.number}/index.html"


def changes_page(old: str, new: str) -> str:
    """Return the path of the page of what changed from `old` to `new`."""
    return f"changes/{old}/{new}/index.html"


def status_page(survey: str, edition: str) -> str:
    """Return the path of a survey's status page for an edition."""
    return f"status/{survey}/{edition}/index.html"


def check_edition_ids(ids: list[str]) -> None:
    """Refuse an edition whose id is one of the site's own folders.

    Raises:
        RecregError: naming the edition and the folder.
    """
    for edition in ids:
        if edition in RESERVED:
            raise RecregError(
                Problem(
                    f"edition {edition!r} has the name of one of the site's own folders ({', '.join(RESERVED)})",
                    file=f"{edition}.yaml",
                    expected="another edition id",
                )
            )
