"""The output contract a fuzz case is checked against, shared by ``tests/test_fuzz.py`` and ``fuzz/run.py``.

A case fails in one of these classes:

- ``traceback``: a Python traceback reached the user;
- ``internal-error``: recreg's last-resort handler caught an exception (a bug, even if one line);
- ``exit-code``: an exit code other than 0, 1 or 2, or an error without a message;
- ``schema-invalid-json``: ``--format json`` printed JSON that ``schemas/diff.schema.json`` refuses;
- ``self-diff``: an edition diffed against itself reported a change;
- ``fmt-data`` / ``fmt-idempotent``: ``fmt`` changed the data, or a second ``fmt`` changed the text again.

Hangs and signals can only be seen from outside the process: ``fuzz/run.py`` watches for them.
"""

from __future__ import annotations

import io
import json
from functools import lru_cache
from pathlib import Path

from recreg.cli import run

ROOT = Path(__file__).resolve().parents[1]
FORMATS = ("json", "markdown", "html", "text")


def cli(*argv: str | Path) -> tuple[int, str, str]:
    """Run recreg in-process; return exit code, standard output and standard error."""
    out, err = io.StringIO(), io.StringIO()
    code = run([str(a) for a in argv], out, err)
    return code, out.getvalue(), err.getvalue()


@lru_cache(maxsize=1)
def _diff_validator():
    from jsonschema import Draft202012Validator

    return Draft202012Validator(json.loads((ROOT / "schemas" / "diff.schema.json").read_text(encoding="utf-8")))


def outcome_failures(code: int, out: str, err: str) -> list[str]:
    """Classify what one run printed and returned against the contract."""
    failures = []
    if "Traceback (most recent call last)" in out + err:
        failures.append("traceback")
    if "internal error:" in err:
        failures.append("internal-error")
    if code not in (0, 1, 2) or (code == 2 and not err.strip()):
        failures.append("exit-code")
    return failures


def diff_failures(old: Path, new: Path, registry: Path, documents: bool = False) -> list[str]:
    """Diff two edition files in every format; check the contract and the JSON schema.

    Args:
        documents: also write the Word diff and export the new edition as DOCX, XLSX and
            CSV (slower: the fuzzer does it for one case in five).
    """
    failures: list[str] = []
    for name in FORMATS:
        code, out, err = cli("--registry", registry, "diff", old, new, "--format", name)
        failures += outcome_failures(code, out, err)
        if name == "json" and code == 0:
            errors = list(_diff_validator().iter_errors(json.loads(out)))
            if errors:
                failures.append("schema-invalid-json")
    if documents:
        written = new.parent / "written"
        written.mkdir(exist_ok=True)
        runs = [("diff", old, new, "--format", "docx", "-o", written / "diff.docx")]
        runs += [
            ("export", new, "--format", name, "-o", written / f"export.{name}") for name in ("docx", "xlsx", "csv")
        ]
        for argv in runs:
            failures += outcome_failures(*cli("--registry", registry, *argv))
    return failures


def self_diff_failures(path: Path, registry: Path) -> list[str]:
    """Diff an edition file against itself: no change may be reported."""
    code, out, err = cli("--registry", registry, "diff", path, path, "--format", "json")
    failures = outcome_failures(code, out, err)
    if code == 0 and not json.loads(out)["same"]:
        failures.append("self-diff")
    return failures


def fmt_failures(path: Path) -> list[str]:
    """Format a file twice: the data must not change, and the second run must change nothing."""
    from recreg.edition.formatting import format_text
    from recreg.edition.load import parse_yaml
    from recreg.errors import InvalidInput

    text = path.read_text(encoding="utf-8")
    try:
        once = format_text(text, str(path))
    except InvalidInput:
        return []  # refused: the data would have changed, so nothing was written
    failures = []
    if parse_yaml(once, "once") != parse_yaml(text, "original"):
        failures.append("fmt-data")
    if format_text(once, "once") != once:
        failures.append("fmt-idempotent")
    return failures


COMMENTS = ROOT / "examples" / "comments" / "draft-ten-comments.yaml"


