"""Word and spreadsheets: export -> import gives the same edition; a diff as tracked changes resolves to both sides; bad files are refused.

Everything here runs through the command line (`recreg export`, `recreg import`, `recreg
diff --format docx`) on a writable copy of the registry. The diff document is read back
with its tracked changes accepted or rejected (`recreg import --tracked`, which resolves
them as Word does); `test_libreoffice.py` has LibreOffice itself do the same.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from conftest import recreg
from hypothesis import HealthCheck, given, settings
from strategies import derived_pairs, dump, editions

from recreg.registry.folder import Registry

FORMATS = ("docx", "xlsx", "csv")


def content(edition) -> list:
    """Return what an edition says: numbers, texts, labels, items, footnotes, links, missing and new."""

    def links(node):
        return sorted((link.type, str(link.target)) for link in node.links)

    return [
        (
            rec.number,
            rec.statement,
            rec.missing.where if rec.missing else None,
            rec.new.text if rec.new else None,
            links(rec),
            [(a.label, a.text, [(i.label, i.text) for i in a.items], links(a)) for a in rec.actions],
            [(f.number, f.text) for f in rec.footnotes],
        )
        for rec in edition.recommendations
    ]


def edition(registry: Path, edition_id: str):
    return Registry(registry).edition(edition_id)


@pytest.mark.parametrize("edition_id", ["cws12", "cws11", "r40"])
@pytest.mark.parametrize("format_name", FORMATS)
def test_export_import_gives_the_same_edition(registry_copy, tmp_path, edition_id, format_name):
    exported = tmp_path / f"a.{format_name}"
    assert recreg("--registry", registry_copy, "export", edition_id, "--format", format_name, "-o", exported).code == 0
    result = recreg("--registry", registry_copy, "import", exported, "--as", "copy", "--derives-from", edition_id)
    assert result.code == 0, result.err
    assert "the same text as" in result.out
    diffed = recreg("--registry", registry_copy, "diff", edition_id, "copy", "--exit-code")
    assert diffed.code == 0, diffed.out
    assert "no differences" in diffed.out
    copy = edition(registry_copy, "copy")
    assert content(copy) == content(edition(registry_copy, edition_id))
    # Provenance: every text says where in the file it was read.
    rec = copy.recommendations[0]
    assert rec.source.file == exported.name and rec.source.at.startswith(("table 1, row 2", "sheet", "row"))
    assert all(a.source and a.source.file == exported.name for r in copy.recommendations for a in r.actions)


@pytest.mark.parametrize(
    "format_name, holder", [("csv", "a CSV file"), ("xlsx", "a workbook"), ("oscal", "an OSCAL catalog")]
)
def test_an_export_says_what_its_format_has_no_place_for(registry_copy, tmp_path, format_name, holder):
    exported = tmp_path / f"a.{format_name}"
    result = recreg("--registry", registry_copy, "export", "cws12", "--format", format_name, "-o", exported)
    assert result.code == 0 and exported.exists()
    assert result.err == (
        f"recreg: note: left out of cws12's export: its introduction (1 paragraph) and its notes (1): {holder} has "
        "no place for them; --format docx keeps them\n"
    )
    docx = recreg("--registry", registry_copy, "export", "cws12", "--format", "docx", "-o", tmp_path / "a.docx")
    assert (docx.code, docx.err) == (0, "")


def test_import_without_base_is_a_draft(registry_copy, tmp_path):
    exported = tmp_path / "a.docx"
    recreg("--registry", registry_copy, "export", "cws11", "--format", "docx", "-o", exported)
    assert recreg("--registry", registry_copy, "import", exported, "--as", "fresh").code == 0
    fresh = edition(registry_copy, "fresh")
    assert fresh.status == "draft" and fresh.derives_from is None
    assert fresh.title == "Proposed Recommendations on ICT and IP administration"
    assert content(fresh) == content(edition(registry_copy, "cws11"))


def test_edited_export_becomes_a_draft_deriving_from_its_base(registry_copy, tmp_path):
    exported = tmp_path / "a.csv"
    recreg("--registry", registry_copy, "export", "cws12", "--format", "csv", "-o", exported)
    text = exported.read_text(encoding="utf-8")
    exported.write_text(
        text.replace(
            "IP offices should develop and maintain their information security policy.",
            "IP offices must develop and maintain their information security policy.",
        ),
        encoding="utf-8",
    )
    assert recreg("--registry", registry_copy, "import", exported, "--as", "cws13", "--derives-from", "cws12").code == 0
    draft = edition(registry_copy, "cws13")
    assert draft.status == "draft" and draft.derives_from == "cws12"
    assert [r.id for r in draft.recommendations] == [r.id for r in edition(registry_copy, "cws12").recommendations]
    diffed = recreg("--registry", registry_copy, "diff", "cws12", "cws13", "--kind", "modality")
    assert "strengthened" in diffed.out


def _roundtrip_registry(tmp_path: Path, data: dict) -> Path:
    folder = tmp_path / "registry"
    folder.mkdir(exist_ok=True)
    for old in folder.glob("*.yaml"):
        old.unlink()
    (folder / f"{data['id']}.yaml").write_text(dump(data), encoding="utf-8")
    return folder


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(data=editions(edition_id="base"))
def test_round_trip_of_random_editions(tmp_path, data):
    folder = _roundtrip_registry(tmp_path, data)
    original = content(edition(folder, "base"))
    for format_name in FORMATS:
        exported = tmp_path / f"base.{format_name}"
        assert recreg("--registry", folder, "export", "base", "--format", format_name, "-o", exported).code == 0
        result = recreg("--registry", folder, "import", exported, "--as", f"copy-{format_name}")
        if not data["recommendations"]:
            assert result.code == 1  # an empty table is refused, not imported as nothing
            continue
        assert result.code == 0, result.err
        assert content(edition(folder, f"copy-{format_name}")) == original, format_name
        assert recreg("fmt", "--check", folder / f"copy-{format_name}.yaml").code == 0  # written canonical


# The diff as tracked changes -------------------------------------------------------------


def test_cws_diff_accepts_to_the_adopted_ten_and_rejects_to_the_draft(registry_copy, tmp_path):
    document = tmp_path / "d.docx"
    assert recreg("--registry", registry_copy, "diff", "cws11", "cws12", "--format", "docx", "-o", document).code == 0
    refused = recreg("--registry", registry_copy, "import", document, "--as", "either")
    assert refused.code == 1 and "tracked changes" in refused.err and len(refused.err_lines) == 1
    for side, expected in (("accept", "cws12"), ("reject", "cws11")):
        assert recreg("--registry", registry_copy, "import", document, "--as", side, "--tracked", side).code == 0
        assert content(edition(registry_copy, side)) == content(edition(registry_copy, expected))


def _xml(document: Path, part: str = "word/document.xml") -> str:
    with zipfile.ZipFile(document) as archive:
        return archive.read(part).decode("utf-8")


W_NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}


def _comments(document: Path) -> list[tuple[str, str]]:
    """Return each comment's visible words and the instruction of its field for tools (ADDIN), if any."""
    from lxml import etree

    root = etree.fromstring(_xml(document, "word/comments.xml").encode())
    return [
        (
            "".join(c.xpath(".//w:t/text()", namespaces=W_NS)),
            " ".join(c.xpath(".//w:fldSimple/@w:instr", namespaces=W_NS)).strip(),
        )
        for c in root.xpath("//w:comment", namespaces=W_NS)
    ]


