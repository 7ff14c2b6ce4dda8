"""The annex grammar, both ways: how labels, the Related column and spreadsheet rows are written and read.

Written: ``Recommendation 5:``, actions ``(a)``, sub-items ``i.``, the Related column as
``R3, R4 and R13`` (the source's own form; other editions or link types spelt out as
``cws11:R3/c (moved-from)``), a missing text as `recreg.render.missing_label` words it.
Read: the same, and the numberings delegates type: ``1.``, ``Recommendation 1``, ``R1``,
``(a)``/``a.``/``a)``, ``(i)``/``i.``/``i)``.
"""

from __future__ import annotations

import re
import unicodedata

from ..edition.address import parse_address
from ..edition.model import Link
from ..errors import RecregError

RELATED_40 = "Related 40 Rec."  # the draft ten's own header, for links to the 40 Recommendations
COLUMNS = ("address", "kind", "label", "text", "links", "note")  # spreadsheet columns, in order
KINDS = ("edition", "recommendation", "action", "item", "footnote")

NUMBER = re.compile(
    r"(?:recommendation\s*0*(?P<long>\d+)\s*[:.)]?|R\s?0*(?P<short>\d+)\s*[:.)]?|0*(?P<bare>\d+)\s*[:.)])(?=\s|$)", re.I
)
ACTION = re.compile(r"(?:\((?P<paren>[a-z])\)|(?P<dot>[a-z])[.)])(?=\s|$)")
ITEM = re.compile(r"(?:\((?P<paren>[ivxlc]+)\)|(?P<dot>[ivxlc]+)[.)])(?=\s|$)")
MISSING = re.compile(r"Text missing from the sources; see (?P<where>.+)\.")
_ENTRY = re.compile(
    r"(?:(?P<edition>[a-z][a-z0-9-]*):)?(?P<address>R0*[1-9]\d*(?:/[a-z0-9]+)*)(?:\s*\((?P<type>[a-z-]+)\))?"
)
_SEPARATORS = re.compile(r"\s*(?:,|;|\band\b)\s*")


def recommendation_label(number: int) -> str:
    """Return a recommendation's label as the annex writes it (``Recommendation 5:``)."""
    return f"Recommendation {number}:"


def action_label(label: str) -> str:
    """Return an action's label with the space that follows it (``(a) ``)."""
    return f"({label}) "


def item_label(label: str) -> str:
    """Return a sub-item's label with the space that follows it (``ii. ``)."""
    return f"{label}. "


_HEADER_WORDS = 6  # a header cell names its column ("Related 40 Rec."); a longer text is the annex's own
_NUMBERED = re.compile(r"recommendation\s+\d")


def annex_header_columns(cells) -> dict | None:
    """Return where the statement, actions and Related columns stand when a row is the annex's header.

    Args:
        cells: each cell's text and the column it starts at, in order.

    Returns:
        ``statement``, ``actions`` (and ``related``, ``related_header``, ``unknown`` for text
        under no known header), or None when the row names no Recommendation and Actions
        columns, or holds a sentence or a "Recommendation 24:" (a row of the annex whose
        action happens to speak of "office actions", not a header).
    """
    columns: dict = {}
    for cell, position in cells:
        text = " ".join(cell.split()).lower()
        if len(text.split()) > _HEADER_WORDS or _NUMBERED.match(text):
            return None
        if "action" in text:
            columns.setdefault("actions", position)
        elif "related" in text:
            columns.setdefault("related", position)
            columns.setdefault("related_header", text)
        elif "recommendation" in text:
            columns.setdefault("statement", position)
        elif text:
            columns.setdefault("unknown", position)
    return columns if "statement" in columns and "actions" in columns else None


def spans_the_table(start: int, stop: int, columns: dict) -> bool:
    """Tell whether a cell is one across the annex table: a group heading or a note, which both readers keep as a note.

    Args:
        start, stop: the first column the cell covers and the one after its last (a Word
            cell's grid span, a workbook's merged cells).
        columns: the header's columns (`annex_header_columns`) with ``width``, the column after
            the header's last, and ``first``, its first (0 when absent).
    """
    return start <= columns.get("first", 0) and stop >= columns["width"]


