"""Splits and merges named on both sides in the Word diff and on the site, for editions an editor drafts by hand.

Each case copies cws12.yaml into a draft cws13 and edits it as an editor would: an action
split in two (the engine takes the second part for the host), two actions merged into one
(it takes the second old one for the host), R10 merged into R9 with its actions, and R1
split into R1 and a new R11 that takes R1(d) and R1(e) with its sub-items.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import REGISTRY, recreg, replace_once
from docx.oxml.ns import qn
from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def draft(registry: Path, *edits: tuple[str, str]) -> None:
    """Write cws13.yaml: cws12.yaml as a draft derived from it, with each (old, new) passage replaced once."""
    text = (REGISTRY / "cws12.yaml").read_text(encoding="utf-8")
    text = replace_once(text, "id: cws12\n", "id: cws13\n")
    text = replace_once(text, "status: adopted\nderives_from: cws11\n", "status: draft\nderives_from: cws12\n")
    for old, new in edits:
        text = replace_once(text, old, new)
    (registry / "cws13.yaml").write_text(text, encoding="utf-8")


R5_D = "IP offices are encouraged to share and disseminate data and documentation, without any barriers and free-of-charge or at a marginal cost."
SPLIT_R5_D = (
    f'      - label: d\n        text: "{R5_D}"\n',
    '      - label: d\n        text: "IP offices are encouraged to share data and documentation without any barriers."\n'
    '      - label: e\n        text: "IP offices are encouraged to disseminate data and documentation free-of-charge or at a '
    'marginal cost."\n',
)
R2_A = "IP offices are encouraged to develop an ICT strategy in line with their business strategy."
R2_B = "IP offices are encouraged to share their ICT strategy with other IP offices, in one of the WIPO languages, preferably in English, where possible."
MERGE_R2_AB = (
    f'      - label: a\n        text: "{R2_A}"\n      - label: b\n        text: "{R2_B}"\n      - label: c\n',
    '      - label: a\n        text: "IP offices are encouraged to develop an ICT strategy in line with their business strategy '
    'and to share it with other IP offices, in one of the WIPO languages, preferably in English, where possible."\n'
    "      - label: b\n",
)


def word_diff(registry: Path, tmp_path: Path) -> docx.document.Document:
    target = tmp_path / "diff.docx"
    result = recreg("--registry", registry, "diff", "cws12", "cws13", "--format", "docx", "-o", target)
    assert result.code == 0, result.err
    return docx.Document(str(target))


def comments(document) -> list[str]:
    """Return the text of every comment of the document, as Word's Review pane lists them."""
    part = next((rel.target_part for rel in document.part.rels.values() if rel.reltype.endswith("/comments")), None)
    if part is None:
        return []
    root = etree.fromstring(part.blob)
    return ["".join(t.text or "" for t in c.iter(qn("w:t"))) for c in root.iter(qn("w:comment"))]


def annex_row(document, number: int):
    """Return the annex row of a recommendation (its first cell reads ``Recommendation N:``)."""
    annex = document.tables[1]
    return next(row for row in annex.rows if row.cells[0].text.startswith(f"Recommendation {number}:"))


def words(paragraph) -> str:
    """Return a paragraph's words, deleted ones too (python-docx's text leaves them out)."""
    return "".join(t.text or "" for t in paragraph._p.iter(f"{W}t", f"{W}delText"))


def whole(paragraph, tag: str) -> bool:
    """Tell whether every word of a paragraph stands inside one kind of revision (``ins`` or ``del``)."""
    texts = list(paragraph._p.iter(f"{W}t", f"{W}delText"))
    return bool(texts) and all(any(a.tag == f"{W}{tag}" for a in t.iterancestors()) for t in texts)