def test_cws_diff_shows_each_recommendation_deleted_and_inserted_with_comments_in_the_annexs_words(
    registry_copy, tmp_path
):
    from lxml import etree

    document = tmp_path / "d.docx"
    recreg("--registry", registry_copy, "diff", "cws11", "cws12", "--format", "docx", "-o", document)
    body = etree.fromstring(_xml(document).encode())
    w = "{" + W_NS["w"] + "}"
    revisions = body.xpath("//w:ins | //w:del | //w:moveFrom | //w:moveTo", namespaces=W_NS)
    assert revisions and all(r.get(w + "author") == "recreg" and r.get(w + "date") for r in revisions)
    # The draft has the Related 40 Rec. column and the adopted ten have none: no row can keep its cells, so each
    # draft row is deleted where it stood and each adopted row inserted where it stands, headers too.
    rows = body.xpath("//w:tbl[2]/w:tr", namespaces=W_NS)
    ops = [row.xpath("string(name(./w:trPr/*[self::w:ins or self::w:del]))", namespaces=W_NS) for row in rows]
    assert ops.count("w:del") == 11 and ops.count("w:ins") == 11 and len(rows) == 22
    # Comments speak the annex's language; the addresses stay in a field for tools.
    comments = _comments(document)
    texts = [text for text, _ in comments]
    assert ("Moved here from Recommendation 3(c) of the draft", "ADDIN recreg moved cws11:R3/c cws12:R5/d") in comments
    assert (
        "Split: Recommendation 6(a) of the draft became Recommendation 8(a) and 8(b)",
        "ADDIN recreg split cws11:R6/a cws12:R8/a cws12:R8/b",
    ) in comments
    assert (
        "Recommendation 4 of the draft, here as Recommendation 1: renumbered, relabeled, reworded, editorial, action added, "
        "sub-items added",
        "ADDIN recreg pair cws11:R4 cws12:R1",
    ) in comments
    assert sum(" of the draft, here as Recommendation " in t for t in texts) == 10
    assert sum(t == "weakened: should → are encouraged to" for t in texts) == 12
    assert "weakened: should be encouraged to → are encouraged to" in texts
    assert not any("cws11:" in text or "cws12:" in text for text in texts)
    # Anchored on the summary's line of their pair (LibreOffice keeps a row holding a comment either way).
    assert len(body.xpath("//w:tbl[1]//w:commentRangeStart", namespaces=W_NS)) == len(texts)
    assert len(body.xpath("//w:tbl[1]/w:tr", namespaces=W_NS)) == 11


