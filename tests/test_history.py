"""The chronology of decisions: its data, its checks, and `recreg history` in three formats."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import REGISTRY, ROOT, SHARED, position, recreg, replace_once
from markdown_it import MarkdownIt

from recreg.edition.model import DateClaim, Source
from recreg.registry.history import (
    Decision,
    Event,
    History,
    check_history,
    period,
    read_history,
)
from recreg.render.markdown import render_history as render_markdown

HISTORY = ROOT / "history" / "chronology.yaml"
SESSIONS = [f"CWS/{n}" for n in range(6, 14)]


@pytest.fixture
def project(tmp_path) -> Path:
    """A writable copy of registry/ and history/ side by side, as in the repository."""
    shutil.copytree(REGISTRY, tmp_path / "registry")
    shutil.copytree(HISTORY.parent, tmp_path / "history")
    return tmp_path


def with_history(project: Path, old: str, new: str) -> Path:
    """Rewrite one passage of the project's history file and return the file."""
    path = project / "history" / "chronology.yaml"
    path.write_text(replace_once(path.read_text(encoding="utf-8"), old, new), encoding="utf-8")
    return path


def sessions_in_table(text: str) -> list[str]:
    """Return the session column of a rendered timeline, top to bottom."""
    return re.findall(r"^│[^│]*│ (CWS/\d+)\s*│", text, re.MULTILINE)


