"""What the terminal output looks like: width, wrapping, plurals, titles, and forgiving input."""

from __future__ import annotations

from pathlib import Path

from conftest import REGISTRY, recreg


def test_piped_text_keeps_each_paragraph_on_one_line(monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)
    out = recreg("diff", "cws11", "cws12", "-r", "R8").out
    # The split part's word diff is one line, however long.
    line = next(line for line in out.splitlines() if "technology roadmaps" in line)
    assert "decommissioning plans" in line and len(line) > 100


def test_columns_sets_the_width_text_is_wrapped_at(monkeypatch):
    monkeypatch.setenv("COLUMNS", "70")
    out = recreg("diff", "cws11", "cws12", "-r", "R8").out
    assert max(len(line) for line in out.splitlines()) <= 70


def bad_inputs(tmp_path):
    """Every new command and option given something wrong: (argv, where the one line must point)."""
    import recreg as package

    afile = tmp_path / "afile"
    afile.write_text("not a folder\n", encoding="utf-8")
    notzip = tmp_path / "notzip.docx"
    notzip.write_text("plain text\n", encoding="utf-8")
    inside = Path(package.__file__).parent
    registry = tmp_path / "registry"
    return [
        (["init", afile], str(afile)),
        (["init", inside / "reg"], str(inside)),
        (["init", tmp_path / "x", "--install"], "--install"),
        (["export", "cws99", "--format", "csv"], "cws99"),
        (["export", "cws12", "--format", "docx"], "--output"),
        (["export", "cws12", "--format", "pdf"], "pdf"),
        (["export", "cws12", "--format", "xlsx", "-o", tmp_path / "missing" / "a.xlsx"], "missing"),
        (["--registry", registry, "import", tmp_path / "nope.docx", "--as", "copy"], "nope.docx"),
        (["--registry", registry, "import", notzip, "--as", "copy"], "notzip.docx"),  # a finding: exit 1
        (["--registry", registry, "import", notzip, "--as", "Bad Id"], "Bad Id"),
        (
            [
                "--registry",
                registry,
                "survey",
                "import",
                tmp_path / "nope.csv",
                "--edition",
                "cws12",
                "--as",
                "s",
                "--date",
                "2025-06",
            ],
            "nope.csv",
        ),
        (
            ["--registry", registry, "survey", "import", afile, "--edition", "cws99", "--as", "s", "--date", "2025-06"],
            "cws99",
        ),
        (["--registry", registry, "status", "cws99"], "cws99"),
        (["--registry", registry, "status", "cws12", "--survey", "nope"], "nope"),
        (["--registry", registry, "check", tmp_path / "nothing.yaml"], "nothing.yaml"),
        (["diff", "cws11", "cws12", "--format", "docx"], "--output"),
        (["diff", "cws11", "cws12", "-r", "R99"], "R99"),
        (["diff", "cws11", "cws12", "--kind", "nonsense"], "nonsense"),
        (["show", "CWS12:R1/zz"], "CWS12:R1/zz"),
    ]


def test_bad_input_to_every_new_command_is_one_line(tmp_path):
    import shutil

    shutil.copytree(REGISTRY, tmp_path / "registry")
    for argv, named in bad_inputs(tmp_path):
        result = recreg(*argv)
        # Exit 1 for a file read and found malformed; 2 for everything that could not run.
        assert result.code == (1 if named == "notzip.docx" and "copy" in argv else 2), argv
        lines = (result.err or result.out).splitlines()
        assert len(lines) == 1, (argv, result.err, result.out)
        assert named in lines[0], (argv, lines[0])


def test_a_move_is_found_from_the_recommendation_it_left():
    result = recreg("diff", "cws11", "cws12", "-r", "cws11:R3", "--kind", "moved", "--exit-code")
    assert result.code == 1
    assert "R3/c → R5/d  moved to R5/d" in result.out
    assert "IP offices are encouraged to share and disseminate data and documentation" in result.out


def test_text_from_files_is_shown_as_written_never_as_terminal_markup(tmp_path):
    import shutil

    registry = Path(shutil.copytree(REGISTRY, tmp_path / "registry"))
    path = registry / "cws12.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("session: CWS/12\n", 'session: "CWS/12 [/x] [link=http://evil]y"\n'),
        encoding="utf-8",
    )
    result = recreg("--registry", registry, "list")
    assert result.code == 0, result.err
    shown = " ".join(result.out.split())
    assert "[/x]" in shown and "[link=htt" in shown  # as written (the cell may be cut), not taken for markup
