"""Text, Markdown, HTML and DOCX say the same about a diff: per pair, what changed and which texts each side shows.

Each format is read back from the document alone (tests/report_reading.py). For every pair
the four formats name the same changes; text, Markdown and HTML show the same texts on the
same sides; the Word document holds each of them in the view of its side (every tracked
change rejected for the old side, accepted for the new); and every text a side shows is
part of that side's edition, so no report puts one edition's words under the other.
"""

from __future__ import annotations

import pytest
from conftest import recreg
from drafted import write_cws13
from oscal_catalogs import write
from report_reading import normal, read_docx, read_html, read_markdown, read_text

from recreg import load_registry
from recreg.edition.oscal import read_catalog


def edition_text(edition) -> str:
    """Return every text of an edition in reading order, normalised."""
    texts = []
    for rec in edition.recommendations:
        texts.append(rec.statement or "")
        for action in rec.actions:
            texts += [action.text, *(item.text for item in action.items)]
        texts += [f.text for f in rec.footnotes]
    return normal(" ".join(texts))


DIFFS = [
    ("cws11", "cws12", "auto"),
    ("cws11", "cws12", "text"),
    ("cws12", "cws13", "auto"),
    ("cws12", "cws13", "text"),
    ("cws13", "cws12", "auto"),
]


@pytest.mark.parametrize("old, new, match", DIFFS)
def test_the_four_formats_agree_on_the_cws_editions(registry_copy, tmp_path, old, new, match):
    write_cws13(registry_copy)
    registry = load_registry(registry_copy)
    agree(
        tmp_path,
        ["--registry", registry_copy, "diff", old, new, "--match", match],
        (old, new),
        (edition_text(registry.edition(old)), edition_text(registry.edition(new))),
    )


def test_the_four_formats_agree_on_two_catalogs(tmp_path):
    # A control withdrawn into another (AC-2(1) into AC-2, its words now part c.), labels as NIST prints them.
    catalogs = write(tmp_path)
    agree(
        tmp_path,
        ["diff", catalogs["old.json"], catalogs["new.json"]],
        ("old", "new"),
        tuple(edition_text(read_catalog(catalogs[name])) for name in ("old.json", "new.json")),
    )


def agree(tmp_path, argv: list, labels: tuple[str, str], texts: tuple[str, str]) -> None:
    """Render one diff in the four formats, read each back, and check they agree and show each side's own text."""

    def render(format_name: str, *extra) -> str:
        result = recreg(*argv, "--format", format_name, *extra)
        assert result.code == 0, result.err
        return result.out

    old, new = labels
    text_kinds, text = read_text(render("text"), labels)
    markdown_kinds, markdown = read_markdown(render("markdown"))
    html_kinds, html = read_html(render("html"))
    render("docx", "-o", str(tmp_path / "diff.docx"))
    docx_kinds, rows = read_docx((tmp_path / "diff.docx").read_bytes())

    assert text_kinds == markdown_kinds == html_kinds == docx_kinds
    assert text.keys() == markdown.keys() == html.keys() and text
    old_text, new_text = texts
    old_views, new_views = " | ".join(r[0] for r in rows), " | ".join(r[1] for r in rows)
    for title, shown in text.items():
        assert shown.sorted() == markdown[title].sorted() == html[title].sorted(), title
        for found_texts, edition, views, side in (
            (shown.old, old_text, old_views, old),
            (shown.new, new_text, new_views, new),
        ):
            for found in found_texts:
                assert found in edition, f"{title}: shown under {side}, not in {side}: {found!r}"
                assert found in views, f"{title}: not in the Word document's {side} view: {found!r}"
