"""recreg export EDITION --format docx --comments NAME: the comments written back as Word comments on their words.

A Word comment covers its words exactly (checked in the document's XML, as Word reads it),
carries its commenter as author and its fields in labelled paragraphs, and the document
imports back as the same comments.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from comment_documents import CSV, import_comments
from conftest import recreg

from recreg.comments.model import read_comments
from recreg.registry.folder import Registry

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def example(registry_copy) -> Path:
    assert import_comments(registry_copy, CSV, "--edition", "cws11", "--as", "example").code == 0
    return registry_copy


def covered(docx: Path) -> dict[str, str]:
    """Return the text each comment covers, by comment id, reading the document's XML in order."""
    from lxml import etree

    with zipfile.ZipFile(docx) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    open_ranges: dict[str, list[str]] = {}
    found: dict[str, str] = {}
    for node in root.iter():
        if node.tag == f"{W}commentRangeStart":
            open_ranges[node.get(f"{W}id")] = []
        elif node.tag == f"{W}commentRangeEnd":
            found[node.get(f"{W}id")] = "".join(open_ranges.pop(node.get(f"{W}id")))
        elif node.tag == f"{W}t":
            for parts in open_ranges.values():
                parts.append(node.text or "")
        elif node.tag == f"{W}p":
            for parts in open_ranges.values():
                if parts:
                    parts.append("¶")
    return found


def same_comments(registry: Path, first: str, second: str) -> None:
    found = Registry(registry)
    a = read_comments(registry.parent / "comments" / f"{first}.yaml", found)
    b = read_comments(registry.parent / "comments" / f"{second}.yaml", found)
    assert [c.content() for c in b.comments] == [c.content() for c in a.comments]
    assert [c.id for c in b.comments] == [c.id for c in a.comments]


def test_each_comment_covers_its_words_and_reads_back_as_itself(example, tmp_path):
    from docx import Document

    path = tmp_path / "cws11-commented.docx"
    result = recreg("--registry", example, "export", "cws11", "--format", "docx", "--comments", "example", "-o", path)
    assert result.code == 0, result.err
    comments = {str(c.comment_id): c for c in Document(str(path)).comments}
    assert len(comments) == 12
    texts = covered(path)
    by_text = {comments[key].text.split("\n")[0]: words for key, words in texts.items()}
    assert by_text["Sharing governance documents cannot be asked of every office."] == "IP offices should share"
    assert by_text["These adjectives add nothing."] == "massive, publicly-available"
    assert by_text["Use the project's own name."] == "Unified API catalog"
    # A general comment is on the title; one on a whole action covers it and its sub-items.
    assert (
        by_text["The draft should say how the implementation of each recommendation will be evaluated."]
        == "Proposed Recommendations on ICT and IP administration"
    )
    whole = by_text["The list of projects will date quickly."]
    assert whole.startswith("(a) IP offices should actively participate") and whole.endswith(
        "following WIPO Standard ST.37."
    )
    first = next(c for c in comments.values() if c.text.startswith("Sharing governance"))
    assert first.author == "Office A"
    assert first.text == (
        "Sharing governance documents cannot be asked of every office.\nType: editorial\n"
        "Proposed change: replace “should” with “are encouraged to”\nDisposition: accepted"
    )
    back = import_comments(example, path, "--edition", "cws11", "--as", "back")
    assert back.code == 0, back.err
    same_comments(example, "example", "back")


def test_a_comment_on_a_footnote_is_written_in_the_footnote_and_read_back(example, tmp_path):
    table = tmp_path / "adopted.csv"
    table.write_text(
        "MB/NC,Clause,Paragraph,Quoted text,Comments\n"
        "Office A,Recommendation 6,footnote 2,Global Identifier Project,Which phase of the project?\n"
        "Office A,Recommendation 6,(a),cooperative projects,Which ones?\n",
        encoding="utf-8",
    )
    assert import_comments(example, table, "--edition", "cws12", "--as", "adopted").code == 0
    path = tmp_path / "cws12-commented.docx"
    assert (
        recreg("--registry", example, "export", "cws12", "--format", "docx", "--comments", "adopted", "-o", path).code
        == 0
    )
    with zipfile.ZipFile(path) as package:
        assert b"commentRangeStart" in package.read("word/footnotes.xml") or b"commentRangeStart" in package.read(
            "word/document.xml"
        )
    back = import_comments(example, path, "--edition", "cws12", "--as", "adopted-back")
    assert back.code == 0, back.err
    same_comments(example, "adopted", "adopted-back")


def test_comments_go_only_into_word_documents_of_their_own_edition(example, tmp_path):
    wrong = recreg(
        "--registry", example, "export", "cws12", "--format", "docx", "--comments", "example", "-o", tmp_path / "x.docx"
    )
    assert wrong.err_lines == [
        "recreg: --comments: comment set 'example' is on cws11, not cws12 (expected export cws11 with them (where they landed "
        "in cws12: recreg comments disposition example --to cws12))"
    ]
    sheet = recreg(
        "--registry", example, "export", "cws11", "--format", "xlsx", "--comments", "example", "-o", tmp_path / "x.xlsx"
    )
    assert sheet.err_lines == [
        "recreg: --comments: comments are written into Word documents only (expected --format docx)"
    ]
    assert not (tmp_path / "x.docx").exists() and not (tmp_path / "x.xlsx").exists()
