"""The published site (recreg site -o DIR): its pages, permalinks, links, search index, and where it may write.

Pages are read with the standard library's HTML parser; what Chromium makes of them (the
crawl, search, forwarding, accessibility) is tested in test_site_browser.py.
"""

from __future__ import annotations

import json
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import REGISTRY, ROOT, recreg, replace_once
from test_render_markdown import HOSTILE, hostile_registry

HISTORY = ROOT / "history"
EXAMPLES = ROOT / "examples" / "survey"


# Elements a browser sets apart on their own lines or cells; the others run on with the text.
BLOCKS = {
    "p",
    "div",
    "li",
    "td",
    "th",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "section",
    "header",
    "footer",
    "main",
    "nav",
    "br",
    "ul",
    "ol",
    "table",
    "figure",
    "figcaption",
    "details",
    "summary",
    "title",
}


class Html(HTMLParser):
    """A page's ids, links (href and src), meta and text, as a browser would read them."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.elements: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.elements.append((tag, attrs))
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name):
                self.links.append(attrs[name])
        if tag == "form" and attrs.get("action"):
            self.links.append(attrs["action"])
        if tag in BLOCKS:
            self.text.append(" ")

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self.text.append(" ")

    def handle_data(self, data):
        self.text.append(data)

    @property
    def words(self) -> str:
        return " ".join("".join(self.text).split())

    def meta(self, name: str) -> str | None:
        return next((a.get("content") for t, a in self.elements if t == "meta" and a.get("name") == name), None)


def pages(site: Path) -> dict[str, Html]:
    """Parse every page of a built site, by path from its root."""
    return {
        path.relative_to(site).as_posix(): Html(path.read_text(encoding="utf-8"))
        for path in sorted(site.rglob("*.html"))
    }


def broken_links(site: Path, parsed: dict[str, Html]) -> list[str]:
    """Return every internal link whose file, or whose fragment on that page, does not exist."""
    broken = []
    for path, page in parsed.items():
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme in {"http", "https", "data", "mailto"}:
                continue
            target = (site / path).parent / unquote(parts.path) if parts.path else site / path
            target = target.resolve()
            if not target.is_file():
                broken.append(f"{path}: {link} (no file)")
                continue
            fragment = unquote(parts.fragment)
            if fragment and fragment not in parsed[target.relative_to(site.resolve()).as_posix()].ids:
                broken.append(f"{path}: {link} (no id {fragment!r})")
    return broken


def build(registry: Path, output: Path) -> Path:
    result = recreg("--registry", registry, "site", "-o", output)
    assert result.code == 0, result.err
    return output


@pytest.fixture(scope="module")
def bundled(tmp_path_factory) -> Path:
    return build(REGISTRY, tmp_path_factory.mktemp("bundled") / "site")


def registry_with_surveys(root: Path) -> Path:
    """A copy of the bundled registry and history, with the example survey of cws12 and the draft ten's of cws11."""
    registry = Path(shutil.copytree(REGISTRY, root / "registry"))
    shutil.copytree(HISTORY, root / "history")
    for source, name, edition in (
        (EXAMPLES / "example-wide.csv", "example", "cws12"),
        (EXAMPLES / "draft-ten-wide.csv", "draft-ten", "cws11"),
    ):
        result = recreg(
            "--registry",
            registry,
            "survey",
            "import",
            source,
            "--edition",
            edition,
            "--as",
            name,
            "--date",
            "2025-06-30",
        )
        assert result.code == 0, result.err
    return registry


def test_the_bundled_registry_becomes_a_site(tmp_path):
    result = recreg("--registry", REGISTRY, "site", "-o", tmp_path / "site")
    assert result.code == 0 and result.err == ""
    assert result.out == (
        f"wrote the site of 3 editions to {tmp_path / 'site'}: 50 recommendations by stable id, "
        f"58 pages and 60 permalinks; open {tmp_path / 'site'}/index.html\n"
    )
    site = tmp_path / "site"
    ids = {p.parent.name for p in (site / "rec").glob("*/index.html")}
    assert len(ids) == 50 and {"digital-transformation", "emerging-technologies", "r01", "r40"} <= ids
    assert sorted(p.relative_to(site).as_posix() for p in (site / "changes").rglob("index.html")) == [
        "changes/cws11/cws12/index.html",
        "changes/r40/cws11/index.html",
    ]
    assert len(list(site.glob("cws11/R*/index.html"))) == 10 and len(list(site.glob("r40/R*/index.html"))) == 40
    assert not (site / "status").exists()  # the bundled registry has no survey


