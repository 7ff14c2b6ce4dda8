"""Load: read an edition file into plain data, with source positions for errors.

Reading builds the data straight from libyaml's parse events (`read_events`): no node
tree, no generic constructor, 2.4 times faster than ruamel's C-based safe loader and
several times faster than its pure-Python round-trip loader. Positions are needed only to
report a problem, so the node tree that holds them is composed only then (`locate`), by
the same parser, so that whatever it accepted can be located. This module is the one
place that reads YAML for recreg; the round-trip loader of `recreg.edition.formatting` rewrites.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from ..conflicts import refuse_conflict_markers
from ..errors import InvalidInput, Problem
from ..limits import BYTES, DEPTH, limit  # noqa: F401 - limit is part of this module's surface

MAX_DEPTH_VARIABLE, DEFAULT_MAX_DEPTH = DEPTH.variable, DEPTH.default
MAX_BYTES_VARIABLE, DEFAULT_MAX_BYTES = BYTES.variable, BYTES.default


def read_text(path: Path) -> str:
    """Read a file as UTF-8, refusing other encodings with the position of the first bad byte.

    Raises:
        InvalidInput: the file cannot be read, is larger than the size limit, or is not UTF-8.
    """
    try:
        with open(path, "rb") as stream:
            # Never read more than the limit allows: a 2 GB file is refused after its first 32 MB.
            maximum = limit(MAX_BYTES_VARIABLE, DEFAULT_MAX_BYTES)
            raw = stream.read(maximum + 1)
    except IsADirectoryError:
        raise InvalidInput(Problem("is a directory, not an edition file", file=str(path))) from None
    except OSError as exc:
        raise InvalidInput(Problem(f"cannot read file: {exc.strerror or exc}", file=str(path))) from None
    return decode_text(raw, str(path))


def decode_text(raw: bytes, file: str) -> str:
    """Decode UTF-8 (a leading BOM allowed), refusing other encodings with the first bad byte's position.

    Args:
        raw: the bytes, from a file or a git revision.
        file: what to name in an error (a path, or ``cws12@HEAD~1``).

    Raises:
        InvalidInput: the bytes are more than the size limit (``$RECREG_MAX_BYTES``) or not UTF-8.
    """
    maximum = limit(MAX_BYTES_VARIABLE, DEFAULT_MAX_BYTES)
    if len(raw) > maximum:
        line, column = line_column(raw[:maximum].decode("utf-8-sig", errors="replace"))
        raise InvalidInput(
            Problem(
                f"file larger than the limit of {maximum:,} bytes",
                file=file,
                line=line,
                column=column,
                expected=f"a smaller file, or a higher limit in ${MAX_BYTES_VARIABLE}",
            )
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # Everything before the bad byte decodes; counting in characters gives the column an editor shows.
        line, column = line_column(raw[: exc.start].decode("utf-8-sig"))
        raise InvalidInput(
            Problem(
                f"not UTF-8: byte 0x{raw[exc.start]:02x} cannot be decoded",
                file=file,
                line=line,
                column=column,
                expected="a UTF-8 text file",
            )
        ) from None


def file_kind(path: Path, kinds: dict[str, tuple[str, str]]) -> str | None:
    """Tell which kind of YAML file a path holds, reading it once: by its folder, else a top-level key.

    Args:
        path: the file.
        kinds: kind -> (the folder name that holds only files of the kind, a key only that
            kind has at the top level): ``{"history": ("history", "events"), ...}``.

    Returns:
        The kind, or None for any other file (an edition), an unreadable one included: the
        edition checks then report it.
    """
    path = Path(path)
    for kind, (folder, _) in kinds.items():
        if path.parent.name == folder:
            return kind
    try:
        # A look at the text rather than a parse: every edition file passes through here,
        # and its check parses it anyway (block style, as recreg fmt writes it). No more
        # than the size limit is read: a larger file is refused by its check.
        with open(path, "rb") as stream:
            raw = stream.read(limit(MAX_BYTES_VARIABLE, DEFAULT_MAX_BYTES) + 1)
    except OSError:
        return None
    keys = {key: kind for kind, (_, key) in kinds.items()}
    found = re.search(
        rf"^({'|'.join(map(re.escape, keys))})\s*:", raw.decode("utf-8-sig", errors="replace"), re.MULTILINE
    )
    return keys[found.group(1)] if found else None


def line_column(text: str, index: int | None = None) -> tuple[int, int]:
    """Return the 1-based line and column of a character index (default: the end of the text)."""
    index = len(text) if index is None else min(index, len(text))
    start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - start + 1


@lru_cache(maxsize=1)
def _safe_yaml():
    """Return a YAML loader on libyaml that refuses aliases and resolves plain scalars once per document."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=False)
    yaml.Constructor = _no_alias_constructor()
    yaml.Resolver = _one_version_resolver()
    return yaml


