"""Build the site: every page into a folder, swapped into place whole.

The site is written into a new folder beside the target, then renamed over it: a browser or
a deploy step reading the old site never sees half of the new one, and a failed build leaves
the old one as it was. recreg writes only into an empty folder, a new one, or one it built
before (which holds the ``.recreg-site`` mark); any other folder is refused untouched.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem, RecregError
from ..fileio import check_writable
from ..registry.folder import Registry
from . import urls
from .catalogue import Catalogue, gather
from .layout import asset, stylesheet
from .pages import changes_page, edition_page, home, permalinks, recommendations_page, status_index, status_pages
from .recpage import rec_page
from .search import index_script, search_page

MARK = ".recreg-site"
# The site's files shipped with recreg, copied as they are (MiniSearch with its licence).
ASSETS = ("search.js", "forward.js", "minisearch.js", "minisearch.LICENSE.txt")


@dataclass(frozen=True)
class SiteBuilt:
    """What `build_site` wrote: where, and how many of each kind of page."""

    folder: Path
    editions: int
    recommendations: int  # stable ids, one page each
    pages: int  # every page but the permalinks
    permalinks: int  # forwarding pages, one per recommendation of each edition
    surveys: int


def build_site(registry: Registry, output: str | os.PathLike) -> SiteBuilt:
    """Build the registry's site into a folder (see `recreg.site`).

    Raises:
        InvalidInput: an edition, the history or a survey does not validate.
        RecregError: an edition named like one of the site's folders, or a folder recreg may not write.
    """
    folder = Path(output)
    refuse_foreign(folder)
    catalogue = gather(registry)
    urls.check_edition_ids([e.id for e in catalogue.editions])
    counts = {"pages": 0, "permalinks": 0}

    def counted() -> Iterator[tuple[str, str]]:
        for path, text in site_files(catalogue):
            if path.endswith(".html"):
                counts["permalinks" if _is_permalink(path, catalogue) else "pages"] += 1
            yield path, text

    write_folder(folder, counted())
    return SiteBuilt(
        folder,
        len(catalogue.editions),
        len(catalogue.identities),
        counts["pages"],
        counts["permalinks"],
        len(catalogue.surveys),
    )


def _is_permalink(path: str, catalogue: Catalogue) -> bool:
    first, _, rest = path.partition("/")
    return rest != "index.html" and catalogue.edition(first) is not None


def site_files(catalogue: Catalogue) -> Iterator[tuple[str, str]]:
    """Yield every file of the site as (path from its root, text)."""
    yield urls.HOME, home(catalogue)
    yield urls.SEARCH, search_page(catalogue)
    yield urls.RECOMMENDATIONS, recommendations_page(catalogue)
    if catalogue.surveys:
        yield urls.STATUS, status_index(catalogue)
        yield from status_pages(catalogue)
    for edition in catalogue.editions:
        yield urls.edition_page(edition.id), edition_page(catalogue, edition)
    for identity in catalogue.identities.values():
        yield urls.rec_page(identity.id), rec_page(catalogue, identity)
    for step in catalogue.steps:
        yield urls.changes_page(step.old.id, step.new.id), changes_page(catalogue, step)
    yield from permalinks(catalogue)
    yield urls.STYLE, stylesheet()
    yield "assets/search-index.js", index_script(catalogue)
    for name in ASSETS:
        yield f"assets/{name}", asset(name)
    yield MARK, "A site built by recreg (recreg site -o DIR), which rebuilds it here in one piece.\n"


def refuse_foreign(folder: Path) -> None:
    """Refuse a target that is a file, or a folder holding anything but a site recreg built.

    Raises:
        RecregError: naming the folder.
    """
    check_writable(folder)
    if folder.exists() and not folder.is_dir():
        raise RecregError(Problem("is a file, not a folder", file=str(folder), expected="a folder for the site"))
    if folder.is_dir() and not (folder / MARK).is_file() and any(folder.iterdir()):
        raise RecregError(
            Problem(
                "is a folder recreg did not build: recreg site writes only into a new or empty folder, "
                "or one it built before",
                file=str(folder),
            )
        )
    if not folder.absolute().parent.is_dir():
        raise RecregError(
            Problem(f"cannot write the site: no folder {str(folder.absolute().parent)!r}", file=str(folder))
        )


def write_folder(folder: Path, files) -> None:
    """Write files into a new folder beside `folder`, then put it in the place of `folder` at once.

    Raises:
        RecregError: a file cannot be written (no space, no permission...), naming the folder;
            the old site, if any, is left as it was.
    """
    parent = folder.absolute().parent
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp", dir=parent))
    except OSError as exc:
        raise _problem(folder, exc) from None
    try:
        made = {staging}
        for path, text in files:
            target = staging / path
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            target.write_text(text, encoding="utf-8", newline="\n")
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(staging, 0o777 & ~umask)  # mkdtemp makes it private; a site is for sharing
        _swap(staging, folder, parent)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise _problem(folder, exc) from None


def _swap(staging: Path, folder: Path, parent: Path) -> None:
    """Put the new site in place of the old one (moved aside, then deleted; put back if the move fails)."""
    if not folder.exists():
        os.replace(staging, folder)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".old", dir=parent))
    os.replace(folder, old / "site")
    try:
        os.replace(staging, folder)
    except OSError:
        os.replace(old / "site", folder)
        raise
    finally:
        shutil.rmtree(old, ignore_errors=True)


def _problem(folder: Path, exc: OSError) -> RecregError:
    return RecregError(Problem(f"cannot write the site: {exc.strerror or type(exc).__name__}", file=str(folder)))
