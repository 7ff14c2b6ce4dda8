"""Build an ISO-style comment workbook from the example CSV, as a secretariat's spreadsheet would hold it.

Usage: python examples/comments/make_xlsx.py draft-ten-comments.csv draft-ten-comments.xlsx

The workbook has the ISO template's look: a title row above the header, the form's own
headers (``MB/NC¹``, ``Clause/ Subclause (e.g. 3.1)``...), the columns in the form's order,
and Excel's second, empty sheet. The example is fictional (offices "Office A" to "Office C",
invented comments): no Member's comments on the draft are in recreg's sources.
"""

from __future__ import annotations

import csv
import sys

from openpyxl import Workbook

# The CSV's headers, as the ISO form writes them.
FORM_HEADERS = {
    "MB/NC": "MB/NC¹",
    "Clause": "Clause/ Subclause\n(e.g. 3.1)",
    "Paragraph": "Paragraph/ Figure/ Table/\n(e.g. Table 1)",
    "Type of comment": "Type of comment²",
    "Comments": "Comments",
    "Proposed change": "Proposed change",
    "Observations of the secretariat": "Observations of the secretariat",
}


def build(source: str, target: str) -> None:
    """Write the rows of the UTF-8 CSV file under a title row into a workbook's first sheet, "Comments"."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Comments"
    sheet.append(["Comments on the draft Recommendations (CWS/11/18, Annex): an example, fictional offices", None, None,
                  "Date: 2024-02-29"])
    with open(source, newline="", encoding="utf-8-sig") as stream:
        rows = list(csv.reader(stream))
    sheet.append([FORM_HEADERS.get(header, header) for header in rows[0]])
    for row in rows[1:]:
        sheet.append([cell or None for cell in row])
    workbook.create_sheet("Sheet2")
    workbook.save(target)


if __name__ == "__main__":
    build(*sys.argv[1:3])