def test_every_internal_link_of_the_site_resolves(bundled):
    parsed = pages(bundled)
    assert broken_links(bundled, parsed) == []
    # Every page has one h1, a main landmark, and the CSP that forbids loading from elsewhere.
    for path, page in parsed.items():
        assert [t for t, _ in page.elements].count("h1") == 1, path
        assert any(t == "main" for t, _ in page.elements), path
        csp = next(
            a["content"] for t, a in page.elements if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
        )
        assert csp.startswith("default-src 'none'; script-src 'self';"), path
        assert not [link for link in page.links if link.startswith(("http:", "https:", "//"))], path


def test_a_permalink_names_the_recommendation_as_its_edition_numbered_it(bundled):
    page = Html((bundled / "cws11" / "R4" / "index.html").read_text(encoding="utf-8"))
    canonical = next(a["href"] for t, a in page.elements if t == "link" and a.get("rel") == "canonical")
    assert canonical == "../../rec/digital-transformation/index.html#cws11:R4"
    assert page.meta("recreg-node") == "cws11:R4"
    assert ("script", {"src": "../../assets/forward.js"}) in page.elements
    # Without scripts the refresh forwards all the same.
    assert (
        '<noscript><meta http-equiv="refresh" content="0; url=../../rec/digital-transformation/index.html#cws11:R4">'
        "</noscript>" in (bundled / "cws11" / "R4" / "index.html").read_text(encoding="utf-8")
    )
    # The stable page is cws12's R1 too, each text anchored by its address, every action and item.
    rec = Html((bundled / "rec" / "digital-transformation" / "index.html").read_text(encoding="utf-8"))
    assert {"cws12:R1", "cws12:R1/a", "cws12:R1/e/iv", "cws11:R4", "cws11:R4/d/ii"} <= rec.ids
    assert "cws12 R1 · cws11 R4" in rec.words and "In use: Recommendation 1 of cws12 (adopted, CWS/12)." in rec.words
    assert "cws11 R4 → cws12 R1 · digital-transformation renumbered" in rec.words
    # Lineage back to the 40, each earlier node linked to its own page.
    assert "cws11:R4 → cws12:R1: matched by the engine: same recorded id" in rec.words
    assert "../../rec/r06/index.html#r40:R6" in rec.links


def test_the_edition_page_is_the_annex_linked_to_each_recommendation(bundled):
    page = Html((bundled / "cws12" / "index.html").read_text(encoding="utf-8"))
    assert "RECOMMENDATIONS ON ICT AND INTELLECTUAL PROPERTY ADMINISTRATION" in page.words
    assert {"R1", "R1/a", "R1/e/iii", "R6-fn2"} <= page.ids
    assert "../rec/emerging-technologies/index.html#cws12:R10" in page.links
    assert "Derives from cws11: cws11 → cws12" in page.words
    assert "cws11: R4 r40: R1, R2, R6, R36, R39" in page.words


def test_the_change_page_is_the_diff_report_linked_to_the_recommendations(bundled):
    page = Html((bundled / "changes" / "cws11" / "cws12" / "index.html").read_text(encoding="utf-8"))
    assert "10 pairs, 64 changes" in page.words
    assert "R7 → R6 · cooperative-projects" in page.words
    assert "../../../rec/cooperative-projects/index.html#cws12:R6" in page.links
    assert [a["id"] for t, a in page.elements if t == "input"] == ["view-inline", "view-side"]


def test_the_home_page_lists_editions_changes_and_the_chronology(bundled):
    page = Html((bundled / "index.html").read_text(encoding="utf-8"))
    words = page.words
    assert (
        "cws12 RECOMMENDATIONS ON ICT AND INTELLECTUAL PROPERTY ADMINISTRATION adopted CWS/12 2024-09-16/2024-09-19 cws11 10"
        in words
    )
    assert "r40 40 RECOMMENDATIONS AND CWS ACTIVITIES noted CWS/6 2018 or 2019-10" in words
    assert "cws11 → cws12: 10 pairs, 64 changes" in words
    assert {"event-cws6", "event-cws12", "event-cws13"} <= page.ids
    assert (
        "form",
        {"class": "search", "id": "search-form", "role": "search", "action": "search/index.html", "method": "get"},
    ) in page.elements


def test_the_search_index_holds_every_text_of_every_edition(bundled):
    script = (bundled / "assets" / "search-index.js").read_text(encoding="ascii")
    assert script.startswith("window.RECREG_SEARCH = ") and script.endswith(";\n")
    data = json.loads(script.removeprefix("window.RECREG_SEARCH = ").removesuffix(";\n"))
    assert data["root"] == "../" and len(data["docs"]) == 60
    hits = [d["url"] for d in data["docs"] if "blockchain" in d["text"].lower()]
    assert hits[:2] == [
        "rec/emerging-technologies/index.html#cws12:R10",
        "rec/emerging-technologies/index.html#cws11:R5",
    ]
    # The library ships with the site, with its licence.
    assert (bundled / "assets" / "minisearch.js").read_text(encoding="utf-8") == (
        ROOT / "src" / "recreg" / "site" / "assets" / "minisearch.js"
    ).read_text(encoding="utf-8")
    assert "Copyright 2022 Luca Ongaro" in (bundled / "assets" / "minisearch.LICENSE.txt").read_text(encoding="utf-8")