def across_note(place: str, text: str) -> str:
    """Return the note a row across the annex table becomes: ``Table 1, row 5 (across the table): TEXT``."""
    return f"{place[:1].upper()}{place[1:]} (across the table): {text}"


def link_edition(edition_ids: set[str]) -> str | None:
    """Return the edition the Related column's header names, when every link points into one."""
    return next(iter(edition_ids)) if len(edition_ids) == 1 else None


def related_header(default: str | None) -> str:
    """Return the Related column's header: the source's own for the 40 Recommendations."""
    if default == "r40":
        return RELATED_40
    return f"Related ({default})" if default else "Related"


def header_edition(header: str) -> str | None:
    """Return the edition a Related header names (``Related 40 Rec.`` -> r40), or None."""
    if "40" in header:
        return "r40"
    found = re.search(r"\(([a-z][a-z0-9-]*)\)", header)
    return found.group(1) if found else None


def format_links(links, default: str | None) -> str:
    """Write links as the Related column does: ``R3, R4 and R13``; other editions and types spelt out."""
    entries = []
    for link in links:
        target = link.target.local if link.target.edition == default else str(link.target)
        entries.append(target if link.type == "related-to" else f"{target} ({link.type})")
    if len(entries) < 2:
        return "".join(entries)
    return ", ".join(entries[:-1]) + " and " + entries[-1]


def parse_links(text: str, default: str | None) -> list[Link] | None:
    """Read a Related entry list (``R3, R4 and R13``; ``cws11:R3/c (moved-from)``) into links.

    Returns:
        The links, or None when the text is not such a list.
    """
    links = []
    for entry in _SEPARATORS.split(text.strip()):
        if not entry:
            continue
        found = _ENTRY.fullmatch(entry)
        edition = (found.group("edition") or default) if found else None
        if not found or edition is None:
            return None
        try:
            target = parse_address(f"{edition}:{found.group('address')}")
        except RecregError:
            return None
        links.append(Link(found.group("type") or "related-to", target))
    return links or None


def split_number(line: str) -> tuple[int | None, str]:
    """Split a recommendation number (``Recommendation 1:``, ``R1``, ``1.``) off the start of a line.

    Returns:
        (the number or None, the rest of the line after it and its spaces).
    """
    found = NUMBER.match(line)
    if not found:
        return None, line
    return int(found.group("long") or found.group("short") or found.group("bare")), line[found.end() :].lstrip()


def split_label(pattern: re.Pattern, line: str) -> tuple[str | None, str, str]:
    """Split a label off the start of a line.

    Returns:
        (label or None, its form: ``paren`` or ``dot``, the rest of the line after the label and its spaces).
    """
    found = pattern.match(line)
    if not found:
        return None, "", line
    form = "paren" if found.group("paren") else "dot"
    return found.group(form), form, line[found.end() :].lstrip()


def read_label(pattern: re.Pattern, text: str) -> str | None:
    """Read a label written alone, as people type it in a label cell: ``(a)``, ``a.``, ``a)`` or ``a``; None if it is none.

    `pattern` is `ACTION` (a letter) or `ITEM` (a roman numeral); white space around is ignored.
    """
    text = text.strip()
    label, _, rest = split_label(pattern, text)
    if label is not None:
        return None if rest else label
    bare = pattern.match(f"({text})")
    return text if bare is not None and bare.end() == len(text) + 2 else None


FORMULA_STARTS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20\ufe62\ufe63\u2212")  # and fullwidth/small/minus forms


def sheet_text(text: str) -> str:
    """Return a text as a CSV cell holds it: one a spreadsheet could take for a formula gets a leading ``'``.

    The OWASP rule for CSV injection: a cell starting with ``= + - @``, a tab, a carriage
    return or a line feed is a formula to Excel or LibreOffice, and so is one where such a
    character follows leading white space or invisible characters (a space, a no-break or
    zero-width space), or is its fullwidth form (``＝``). A text whose own apostrophes come
    before such a start (``'=x``) is marked too, so that `unguarded_text` gives back every
    text as written; any other text starting with ``'`` (``'Open data' is...``) is left as it is.
    """
    return "'" + text if _guarded(text) else text


