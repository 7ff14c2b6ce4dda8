"""The reviewer formats: golden files for cws11 -> cws12, and the Markdown read back as GitHub would.

Golden files: ``tests/golden/cws11-cws12.md`` and ``tests/golden/cws11-cws12.html`` hold the
exact output of ``recreg diff cws11 cws12 --format markdown|html``. After an intended change
of output, regenerate them and review the difference like code::

    RECREG_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_render_markdown.py -k golden

The Markdown is parsed with markdown-it-py (CommonMark with GFM tables and strikethrough,
raw HTML allowed as on GitHub) and the assertions are on the parsed document, not on text.
"""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from recreg.cli import run
from recreg.engine.diff import diff
from recreg.registry.folder import Registry
from recreg.render import markdown

ROOT = Path(__file__).resolve().parents[1]
REGISTRY = ROOT / "registry"
GOLDEN = Path(__file__).resolve().parent / "golden"

# Everything a text could smuggle into a page or a table: a script, a cell separator,
# emphasis, a link, strikethrough, code, an entity, a backslash and a heading.
HOSTILE = (
    '<script>alert("x")</script> | **bold** _em_ [link](https://example.org) ~~gone~~ '
    "`code` &amp; back\\slash # not a heading"
)


def cli(*argv) -> tuple[int, str, str]:
    """Run recreg in-process; return exit code, standard output and standard error."""
    out, err = io.StringIO(), io.StringIO()
    code = run([str(a) for a in argv], out, err)
    assert "Traceback" not in out.getvalue() + err.getvalue()
    return code, out.getvalue(), err.getvalue()


def hostile_registry(tmp_path: Path) -> Path:
    """Copy the registry, putting the hostile text into two texts of cws12.

    One is an action that changes from cws11 (so it appears in word diffs), the other a
    statement (so it stands in a table cell of the edition document).
    """
    root = Path(shutil.copytree(REGISTRY, tmp_path / "registry"))
    path = root / "cws12.yaml"
    text = path.read_text(encoding="utf-8")
    for old in ("in line with their business strategy.", "including measures for annual evaluation."):
        assert text.count(old) == 1
        escaped = HOSTILE.replace("\\", "\\\\").replace('"', '\\"')
        text = text.replace(old, f"{old[:-1]} {escaped}.")
    path.write_text(text, encoding="utf-8")
    return root


def parser() -> MarkdownIt:
    """Return a parser that reads Markdown as GitHub does (tables, strikethrough, raw HTML)."""
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def tables(tokens) -> list[list[list[str]]]:
    """Return each table of a token stream as rows of cell contents (header row first)."""
    found, row, rows = [], None, None
    for n, token in enumerate(tokens):
        if token.type == "table_open":
            rows = []
        elif token.type == "table_close":
            found.append(rows)
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close":
            rows.append(row)
        elif token.type in {"th_open", "td_open"}:
            row.append(tokens[n + 1].content)
    return found


@pytest.fixture(scope="module")
def cws_result():
    registry = Registry(REGISTRY)
    return diff(registry.edition("cws11"), registry.edition("cws12"))


