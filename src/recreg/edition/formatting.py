"""Canonical formatting of registry files, keeping comments, key order and quoting style.

The canonical form is what ruamel.yaml's round-trip dumper writes with these settings:
two-space indentation for mappings, list dashes indented two spaces under their key,
no line wrapping (a recommendation text stays on one line, so a word diff in git stays
readable), ``null`` written out, one newline at the end. Comments, blank lines between entries, key order and
each scalar's quoting style are kept as the editor wrote them.
"""

from __future__ import annotations

import io

from ..errors import InvalidInput, Problem
from .load import parse_yaml


def round_trip_yaml():
    """Return ruamel.yaml's round-trip loader and dumper set up for the canonical form."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 1_000_000  # never fold long texts
    # An explicit null says "missing on purpose"; an empty value looks like an oversight.
    yaml.representer.add_representer(type(None), lambda rep, _: rep.represent_scalar("tag:yaml.org,2002:null", "null"))
    return yaml


class NotRecregFile(InvalidInput):
    """A YAML file that is not an edition, history, survey or comment set: not recreg's to rewrite."""


def format_text(text: str, file: str, owned_only: bool = False) -> str:
    """Return the canonical form of a registry file's text.

    Args:
        text: the file's text.
        file: its name, for errors.
        owned_only: refuse a text that is not an edition, history, survey or comment set (what
            ``recreg fmt`` may rewrite): a workflow file or a user's own YAML is not recreg's.

    Returns:
        The formatted text (equal to `text` when it is already canonical).

    Raises:
        InvalidInput: the text is not YAML recreg reads, is not recreg's (with
            `owned_only`), or formatting would change its data (then nothing is written:
            the user's text is never altered in meaning).
    """
    data = parse_yaml(text, file)
    if owned_only and not _owned(data):
        raise NotRecregFile(
            Problem(
                "not an edition, history, survey or comment file; recreg fmt formats only those, and left it as it is",
                file=file,
                expected="a mapping with id and recommendations, events, responses, or commenters",
            )
        )
    from ruamel.yaml.error import YAMLError

    yaml = round_trip_yaml()
    out = io.StringIO()
    # Line ends become LF throughout: ruamel.yaml keeps a comment's CR, so a CRLF file would
    # come out half converted (and then pass --check as it is).
    try:
        yaml.dump(yaml.load(text.replace("\r\n", "\n")), out)
    except YAMLError as exc:
        # The layout-keeping parser is stricter than the one that read the data (a tab inside
        # a plain text, which libyaml reads): refuse, rather than fail or lose the layout.
        mark = getattr(exc, "problem_mark", None)
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InvalidInput(
            Problem(
                f"cannot be laid out as written ({reason}); left as it is",
                file=file,
                line=mark.line + 1 if mark else None,
                column=mark.column + 1 if mark else None,
                expected="a space instead of the tab, or the text in quotes" if "\\t" in reason else None,
            )
        ) from None
    formatted = out.getvalue().rstrip("\n") + "\n"
    if parse_yaml(formatted, file) != data:
        raise InvalidInput(Problem("formatting would change the data; left as it is", file=file))
    return formatted


def _owned(data) -> bool:
    """Tell whether parsed data is an edition, a history, a survey or a comment set, by its top-level keys."""
    if not isinstance(data, dict):
        return False
    return {"id", "recommendations"} <= data.keys() or "events" in data or "responses" in data or "commenters" in data
