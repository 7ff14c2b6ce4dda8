"""LibreOffice reads what recreg writes of comments: the commented export survives a resave, the disposition opens.

A delegate opens recreg's export in LibreOffice, adds nothing, and saves it as Word again:
the comments must come back the same. The disposition's Word document and workbook must
open and print (converted to PDF). Skips without LibreOffice, as tests/test_libreoffice.py does.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from comment_documents import CSV, example_copy, import_comments
from conftest import recreg
from test_comments_export import same_comments
from test_libreoffice import SOFFICE, soffice, to_pdf, words

pytestmark = pytest.mark.skipif(
    not SOFFICE, reason="needs LibreOffice (libreoffice-writer-nogui, libreoffice-calc-nogui)"
)


@pytest.fixture
def profile():
    """A fresh LibreOffice profile folder, removed afterwards (as tests/test_libreoffice.py makes one)."""
    folder = Path(tempfile.mkdtemp(prefix="recreg-lo-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def example(registry_copy) -> Path:
    assert import_comments(registry_copy, CSV, "--edition", "cws11", "--as", "example").code == 0
    return registry_copy


def resave(profile: Path, document: Path, folder: Path) -> Path:
    """Open a document in LibreOffice and save it as Word again (MS Word 2007 XML), as a delegate would."""
    folder.mkdir(exist_ok=True)
    result = soffice(profile, "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(folder), str(document))
    saved = folder / document.name
    assert result.returncode == 0 and saved.is_file(), result.stdout + result.stderr
    return saved


def test_comments_exported_then_resaved_by_libreoffice_read_back_the_same(example, tmp_path, profile):
    exported = tmp_path / "cws11-commented.docx"
    assert (
        recreg(
            "--registry", example, "export", "cws11", "--format", "docx", "--comments", "example", "-o", exported
        ).code
        == 0
    )
    saved = resave(profile, exported, tmp_path / "resaved")
    result = import_comments(example, saved, "--edition", "cws11", "--as", "resaved")
    assert result.code == 0, result.err
    assert result.out.endswith(": 12 comments from 3 commenters on cws11 (12 Word comments)\n")
    same_comments(example, "example", "resaved")


def test_a_copy_made_in_word_style_survives_a_libreoffice_resave(example, tmp_path, profile):
    copy = example_copy(tmp_path)
    saved = resave(profile, copy, tmp_path / "resaved")
    assert import_comments(example, saved, "--edition", "cws11", "--as", "copy").code == 0
    same_comments(example, "example", "copy")


def test_the_disposition_opens_in_libreoffice_as_word_and_workbook(example, tmp_path, profile):
    for format_name in ("docx", "xlsx"):
        path = tmp_path / f"disposition-{format_name}.{format_name}"
        result = recreg(
            "--registry", example, "comments", "disposition", "example", "--format", format_name, "-o", path
        )
        assert result.code == 0, result.err
        text = words(to_pdf(profile, path, f"disposition-{format_name}"))
        assert "Office A" in text and "office-c-3" in text and "Proposed change made?" in text
        if format_name == "docx":  # a workbook's PDF runs column by column
            assert "MOVED to Recommendation 5(d)" in text and "ORPHANED: the quoted words were deleted from" in text