@cache
def _no_alias_constructor() -> type:
    """Return ruamel's safe constructor, refusing aliases and locating every value it cannot convert."""
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

    return NoAliasConstructor


@cache
def _one_version_resolver() -> type:
    """Return ruamel's resolver, fetching one YAML version's rules once per document."""
    from ruamel.yaml.nodes import ScalarNode
    from ruamel.yaml.resolver import VersionedResolver

    class OneVersionResolver(VersionedResolver):
        """Resolve plain scalars with the rules of one YAML version per document.

        ruamel looks the version up again for every scalar, through failing attribute
        lookups; a document has one version, so the rules are fetched once per load
        (a resolver is made for each load). This halves the time to read a large file.
        """

        @property
        def versioned_resolver(self):
            rules = self.__dict__.get("_rules")
            if rules is None:
                rules = self.__dict__["_rules"] = VersionedResolver.versioned_resolver.fget(self)
            return rules

        def resolve(self, kind, value, implicit):
            # Called for every scalar: a quoted one is a string without looking further, and
            # a plain one (a key such as "text", a label such as "a") is resolved once per
            # document, not once per occurrence.
            if kind is not ScalarNode:
                return super().resolve(kind, value, implicit)
            if not implicit[0]:
                return self.DEFAULT_SCALAR_TAG
            known = self.__dict__.setdefault("_plain", {})
            tag = known.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(known) < 65536:
                    known[value] = tag
            return tag

    return OneVersionResolver


def parse_yaml(text: str, file: str, strings: bool = False) -> Any:
    """Parse YAML text into plain data, turning every YAML error into one located `Problem`.

    With `strings`, every untagged scalar is read as the text it is written as (see `read_events`).

    Raises:
        InvalidInput: merge-conflict markers (`recreg.conflicts`: before parsing, as the markers may
            fall inside a quoted text that spans lines and parse), syntax error, duplicate key, alias,
            unknown tag, a value its type refuses (2024-02-30, an integer past 64 bits), or an empty document.
    """
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.reader import ReaderError

    refuse_conflict_markers(text, file)
    try:
        check_depth(text, file)
        data = read_events(text, strings)
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
        message = _yaml_message(exc, text)
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        since = exc.context_mark.line + 1 if exc.context_mark else 1
        opened = _unclosed_quote(text, line, since) if line else None
        if opened:
            # The parser read the rest of the file as the quoted text and gave up far below:
            # the fix is where the quote was opened.
            message = f"YAML syntax error: a quoted text opened here is not closed on its line (the parser stopped at line {line})"
            line, column = opened
        raise InvalidInput(Problem(message, file=file, line=line, column=column)) from None
    except YAMLError as exc:
        raise InvalidInput(Problem(f"YAML error: {str(exc).splitlines()[0]}", file=file)) from None
    except RecursionError:
        raise InvalidInput(Problem("YAML nesting is too deep", file=file)) from None
    if data is None:
        raise InvalidInput(Problem("empty file: no YAML document", file=file, line=1, column=1, expected="an edition"))
    return data


_FLOW_OPEN = re.compile(r"[\[{]")
_LINE_START = re.compile(r"(?m)^[ ]*(?:[-?:](?:[ ]+|$))*")


def check_depth(text: str, file: str) -> None:
    """Refuse a document nested deeper than the limit, before any recursive code sees it.

    The YAML composer recurses once per level (in C, so a document nested 100,000 deep
    crashes the process), and so do schema validation and every walk of the data. A cheap
    upper bound on the depth comes first: every flow bracket in the text, plus the deepest
    indentation with the block indicators (``- ``, ``? ``, ``: ``) that open its line, twice
    over (a sequence may stand at its parent key's indentation).
    Only a text whose bound passes the limit is scanned exactly, by libyaml's parser
    (which keeps its own stack and never recurses), and refused at the first node too deep.

    Raises:
        InvalidInput: nesting deeper than ``$RECREG_MAX_DEPTH`` (default 64), located.
    """
    maximum = limit(MAX_DEPTH_VARIABLE, DEFAULT_MAX_DEPTH)
    opens = len(_FLOW_OPEN.findall(text))
    if opens < maximum:
        block = 2 * (max(map(len, _LINE_START.findall(text)), default=0) + 1)
        if opens + block < maximum:
            return
    _scan_depth(text, file, maximum)