def unguarded_text(cell: str) -> str:
    """Return the text a CSV cell holds: the ``'`` `sheet_text` puts before a would-be formula taken off, no other."""
    return cell[1:] if cell[:1] == "'" and _guarded(cell[1:]) else cell


def _guarded(text: str) -> bool:
    """Tell whether `sheet_text` marks a text: a formula's start after any apostrophes of its own."""
    return _formula_start(text.lstrip("'"))


def _formula_start(text: str) -> bool:
    for character in text:
        if character in FORMULA_STARTS:
            return True
        if not (character.isspace() or unicodedata.category(character) in ("Cf", "Zs")):
            return False
    return False


def edition_rows(edition, guard: bool = True) -> list[tuple[str, ...]]:
    """Return the spreadsheet rows of an edition, header first: one per node, in reading order.

    Columns: address (R5, R5/d, R7/a/ii, R6/fn2; the edition's own row has its id), kind,
    label, text, links (addresses with their edition; a type other than related-to in
    brackets) and note (``missing: WHERE`` for a text missing from the sources, ``new: WORDS``
    where the source says a recommendation is new).

    Args:
        edition: the edition.
        guard: mark texts a spreadsheet would take for a formula with a leading ``'``
            (`sheet_text`), as CSV needs; a workbook types its cells as text instead.
    """
    marked = sheet_text if guard else (lambda text: text)
    rows = [COLUMNS, (edition.id, "edition", "", marked(edition.title), "", "")]
    for rec in edition.recommendations:
        note = f"missing: {rec.missing.where}" if rec.statement is None and rec.missing else ""
        if rec.new:
            note = f"new: {rec.new.text}"
        rows.append(
            (
                rec.address.local,
                "recommendation",
                f"Recommendation {rec.number}",
                marked(rec.statement or ""),
                format_links(rec.links, None),
                note,
            )
        )
        for action in rec.actions:
            rows.append(
                (
                    action.address.local,
                    "action",
                    f"({action.label})",
                    marked(action.text),
                    format_links(action.links, None),
                    "",
                )
            )
            for item in action.items:
                rows.append((item.address.local, "item", f"{item.label}.", marked(item.text), "", ""))
        for footnote in rec.footnotes:
            rows.append((footnote.address.local, "footnote", str(footnote.number), marked(footnote.text), "", ""))
    return rows


def has_related(recs) -> bool:
    """Tell whether any of the recommendations fills the Related column: links (its own or an action's), or words saying it is new."""
    return any(rec.links or rec.new or any(action.links for action in rec.actions) for rec in recs)


def annex_name(address, edition=None) -> str:
    """Name a node as its document does: ``Recommendation 3(c)``, ``Recommendation 7(a)(ii)``, ``footnote 2 of
    Recommendation 6``; a control of a catalog by its label (``AC-2(c)``) when `edition` gives one."""
    rec = edition.recommendation(address.number) if edition is not None else None
    head = rec.label if rec is not None and rec.label else f"Recommendation {address.number}"
    if address.footnote is not None:
        return f"footnote {address.footnote} of {head}"
    return head + "".join(f"({part})" for part in (address.action, address.item) if part)


def annex_names(addresses: list, edition=None) -> str:
    """Name several nodes: ``Recommendation 8(a) and 8(b)``; ``Recommendation 2(a), 2(b) and 3(a)``."""
    names = [annex_name(address, edition) for address in addresses]
    names[1:] = [name.removeprefix("Recommendation ") for name in names[1:]]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def edition_name(edition, other) -> str:
    """Name an edition as a delegate would beside the other: ``the draft``, ``the adopted text``; its symbol when both stand alike."""
    if edition.status != other.status:
        return "the draft" if edition.status == "draft" else f"the {edition.status} text"
    return symbol(edition)


def symbol(edition) -> str:
    """Return an edition's document symbol (``CWS/12/22``), or its id when it has none."""
    return edition.documents[0].symbol if edition.documents else edition.id