def test_a_diff_that_keeps_its_columns_tracks_words_in_place_and_moves_only_rows_out_of_order(registry_copy, tmp_path):
    from ruamel.yaml import YAML

    yaml = YAML()
    data = yaml.load((registry_copy / "cws12.yaml").read_text(encoding="utf-8"))
    data["id"], data["status"], data["derives_from"] = "cws13", "draft", "cws12"
    recs = data["recommendations"]
    recs[2], recs[3] = recs[3], recs[2]  # R3 and R4 change places
    recs[2]["number"], recs[3]["number"] = 3, 4
    recs[0]["actions"][0]["text"] = recs[0]["actions"][0]["text"].replace("should identify", "must identify")
    with (registry_copy / "cws13.yaml").open("w", encoding="utf-8") as stream:
        yaml.dump(data, stream)
    document = tmp_path / "d.docx"
    assert recreg("--registry", registry_copy, "diff", "cws12", "cws13", "--format", "docx", "-o", document).code == 0
    from lxml import etree

    body = etree.fromstring(_xml(document).encode())
    rows = body.xpath("//w:tbl[2]/w:tr", namespaces=W_NS)
    ops = [row.xpath("string(name(./w:trPr/*[self::w:ins or self::w:del]))", namespaces=W_NS) for row in rows]
    # Nine rows stay (their words tracked inside); the one out of order is deleted and inserted.
    assert ops.count("") == 1 + 9 and ops.count("w:del") == 1 and ops.count("w:ins") == 1
    assert ("strengthened: should → must", "ADDIN recreg modality strengthened cws12:R1/a cws13:R1/a") in _comments(
        document
    )
    for side, expected in (("accept", "cws13"), ("reject", "cws12")):
        assert recreg("--registry", registry_copy, "import", document, "--as", side, "--tracked", side).code == 0
        assert content(edition(registry_copy, side)) == content(edition(registry_copy, expected))


def test_a_filtered_diff_says_which_recommendations_it_holds(registry_copy, tmp_path):
    from docx import Document

    document = tmp_path / "d.docx"
    assert (
        recreg(
            "--registry",
            registry_copy,
            "diff",
            "cws11",
            "cws12",
            "--kind",
            "modality",
            "--format",
            "docx",
            "-o",
            document,
        ).code
        == 0
    )
    intro = Document(str(document)).paragraphs[1].text
    assert "accept them all for cws12" not in intro
    assert (
        "for 7 of the 10 recommendations of cws12 (R2, R3, R5, R6, R8, R9, R10): accepting them all gives these "
        "recommendations as cws12 words them, rejecting them all as cws11 did. This document is not a complete "
        "edition of either."
    ) in intro
    whole = tmp_path / "whole.docx"
    recreg("--registry", registry_copy, "diff", "cws11", "cws12", "--format", "docx", "-o", whole)
    assert "accept them all for cws12, reject them all for cws11" in Document(str(whole)).paragraphs[1].text


