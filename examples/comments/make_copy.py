"""Build a delegate's copy of the draft ten with the example comments as Word comments, the way Word makes one.

Usage: python examples/comments/make_copy.py draft-ten-comments.csv copy.docx registry/cws11.yaml

The copy is laid out as the annex of CWS/11/18 (a table: Recommendation | Recommended
Actions | Related 40 Rec.), written with python-docx from the edition file, not by recreg.
Each comment of the CSV becomes a Word comment by its office ("Office A"), on the words it
quotes (the run holding them is split, as Word splits it when one selects words), or on
the whole paragraph(s) of its node, or the title for a general one. What the ISO form has
in columns, the comment says in labelled paragraphs: ``Type: te``, ``Proposed change: ...``,
``Disposition: accepted``, ``Observation: ...``. The comments are fictional.
"""

from __future__ import annotations

import csv
import re
import sys

from docx import Document
from ruamel.yaml import YAML

TYPES = {"ge": "general", "te": "technical", "ed": "editorial"}


def annex(document, edition: dict) -> dict:
    """Write the annex table; return each node's paragraphs by address (R3, R3/c, R7/a/ii; R3 heading as R3#)."""
    paragraphs = {}
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("Recommendation", "Recommended Actions", "Related 40 Rec.")):
        cell.paragraphs[0].add_run(text).bold = True
    for rec in edition["recommendations"]:
        number = rec["number"]
        row = table.add_row().cells
        heading = row[0].paragraphs[0]
        heading.add_run(f"Recommendation {number}:").bold = True
        paragraphs[f"R{number}#"] = [heading]
        paragraphs[f"R{number}"] = [row[0].add_paragraph(rec["statement"])]
        first = True
        for action in rec.get("actions", []):
            paragraph = row[1].paragraphs[0] if first else row[1].add_paragraph()
            paragraph.add_run(f"({action['label']}) {action['text']}")
            first = False
            paragraphs[f"R{number}/{action['label']}"] = [paragraph]
            for item in action.get("items", []):
                item_paragraph = row[1].add_paragraph(f"{item['label']}. {item['text']}")
                paragraphs[f"R{number}/{action['label']}/{item['label']}"] = [item_paragraph]
                paragraphs[f"R{number}/{action['label']}"].append(item_paragraph)
        links = [link["target"].split(":")[1] for link in rec.get("links", [])]
        row[2].paragraphs[0].add_run(", ".join(links) if links else rec.get("new", {}).get("text", ""))
    return paragraphs


def words_run(paragraph, words: str):
    """Split a paragraph's one run so that `words` are a run of their own; return that run."""
    run = paragraph.runs[-1]
    text = run.text
    start = text.index(words)
    run.text = text[:start]
    middle = paragraph.add_run(words)
    paragraph.add_run(text[start + len(words):])
    return middle


def address(clause: str, part: str) -> str:
    """Return the node a row names (``Recommendation 7``, ``(a)(ii)`` gives R7/a/ii); empty for a general comment."""
    if clause == "General":
        return ""
    number = re.search(r"[0-9]+", clause).group()
    labels = re.findall(r"\(([a-z]+)\)", part)
    return "/".join([f"R{number}", *labels])


def text(row: dict) -> str:
    """Write a row as a Word comment: the comment, then its fields in labelled paragraphs."""
    lines = [row["Comments"], f"Type: {TYPES[row['Type of comment']]}"]
    if row["Proposed change"]:
        lines.append(f"Proposed change: {row['Proposed change']}")
    if row["Disposition"] or row["Observations of the secretariat"]:
        lines.append(f"Disposition: {row['Disposition'] or 'open'}")
    if row["Observations of the secretariat"]:
        lines.append(f"Observation: {row['Observations of the secretariat']}")
    return "\n".join(lines)


def build(source: str, target: str, edition_file: str) -> None:
    """Write the copy: the title, the annex table, and a Word comment for each row of the CSV."""
    edition = YAML(typ="safe").load(open(edition_file, encoding="utf-8"))
    document = Document()
    title = document.add_paragraph()
    title_run = title.add_run(edition["title"])
    paragraphs = annex(document, edition)
    with open(source, newline="", encoding="utf-8-sig") as stream:
        rows = list(csv.DictReader(stream))
    for row in rows:
        node = address(row["Clause"], row["Paragraph"])
        if not node:
            runs = [title_run]
        elif row["Quoted text"]:
            runs = [words_run(paragraphs[node][0], row["Quoted text"])]
        else:
            # A whole recommendation from its heading; an action with its sub-items.
            found = paragraphs.get(f"{node}#", []) + paragraphs[node]
            runs = [found[0].runs[0], found[-1].runs[-1]]
        document.add_comment(runs, text=text(row), author=row["MB/NC"], initials=row["MB/NC"][-1])
    document.save(target)


if __name__ == "__main__":
    build(*sys.argv[1:4])
