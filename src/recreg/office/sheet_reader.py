"""Read an edition from a workbook or a CSV file: one row per node (address, kind, label, text, links, note), or the annex's own table.

Two layouts, told apart by the header row:

- **one row per node**, as `recreg export` writes it: columns ``address`` and ``text``,
  optionally ``kind`` (inferred from the address when absent or empty), ``label``,
  ``links`` and ``note``; an address in the grammar (``R3/a``) or as people write it
  (``R3(a)``, ``3 a``, ``Recommendation 3 (a)``); the edition's own row (kind
  ``edition``, or an edition id as its address) gives the title.
- **the annex layout**, as in a Word document: a header Recommendation(s) | Recommended
  Actions [| Related ...], each recommendation's number and statement in one cell, its
  actions in the next (one per line); a title in a row above the header.
"""

from __future__ import annotations

from pathlib import Path

from ..edition.address import Address, parse_address, read_loose_address
from ..edition.validate import ROMAN
from ..errors import InvalidInput, RecregError
from ..limits import excerpt
from .annex_grammar import Grammar, Imported, Line, finish, short
from .layout import (
    ACTION,
    COLUMNS,
    ITEM,
    KINDS,
    across_note,
    annex_header_columns,
    header_edition,
    parse_links,
    read_label,
    spans_the_table,
    split_number,
    unguarded_text,
)
from .tables import cell_text, column_letter, read_table

REQUIRED = ("address", "text")
ADDRESS_EXPECTED = "R5, R5/d, R7/a/ii, R6/fn2, or as written in the annex: R5(d), 5 d, Recommendation 5 (d)"
_TOP_ROWS = 3  # title rows an annex-layout sheet may have above its header


def read_sheet(path: Path, found: Imported, sheet: str | None = None) -> None:
    """Read a workbook (its one sheet with content, or `sheet`) or a CSV file into `found`."""
    try:
        table = read_table(path, sheet, one_sheet=True)
    except InvalidInput as exc:
        found.problems.extend(exc.problems)
        return
    rows = [[cell_text(cell.value) for cell in row] for row in table.rows]

    def where(row: int, column: int | None) -> str:
        sheet_name = f"sheet ‘{table.sheet}’, " if table.sheet else ""
        return f"{sheet_name}row {row}" + (f", column {column_letter(column + 1)}" if column is not None else "")

    header = _annex_header(rows)
    if header is not None:
        _AnnexSheet(found, where, table.merged).read(rows, header)
    else:
        _read_rows(rows, found, where, guarded=table.sheet is None)  # CSV texts carry the formula guard


# --- one row per node -------------------------------------------------------------------------


def _read_rows(rows: list[list[str]], found: Imported, where, guarded: bool) -> None:
    """Read spreadsheet rows (one per node) into edition data."""
    index = _node_columns(rows, found, where)
    if index is None:
        return
    nodes: dict = {}
    for r_number, row in enumerate(rows[1:], start=2):
        node = _node_row(row, r_number, index, len(rows[0]), found, where, guarded)
        if node is None:
            continue
        address, kind, text, links, note = node
        if address in nodes:
            found.problem(
                where(r_number, index["address"]), f"{address.local} appears twice (also row {nodes[address][0]})"
            )
            continue
        nodes[address] = (r_number, kind, text, links, note)
    recs = _place_nodes(nodes, found, where, index)
    if not recs and not found.problems:
        found.problem(where(2, None), "no recommendation in the table", "a row of kind ‘recommendation’")
    _check_sequences(found, recs)
    for rec in found.recommendations:
        ordered = {
            key: rec[key]
            for key in ("number", "statement", "missing", "actions", "footnotes", "links", "new", "source")
            if key in rec
        }
        rec.clear()
        rec.update(ordered)


def _node_columns(rows: list[list[str]], found: Imported, where) -> dict[str, int] | None:
    """Return each known column's index from the header row, or None (with the problem) when it is not one."""
    if not rows or not any(cell.strip() for cell in rows[0]):
        found.problem(where(1, None), "no header row", ", ".join(COLUMNS))
        return None
    header = [cell.strip().lower() for cell in rows[0]]
    unknown = [(i, h) for i, h in enumerate(header) if h and h not in COLUMNS]
    absent = [name for name in REQUIRED if name not in header]
    if unknown or absent:
        column = unknown[0][0] if unknown else None
        found.problem(
            where(1, column),
            f"the columns are {', '.join(repr(h) for h in header if h)}",
            f"{', '.join(COLUMNS)} (address and text at least), or the annex's Recommendation | Recommended Actions",
        )
        return None
    return {name: header.index(name) for name in COLUMNS if name in header}


