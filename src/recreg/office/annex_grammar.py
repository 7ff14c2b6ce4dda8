"""The annex's grammar: numbers, statements, lettered actions, sub-items and Related entries, placed line by line.

Both readers (`recreg.office.docx_reader`, `recreg.office.sheet_reader`) feed it lines with
their places; it builds plain edition data and a `Problem` for each line it cannot place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..edition.validate import ROMAN
from ..errors import Problem
from .layout import ACTION, ITEM, MISSING, parse_links, split_label, split_number


@dataclass
class Imported:
    """What a reader found: edition data without ids, and the problems that stop the import."""

    file: str
    title: str | None = None
    recommendations: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    introduction: list[dict] = field(default_factory=list)  # the paragraphs before the annex table: text and source
    problems: list[Problem] = field(default_factory=list)
    link_places: list[tuple[dict, str]] = field(
        default_factory=list
    )  # (link data, where) to check against the registry
    left_out: list[str] = field(default_factory=list)  # what the file holds that no edition keeps, said on import

    def problem(self, where: str, message: str, expected: str | None = None) -> None:
        self.problems.append(Problem(message, file=f"{self.file}: {where}" if where else self.file, expected=expected))

    def source(self, where: str) -> dict:
        return {"file": Path(self.file).name, "at": where}


@dataclass
class Line:
    """One line of a cell: its text (footnote references as ``[^N]``), place, and Word list level if numbered."""

    text: str
    where: str
    level: int | None = None


class Grammar:
    """Place the lines of the annex cells: number and statement, actions and sub-items, Related entries."""

    def __init__(self, found: Imported, default_edition: str | None):
        self.found = found
        self.default = default_edition
        self.current: dict | None = None
        self.action_form: str | None = None

    def start(self, first: Line) -> None:
        """Begin a recommendation at the first line of its statement cell (its number, maybe its text)."""
        number, rest = split_number(first.text)
        if number is None:
            self.found.problem(
                first.where,
                f"no recommendation number before ‘{short(first.text)}’",
                "‘Recommendation 1’, ‘R1’ or ‘1.’ first in the cell",
            )
            self.current = None
            return
        self.current = {
            "number": number,
            "_statement": [],
            "_wheres": [first.where],
            "source": self.found.source(first.where),
        }
        self.found.recommendations.append(self.current)
        self.action_form = None
        if rest:
            self.current["_statement"].append(rest)

    def _need(self, line: Line) -> bool:
        if self.current is None:
            self.found.problem(
                line.where,
                f"text with no recommendation to belong to: ‘{short(line.text)}’",
                "a row starting with ‘Recommendation N’",
            )
            return False
        if line.where not in self.current["_wheres"]:
            self.current["_wheres"].append(line.where)
        return True

    def statement(self, lines: list[Line]) -> None:
        for index, line in enumerate(lines):
            if not self._need(line):
                return
            label, form, rest = split_label(ACTION, line.text)
            if (
                label is not None
                and label == self._next_letter()
                and not self.current.get("actions")
                and self.current["_statement"]
            ):
                self.actions(lines[index:])  # the actions written in the statement's cell
                return
            self.current["_statement"].append(line.text)

    def _next_letter(self) -> str:
        return chr(ord("a") + len(self.current.get("actions", [])))

    def actions(self, lines: list[Line]) -> None:
        for line in lines:
            if not self._need(line):
                return
            actions = self.current.setdefault("actions", [])
            action = actions[-1] if actions else None
            next_item = (
                ROMAN[len(action.get("items", []))]
                if action is not None and len(action.get("items", [])) < len(ROMAN)
                else None
            )
            letter, letter_form, letter_rest = split_label(ACTION, line.text)
            numeral, numeral_form, numeral_rest = split_label(ITEM, line.text)
            if line.level is not None and letter is None and numeral is None:
                kind, label, rest = (
                    ("action", self._next_letter(), line.text) if line.level == 0 else ("item", next_item, line.text)
                )
            elif (
                numeral is not None
                and numeral == next_item
                and (letter != self._next_letter() or letter_form != self.action_form)
            ):
                kind, label, rest = "item", numeral, numeral_rest
            elif letter is not None and letter == self._next_letter():
                kind, label, rest = "action", letter, letter_rest
                self.action_form = self.action_form or letter_form
            elif letter is not None or numeral is not None:
                expected = f"({self._next_letter()})" + (f" or {next_item}." if next_item else "")
                self.found.problem(line.where, f"label ‘{line.text.split()[0]}’ out of sequence", expected)
                continue
            else:
                kind, label, rest = "text", None, line.text
            if kind == "action":
                actions.append(
                    {"label": label, "_text": [rest] if rest else [], "source": self.found.source(line.where)}
                )
            elif kind == "item":
                if action is None or label is None:
                    self.found.problem(
                        line.where, f"sub-item ‘{short(line.text)}’ with no action before it", "an action (a) first"
                    )
                    continue
                action.setdefault("items", []).append(
                    {"label": label, "_text": [rest] if rest else [], "source": self.found.source(line.where)}
                )
            elif action is None:
                self.found.problem(
                    line.where, f"text before the first action: ‘{short(line.text)}’", "an action label such as (a)"
                )
            else:
                target = action["items"][-1] if action.get("items") else action
                target["_text"].append(line.text)

    def related(self, lines: list[Line]) -> None:
        for line in lines:
            if not self._need(line):
                return
            letter, _, rest = split_label(ACTION, line.text)
            owner = self.current
            if letter is not None:
                owner = next((a for a in self.current.get("actions", []) if a["label"] == letter), None)
                if owner is None:
                    self.found.problem(
                        line.where, f"links for action ({letter}), which this recommendation does not have"
                    )
                    continue
            links = parse_links(rest if letter else line.text, self.default)
            if links is not None:
                for link in links:
                    data = {"type": link.type, "target": str(link.target), "source": self.found.source(line.where)}
                    owner.setdefault("links", []).append(data)
                    self.found.link_places.append((data, line.where))
            elif letter is None and re.search(r"\bnew\b", line.text, re.I) and "new" not in self.current:
                self.current["new"] = {"text": line.text, "source": self.found.source(line.where)}
            elif self.default is None and parse_links(rest if letter else line.text, "r40") is not None:
                # R-numbers, but of which edition? The column's header names none.
                self.found.problem(
                    line.where,
                    f"‘{short(line.text)}’ names recommendations of no edition: the Related column's header names none",
                    "a header such as ‘Related 40 Rec.’ or ‘Related (cws11)’, or the edition in each number (r40:R3)",
                )
            else:
                self.found.problem(
                    line.where,
                    f"cannot read ‘{short(line.text)}’ as related recommendations",
                    "R-numbers such as ‘R3, R4 and R13’, or words saying it is new",
                )


def finish(found: Imported) -> None:
    """Join each text's lines, read missing statements, and check the numbers run 1, 2, 3..."""
    for rec in found.recommendations:
        statement = " ".join(rec.pop("_statement", []))
        missing = MISSING.fullmatch(statement)
        if missing:
            rec["statement"] = None
            rec["missing"] = {"where": missing.group("where")}
        elif statement:
            rec["statement"] = statement
        else:
            found.problem(rec["source"]["at"], f"Recommendation {rec['number']} has no statement")
        for index, action in enumerate(rec.get("actions", [])):
            text = " ".join(action.pop("_text"))
            if not text:
                found.problem(
                    action["source"]["at"], f"action ({action['label']}) of Recommendation {rec['number']} has no text"
                )
            for i_index, item in enumerate(action.get("items", [])):
                item_text = " ".join(item.pop("_text"))
                if not item_text:
                    found.problem(
                        item["source"]["at"], f"sub-item {item['label']}. of Recommendation {rec['number']} has no text"
                    )
                action["items"][i_index] = {"label": item["label"], "text": item_text, "source": item["source"]}
            rec["actions"][index] = {
                "label": action["label"],
                "text": text,
                **{k: action[k] for k in ("items", "links", "source") if k in action},
            }
    numbers = [rec["number"] for rec in found.recommendations]
    seen = set()
    for rec in found.recommendations:
        if rec["number"] in seen:
            found.problem(rec["source"]["at"], f"Recommendation {rec['number']} appears twice")
        seen.add(rec["number"])
    if len(seen) == len(numbers):
        for expected, number in enumerate(sorted(numbers), start=1):
            if number != expected:
                rec = next(r for r in found.recommendations if r["number"] == number)
                found.problem(
                    rec["source"]["at"],
                    f"Recommendation {number} where {expected} was expected",
                    f"Recommendation {expected}",
                )
                break
    # Rows may come in any order (a table showing a diff's old side keeps the new order): order by number.
    found.recommendations.sort(key=lambda rec: rec["number"])
    for rec in found.recommendations:
        ordered = {
            key: rec[key]
            for key in ("number", "statement", "missing", "actions", "footnotes", "links", "new", "source", "_wheres")
            if key in rec
        }
        rec.clear()
        rec.update(ordered)


def short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."
