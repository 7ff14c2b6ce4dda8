"""recreg comments import: Word comments in a copy of the draft, ISO comment tables (XLSX, CSV, Word), a mapping file.

Every input is made as people make it (python-docx, openpyxl, a CSV written out); every
comment is placed on the node and words it is on, or refused with its place; nothing is
dropped.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from comment_documents import CSV, copy_with, example_copy, example_xlsx, import_comments
from conftest import REGISTRY, recreg

from recreg.comments.model import read_comments
from recreg.registry.folder import Registry


@pytest.fixture
def comments(registry_copy) -> Path:
    return registry_copy.parent / "comments"


def read(registry: Path, name: str):
    return read_comments(registry.parent / "comments" / f"{name}.yaml", Registry(registry))


def test_the_csv_the_workbook_and_the_word_copy_give_the_same_comments(tmp_path, registry_copy, comments):
    sources = {"csv": CSV, "xlsx": example_xlsx(tmp_path), "docx": example_copy(tmp_path)}
    outputs = {"csv": "12 table rows", "xlsx": "12 table rows", "docx": "12 Word comments"}
    for name, source in sources.items():
        result = import_comments(registry_copy, source, "--edition", "cws11", "--as", name)
        assert result.code == 0, result.err
        assert (
            result.out
            == f"wrote {comments / (name + '.yaml')}: 12 comments from 3 commenters on cws11 ({outputs[name]})\n"
        )
    found = {name: read(registry_copy, name) for name in sources}
    assert [c.content() for c in found["xlsx"].comments] == [c.content() for c in found["csv"].comments]
    assert [c.content() for c in found["docx"].comments] == [c.content() for c in found["csv"].comments]
    assert [c.id for c in found["docx"].comments] == [c.id for c in found["csv"].comments]
    # Where each was read differs, and says so.
    first = {name: next(c for c in found[name].comments if c.id == "office-a-1") for name in found}
    assert first["csv"].source.at == "row 2"
    assert first["xlsx"].source.at == "sheet ‘Comments’, row 3"
    assert first["docx"].source.at == "Word comment 0, table 1, row 2, cell 2"
    # The workbook's title row is kept as a note, not dropped.
    assert found["xlsx"].notes == (
        "Above the comment table in draft-ten-comments.xlsx (sheet ‘Comments’, row 1): Comments on the "
        "draft Recommendations (CWS/11/18, Annex): an example, fictional offices | Date: 2024-02-29",
    )
    assert recreg("--registry", registry_copy, "validate").code == 0
    checked = recreg("--registry", registry_copy, "check")
    assert checked.code == 0 and "0 errors, 0 unformatted" in checked.out


def test_a_comment_file_is_written_in_the_edition_order_with_its_quote_in_context(registry_copy, comments):
    assert import_comments(registry_copy, CSV, "--edition", "cws11", "--as", "example").code == 0
    text = (comments / "example.yaml").read_text(encoding="utf-8")
    assert text.startswith(
        "# yaml-language-server: $schema=../schemas/comments.schema.json\nid: example\ntitle: Comments on cws11\n"
    )
    assert (
        """  - id: office-a-3
    commenter: office-a
    address: R3/c
    quote:
      exact: free-of-charge or at a marginal cost
      prefix: 'without any barriers and '
      suffix: .
    type: technical
