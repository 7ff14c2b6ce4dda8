"""The HTML report and edition page: self-contained, escaped, and written to files safely.

The page is parsed with the standard library's HTML parser; what a browser makes of it is
tested in test_browser.py. The golden file test for both formats is in test_render_markdown.py.
"""

from __future__ import annotations

import os
import stat
from html.parser import HTMLParser
from pathlib import Path

import pytest
from test_render_markdown import HOSTILE, REGISTRY, cli, hostile_registry

from recreg.errors import RecregError
from recreg.fileio import write_atomic


class Page(HTMLParser):
    """Collect a page's elements (tag and attributes) and its text."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def having(self, tag: str, css: str | None = None) -> list[dict]:
        """Return the attributes of the elements of a tag (and class)."""
        return [a for t, a in self.elements if t == tag and (css is None or css in (a.get("class") or "").split())]


@pytest.fixture(scope="module")
def report() -> str:
    code, out, err = cli("--registry", REGISTRY, "diff", "cws11", "cws12", "--format", "html")
    assert code == 0 and not err
    return out


def test_report_is_one_self_contained_file(report):
    page = Page(report)
    assert not page.having("script") and not page.having("img") and not page.having("iframe")
    assert [a["rel"] for a in page.having("link")] == ["icon"] and page.having("link")[0]["href"] == "data:,"
    assert "http://" not in report and "https://" not in report and "url(" not in report and "@import" not in report
    csp = next(a["content"] for a in page.having("meta") if a.get("http-equiv") == "Content-Security-Policy")
    assert csp.startswith("default-src 'none'")
    assert "@media print" in report and "@media (max-width:640px)" in report
    assert page.having("meta")[1] == {"name": "viewport", "content": "width=device-width, initial-scale=1"}


def test_summary_links_every_changed_pair_to_its_section(report):
    page = Page(report)
    assert len(page.having("table", "summary")) == 1
    sections = {a["id"] for a in page.having("section", "pair")}
    assert len(sections) == 10
    links = {a["href"][1:] for a in page.having("a") if a.get("href", "").startswith("#new-")}
    assert links == sections


def test_modality_changes_are_highlighted_with_a_legend(report):
    page = Page(report)
    assert page.having("section", "legend")
    marks = page.having("mark", "m-weakened")
    # Each of the 13 softenings marks "should" struck and "are encouraged to" put in, in
    # both the inline and the side-by-side view; the moved action R3(c) -> R5(d) is shown
    # in the sections of both R3 and R5, so its softening is marked twice over.
    assert len(marks) == (13 + 1) * 2 * 2
    # Seven of the ten adopted recommendations were softened somewhere.
    assert len([a for a in page.having("tr") if a.get("class") == "m-weakened"]) == 7
    assert "▼ weakened" in "".join(page.text)


def test_both_views_and_the_lineage_are_there(report):
    page = Page(report)
    inline, sides = page.having("p", "inline"), page.having("div", "side")
    assert len(inline) == len(sides) > 30
    assert [a["id"] for a in page.having("input")] == ["view-inline", "view-side"]
    assert "lineage: r40:R1, r40:R2, r40:R6, r40:R36, r40:R39" in "".join(page.text)


def test_hostile_text_is_escaped_in_html(tmp_path):
    root = hostile_registry(tmp_path)
    for argv in (["diff", "cws11", "cws12"], ["render", "cws12"]):
        code, out, err = cli("--registry", root, *argv, "--format", "html")
        assert code == 0, err
        page = Page(out)
        assert not page.having("script"), argv
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in out
        # The parser decodes the entities: the reader sees the text exactly as recorded.
        assert HOSTILE in " ".join("".join(page.text).split())


def test_edition_page_reads_like_the_annex_with_its_footnote():
    code, out, err = cli("--registry", REGISTRY, "render", "cws12", "--format", "html")
    assert code == 0 and not err
    page = Page(out)
    text = " ".join(" ".join(page.text).split())
    assert "Recommendations Recommended Actions Related earlier numbers" in text
    assert len(page.having("tr")) == 11
    assert "Recommendation 6:" in text and "cooperative projects 2 that the CWS approved or noted." in text
    assert {"href": "#R6-fn2"} in page.having("a") and page.having("p")[-1] == {"id": "R6-fn2"}
    assert "2 Such as the Global Identifier Project" in text
    assert "cws11: R4 r40: R1, R2, R6, R36, R39" in text


def test_missing_texts_of_the_40_are_marked(tmp_path):
    code, out, _ = cli("--registry", REGISTRY, "render", "r40", "--format", "html")
    assert code == 0
    assert out.count('<span class="missing">Text missing from the sources; see CWS/6/3, Annex.</span>') > 30


def test_show_offers_the_document_formats_for_one_node():
    code, out, err = cli("--registry", REGISTRY, "show", "cws12:R6/a", "--format", "html")
    assert code == 0 and not err
    assert "(a)" in out and "(b)" not in out and 'id="R6-fn2"' in out


def test_render_text_is_the_terminal_layout():
    code, out, err = cli("--registry", REGISTRY, "render", "cws12", "--format", "text")
    assert code == 0 and not err
    assert out.startswith("RECOMMENDATIONS ON ICT AND INTELLECTUAL PROPERTY ADMINISTRATION\n")
    assert "Recommendation 10:" in out and "Such as the Global Identifier" in out


@pytest.mark.parametrize("command", [["diff", "cws11", "cws12"], ["render", "cws12"]])
def test_output_option_writes_the_file_and_nothing_else(tmp_path, command):
    target = tmp_path / "report.html"
    code, out, err = cli("--registry", REGISTRY, *command, "--format", "html", "-o", target)
    assert (code, out, err) == (0, "", "")
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]  # no temporary file left


def test_output_to_a_dash_path_is_a_file_and_a_lone_dash_is_stdout(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = cli("--registry", REGISTRY, "diff", "cws11", "cws12", "--format", "markdown", "-o", "-report.md")
    assert code == 0 and out == "" and (tmp_path / "-report.md").is_file()
    code, out, _ = cli("--registry", REGISTRY, "diff", "cws11", "cws12", "--format", "markdown", "--output", "-")
    assert code == 0 and out.startswith("## cws11 → cws12")


@pytest.mark.parametrize("where", ["missing-folder/report.html", "."])
def test_an_unwritable_output_is_one_line_naming_the_file(tmp_path, where):
    target = tmp_path / where
    code, out, err = cli("--registry", REGISTRY, "diff", "cws11", "cws12", "--format", "html", "-o", target)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith(f"recreg: {target}: cannot write the file: ")


def test_write_atomic_keeps_the_old_file_when_it_fails(tmp_path, monkeypatch):
    target = tmp_path / "report.md"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)

    def refuse(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(RecregError, match="report.md: cannot write the file: Permission denied"):
        write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]


def test_write_atomic_gives_the_file_its_usual_mode(tmp_path):
    existing = tmp_path / "kept.md"
    existing.write_text("old", encoding="utf-8")
    existing.chmod(0o640)
    write_atomic(existing, "new\r\n")
    assert stat.S_IMODE(existing.stat().st_mode) == 0o640
    assert existing.read_bytes() == b"new\r\n"
    fresh = tmp_path / "fresh.md"
    umask = os.umask(0o022)
    try:
        write_atomic(fresh, "x")
    finally:
        os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o644
    assert Path(fresh).read_text(encoding="utf-8") == "x"
