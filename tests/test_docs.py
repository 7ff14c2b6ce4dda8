"""The README and docs/ are the user's manual: set-up commands, CLI reference, links and CI must agree with the code."""

from __future__ import annotations

import re
from pathlib import Path

from recreg.cli import cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = ROOT / "docs"
COMMANDS = (DOCS / "commands.md").read_text(encoding="utf-8")
MANUAL = [ROOT / "README.md", *sorted(DOCS.rglob("*.md")), ROOT / "benchmarks" / "README.md"]


def code_blocks(text: str) -> list[str]:
    return re.findall(r"```(?:bash)?\n(.*?)```", text, re.S)


def test_readme_opens_with_exactly_two_setup_commands():
    head = README.split("\n## ", 1)[0]
    blocks = code_blocks(head)
    assert len(blocks) == 2
    install_and_run, install_and_test = (block.strip() for block in blocks)
    assert install_and_run.endswith("recreg diff cws11 cws12")
    assert "pip install" in install_and_run and "\n" not in install_and_run
    assert install_and_test.endswith("pytest") and "[test]" in install_and_test


def test_ci_runs_the_readmes_test_command():
    test_command = code_blocks(README)[1].strip()
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def test_the_readme_stays_short():
    assert len(README.splitlines()) <= 300, "move the detail into docs/ and link it from the README"


def test_every_command_is_documented():
    for name in cli.list_commands(None):
        assert f"### recreg {name}\n" in COMMANDS, f"recreg {name} is missing from docs/commands.md"


def test_the_command_list_summarises_each_command_as_its_own_help_does():
    """`recreg --help` lists commands from recreg.cli.COMMANDS without importing them: it must not drift."""
    from recreg.cli import COMMANDS, summary

    for name, (module, _) in COMMANDS.items():
        command = cli.get_command(None, name)
        assert command is not None and command.callback.__module__ == f"recreg.cli.{module}", name
        assert summary(name, 1000) == command.get_short_help_str(1000), name


def test_command_reference_is_generated_from_the_current_help():
    from cogapp import Cog

    assert Cog().main(["cog", "--check", str(DOCS / "commands.md")]) == 0, "run: .venv/bin/cog -r docs/commands.md"


def test_every_other_generated_block_in_the_manual_is_current(monkeypatch):
    """The end-to-end table of docs/performance.md comes from benchmarks/endtoend.json (read from the root)."""
    from cogapp import Cog

    generated = [path for path in MANUAL if "[[[cog" in path.read_text(encoding="utf-8") and path.name != "commands.md"]
    assert DOCS / "performance.md" in generated
    monkeypatch.chdir(ROOT)
    for path in generated:
        name = path.relative_to(ROOT).as_posix()
        assert Cog().main(["cog", "--check", name]) == 0, f"run: .venv/bin/cog -r {name}"


def test_pre_commit_hooks_run_existing_commands_on_registry_and_history_files():
    from ruamel.yaml import YAML

    hooks = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    for hook in hooks:
        program, command = hook["entry"].split()[:2]
        assert program == "recreg" and command in cli.list_commands(None)
        pattern = re.compile(hook["files"])
        assert pattern.search("registry/cws12.yaml") and pattern.search("history/chronology.yaml")
        assert not pattern.search("history/records/cws11-cws12.md")


FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.S | re.M)
INLINE_CODE = re.compile(r"`[^`\n]*`")
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def prose(text: str) -> str:
    """Return Markdown without its code blocks and code spans, where brackets are not links."""
    return INLINE_CODE.sub("", FENCE.sub("", text))


def anchors(text: str) -> set[str]:
    """Return the anchors GitHub makes for a Markdown file: one per heading, and explicit ids."""
    found: set[str] = set(re.findall(r"""<a (?:id|name)=["']([^"']+)["']""", text))
    seen: dict[str, int] = {}
    for heading in re.findall(r"^#{1,6} +(.+?) *#*$", FENCE.sub("", text), re.M):
        heading = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link keeps its text
        slug = re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        found.add(f"{slug}-{count}" if count else slug)
    return found


def broken_links(path: Path, root: Path = ROOT) -> list[str]:
    """Name each relative link of a Markdown file whose file, or anchor in it, does not exist."""
    broken = []
    for target in LINK.findall(prose(path.read_text(encoding="utf-8"))):
        if re.match(r"[a-z][a-z0-9+.-]*:", target, re.I):  # https:, mailto: ...
            continue
        file_part, _, anchor = target.partition("#")
        linked = (path.parent / file_part).resolve() if file_part else path
        where = f"{path.relative_to(root).as_posix()}: {target}"
        if not linked.exists():
            broken.append(f"{where} (no such file)")
        elif anchor and linked.suffix == ".md" and anchor not in anchors(linked.read_text(encoding="utf-8")):
            broken.append(f"{where} (no such heading)")
    return broken


def test_the_link_check_sees_a_missing_file_and_a_missing_heading(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "# A page: its `title`\n\n[here](#a-page-its-title) [gone](gone.md) [away](page.md#away)\n"
        "`[code](not-a-link.md)` [web](https://example.org/x.md)\n```\n[fenced](no.md)\n```\n",
        encoding="utf-8",
    )
    assert broken_links(page, tmp_path) == [
        "page.md: gone.md (no such file)",
        "page.md: page.md#away (no such heading)",
    ]


def test_every_relative_link_in_the_manual_resolves():
    assert [broken for path in MANUAL for broken in broken_links(path)] == []


def test_every_docs_page_is_linked_from_the_readme():
    linked = {(ROOT / target.partition("#")[0]).resolve() for target in LINK.findall(prose(README))}
    assert [path.relative_to(ROOT).as_posix() for path in MANUAL[1:] if path not in linked] == []
