"""Read a diff report back as a reviewer reads it: per pair, what changed and which texts each side shows.

One reader per format (text, Markdown, HTML, DOCX), each from the document alone: the
summary table's "what changed" per pair, and for every pair's section the texts shown on the
old side and on the new side (a word diff gives its old words to the one and its new words to
the other). Texts are normalised the same way for all formats: white space collapsed, the
label of an action or sub-item shown within a whole node (``(a)``, ``ii.``) and footnote
markers dropped.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from dataclasses import dataclass, field

from lxml import etree
from markdown_it import MarkdownIt

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass
class Shown:
    """What one pair's section shows: its texts on each side."""

    old: list[str] = field(default_factory=list)
    new: list[str] = field(default_factory=list)

    def sorted(self) -> tuple[list[str], list[str]]:
        return sorted(self.old), sorted(self.new)


def normal(text: str) -> str:
    """Normalise a shown text: no footnote marker, no leading label, white space collapsed."""
    text = re.sub(r"\[\^\d+\]", "", text)
    text = " ".join(text.split())
    return re.sub(r"^(\([a-z]+\)|[ivxlc]+\.) ", "", text)


def _kinds(words: str) -> list[str]:
    """Split a "what changed" cell into its words, the modality directions dropped (each format counts them its way)."""
    words = re.sub(r"modality \([a-z, ]+\)", "modality", words)
    return [w.strip() for w in re.split(r",\s*(?![^()]*\))", words) if w.strip()]


# --- text ----------------------------------------------------------------------------------


def read_text(out: str, labels: tuple[str, str]) -> tuple[dict, dict]:
    """Read the plain text format: (kinds by (old, new), shown by section title)."""
    kinds = {}
    for line in out.splitlines():
        cells = [c.strip() for c in line.split("│")[1:-1]]
        if len(cells) == 5 and cells[0] != "old":
            kinds[cells[0], cells[1]] = _kinds(cells[3])
    sections: dict[str, Shown] = {}
    current = form = side = None
    for line in out.splitlines():
        heading = re.match(r"^(\S+ → \S+) ", line)
        if heading and " matching:" not in line:
            current = sections.setdefault(heading.group(1), Shown())
        elif current is not None and line.startswith("  ") and not line.startswith("    "):
            labelled = line.strip().partition("  ")[2]
            form = {
                "added": "added",
                "footnote-added": "added",
                "removed": "removed",
                "footnote-removed": "removed",
            }.get(labelled)
            side = None
        elif current is not None and line.startswith("    "):
            body = line.strip()
            found = re.match(rf"^({re.escape(labels[0])}|{re.escape(labels[1])}) \S+: (.*)$", body)
            if found:
                side = "old" if found.group(1) == labels[0] else "new"
                getattr(current, side).append(normal(found.group(2)))
            elif form is not None:
                getattr(current, "new" if form == "added" else "old").append(normal(body))
            elif line.startswith("      ") and side is not None:  # a sub-item of the text above
                getattr(current, side).append(normal(body))
            else:  # a word diff: its old words, its new words (a run owns the white space before it)
                old = normal(re.sub(r"\s*\{\+.*?\+\}", "", body).replace("[-", "").replace("-]", ""))
                new = normal(re.sub(r"\s*\[-.*?-\]", "", body).replace("{+", "").replace("+}", ""))
                current.old += [old] if old else []
                current.new += [new] if new else []
    return kinds, sections


# --- Markdown ------------------------------------------------------------------------------


def _plain_fragment(fragment: str) -> list[str]:
    """Return the texts of a Markdown or HTML cell: one per line (``<br>``), labels, tags and markers dropped."""
    texts = []
    for line in re.split(r"<br\s*/?>", fragment):
        line = re.sub(r"<sup[^>]*>.*?</sup>", "", line)
        line = re.sub(r"^\s*\*\*[^*]+\*\*\s*", "", line)  # a Markdown cell's address
        line = re.sub(r'<span class="label">.*?</span>', "", line)
        line = re.sub(r"<[^>]+>", "", line)
        line = html.unescape(re.sub(r"\\([\\`*_\[\]|~#+=.()-])", r"\1", line))
        if normal(line) and normal(line) != "—":
            texts.append(normal(line))
    return texts


def read_markdown(out: str) -> tuple[dict, dict]:
    """Read the Markdown format: (kinds by (old, new), shown by section title) from its tables and headings."""
    tokens = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).parse(out)
    tables, row, rows = [], None, None
    for n, token in enumerate(tokens):
        if token.type == "table_open":
            rows = []
        elif token.type == "table_close":
            tables.append(rows)
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close":
            rows.append(row)
        elif token.type in {"th_open", "td_open"}:
            row.append(tokens[n + 1].content)
    summary = tables[0]
    kinds = {(_link_text(r[0]), _link_text(r[1])): _kinds(html.unescape(r[2]).replace("\\", "")) for r in summary[1:]}
    sections: dict[str, Shown] = {}
    for part in re.split(r"^### ", out, flags=re.M)[1:]:
        title = part.split(" · ", 1)[0]
        if " → " not in title:
            continue  # the summary
        shown = sections.setdefault(title, Shown())
        found = re.search(r"<details><summary>Old and new side by side</summary>\n\n(.*?)\n</details>", part, re.S)
        if not found:
            continue
        for old, new in (r for r in _table_rows(found.group(1))[1:]):
            shown.old += _plain_fragment(old)
            shown.new += _plain_fragment(new)
    return kinds, sections