def comments_case(seed: int, registry: Path, work: Path) -> tuple[list[str], str, bool]:
    """Run one mutation case on the example comment set: validated, and where still valid, formatted and reported.

    The set's disposition is rendered in every format (its JSON checked against
    ``schemas/disposition.schema.json``), and one case in five writes the workbook and Word
    document too and exports cws11 with the comments as Word comments.
    """
    import random
    import shutil

    from mutations import mutate, to_bytes

    rng = random.Random(seed)
    mutated, names = mutate(rng, COMMENTS.read_text(encoding="utf-8"))
    folder = work / f"c{seed}" / "comments"
    folder.mkdir(parents=True)
    path = folder / COMMENTS.name
    path.write_bytes(to_bytes(mutated))
    code, out, err = cli("--registry", registry, "validate", path)
    failures = outcome_failures(code, out, err)
    if code == 0:
        failures += fmt_failures(path)
        for name in FORMATS:
            code, out, err = cli("--registry", registry, "comments", "disposition", path, "--format", name)
            failures += outcome_failures(code, out, err)
            if name == "json" and code == 0 and list(_disposition_validator().iter_errors(json.loads(out))):
                failures.append("schema-invalid-json")
        if seed % 5 == 0:
            written = folder.parent / "written"
            written.mkdir()
            runs = [
                ("comments", "disposition", path, "--format", name, "-o", written / f"d.{name}")
                for name in ("docx", "xlsx")
            ]
            runs.append(("export", "cws11", "--format", "docx", "--comments", path, "-o", written / "commented.docx"))
            for argv in runs:
                failures += outcome_failures(*cli("--registry", registry, *argv))
    shutil.rmtree(folder.parent, ignore_errors=True)
    return failures, f"comments mutation seed {seed} ({', '.join(names)})", code == 0


@lru_cache(maxsize=1)
def _disposition_validator():
    from jsonschema import Draft202012Validator

    return Draft202012Validator(json.loads((ROOT / "schemas" / "disposition.schema.json").read_text(encoding="utf-8")))


def mutation_case(seed: int, registry: Path, work: Path) -> tuple[list[str], str, bool]:
    """Run one mutation case: a bundled edition mutated with seed `seed`, validated, and diffed where still valid.

    One seed in five mutates the example comment set instead (`comments_case`).

    Args:
        seed: the case's seed (the same seed gives the same case).
        registry: a folder holding the original editions, which links resolve against.
        work: a scratch folder.

    Returns:
        The failures, a description to replay the case, and whether it was valid (so diffed).
    """
    import random
    import shutil

    from mutations import mutate, to_bytes

    if seed % 5 == 4:
        return comments_case(seed, registry, work)
    rng = random.Random(seed)
    edition_id = rng.choice(sorted(p.stem for p in registry.glob("*.yaml")))
    mutated, names = mutate(rng, (registry / f"{edition_id}.yaml").read_text(encoding="utf-8"))
    folder = work / f"m{seed}"
    folder.mkdir()
    path = folder / f"{edition_id}.yaml"
    path.write_bytes(to_bytes(mutated))
    code, out, err = cli("--registry", registry, "validate", path)
    failures = outcome_failures(code, out, err)
    if code == 0:
        failures += diff_failures(registry / f"{edition_id}.yaml", path, registry, documents=seed % 5 == 0)
    shutil.rmtree(folder, ignore_errors=True)
    return failures, f"mutation seed {seed} ({edition_id}: {', '.join(names)})", code == 0


def document_case(
    seed: int, registry: Path, work: Path, named: str | None = None, started=None
) -> tuple[list[str], str]:
    """Run one document case: a damaged DOCX, XLSX or CSV (or the named hostile case) through its importer.

    Beyond the contract, a document import must end in one of two ways: written (exit 0),
    or refused with at least one located line and nothing written. A refusal's lines quote
    excerpts only (each under 600 characters).

    Args:
        started: called once the file is written, so a watcher times the import, not the making of a bomb.

    Returns:
        The failures, and a description to replay the case.
    """
    import random
    import shutil

    from hostile_documents import mutated_comment_document, mutated_document, write_case

    folder = work / f"d{seed}"
    folder.mkdir()
    if named:
        path, command = write_case(named, folder)
        label = f"document case {named}"
    elif seed % 4 == 3:  # a comment table or a copy with Word comments
        path, command, what = mutated_comment_document(random.Random(seed), folder)
        label = f"document seed {seed} ({what}, {command})"
    else:
        path, command, what = mutated_document(random.Random(seed), folder)
        label = f"document seed {seed} ({what}, {command})"
    if command == "import":
        argv = ("import", path, "--as", f"d{seed}")
        written = registry / f"d{seed}.yaml"
    elif command == "comments":
        argv = ("comments", "import", path, "--edition", "cws11", "--as", f"d{seed}")
        written = registry.parent / "comments" / f"d{seed}.yaml"
    else:
        argv = ("survey", "import", path, "--edition", "cws12", "--as", f"d{seed}", "--date", "2025")
        written = registry.parent / "surveys" / f"d{seed}.yaml"
    if started:
        started(label)
    code, out, err = cli("--registry", registry, *argv)
    failures = outcome_failures(code, out, err)
    if code == 0 and not written.is_file():
        failures.append("exit-0-nothing-written")
    if code != 0 and written.exists():
        failures.append("refused-but-written")
    if code != 0 and not err.strip():
        failures.append("refused-silently")
    if any(len(line) >= 600 for line in err.splitlines()):
        failures.append("long-message")
    written.unlink(missing_ok=True)
    shutil.rmtree(folder, ignore_errors=True)
    return failures, label