def _node_row(row: list[str], r_number: int, index: dict[str, int], width: int, found: Imported, where, guarded: bool):
    """Read one row: (address, kind, text, links, note), the title for the edition's row, or None."""
    cells = {name: (row[i].strip() if i < len(row) else "") for name, i in index.items()}
    if not any(c.strip() for c in row):
        return None
    extra = [i for i, c in enumerate(row) if c.strip() and i >= width]
    extra += [i for i, c in enumerate(row[:width]) if c.strip() and i not in index.values()]
    if extra:
        found.problem(where(r_number, extra[0]), f"text in a column with no header: ‘{short(row[extra[0]].strip())}’")
        return None
    text = row[index["text"]] if index["text"] < len(row) else ""
    if guarded:
        text = unguarded_text(text)  # the apostrophe that keeps a spreadsheet from reading a CSV text as a formula
    text = " ".join(line.strip() for line in text.split("\n") if line.strip())
    kind = cells.get("kind", "").lower()
    if kind and kind not in KINDS:
        found.problem(where(r_number, index["kind"]), f"unknown kind ‘{cells['kind']}’", ", ".join(KINDS))
        return None
    if kind == "edition":
        found.title = text or found.title
        return None
    address = _address(cells["address"], kind)
    if address is None:
        found.problem(
            where(r_number, index["address"]),
            f"{excerpt(repr(cells['address']))} is not an address" if cells["address"] else "no address in this row",
            ADDRESS_EXPECTED,
        )
        return None
    if address.kind == "edition":
        found.title = text or found.title  # the edition's own row, named by its id
        return None
    kind = kind or address.kind
    if address.kind != kind:
        found.problem(where(r_number, index["kind"]), f"kind ‘{kind}’ but {address.local} is a {address.kind}")
        return None
    label_problem = _label_problem(cells.get("label", ""), address)
    if label_problem:
        found.problem(where(r_number, index["label"]), label_problem, _label_of(address))
        return None
    return address, kind, text, cells.get("links", ""), cells.get("note", "")


def _address(text: str, kind: str) -> Address | None:
    """Read a row's address: the grammar's (``R3/a``), or as people write it (``R3(a)``, ``3 a``); None if neither."""
    if not text:
        return None
    try:
        strict = parse_address(text, option="address")
    except RecregError:
        strict = None
    if strict is not None and (strict.kind != "edition" or kind in ("", "edition")):
        return strict.with_edition(None) if strict.number is not None else strict
    loose = read_loose_address(text)
    if loose is not None and not loose[1].strip():
        return loose[0].with_edition(None)
    return strict


def _place_nodes(nodes: dict, found: Imported, where, index: dict[str, int]) -> dict[int, dict]:
    """Build the recommendations from the rows read, in address order."""
    recs: dict[int, dict] = {}
    for address in sorted(nodes):
        r_number, kind, text, links, note = nodes[address]
        place = where(r_number, index["text"])
        rec = recs.get(address.number)
        if kind != "recommendation" and rec is None:
            found.problem(where(r_number, index["address"]), f"{address.local} has no row for R{address.number}")
            continue
        if kind == "recommendation":
            rec = recs[address.number] = {"number": address.number, "source": found.source(place)}
            found.recommendations.append(rec)
            _read_note(found, rec, note, text, where(r_number, index.get("note", index["text"])), place)
        owner = _place_node(rec, address, kind, text, found, place, where(r_number, index["address"]))
        if kind != "recommendation" and not text:
            found.problem(place, f"{address.local} has no text")
        if kind != "recommendation" and note.strip():
            # Only a recommendation has a note recreg keeps (missing:, new:); an editor's remark
            # on an action would otherwise vanish on import.
            found.problem(
                where(r_number, index["note"]),
                f"a note on {address.local}, which recreg cannot keep: ‘{short(note)}’",
                "notes only on recommendation rows (‘missing: WHERE’ or ‘new: WORDS’)",
            )
        if links.strip():
            _place_links(owner, links, found, where(r_number, index.get("links", 0)))
    return recs


