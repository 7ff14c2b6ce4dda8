"""Canonical formatting of registry files, keeping comments, key order and quoting style.

The canonical form is what ruamel.yaml's round-trip dumper writes with these settings:
two-space indentation for mappings, list dashes indented two spaces under their key,
no line wrapping (a recommendation text stays on one line, so a word diff in git stays
readable), ``null`` written out, one newline at the end. Comments, blank lines between entries, key order and
each scalar's quoting style are kept as the editor wrote them.
"""

from __future__ import annotations

import io

from .errors import InvalidInput, Problem
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


def format_text(text: str, file: str) -> str:
    """Return the canonical form of a registry file's text.

    Args:
        text: the file's text.
        file: its name, for errors.

    Returns:
        The formatted text (equal to `text` when it is already canonical).

    Raises:
        InvalidInput: the text is not YAML recreg reads, or formatting would change its
            data (then nothing is written: the user's text is never altered in meaning).
    """
    data = parse_yaml(text, file)
    yaml = round_trip_yaml()
    out = io.StringIO()
    yaml.dump(yaml.load(text), out)
    formatted = out.getvalue().rstrip("\n") + "\n"
    if parse_yaml(formatted, file) != data:
        raise InvalidInput(Problem("formatting would change the data; left as it is", file=file))
    return formatted
