"""Read an edition from a workbook of one sheet or a CSV file: one row per node (address, kind, label, text, links, note)."""

from __future__ import annotations

from pathlib import Path

from .annex_grammar import Imported, short
from ..edition.validate import ROMAN
from .layout import ACTION, COLUMNS, ITEM, KINDS, parse_links, split_label, split_number
from ..edition.address import parse_address
from ..errors import InvalidInput, RecregError
from .tables import column_letter, read_table


def read_sheet(path: Path, found: Imported) -> None:
    """Read a workbook of one sheet or a CSV file (`recreg.office.tables`, the reader survey imports use too)."""
    try:
        table = read_table(path, one_sheet=True)
    except InvalidInput as exc:
        found.problems.extend(exc.problems)
        return
    rows = [["" if cell.value is None else str(cell.value) for cell in row] for row in table.rows]

    def where(row: int, column: int | None) -> str:
        sheet = f"sheet ‘{table.sheet}’, " if table.sheet else ""
        return f"{sheet}row {row}" + (f", column {column_letter(column + 1)}" if column is not None else "")

    _read_rows(rows, found, where, guarded=table.sheet is None)  # CSV texts carry the formula guard


def _read_rows(rows: list[list[str]], found: Imported, where, guarded: bool) -> None:
    """Read spreadsheet rows (one per node: address, kind, label, text, links, note) into edition data."""
    if not rows or not any(cell.strip() for cell in rows[0]):
        found.problem(where(1, None), "no header row", ", ".join(COLUMNS))
        return
    header = [cell.strip().lower() for cell in rows[0]]
    unknown = [(i, h) for i, h in enumerate(header) if h and h not in COLUMNS]
    absent = [name for name in ("address", "kind", "text") if name not in header]
    if unknown or absent:
        column = unknown[0][0] if unknown else None
        found.problem(where(1, column), f"the columns are {', '.join(repr(h) for h in header if h)}", ", ".join(COLUMNS))
        return
    index = {name: header.index(name) for name in COLUMNS if name in header}
    nodes: dict = {}
    for r_number, row in enumerate(rows[1:], start=2):
        cells = {name: (row[i].strip() if i < len(row) else "") for name, i in index.items()}
        if not any(cells.values()) and not any(c.strip() for c in row):
            continue
        extra = [i for i, c in enumerate(row) if c.strip() and (i >= len(header) or not header[i])]
        if extra:
            found.problem(where(r_number, extra[0]), f"text in a column with no header: ‘{short(row[extra[0]].strip())}’")
            continue
        kind = cells["kind"].lower()
        if kind not in KINDS:
            found.problem(where(r_number, index["kind"]), f"unknown kind ‘{cells['kind']}’", ", ".join(KINDS))
            continue
        text = row[index["text"]] if index["text"] < len(row) else ""
        if guarded and text.startswith("'"):
            text = text[1:]  # the apostrophe that keeps a spreadsheet from reading a CSV text as a formula
        text = " ".join(line.strip() for line in text.split("\n") if line.strip())
        if kind == "edition":
            found.title = text or found.title
            continue
        try:
            address = parse_address(cells["address"], option="address")
        except RecregError:
            found.problem(where(r_number, index["address"]), f"‘{cells['address']}’ is not an address", "R5, R5/d, R7/a/ii or R6/fn2")
            continue
        address = address.with_edition(None) if address.edition else address
        if address.kind != kind:
            found.problem(where(r_number, index["kind"]), f"kind ‘{kind}’ but {address.local} is a {address.kind}")
            continue
        if address in nodes:
            found.problem(where(r_number, index["address"]), f"{address.local} appears twice (also row {nodes[address][0]})")
            continue
        label_problem = _label_problem(cells.get("label", ""), address)
        if label_problem:
            found.problem(where(r_number, index["label"]), label_problem, _label_of(address))
            continue
        nodes[address] = (r_number, kind, text, cells.get("links", ""), cells.get("note", ""))
    recs: dict[int, dict] = {}
    for address in sorted(nodes):
        r_number, kind, text, links, note = nodes[address]
        place = where(r_number, index["text"])
        rec = recs.get(address.number)
        if kind != "recommendation" and rec is None:
            found.problem(where(r_number, index["address"]), f"{address.local} has no row for R{address.number}")
            continue
        if kind == "recommendation":
            rec = {"number": address.number, "source": found.source(place)}
            recs[address.number] = rec
            found.recommendations.append(rec)
            _read_note(found, rec, note, text, where(r_number, index.get("note", index["text"])), place)
            owner = rec
        elif kind == "action":
            rec.setdefault("actions", []).append({"label": address.action, "text": text, "source": found.source(place)})
            owner = rec["actions"][-1]
        elif kind == "item":
            action = next((a for a in rec.get("actions", []) if a["label"] == address.action), None)
            if action is None:
                found.problem(where(r_number, index["address"]), f"{address.local} has no row for its action")
                continue
            action.setdefault("items", []).append({"label": address.item, "text": text, "source": found.source(place)})
            owner = None
        else:
            rec.setdefault("footnotes", []).append({"number": address.footnote, "text": text, "source": found.source(place)})
            owner = None
        if kind != "recommendation" and not text:
            found.problem(place, f"{address.local} has no text")
        if links.strip():
            parsed = parse_links(links, None) if owner is not None else None
            if parsed is None:
                found.problem(where(r_number, index.get("links", 0)), f"cannot read ‘{short(links)}’ as links",
                              "addresses with their edition, such as ‘r40:R3, r40:R4 and r40:R13’")
                continue
            for link in parsed:
                data = {"type": link.type, "target": str(link.target), "source": found.source(where(r_number, index["links"]))}
                owner.setdefault("links", []).append(data)
                found.link_places.append((data, where(r_number, index["links"])))
    if not recs and not found.problems:
        found.problem(where(2, None), "no recommendation in the table", "a row of kind ‘recommendation’")
    _check_sequences(found, recs)
    for rec in found.recommendations:
        ordered = {key: rec[key] for key in ("number", "statement", "missing", "actions", "footnotes", "links", "new", "source") if key in rec}
        rec.clear()
        rec.update(ordered)


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
        return f"({address.action})"
    if address.kind == "item":
        return f"{address.item}."
    return str(address.footnote)


def _label_problem(label: str, address) -> str | None:
    """Say how a row's label disagrees with its address, if it does (``(a)``, ``a.``, ``R1``, ``1.`` are all read)."""
    if not label:
        return None
    if address.kind == "recommendation":
        number = int(label) if label.isdigit() else split_number(label)[0]
        ok = number == address.number and (label.isdigit() or not split_number(label)[1])
    elif address.kind == "action":
        found, _, rest = split_label(ACTION, label)
        ok = (found or label) == address.action and not rest
    elif address.kind == "item":
        found, _, rest = split_label(ITEM, label)
        ok = (found or label) == address.item and not rest
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
                found.problem(action["source"]["at"], f"R{rec['number']}/{action['label']} where R{rec['number']}/{expected} was expected")
                break
            for numeral, item in zip(ROMAN, action.get("items", [])):
                if item["label"] != numeral:
                    found.problem(item["source"]["at"], f"item {item['label']} where {numeral} was expected")
                    break