def _scan_depth(text: str, file: str, maximum: int) -> None:
    from ruamel.yaml.error import YAMLError

    try:
        from _ruamel_yaml import CParser
    except ImportError:  # pragma: no cover - ruamel.yaml.clib is a dependency
        from ruamel.yaml.parser import Parser as CParser  # noqa: N813
    parser = CParser(text)
    depth = 0
    try:
        while True:
            event = parser.get_event()
            name = type(event).__name__
            if name in ("MappingStartEvent", "SequenceStartEvent"):
                depth += 1
                if depth > maximum:
                    mark = event.start_mark
                    raise InvalidInput(
                        Problem(
                            f"nested more than {maximum} levels deep",
                            file=file,
                            line=mark.line + 1,
                            column=mark.column + 1,
                            expected=f"a flatter document, or a higher limit in ${MAX_DEPTH_VARIABLE}",
                        )
                    )
            elif name in ("MappingEndEvent", "SequenceEndEvent"):
                depth -= 1
            elif name == "StreamEndEvent" or event is None:
                return
    except YAMLError:
        return  # a syntax error: the loader reports it, located, and nothing deeper was composed
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose:
            dispose()


_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"


def read_events(text: str, strings: bool = False) -> Any:
    """Build a document's plain data straight from libyaml's parse events.

    ruamel's loader first composes a tree of node objects, then constructs the data from
    it, both at a cost per node; an edition is almost all strings, mappings and
    sequences, so they are built here from the events as they come, and only the other
    scalars (numbers, dates, booleans, null) and unknown tags go through ruamel's safe
    constructor, which converts or refuses them. Plain scalars are resolved by the same
    resolver (YAML 1.2). An alias is refused, at the anchor it refers to (so an alias
    bomb is never expanded), as is a key met twice in one mapping, with where it first
    stood, and a collection tagged with anything but a mapping or a sequence.

    Args:
        text: the document.
        strings: read every scalar as the text it is written as (``5.0``, ``2024-02-13``, ``yes``
            stay strings), for formats whose every value is a string (OSCAL).

    Returns:
        The data, or None for a document with no content.

    Raises:
        MarkedYAMLError: a syntax error, several documents, an alias, a duplicate or
            unhashable key, an unknown tag, a value its tag refuses.
    """
    from ruamel.yaml.composer import ComposerError
    from ruamel.yaml.events import DocumentStartEvent, StreamEndEvent

    loader, _ = _safe_yaml().get_constructor_parser(text)
    builder = _EventBuilder(loader, strings)
    try:
        loader.get_event()  # the stream's start
        start = loader.get_event()
        if type(start) is StreamEndEvent:
            return None
        data = builder.build(loader.get_event())
        loader.get_event()  # the document's end
        following = loader.get_event()
        if type(following) is DocumentStartEvent:
            raise ComposerError(
                "expected a single document in the stream",
                start.start_mark,
                "but found another document",
                following.start_mark,
            )
        return data
    finally:
        dispose = getattr(loader, "dispose", None)
        if dispose:
            dispose()


class _EventBuilder:
    """Build plain data from a loader's parse events (see `read_events`)."""

    def __init__(self, loader, strings: bool = False):
        from ruamel.yaml import events
        from ruamel.yaml.composer import ComposerError
        from ruamel.yaml.constructor import ConstructorError
        from ruamel.yaml.nodes import ScalarNode

        self.loader = loader
        self.strings = strings  # every untagged scalar as its text (see `read_events`)
        self.next_event = loader.get_event
        self.anchors: dict = {}
        self.events = events
        self.scalar_node = ScalarNode
        self.refused, self.unexpected = ConstructorError, ComposerError

    def build(self, event) -> Any:
        """Return the data of the node that starts with `event`, reading the events of its content."""
        kind, events = type(event), self.events
        if event.anchor is not None and kind is not events.AliasEvent:
            self.anchors[event.anchor] = event.start_mark
        if kind is events.ScalarEvent:
            return self.scalar(event)
        if kind is events.SequenceStartEvent:
            self.check_tag(event, _SEQ)
            items = []
            while type(item := self.next_event()) is not events.SequenceEndEvent:
                items.append(self.build(item))
            return items
        if kind is events.MappingStartEvent:
            self.check_tag(event, _MAP)
            return self.mapping(event)
        if kind is events.AliasEvent:
            # Reported at the anchor, the node every alias of a bomb goes back to.
            raise self.refused(
                None,
                None,
                "anchors and aliases (&name, *name) are not allowed",
                self.anchors.get(event.anchor, event.start_mark),
            )
        raise self.unexpected(None, None, f"unexpected {kind.__name__}", event.start_mark)  # pragma: no cover

    def scalar(self, event) -> Any:
        """Return a scalar: strings as they are, anything else as ruamel's safe constructor makes (or refuses) it."""
        tag = event.tag
        if self.strings and tag in (None, "!", _STR):
            return event.value
        if tag is None or tag == "!":
            tag = self.loader.resolve(self.scalar_node, event.value, event.implicit)
            tag = tag if isinstance(tag, str) else str(tag)
        if tag == _STR:
            return event.value
        node = self.scalar_node(tag, event.value, event.start_mark, event.end_mark, event.style)
        return self.loader.construct_object(node, deep=True)

    def mapping(self, event) -> dict:
        """Return a mapping, refusing a key met twice (naming where it first stood) and an unhashable one."""
        found: dict = {}
        first: dict = {}
        end = self.events.MappingEndEvent
        while type(key_event := self.next_event()) is not end:
            key = self.build(key_event)
            try:
                duplicate = key in found
            except TypeError:
                raise self.refused(
                    "while constructing a mapping", event.start_mark, "found unhashable key", key_event.start_mark
                ) from None
            if duplicate:
                raise self.refused(
                    None, None, f'duplicate key "{key}" (first at line {first[key] + 1})', key_event.start_mark
                )
            first[key] = key_event.start_mark.line
            found[key] = self.build(self.next_event())
        return found

    def check_tag(self, event, standard: str) -> None:
        """Refuse a collection tagged with anything but its standard tag."""
        if event.tag not in (None, "!", standard):
            raise self.refused(
                None, None, f"could not determine a constructor for the tag {event.tag!r}", event.start_mark
            )


