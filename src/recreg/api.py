"""The front door: every use of recreg that the command line makes, as plain functions.

The command line imports this module and nothing else of the library; a program can use it
the same way. Each function takes a `Registry` (or files) and returns data: documents are
made by `render`, written by `write_atomic`; errors are raised as `RecregError` (exit 2),
`InvalidInput` (exit 2) or `Refused` (exit 1, a finding), each carrying `Problem` data.

This is also the one place where recreg defers its own imports. A command runs many times a
day, so ``recreg diff cws11 cws12`` must not pay for Word, surveys or git: each function here
imports the packages it needs when it is called (``import recreg.api`` loads only the error
and option types). Everywhere else, modules import at the top, as usual.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .engine.kinds import FILTERS, KINDS
from .errors import InvalidInput, Problem, RecregError, Refused
from .render import BINARY, DOCUMENTS, RenderOptions, formats_for, left_out
from .words import counted

if TYPE_CHECKING:  # pragma: no cover
    from .comments.disposition import DispositionReport
    from .comments.intake import CommentsWritten
    from .comments.model import CommentSet
    from .edition.address import Address
    from .edition.model import Edition
    from .engine.diff import DiffResult
    from .engine.lineage import Coverage, Trace
    from .git.revisions import DiffSet, LogEntry
    from .office.ingest import ImportResult
    from .registry.folder import Registry
    from .registry.history import History
    from .site.build import SiteBuilt
    from .survey.intake import SurveyWritten
    from .survey.status import StatusReport
    from .workflow.check import CheckReport
    from .workflow.records import Record

__all__ = [
    "BINARY",
    "DOCUMENTS",
    "FILTERS",
    "KINDS",
    "FormatReport",
    "InvalidInput",
    "Problem",
    "RecregError",
    "Refused",
    "RenderOptions",
    "check",
    "comment_sets",
    "counted",
    "coverage",
    "create_edition",
    "diff",
    "diff_git",
    "disposition",
    "earlier_numbers",
    "edition_document",
    "export",
    "format_files",
    "formats_for",
    "history",
    "import_comments",
    "import_document",
    "import_survey",
    "init_registry",
    "list_editions",
    "log",
    "node_at",
    "open_registry",
    "parse_address",
    "printable",
    "records",
    "render",
    "site",
    "status",
    "trace",
    "validate",
    "write_atomic",
]


# --- the registry and its editions -----------------------------------------------------------


def open_registry(path: str | Path | None = None) -> Registry:
    """Open a registry folder: `path`, else ``$RECREG_REGISTRY``, else the nearest ``registry/``, else the bundled one."""
    from .registry.folder import Registry

    return Registry.find(path)


def parse_address(typed: str, option: str, bare: str = "edition") -> Address:
    """Parse an address a person typed, in any case (``CWS12:r5/D``), naming `option` if it is wrong.

    Args:
        typed: the address as typed.
        option: the option or argument it came from, for errors.
        bare: what a text without a colon names: ``edition`` or ``node``.
    """
    from .edition.address import parse_address as parse
    from .edition.address import user_address

    return parse(user_address(typed, bare=bare), option=option, typed=typed)


def list_editions(registry: Registry) -> list[Edition]:
    """Return every edition of the registry, in id order."""
    return [registry.edition(edition_id) for edition_id in registry.ids()]


def node_at(registry: Registry, typed: str, option: str = "EDITION[:ADDRESS]") -> tuple[Edition, Any]:
    """Return the edition and the node that ``EDITION[@REV][:ADDRESS]`` names (the node is the edition itself without ADDRESS)."""
    return registry.node_at(typed, option)


def validate(registry: Registry, paths: Sequence[Path] = ()) -> tuple[list[Path], list[Problem]]:
    """Validate files (default: the registry, its history, surveys and comments): schema, then meaning; return files and problems."""
    from .workflow.check import registry_files, validate_paths

    files = registry_files(registry, paths)
    if not files and paths:
        raise RecregError(Problem("no edition files (*.yaml) to validate", file=str(paths[0])))
    return files, validate_paths(files, registry)


def check(registry: Registry, paths: Sequence[Path] = ()) -> CheckReport:
    """Run what CI runs: validation, lint against the baseline, and the format check."""
    from .workflow.check import check_registry

    return check_registry(registry, paths)


@dataclass(frozen=True)
class FormatReport:
    """What `format_files` found: files it changed (or would), files not recreg's, and unreadable ones."""

    changed: tuple[Path, ...]
    refused: tuple[Problem, ...]  # not an edition, history, survey or comment set: left alone (exit 1)
    problems: tuple[Problem, ...]  # unreadable or invalid (exit 2)