def _split_beside_a_removed_footnoted_action() -> tuple[dict, dict, list]:
    """The pair hypothesis found: R2(a) split in two while R2(b), holding a footnote, is removed."""

    def footnotes(count: int) -> list[dict]:  # fresh lists: the YAML writer would share one as an alias
        return [{"number": n, "text": "IP offices must data data."} for n in range(1, count + 1)]

    first = {"id": "rec-1", "number": 1, "statement": "IP offices must data data data data.[^1][^2]"}

    def edition(actions: list[dict], notes: list[dict]) -> dict:
        second = {"id": "rec-2", "number": 2, "statement": "IP offices must data data data data.[^1]"}
        return {
            "id": "old",
            "title": "Recommendations on ICT",
            "committee": "Committee on WIPO Standards (CWS)",
            "status": "draft",
            "recommendations": [first | {"footnotes": footnotes(2)}, second | {"actions": actions, "footnotes": notes}],
        }

    old = edition(
        [
            {"label": "a", "text": "IP offices must review training quality data framework monitor data."},
            {"label": "b", "text": "IP offices must data data data data.[^2]"},
        ],
        footnotes(2),
    )
    new = edition(
        [
            {"label": "a", "text": "IP offices must review training quality data"},
            {"label": "b", "text": "framework monitor data."},
        ],
        footnotes(1),
    )
    return old, new, ["split", "remove-action"]


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(pair=derived_pairs())
def test_random_diffs_accept_to_new_and_reject_to_old(tmp_path, pair):
    _accept_and_reject(tmp_path, pair)


def test_a_split_beside_a_removed_footnoted_action_accepts_and_rejects(tmp_path):
    # The split's comment lay across the paragraph boundary: in the reject view, two actions.
    _accept_and_reject(tmp_path, _split_beside_a_removed_footnoted_action())


def _accept_and_reject(tmp_path, pair) -> None:
    old, new, _ = pair
    if not old["recommendations"] or not new["recommendations"]:
        return  # an empty side has no table to read back
    old = {**old, "id": "old"}
    new = {**new, "id": "new"}
    folder = _roundtrip_registry(tmp_path, old)
    (folder / "new.yaml").write_text(dump(new), encoding="utf-8")
    document = tmp_path / "d.docx"
    result = recreg("--registry", folder, "diff", "old", "new", "--format", "docx", "-o", document)
    assert result.code == 0, result.err
    for side, expected in (("accept", "new"), ("reject", "old")):
        imported = recreg("--registry", folder, "import", document, "--as", f"{side}-view", "--tracked", side)
        assert imported.code == 0, imported.err
        assert content(edition(folder, f"{side}-view")) == content(edition(folder, expected)), side


def test_binary_formats_need_a_file(registry_copy):
    for argv in (
        ["diff", "cws11", "cws12", "--format", "docx"],
        ["export", "cws12", "--format", "xlsx"],
        ["render", "cws12", "--format", "docx"],
    ):
        result = recreg("--registry", registry_copy, *argv)
        assert result.code == 2 and len(result.err_lines) == 1 and "-o FILE" in result.err, argv
        assert result.out == ""
    csv_out = recreg("--registry", registry_copy, "export", "cws12", "--format", "csv")
    assert csv_out.code == 0 and csv_out.out.startswith("address,kind,label,text,links,note")


# Texts a spreadsheet could run as formulas (the OWASP CSV-injection starts), each still a valid edition text.
FORMULA_TEXTS = (
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(1+1)",
    "\t=1+1",
    "\n=1+1",
    " =1+1",
    "\u00a0=1+1",
    "\u200b=1+1",
    "\uff1d1+1",
    "  \t+1",
    "'=quoted",
    '=HYPERLINK("x") and +1',
)


def formula_registry(registry_copy: Path) -> Path:
    """Give cws12's first actions the formula texts, one each; return the registry."""
    from ruamel.yaml import YAML

    yaml = YAML()
    path = registry_copy / "cws12.yaml"
    data = yaml.load(path.read_text(encoding="utf-8"))
    actions = [action for rec in data["recommendations"] for action in rec.get("actions", [])]
    for action, text in zip(actions, FORMULA_TEXTS):
        action["text"] = text
    with path.open("w", encoding="utf-8") as stream:
        yaml.dump(data, stream)
    return registry_copy


