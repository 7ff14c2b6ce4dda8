"""Command line: parse options, call the library, map its exceptions to messages and exit codes.

Exit codes, for every command (the one place they are defined):

====  ==============================================================================
0     success: valid, or no differences (``diff`` without ``--exit-code`` is 0 too)
1     a finding: the input is invalid (``validate``), or ``diff --exit-code`` found differences
2     the command could not run: usage error, unknown edition, unreadable or invalid input
====  ==============================================================================
"""

from __future__ import annotations

import os
import shutil
import sys
from enum import IntEnum
from pathlib import Path
from typing import IO, Sequence

import click

from .classify import KINDS
from .errors import InvalidInput, Problem, RecregError
from .render import RenderOptions, formats_for, renderer


class Exit(IntEnum):
    """Exit codes, as documented in this module's docstring."""

    OK = 0
    FOUND = 1
    ERROR = 2


class Context:
    """What every command needs: the streams, the registry option and how to render."""

    def __init__(self, out: IO[str], err: IO[str], registry: str | None, color: str):
        self.out = out
        self.err = err
        self.registry_option = registry
        self.color_option = color
        self._registry = None

    @property
    def registry(self):
        """Return the registry, found on first use."""
        if self._registry is None:
            from .registry import Registry, find_registry

            self._registry = Registry(find_registry(self.registry_option))
        return self._registry

    def options(self, format_name: str) -> RenderOptions:
        """Return render options for the output stream: colour on terminals unless NO_COLOR."""
        tty = hasattr(self.out, "isatty") and self.out.isatty()
        if self.color_option == "always":
            color = True
        elif self.color_option == "never":
            color = False
        else:
            color = tty and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
        color = color and format_name == "text"
        width = shutil.get_terminal_size((100, 24)).columns if tty else 100
        return RenderOptions(color=color, width=max(60, width))

    def emit(self, text: str) -> None:
        """Write a rendered document to the output stream."""
        self.out.write(text)


def format_option(document: str, default: str = "text"):
    """Return a --format option whose choices are the formats that render `document`."""
    return click.option(
        "--format",
        "format_name",
        type=click.Choice(formats_for(document)),
        default=default,
        show_default=True,
        help="Output format.",
    )


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--registry",
    metavar="DIR",
    help="Registry folder. Default: $RECREG_REGISTRY, else the nearest registry/ above the "
    "working directory, else the registry bundled with recreg.",
)
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour terminal output (auto: on a terminal unless NO_COLOR is set).",
)
@click.version_option(package_name="recreg", message="recreg %(version)s")
@click.pass_context
def cli(ctx: click.Context, registry: str | None, color: str) -> None:
    """Keep versioned policy recommendations and show exactly what changed between editions.

    Exit codes: 0 success (valid, or no differences); 1 a finding (invalid input, or
    differences with --exit-code); 2 the command could not run (usage or input error).
    """
    streams = ctx.meta.get("recreg.streams") or (sys.stdout, sys.stderr)
    ctx.obj = Context(streams[0], streams[1], registry, color)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@format_option("problems")
@click.pass_obj
def validate(obj: Context, paths: tuple[Path, ...], format_name: str) -> int:
    """Check edition files against the schema, then for meaning.

    PATHS are edition files or folders of them (default: the whole registry). Links are
    resolved against the registry. Exit 0 when valid, 1 when invalid, 2 on usage error.
    """
    from .registry import validate_paths

    files: list[Path] = []
    for path in paths or (obj.registry.root,):
        if path.is_dir():
            files.extend(sorted(path.glob("*.yaml")))
        elif path.exists() or path.suffix in {".yaml", ".yml"}:
            files.append(path)
        else:
            raise RecregError(Problem("no such file or folder", file=str(path)))
    if not files:
        raise RecregError(Problem("no edition files (*.yaml) to validate", file=str(paths[0] if paths else obj.registry.root)))
    problems = validate_paths(files, obj.registry)
    obj.emit(renderer(format_name, "problems")(problems, [str(f) for f in files], obj.options(format_name)))
    return Exit.FOUND if any(p.severity == "error" for p in problems) else Exit.OK