def format_files(registry: Registry, paths: Sequence[Path] = (), check_only: bool = False) -> FormatReport:
    """Format recreg's files canonically (atomically, only where the data stays the same), or only say which would change."""
    from .workflow.check import format_paths

    if not (paths or check_only):
        registry.require_writable()
    changed, refused, problems = format_paths(registry, paths, write=not check_only)
    return FormatReport(tuple(changed), tuple(refused), tuple(problems))


def create_edition(registry: Registry, new_id: str, base: str, title: str | None = None) -> tuple[Path, Edition]:
    """Start an amendment: a draft `new_id` copied from `base` and derived from it; return its file and the base."""
    from .workflow.amend import start_amendment

    return start_amendment(registry, new_id, base, title)


def history(registry: Registry, edition: str | None = None) -> History:
    """Return the chronology beside the registry (else the bundled one), narrowed to the events affecting `edition`."""
    from .registry.history import history_of

    return history_of(registry, edition)


def init_registry(folder: Path, from_bundled: bool = False, install: str | None = None) -> tuple[list[Path], list[str]]:
    """Start a registry repository in `folder`; return the files written and warnings."""
    from .workflow.scaffold import init_registry as scaffold

    return scaffold(folder, from_bundled, install)


def records(registry: Registry, check_only: bool = False) -> list[Record]:
    """Return the change records in history/records/ that are stale, writing them unless `check_only`."""
    from .workflow.records import write_records

    if not check_only:
        registry.require_writable()
    return write_records(registry, write=not check_only)


# --- what changed ------------------------------------------------------------------------------


def diff(
    registry: Registry,
    old: str,
    new: str,
    match: str = "auto",
    kinds: Sequence[str] = (),
    recommendation: Address | str | None = None,
) -> DiffResult:
    """Diff two editions of the registry (ids, files, or either at a git revision), keeping only `kinds` and `recommendation`.

    `recommendation` is an address, or as typed: an address (``R5``, ``cws11:R2``) or the label
    a catalog prints (``AC-2(3)``, the new edition's first, else the old one's).
    """
    from .engine.diff import DiffOptions
    from .engine.diff import diff as diff_editions

    before = registry.edition(old)
    # An edition that states no links inherits its lineage (the adopted ten restate none of
    # the draft's): trace it through the editions it derives from.
    earlier = {} if before.states_links else earlier_numbers(registry, before)
    result = diff_editions(before, registry.edition(new), DiffOptions(match=match), earlier)
    if isinstance(recommendation, str):
        recommendation = _labelled(result, recommendation) or parse_address(
            recommendation, "--recommendation", bare="node"
        )
    return result.filtered(kinds, recommendation)


def _labelled(result: DiffResult, typed: str) -> Address | None:
    """Return the address of the recommendation a catalog label names (``AC-2(3)``, in any case), new side first."""
    wanted = typed.strip().upper()
    for edition in (result.after, result.before):
        found = next(
            (rec.address for rec in edition.recommendations if rec.label and rec.label.upper() == wanted), None
        )
        if found is not None:
            return found
    return None


def diff_git(
    registry: Registry,
    revisions: str,
    match: str = "auto",
    kinds: Sequence[str] = (),
    recommendation: Address | None = None,
) -> DiffSet:
    """Diff every edition file changed between two git revisions (``BASE..HEAD`` or ``BASE...HEAD``)."""
    from .engine.diff import DiffOptions
    from .git.revisions import diff_revisions

    registry.require_history("--git")
    return diff_revisions(registry.root, revisions, DiffOptions(match=match), kinds, recommendation)


def log(
    registry: Registry, typed: str, rev: str = "HEAD", progress: Callable[[int, int], None] | None = None
) -> list[LogEntry]:
    """List the commits that changed an edition (or, with ``EDITION:R<n>``, one recommendation), newest first."""
    from .git.revisions import edition_log

    option = "EDITION[:ADDRESS]"
    address = parse_address(typed, option)
    if address.edition is None:
        raise RecregError(Problem(f"{typed!r} names no edition", file=option))
    if address.kind not in {"edition", "recommendation"}:
        raise RecregError(
            Problem(f"{address} is not an edition or a recommendation", file=option, expected="cws12 or cws12:R5")
        )
    registry.require_history(option)
    path = Path(registry.root) / f"{address.edition}.yaml"
    if not path.is_file():
        registry.edition(address.edition)  # raises the usual unknown-edition error
    return edition_log(path, address.edition, address if address.number else None, rev, progress)