HOSTILE_TEXTS = (
    "=1+1",
    "+1",
    "-1+1",
    "@SUM(1)",
    "\t=1+1",
    "\n=1+1",
    " =1+1",
    "\u00a0=1+1",
    "\u200b=1+1",
    "\uff1d1+1",
    "<script>alert(1)</script>",
    "a | b | c",
    "[x](javascript:alert(1))",
    "**bold** _it_ `code` # h",
    "&amp; &lt; &#x41;",
    "]]> <![CDATA[",
    "{{ x }} ${x} %s",
    "'quoted'",
)


def hostile_registry(registry: Path, work: Path, seed: int = 0) -> Path:
    """Return a copy of the registry whose cws12 actions hold hostile texts (a seed shuffles which goes where)."""
    import random
    import shutil

    from ruamel.yaml import YAML

    copy = work / f"hostile-registry-{seed}"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(registry, copy)
    yaml = YAML()
    path = copy / "cws12.yaml"
    data = yaml.load(path.read_text(encoding="utf-8"))
    texts = list(HOSTILE_TEXTS)
    random.Random(seed).shuffle(texts)
    actions = [action for rec in data["recommendations"] for action in rec.get("actions", [])]
    for action, text in zip(actions, texts):
        action["text"] = text
    with path.open("w", encoding="utf-8") as stream:
        yaml.dump(data, stream)
    return copy


def hostile_export_failures(registry: Path, work: Path, seed: int = 0) -> list[str]:
    """Export an edition of hostile texts in every format, and diff it; check what each output lets through.

    Classes: ``live-formula`` (a CSV cell a spreadsheet would run, or a workbook cell that
    is a formula), ``markup`` (a raw ``<script>`` in HTML or Markdown), besides the output
    contract.
    """
    import csv
    import io

    from openpyxl import load_workbook

    from recreg.render import formats_for

    hostile = hostile_registry(registry, work, seed)
    folder = work / f"hostile-export-{seed}"
    folder.mkdir(exist_ok=True)
    failures = []
    runs = [
        (name, ("export", "cws12", "--format", name, "-o", folder / f"export.{name}")) for name in formats_for("export")
    ]
    runs += [(name, ("show", "cws12", "--format", name)) for name in formats_for("edition", binary=False)]
    runs += [
        (name, ("diff", "cws11", "cws12", "--format", name, "-o", folder / f"diff.{name}"))
        for name in formats_for("diff")
    ]
    for name, argv in runs:
        target = folder / f"{argv[0]}.{name}"
        code, out, err = cli("--registry", hostile, *argv)
        if argv[0] == "show":
            target.write_text(out, encoding="utf-8")
        failures += outcome_failures(code, out, err)
        if code != 0:
            failures.append("refused-hostile-text")
            continue
        if name == "csv":
            for row in csv.reader(io.StringIO(target.read_text(encoding="utf-8"))):
                if any(
                    cell and cell[:1] in "=+-@\t\r\n" or cell.lstrip()[:1] in ("=", "+", "-", "@", "\uff1d")
                    for cell in row
                ):
                    failures.append("live-formula")
        if name == "xlsx":
            workbook = load_workbook(target)  # not read-only: formulas stay formulas (data type "f")
            if any(cell.data_type == "f" for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row):
                failures.append("live-formula")
        if name in ("html", "markdown") and "<script>" in target.read_text(encoding="utf-8"):
            failures.append("markup")
    return failures