def table_rows(markdown: str) -> list[list[str]]:
    """Parse Markdown and return the body rows of its one table, each as the cells' inline sources."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    assert sum(t.type == "table_open" for t in tokens) == 1
    rows, row, in_body = [], None, False
    for token in tokens:
        if token.type == "tbody_open":
            in_body = True
        elif in_body and token.type == "tr_open":
            row = []
        elif in_body and token.type == "inline" and row is not None:
            row.append(token)
        elif in_body and token.type == "tr_close":
            rows.append(row)
    return rows


def test_timeline_shows_cws6_to_cws13_in_order_with_sources():
    result = recreg("history")
    assert result.code == 0, result.err
    assert sessions_in_table(result.out) == SESSIONS
    assert "002 para 2" in result.out and "003 para 15" in result.out and "004 para 4" in result.out
    assert "8 events, 1 with sources that disagree on the date" in result.out


def test_cws6_date_conflict_shows_both_claims_with_their_sources():
    text = recreg("history").out
    first_row = text.split("├")[0]
    assert "2018 (002 para 2) /" in first_row
    assert "2019-10 (004 para 1)" in first_row
    assert "— sources disagree" in first_row
    markdown = recreg("history", "--format", "markdown").out
    assert "| 2018 (002 para 2) / 2019-10 (004 para 1) — sources disagree | CWS/6 |" in markdown


def test_agreeing_claims_are_not_a_conflict():
    history = read_history(HISTORY)
    disagreeing = {event.session for event in history.events if event.disagreeing}
    assert disagreeing == {"CWS/6"}  # CWS/12's days (003) lie inside its month (002)
    cws12 = next(e for e in history.events if e.session == "CWS/12")
    assert [d.value for d in cws12.dates] == ["2024-09-16/2024-09-19", "2024-09"]


def test_json_structure():
    result = recreg("history", "--format", "json")
    assert result.code == 0
    data = json.loads(result.out)
    assert set(data) == {"title", "notes", "edition", "path", "events"}
    assert data["edition"] is None
    assert [e["session"] for e in data["events"]] == SESSIONS
    keys = {
        "id",
        "session",
        "dates",
        "dates_disagree",
        "documents",
        "decisions",
        "editions",
        "recommendations",
        "sources",
        "notes",
    }
    for event in data["events"]:
        assert set(event) == keys
        assert event["decisions"] and event["sources"] and event["dates"]
        for claim in event["dates"]:
            assert set(claim) == {"event", "value", "quote", "source"}
            assert set(claim["source"]) == {"file", "at"}
        for decision in event["decisions"]:
            assert set(decision) == {"summary", "quote", "source"}
    cws6, cws7 = data["events"][:2]
    assert cws6["dates_disagree"] is True
    assert [(d["value"], d["source"]["file"][:3], d["source"]["at"]) for d in cws6["dates"]] == [
        ("2018", "002", "para 2"),
        ("2019-10", "004", "para 1"),
    ]
    assert cws6["documents"] == ["CWS/6/3", "CWS/6/34"]
    assert cws7["recommendations"] == ["r40:R20", "r40:R33", "r40:R35"]


def test_markdown_is_a_table_with_one_row_per_event():
    result = recreg("history", "--format", "markdown")
    assert result.code == 0
    rows = table_rows(result.out)
    assert len(rows) == len(SESSIONS)
    assert [row[1].content for row in rows] == SESSIONS
    assert all(len(row) == 4 for row in rows)


@pytest.mark.parametrize(
    ("edition", "sessions"),
    [
        ("r40", ["CWS/6", "CWS/7", "CWS/8", "CWS/9", "CWS/10"]),
        ("cws11", ["CWS/11", "CWS/12"]),
        ("cws12", ["CWS/12", "CWS/13"]),
    ],
)
def test_filter_by_edition(edition, sessions):
    assert sessions_in_table(recreg("history", edition).out) == sessions
    data = json.loads(recreg("history", edition, "--format", "json").out)
    assert data["edition"] == edition
    assert [e["session"] for e in data["events"]] == sessions
    assert len(table_rows(recreg("history", edition, "--format", "markdown").out)) == len(sessions)


def test_unknown_edition_is_one_line_and_exit_2():
    result = recreg("history", "cws99")
    assert result.code == 2
    assert result.out == ""
    assert result.err_lines == ["recreg: EDITION: unknown edition 'cws99' (expected one of cws11, cws12, r40)"]


def test_schema_rejects_an_unknown_key_with_file_line_column(project):
    path = with_history(project, "    session: CWS/9\n", "    session: CWS/9\n    decison: adopted\n")
    line, column = position(path.read_text(encoding="utf-8"), "decison:")
    result = recreg("--registry", project / "registry", "history")
    assert result.code == 2
    assert len(result.err_lines) == 1
    assert result.err_lines[0].startswith(
        f"{path}:{line}:{column}: unknown key 'decison' (at events[3].decison; expected one of "
    )


@pytest.mark.parametrize(
    ("old", "new", "needle", "message"),
    [
        (
            "  - id: cws7\n",
            "  - id: cws6\n",
            "cws6\n    session: CWS/7",
            "duplicate event id 'cws6' (also at events[0].id)",
        ),
        ("    session: CWS/9\n", "    session: CWS/5\n", "CWS/5", "CWS/5 comes after CWS/8"),
        ('value: "2021"', 'value: "2021-02-30"', '"2021-02-30"', "'2021-02-30' is not a calendar date or period"),
        ('value: "2021"', 'value: "2021/2020"', '"2021/2020"', "'2021/2020' is not a calendar date or period"),
        (
            'recommendations: ["cws12:R2/c"]',
            'recommendations: ["r40:R2"]',
            '"r40:R2"',
            "r40:R2 is in edition 'r40', which the event does not list",
        ),
        ("    editions: [cws11]\n", "    editions: [cws10]\n", "cws10]", "unknown edition 'cws10'"),
        ('"r40:R20", "r40:R33"', '"r40:R20", "r40:R41"', '"r40:R41"', "r40:R41 does not exist"),
        ('"r40:R20", "r40:R33"', '"r40:R20", "r40:R033"', '"r40:R033"', "'r40:R033' has the wrong form"),
    ],
)
def test_meaning_and_reference_problems_are_located(project, old, new, needle, message):
    path = with_history(project, old, new)
    line, column = position(path.read_text(encoding="utf-8"), needle)
    history, problems = check_history(path)
    assert history is None
    assert [(p.line, p.column, p.message) for p in problems] == [(line, column, message)]
    result = recreg("--registry", project / "registry", "history")
    assert result.code == 2 and result.err_lines[0].startswith(f"{path}:{line}:{column}: {message}")


def test_bundled_history_serves_a_registry_without_one(tmp_path):
    shutil.copytree(REGISTRY, tmp_path / "registry")
    data = json.loads(recreg("--registry", tmp_path / "registry", "history", "--format", "json").out)
    assert Path(data["path"]) == HISTORY
    assert len(data["events"]) == len(SESSIONS)


# --- validate and check ---------------------------------------------------------------------


def checked_files(*argv: str | Path) -> list[Path]:
    """Run ``recreg ARGV validate --format json`` and return the files it checked."""
    result = recreg(*argv, "validate", "--format", "json")
    return [Path(path) for path in json.loads(result.out)["checked"]]


def test_the_bundled_tree_validates_with_its_history():
    result = recreg("--registry", REGISTRY, "validate", "--format", "json")
    assert result.code == 0, result.out
    assert json.loads(result.out)["valid"] is True
    assert Path(json.loads(result.out)["checked"][-1]) == HISTORY


def test_validate_reports_a_broken_chronology_beside_the_registry_with_its_line(project):
    path = with_history(project, "    session: CWS/9\n", "    session: CWS/5\n")
    line, column = position(path.read_text(encoding="utf-8"), "CWS/5")
    result = recreg("--registry", project / "registry", "validate")
    assert result.code == 1
    assert result.out_lines == [
        f"{path}:{line}:{column}: CWS/5 comes after CWS/8 (at events[3].session; "
        "expected events in the order of their sessions)",
        "1 error, 0 warnings in 4 files",
    ]


def test_validate_reports_an_unparsable_chronology_among_the_other_problems(project):
    path = project / "history" / "chronology.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "events: [\n", encoding="utf-8")
    result = recreg("--registry", project / "registry", "validate")
    assert result.code == 1
    assert result.out_lines[0].startswith(f"{path}:")
    assert result.out_lines[-1] == "1 error, 0 warnings in 4 files"


def test_a_registry_without_history_is_not_checked_against_the_bundled_one(tmp_path):
    shutil.copytree(REGISTRY, tmp_path / "registry")
    assert [path.name for path in checked_files("--registry", tmp_path / "registry")] == [
        "cws11.yaml",
        "cws12.yaml",
        "r40.yaml",
    ]


def test_a_history_path_is_checked_as_a_history_against_the_registry(project, tmp_path):
    # In a folder named history, or anywhere with top-level events; references resolve in --registry.
    elsewhere = tmp_path / "elsewhere" / "timeline.yaml"
    elsewhere.parent.mkdir()
    shutil.copy(HISTORY, elsewhere)
    registry = project / "registry"
    for path in (project / "history", project / "history" / "chronology.yaml", elsewhere):
        assert recreg("--registry", registry, "validate", path).code == 0
    (registry / "r40.yaml").unlink()
    result = recreg("--registry", registry, "validate", elsewhere)
    assert result.code == 1 and f"{elsewhere}:" in result.out and "unknown edition 'r40'" in result.out


def test_check_validates_and_fmt_checks_the_history_without_linting_it(project):
    registry = project / "registry"
    result = recreg("--registry", registry, "check")
    assert result.code == 0 and result.out.endswith("checked 4 files: 0 errors, 0 unformatted, 7 warnings\n")
    assert "chronology.yaml" not in result.out  # no lint warning about the history's quotes
    path = with_history(project, "  - id: cws7\n", "  - id:   cws7\n")
    result = recreg("--registry", registry, "check")
    assert result.code == 1 and f"{path}: not canonically formatted (run: recreg fmt {path})" in result.out
    assert recreg("--registry", registry, "fmt").out == f"reformatted {path}\n"
    with_history(project, "  - id: cws7\n", "  - id: cws6\n")
    result = recreg("--registry", registry, "check")
    assert result.code == 1 and "duplicate event id 'cws6'" in result.out


HOSTILE = "<script>alert(1)</script> | **bold** [link](javascript:alert(1)) `code` \\| <b>x</b> &amp;\nnext line"


def test_hostile_text_is_escaped_in_markdown():
    source = Source("002_x.txt", "para 1 | <i>")
    event = Event(
        id="x",
        session="CWS/1",
        dates=(DateClaim("session", "2018", source, HOSTILE),),
        decisions=(Decision(HOSTILE, HOSTILE, source),),
        sources=(source,),
        documents=("CWS/1/1",),
        notes=(HOSTILE,),
    )
    markdown = render_markdown(History((event,), title=HOSTILE))
    html = MarkdownIt("commonmark").enable("table").render(markdown)
    assert (
        "<script" not in html
        and "<b>" not in html
        and "<i>" not in html
        and "<a " not in html
        and "<strong>bold" not in html
    )
    (row,) = table_rows(markdown)
    assert len(row) == 4
    what = row[2]
    # Only our own markup survives: the bold summary and the line breaks between parts.
    assert {t.content for t in what.children if t.type == "html_inline"} == {"<br>"}
    text = "".join(t.content for t in what.children if t.type == "text")
    assert "<script>alert(1)</script> | **bold** [link](javascript:alert(1))" in text
    assert "\\| <b>x</b> &amp; next line" in text


def test_control_characters_do_not_reach_the_terminal(project):
    with_history(project, '"40 Recommendations noted"', '"40 Recommendations \\e[2J noted"')
    result = recreg("--registry", project / "registry", "history")
    assert result.code == 0 and "\x1b" not in result.out and "Recommendations [2J noted" in result.out


def test_a_narrow_terminal_keeps_the_decisions_readable():
    from recreg.render import RenderOptions
    from recreg.render.text import render_history as render_text

    text = render_text(read_history(HISTORY), RenderOptions(width=60))
    assert "…" not in text  # no column squeezed to an ellipsis
    assert "Sources: 002 para 6" in text and sessions_in_table(text) == SESSIONS


def test_period_covers_the_precision_of_the_value():
    from datetime import date

    assert period("2018") == (date(2018, 1, 1), date(2018, 12, 31))
    assert period("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
    assert period("2024-09-16/2024-09-19") == (date(2024, 9, 16), date(2024, 9, 19))
    with pytest.raises(ValueError):
        period("2024-02-30")


# --- against the source documents (skipped without them) ---------------------------------

SEEDS = SHARED / "seeds"


def fold(text: str) -> str:
    """Fold whitespace and drop the extraction's footnote anchors, as verbatim-check does."""
    return " ".join(re.sub(r"\[footnoteRef:\d+\]", " ", text).split())