def trace(registry: Registry, typed: str) -> Trace:
    """Trace a node's lineage backward and forward across every edition of the registry."""
    from .engine.lineage import build_lineage
    from .engine.lineage import trace as trace_node

    address = parse_address(typed, "ADDRESS")
    if address.edition is None or address.number is None:
        raise RecregError(
            Problem(
                f"{typed!r} names no node of an edition",
                file="ADDRESS",
                expected="EDITION:R<n>[/...], such as cws12:R5/d",
            )
        )
    return trace_node(build_lineage(registry.all()), address)


def coverage(registry: Registry, old: str, new: str) -> Coverage:
    """Say what became of every node of `old` in `new`, across every edition between them."""
    from .engine.lineage import build_lineage
    from .engine.lineage import coverage as cover

    return cover(build_lineage(registry.all()), registry.edition(old), registry.edition(new))


def earlier_numbers(registry: Registry, edition: Edition) -> dict:
    """Return each recommendation's numbers in older editions, traced through ``derives_from``."""
    from .engine.lineage import build_lineage, chain
    from .engine.lineage import earlier_numbers as trace_back

    editions = chain(edition, registry.edition_or_none)
    return trace_back(build_lineage({e.id: e for e in editions}), edition)


# --- documents and surveys ---------------------------------------------------------------------


def import_document(
    registry: Registry,
    file: Path,
    new_id: str,
    base: str | None = None,
    tracked: str | None = None,
    sheet: str | None = None,
) -> ImportResult:
    """Import an edition from a .docx, .xlsx or .csv table into a new edition file of the registry.

    A Word document's comments are kept beside the edition, in ``comments/ID.yaml`` (the
    result's ``comments`` is then the path written, the comment set, and how many comments
    recreg itself wrote, the notes of its own diff documents, which are left out): refused,
    with nothing written, when that file exists or a comment cannot be read.
    """
    from .comments.intake import imported_comments, write_imported
    from .comments.model import comments_beside
    from .office.ingest import import_edition
    from .office.trackchanges import AUTHOR

    def keep(edition: Edition, found: list) -> Any:
        members = [comment for comment in found if comment.author != AUTHOR]
        if not members:
            return None, None, len(found)
        target = comments_beside(registry.root) / f"{edition.id}.yaml"
        if target.exists():
            raise RecregError(
                Problem(
                    f"the document has {counted(len(members), 'Word comment')}, and {target} exists already",
                    file=str(target),
                    expected="another edition id (--as), or move the comment file away",
                )
            )
        return None, imported_comments(edition, file, members), len(found) - len(members)

    result = import_edition(file, new_id, registry, base, tracked, keep, sheet)
    if result.comments is not None and result.comments[1] is not None:
        result.comments = (write_imported(registry, result.comments[1]), *result.comments[1:])
    return result


def import_comments(
    registry: Registry,
    files: Sequence[Path],
    edition: str,
    name: str,
    mapping: Path | None = None,
    sheet: str | None = None,
    office: str | None = None,
    title: str | None = None,
    replace_existing: bool = False,
    add: bool = False,
    tracked: str | None = None,
) -> CommentsWritten:
    """Import Members' comments (Word comments in copies of the edition, comment tables) into comments/NAME.yaml."""
    from .comments.intake import import_comments_files

    return import_comments_files(
        registry, list(files), edition, name, mapping, sheet, office, title, replace_existing, add, tracked
    )


def comment_sets(registry: Registry) -> list[CommentSet]:
    """Return the comment sets beside the registry, in name order (each checked against it)."""
    from .comments.model import comment_files, read_comments

    return [read_comments(path, registry) for path in comment_files(registry.root)]


def disposition(registry: Registry, name: str, to: str | None = None) -> DispositionReport:
    """Report the disposition of a comment set, carried to `to` (default: the newest edition derived from the commented one)."""
    from .comments.disposition import disposition_of

    return disposition_of(registry, name, to)


def import_survey(
    registry: Registry,
    file: Path,
    edition: str,
    name: str,
    date: str,
    title: str | None = None,
    mapping: Path | None = None,
    sheet: str | None = None,
    replace_existing: bool = False,
) -> SurveyWritten:
    """Import a survey export (CSV or XLSX) into surveys/NAME.yaml beside the registry."""
    from .survey.intake import import_survey_file

    return import_survey_file(registry, file, edition, name, date, title, mapping, sheet, replace_existing)


