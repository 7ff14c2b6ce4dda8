"""The README is the user's manual: its set-up commands, CLI reference and CI must agree with the code."""

from __future__ import annotations

import re
from pathlib import Path

from recreg.cli import cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


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


def test_every_command_is_documented():
    for name in cli.list_commands(None):
        assert f"### recreg {name}\n" in README, f"recreg {name} is missing from the README"


def test_the_command_list_summarises_each_command_as_its_own_help_does():
    """`recreg --help` lists commands from recreg.cli.COMMANDS without importing them: it must not drift."""
    from recreg.cli import COMMANDS, summary

    for name, (module, _) in COMMANDS.items():
        command = cli.get_command(None, name)
        assert command is not None and command.callback.__module__ == f"recreg.cli.{module}", name
        assert summary(name, 1000) == command.get_short_help_str(1000), name


def test_command_reference_is_generated_from_the_current_help():
    from cogapp import Cog

    assert Cog().main(["cog", "--check", str(ROOT / "README.md")]) == 0, "run: .venv/bin/cog -r README.md"


def test_pre_commit_hooks_run_existing_commands_on_registry_and_history_files():
    from ruamel.yaml import YAML

    hooks = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    for hook in hooks:
        program, command = hook["entry"].split()[:2]
        assert program == "recreg" and command in cli.list_commands(None)
        pattern = re.compile(hook["files"])
        assert pattern.search("registry/cws12.yaml") and pattern.search("history/chronology.yaml")
        assert not pattern.search("history/records/cws11-cws12.md")