def paragraphs(path: Path) -> dict[int, str]:
    """Split a seed into its paragraphs: tab-indented ones counted from the top, else numbered ones ("12. ")."""
    lines = path.read_text(encoding="utf-8").splitlines()
    numbered = re.compile(r"^\s*(\d+)\.\s")
    indented = re.compile(r"^(\[bookmark: [^\]]*\])?\t")
    # 003 numbers the paragraphs of its annexed CWS/12/25 but not its own: tabs decide.
    is_numbered = not any(indented.match(line) for line in lines)
    found: dict[int, list[str]] = {}
    current = None
    for line in lines:
        match = numbered.match(line) if is_numbered else indented.match(line)
        # Only the next number opens a paragraph: a wrapped line may start with "2025. ".
        if match and (not is_numbered or int(match.group(1)) == len(found) + 1):
            current = len(found) + 1
            found[current] = []
        if current is not None:
            found[current].append(line)
    return {number: fold(" ".join(text)) for number, text in found.items()}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the source documents are not beside the project")
def test_every_quote_stands_in_the_paragraph_it_cites():
    split = {path.name: paragraphs(path) for path in SEEDS.glob("*.txt")}
    # The splitter itself: 002 has 21 numbered paragraphs, 004 twelve indented ones.
    assert (len(split["002_5757cd416751eabe.txt"]), len(split["004_dd5824f5db9155ea.txt"])) == (21, 12)
    history = read_history(HISTORY)
    quoted = [(claim.quote, claim.source) for event in history.events for claim in event.dates]
    quoted += [(decision.quote, decision.source) for event in history.events for decision in event.decisions]
    for quote, source in quoted:
        number = int(source.at.removeprefix("para "))
        assert fold(quote) in split[source.file][number], f"{source}: {quote[:60]}"