@cli.command(name="list")
@format_option("list")
@click.pass_obj
def list_editions(obj: Context, format_name: str) -> int:
    """List the editions of the registry with status, session, date and counts."""
    editions = [obj.registry.edition(edition_id) for edition_id in obj.registry.ids()]
    obj.emit(renderer(format_name, "list")(editions, obj.options(format_name)))
    return Exit.OK


@cli.command()
@click.argument("address", metavar="EDITION[:ADDRESS]")
@format_option("edition")
@click.pass_obj
def show(obj: Context, address: str, format_name: str) -> int:
    """Show an edition, or one node of it, laid out like the CWS annex.

    ADDRESS follows the address grammar: cws12, cws12:R6, cws11:R7/a/ii, cws12:R6/fn2.
    """
    from .address import parse_address

    parsed = parse_address(address, option="EDITION[:ADDRESS]")
    if parsed.edition is None:
        raise RecregError(Problem(f"{address!r} names no edition", file="EDITION[:ADDRESS]", expected="EDITION[:ADDRESS], such as cws12:R6"))
    edition = obj.registry.edition(parsed.edition)
    node = edition.node(parsed)
    if node is None:
        raise RecregError(Problem(f"{parsed} does not exist", file="EDITION[:ADDRESS]", expected=f"a node of {edition.id}"))
    obj.emit(renderer(format_name, "edition")(edition, node, obj.options(format_name)))
    return Exit.OK


@cli.command()
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@format_option("diff")
@click.option("--match", "match_mode", type=click.Choice(["auto", "text"]), default="auto", show_default=True,
              help="auto: recorded ids and lineage links, then text; text: ignore records, match on text alone.")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(KINDS), metavar="KIND",
              help="Show only this kind of change (repeatable): " + ", ".join(KINDS) + ".")
@click.option("--recommendation", "-r", metavar="ADDRESS",
              help="Show only this recommendation (R5 = the new edition's R5; cws11:R2 = the old edition's R2).")
@click.option("--exit-code", is_flag=True, help="Exit 1 when there are differences (after filters), like git diff.")
@click.pass_obj
def diff(obj: Context, old: str, new: str, format_name: str, match_mode: str, kinds: tuple[str, ...],
         recommendation: str | None, exit_code: bool) -> int:
    """Show what changed between two editions.

    OLD and NEW are edition ids of the registry (cws11) or edition files (path/x.yaml).
    """
    from .address import parse_address
    from .diff import DiffOptions, diff as diff_editions

    rec = parse_address(recommendation, option="--recommendation") if recommendation else None
    result = diff_editions(obj.registry.edition(old), obj.registry.edition(new), DiffOptions(match=match_mode))
    result = result.filtered(kinds, rec)
    obj.emit(renderer(format_name, "diff")(result, obj.options(format_name)))
    return Exit.FOUND if exit_code and not result.same else Exit.OK


def run(argv: Sequence[str] | None = None, stdout: IO[str] | None = None, stderr: IO[str] | None = None) -> int:
    """Run the command line as a function: the entry point for tests and embedding.

    Args:
        argv: the arguments, without the program name (default: ``sys.argv[1:]``).
        stdout: where documents go (default: ``sys.stdout``).
        stderr: where errors go (default: ``sys.stderr``).

    Returns:
        The exit code.
    """
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        with cli.make_context("recreg", args) as ctx:
            ctx.meta["recreg.streams"] = (out, err)
            result = cli.invoke(ctx)
        return int(result or 0)
    except InvalidInput as exc:
        for problem in exc.problems:
            err.write(problem.format() + "\n")
        return Exit.ERROR
    except RecregError as exc:
        err.write(f"recreg: {exc.problems[0].format()}\n")
        return Exit.ERROR
    except click.exceptions.Exit as exc:  # --help, --version
        return exc.exit_code
    except click.ClickException as exc:
        hint = f" (try '{exc.ctx.command_path} --help')" if getattr(exc, "ctx", None) else ""
        err.write(f"recreg: {exc.format_message()}{hint}\n")
        return Exit.ERROR
    except click.exceptions.Abort:
        err.write("recreg: aborted\n")
        return Exit.ERROR
    except BrokenPipeError:
        return Exit.OK
    except KeyboardInterrupt:
        err.write("recreg: interrupted\n")
        return 130


def main() -> None:
    """Run ``recreg`` as a console script."""
    sys.exit(run())