def _place_node(
    rec: dict, address, kind: str, text: str, found: Imported, place: str, address_place: str
) -> dict | None:
    """Add an action, item or footnote to its recommendation; return what links may hang on (None for items and footnotes)."""
    if kind == "recommendation":
        return rec
    if kind == "action":
        rec.setdefault("actions", []).append({"label": address.action, "text": text, "source": found.source(place)})
        return rec["actions"][-1]
    if kind == "item":
        action = next((a for a in rec.get("actions", []) if a["label"] == address.action), None)
        if action is None:
            found.problem(address_place, f"{address.local} has no row for its action")
            return None
        action.setdefault("items", []).append({"label": address.item, "text": text, "source": found.source(place)})
        return None
    rec.setdefault("footnotes", []).append({"number": address.footnote, "text": text, "source": found.source(place)})
    return None


def _place_links(owner: dict | None, links: str, found: Imported, place: str) -> None:
    parsed = parse_links(links, None) if owner is not None else None
    if parsed is None:
        found.problem(
            place,
            f"cannot read ‘{short(links)}’ as links",
            "addresses with their edition, such as ‘r40:R3, r40:R4 and r40:R13’",
        )
        return
    for link in parsed:
        data = {"type": link.type, "target": str(link.target), "source": found.source(place)}
        owner.setdefault("links", []).append(data)
        found.link_places.append((data, place))


def _read_note(found: Imported, rec: dict, note: str, text: str, note_place: str, place: str) -> None:
    """Read a recommendation's statement, and its note: ``missing: WHERE`` or ``new: WORDS``."""
    kind, _, value = note.partition(":")
    kind = kind.strip().lower()
    if note and kind not in ("missing", "new"):
        found.problem(note_place, f"cannot read the note ‘{short(note)}’", "‘missing: WHERE’ or ‘new: WORDS’")
    if kind == "new":
        rec["new"] = {"text": value.strip(), "source": found.source(note_place)}
    if kind == "missing" and not text:
        rec["statement"] = None
        rec["missing"] = {"where": value.strip()}
    elif text:
        rec["statement"] = text
    else:
        found.problem(place, f"R{rec['number']} has no statement", "a text, or the note ‘missing: WHERE’")


def _label_of(address) -> str:
    if address.kind == "recommendation":
        return f"Recommendation {address.number}"
    if address.kind == "action":
        return f"({address.action}), {address.action}. or {address.action}"
    if address.kind == "item":
        return f"{address.item}., ({address.item}) or {address.item}"
    return str(address.footnote)


def _label_problem(label: str, address) -> str | None:
    """Say how a row's label disagrees with its address, if it does (``(a)``, ``a.``, ``a)``, ``a``, ``R1``, ``1.`` are all read)."""
    if not label:
        return None
    if address.kind == "recommendation":
        number = int(label) if label.isdigit() else split_number(label)[0]
        ok = number == address.number and (label.isdigit() or not split_number(label)[1])
    elif address.kind == "action":
        ok = read_label(ACTION, label) == address.action
    elif address.kind == "item":
        ok = read_label(ITEM, label) == address.item
    else:
        ok = label.strip("[]^") == str(address.footnote)
    return None if ok else f"label ‘{label}’ does not fit {address.local}"


def _check_sequences(found: Imported, recs: dict[int, dict]) -> None:
    """Check numbers, letters and numerals run without gaps (a sorted sheet may have lost a row)."""
    for expected, number in enumerate(sorted(recs), start=1):
        if number != expected:
            found.problem(recs[number]["source"]["at"], f"R{number} where R{expected} was expected (is a row missing?)")
            return
    for rec in recs.values():
        for expected, action in zip("abcdefghijklmnopqrstuvwxyz", rec.get("actions", [])):
            if action["label"] != expected:
                found.problem(
                    action["source"]["at"],
                    f"R{rec['number']}/{action['label']} where R{rec['number']}/{expected} was expected",
                )
                break
            for numeral, item in zip(ROMAN, action.get("items", [])):
                if item["label"] != numeral:
                    found.problem(item["source"]["at"], f"item {item['label']} where {numeral} was expected")
                    break


# --- the annex layout -------------------------------------------------------------------------