@pytest.mark.parametrize(
    ("edit", "number", "said", "not_whole"),
    [
        (SPLIT_R5_D, 5, "Split: Recommendation 5(d) of the adopted text became Recommendation 5(d) and 5(e)", "ins"),
        (MERGE_R2_AB, 2, "Merged: Recommendation 2(a) and 2(b) of the adopted text became Recommendation 2(a)", "del"),
    ],
)
def test_word_shows_an_action_split_or_merge_as_one_whatever_part_the_engine_took_for_its_host(
    registry_copy, tmp_path, edit, number, said, not_whole
):
    draft(registry_copy, edit)
    document = word_diff(registry_copy, tmp_path)
    assert said in comments(document)
    # No action reads as added (a split) or removed (a merge): a paragraph boundary is inserted or deleted.
    actions = annex_row(document, number).cells[1].paragraphs
    assert not [p.text for p in actions if whole(p, not_whole)]


MERGE_R10_INTO_R9 = (
    '    statement: "IP offices are encouraged to share experience and information on planning, managing, delivering, and '
    'evaluating ICT projects."\n',
    '    statement: "IP offices are encouraged to share experience and information on planning, managing, delivering, and '
    "evaluating ICT projects, and should ensure that the adoption of use cases of emerging and rapidly evolving technologies "
    "(such as Blockchain and Artificial Intelligence) will be based on assessments of project risks, including with respect "
    'to relevant organizational policies and regulations, as well as potential implications of such solutions in business operations."\n',
)


def test_word_names_where_the_actions_of_a_merged_recommendation_went_and_came_from(registry_copy, tmp_path):
    text = (REGISTRY / "cws12.yaml").read_text(encoding="utf-8")
    r10 = text[text.index("  - id: emerging-technologies\n") :]
    actions = r10[r10.index("    actions:\n") + len("    actions:\n") : r10.index("    source:\n")]
    moved = re.sub(r"label: ([abc])\n", lambda m: f"label: {'bcd'['abc'.index(m[1])]}\n", actions)
    r9_end = '            text: "provided by external service providers if possible."\n'
    draft(registry_copy, MERGE_R10_INTO_R9, (r9_end, r9_end + moved), (r10, ""))
    said = comments(word_diff(registry_copy, tmp_path))
    for old, new in (("a", "b"), ("b", "c"), ("c", "d")):
        assert f"Moved here from Recommendation 10({old}) of the adopted text" in said
        assert f"Recommendation 10({old}) of the adopted text moved to Recommendation 9({new}) of the draft" in said
    assert "merged from R10" in said and "merged into R9" in said


def split_r1(registry: Path) -> None:
    """Draft cws13 with R1 split: a new R11 on legal frameworks takes R1(d) and R1(e) with its sub-items."""
    text = (REGISTRY / "cws12.yaml").read_text(encoding="utf-8")
    r1 = text[text.index("  - id: digital-transformation\n") : text.index("  - id: ict-strategy\n")]
    d_and_e = r1[r1.index("      - label: d\n") : r1.index("    source:\n")]
    r11 = (
        "  - id: legal-frameworks\n    number: 11\n"
        '    statement: "IP offices should adapt their legal frameworks to make them suitable for the digital age."\n'
        "    actions:\n" + d_and_e.replace("label: d", "label: a").replace("label: e", "label: b")
    )
    draft(
        registry,
        (d_and_e, ""),
        ("current business models, legal frameworks and workflow", "current business models and workflow"),
    )
    with open(registry / "cws13.yaml", "a", encoding="utf-8") as stream:
        stream.write(r11)


def test_word_deletes_the_sub_items_of_an_action_carried_into_a_split_off_recommendation(registry_copy, tmp_path):
    split_r1(registry_copy)
    document = word_diff(registry_copy, tmp_path)
    row = annex_row(document, 1)
    items = [p for p in row.cells[1].paragraphs if words(p).startswith(("ii. use of", "iv. exploring"))]
    # They go with R1(e), deleted from R1: no half of a move whose other half Word never sees.
    assert items and all(whole(p, "del") for p in items)
    with zipfile.ZipFile(io.BytesIO(Path(tmp_path / "diff.docx").read_bytes())) as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
    froms = {e.get(f"{W}name") for e in body.iter(f"{W}moveFromRangeStart")}
    tos = {e.get(f"{W}name") for e in body.iter(f"{W}moveToRangeStart")}
    assert froms == tos
    said = comments(document)
    assert "Recommendation 1(e) of the adopted text moved to Recommendation 11(b) of the draft" in said
    assert "Moved here from Recommendation 1(e) of the adopted text" in said
    assert "split into R1 + R11" in said and "split from R1" in said