_QUOTED_VALUE = re.compile(r"""^\s*(?:-\s+)?(?:[^\s#'"][^#'"]*?:\s+)?(["'])""")


def _unclosed_quote(text: str, error_line: int, since: int = 1) -> tuple[int, int] | None:
    """Find the quote a syntax error most likely comes from: a value's opening quote with no closing one on its line.

    Returns:
        The 1-based line and column of the first such quote from line `since` (where the
        parser's context began) to the line before `error_line`, or None.
    """
    lines = text.splitlines()[: error_line - 1]
    for number, line in enumerate(lines[since - 1 :], start=since):
        found = _QUOTED_VALUE.match(line)
        if not found:
            continue
        quote, rest = found.group(1), line[found.end() :]
        if quote == '"':
            closed = re.search(r'(?<!\\)(?:\\\\)*"', rest) is not None
        else:
            closed = "'" in rest.replace("''", "")
        if not closed:
            return number, found.end()
    return None


def _yaml_message(exc, text: str) -> str:
    """Condense ruamel's multi-line message to one sentence."""
    from ruamel.yaml.constructor import ConstructorError, DuplicateKeyError

    problem = str(exc.problem or "")
    if problem.startswith("duplicate key"):
        return problem  # from `construct`, which knows where the key first stood
    if isinstance(exc, DuplicateKeyError):
        # ruamel words it 'found duplicate key "a" with value ... (original value: ...)'.
        return problem.split(" with value")[0].replace("found duplicate", "duplicate")
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
    from ruamel.yaml.nodes import MappingNode, SequenceNode

    node = _composed(text)
    if node is None:
        return None, None
    mark = node.start_mark
    for depth, key in enumerate(key_path):
        if isinstance(node, SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
            node = node.value[key]
            mark = node.start_mark
        elif isinstance(node, MappingNode):
            # Keys are compared as written: a key of the path is a string (or a number) the parser read.
            pair = next(((k, v) for k, v in node.value if isinstance(k.value, str) and k.value == str(key)), None)
            if pair is None:
                break
            node = pair[1]
            mark = pair[0].start_mark if (at_key and depth == len(key_path) - 1) else node.start_mark
        else:
            break
    return mark.line + 1, mark.column + 1


def locate_in_text(text: str, key_path: Sequence[str | int], needle: str) -> tuple[int | None, int | None]:
    """Find where a word stands inside the scalar at a key path (``IP Offices`` in a statement).

    The scalar is located as `locate` does; the word is then looked for in the file's own
    characters from there, so the column is the one an editor's cursor goes to, whatever
    quoting the scalar uses. Where the word cannot be found as written (an escape sequence
    inside it), the scalar's own position is returned.
    """
    line, column = locate(text, key_path)
    if line is None:
        return line, column
    lines = text.split("\n")
    start = sum(len(part) + 1 for part in lines[: line - 1]) + (column or 1) - 1
    found = text.find(needle, start)
    # Only within the scalar: a long text stays on its line, a folded one on the next few.
    if found < 0 or text.count("\n", start, found) > 3:
        return line, column
    return line_column(text, found)


@lru_cache(maxsize=4)
def _composed(text: str) -> Any:
    """Compose a document's node tree once: a file with many problems locates each in the same tree."""
    try:
        return _safe_yaml().compose(text)
    except Exception:  # the parse succeeded before; a failure here only costs the position
        return None


def format_key_path(key_path: Sequence[str | int]) -> str:
    """Render a key path as ``recommendations[2].actions[0].text``."""
    text = ""
    for key in key_path:
        text += f"[{key}]" if isinstance(key, int) else (f".{key}" if text else str(key))
    return text
