"""Command line: parse options, call the library, map its exceptions to messages and exit codes.

Exit codes, for every command (the one place they are defined):

====  ==============================================================================
0     success: valid, or no differences (``diff`` without ``--exit-code`` is 0 too)
1     a finding: the input was read and found wanting (``validate``, ``check``, ``fmt --check``,
      ``records --check``, a table ``import`` could not place), or ``diff --exit-code`` found differences
2     the command could not run: usage error, unknown edition, unreadable or invalid input
====  ==============================================================================
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence
from enum import IntEnum
from typing import IO

import click

from .. import api
from ..api import InvalidInput, Problem, RecregError, Refused


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
            self._registry = api.open_registry(self.registry_option)
        return self._registry

    def options(self, format_name: str, output: str | None = None) -> api.RenderOptions:
        """Return render options: colour on terminals unless NO_COLOR; a file (--output) gets none unless --color always."""
        if output not in (None, "-"):
            # A file is not the terminal: tables at the default width, prose unwrapped, colour only when asked.
            return api.RenderOptions(color=self.color_option == "always" and format_name == "text", wrap=False)
        tty = hasattr(self.out, "isatty") and self.out.isatty()
        if self.color_option == "always":
            color = True
        elif self.color_option == "never":
            color = False
        else:
            color = tty and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
        color = color and format_name == "text"
        import shutil  # not at start-up: it pulls in the compression modules

        # COLUMNS first (as shutil reads it), then the terminal's own size, else 100 for tables.
        width = shutil.get_terminal_size((100, 24)).columns
        return api.RenderOptions(color=color, width=max(60, width), wrap=tty or bool(os.environ.get("COLUMNS")))

    def progress(self, label: str):
        """Return a context manager giving a ``tick(done, total)`` that draws a progress bar on a terminal."""
        from contextlib import contextmanager

        @contextmanager
        def bar():
            if not (hasattr(self.err, "isatty") and self.err.isatty()):
                yield None
                return
            from rich.console import Console
            from rich.progress import Progress

            with Progress(console=Console(file=self.err), transient=True) as progress:
                task = progress.add_task(label, total=None)

                def tick(done: int, total: int) -> None:
                    progress.update(task, completed=done, total=total)

                yield tick

        return bar()

    def emit(self, text: str | bytes, output: str | None = None) -> None:
        """Write a document to standard output, or atomically to the file named by --output.

        A binary document (DOCX, XLSX: bytes) goes only to a file: on a terminal it is noise,
        and a text stream cannot carry it.

        Raises:
            RecregError: the file cannot be written, or a binary document has no --output
                (exit 2, one line naming the file or the option).
        """
        if output in (None, "-"):
            if isinstance(text, bytes):
                raise _binary_to_stdout()
            self.out.write(text)
            return
        api.write_atomic(output, text)


def check_output(format_name: str, output: str | None) -> None:
    """Refuse a binary format (DOCX, XLSX) without a file to write it to, before any work is done.

    Raises:
        RecregError: naming --output (exit 2).
    """
    if format_name in api.BINARY and output in (None, "-"):
        raise _binary_to_stdout()


def _binary_to_stdout() -> RecregError:
    return RecregError(
        Problem(
            "a binary document (DOCX or XLSX) is not written to standard output", file="--output", expected="-o FILE"
        )
    )


def output_option(command):
    """Add ``-o/--output FILE``: write the document to FILE (atomically) instead of standard output."""
    return click.option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to FILE instead of standard output (replaced at once, never half-written); '-' is standard output.",
    )(command)


def format_option(document: str, default: str = "text", binary: bool = True):
    """Return a --format option whose choices are the formats that render `document`.

    Args:
        document: the kind of document the command renders.
        default: the default format.
        binary: offer binary formats (DOCX, XLSX); only commands with --output can write them.
    """
    return click.option(
        "--format",
        "format_name",
        type=click.Choice(api.formats_for(document, binary)),
        default=default,
        show_default=True,
        help="Output format.",
    )


# Each family of commands lives in its own module and registers itself on `cli` when it is
# imported. The group imports a module only when one of its commands is asked for, so that
# `recreg diff` pays for neither `survey` nor `export`; the summaries let `recreg --help`
# list every command without importing any (tests/test_docs.py checks them against the
# commands' own help).
COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("workflow_commands", "Run what CI runs on a registry: validate, fmt --check, and lint warnings."),
    "comments": (
        "comments_commands",
        "Record Members' comments on a draft and report their disposition in a later edition.",
    ),
    "coverage": (
        "lineage_commands",
        "Show what became of every node of OLD in NEW: carried, carried into several, merged, "
        "dropped; and what is new.",
    ),
    "diff": ("diff_command", "Show what changed between two editions."),
    "export": (
        "office_commands",
        "Export an edition as a Word document, a workbook or CSV that recreg import reads back, or as OSCAL.",
    ),
    "fmt": ("workflow_commands", "Format edition files canonically, keeping comments, key order and quoting."),
    "history": ("history_command", "Show the chronology of decisions, CWS/6 to CWS/13, with sources."),
    "import": (
        "office_commands",
        "Import an edition from a .docx, .xlsx or .csv table into a new edition file of the registry.",
    ),
    "init": (
        "init_command",
        "Start a registry repository in DIR: registry/, schemas/, history/, surveys/, comments/, workflow, hooks, README.",
    ),
    "list": ("edition_commands", "List the editions of the registry with status, session, date and counts."),
    "log": ("git_commands", "List the commits that changed an edition, newest first, each with a semantic summary."),
    "new": ("workflow_commands", "Start an amendment: a new draft EDITION copied from BASE and derived from it."),
    "records": (
        "records_command",
        "Write the change record of each edition against the one it derives from, into history/records/.",
    ),
    "render": ("render_command", "Render a whole edition as a document laid out like the CWS annex."),
    "show": ("edition_commands", "Show an edition, or one node of it, laid out like the CWS annex."),
    "site": (
        "render_command",
        "Publish the registry as a static site: editions, recommendations by stable id, changes, status, search.",
    ),
    "status": ("survey_commands", "Show where the implementation of an edition stands, from a survey of IP offices."),
    "survey": (
        "survey_commands",
        "Record surveys of IP offices on the implementation of an edition (then: recreg status).",
    ),
    "trace": ("lineage_commands", "Trace a node's lineage backward and forward across all editions."),
    "validate": (
        "edition_commands",
        "Check edition files, the history and surveys against their schemas, then for meaning.",
    ),
}


class LazyGroup(click.Group):
    """A group that imports a command's module when the command is first asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context | None, name: str) -> click.Command | None:
        if name not in self.commands and name in COMMANDS:
            importlib.import_module(f"{__name__}.{COMMANDS[name][0]}")
        command = self.commands.get(name)
        if command is not None:
            _accept_global_options(command)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        limit = formatter.width - 6 - max(len(name) for name in COMMANDS)
        with formatter.section("Commands"):
            formatter.write_dl([(name, summary(name, limit)) for name in self.list_commands(ctx)])


