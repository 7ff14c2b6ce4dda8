"""Build an XLSX workbook from a survey CSV, as a spreadsheet would save the same form.

Usage: python examples/survey/make_xlsx.py example-wide.csv example-wide.xlsx

The workbook has one sheet, "Responses"; cells that hold a number become numbers, as
they would in a spreadsheet. The example data is fictional (offices "Office A" to "Office F").
"""

from __future__ import annotations

import csv
import re
import sys

from openpyxl import Workbook

NUMBER = re.compile(r"^[+-]?[0-9]+(\.[0-9]+)?$")


def build(source: str, target: str) -> None:
    """Write the rows of a UTF-8 CSV file into a new workbook's sheet "Responses"."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Responses"
    with open(source, newline="", encoding="utf-8-sig") as stream:
        for row in csv.reader(stream):
            sheet.append([float(cell) if NUMBER.match(cell) else (cell or None) for cell in row])
    workbook.save(target)


if __name__ == "__main__":
    build(*sys.argv[1:3])