def test_an_id_no_longer_in_use_keeps_its_page_saying_what_became_of_it(tmp_path):
    root = tmp_path / "repo"
    registry = Path(shutil.copytree(REGISTRY, root / "registry"))
    shutil.copytree(HISTORY, root / "history")
    assert recreg("--registry", registry, "new", "cws13", "--from", "cws12").code == 0
    path = registry / "cws13.yaml"
    text = path.read_text(encoding="utf-8")
    # R7 removed; R9 merged into R8 (its statement and action become R8's c and d); R10's id renamed.
    start, end = text.index("  - id: standards-participation"), text.index("  - id: reference-architectures")
    text = text[:start] + text[end:]
    start, end = text.index("  - id: ict-projects"), text.index("  - id: emerging-technologies")
    merged = text[start:end]
    text = text[:start] + text[end:]
    last = '        text: "the International Bureau should provide a forum and a platform to share experiences and information as needed."\n'
    statement = merged.split('statement: "')[1].split('"')[0]
    action = merged.split("      - label: a\n", 1)[1].replace("label: a", "label: d")
    text = replace_once(
        text, last, last + f'      - label: c\n        text: "{statement}"\n      - label: d\n' + action
    )
    text = replace_once(
        text, "  - id: reference-architectures\n    number: 8", "  - id: reference-architectures\n    number: 7"
    )
    text = replace_once(
        text, "  - id: emerging-technologies\n    number: 10", "  - id: new-technologies\n    number: 8"
    )
    path.write_text(text, encoding="utf-8")
    assert recreg("--registry", registry, "check").code == 0
    site = build(registry, tmp_path / "site")
    words = {
        name: Html((site / "rec" / name / "index.html").read_text(encoding="utf-8")).words
        for name in ("standards-participation", "ict-projects", "emerging-technologies", "new-technologies")
    }
    assert (
        "No longer in use: last Recommendation 7 of cws12; then removed in cws13." in words["standards-participation"]
    )
    assert "No longer in use: last Recommendation 9 of cws12; then merged into cws13 R7." in words["ict-projects"]
    assert (
        "No longer in use: last Recommendation 10 of cws12; then carried on as new-technologies (cws13 R8)."
        in words["emerging-technologies"]
    )
    assert "In use: Recommendation 8 of cws13 (draft)." in words["new-technologies"]
    fate = Html((site / "rec" / "ict-projects" / "index.html").read_text(encoding="utf-8"))
    assert "../../rec/reference-architectures/index.html#cws13:R7" in fate.links
    listing = Html((site / "rec" / "index.html").read_text(encoding="utf-8")).words
    assert "ict-projects cws12 R9 · cws11 R10 merged into cws13 R7" in listing
    # Their permalinks still lead to them.
    assert "rec/ict-projects/index.html#cws12:R9" in (site / "cws12" / "R9" / "index.html").read_text(encoding="utf-8")
    assert broken_links(site, pages(site)) == []


def test_status_pages_and_each_recommendations_implementation(tmp_path):
    site = build(registry_with_surveys(tmp_path), tmp_path / "site")
    assert sorted(p.relative_to(site).as_posix() for p in (site / "status").rglob("index.html")) == [
        "status/draft-ten/cws11/index.html",
        "status/draft-ten/cws12/index.html",
        "status/example/cws12/index.html",
        "status/index.html",
    ]
    status = (site / "status" / "example" / "cws12" / "index.html").read_text(encoding="utf-8")
    assert '<figure class="overview"><svg class="bars"' in status and status.count('<svg class="bar"') == 36
    rec = Html((site / "rec" / "cooperative-projects" / "index.html").read_text(encoding="utf-8"))
    # The draft ten's answers about R7 carried to the adopted R6, with what to confirm.
    assert "draft-ten-cws12-R6/a" in rec.ids and "example-cws12-R6/a" in rec.ids and "draft-ten-cws11-R7/a" in rec.ids
    assert "4 to confirm" in rec.words and "weakened: should → are encouraged to" in rec.words
    assert "../../status/example/cws12/index.html" in rec.links
    assert broken_links(site, pages(site)) == []


def test_registry_text_is_escaped_on_every_page(tmp_path):
    root = hostile_registry(tmp_path)
    site = build(root, tmp_path / "site")
    for path in (
        site / "cws12" / "index.html",
        site / "changes" / "cws11" / "cws12" / "index.html",
        site / "rec" / "ict-strategy" / "index.html",
    ):
        text = path.read_text(encoding="utf-8")
        page = Html(text)
        assert not [a for t, a in page.elements if t == "script" and "src" not in a], path
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in text, path
    assert HOSTILE in json.dumps(
        json.loads(
            (site / "assets" / "search-index.js")
            .read_text(encoding="ascii")
            .removeprefix("window.RECREG_SEARCH = ")
            .removesuffix(";\n")
        ),
        ensure_ascii=False,
    ).replace("\\\\", "\\").replace('\\"', '"')