def status(
    registry: Registry,
    edition: str,
    survey: str | None = None,
    offices: Sequence[str] = (),
    by_office: bool = False,
    anonymize: bool = False,
) -> StatusReport:
    """Say where the implementation of an edition stands, from a survey (default: the newest of it or an earlier edition)."""
    from .survey.status import status_of

    return status_of(registry, edition, survey, tuple(offices), by_office, anonymize)


# --- documents out -----------------------------------------------------------------------------


def render(format_name: str, document: str, *content: Any, options: RenderOptions = RenderOptions()) -> str | bytes:
    """Render a document (``diff``, ``edition``, ``status``...) in a format; binary formats give bytes."""
    from .render import renderer

    return renderer(format_name, document)(*content, options)


def export(
    registry: Registry,
    edition: str,
    format_name: str,
    options: RenderOptions = RenderOptions(),
    comments: str | None = None,
) -> str | bytes:
    """Export an edition as a document that `import_document` reads back (DOCX, XLSX, CSV), or as an OSCAL catalog.

    With `comments` (a comment set on that edition), a DOCX holds them as Word comments on
    their words, which `import_comments` reads back as the same comments.
    """
    if comments is not None:
        return _commented(registry, edition, format_name, options, comments)
    found = registry.edition(edition)
    if format_name == "oscal" and found.format != "oscal":
        options = replace(options, predecessor=_predecessor(registry, found), link_ids=_link_ids(registry, found))
    return render(format_name, "export", found, options=options)


def left_out_of_export(registry: Registry, edition: str, format_name: str) -> str | None:
    """Say what of an edition an export format leaves out, so that an export drops nothing silently (None: nothing)."""
    return left_out(registry.edition(edition), format_name)


def _predecessor(registry: Registry, edition: Edition) -> DiffResult | None:
    """Diff the edition an edition derives from with it (None when it derives from none the registry has)."""
    from .engine.diff import diff as diff_editions

    base = registry.edition_or_none(edition.derives_from) if edition.derives_from else None
    return None if base is None else diff_editions(base, edition)


def _link_ids(registry: Registry, edition: Edition) -> dict:
    """Return, for each node an edition links to, its id in its own edition's OSCAL catalog."""
    found = {}
    for rec in edition.recommendations:
        for link in (*rec.links, *(link for action in rec.actions for link in action.links)):
            target = registry.edition_or_none(link.target.edition)
            node = target.node(link.target) if target else None
            owner = target.node(link.target.recommendation()) if node is not None else None
            if owner is None:
                continue
            if link.target.action is None:
                found[link.target] = owner.id
            elif link.target.item is None:
                found[link.target] = getattr(node, "id", None) or f"{owner.id}_smt.{link.target.action}"
            else:
                found[link.target] = f"{owner.id}_smt.{link.target.action}.{link.target.item}"
    return found


def _commented(registry: Registry, edition: str, format_name: str, options: RenderOptions, comments: str) -> bytes:
    """Export an edition as a Word document with a comment set's comments on their words."""
    from .comments.model import comments_path, read_comments
    from .comments.word_import import word_notes

    if format_name != "docx":
        raise RecregError(
            Problem("comments are written into Word documents only", file="--comments", expected="--format docx")
        )
    found = read_comments(comments_path(registry.root, comments, "--comments"), registry)
    exported = registry.edition(edition)
    if found.edition != exported.id:
        raise RecregError(
            Problem(
                f"comment set {found.id!r} is on {found.edition}, not {exported.id}",
                file="--comments",
                expected=f"export {found.edition} with them (where they landed in {exported.id}: "
                f"recreg comments disposition {found.id} --to {exported.id})",
            )
        )
    return render(format_name, "commented", exported, word_notes(found, exported), options=options)


def edition_document(
    registry: Registry, edition: str, format_name: str, options: RenderOptions = RenderOptions()
) -> str | bytes:
    """Render a whole edition laid out like the CWS annex, with each recommendation's earlier numbers."""
    found = registry.edition(edition)
    options = replace(options, earlier=earlier_numbers(registry, found))
    return render(format_name, "edition", found, None, options=options)


def printable(text: str) -> str:
    """Drop the control characters of a text from a file anyone can edit (tab and newline kept), for a terminal."""
    from .render.common import printable as strip

    return strip(text)


def site(registry: Registry, output: str | Path) -> SiteBuilt:
    """Publish the registry as a static site in a folder: every edition, recommendation, change and survey (docs/site.md)."""
    from .site.build import build_site

    return build_site(registry, output)


def write_atomic(path: str | Path, content: str | bytes) -> None:
    """Write a file at once (never half-written); a device, FIFO or socket is written in place."""
    from .fileio import write_atomic as write

    write(path, content)
