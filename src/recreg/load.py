"""Load: read an edition file into plain data, with source positions for errors.

Reading uses ruamel.yaml's C-accelerated safe loader (libyaml), which is several times
faster than the pure-Python round-trip loader. Positions are needed only to report a
problem, so the round-trip parse that knows them runs only then (`locate`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

from .errors import InvalidInput, Problem


def read_text(path: Path) -> str:
    """Read a file as UTF-8, refusing other encodings with the position of the first bad byte.

    Raises:
        InvalidInput: the file cannot be read or is not UTF-8.
    """
    try:
        raw = path.read_bytes()
    except IsADirectoryError:
        raise InvalidInput(Problem("is a directory, not an edition file", file=str(path))) from None
    except OSError as exc:
        raise InvalidInput(Problem(f"cannot read file: {exc.strerror or exc}", file=str(path))) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # Everything before the bad byte decodes; counting in characters gives the column an editor shows.
        line, column = line_column(raw[: exc.start].decode("utf-8-sig"))
        raise InvalidInput(
            Problem(
                f"not UTF-8: byte 0x{raw[exc.start]:02x} cannot be decoded",
                file=str(path),
                line=line,
                column=column,
                expected="a UTF-8 text file",
            )
        ) from None


def line_column(text: str, index: int | None = None) -> tuple[int, int]:
    """Return the 1-based line and column of a character index (default: the end of the text)."""
    index = len(text) if index is None else min(index, len(text))
    start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - start + 1


@lru_cache(maxsize=1)
def _safe_yaml():
    from ruamel.yaml import YAML
    from ruamel.yaml.constructor import ConstructorError, SafeConstructor

    def invalid(node) -> ConstructorError:
        tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
        value = node.value if isinstance(node.value, str) else ""
        value = value if len(value) <= 40 else value[:37] + "..."
        return ConstructorError(None, None, f"invalid {tag} value {value!r}", node.start_mark)

    class NoAliasConstructor(SafeConstructor):
        """Refuse anchors and aliases: registry files need none, and they make alias bombs possible."""

        def construct_object(self, node, deep=False):
            # An alias is the same node met a second time; refusing it here keeps a
            # "billion laughs" document from being expanded anywhere downstream.
            if node in self.constructed_objects or node in self.recursive_objects:
                raise ConstructorError(
                    None, None, "anchors and aliases (&name, *name) are not allowed", node.start_mark
                )
            try:
                data = super().construct_object(node, deep)
            except (ValueError, KeyError, TypeError, OverflowError):
                # ruamel converts scalars with int(), float() and date(), whose plain
                # exceptions (2024-02-30, !!bool maybe, 5000 digits) carry no position.
                raise invalid(node) from None
            # Python refuses to print an int of more than 4300 digits; no edition needs 64 bits.
            if type(data) is int and data.bit_length() > 64:
                raise invalid(node)
            return data

    yaml = YAML(typ="safe", pure=False)
    yaml.Constructor = NoAliasConstructor
    return yaml


def parse_yaml(text: str, file: str) -> Any:
    """Parse YAML text into plain data, turning every YAML error into one located `Problem`.

    Raises:
        InvalidInput: syntax error, duplicate key, alias, unknown tag, or an empty document.
    """
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.reader import ReaderError

    try:
        data = _safe_yaml().load(text)
    except ReaderError as exc:
        # libyaml counts the position in bytes and the pure reader in characters; the
        # first occurrence of the refused character is where the reader stopped, in both.
        index = text.find(chr(exc.character)) if isinstance(exc.character, int) else -1
        line, column = line_column(text, index) if index >= 0 else (None, None)
        code = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        raise InvalidInput(
            Problem(f"YAML error: unacceptable character {code} ({exc.reason})", file=file, line=line, column=column)
        ) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = _yaml_message(exc)
        raise InvalidInput(
            Problem(message, file=file, line=mark.line + 1 if mark else None, column=mark.column + 1 if mark else None)
        ) from None
    except YAMLError as exc:
        raise InvalidInput(Problem(f"YAML error: {str(exc).splitlines()[0]}", file=file)) from None
    except RecursionError:
        raise InvalidInput(Problem("YAML nesting is too deep", file=file)) from None
    if data is None:
        raise InvalidInput(Problem("empty file: no YAML document", file=file, line=1, column=1, expected="an edition"))
    return data


def _yaml_message(exc) -> str:
    """Condense ruamel's multi-line message to one sentence."""
    from ruamel.yaml.constructor import ConstructorError, DuplicateKeyError

    if isinstance(exc, DuplicateKeyError):
        # ruamel words it 'found duplicate key "a" with value ... (original value: ...)'.
        problem = str(exc.problem or "").split(" with value")[0]
        original = exc.context_mark
        where = f" (first at line {original.line + 1})" if original else ""
        return f"{problem.replace('found duplicate', 'duplicate')}{where}"
    context = exc.context
    start, end = exc.context_mark, exc.problem_mark
    if context and start and end and start.line != end.line:
        # The error is reported where the parser gave up; an unclosed quote or bracket
        # is fixed where it began.
        context += f" started at line {start.line + 1}, column {start.column + 1}"
    parts = [part for part in (context, exc.problem) if part]
    kind = "YAML error" if isinstance(exc, ConstructorError) else "YAML syntax error"
    return f"{kind}: " + ", ".join(parts) if parts else kind


def locate(text: str, key_path: Sequence[str | int], at_key: bool = False) -> tuple[int | None, int | None]:
    """Find the 1-based line and column of the node at a key path.

    Args:
        text: the document.
        key_path: mapping keys and list indexes from the root.
        at_key: point at the last key itself rather than at its value (for unknown keys).

    Returns:
        The position of the deepest node of the path that exists, so a missing key is
        reported at the mapping that lacks it; (None, None) when nothing can be located.
    """
    node = _round_trip(text)
    if node is None:
        return None, None
    position = (node.lc.line, node.lc.col) if hasattr(node, "lc") else (None, None)
    for depth, key in enumerate(key_path):
        last = depth == len(key_path) - 1
        if isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            position = node.lc.item(key)
        elif isinstance(node, dict) and key in node:
            position = node.lc.key(key) if (at_key and last) else node.lc.value(key)
        else:
            break
        node = node[key]
    line, column = position
    return (line + 1 if line is not None else None, column + 1 if column is not None else None)


@lru_cache(maxsize=4)
def _round_trip(text: str) -> Any:
    """Parse with positions, once per text: a file with many problems locates each in the same tree."""
    from ruamel.yaml import YAML

    try:
        return YAML(typ="rt").load(text)
    except Exception:  # the safe parse succeeded; a round-trip failure only costs the position
        return None


def format_key_path(key_path: Sequence[str | int]) -> str:
    """Render a key path as ``recommendations[2].actions[0].text``."""
    text = ""
    for key in key_path:
        text += f"[{key}]" if isinstance(key, int) else (f".{key}" if text else str(key))
    return text