@pytest.mark.parametrize("format_name,suffix", [("markdown", "md"), ("html", "html")])
def test_golden_cws11_to_cws12(format_name, suffix):
    code, out, err = cli("--registry", REGISTRY, "diff", "cws11", "cws12", "--format", format_name)
    assert code == 0 and not err
    golden = GOLDEN / f"cws11-cws12.{suffix}"
    if os.environ.get("RECREG_UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(out, encoding="utf-8", newline="")
    assert golden.exists(), f"no golden file {golden}: run with RECREG_UPDATE_GOLDEN=1"
    assert out == golden.read_text(encoding="utf-8"), (
        f"output differs from {golden.name} (RECREG_UPDATE_GOLDEN=1 to accept)"
    )


def test_output_is_deterministic_and_names_no_local_path(cws_result):
    text = markdown.render_diff(cws_result)
    assert text == markdown.render_diff(cws_result)
    assert str(ROOT) not in text and "/tmp" not in text


def test_summary_table_has_a_row_per_pair(cws_result):
    text = markdown.render_diff(cws_result)
    summary = tables(parser().parse(text))[0]
    head, rows = summary[0], summary[1:]
    assert head == ["Old", "New", "What changed", "Modality", "Lineage"]
    assert len(rows) == len(cws_result.pairs) == 10
    for row, pair in zip(rows, cws_result.pairs):
        assert f"[R{pair.before.number}]" in row[0] and f"[R{pair.after.number}]" in row[1]
        weakened = any(c.kind == "modality" for c in pair.changes)
        assert ("weakened" in row[3]) == weakened
    # Old R1 became R2, softened twice ("should" -> "are encouraged to" in (a) and (b)).
    assert rows[1][:2] == ["[R1](#new-r2)", "[R2](#new-r2)"] and "weakened** ×2" in rows[1][3]


def test_each_changed_recommendation_has_a_section_its_summary_row_links_to(cws_result):
    tokens = parser().parse(markdown.render_diff(cws_result))
    headings = [tokens[n + 1].content for n, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h3"]
    assert headings[0] == "Summary"
    assert [h.split("<a")[0] for h in headings[1:]] == [
        f"R{p.before.number} → R{p.after.number} · {p.after.id}" for p in cws_result.pairs
    ]
    html = parser().render(markdown.render_diff(cws_result))
    for pair in cws_result.pairs:
        anchor = f"new-r{pair.after.number}"
        assert f'href="#{anchor}"' in html and f'<a id="{anchor}"></a>' in html


def test_word_diffs_use_tags_that_github_keeps(cws_result):
    html = parser().render(markdown.render_diff(cws_result))
    assert "IP offices <del><b>should</b></del> <ins><b>are encouraged to</b></ins> develop an ICT" in html
    # The footnote marker of R6/a is a superscript, never Markdown footnote syntax.
    assert "cooperative projects<ins><sup>2</sup></ins>" in html
    assert "[^" not in markdown.render_diff(cws_result)


def test_long_texts_fold_into_details():
    from recreg.engine.textdiff import Edit

    words = " ".join(f"w{n}" for n in range(80))
    edits = [Edit("equal", words), Edit("delete", " old"), Edit("insert", " new"), Edit("equal", " " + words)]
    short = markdown.condense(edits)
    assert short[0].text.startswith("…") and short[0].text.endswith(" w79")
    assert short[-1].text == " w0 w1 w2 w3 w4 w5 …"
    assert "".join(e.text for e in short if e.op != "equal") == " old new"


def test_hostile_text_is_escaped_in_markdown(tmp_path):
    root = hostile_registry(tmp_path)
    code, out, err = cli("--registry", root, "diff", "cws11", "cws12", "--format", "markdown")
    assert code == 0, err
    assert "<script" not in out
    tokens = parser().parse(out)
    html = parser().render(out)
    # No tag, emphasis, link, strikethrough or code span came from the text...
    assert "<script" not in html and "<strong>bold" not in html and "<em>em" not in html
    assert 'href="https://example.org"' not in html and "<s>gone" not in html and "<code>code" not in html
    # ...which reads as written.
    assert (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; | **bold** _em_ [link](https://example.org) ~~gone~~" in html
    )
    assert "`code` &amp;amp; back\\slash # not a heading" in html
    # The pipe split no table row.
    for table in tables(tokens):
        assert len({len(row) for row in table}) == 1


def test_hostile_text_is_escaped_in_an_edition_table(tmp_path):
    root = hostile_registry(tmp_path)
    code, out, err = cli("--registry", root, "render", "cws12", "--format", "markdown")
    assert code == 0, err
    (table,) = tables(parser().parse(out))
    assert all(len(row) == 3 for row in table)
    statement = parser().render(out).split("<td>")[4]  # Recommendation 2's statement cell
    assert "&lt;script&gt;" in statement and "| **bold**" in statement and "<strong>bold" not in statement


def test_edition_document_reads_like_the_annex():
    code, out, err = cli("--registry", REGISTRY, "render", "cws12", "--format", "markdown")
    assert code == 0 and not err
    (table,) = tables(parser().parse(out))
    assert table[0] == ["Recommendations", "Recommended Actions", "Related earlier numbers"]
    assert len(table) == 11
    assert table[6][0].startswith("**Recommendation 6:**<br>IP offices are encouraged to contribute")
    assert "cooperative projects<sup>2</sup> that the CWS approved" in table[6][1]
    assert table[1][2] == "cws11: R4<br>r40: R1, R2, R6, R36, R39"
    assert "<sup>2</sup> Such as the Global Identifier Project" in out


def test_missing_texts_of_the_40_are_shown_as_missing():
    code, out, _ = cli("--registry", REGISTRY, "render", "r40", "--format", "markdown")
    assert code == 0
    (table,) = tables(parser().parse(out))
    missing = Registry(REGISTRY).edition("r40").counts["missing_texts"]
    assert len(table) == 41
    assert sum("*Text missing from the sources; see CWS/6/3, Annex.*" in row[0] for row in table) == missing > 30