def _accept_global_options(command: click.Command) -> None:
    """Let a command take --registry and --color after its name too, as people type them (``recreg list --registry X``)."""
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _accept_global_options(sub)
        return
    if any(param.name == "late_registry" for param in command.params):
        return

    def apply(attribute: str):
        def callback(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
            if value is not None:
                setattr(ctx.find_object(Context), attribute, value)

        return callback

    command.params += [
        click.Option(
            ["--registry", "late_registry"],
            metavar="DIR",
            expose_value=False,
            callback=apply("registry_option"),
            help="Registry folder (as before the command).",
        ),
        click.Option(
            ["--color", "late_color"],
            type=click.Choice(["auto", "always", "never"]),
            expose_value=False,
            callback=apply("color_option"),
            help="Colour terminal output (as before the command).",
        ),
    ]


def summary(name: str, limit: int = 45) -> str:
    """Return a command's one-line summary from `COMMANDS`, cut as click cuts a command's own."""
    return click.Command(name, help=COMMANDS[name][1]).get_short_help_str(limit)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
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


class _Checked:
    """Standard output whose write errors (a full disk, an I/O error) are input errors naming it."""

    def __init__(self, stream: IO[str]):
        self._stream = stream

    def write(self, text: str) -> int:
        return self._guard(self._stream.write, text)

    def flush(self) -> None:
        self._guard(self._stream.flush)

    def _guard(self, method, *args):
        try:
            return method(*args)
        except BrokenPipeError:
            raise  # the reader left (`| head`): not an error of recreg's
        except OSError as exc:
            raise RecregError(
                Problem(f"cannot write standard output: {exc.strerror or exc}", file="<stdout>")
            ) from None

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def run(argv: Sequence[str] | None = None, stdout: IO[str] | None = None, stderr: IO[str] | None = None) -> int:
    """Run the command line as a function: the entry point for tests and embedding.

    Args:
        argv: the arguments, without the program name (default: ``sys.argv[1:]``).
        stdout: where documents go (default: ``sys.stdout``).
        stderr: where errors go (default: ``sys.stderr``).

    Returns:
        The exit code.
    """
    out = _Checked(stdout or sys.stdout)
    err = stderr or sys.stderr
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        with cli.make_context("recreg", args) as ctx:
            ctx.meta["recreg.streams"] = (out, err)
            result = cli.invoke(ctx)
        out.flush()  # a full disk must fail the command, not the interpreter's exit
        return int(result or 0)
    except Refused as exc:
        for problem in exc.problems:
            err.write(problem.format() + "\n")
        if exc.summary:
            err.write(exc.summary + "\n")
        return Exit.FOUND
    except InvalidInput as exc:
        for problem in exc.problems:
            err.write(problem.format() + "\n")
        return Exit.ERROR
    except RecregError as exc:
        err.write(f"recreg: {exc.problems[0].format()}\n")
        return Exit.ERROR
    except click.exceptions.Exit as exc:  # --help, --version
        return exc.exit_code
    except click.exceptions.NoArgsIsHelpError as exc:  # `recreg` or `recreg survey` alone: its help, as --help gives it
        out.write(exc.ctx.get_help() + "\n")
        return Exit.OK
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
    except Exception as exc:  # noqa: BLE001 - the last resort: a user never sees a traceback
        if os.environ.get("RECREG_DEBUG"):
            raise
        message = " ".join(str(exc).split())[:200]
        err.write(
            f"recreg: internal error: {type(exc).__name__}: {message} "
            "(a bug in recreg; RECREG_DEBUG=1 shows the traceback)\n"
        )
        return Exit.ERROR


def main() -> None:
    """Run ``recreg`` as a console script."""
    # A command runs for seconds and exits: the cyclic collector's full passes over the
    # editions' millions of long-lived objects cost more than the few cycles they would free
    # (a 20,000-recommendation diff: 1.4 s of 15 s CPU, the same peak memory without them).
    import gc

    gc.disable()
    for stream in (sys.stdout, sys.stderr):
        # A terminal that cannot show a character (’, →) gets a replacement, not a traceback.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    sys.exit(run())