def lineage_section(page: Path) -> list[str]:
    """Return the lines of a site page's Lineage section as a browser shows them: headings and steps."""
    html = page.read_text(encoding="utf-8")
    section = html[html.index('<h2 id="lineage">') : html.index('<h2 id="history">')]
    lines = re.findall(r"<(?:h3|li)[^>]*>(.*?)</(?:h3|li)>", section)
    return [re.sub(r"<[^>]+>", "", line) for line in lines]


def test_the_site_page_of_a_split_recommendation_names_the_part_split_off_it(registry_copy, tmp_path):
    split_r1(registry_copy)
    result = recreg("--registry", registry_copy, "site", "-o", tmp_path / "site")
    assert result.code == 0, result.err
    host = lineage_section(tmp_path / "site" / "rec" / "digital-transformation" / "index.html")
    assert host[host.index("What it became") + 1 :] == ["cws12:R1 → cws13:R11: matched by the engine: split"]
    part = lineage_section(tmp_path / "site" / "rec" / "legal-frameworks" / "index.html")
    assert part[:2] == ["Where it came from", "cws12:R1 → cws13:R11: matched by the engine: split"]


def test_text_markdown_and_html_show_each_merged_action_under_its_address(registry_copy):
    draft(registry_copy, MERGE_R2_AB)
    merged = (
        "IP offices are encouraged to develop an ICT strategy in line with their business strategy and to share it "
        "with other IP offices, in one of the WIPO languages, preferably in English, where possible."
    )
    out = {
        name: recreg("--registry", registry_copy, "diff", "cws12", "cws13", "-r", "R2", "--format", name).out
        for name in ("text", "markdown", "html")
    }
    # As a split shows its parts: the merge's own line, each node's text in its edition, then the word diff.
    assert (
        f"  R2/a + R2/b → R2/a  merged\n    cws12 R2/a: {R2_A}\n    cws12 R2/b: {R2_B}\n    cws13 R2/a: {merged}\n"
        "  R2/a + R2/b → R2/a  reworded (0.13)\n"
    ) in out["text"]
    assert (
        f"**R2/a + R2/b → R2/a** · merged\n\n> **cws12 R2/a** {R2_A}<br>**cws12 R2/b** {R2_B}<br>**cws13 R2/a** {merged}\n"
    ) in out["markdown"]
    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", out["html"]))
    assert f"merged cws12 R2/a {R2_A} cws12 R2/b {R2_B} cws13 R2/a {merged}" in page


@pytest.mark.parametrize("edit", [SPLIT_R5_D, MERGE_R2_AB], ids=["split", "merge"])
def test_a_word_diff_with_a_split_or_merge_imports_back_accepted_and_rejected(registry_copy, tmp_path, edit):
    # The split or merge comment sits on the first part's words: across the paragraph boundary
    # it would span two actions in one of the views, the text of no one node.
    draft(registry_copy, edit)
    word_diff(registry_copy, tmp_path)
    for choice, edition in (("accept", "cws13"), ("reject", "cws12")):
        result = recreg(
            "--registry", registry_copy, "import", tmp_path / "diff.docx", "--as", f"back-{choice}", "--tracked", choice
        )
        assert result.code == 0, result.err
        back = recreg("--registry", registry_copy, "diff", edition, f"back-{choice}", "--format", "json")
        assert json.loads(back.out)["changes"] == [
            c for c in json.loads(back.out)["changes"] if c["kind"] == "metadata-changed"
        ]