def test_spreadsheet_cells_are_never_formulas(registry_copy, tmp_path):
    import csv
    import io

    registry = formula_registry(registry_copy)
    workbook = tmp_path / "a.xlsx"
    assert recreg("--registry", registry, "export", "cws12", "--format", "xlsx", "-o", workbook).code == 0
    assert "<f>" not in _xml(workbook, "xl/worksheets/sheet1.xml")
    sheet_csv = recreg("--registry", registry, "export", "cws12", "--format", "csv").out
    texts = [row[3] for row in csv.reader(io.StringIO(sheet_csv))]
    for text in FORMULA_TEXTS:
        assert "'" + text in texts, text  # each marked as a text with one apostrophe
    (tmp_path / "a.csv").write_text(sheet_csv, encoding="utf-8")
    for format_name in ("xlsx", "csv"):
        assert (
            recreg("--registry", registry, "import", tmp_path / f"a.{format_name}", "--as", f"f-{format_name}").code
            == 0
        )
        imported = [
            action.text for rec in edition(registry, f"f-{format_name}").recommendations for action in rec.actions
        ]
        # Import takes the apostrophe off again, so each text comes back as written (lines trimmed, as always).
        assert imported[: len(FORMULA_TEXTS)] == [text.strip() for text in FORMULA_TEXTS]


# A hand-made document and bad files -------------------------------------------------------


def _hand_made(path: Path) -> None:
    """Write an annex as a delegate might: merged cells, a Word footnote, a line break, an empty row."""
    from docx import Document
    from docx.oxml.parser import parse_xml

    from recreg.office.wordml import FOOTNOTES_TYPE, FOOTNOTES_URI

    document = Document()
    document.add_paragraph("Draft Recommendations on ICT")
    document.add_paragraph("Prepared by the Task Force for discussion.")
    table = document.add_table(rows=6, cols=3)
    for cell, text in zip(table.rows[0].cells, ("Recommendations", "Recommended Actions", "Related 40 Rec.")):
        cell.text = text
    first = table.cell(1, 0)
    first.text = "Recommendation 1:"
    statement = first.add_paragraph("IP offices should have an ICT strategy,")
    statement.add_run().add_break()
    statement.add_run("reviewed every year.")
    table.cell(1, 1).text = "(a) IP offices should develop an ICT strategy."
    table.cell(1, 2).text = "R3 and R4"
    # Recommendation 1 goes on in the next row: its first cell merged down.
    first.merge(table.cell(2, 0))
    table.cell(2, 1).text = "(b) IP offices are encouraged to share it"
    table.cell(2, 1).add_paragraph("i. with other offices; and")
    table.cell(2, 1).add_paragraph("ii. with the International Bureau.")
    # Row 4 is left empty. Row 5: R2, with a footnote in its action.
    table.cell(4, 0).text = "R2."
    table.cell(4, 0).add_paragraph("IP offices should share data.")
    action = table.cell(4, 1).paragraphs[0]
    action.add_run("a. IP offices should join the cooperative projects")
    reference = action.add_run()
    reference._r.append(
        parse_xml(
            '<w:footnoteReference xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:id="1"/>'
        )
    )
    action.add_run(" that the CWS noted.")
    table.cell(4, 2).text = "Not applicable as this is new"
    # Row 6 is a stray empty row at the end. The footnote part, as Word writes it:
    from docx.opc.packuri import PackURI
    from docx.opc.part import XmlPart

    footnotes = parse_xml(
        '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
        '<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Such as the\u00a0Global Identifier Project.</w:t></w:r></w:p></w:footnote>'
        "</w:footnotes>"
    )
    part = XmlPart(PackURI("/word/footnotes.xml"), FOOTNOTES_TYPE, footnotes, document.part.package)
    document.part.relate_to(part, FOOTNOTES_URI)
    document.save(str(path))


def test_hand_made_annex(registry_copy, tmp_path):
    path = tmp_path / "draft.docx"
    _hand_made(path)
    result = recreg("--registry", registry_copy, "import", path, "--as", "handmade")
    assert result.code == 0, result.err
    made = edition(registry_copy, "handmade")
    assert made.title == "Draft Recommendations on ICT"
    # The paragraph right before the annex table is its introduction, with its place.
    assert [(p.text, p.source.at) for p in made.introduction] == [
        ("Prepared by the Task Force for discussion.", "paragraph 2")
    ]
    r1, r2 = made.recommendations
    assert r1.statement == "IP offices should have an ICT strategy, reviewed every year."
    assert [(a.label, a.text) for a in r1.actions] == [
        ("a", "IP offices should develop an ICT strategy."),
        ("b", "IP offices are encouraged to share it"),
    ]
    assert [(i.label, i.text) for i in r1.actions[1].items] == [
        ("i", "with other offices; and"),
        ("ii", "with the International Bureau."),
    ]
    assert [str(link.target) for link in r1.links] == ["r40:R3", "r40:R4"]
    assert r1.actions[1].source.at == "table 1, row 3, cell 2"
    assert r2.statement == "IP offices should share data."
    assert r2.actions[0].text == "IP offices should join the cooperative projects[^1] that the CWS noted."
    assert [(f.number, f.text) for f in r2.footnotes] == [(1, "Such as the\u00a0Global Identifier Project.")]
    assert r2.new.text == "Not applicable as this is new"
    # Written as `recreg fmt` leaves it, so the editor's first `recreg check` passes.
    assert recreg("fmt", "--check", registry_copy / "handmade.yaml").code == 0