def _table_rows(table: str) -> list[list[str]]:
    tokens = MarkdownIt("commonmark", {"html": True}).enable(["table"]).parse(table)
    rows, row = [], None
    for n, token in enumerate(tokens):
        if token.type == "tr_open":
            row = []
        elif token.type == "tr_close":
            rows.append(row)
        elif token.type in {"th_open", "td_open"}:
            row.append(tokens[n + 1].content)
    return rows


def _link_text(cell: str) -> str:
    return re.sub(r"^\[(.*?)\]\(.*\)$", r"\1", cell)


# --- HTML ----------------------------------------------------------------------------------


def read_html(out: str) -> tuple[dict, dict]:
    """Read the HTML format: (kinds by (old, new), shown by section title) from its summary and side-by-side views."""
    kinds = {}
    for row in re.findall(r"<tr[^>]*>(<td data-label=\"Old\".*?)</tr>", out):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
        old, new = (html.unescape(re.sub(r"<[^>]+>", "", c)).removeprefix("→ ") for c in cells[:2])
        kinds[old, new] = _kinds(html.unescape(cells[2]))
    sections: dict[str, Shown] = {}
    for section in re.findall(r'<section class="pair".*?</section>', out, re.S):
        title = html.unescape(re.search(r"<h2[^>]*>(.*?) <span", section).group(1))
        shown = sections.setdefault(title, Shown())
        for old, new in re.findall(
            r'<div class="side"><div class="old">(.*?)</div><div class="new">(.*?)</div></div>', section
        ):
            shown.old += _html_side(old)
            shown.new += _html_side(new)
    return kinds, sections


def _html_side(fragment: str) -> list[str]:
    # Each label starts a text of its own; a diff's side has one label and one text.
    return [text for piece in re.split(r'<span class="label">.*?</span>', fragment) for text in _plain_fragment(piece)]


# --- DOCX ----------------------------------------------------------------------------------


def read_docx(data: bytes) -> tuple[dict, list[tuple[str, str]]]:
    """Read the Word document: (kinds by (old, new) from its summary table, each annex row's (old, new) text).

    The old text is what rejecting every tracked change leaves, the new what accepting them
    all leaves; a move's old place counts for the old side only, its new place for the new.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
        names = archive.namelist()
        notes = etree.fromstring(archive.read("word/footnotes.xml")) if "word/footnotes.xml" in names else None
    tables = root.iter(f"{W}tbl")
    summary, annex = next(tables), next(tables)
    kinds = {}
    for row in list(summary.iter(f"{W}tr"))[1:]:
        cells = ["".join(t.text or "" for t in cell.iter(f"{W}t")) for cell in row.iter(f"{W}tc")]
        kinds[cells[0], cells[1]] = _kinds(re.sub(r" \((\d+ [a-z]+(, )?)+\)$", "", cells[2]))
    rows = [(_unlabelled(_view(row, "old")), _unlabelled(_view(row, "new"))) for row in list(annex.iter(f"{W}tr"))[1:]]
    # Footnotes are Word footnotes, their changes tracked in them.
    rows += [
        (_unlabelled(_view(note, "old")), _unlabelled(_view(note, "new")))
        for note in (notes if notes is not None else ())
    ]
    return kinds, rows


def _unlabelled(text: str) -> str:
    """Drop the labels the annex writes before actions and sub-items, as `normal` does for one text."""
    return normal(re.sub(r"(^| )(\([a-z]+\)|[ivxlc]+\.) ", r"\1", text))


def _view(row, side: str) -> str:
    """Return a row's text with every tracked change rejected (old) or accepted (new).

    Paragraphs are joined by a space, but where the mark between two paragraphs is itself a
    change on the other side (a split inserts it, a merge deletes it), they are one.
    """
    hidden = {f"{W}ins", f"{W}moveTo"} if side == "old" else {f"{W}del", f"{W}moveFrom"}
    row_change = row.find(f"{W}trPr/{W}ins" if side == "old" else f"{W}trPr/{W}del")
    if row_change is not None:
        return ""  # the whole row is on the other side only
    text = ""
    for paragraph in row.iter(f"{W}p"):
        words = []
        for element in paragraph.iter(f"{W}t", f"{W}delText"):
            if not any(ancestor.tag in hidden for ancestor in element.iterancestors()):
                words.append(element.text or "")
        text += "".join(words)
        mark = paragraph.find(f"{W}pPr/{W}rPr")
        if mark is None or not any(child.tag in hidden for child in mark):
            text += " "
    return text