def _sheet_columns(row: list[str]) -> dict | None:
    """Return the columns of the statement, actions and Related cells when a row is the annex's header.

    With them ``first`` and ``width``: the header's first column and the one after its last.
    """
    columns = annex_header_columns((cell, index) for index, cell in enumerate(row))
    if columns is not None:
        named = [index for index, cell in enumerate(row) if cell.strip()]
        columns.update(first=named[0], width=named[-1] + 1)
    return columns


def _annex_header(rows: list[list[str]]) -> int | None:
    """Return the index of the annex header among a sheet's first rows (title rows, one cell each, above it)."""
    for index, row in enumerate(rows[: _TOP_ROWS + 1]):
        if _sheet_columns(row) is not None:
            return index
        if sum(1 for cell in row if cell.strip()) > 1:
            return None
    return None


def _column_numbers(row: list[str]) -> bool:
    import re

    texts = [cell.strip() for cell in row if cell.strip()]
    numbers = [re.fullmatch(r"\(?(\d{1,2})\)?\.?", text) for text in texts]
    return bool(texts) and all(numbers) and [int(n.group(1)) for n in numbers] == list(range(1, len(texts) + 1))


class _AnnexSheet:
    """Read a sheet in the annex layout with the Word reader's grammar: one row per recommendation."""

    def __init__(self, found: Imported, where, merged: list[tuple[int, int, int, int]]):
        self.found, self.where = found, where
        # The merged cells that start in each row: (first column, the column after the last), from 0.
        self.merged: dict[int, list[tuple[int, int]]] = {}
        for first_row, first_column, _, last_column in merged:
            self.merged.setdefault(first_row, []).append((first_column - 1, last_column))

    def read(self, rows: list[list[str]], header: int) -> None:
        columns = _sheet_columns(rows[header])
        if "unknown" in columns:
            self.found.problem(
                self.where(header + 1, columns["unknown"]),
                "a column recreg does not read",
                "Recommendation | Recommended Actions | Related 40 Rec.",
            )
            return
        for r_number, row in enumerate(rows[:header], start=1):
            text = " ".join(" ".join(cell.split()) for cell in row if cell.strip())
            if text and self.found.title is None:
                self.found.title = text
            elif text:
                self.found.notes.append(f"Row {r_number}, above the header: {text}")
        grammar = Grammar(self.found, header_edition(columns.get("related_header", "")))
        for r_number, row in enumerate(rows[header + 1 :], start=header + 2):
            if _sheet_columns(row) is not None or _column_numbers(row):
                continue  # the header repeated, or the columns' numbers: layout, not text
            if self._across(row, r_number, columns):
                continue  # a group heading or a note merged across the table, as the Word reader keeps it
            self._row(grammar, row, r_number, columns)
        if not self.found.recommendations and not self.found.problems:
            self.found.problem(
                self.where(header + 2, None), "no recommendation in the table", "a row starting with ‘Recommendation 1’"
            )
        finish(self.found)
        for rec in self.found.recommendations:
            rec.pop("_wheres", None)

    def _across(self, row: list[str], r_number: int, columns: dict) -> bool:
        """Keep a row whose one cell is merged across the table as a note; tell whether it was one."""
        spans = [
            (start, stop) for start, stop in self.merged.get(r_number, []) if spans_the_table(start, stop, columns)
        ]
        if not spans:
            return False
        start, stop = spans[0]
        text = " ".join(line.strip() for cell in row[start:stop] for line in cell.split("\n") if line.strip())
        outside = [index for index, cell in enumerate(row) if cell.strip() and not start <= index < stop]
        if outside:
            return False  # text beside the merged cell: read as a row, which says where it stands
        if text:
            self.found.notes.append(across_note(self.where(r_number, None), text))
        return True

    def _row(self, grammar: Grammar, row: list[str], r_number: int, columns: dict) -> None:
        used = {columns[name] for name in ("statement", "actions", "related") if name in columns}
        for index, cell in enumerate(row):
            if cell.strip() and index not in used:
                self.found.problem(
                    self.where(r_number, index), f"text in a column with no header: ‘{short(cell.strip())}’"
                )

        def lines(name: str) -> list[Line]:
            index = columns.get(name)
            if index is None or index >= len(row):
                return []
            place = self.where(r_number, index)
            return [Line(line.strip(), place) for line in row[index].split("\n") if line.strip()]

        statement, actions, related = lines("statement"), lines("actions"), lines("related")
        if statement:
            grammar.start(statement[0])
            grammar.statement(statement[1:])
        grammar.actions(actions)
        grammar.related(related)