def _one_sheet_too_many(path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["address", "kind", "label", "text", "links", "note"])
    workbook.create_sheet("Notes").append(["Sent to the Task Force in June."])
    workbook.save(str(path))


def _wrong_columns(path: Path) -> None:
    from docx import Document

    document = Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Topic", "Text"
    table.cell(1, 0).text, table.cell(1, 1).text = "ICT", "IP offices should act."
    document.save(str(path))


def _empty_table(path: Path) -> None:
    from docx import Document

    document = Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Recommendation", "Recommended Actions"
    document.save(str(path))


def _text_nowhere(path: Path) -> None:
    from docx import Document

    document = Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Recommendation", "Recommended Actions"
    table.cell(1, 0).text = "Recommendation 1: IP offices should act."
    table.cell(1, 1).text = "Offices should first read this."
    document.save(str(path))


BAD = {
    "not-a-zip.docx": (lambda p: p.write_bytes(b"this is not a Word document"), "not a Word document (not a zip file)"),
    "not-a-zip.xlsx": (lambda p: p.write_bytes(b"PK\x03\x04 broken"), "not an XLSX workbook"),
    "wrong-columns.docx": (_wrong_columns, "table 1, row 1: the columns are 'Topic' | 'Text'"),
    "empty-table.docx": (_empty_table, "no recommendation in the table"),
    "two-sheets.xlsx": (
        _one_sheet_too_many,
        "has 2 sheets with content (‘Sheet’, ‘Notes’); which one is meant? (expected --sheet NAME)",
    ),
    "text-nowhere.docx": (
        _text_nowhere,
        "table 1, row 2, cell 2: text before the first action: ‘Offices should first read this.’",
    ),
    "bad-kind.csv": (
        lambda p: p.write_text(
            "address,kind,label,text\nR1,recomendation,1,IP offices should act.\n", encoding="utf-8"
        ),
        "row 2, column B: unknown kind ‘recomendation’",
    ),
    "gap.csv": (
        lambda p: p.write_text(
            "address,kind,label,text\nR1,recommendation,1,A.\nR3,recommendation,3,C.\n", encoding="utf-8"
        ),
        "R3 where R2 was expected",
    ),
}


@pytest.mark.parametrize("name", BAD)
def test_bad_files_are_refused_in_one_line(registry_copy, tmp_path, name):
    make, message = BAD[name]
    path = tmp_path / name
    make(path)
    before = sorted(p.name for p in registry_copy.iterdir())
    result = recreg("--registry", registry_copy, "import", path, "--as", "bad")
    assert result.code == 1, result.err
    assert len(result.err_lines) == 1 and result.err_lines[0].startswith(str(path)), result.err
    assert message in result.err
    assert sorted(p.name for p in registry_copy.iterdir()) == before


def test_import_never_overwrites_and_never_writes_the_bundled_registry(registry_copy, tmp_path, monkeypatch):
    exported = tmp_path / "a.csv"
    recreg("--registry", registry_copy, "export", "cws12", "--format", "csv", "-o", exported)
    kept = (registry_copy / "cws11.yaml").read_bytes()
    result = recreg("--registry", registry_copy, "import", exported, "--as", "cws11")
    assert result.code == 2 and "never overwrites" in result.err
    assert (registry_copy / "cws11.yaml").read_bytes() == kept
    monkeypatch.chdir("/")  # no registry/ above: recreg falls back to its bundled one
    bundled = recreg("import", exported, "--as", "x")  # run from no registry: the bundled one
    assert bundled.code == 2 and "read-only" in bundled.err


def test_unknown_link_target_is_refused_with_its_cell(registry_copy, tmp_path):
    exported = tmp_path / "a.csv"
    recreg("--registry", registry_copy, "export", "cws11", "--format", "csv", "-o", exported)
    exported.write_text(exported.read_text(encoding="utf-8").replace("r40:R22", "r40:R99"), encoding="utf-8")
    result = recreg("--registry", registry_copy, "import", exported, "--as", "x")
    assert result.code == 1 and "link to r40:R99, which does not exist" in result.err and "column E" in result.err