def test_a_site_without_history_says_so(tmp_path):
    registry = Path(shutil.copytree(REGISTRY, tmp_path / "lone" / "registry"))
    site = build(registry, tmp_path / "site")
    assert "chronology" not in Html((site / "index.html").read_text(encoding="utf-8")).ids
    assert (
        "No chronology is recorded beside this registry."
        in Html((site / "rec" / "ict-strategy" / "index.html").read_text(encoding="utf-8")).words
    )


def test_the_site_replaces_only_a_site_recreg_built(tmp_path):
    foreign = tmp_path / "notes"
    foreign.mkdir()
    (foreign / "todo.txt").write_text("keep me\n", encoding="utf-8")
    result = recreg("--registry", REGISTRY, "site", "-o", foreign)
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"recreg: {foreign}: is a folder recreg did not build: recreg site writes only into a new or "
        "empty folder, or one it built before\n"
    )
    assert [p.name for p in foreign.iterdir()] == ["todo.txt"]
    file = tmp_path / "site.html"
    file.write_text("x", encoding="utf-8")
    result = recreg("--registry", REGISTRY, "site", "-o", file)
    assert (result.code, result.err) == (
        2,
        f"recreg: {file}: is a file, not a folder (expected a folder for the site)\n",
    )
    missing = tmp_path / "no" / "site"
    result = recreg("--registry", REGISTRY, "site", "-o", missing)
    assert (result.code, result.err) == (
        2,
        f"recreg: {missing}: cannot write the site: no folder '{tmp_path / 'no'}'\n",
    )
    assert recreg("--registry", REGISTRY, "site").err.startswith("recreg: Missing option '--output' / '-o'.")
    # A site recreg built is rebuilt whole: an edition gone is gone from it, nothing is left beside it.
    registry = Path(shutil.copytree(REGISTRY, tmp_path / "registry"))
    site = build(registry, tmp_path / "site")
    (registry / "r40.yaml").unlink()
    build(registry, site)
    assert (
        not (site / "r40").exists()
        and not (site / "rec" / "r01").exists()
        and (site / "cws11" / "index.html").is_file()
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes", "registry", "site", "site.html"]
    empty = tmp_path / "empty"
    empty.mkdir()
    build(registry, empty)
    assert (empty / "index.html").is_file()


def test_an_edition_named_like_a_folder_of_the_site_is_refused(tmp_path):
    registry = Path(shutil.copytree(REGISTRY, tmp_path / "registry"))
    text = (registry / "r40.yaml").read_text(encoding="utf-8").replace("id: r40\n", "id: rec\n", 1)
    (registry / "r40.yaml").unlink()
    (registry / "rec.yaml").write_text(text.replace("r40:", "rec:"), encoding="utf-8")
    for name in ("cws11.yaml",):
        path = registry / name
        path.write_text(path.read_text(encoding="utf-8").replace("r40", "rec"), encoding="utf-8")
    result = recreg("--registry", registry, "site", "-o", tmp_path / "site")
    assert result.code == 2
    assert result.err == (
        "recreg: rec.yaml: edition 'rec' has the name of one of the site's own folders "
        "(assets, changes, rec, search, status) (expected another edition id)\n"
    )
    assert not (tmp_path / "site").exists()


def test_control_catalogs_are_published_by_their_labels(tmp_path):
    """A registry of OSCAL catalogs (YAML): each control has its page, shown by its label, its permalink by position."""
    import io

    from oscal_catalogs import OLD_YAML, new_catalog
    from ruamel.yaml import YAML

    registry = tmp_path / "registry"
    registry.mkdir()
    (registry / "old.yaml").write_text(OLD_YAML, encoding="utf-8")
    text = io.StringIO()
    YAML().dump(new_catalog(), text)
    (registry / "new.yaml").write_text(text.getvalue(), encoding="utf-8")
    site = build(registry, tmp_path / "site")
    page = Html((site / "rec" / "ac-2" / "index.html").read_text(encoding="utf-8"))
    assert "new AC-2 · old AC-2" in page.words and "In use: AC-2 Account Management of new (published)." in page.words
    assert {"new:R3", "old:R3"} <= page.ids
    assert Html((site / "old" / "R2" / "index.html").read_text(encoding="utf-8")).words.startswith(
        "old:AC-1(1) · recommendations registry old:AC-1(1) old:AC-1(1) is recommendation ac-1.1"
    )
    assert broken_links(site, pages(site)) == []