"""
        in text
    )
    found = read(registry_copy, "example")
    assert [c.id for c in found.comments] == [
        "office-b-1",
        "office-a-1",
        "office-a-2",
        "office-a-3",
        "office-a-4",
        "office-c-1",
        "office-b-2",
        "office-b-3",
        "office-b-4",
        "office-c-2",
        "office-c-3",
        "office-c-4",
    ]
    general = found.comments[0]
    assert general.address is None and general.type == "general" and general.disposition.status == "noted"
    assert general.disposition.observation == "The Task Force will consider indicators."
    # recreg fmt leaves it as it is.
    assert recreg("--registry", registry_copy, "fmt", "--check").code == 0


def test_word_comments_are_anchored_on_the_node_and_words_they_cover(tmp_path, registry_copy):
    copy = copy_with(
        tmp_path / "copy.docx",
        REGISTRY / "cws11.yaml",
        [
            (
                "R3/c",
                "free-of-charge",
                "Free of charge only.\nProposed change: delete “or at a marginal cost”",
                "Office A",
            ),
            ("R3#", None, "On the whole recommendation.", "Office A"),
            ("R3", "annually evaluated", "te: Too often.", "Office B"),
            ("R7/a/ii", "Unified API catalog", "Name it as the project does.", "Japan Patent Office (jpo)"),
            ("R4/d", None, "The whole action, with its sub-items.", "Office B"),
        ],
        title_comment="A general comment on the draft.",
    )
    result = import_comments(registry_copy, copy, "--edition", "cws11", "--as", "word")
    assert result.code == 0, result.err
    assert result.out.endswith(": 6 comments from 4 commenters on cws11 (6 Word comments)\n")
    found = read(registry_copy, "word")
    by_text = {c.comment: c for c in found.comments}
    quoted = by_text["Free of charge only."]
    assert (str(quoted.address), quoted.quote.exact, quoted.proposed_change) == (
        "cws11:R3/c",
        "free-of-charge",
        "delete “or at a marginal cost”",
    )
    assert (
        str(by_text["On the whole recommendation."].address) == "cws11:R3"
        and by_text["On the whole recommendation."].quote is None
    )
    statement = by_text["Too often."]
    assert (str(statement.address), statement.quote.exact, statement.type) == (
        "cws11:R3",
        "annually evaluated",
        "technical",
    )
    item = by_text["Name it as the project does."]
    assert (str(item.address), item.quote.exact, item.commenter) == ("cws11:R7/a/ii", "Unified API catalog", "jpo")
    assert found.commenter("jpo").name == "Japan Patent Office"
    # An action's paragraph and its sub-items' is the action as a whole... here the action's own paragraph only.
    action = by_text["The whole action, with its sub-items."]
    assert str(action.address) == "cws11:R4/d"
    assert action.quote.exact == "IP offices should consider legal changes to support digital transformation, such as:"
    general = by_text["A general comment on the draft."]
    assert general.address is None and general.commenter == "office-z"
    assert general.source.at.endswith("paragraph 1: ‘Proposed Recommendations on ICT and IP administration’")


def test_a_delegation_names_its_office_and_its_delegates_stay_the_authors(tmp_path, registry_copy):
    copy = copy_with(
        tmp_path / "copy.docx",
        REGISTRY / "cws11.yaml",
        [("R1/a", "ICT Strategy", "Lower case.", "Jane Doe"), ("R1/b", "Offices", "IP offices.", "John Roe")],
    )
    result = import_comments(registry_copy, copy, "--edition", "cws11", "--as", "delegation", "--office", "Office D")
    assert result.code == 0, result.err
    found = read(registry_copy, "delegation")
    assert [(c.commenter, c.author) for c in found.comments] == [("office-d", "Jane Doe"), ("office-d", "John Roe")]
    assert found.commenters[0].name == "Office D"


def test_a_copy_of_another_edition_is_refused_comment_by_comment(tmp_path, registry_copy, comments):
    copy = copy_with(
        tmp_path / "cws12-copy.docx",
        REGISTRY / "cws12.yaml",
        [("R5/d", "free-of-charge", "A comment on the adopted text.", "Office A")],
    )
    result = import_comments(registry_copy, copy, "--edition", "cws11", "--as", "wrong")
    assert result.code == 1
    assert result.err_lines == [
        f"{copy}: Word comment 0: on ‘free-of-charge’ (table 1, row 6, cell 2), which is not the text of any node of cws11 "
        "(expected a comment on the text of cws11 (is this a copy of cws11?))",
        "1 problem; nothing written",
    ]
    assert not comments.exists()


def test_a_comment_without_an_author_or_text_is_named(tmp_path, registry_copy, comments):
    copy = copy_with(
        tmp_path / "copy.docx",
        REGISTRY / "cws11.yaml",
        [
            ("R1/a", "ICT Strategy", "Lower case.", ""),
            ("R1/b", "Offices", "Type: ed", "Office A"),
            ("R1/c", "forum", "Text.\nType: major", "Office A"),
        ],
    )
    result = import_comments(registry_copy, copy, "--edition", "cws11", "--as", "bad")
    assert result.code == 1
    assert result.err_lines == [
        f"{copy}: Word comment 0: the comment has no author (expected say whose comments these are with --office NAME)",
        f"{copy}: Word comment 1: the comment is empty (expected a comment, or a proposed change)",
        f"{copy}: Word comment 2: 'major' is not a type of comment (expected general, technical or editorial (ge, te, ed))",
        "3 problems; nothing written",
    ]
    assert not comments.exists()


BAD_TABLE = """MB/NC,Clause,Paragraph,Type of comment,Quoted text,Comments,Proposed change,Disposition
Office A,Recommendation 3,(z),te,,A comment.,,
Office A,3.1,,te,,A comment.,,
Office A,Recommendation 3,(c),major,,A comment.,,
Office A,Recommendation 3,(c),te,free of charge,A comment.,,
Office A,Recommendation 3,,te,IP offices should,A comment.,,
Office A,Recommendation 3,(c),te,,,,
,Recommendation 3,(c),te,,A comment.,,
Office A,Recommendation 3,(c),te,,A comment.,,maybe
Office A,General,,ge,the draft,A comment.,,
"""


def test_every_cell_that_cannot_be_read_is_named_with_its_row_and_column(tmp_path, registry_copy, comments):
    table = tmp_path / "bad.csv"
    table.write_text(BAD_TABLE, encoding="utf-8")
    result = import_comments(registry_copy, table, "--edition", "cws11", "--as", "bad")
    assert result.code == 1
    assert result.err_lines == [
        f"{table}:2:2: cws11:R3/z does not exist (from 'Recommendation 3 (z)') (at cell B2, column ‘Clause’; expected "
        "Recommendation 3(c), R3(c), 3 c, cws11:R3/c, footnote 2, or General)",
        f"{table}:3:2: cannot tell which node '3.1' names (at cell B3, column ‘Clause’; expected Recommendation 3(c), R3(c), "
        "3 c, cws11:R3/c, or General)",
        f"{table}:4:4: 'major' is not a type of comment (at cell D4, column ‘Type of comment’; expected general, technical "
        "or editorial (ge, te, ed))",
        f"{table}:5:5: ‘free of charge’ is not in cws11:R3/c (at cell E5, column ‘Quoted text’; expected words that stand "
        "once in the node, exactly as the edition writes them)",
        f"{table}:6:5: ‘IP offices should’ is 4 times in cws11:R3 (at cell E6, column ‘Quoted text’; expected words that "
        "stand once in the node, exactly as the edition writes them)",
        f"{table}:7:6: a row with neither a comment nor a proposed change (at cell F7, column ‘Comments’; expected the "
        "comment, or the change proposed)",
        f"{table}:8:1: no commenter named in this row (at cell A8, column ‘MB/NC’; expected the member body (office) that "
        "commented)",
        f"{table}:9:8: 'maybe' is not a disposition (at cell H9, column ‘Disposition’; expected accepted, accepted in part, "
        "not accepted, noted, open)",
        f"{table}:10:5: quoted words in a general comment: which node are they in? (at cell E10, column ‘Quoted text’; "
        "expected the clause (and paragraph) they are in)",
        "9 problems; nothing written",
    ]
    assert not comments.exists()


def test_a_header_recreg_does_not_know_is_named_in_a_mapping_file(tmp_path, registry_copy):
    table = tmp_path / "form.csv"
    table.write_text(
        "Delegation,Place,Remarks,Suggested wording,Internal\nOffice A,R3(c),Too costly.,free of charge,x\n",
        encoding="utf-8",
    )
    refused = import_comments(registry_copy, table, "--edition", "cws11", "--as", "form")
    assert refused.code == 1
    assert refused.err_lines[:2] == [
        f"{table}:1:2: column ‘Place’ holds nothing recreg reads (at cell B1; expected a column of the ISO comment form (MB/NC, "
        "line number, clause, paragraph, type of comment, comments, proposed change, observations), disposition, quoted text, "
        "or an entry in a --mapping file)",
        f"{table}:1:3: column ‘Remarks’ holds nothing recreg reads (at cell C1; expected a column of the ISO comment form "
        "(MB/NC, line number, clause, paragraph, type of comment, comments, proposed change, observations), disposition, "
        "quoted text, or an entry in a --mapping file)",
    ]
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(
        'Place: clause\nRemarks: comment\n"Suggested wording": proposed change\nInternal: ignore\n', encoding="utf-8"
    )
    result = import_comments(registry_copy, table, "--edition", "cws11", "--as", "form", "--mapping", mapping)
    assert result.code == 0, result.err
    comment = read(registry_copy, "form").comments[0]
    assert (str(comment.address), comment.comment, comment.proposed_change) == (
        "cws11:R3/c",
        "Too costly.",
        "free of charge",
    )
    mapping.write_text("Place: somewhere\n", encoding="utf-8")
    bad = import_comments(registry_copy, table, "--edition", "cws11", "--as", "other", "--mapping", mapping)
    assert bad.code == 2
    assert bad.err_lines == [
        f"{mapping}:1:8: the entry for 'Place' names nothing recreg reads (expected one of commenter, "
        "commenter id, author, line, clause, paragraph, address, type, comment, proposed change, "
        "observation, disposition, disposition date, quote, date, or ignore)"
    ]


def test_a_comment_table_in_a_word_document(tmp_path, registry_copy):
    from docx import Document

    document = Document()
    document.add_paragraph("Comments of Office E on document CWS/11/18")
    table = document.add_table(rows=1, cols=5)
    for cell, text in zip(
        table.rows[0].cells, ("MB/NC", "Clause/Subclause", "Paragraph/Figure/Table", "Comments", "Proposed change")
    ):
        cell.text = text
    for values in (
        ("Office E", "R6", "a", "Two actions in one.", "Split the action in two."),
        ("Office E", "Recommendation 7", "(a)(iii)", "Name the standard.", ""),
    ):
        for cell, text in zip(table.add_row().cells, values):
            cell.text = text
    path = tmp_path / "office-e.docx"
    document.save(path)
    result = import_comments(registry_copy, path, "--edition", "cws11", "--as", "office-e")
    assert result.code == 0, result.err
    assert result.out.endswith(": 2 comments from 1 commenter on cws11 (2 table rows)\n")
    found = read(registry_copy, "office-e")
    assert [(str(c.address), c.source.at) for c in found.comments] == [
        ("cws11:R6/a", "table 1, row 2"),
        ("cws11:R7/a/iii", "table 1, row 3"),
    ]


def test_add_keeps_the_comments_and_their_ids_and_adds_the_new(tmp_path, registry_copy):
    first = tmp_path / "first.csv"
    first.write_text("MB/NC,Clause,Comments\nOffice A,R1(a),One.\nOffice A,R2(a),Two.\n", encoding="utf-8")
    later = tmp_path / "later.csv"
    later.write_text("MB/NC,Clause,Comments\nOffice A,R1(b),Three.\nOffice B,R1(a),Four.\n", encoding="utf-8")
    assert import_comments(registry_copy, first, "--edition", "cws11", "--as", "circular").code == 0
    again = import_comments(registry_copy, later, "--edition", "cws11", "--as", "circular")
    assert again.code == 2 and "exists already" in again.err
    result = import_comments(registry_copy, later, "--edition", "cws11", "--as", "circular", "--add")
    assert result.code == 0, result.err
    assert result.out.endswith(": 4 comments from 2 commenters on cws11 (2 added: 2 table rows)\n")
    found = read(registry_copy, "circular")
    # Those kept first, as they were; the new ones after them, in the edition's order.
    assert [(c.id, c.comment) for c in found.comments] == [
        ("office-a-1", "One."),
        ("office-a-2", "Two."),
        ("office-b-1", "Four."),
        ("office-a-3", "Three."),
    ]


def test_usage_errors_name_their_option(tmp_path, tmp_path_factory, registry_copy, monkeypatch):
    assert import_comments(registry_copy, CSV, "--edition", "cws11", "--as", "Bad Name").err_lines == [
        "recreg: --as: 'Bad Name' cannot name a comment set (expected lower-case letters, digits and hyphens, at most 64)"
    ]
    monkeypatch.chdir(tmp_path_factory.mktemp("elsewhere"))  # no registry here: the bundled one, which is read-only
    bundled = recreg("comments", "import", CSV, "--edition", "cws11", "--as", "x")
    assert bundled.code == 2 and "the one bundled with recreg is read-only" in bundled.err
    text = tmp_path / "notes.txt"
    text.write_text("x", encoding="utf-8")
    assert import_comments(registry_copy, text, "--edition", "cws11", "--as", "x").err_lines == [
        f"recreg: {text}: cannot read comments from a '.txt' file (expected a .docx with Word comments, or an .xlsx, .csv or "
        ".docx comment table)"
    ]


def test_recreg_import_keeps_the_word_comments_of_an_imported_document(tmp_path, registry_copy, comments):
    copy = example_copy(tmp_path)
    result = recreg("--registry", registry_copy, "import", copy, "--as", "commented", "--derives-from", "cws11")
    assert result.code == 0, result.err
    assert result.out.endswith(f"; kept 12 Word comments from 3 commenters in {comments / 'commented.yaml'}\n")
    kept = read(registry_copy, "commented")
    assert kept.edition == "commented" and kept.title == "Word comments in copy.docx, imported with commented"
    example = [c.content()[2:] for c in read_comments_from_csv(registry_copy)]
    assert [c.content()[2:] for c in kept.comments] == example  # the same words, types, proposals and dispositions
    assert recreg("--registry", registry_copy, "validate").code == 0
    # A comment file of that name already there: refused before anything is written.
    (registry_copy / "commented.yaml").unlink()
    again = recreg("--registry", registry_copy, "import", copy, "--as", "commented", "--derives-from", "cws11")
    assert again.code == 2
    assert again.err_lines == [
        f"recreg: {comments / 'commented.yaml'}: the document has 12 Word comments, and "
        f"{comments / 'commented.yaml'} exists already (expected another edition id (--as), or move "
        "the comment file away)"
    ]
    assert not (registry_copy / "commented.yaml").exists()


def read_comments_from_csv(registry: Path):
    assert import_comments(registry, CSV, "--edition", "cws11", "--as", "from-csv").code == 0
    return read(registry, "from-csv").comments


def test_tracked_changes_in_a_copy_are_said_not_to_be_comments(tmp_path, registry_copy):
    from docx import Document
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement

    copy = copy_with(
        tmp_path / "copy.docx", REGISTRY / "cws11.yaml", [("R1/a", "ICT Strategy", "Lower case.", "Office A")]
    )
    document = Document(str(copy))
    paragraph = document.tables[0].rows[1].cells[1].paragraphs[1]  # (b)
    inserted = OxmlElement(
        "w:ins", {qn("w:id"): "90", qn("w:author"): "Office A", qn("w:date"): "2024-02-01T00:00:00Z"}
    )
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = " and publish"
    run.append(text)
    inserted.append(run)
    paragraph._p.append(inserted)
    document.save(copy)
    result = import_comments(registry_copy, copy, "--edition", "cws11", "--as", "tracked")
    assert result.code == 0, result.err
    assert result.out_lines[1] == (
        "note: 1 tracked change in the Word documents are proposed edits, not comments: the "
        "comments were read on the text without them"
    )


def test_the_example_comment_file_is_what_the_csv_imports_as(registry_copy, comments):
    from comment_documents import EXAMPLES

    result = import_comments(
        registry_copy,
        CSV,
        "--edition",
        "cws11",
        "--as",
        "draft-ten-comments",
        "--title",
        "Example comments on the draft ten (fictional offices)",
    )
    assert result.code == 0, result.err
    written = (comments / "draft-ten-comments.yaml").read_text(encoding="utf-8").split("\n", 1)
    shipped = (EXAMPLES / "draft-ten-comments.yaml").read_text(encoding="utf-8").split("\n", 1)
    # The same but for the modeline, which points at the schema from where each file stands.
    assert shipped[1] == written[1]
    assert shipped[0] == "# yaml-language-server: $schema=../../schemas/comments.schema.json"


def test_the_notes_recreg_writes_into_its_own_diff_are_left_out_and_said_so(tmp_path, registry_copy, comments):
    diff = tmp_path / "changes.docx"
    assert recreg("--registry", registry_copy, "diff", "cws11", "cws12", "--format", "docx", "-o", diff).code == 0
    result = recreg("--registry", registry_copy, "import", diff, "--as", "accepted", "--tracked", "accept")
    assert result.code == 0, result.err
    # 13 changes of modality, the move, the split on both its parts, and the ten rows inserted whole (one each).
    assert result.out.endswith("; left out 26 comments recreg wrote itself (its notes on a diff)\n")
    assert not comments.exists()
    # Read as comments: on the text before the changes (the draft), or with them accepted (the adopted ten).
    draft = import_comments(registry_copy, diff, "--edition", "cws11", "--as", "draft")
    assert draft.code == 0 and draft.out_lines[0].endswith(": 26 comments from 1 commenter on cws11 (26 Word comments)")
    adopted = import_comments(registry_copy, diff, "--edition", "cws12", "--as", "adopted", "--tracked", "accept")
    assert adopted.code == 0 and adopted.out == (
        f"wrote {comments / 'adopted.yaml'}: 26 comments from 1 commenter on cws12 (26 Word comments)\n"
    )
    # cws11 -> cws12 changes its columns, so every row is deleted and inserted whole, and the comments of those
    # rows stand on their pair's line of the summary table (LibreOffice keeps a row holding a comment).
    moved = next(
        c
        for c in read(registry_copy, "adopted").comments
        if c.comment == "Moved here from Recommendation 3(c) of the draft"
    )
    assert moved.address is None and moved.source.at.startswith("Word comment 8, table 1, row 6, cell 3")


def test_comment_sets_are_listed_as_text_and_json(registry_copy):
    import json

    assert recreg("--registry", registry_copy, "comments", "list").out == (
        "no comment sets (recreg comments import FILE --edition EDITION --as NAME writes one)\n"
    )
    assert import_comments(registry_copy, CSV, "--edition", "cws11", "--as", "example").code == 0
    assert recreg("--registry", registry_copy, "comments", "list").out == (
        "example  on cws11  12 comments from 3 commenters, 0 open  Comments on cws11\n"
    )
    listed = json.loads(recreg("--registry", registry_copy, "comments", "list", "--format", "json").out)
    assert [{k: v for k, v in s.items() if k != "path"} for s in listed] == [
        {"id": "example", "title": "Comments on cws11", "edition": "cws11", "comments": 12, "commenters": 3, "open": 0}
    ]


def test_a_csv_problem_names_the_file_line_its_row_starts_on_after_a_comment_with_line_breaks(
    tmp_path, registry_copy, comments
):
    # A comment written in paragraphs (a form's long answer) spans several lines of the file:
    # the line to open is where the bad row starts, not its row number.
    table = tmp_path / "paragraphs.csv"
    table.write_text(
        BAD_TABLE.splitlines()[0]
        + '\nOffice A,Recommendation 3,(c),te,,"First paragraph.\n\nSecond paragraph.",,\n'
        + "Office A,Recommendation 3,(c),major,,A comment.,,\n",
        encoding="utf-8",
    )
    result = import_comments(registry_copy, table, "--edition", "cws11", "--as", "paragraphs")
    assert result.code == 1
    assert result.err_lines[0].startswith(f"{table}:5:4: 'major' is not a type of comment (at cell D3,")
