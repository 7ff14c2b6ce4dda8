"""Documents with comments, made as people make them: python-docx copies with Word comments, openpyxl and CSV tables.

The example's own scripts (`examples/comments/make_xlsx.py`, `make_copy.py`) build the
workbook and the Word copy; `copy_with` builds a copy of any edition file with comments on
chosen words, for the cases the example does not hold.
"""

from __future__ import annotations

import runpy
import shutil
import sys
from pathlib import Path

from conftest import REGISTRY, ROOT, recreg

EXAMPLES = ROOT / "examples" / "comments"
CSV = EXAMPLES / "draft-ten-comments.csv"


def script(name: str) -> dict:
    """Return the functions of one of the example's scripts."""
    return runpy.run_path(str(EXAMPLES / name))


def run_script(name: str, *argv: str | Path) -> None:
    """Run an example script as its usage line says."""
    saved = sys.argv
    sys.argv = [name, *map(str, argv)]
    try:
        runpy.run_path(str(EXAMPLES / name), run_name="__main__")
    finally:
        sys.argv = saved


def example_xlsx(folder: Path) -> Path:
    path = folder / "draft-ten-comments.xlsx"
    run_script("make_xlsx.py", CSV, path)
    return path


def example_copy(folder: Path, registry: Path = REGISTRY) -> Path:
    path = folder / "copy.docx"
    run_script("make_copy.py", CSV, path, registry / "cws11.yaml")
    return path


def copy_with(
    path: Path, edition_file: Path, comments: list[tuple[str, str | None, str, str]], title_comment: str | None = None
) -> Path:
    """Write a copy of an edition in the annex layout with Word comments.

    Args:
        comments: (node, words, text, author): the node as ``R3/c`` (``R3`` its statement
            paragraph, ``R3#`` its heading), the words to comment on in that paragraph
            (None: the whole paragraph), the comment's text and its author.
    """
    from docx import Document
    from ruamel.yaml import YAML

    functions = script("make_copy.py")
    edition = YAML(typ="safe").load(edition_file.read_text(encoding="utf-8"))
    document = Document()
    title = document.add_paragraph().add_run(edition["title"])
    paragraphs = functions["annex"](document, edition)
    for node, words, text, author in comments:
        paragraph = paragraphs[node][0]
        runs = [functions["words_run"](paragraph, words)] if words else paragraph.runs
        document.add_comment(runs, text=text, author=author)
    if title_comment:
        document.add_comment([title], text=title_comment, author="Office Z")
    document.save(path)
    return path


def registry_copy_at(folder: Path) -> Path:
    """Copy the bundled registry into a folder of its own (comments/ is written beside it)."""
    return Path(shutil.copytree(REGISTRY, folder / "registry"))


def import_comments(registry: Path, *argv: str | Path):
    return recreg("--registry", registry, "comments", "import", *argv)
